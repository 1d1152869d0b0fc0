#include "kb_fixture.h"

#include "sufler/core/text.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace sufler;
using sufler::kb::EntryKind;
using sufler::test::TempDir;

namespace {

const kb::Entry& entry(const kb::KnowledgeBase& base, std::string_view id) {
    const kb::Entry* e = base.findEntry(id);
    INFO("id: " << id);
    REQUIRE(e != nullptr);
    return *e;
}

} // namespace

TEST_CASE("sufler.yaml: every key of the profile", "[kb][loader][profile]") {
    TempDir dir;
    dir.write("sufler.yaml",
              R"(organization: Министерство труда и социальной защиты населения Энской области
short_name: Минтруд Энской области
hotline: "8-800-000-00-00"
hotline_hours: "пн–пт 9:00–18:00"
municipalities: [Энск, Энский район, Заречный район]
operators: [Сидорова О. В., Петров А. А.]
organizations: [УСЗН г. Энска]
review:
  cycle: monthly
  change_deadline_working_days: 7
synonyms:
  - [ЖКУ, жилищно-коммунальные услуги, коммуналка]
  - [ЕДВ, ежемесячная денежная выплата]
admins: [it@minsoc.example]
calendar:
  holidays: [2026-01-09, 31.12.2026]
  workdays: []
)");
    dir.write("departments/families/index.md", test::kFamiliesIndex);
    auto kb = kb::load(dir.path());
    INFO(test::formatted(kb.diagnostics).size());
    CHECK(kb.diagnostics.empty());
    const auto& p = kb.profile;
    CHECK(p.organization == "Министерство труда и социальной защиты населения Энской области");
    CHECK(p.shortName == "Минтруд Энской области");
    CHECK(p.hotline == "8-800-000-00-00");
    CHECK(p.hotlineHours == "пн–пт 9:00–18:00");
    CHECK(p.municipalities == std::vector<std::string>{"Энск", "Энский район", "Заречный район"});
    CHECK(p.operators == std::vector<std::string>{"Сидорова О. В.", "Петров А. А."});
    CHECK(p.organizations == std::vector<std::string>{"УСЗН г. Энска"});
    CHECK(p.review.cycle == kb::ReviewPolicy::Cycle::Monthly);
    CHECK(p.review.changeDeadlineWorkingDays == 7);
    REQUIRE(p.synonyms.size() == 2);
    CHECK(p.synonyms[0] ==
          std::vector<std::string>{"ЖКУ", "жилищно-коммунальные услуги", "коммуналка"});
    CHECK(p.admins == std::vector<std::string>{"it@minsoc.example"});
    REQUIRE(p.extraHolidays.size() == 2);
    CHECK(formatIsoDate(p.extraHolidays[1]) == "2026-12-31");
    CHECK(p.extraWorkdays.empty());
}

TEST_CASE("sufler.yaml: review cycles and defaults", "[kb][loader][profile]") {
    TempDir dir;
    dir.write("sufler.yaml", "organization: X\n");
    auto kb = kb::load(dir.path());
    CHECK(kb.profile.review.cycle == kb::ReviewPolicy::Cycle::Quarterly);
    CHECK(kb.profile.review.changeDeadlineWorkingDays == 10);

    dir.write("sufler.yaml", "organization: X\nreview:\n  cycle: 90d\n");
    kb = kb::load(dir.path());
    CHECK(kb.profile.review.cycle == kb::ReviewPolicy::Cycle::Days);
    CHECK(kb.profile.review.cycleDays == 90);

    dir.write("sufler.yaml", "organization: X\nreview:\n  cycle: weekly\n");
    kb = kb::load(dir.path());
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 3, Severity::Error));
}

TEST_CASE("sufler.yaml: only organization is required, unknown keys warn",
          "[kb][loader][profile]") {
    TempDir dir;
    dir.write("sufler.yaml", "short_name: X\ncolour: red\n");
    auto kb = kb::load(dir.path());
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 1, Severity::Error));
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 2, Severity::Warning));

    TempDir missing;
    auto empty = kb::load(missing.path());
    CHECK(test::hasDiagnostic(empty.diagnostics, "sufler.yaml", 0, Severity::Error));
}

