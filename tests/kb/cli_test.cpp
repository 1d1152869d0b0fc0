// `sufler lint` and `sufler show` through the real program on temporary KBs.
#include "kb_fixture.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>

using namespace sufler;
using sufler::test::TempDir;

namespace {

test::CommandResult runSufler(const std::string& args, bool withStderr = false) {
    return test::runCommand(test::binary("sufler").string() + " " + args, withStderr);
}

std::string quoted(const std::filesystem::path& path) {
    return "'" + path.string() + "'";
}

void writeCleanKb(const TempDir& dir) {
    test::writeMinimalKb(dir);
    dir.write("departments/families/faq.md", R"(## Как оформить единое пособие?

> Также спрашивают: универсальное пособие; пособие на ребёнка

Через Госуслуги или МФЦ. Подробнее — [контакты](contacts.md#иванова-мария-петровна),
[другой вопрос](#кому-положено), [закон](npa.md), [сайт](https://www.gosuslugi.ru),
[почта](mailto:info@minsoc.example), [раздел](index.md).

## Кому положено?

Семьям с доходом ниже прожиточного минимума.
)");
    dir.write("departments/families/contacts.md", R"(| ФИО | Телефон | Вопросы |
|---|---|---|
| Иванова Мария Петровна | (8000) 00-00-01 | единое пособие |
)");
    dir.write("departments/families/npa.md", "- Федеральный закон № 81-ФЗ (изм. 2026-01-01)\n");
}

} // namespace

TEST_CASE("lint: a clean KB passes with exit 0", "[kb][cli][lint]") {
    TempDir dir;
    writeCleanKb(dir);
    auto result = runSufler("lint --kb " + quoted(dir.path()));
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("error:") == std::string::npos);
    auto withSummary = runSufler("lint --kb " + quoted(dir.path()), true);
    CHECK(withSummary.output.find("ошибок 0") != std::string::npos);
}

TEST_CASE("lint: errors with path:line, sorted, exit 1", "[kb][cli][lint]") {
    TempDir dir;
    writeCleanKb(dir);
    dir.write("departments/zhku/faq.md", "## Вопрос\n\nСм. [нет файла](missing.md) и "
                                         "[нет записи](../families/faq.md#нет-такой).\n");
    dir.write("departments/families/index.md",
              "---\ntitle: Семьи\nreviewed: 2026-02-30\n---\nТекст.\n");
    dir.write("directory/staff.md", "| ФИО | Телефон | Комната отдыха |\n|---|---|---|\n"
                                    "| Сидоров | 1 | нет |\n");
    auto result = runSufler("lint --kb " + quoted(dir.path()));
    INFO(result.output);
    CHECK(result.exitCode == 1);
    const std::vector<std::string> expected = {
        "departments/families/index.md:3: error:",
        "departments/zhku: error: у отдела нет файла index.md",
        "departments/zhku/faq.md:3: error: ссылка «missing.md» ведёт на несуществующий файл",
        "departments/zhku/faq.md:3: error: ссылка «../families/faq.md#нет-такой»",
        "directory/staff.md:3: warning: неизвестный столбец «Комната отдыха»",
    };
    std::size_t previous = 0;
    for (const auto& line : expected) {
        const auto pos = result.output.find(line);
        INFO(line);
        REQUIRE(pos != std::string::npos);
        CHECK(pos >= previous); // sorted by path and line
        previous = pos;
    }
}

TEST_CASE("lint: warnings alone exit 0", "[kb][cli][lint]") {
    TempDir dir;
    writeCleanKb(dir);
    dir.write("directory/staff.md",
              "| ФИО | Телефон | Комната |\n|---|---|---|\n| Сидоров | 1 | 5 |\n");
    auto result = runSufler("lint --kb " + quoted(dir.path()));
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("directory/staff.md:3: warning: неизвестный столбец «Комната»") !=
          std::string::npos);
}

TEST_CASE("lint: a folder that does not exist", "[kb][cli][lint]") {
    auto result = runSufler("lint --kb /nonexistent/sufler-kb", true);
    CHECK(result.exitCode != 0);
    CHECK(result.output.find("/nonexistent/sufler-kb") != std::string::npos);
}

TEST_CASE("show: prints an entry, its wordings and body", "[kb][cli][show]") {
    TempDir dir;
    writeCleanKb(dir);
    auto result = runSufler("show --kb " + quoted(dir.path()) +
                            " 'departments/families/faq.md#как-оформить-единое-пособие'");
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(result.output.rfind("Как оформить единое пособие?\n", 0) == 0);
    CHECK(result.output.find("Вопрос-ответ (faq)") != std::string::npos);
    CHECK(result.output.find("departments/families/faq.md:1") != std::string::npos);
    CHECK(result.output.find("Также спрашивают: универсальное пособие; пособие на ребёнка") !=
          std::string::npos);
    CHECK(result.output.find("Через Госуслуги или МФЦ.") != std::string::npos);
    CHECK(result.output.find("Отдел: families — Отдел социальных выплат семьям с детьми") !=
          std::string::npos);
}

TEST_CASE("show: contact fields", "[kb][cli][show]") {
    TempDir dir;
    writeCleanKb(dir);
    auto result = runSufler("show --kb " + quoted(dir.path()) +
                            " 'departments/families/contacts.md#иванова-мария-петровна'");
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("Телефон: (8000) 00-00-01") != std::string::npos);
    CHECK(result.output.find("Вопросы: единое пособие") != std::string::npos);
}

