// End-to-end: `sufler script list|run` and `sufler lint` on scripts, through the program.
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

using namespace sufler::test;
namespace fs = std::filesystem;

namespace {

// Runs `sufler ARGS` with INPUT on standard input (through a file: no shell quoting issues).
CommandResult runSufler(const std::string& args, const std::string& input = {},
                        bool withStderr = true) {
    static TempDir inputs;
    static int counter = 0;
    const fs::path file = inputs.write(fmt::format("input-{}.txt", ++counter), input);
    return runCommand(fmt::format("'{}' {} < '{}'", binary("sufler").string(), args, file.string()),
                      withStderr);
}

// A copy of the demo KB to break on purpose.
fs::path copyDemo(const TempDir& dir) {
    const fs::path root = dir.path() / "kb";
    fs::copy(demoKb(), root, fs::copy_options::recursive);
    return root;
}

void replaceInFile(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = readFile(file);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

// A whole incoming call answered from the KB: every required item done, survey answered.
const char* kWholeCall = R"(t 1 2
1
v абонент=Мария Ивановна
t 1 2 3 4 5 6 7
1
t 1 2
1
t 1 2 3
1
t 1 2
1
s 1 1
s 2 2
1
t 1 2
e
)";

} // namespace

TEST_CASE("script list shows the standard scripts with their kinds") {
    const auto result = runSufler(fmt::format("script list --kb '{}'", demoKb().string()));
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("incoming") != std::string::npos);
    CHECK(result.output.find("Входящий звонок на горячую линию") != std::string::npos);
    for (const char* id : {"transfer", "deferred", "out-of-competence", "aggressive", "complaint",
                           "outgoing-specialist", "proactive-informing"}) {
        CHECK(result.output.find(id) != std::string::npos);
    }
    const auto json =
        runSufler(fmt::format("script list --json --kb '{}'", demoKb().string()), "", false);
    CHECK(json.output.find(R"("id":"incoming")") != std::string::npos);
    CHECK(json.output.find(R"("kind":"outgoing")") != std::string::npos);
}

TEST_CASE("a whole incoming call is walked in the terminal from standard input") {
    const auto result = runSufler(fmt::format("script run incoming --kb '{}' --operator Анна "
                                              "--today 2026-11-24",
                                              demoKb().string()),
                                  kWholeCall);
    INFO(result.output);
    CHECK(result.exitCode == 0);
    // The greeting names the hotline's organisation (from sufler.yaml) and the operator.
    CHECK(result.output.find("Горячая линия: Министерство труда и социальной защиты населения "
                             "Энской области. Меня зовут Анна.") != std::string::npos);
    CHECK(result.output.find("Мария Ивановна, отвечаю на Ваш вопрос.") != std::string::npos);
    CHECK(result.output.find("== Опрос о качестве [incoming#опрос-о-качестве] ==") !=
          std::string::npos);
    CHECK(result.output.find("Разговор завершён.") != std::string::npos);
    CHECK(result.output.find("Опрос: Получен ли ответ на Ваш вопрос? — да") != std::string::npos);
    CHECK(result.output.find("Опрос: Оцените качество работы консультанта — частично "
                             "удовлетворен") != std::string::npos);
    CHECK(result.output.find("Переключений: 0 из 2") != std::string::npos);
    CHECK(result.output.find("Обязательные пункты: выполнено 16 из 16 (100%)") !=
          std::string::npos);
    CHECK(result.output.find("Путь: incoming#приветствие → incoming#выяснение-потребности → "
                             "incoming#поиск-ответа → incoming#ответ → incoming#обобщение → "
                             "incoming#опрос-о-качестве → incoming#прощание") != std::string::npos);
}

TEST_CASE("input that ends before the end step fails and reports what was missed") {
    const auto result =
        runSufler(fmt::format("script run incoming --kb '{}' --operator Анна", demoKb().string()),
                  "1\nb\nt 1\n1\n");
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("разговор не завершён") != std::string::npos);
    CHECK(result.output.find("не выполнено: Приветствие — Назвать горячую линию и своё имя") !=
          std::string::npos);
    CHECK(result.output.find("не выполнено: Выяснение потребности — Внимательно выслушать") !=
          std::string::npos);
}