TEST_CASE("index.md: front matter and the department entry", "[kb][loader][department]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    auto kb = kb::load(dir.path());
    INFO(Catch::Detail::stringify(test::formatted(kb.diagnostics)));
    CHECK(kb.diagnostics.empty());
    REQUIRE(kb.departments.size() == 1);
    const auto& d = kb.departments[0];
    CHECK(d.slug == "families");
    CHECK(d.title == "Отдел социальных выплат семьям с детьми");
    CHECK(d.head == "Иванова Мария Петровна");
    CHECK(d.phone == "(8000) 00-00-01");
    CHECK(d.editors == std::vector<std::string>{"ivanova@minsoc.example", "petrov@minsoc.example"});
    REQUIRE(d.reviewed.has_value());
    CHECK(formatIsoDate(*d.reviewed) == "2026-10-14");
    CHECK(d.reviewedLine == 6);
    CHECK(d.hasIndex);
    CHECK(d.files == std::vector<std::string>{"departments/families/index.md"});

    const auto& e = entry(kb, "departments/families/index.md");
    CHECK(e.kind == EntryKind::Department);
    CHECK(e.department == "families");
    CHECK(e.title == d.title);
    CHECK(e.markdown == "Отдел назначает и выплачивает региональные пособия семьям с детьми.");
    CHECK(e.text == e.markdown);
    CHECK(e.markdown.find("title:") == std::string::npos);
    CHECK_FALSE(kb.inGit);
}

TEST_CASE("faq.md: entries cut at level-2 headings, other wordings apart", "[kb][loader][faq]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/families/faq.md", R"(# Вопросы и ответы

Этот текст принадлежит файлу, а не записи.

## Как оформить компенсацию расходов на оплату ЖКУ?

> Также спрашивают: льгота на коммуналку; скидка на квартплату для ветерана;

Компенсацию назначает **управление** социальной защиты по месту жительства.

### Какие документы

- паспорт
- квитанции

## Кому положено *единое* пособие?

> Обычная цитата остаётся в ответе.

Семьям с доходом ниже прожиточного минимума.
)");
    auto kb = kb::load(dir.path());
    CHECK(kb.diagnostics.empty());
    REQUIRE(kb.entries.size() == 3); // two questions + the department
    const auto& q1 =
        entry(kb, "departments/families/faq.md#как-оформить-компенсацию-расходов-на-оплату-жку");
    CHECK(q1.kind == EntryKind::Faq);
    CHECK(q1.department == "families");
    CHECK(q1.title == "Как оформить компенсацию расходов на оплату ЖКУ?");
    CHECK(q1.line == 5);
    CHECK(q1.path == "departments/families/faq.md");
    CHECK(q1.otherWordings ==
          std::vector<std::string>{"льгота на коммуналку", "скидка на квартплату для ветерана"});
    CHECK(q1.markdown == "Компенсацию назначает **управление** социальной защиты по месту "
                         "жительства.\n\n### Какие документы\n\n- паспорт\n- квитанции");
    CHECK(q1.text.find("Также спрашивают") == std::string::npos);
    CHECK(q1.text.find("коммуналку") == std::string::npos);
    CHECK(q1.text.find("управление социальной защиты") != std::string::npos);
    CHECK(q1.text.find("**") == std::string::npos);
    CHECK(q1.text.find("квитанции") != std::string::npos);

    const auto& q2 = entry(kb, "departments/families/faq.md#кому-положено-единое-пособие");
    CHECK(q2.title == "Кому положено единое пособие?");
    CHECK(q2.line == 16);
    CHECK(q2.otherWordings.empty());
    CHECK(q2.markdown.find("Обычная цитата") != std::string::npos);
    for (const auto& e : kb.entries) {
        CHECK(e.markdown.find("принадлежит файлу") == std::string::npos);
    }
}

