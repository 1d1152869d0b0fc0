// Each rule of script validation on a script broken on purpose: right file, right line.
#include "sufler/scripts/lint.h"
#include "sufler/scripts/script.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

using namespace sufler;

namespace {

const std::string kIncoming = R"(---
title: Входящий
kind: incoming
start: приветствие
---

## Приветствие

> Здравствуйте! Горячая линия {организация}, меня зовут {оператор}.

- [Дальше](#ответ)

## Ответ

- [ ] Ответить

- [Итог](#итог)
- [Перевести](transfer.md)

## Итог

> Получен ли ответ на Ваш вопрос?

- [да](sufler:survey)
- [нет](sufler:survey)

> Оцените качество работы консультанта

- [удовлетворен](sufler:survey)
- [частично удовлетворен](sufler:survey)
- [не удовлетворен](sufler:survey)

- [Прощание](#прощание)

## Прощание

> Спасибо за обращение! До свидания.

[Завершить](sufler:end)
)";

const std::string kTransfer = R"(---
title: Перевод
kind: situational
---

## Первый перевод

[Переключить](sufler:transfer)

- [Вернулся](incoming.md#итог)
- [Нужен другой](#второй-перевод)

## Второй перевод

[Переключить](sufler:transfer)

- [Вернулся](incoming.md#итог)
)";

kb::KnowledgeBase makeKb(std::string incoming, std::string transfer = kTransfer) {
    kb::KnowledgeBase kb;
    kb.profile.organization = "Министерство труда и социальной защиты населения Энской области";
    kb.scripts = {{"scripts/incoming.md", std::move(incoming)},
                  {"scripts/transfer.md", std::move(transfer)}};
    return kb;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

std::string dump(const Diagnostics& diagnostics) {
    std::ostringstream out;
    for (const auto& d : diagnostics) {
        out << d.format() << "\n";
    }
    return out.str();
}

bool has(const Diagnostics& diagnostics, const std::string& path, int line,
         const std::string& fragment, Severity severity = Severity::Error) {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
        return d.path == path && d.line == line && d.severity == severity &&
               d.message.find(fragment) != std::string::npos;
    });
}

} // namespace

TEST_CASE("a correct incoming script and its transfer script pass") {
    const auto diagnostics = scripts::lintScripts(makeKb(kIncoming));
    INFO(dump(diagnostics));
    CHECK(diagnostics.empty());
}

TEST_CASE("a KB without scripts has nothing to report") {
    CHECK(scripts::lintScripts(kb::KnowledgeBase{}).empty());
}

TEST_CASE("a missing survey question fails on the survey step") {
    const std::string broken = replaced(kIncoming,
                                        "> Оцените качество работы консультанта\n\n"
                                        "- [удовлетворен](sufler:survey)\n"
                                        "- [частично удовлетворен](sufler:survey)\n"
                                        "- [не удовлетворен](sufler:survey)\n\n",
                                        "");
    const auto diagnostics = scripts::lintScripts(makeKb(broken));
    INFO(dump(diagnostics));
    CHECK(has(diagnostics, "scripts/incoming.md", 22, "Оцените качество работы консультанта"));
    CHECK(hasErrors(diagnostics));
}

TEST_CASE("survey answers must be exactly the regulation's") {
    const std::string broken =
        replaced(kIncoming, "- [частично удовлетворен](sufler:survey)\n", "");
    const auto diagnostics = scripts::lintScripts(makeKb(broken));
    INFO(dump(diagnostics));
    CHECK(has(diagnostics, "scripts/incoming.md", 27, "«частично удовлетворен»"));

    const std::string reworded =
        replaced(kIncoming, "[нет](sufler:survey)", "[не совсем](sufler:survey)");
    CHECK(has(scripts::lintScripts(makeKb(reworded)), "scripts/incoming.md", 22, "«да» / «нет»"));
}

TEST_CASE("a third transfer on some path fails at the link that leads to it") {
    const std::string third =
        replaced(kTransfer, "## Второй перевод\n\n[Переключить](sufler:transfer)\n\n",
                 "## Второй перевод\n\n[Переключить](sufler:transfer)\n\n"
                 "- [Ещё один](#первый-перевод)\n");
    const auto diagnostics = scripts::lintScripts(makeKb(kIncoming, third));
    INFO(dump(diagnostics));
    CHECK(has(diagnostics, "scripts/transfer.md", 17, "третье переключение"));
}

TEST_CASE("a third transfer through a return to the incoming script is found too") {
    // After the call comes back, the summary offers a transfer again: 2 + 1 on one path.
    const std::string again = replaced(kIncoming, "- [Прощание](#прощание)\n",
                                       "- [Прощание](#прощание)\n"
                                       "- [Снова перевести](transfer.md)\n");
    const auto diagnostics = scripts::lintScripts(makeKb(again));
    INFO(dump(diagnostics));
    // The shortest such path: first transfer, back to the summary, again, then the second.
    const auto third = std::find_if(diagnostics.begin(), diagnostics.end(), [](const auto& d) {
        return d.message.find("третье переключение") != std::string::npos;
    });
    REQUIRE(third != diagnostics.end());
    CHECK(third->path == "scripts/transfer.md");
    CHECK(third->line == 11);
    CHECK(third->message.find("incoming#итог → transfer#первый-перевод") != std::string::npos);
}

TEST_CASE("the greeting must name the organisation and the operator") {
    const std::string noOrg = replaced(kIncoming, "Горячая линия {организация}, ", "");
    const auto diagnostics = scripts::lintScripts(makeKb(noOrg));
    INFO(dump(diagnostics));
    CHECK(has(diagnostics, "scripts/incoming.md", 7, "{организация}"));

    const std::string named = replaced(kIncoming, "{организация}",
                                       "Министерство труда и социальной защиты населения "
                                       "Энской области");
    CHECK_FALSE(
        has(scripts::lintScripts(makeKb(named)), "scripts/incoming.md", 7, "{организация}"));

    const std::string noOperator = replaced(kIncoming, "меня зовут {оператор}", "слушаю");
    CHECK(has(scripts::lintScripts(makeKb(noOperator)), "scripts/incoming.md", 7, "{оператор}"));
}

TEST_CASE("an end step of an incoming call must thank the caller") {
    const std::string rude = replaced(kIncoming, "> Спасибо за обращение! До свидания.", "> Всё.");
    const auto diagnostics = scripts::lintScripts(makeKb(rude));
    INFO(dump(diagnostics));
    CHECK(has(diagnostics, "scripts/incoming.md", 35, "благодарности"));
}

TEST_CASE("unreachable steps and dead ends are errors on their heading") {
    const std::string extra = kIncoming + "\n## Забытый шаг\n\n[Завершить](sufler:end)\n";
    const auto unreachable = scripts::lintScripts(makeKb(extra));
    INFO(dump(unreachable));
    CHECK(has(unreachable, "scripts/incoming.md", 41, "недостижим"));

    const std::string deadEnd = replaced(kIncoming, "- [Итог](#итог)\n", "");
    const std::string noWay = replaced(deadEnd, "- [Перевести](transfer.md)\n", "");
    const auto stuck = scripts::lintScripts(makeKb(noWay));
    INFO(dump(stuck));
    CHECK(has(stuck, "scripts/incoming.md", 13, "нет пути дальше"));
}

TEST_CASE("links to missing steps and scripts, unknown placeholders and actions reach lint") {
    std::string broken = replaced(kIncoming, "- [Итог](#итог)", "- [Итог](#итоги)");
    broken = replaced(broken, "- [Перевести](transfer.md)", "- [Перевести](transfers.md)");
    broken =
        replaced(broken, "- [ ] Ответить", "- [ ] Ответить {клиенту} и [звякнуть](sufler:call)");
    const auto diagnostics = scripts::lintScripts(makeKb(broken));
    INFO(dump(diagnostics));
    CHECK(has(diagnostics, "scripts/incoming.md", 17, "#итоги"));
    CHECK(has(diagnostics, "scripts/incoming.md", 18, "transfers.md"));
    CHECK(has(diagnostics, "scripts/incoming.md", 15, "{клиенту}"));
    CHECK(has(diagnostics, "scripts/incoming.md", 15, "sufler:call"));
    // Diagnostics come sorted by file and line.
    CHECK(std::is_sorted(diagnostics.begin(), diagnostics.end(),
                         [](const Diagnostic& a, const Diagnostic& b) {
                             return std::tie(a.path, a.line) < std::tie(b.path, b.line);
                         }));
}

TEST_CASE("an end reached without the survey is a warning") {
    const std::string shortcut =
        replaced(kIncoming, "- [Дальше](#ответ)\n",
                 "- [Дальше](#ответ)\n- [Абонент положил трубку](#прощание)\n");
    const auto diagnostics = scripts::lintScripts(makeKb(shortcut));
    INFO(dump(diagnostics));
    CHECK(has(diagnostics, "scripts/incoming.md", 36, "минует опрос", Severity::Warning));
    CHECK_FALSE(hasErrors(diagnostics));
}

TEST_CASE("the standard scripts of the demo KB pass lint without a warning") {
    kb::KnowledgeBase kb;
    kb.root = test::demoKb();
    kb.profile.organization = "Министерство труда и социальной защиты населения Энской области";
    for (const auto& entry : std::filesystem::directory_iterator(kb.root / "scripts")) {
        if (entry.path().extension() == ".md") {
            kb.scripts.push_back(
                {"scripts/" + entry.path().filename().string(), test::readFile(entry.path())});
        }
    }
    std::sort(kb.scripts.begin(), kb.scripts.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    REQUIRE(kb.scripts.size() >= 8);
    const auto diagnostics = scripts::lintScripts(kb);
    INFO(dump(diagnostics));
    CHECK(diagnostics.empty());

    Diagnostics parsed;
    const auto set = scripts::ScriptSet::fromKb(kb, parsed);
    for (const char* id : {"incoming", "transfer", "deferred", "out-of-competence", "aggressive",
                           "complaint", "outgoing-specialist", "proactive-informing"}) {
        INFO(id);
        CHECK(set.find(id) != nullptr);
    }
    CHECK(set.find("incoming")->kind == scripts::ScriptKind::Incoming);
    CHECK(set.find("outgoing-specialist")->kind == scripts::ScriptKind::Outgoing);
    CHECK(set.find("proactive-informing")->kind == scripts::ScriptKind::Outgoing);
}

TEST_CASE("a link to a KB file that does not exist is an error") {
    test::TempDir dir;
    dir.write("directory/agencies.md", "# Справочник\n");
    kb::KnowledgeBase kb =
        makeKb(replaced(kIncoming, "- [ ] Ответить\n",
                        "- [ ] Ответить\n\n[Справочник](../directory/agencies.md) и "
                        "[старый](../directory/old.md)\n"));
    kb.root = dir.path();
    const auto diagnostics = scripts::lintScripts(kb);
    INFO(dump(diagnostics));
    CHECK(has(diagnostics, "scripts/incoming.md", 17, "directory/old.md"));
    CHECK_FALSE(has(diagnostics, "scripts/incoming.md", 17, "directory/agencies.md"));
}
