// Each kind of broken input: the right path and line, and the rest of the KB still loads.
#include "kb_fixture.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace sufler;
using sufler::test::TempDir;

namespace {

// A healthy second department, to see that it loads whatever breaks elsewhere.
void writeHealthyNeighbour(const TempDir& dir) {
    dir.write("departments/zhku/index.md", "---\ntitle: Отдел ЖКУ\n---\nКомпенсации.\n");
    dir.write("departments/zhku/faq.md", "## Что такое ЖКУ?\n\nЖилищно-коммунальные услуги.\n");
}

void requireNeighbourLoaded(const kb::KnowledgeBase& kb) {
    REQUIRE(kb.findEntry("departments/zhku/faq.md#что-такое-жку") != nullptr);
    REQUIRE(kb.findDepartment("zhku") != nullptr);
    CHECK(kb.findDepartment("zhku")->title == "Отдел ЖКУ");
}

std::string dump(const kb::KnowledgeBase& kb) {
    std::string out;
    for (const auto& line : test::formatted(kb.diagnostics)) {
        out += line + "\n";
    }
    return out;
}

} // namespace

TEST_CASE("broken front matter: YAML error with its line", "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml", test::kProfile);
    writeHealthyNeighbour(dir);
    dir.write("departments/families/index.md",
              "---\ntitle: Отдел\nhead: [Иванова\nphone: 1\n---\n\nТекст отдела.\n");
    dir.write("departments/families/faq.md", "## Вопрос\n\nОтвет.\n");
    auto kb = kb::load(dir.path());
    INFO(dump(kb));
    REQUIRE(kb.diagnostics.size() == 1);
    const auto& d = kb.diagnostics[0];
    CHECK(d.path == "departments/families/index.md");
    CHECK(d.severity == Severity::Error);
    CHECK(d.line >= 3);
    CHECK(d.line <= 5);
    requireNeighbourLoaded(kb);
    // The department's own entries still load.
    CHECK(kb.findEntry("departments/families/faq.md#вопрос") != nullptr);
    CHECK(kb.findEntry("departments/families/index.md") != nullptr);
}

TEST_CASE("front matter that is never closed", "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml", test::kProfile);
    dir.write("departments/families/index.md", "---\ntitle: Отдел\n\nТекст.\n");
    auto kb = kb::load(dir.path());
    INFO(dump(kb));
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/families/index.md", 1, Severity::Error));
}

TEST_CASE("bad dates: reviewed, (изм. …), changes.yaml, calendar", "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml",
              "organization: X\ncalendar:\n  holidays:\n    - 2026-02-30\n    - 2026-03-09\n");
    writeHealthyNeighbour(dir);
    dir.write("departments/families/index.md",
              "---\ntitle: Отдел\nreviewed: 14/10/2026\n---\nТекст\n");
    dir.write("departments/families/npa.md",
              "- Закон № 1 (изм. 2026-11-01)\n- Закон № 2 (изм. 31.02.2026)\n- Закон № 3\n");
    dir.write("changes.yaml", "- date: 2026-11-10\n  departments: [zhku]\n  what: a\n"
                              "- date: вчера\n  departments: [zhku]\n  what: b\n");
    auto kb = kb::load(dir.path());
    INFO(dump(kb));
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 4, Severity::Error));
    CHECK(kb.profile.extraHolidays.size() == 1);
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/families/index.md", 3, Severity::Error));
    CHECK_FALSE(kb.findDepartment("families")->reviewed.has_value());
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/families/npa.md", 2, Severity::Error));
    CHECK(test::hasDiagnostic(kb.diagnostics, "changes.yaml", 4, Severity::Error));
    CHECK(kb.changes.size() == 1);
    // The broken act still loads, without a date, under the anchor of its title.
    const auto* act = kb.findEntry("departments/families/npa.md#закон--2");
    REQUIRE(act != nullptr);
    CHECK_FALSE(act->amended.has_value());
    CHECK(kb.findEntry("departments/families/npa.md#закон--3") != nullptr);
    requireNeighbourLoaded(kb);
}