TEST_CASE("templates.md, cases.md and other files", "[kb][loader][template]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/families/templates.md",
              "## Ответ на письменное обращение\n\nУважаемый(ая) {{ФИО}}! На ваше обращение "
              "№ {{номер обращения}} от {{ дата }} сообщаем… {{ФИО}}\n");
    dir.write("departments/families/cases.md", "## Перерасчёт пособия\n\nСлучай.\n");
    dir.write("departments/families/memo.md", "## Памятка\n\nТекст.\n");
    auto kb = kb::load(dir.path());
    const auto& t = entry(kb, "departments/families/templates.md#ответ-на-письменное-обращение");
    CHECK(t.kind == EntryKind::Template);
    CHECK(t.placeholders == std::vector<std::string>{"ФИО", "номер обращения", "дата"});
    CHECK(t.markdown.find("{{ФИО}}") != std::string::npos);
    CHECK(entry(kb, "departments/families/cases.md#перерасчёт-пособия").kind == EntryKind::Case);
    CHECK(entry(kb, "departments/families/memo.md#памятка").kind == EntryKind::Note);
    const auto* d = kb.findDepartment("families");
    REQUIRE(d != nullptr);
    CHECK(d->files.size() == 4);
}

TEST_CASE("contacts.md and directory: one contact per row", "[kb][loader][contacts]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/families/contacts.md", R"(## Для переключения

| фио | ДОЛЖНОСТЬ | Телефон | Email | Кабинет | Часы работы | Вопросы | Примечание |
|-----|-----------|---------|-------|---------|-------------|---------|------------|
| Иванова Мария Петровна | начальник отдела | (8000) 00-00-01 | ivanova@minsoc.example | 305 | 9–18 | единое пособие, многодетные | по средам нет |
| Петров Пётр | специалист | (8000) 00-00-02 | | | | пособие по уходу | |
)");
    dir.write("directory/agencies.md", R"(# Другие ведомства

| Организация | Адрес | Телефон | Вопросы |
|---|---|---|---|
| Социальный фонд России, отделение по Энской области | Энск, ул. Ленина, 1 | 8-800-100-00-01 | пенсии, материнский капитал |
| Социальный фонд России, отделение по Энской области | Заречный | 8-800-100-00-02 | СНИЛС |
)");
    auto kb = kb::load(dir.path());
    INFO(Catch::Detail::stringify(test::formatted(kb.diagnostics)));
    CHECK(kb.diagnostics.empty());
    const auto& c = entry(kb, "departments/families/contacts.md#иванова-мария-петровна");
    CHECK(c.kind == EntryKind::Contact);
    CHECK(c.line == 5);
    CHECK(c.title == "Иванова Мария Петровна");
    CHECK(c.field("ФИО") == "Иванова Мария Петровна");
    CHECK(c.field("Должность") == "начальник отдела");
    CHECK(c.field("Телефон") == "(8000) 00-00-01");
    CHECK(c.field("Email") == "ivanova@minsoc.example");
    CHECK(c.field("Кабинет") == "305");
    CHECK(c.field("Часы работы") == "9–18");
    CHECK(c.field("Вопросы") == "единое пособие, многодетные");
    CHECK(c.field("Примечание") == "по средам нет"); // unknown columns are kept
    CHECK(c.text.find("единое пособие") != std::string::npos);
    const auto& p = entry(kb, "departments/families/contacts.md#петров-пётр");
    CHECK(p.field("Email").empty());
    CHECK(p.line == 6);

    const auto& a = entry(kb, "directory/agencies.md#социальный-фонд-россии-отделение-по-энской-"
                              "области");
    CHECK(a.department.empty());
    CHECK(a.field("Адрес") == "Энск, ул. Ленина, 1");
    CHECK(a.line == 5);
    const auto& a2 = entry(kb, "directory/agencies.md#социальный-фонд-россии-отделение-по-энской-"
                               "области-1");
    CHECK(a2.field("Вопросы") == "СНИЛС");
}