TEST_CASE("transfers in the terminal: two pass, the way to a third is refused") {
    TempDir dir;
    dir.write("sufler.yaml", "organization: Министерство\n");
    dir.write("scripts/loop.md", R"(---
title: Петля
kind: situational
---

## Начало

- [Перевести](#перевод)

## Перевод

[Переключить](sufler:transfer)

- [Ещё раз](#перевод)
- [Закончить](#конец)

## Конец

> Спасибо!

[Завершить](sufler:end)
)");
    const auto result =
        runSufler(fmt::format("script run loop --kb '{}'", dir.path().string()), "1\n1\n1\n2\ne\n");
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(count(result.output, "== Перевод [loop#перевод] ==") == 2);
    CHECK(result.output.find("Нельзя: за звонок допускается не больше 2 переключений") !=
          std::string::npos);
    CHECK(result.output.find("(недоступно: лимит переключений)") != std::string::npos);
    CHECK(result.output.find("Переключений: 2 из 2") != std::string::npos);
}

TEST_CASE("a run with a state file resumes where the input stopped") {
    TempDir dir;
    const fs::path state = dir.path() / "run.json";
    const std::string args = fmt::format("script run incoming --kb '{}' --operator Анна "
                                         "--state '{}'",
                                         demoKb().string(), state.string());
    const auto first = runSufler(args, "t 1 2\n1\nv абонент=Мария Ивановна\n");
    CHECK(first.exitCode == 1);
    REQUIRE(fs::exists(state));
    CHECK(readFile(state).find("incoming#выяснение-потребности") != std::string::npos);

    const auto second = runSufler(args, "1\n1\nt 1 2 3\n1\n1\n1\ne\n");
    INFO(second.output);
    CHECK(second.exitCode == 0);
    CHECK(second.output.find("Продолжаем с шага «Выяснение потребности»") != std::string::npos);
    CHECK(second.output.find("Мария Ивановна, отвечаю на Ваш вопрос.") != std::string::npos);
    // The greeting's marks from the first part survive the restart.
    CHECK(second.output.find("не выполнено: Приветствие") == std::string::npos);
    CHECK_FALSE(fs::exists(state)); // a finished run leaves nothing to resume
}

TEST_CASE("script run refuses an unknown script and a bad placeholder with one line") {
    const auto unknown =
        runSufler(fmt::format("script run nosuch --kb '{}'", demoKb().string()), "");
    CHECK(unknown.exitCode != 0);
    CHECK(unknown.output.find("нет сценария «nosuch»") != std::string::npos);
    const auto bad = runSufler(
        fmt::format("script run incoming --kb '{}' --set цвет=синий", demoKb().string()), "");
    CHECK(bad.exitCode != 0);
    CHECK(bad.output.find("{цвет}") != std::string::npos);
}

TEST_CASE("sufler lint passes the standard scripts") {
    const auto result = runSufler(fmt::format("lint --kb '{}'", demoKb().string()));
    INFO(result.output);
    // all of them were read: as many as the demo's scripts/ has files
    int files = 0;
    for (const auto& file : fs::directory_iterator(demoKb() / "scripts"))
        files += file.path().extension() == ".md" ? 1 : 0;
    CHECK(files >= 9);
    CHECK(result.output.find(fmt::format("сценариев {}", files)) != std::string::npos);
    CHECK(result.output.find("scripts/") == std::string::npos);
}

TEST_CASE("sufler lint fails a missing survey question with file and line") {
    TempDir dir;
    const fs::path root = copyDemo(dir);
    replaceInFile(root / "scripts/incoming.md", "> Оцените качество работы консультанта\n",
                  "> Довольны ли Вы?\n");
    const auto result = runSufler(fmt::format("lint --kb '{}'", root.string()));
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("scripts/incoming.md:102: error: в завершении разговора нет "
                             "вопроса «Оцените качество работы консультанта»") !=
          std::string::npos);
}

TEST_CASE("sufler lint fails a third transfer with file and line") {
    TempDir dir;
    const fs::path root = copyDemo(dir);
    replaceInFile(root / "scripts/incoming.md",
                  "- [У абонента ещё вопрос](#дополнительный-вопрос)\n",
                  "- [У абонента ещё вопрос](#дополнительный-вопрос)\n"
                  "- [Нужен ещё специалист](transfer.md)\n");
    const auto result = runSufler(fmt::format("lint --kb '{}'", root.string()));
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find(": error: ссылка «") != std::string::npos);
    CHECK(result.output.find("третье переключение") != std::string::npos);
}