TEST_CASE("malformed tables", "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml", test::kProfile);
    writeHealthyNeighbour(dir);
    dir.write("departments/zhku/contacts.md", R"(| ФИО | Телефон |
|---|---|
| Иванов | 1 |
| Петров | 2 | лишняя |
| Сидоров |

Текст между таблицами.

| ФИО | Телефон |
| Без разделителя | 3 |
)");
    auto kb = kb::load(dir.path());
    INFO(dump(kb));
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/zhku/contacts.md", 4, Severity::Error));
    CHECK(
        test::hasDiagnostic(kb.diagnostics, "departments/zhku/contacts.md", 5, Severity::Warning));
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/zhku/contacts.md", 9, Severity::Error));
    CHECK(kb.findEntry("departments/zhku/contacts.md#иванов") != nullptr);
    CHECK(kb.findEntry("departments/zhku/contacts.md#петров") != nullptr);
    CHECK(kb.findEntry("departments/zhku/contacts.md#сидоров") != nullptr);
    requireNeighbourLoaded(kb);
}

TEST_CASE("a contact table without ФИО or Организация", "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml", test::kProfile);
    dir.write("directory/phones.md", "\n| Имя | Телефон |\n|---|---|\n| Служба | 1 |\n");
    auto kb = kb::load(dir.path());
    INFO(dump(kb));
    CHECK(test::hasDiagnostic(kb.diagnostics, "directory/phones.md", 2, Severity::Error));
    CHECK(kb.findEntry("directory/phones.md#служба") != nullptr);
}

TEST_CASE("a file that is not UTF-8 is skipped with the line of the bad byte",
          "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml", test::kProfile);
    writeHealthyNeighbour(dir);
    // «Вопрос» in Windows-1251 on line 3.
    dir.write("departments/zhku/cases.md", "## Case\n\n\xC2\xEE\xEF\xF0\xEE\xF1\n");
    auto kb = kb::load(dir.path());
    INFO(dump(kb));
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/zhku/cases.md", 3, Severity::Error));
    CHECK(kb.findEntry("departments/zhku/cases.md#case") == nullptr);
    requireNeighbourLoaded(kb);
}

TEST_CASE("a file over the size limit is diagnosed and skipped", "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml", test::kProfile);
    writeHealthyNeighbour(dir);
    dir.write("departments/zhku/note.md", "## Big\n\n" + std::string(4000, 'x') + "\n");
    kb::LoadOptions options;
    options.maxFileSize = 1000;
    auto kb = kb::load(dir.path(), options);
    INFO(dump(kb));
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/zhku/note.md", 0, Severity::Error));
    CHECK(kb.findEntry("departments/zhku/note.md#big") == nullptr);
    requireNeighbourLoaded(kb);

    // The default limit is 5 MB: a 50 MB file (sparse, so the test stays cheap) is skipped
    // without being read.
    {
        std::ofstream big(dir.path() / "departments/zhku/huge.md", std::ios::binary);
        big << "## Huge\n";
        big.seekp(50 * 1024 * 1024);
        big << "end\n";
    }
    REQUIRE(std::filesystem::file_size(dir.path() / "departments/zhku/huge.md") >
            50u * 1024 * 1024);
    auto defaults = kb::load(dir.path());
    CHECK(
        test::hasDiagnostic(defaults.diagnostics, "departments/zhku/huge.md", 0, Severity::Error));
    const auto messages = test::formatted(defaults.diagnostics);
    CHECK(std::any_of(messages.begin(), messages.end(), [](const std::string& m) {
        return m.rfind("departments/zhku/huge.md: error: файл слишком большой (50.0 МБ", 0) == 0;
    }));
    CHECK(defaults.findEntry("departments/zhku/huge.md#huge") == nullptr);
    CHECK(defaults.findEntry("departments/zhku/note.md#big") != nullptr);
}