TEST_CASE("npa.md: list items, amended dates out of the anchor", "[kb][loader][npa]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/families/npa.md", R"(## Федеральные законы

- Федеральный закон от 28.12.2013 № 442-ФЗ «Об основах социального обслуживания граждан в Российской Федерации» (изм. 2026-11-01)
- Федеральный закон от 24.11.1995 № 181-ФЗ «О социальной защите инвалидов в Российской Федерации»
  - вложенный пункт принадлежит своему родителю

## Постановления

1. Постановление Правительства РФ № 1466 (изм. 01.11.2026)
)");
    auto kb = kb::load(dir.path());
    INFO(Catch::Detail::stringify(test::formatted(kb.diagnostics)));
    CHECK(kb.diagnostics.empty());
    const auto& a =
        entry(kb, "departments/families/npa.md#федеральный-закон-от-28122013--442-фз-об-основах-"
                  "социального-обслуживания-граждан-в-российской-федерации");
    CHECK(a.kind == EntryKind::Npa);
    CHECK(a.line == 3);
    REQUIRE(a.amended.has_value());
    CHECK(formatIsoDate(*a.amended) == "2026-11-01");
    CHECK(a.title.find("изм.") == std::string::npos);
    CHECK(a.markdown.rfind("Федеральный закон", 0) == 0);
    const auto& b = entry(kb, "departments/families/npa.md#федеральный-закон-от-24111995--181-фз-"
                              "о-социальной-защите-инвалидов-в-российской-федерации");
    CHECK_FALSE(b.amended.has_value());
    CHECK(b.text.find("вложенный пункт") != std::string::npos);
    const auto& c = entry(kb, "departments/families/npa.md#постановление-правительства-рф--1466");
    CHECK(c.line == 9);
    REQUIRE(c.amended.has_value());
    CHECK(formatIsoDate(*c.amended) == "2026-11-01");
    CHECK(std::count_if(kb.entries.begin(), kb.entries.end(),
                        [](const kb::Entry& e) { return e.kind == EntryKind::Npa; }) == 3);

    // Amending the act again keeps its id.
    dir.write("departments/families/npa.md",
              "- Постановление Правительства РФ № 1466 (изм. 2027-02-01)\n");
    auto again = kb::load(dir.path());
    const auto& c2 =
        entry(again, "departments/families/npa.md#постановление-правительства-рф--1466");
    CHECK(formatIsoDate(*c2.amended) == "2027-02-01");
}

TEST_CASE("changes.yaml and scripts", "[kb][loader][changes]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("changes.yaml", R"(- date: 2026-11-10
  departments: [families]
  what: С 1 января 2027 года меняется размер регионального пособия
- date: 01.12.2026
  departments: [families, unknown]
  what: Новый порядок
)");
    dir.write("scripts/greeting.md", "# Приветствие\n\nЗдравствуйте!\n");
    dir.write("scripts/closing.md", "# Завершение\n");
    auto kb = kb::load(dir.path());
    REQUIRE(kb.changes.size() == 2);
    CHECK(formatIsoDate(kb.changes[0].date) == "2026-11-10");
    CHECK(kb.changes[0].departments == std::vector<std::string>{"families"});
    CHECK(kb.changes[0].what == "С 1 января 2027 года меняется размер регионального пособия");
    CHECK(kb.changes[0].line == 1);
    CHECK(formatIsoDate(kb.changes[1].date) == "2026-12-01");
    CHECK(kb.changes[1].line == 4);
    CHECK(test::hasDiagnostic(kb.diagnostics, "changes.yaml", 4, Severity::Warning));
    REQUIRE(kb.scripts.size() == 2);
    CHECK(kb.scripts[0].path == "scripts/closing.md");
    CHECK(kb.scripts[1].source == "# Приветствие\n\nЗдравствуйте!\n");
}