TEST_CASE("show: an unknown id exits 1 and suggests close ids", "[kb][cli][show]") {
    TempDir dir;
    writeCleanKb(dir);
    auto result = runSufler("show --kb " + quoted(dir.path()) +
                                " 'departments/families/faq.md#как-оформить-единое-посбие'",
                            true);
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("нет записи") != std::string::npos);
    CHECK(result.output.find("departments/families/faq.md#как-оформить-единое-пособие") !=
          std::string::npos);
    CHECK(std::count(result.output.begin(), result.output.end(), '\n') == 1);
}

TEST_CASE("lint: repeated headings in one file warn, naming both lines", "[kb][cli][lint]") {
    TempDir dir;
    writeCleanKb(dir);
    dir.write("departments/families/templates.md", R"(## Ответ о сроках

Десять рабочих дней.

## Ответ о сроках

Пять рабочих дней.
)");
    dir.write("departments/families/contacts.md", R"(| ФИО | Телефон | Вопросы |
|---|---|---|
| Иванова Мария Петровна | (8000) 00-00-01 | единое пособие |
| Петров Пётр | (8000) 00-00-02 | пособие по уходу |
| Иванова Мария Петровна | (8000) 00-00-03 | материнский капитал |
)");
    auto result = runSufler("lint --kb " + quoted(dir.path()));
    INFO(result.output);
    CHECK(result.exitCode == 0); // legal, the second gets `-1`: a warning, not an error
    CHECK(result.output.find("departments/families/templates.md:5: warning: «Ответ о сроках» "
                             "повторяет запись из строки 1") != std::string::npos);
    CHECK(result.output.find("templates.md#ответ-о-сроках-1") != std::string::npos);
    CHECK(result.output.find("departments/families/contacts.md:5: warning: «Иванова Мария "
                             "Петровна» повторяет запись из строки 3") != std::string::npos);
    CHECK(result.output.find("contacts.md:4") == std::string::npos);
    CHECK(std::count(result.output.begin(), result.output.end(), '\n') == 2);
}

TEST_CASE("lint --stats: what the KB holds, per department and in all", "[kb][cli][lint]") {
    TempDir dir;
    writeCleanKb(dir);
    dir.write("sufler.yaml", "organization: Министерство\nmunicipalities: [Энск, Заречный район]\n"
                             "synonyms:\n  - [ЖКУ, коммуналка]\n  - [ЕДВ, ежемесячная выплата]\n"
                             "  - [МФЦ, Мои документы]\n");
    dir.write("departments/families/templates.md", "## Ответ\n\nТекст {{ФИО}}.\n");
    dir.write("departments/families/cases.md", "## Случай\n\nРешено.\n");
    dir.write("departments/zhku/index.md", "---\ntitle: ЖКУ\n---\nКомпенсации.\n");
    dir.write("departments/zhku/faq.md", "## Один?\n\nДа.\n\n## Два?\n\n> Также спрашивают: "
                                         "второй\n\nНет.\n\n## Три?\n\nМожет быть.\n");
    dir.write("directory/agencies.md", "| Организация | Телефон |\n|---|---|\n| МФЦ | 1 |\n"
                                       "| Социальный фонд | 2 |\n| Налоговая служба | 3 |\n");
    auto result = runSufler("lint --stats --kb " + quoted(dir.path()));
    INFO(result.output);
    CHECK(result.exitCode == 0);
    // families: 2 FAQ (1 with other wordings), 1 template, 1 contact, 1 act, 1 case, all files.
    CHECK(result.output.find("\nfamilies             2            1        1         1     1"
                             "        1        0  —\n") != std::string::npos);
    CHECK(result.output.find("\nzhku                 3            1        0         0     0"
                             "        0        0  templates.md, contacts.md, npa.md, "
                             "cases.md\n") != std::string::npos);
    CHECK(result.output.find("справочник directory/agencies.md: контактов 3") != std::string::npos);
    CHECK(result.output.find("Итого: отделов 2 (со всеми шестью файлами 1); вопросов-ответов 5 "
                             "(с другими формулировками 2), шаблонов 1, контактов 4 (в отделах "
                             "1, в справочнике 3), НПА 1, примеров 1, заметок 0; сценариев 0; "
                             "муниципальных образований 2; групп синонимов 3") !=
          std::string::npos);
    // Without --stats, a clean KB prints nothing on standard output.
    CHECK(runSufler("lint --kb " + quoted(dir.path())).output.empty());
}

TEST_CASE("show: an entry of every kind of the demo KB, by the id the loader gives",
          "[kb][cli][show][demo]") {
    const auto base = kb::load(test::demoKb(), kb::LoadOptions{false});
    std::map<kb::EntryKind, const kb::Entry*> firstOfKind;
    for (const auto& entry : base.entries) {
        firstOfKind.emplace(entry.kind, &entry);
    }
    REQUIRE(firstOfKind.size() == 7); // faq, template, contact, npa, case, note, department
    for (const auto& [kind, entry] : firstOfKind) {
        INFO(entry->id);
        auto result = runSufler("show --kb " + quoted(test::demoKb()) + " '" + entry->id + "'");
        INFO(result.output);
        CHECK(result.exitCode == 0);
        CHECK(result.output.rfind(entry->title + "\n", 0) == 0);
        CHECK(result.output.find("Идентификатор: " + entry->id + "\n") != std::string::npos);
        CHECK(result.output.find(fmt::format("Файл: {}:{}\n", entry->path, entry->line)) !=
              std::string::npos);
        if (kind == kb::EntryKind::Template && !entry->placeholders.empty()) {
            CHECK(result.output.find("Заполнить: {{" + entry->placeholders.front() + "}}") !=
                  std::string::npos);
        }
    }
}