TEST_CASE("symbolic links: none followed, each an error — a KB holds files and folders only",
          "[kb][diagnostics]") {
    TempDir dir;
    TempDir outside;
    outside.write("secret.md", "## Секрет\n\nНе для базы.\n");
    outside.write("dept/index.md", "---\ntitle: Чужой\n---\n");
    dir.write("sufler.yaml", test::kProfile);
    writeHealthyNeighbour(dir);
    dir.write("shared/common.md", "## Общее\n\nТекст.\n");
    std::filesystem::create_symlink(outside.path() / "secret.md",
                                    dir.path() / "departments/zhku/secret.md");
    std::filesystem::create_symlink(dir.path() / "shared/common.md",
                                    dir.path() / "departments/zhku/common.md");
    std::filesystem::create_directory_symlink(outside.path() / "dept",
                                              dir.path() / "departments/foreign");
    std::filesystem::create_directory_symlink(dir.path() / "departments/zhku",
                                              dir.path() / "departments/zhku-copy");
    auto kb = kb::load(dir.path());
    INFO(dump(kb));
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/zhku/secret.md", 0, Severity::Error));
    CHECK(kb.findEntry("departments/zhku/secret.md#секрет") == nullptr);
    // A link inside the KB too: the hook refuses it, a checkout elsewhere may not have it.
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/zhku/common.md", 0, Severity::Error));
    CHECK(kb.findEntry("departments/zhku/common.md#общее") == nullptr);
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/foreign", 0, Severity::Error));
    CHECK(kb.findDepartment("foreign") == nullptr);
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/zhku-copy", 0, Severity::Error));
    CHECK(kb.findDepartment("zhku-copy") == nullptr);
    // Each once, though both the tree check and the reading of the file find it.
    const auto messages = test::formatted(kb.diagnostics);
    CHECK(std::count_if(messages.begin(), messages.end(), [](const std::string& m) {
              return m.rfind("departments/zhku/common.md:", 0) == 0;
          }) == 1);
    requireNeighbourLoaded(kb);
}

TEST_CASE("a department without index.md is an error for it alone", "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml", test::kProfile);
    writeHealthyNeighbour(dir);
    dir.write("departments/families/faq.md", "## Вопрос\n\nОтвет.\n");
    auto kb = kb::load(dir.path());
    INFO(dump(kb));
    REQUIRE(kb.diagnostics.size() == 1);
    CHECK(kb.diagnostics[0].format() ==
          "departments/families: error: у отдела нет файла index.md (название, руководитель, "
          "компетенция)");
    const auto* families = kb.findDepartment("families");
    REQUIRE(families != nullptr);
    CHECK_FALSE(families->hasIndex);
    CHECK(kb.findEntry("departments/families/faq.md#вопрос") != nullptr);
    requireNeighbourLoaded(kb);
}

TEST_CASE("index.md without title", "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml", test::kProfile);
    writeHealthyNeighbour(dir);
    dir.write("departments/families/index.md", "---\nhead: Иванова\n---\nТекст.\n");
    dir.write("departments/elderly/index.md", "Нет заголовка вовсе.\n");
    auto kb = kb::load(dir.path());
    INFO(dump(kb));
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/families/index.md", 1, Severity::Error));
    CHECK(test::hasDiagnostic(kb.diagnostics, "departments/elderly/index.md", 1, Severity::Error));
    CHECK(kb.findDepartment("families")->head == "Иванова");
    CHECK(kb.findDepartment("families")->title == "families");
    requireNeighbourLoaded(kb);
}

TEST_CASE("diagnostics come sorted by path and line", "[kb][diagnostics]") {
    TempDir dir;
    dir.write("sufler.yaml", "organization: X\nzzz: 1\n");
    dir.write("departments/b/index.md", "---\ntitle: B\nreviewed: nope\n---\n");
    dir.write("departments/a/index.md", "---\ntitle: A\nreviewed: nope\nextra: 1\n---\n");
    auto kb = kb::load(dir.path());
    const auto lines = test::formatted(kb.diagnostics);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].rfind("departments/a/index.md:3: error:", 0) == 0);
    CHECK(lines[1].rfind("departments/a/index.md:4: warning:", 0) == 0);
    CHECK(lines[2].rfind("departments/b/index.md:3: error:", 0) == 0);
    CHECK(lines[3].rfind("sufler.yaml:2: warning:", 0) == 0);
}

TEST_CASE("a KB root that does not exist throws", "[kb][diagnostics]") {
    CHECK_THROWS_AS(kb::load("/nonexistent/sufler/kb"), sufler::Error);
}