TEST_CASE("links of every file with their own lines, GFM task lists, autolinks, tables",
          "[kb][loader][links]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/families/faq.md", R"(## Куда подать заявление?

Подать можно в МФЦ
или через [портал](https://www.gosuslugi.ru), а также https://mfc.example.ru/ и
по [шаблону](templates.md#ответ).

- [ ] проверить [контакты](contacts.md#иванова)
- [x] сверить сроки

| Где | Ссылка |
|---|---|
| справочник | [ведомства](../../directory/agencies.md) |
)");
    auto kb = kb::load(dir.path());
    INFO(Catch::Detail::stringify(test::formatted(kb.diagnostics)));
    CHECK(kb.diagnostics.empty());
    std::vector<std::string> links;
    for (const auto& link : kb.links) {
        if (link.path == "departments/families/faq.md") {
            links.push_back(std::to_string(link.line) + " " + link.target);
        }
    }
    CHECK(links == std::vector<std::string>{"4 https://www.gosuslugi.ru",
                                            "4 https://mfc.example.ru/", "5 templates.md#ответ",
                                            "7 contacts.md#иванова",
                                            "12 ../../directory/agencies.md"});
    const auto& q = entry(kb, "departments/families/faq.md#куда-подать-заявление");
    // Plain text keeps what the links and tasks say, not their markup.
    CHECK(q.text.find("через портал, а также") != std::string::npos);
    CHECK(q.text.find("проверить контакты") != std::string::npos);
    CHECK(q.text.find("сверить сроки") != std::string::npos);
    CHECK(q.text.find("ведомства") != std::string::npos);
    CHECK(q.text.find("](") == std::string::npos);
    CHECK(q.markdown.find("- [x] сверить сроки") != std::string::npos);
}

TEST_CASE("entry files are listed sorted and load one by one", "[kb][loader]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/families/faq.md", "## Вопрос\n\nОтвет.\n");
    dir.write("departments/zhku/index.md", "---\ntitle: ЖКУ\n---\nКомпенсации.\n");
    dir.write("directory/staff.md", "| ФИО | Телефон |\n|---|---|\n| Сидоров | 1 |\n");
    dir.write("departments/families/picture.png", "not markdown");
    dir.write("departments/families/.draft.md", "## hidden\n");
    dir.write("scripts/greeting.md", "# Приветствие\n");
    const auto files = kb::listEntryFiles(dir.path());
    CHECK(files == std::vector<std::string>{"departments/families/faq.md",
                                            "departments/families/index.md",
                                            "departments/zhku/index.md", "directory/staff.md"});
    auto kb = kb::load(dir.path());
    std::vector<std::string> order;
    for (const auto& e : kb.entries) {
        if (order.empty() || order.back() != e.path) {
            order.push_back(e.path);
        }
    }
    CHECK(order == files);
    Diagnostics diagnostics;
    const auto one = kb::loadFileEntries(dir.path(), "directory/staff.md", diagnostics);
    REQUIRE(one.size() == 1);
    CHECK(one[0].id == "directory/staff.md#сидоров");
    CHECK(one[0].field("Телефон") == "1");
    CHECK(diagnostics.empty());
}

TEST_CASE("CRLF line endings and a BOM keep line numbers", "[kb][loader]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write(
        "departments/families/faq.md",
        "\xEF\xBB\xBF# Заголовок\r\n\r\n## Вопрос\r\n\r\nОтвет.\r\n\r\n## Второй\r\nТекст\r\n");
    auto kb = kb::load(dir.path());
    const auto& e = entry(kb, "departments/families/faq.md#второй");
    CHECK(e.line == 7);
    CHECK(e.markdown == "Текст");
    CHECK(entry(kb, "departments/families/faq.md#вопрос").line == 3);
}

TEST_CASE("lone CR line endings count as lines, as cmark-gfm and editors count them",
          "[kb][loader]") {
    // Found by fuzzing (tests/fuzz/corpus/kb_markdown/lone-cr.md): the entries took cmark's
    // line numbers, but their Markdown was cut out of lines split at LF only.
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/families/faq.md", "## Вопрос\r\rОтвет.\r\r## Второй\rТекст\r");
    auto kb = kb::load(dir.path());
    const auto& e = entry(kb, "departments/families/faq.md#второй");
    CHECK(e.line == 5);
    CHECK(e.markdown == "Текст");
    CHECK(entry(kb, "departments/families/faq.md#вопрос").markdown == "Ответ.");

    Diagnostics diagnostics;
    const auto fromGit =
        kb::parseFileEntries("departments/families/npa.md", "- Закон\r- Кодекс\r", diagnostics);
    REQUIRE(fromGit.size() == 2);
    CHECK(fromGit[1].line == 2);
    CHECK(fromGit[1].markdown == "Кодекс");
}

TEST_CASE("a YAML error that quotes a Cyrillic letter is still UTF-8", "[kb][loader]") {
    // Found by fuzzing (tests/fuzz/corpus/sufler_yaml/yaml-error-cut-letter.yaml): yaml-cpp
    // quotes one byte of «Ж» after a backslash, and the diagnostic was not UTF-8.
    TempDir dir;
    dir.write("sufler.yaml", "organization: \"\\Ж\"\n");
    dir.write("departments/families/index.md", "---\ntitle: \"\\Ж\"\n---\n");
    const auto kb = kb::load(dir.path(), kb::LoadOptions{false});
    int yamlErrors = 0;
    for (const auto& d : kb.diagnostics) {
        INFO(d.format());
        CHECK(core::findInvalidUtf8(d.message) == std::string::npos);
        yamlErrors += d.message.find("ошибка YAML") != std::string::npos ? 1 : 0;
    }
    CHECK(yamlErrors == 2);
}

TEST_CASE("strings of YAML are UTF-8 even where yaml-cpp writes Latin-1 bytes", "[kb][loader]") {
    // Found by fuzzing (tests/fuzz/corpus/sufler_yaml/latin1-escape.yaml): yaml-cpp turns the
    // escape `\_` (no-break space) into the single byte A0, which went into titles, lists and
    // messages that JSON output and the console must show; it reads as U+FFFD now.
    TempDir dir;
    dir.write("sufler.yaml", "organization: \"Минтруд\\_области\"\n"
                             "municipalities: [\"Энск\\N\"]\n\"ключ\\_\": 1\n");
    dir.write("departments/families/index.md",
              "---\ntitle: \"Отдел\\_семей\"\neditors: [\"a\\_b@example.org\"]\n---\n");
    const auto kb = kb::load(dir.path(), kb::LoadOptions{false});
    CHECK(kb.profile.organization == "Минтруд\uFFFDобласти");
    REQUIRE(kb.profile.municipalities.size() == 1);
    CHECK(core::findInvalidUtf8(kb.profile.municipalities[0]) == std::string::npos);
    const auto* families = kb.findDepartment("families");
    REQUIRE(families != nullptr);
    CHECK(core::findInvalidUtf8(families->title) == std::string::npos);
    REQUIRE(families->editors.size() == 1);
    CHECK(core::findInvalidUtf8(families->editors[0]) == std::string::npos);
    REQUIRE_FALSE(kb.diagnostics.empty());
    for (const auto& d : kb.diagnostics) {
        INFO(d.format());
        CHECK(core::findInvalidUtf8(d.message) == std::string::npos);
    }
}

TEST_CASE("the demo KB loads clean, with all it must hold", "[kb][loader][demo]") {
    auto kb = kb::load(test::demoKb(), kb::LoadOptions{false});
    for (const auto& d : kb.diagnostics) {
        INFO(d.format());
        CHECK(d.severity != Severity::Error);
    }
    CHECK(kb.profile.organization.find("социальной защиты") != std::string::npos);
    CHECK(kb.profile.municipalities.size() >= 5);
    CHECK(kb.profile.synonyms.size() >= 15);

    // At least 8 departments, each with an index and all five parts.
    REQUIRE(kb.departments.size() >= 8);
    for (const auto& dept : kb.departments) {
        INFO(dept.slug);
        CHECK(dept.hasIndex);
        CHECK_FALSE(dept.head.empty());
        for (const char* part : {"faq.md", "templates.md", "contacts.md", "npa.md", "cases.md"}) {
            INFO(part);
            const std::string file = "departments/" + dept.slug + "/" + part;
            CHECK(std::find(dept.files.begin(), dept.files.end(), file) != dept.files.end());
        }
    }

    std::map<EntryKind, int> count;
    int wordings = 0;
    int directoryContacts = 0;
    std::set<std::string> departmentsWithCases;
    for (const auto& e : kb.entries) {
        if (e.department.empty()) {
            directoryContacts += e.kind == EntryKind::Contact ? 1 : 0;
            continue;
        }
        ++count[e.kind];
        wordings += e.otherWordings.empty() ? 0 : 1;
        if (e.kind == EntryKind::Npa) {
            INFO(e.id);
            CHECK(e.title.find("№ ") != std::string::npos); // acts are cited by number
        }
        if (e.kind == EntryKind::Case) {
            departmentsWithCases.insert(e.department);
        }
    }
    CHECK(count[EntryKind::Faq] >= 150);
    CHECK(wordings >= count[EntryKind::Faq] / 2); // many questions with other wordings
    CHECK(count[EntryKind::Template] >= 30);
    CHECK(count[EntryKind::Contact] >= 60);
    CHECK(count[EntryKind::Npa] >= 40);
    CHECK(departmentsWithCases.size() == kb.departments.size());

    // The directory: the agencies callers are sent to and the ministry's staff.
    CHECK(directoryContacts >= 30);
    for (const char* agency : {"Социальный фонд", "МФЦ", "Федеральной налоговой службы"}) {
        INFO(agency);
        CHECK(std::any_of(kb.entries.begin(), kb.entries.end(), [&](const kb::Entry& e) {
            return e.path == "directory/agencies.md" && e.title.find(agency) != std::string::npos;
        }));
    }
    CHECK(std::count_if(kb.entries.begin(), kb.entries.end(),
                        [](const kb::Entry& e) { return e.path == "directory/staff.md"; }) >= 10);
    CHECK(kb.scripts.size() >= 8);
}

TEST_CASE("sufler.yaml alone: loadProfile reads and checks it as load does", "[kb][profile]") {
    TempDir dir;
    Diagnostics missing;
    CHECK(kb::loadProfile(dir.path(), missing).organization.empty());
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].path == "sufler.yaml");

    dir.write("sufler.yaml", "organization: Минтруд\nmunicipalities: [Энск]\noperators: [А]\n");
    Diagnostics none;
    const auto profile = kb::loadProfile(dir.path(), none);
    CHECK(none.empty());
    CHECK(profile.organization == "Минтруд");
    CHECK(profile.operators == std::vector<std::string>{"А"});

    dir.write("sufler.yaml", "organization: Минтруд\nmunicipalities: [Энск\n");
    Diagnostics broken;
    (void)kb::loadProfile(dir.path(), broken);
    REQUIRE_FALSE(broken.empty());
    CHECK(broken[0].severity == Severity::Error);
    CHECK(broken[0].line >= 2);
}

TEST_CASE("sufler.yaml: citizen_categories — the list, its empty and repeated items linted",
          "[kb][loader][profile]") {
    TempDir dir;
    dir.write("sufler.yaml", R"(organization: Минтруд
citizen_categories:
  - многодетная семья
  - Инвалид
  -
  - ""
  - МНОГОДЕТНАЯ СЕМЬЯ
  - участник СВО или член его семьи
)");
    auto kb = kb::load(dir.path());
    std::string messages;
    int ofProfile = 0;
    for (const auto& d : kb.diagnostics) {
        messages += d.format() + "\n";
        ofProfile += d.path == "sufler.yaml" ? 1 : 0;
    }
    INFO(messages);
    CHECK(kb.profile.citizenCategories ==
          std::vector<std::string>{"многодетная семья", "Инвалид",
                                   "участник СВО или член его семьи"});
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 5, Severity::Warning));
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 6, Severity::Warning));
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 7, Severity::Warning));
    CHECK(messages.find("«МНОГОДЕТНАЯ СЕМЬЯ» в «citizen_categories» повторяется (уже есть в "
                        "строке 3)") != std::string::npos);
    CHECK(ofProfile == 3);

    // any case, spaces around it: the list's own spelling
    CHECK(kb::citizenCategory(kb.profile, "  ИНВАЛИД ") == "Инвалид");
    CHECK(kb::citizenCategory(kb.profile, "Многодетная семья") == "многодетная семья");
    CHECK_FALSE(kb::citizenCategory(kb.profile, "пенсионер"));
    CHECK_FALSE(kb::citizenCategory(kb.profile, ""));

    dir.write("sufler.yaml", "organization: Минтруд\ncitizen_categories: []\n");
    kb = kb::load(dir.path());
    CHECK(kb.profile.citizenCategories.empty());
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 2, Severity::Warning));

    dir.write("sufler.yaml", "organization: Минтруд\ncitizen_categories: инвалид\n");
    kb = kb::load(dir.path());
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 2, Severity::Error));
}

TEST_CASE("the demo KB lists the hotline's categories of applicants", "[kb][loader][demo]") {
    const auto kb = kb::load(test::demoKb(), kb::LoadOptions{false});
    CHECK(kb.profile.citizenCategories.size() >= 6);
    for (const char* category : {"многодетная семья", "инвалид", "пенсионер", "малоимущая семья"}) {
        INFO(category);
        CHECK(kb::citizenCategory(kb.profile, category));
    }
}
