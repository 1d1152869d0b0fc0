// The staleness report over a real git repository, and each of its formats through `sufler`.
#include "fixture.h"
#include "sufler/core/csv.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/stale_report.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

using namespace sufler;
using namespace sufler::test;

namespace {

Date d(const char* text) {
    return *parseDate(text);
}

// The default journal of whoever runs the tests must not leak into the report.
CommandResult runSufler(const std::string& arguments, bool withStderr = false) {
    return runCommand("XDG_DATA_HOME=/nonexistent/sufler-test " + quote(binary("sufler").string()) +
                          " " + arguments,
                      withStderr);
}

// Excel's serial number of a day: days since 30 December 1899.
long excelSerial(const char* date) {
    using namespace std::chrono;
    return (sys_days{d(date)} - sys_days{year{1899} / 12 / 30}).count();
}

std::string unzip(const std::filesystem::path& archive, const std::string& member) {
    auto result = runCommand("unzip -p " + quote(archive.string()) + " " + quote(member));
    REQUIRE(result.exitCode == 0);
    return result.output;
}

int countOf(const std::string& text, const std::string& what) {
    int count = 0;
    for (size_t pos = text.find(what); pos != std::string::npos;
         pos = text.find(what, pos + what.size())) {
        ++count;
    }
    return count;
}

} // namespace

TEST_CASE("report: dates of the last commits come from git, in each commit's own time zone") {
    StaleKb kb;
    kb.writeStandard();
    auto base = kb::load(kb.root());
    REQUIRE(base.inGit);
    auto report = kb::staleReport(base, d("2026-11-25"));
    REQUIRE(report.sections.size() == 4);

    const auto& families = report.sections[0];
    CHECK(families.department == "families");
    CHECK(families.status == kb::StaleStatus::Overdue);
    CHECK(families.lastReview == d("2026-08-10"));
    CHECK(families.origin == kb::ReviewOrigin::Commit);
    REQUIRE(families.requirements.size() == 2);
    CHECK(families.requirements[0].rule == kb::RequirementRule::Change);
    CHECK(families.requirements[0].due == d("2026-11-24"));
    CHECK(families.requirements[0].source == "changes.yaml:1");
    CHECK(families.requirements[1].due == d("2026-12-30"));

    const auto& zhku = report.sections[1];
    CHECK(zhku.department == "zhku");
    CHECK(zhku.status == kb::StaleStatus::Due);
    CHECK(zhku.lastReview == d("2026-10-21"));
    REQUIRE(zhku.commit);
    CHECK(zhku.commit->authorEmail == "petrov@minsoc.example");
    REQUIRE(zhku.requirements.size() == 2);
    CHECK(zhku.requirements[0].rule == kb::RequirementRule::Npa);
    CHECK(zhku.requirements[0].text == "НПА № 181-ФЗ изменён 20.11.2026");
    CHECK(zhku.requirements[0].due == d("2026-12-04"));

    CHECK(report.sections[2].department == "new-dept");
    CHECK(report.sections[2].status == kb::StaleStatus::Unreviewed);

    const auto& guardianship = report.sections[3];
    CHECK(guardianship.department == "guardianship");
    CHECK(guardianship.status == kb::StaleStatus::Ok);
    CHECK(guardianship.origin == kb::ReviewOrigin::Reviewed);
    CHECK(guardianship.due == d("2027-03-31"));
    // 2027 has no decree data, and the report says so.
    CHECK(report.calendarNotes().size() == 1);
}

TEST_CASE("report: json is the contract of design.md") {
    StaleKb kb;
    kb.writeStandard();
    auto result =
        runSufler("stale --kb " + quote(kb.root().string()) + " --today 2026-11-25 --format json");
    REQUIRE(result.exitCode == 0);
    auto json = nlohmann::ordered_json::parse(result.output);
    CHECK(json["today"] == "2026-11-25");
    REQUIRE(json["sections"].size() == 4);
    // Exactly the keys of design.md, in its order, and the one docs/staleness.md adds.
    std::vector<std::string> rootKeys;
    for (const auto& [key, value] : json.items()) {
        rootKeys.push_back(key);
    }
    CHECK(rootKeys == std::vector<std::string>{"today", "sections"});
    for (const auto& section : json["sections"]) {
        std::vector<std::string> keys;
        for (const auto& [key, value] : section.items()) {
            keys.push_back(key);
        }
        CHECK(keys == std::vector<std::string>{"department", "title", "head", "last_review",
                                               "status", "due", "reasons",
                                               "non_department_change"});
        for (const auto& reason : section["reasons"]) {
            std::vector<std::string> reasonKeys;
            for (const auto& [key, value] : reason.items()) {
                reasonKeys.push_back(key);
            }
            CHECK(reasonKeys == std::vector<std::string>{"rule", "date", "due", "text"});
        }
    }
    const auto& first = json["sections"][0];
    CHECK(first["department"] == "families");
    CHECK(first["title"] == "Отдел социальных выплат семьям с детьми");
    CHECK(first["head"] == "Иванова Мария Петровна");
    CHECK(first["last_review"] == "2026-08-10");
    CHECK(first["status"] == "overdue");
    CHECK(first["due"] == "2026-11-24");
    REQUIRE(first["reasons"].size() == 2);
    const auto& reason = first["reasons"][0];
    CHECK(reason["rule"] == "change");
    CHECK(reason["date"] == "2026-11-10");
    CHECK(reason["due"] == "2026-11-24");
    CHECK(reason["text"] ==
          "изменение от 10.11.2026: С 1 января 2027 года меняется размер регионального пособия");
    CHECK(first["reasons"][1]["rule"] == "quarterly");
    CHECK(first["reasons"][1]["text"] == "ежеквартальная актуализация");

    std::vector<std::string> statuses;
    for (const auto& section : json["sections"]) {
        statuses.push_back(section["status"]);
    }
    CHECK(statuses == std::vector<std::string>{"overdue", "due", "unreviewed", "ok"});
    CHECK(json["sections"][1]["reasons"][0]["rule"] == "npa");
    CHECK(json["sections"][2]["last_review"].is_null());
    CHECK(json["sections"][3]["last_review"] == "2026-11-20");
    CHECK(json["sections"][3]["due"] == "2027-03-31");
    // families was committed by its editor; guardianship only brought in by the admin.
    CHECK(first["non_department_change"].is_null());
    const auto& foreign = json["sections"][3]["non_department_change"];
    REQUIRE(foreign.is_object());
    CHECK(foreign["date"] == "2026-08-10");
    CHECK(foreign["author_email"] == "it@minsoc.example");
    CHECK(foreign["by_admin"] == true);
    CHECK(foreign["count"] == 1);
    CHECK(foreign["summary"] == "База знаний");
    CHECK(foreign["commit"].get<std::string>().size() == 40);
    // What has no key in the contract is said beside it: 2027 has no decree data.
    auto notes = runSufler("stale --kb " + quote(kb.root().string()) +
                           " --today 2026-11-25 --format json 2>&1 >/dev/null");
    CHECK(notes.output.find("Для 2027 года") != std::string::npos);
}

TEST_CASE("report: --check exits 1 only when a section is overdue") {
    StaleKb kb;
    kb.writeStandard();
    const std::string args = "stale --kb " + quote(kb.root().string()) + " --check --format json";
    CHECK(runSufler(args + " --today 2026-11-25").exitCode == 1);
    CHECK(runSufler(args + " --today 2026-11-12").exitCode == 0);
    CHECK(runSufler(args + " --today 2026-13-01", true).exitCode != 0);
    auto noOut = runSufler("stale --kb " + quote(kb.root().string()) + " --format xlsx", true);
    CHECK(noOut.exitCode != 0);
    CHECK(noOut.output.find("--out") != std::string::npos);
}

TEST_CASE("report: text, csv and md formats") {
    StaleKb kb;
    kb.writeStandard();
    const std::string args = "stale --kb " + quote(kb.root().string()) + " --today 2026-11-25";

    auto text = runSufler(args);
    REQUIRE(text.exitCode == 0);
    CHECK(text.output.find('\x1b') == std::string::npos); // not a terminal: no colour
    CHECK(text.output.find("Актуальность базы знаний на 25.11.2026") != std::string::npos);
    auto overdue = text.output.find("просрочено");
    auto ok = text.output.find("в порядке  ");
    CHECK(overdue != std::string::npos);
    CHECK(ok != std::string::npos);
    CHECK(overdue < ok);
    CHECK(text.output.find("изменение от 10.11.2026: С 1 января 2027 года") != std::string::npos);
    CHECK(text.output.find("НПА № 181-ФЗ изменён 20.11.2026 — срок 04.12.2026") !=
          std::string::npos);
    CHECK(text.output.find("2027 — только статья 112 ТК РФ") != std::string::npos);
    CHECK(text.output.find("постановление Правительства РФ от 24.09.2025 № 1466") !=
          std::string::npos);

    auto csv = runSufler(args + " --format csv");
    REQUIRE(csv.exitCode == 0);
    CHECK(csv.output.rfind("\xEF\xBB\xBF"
                           "department;title;head;last_review;review_source;commit;status;due;"
                           "reasons;non_department_change\r\n",
                           0) == 0);
    // guardianship was only brought in by the admin: named, with the date it kept.
    CHECK(
        csv.output.find(";изменён администратором 10.08.2026: Тест <it@minsoc.example>, коммит ") !=
        std::string::npos);
    CHECK(countOf(csv.output, "\r\n") == 5);
    CHECK(csv.output.find("\r\nfamilies;Отдел социальных выплат семьям с детьми;Иванова Мария "
                          "Петровна;2026-08-10;"
                          "commit;") != std::string::npos);
    CHECK(csv.output.find(";overdue;2026-11-24;") != std::string::npos);
    CHECK(csv.output.find("\r\nnew-dept;Новый отдел;Кузнецов Иван Сергеевич;;;;unreviewed;;") !=
          std::string::npos);

    TempDir out;
    auto md = runSufler(args + " --format md --out " + quote((out.path() / "stale.md").string()));
    REQUIRE(md.exitCode == 0);
    CHECK(md.output.empty());
    std::string markdown = readFile(out.path() / "stale.md");
    CHECK(markdown.rfind("# Актуальность базы знаний на 25.11.2026", 0) == 0);
    CHECK(markdown.find(
              "| families — Отдел социальных выплат семьям с детьми | Иванова Мария Петровна | "
              "10.08.2026 (коммит ") != std::string::npos);
    CHECK(markdown.find("| **просрочено** | 24.11.2026 |") != std::string::npos);
    CHECK(markdown.find(
              "- НПА № 181-ФЗ изменён 20.11.2026 — срок 04.12.2026 (`departments/zhku/npa.md:") !=
          std::string::npos);
}

TEST_CASE("report: the xlsx workbook read back") {
    StaleKb kb;
    kb.writeStandard();
    TempDir out;
    const auto file = out.path() / "Актуальность.xlsx";
    auto result = runSufler("stale --kb " + quote(kb.root().string()) +
                            " --today 2026-11-25 --format xlsx --out " + quote(file.string()));
    REQUIRE(result.exitCode == 0);
    REQUIRE(std::filesystem::exists(file));

    // Without --format, the extension of --out chooses it.
    const auto byExtension = out.path() / "ОТЧЁТ.XLSX";
    REQUIRE(runSufler("stale --kb " + quote(kb.root().string()) + " --today 2026-11-25 --out " +
                      quote(byExtension.string()))
                .exitCode == 0);
    CHECK(unzip(byExtension, "xl/workbook.xml").find("name=\"Разделы\"") != std::string::npos);

    // LibreOffice Calc opens it: the table with its requirements, dates read as dates.
    const auto sheets = sufler::test::openInLibreOffice(file);
    INFO(sheets.problem);
    REQUIRE(sheets.csv.count("Разделы") == 1);
    REQUIRE(sheets.csv.count("Требования") == 1);
    const std::string& opened = sheets.csv.at("Разделы");
    CHECK(opened.rfind("Отдел;Раздел;Руководитель;", 0) == 0);
    CHECK(opened.find("Иванова Мария Петровна") != std::string::npos);
    CHECK(opened.find("НПА № 181-ФЗ изменён 20.11.2026") != std::string::npos);
    CHECK(std::regex_search(
        opened, std::regex(";(0?8/10/2026|2026-08-10|10\\.08\\.2026);"))); // a date, not text

    std::string workbook = unzip(file, "xl/workbook.xml");
    CHECK(workbook.find("name=\"Разделы\"") != std::string::npos);
    CHECK(workbook.find("name=\"Требования\"") != std::string::npos);

    std::string strings = unzip(file, "xl/sharedStrings.xml");
    for (const char* text : {"Отдел социальных выплат семьям с детьми", "просрочено", "скоро срок",
                             "не актуализировался", "в порядке", "НПА № 181-ФЗ изменён 20.11.2026",
                             "Иванова Мария Петровна"}) {
        CHECK(strings.find(text) != std::string::npos);
    }

    std::string sections = unzip(file, "xl/worksheets/sheet1.xml");
    // Header frozen, filter on the whole table, one row per section.
    CHECK(std::regex_search(sections, std::regex("<pane[^>]*ySplit=\"1\"[^>]*state=\"frozen\"")));
    CHECK(sections.find("<autoFilter ref=\"A1:I5\"") != std::string::npos);
    CHECK(countOf(sections, "<row ") == 5);
    // Dates are numbers in a date format: D2 is the last review of the first (overdue) section,
    // G2 its due date.
    std::smatch match;
    REQUIRE(std::regex_search(sections, match,
                              std::regex("<c r=\"D2\" s=\"(\\d+)\"[^>]*><v>(\\d+)</v>")));
    CHECK(std::stol(match[2]) == excelSerial("2026-08-10"));
    const std::string dateStyle = match[1];
    REQUIRE(std::regex_search(sections, match,
                              std::regex("<c r=\"G2\" s=\"\\d+\"[^>]*><v>(\\d+)</v>")));
    CHECK(std::stol(match[1]) == excelSerial("2026-11-24"));
    std::string styles = unzip(file, "xl/styles.xml");
    CHECK(styles.find("formatCode=\"dd.mm.yyyy\"") != std::string::npos);
    // Status cells are filled: red for overdue, green for ok.
    CHECK(styles.find("FFFFC7CE") != std::string::npos);
    CHECK(styles.find("FFC6EFCE") != std::string::npos);
    REQUIRE(std::regex_search(sections, match, std::regex("<c r=\"F2\" s=\"(\\d+)\" t=\"s\"")));
    CHECK(match[1] != dateStyle);

    // The second sheet: every open requirement (families 2, zhku 2, new-dept 1, guardianship 1).
    std::string requirements = unzip(file, "xl/worksheets/sheet2.xml");
    CHECK(countOf(requirements, "<row ") == 7);
    CHECK(requirements.find("<autoFilter ref=\"A1:J7\"") != std::string::npos);
    CHECK(
        std::regex_search(requirements, std::regex("<pane[^>]*ySplit=\"1\"[^>]*state=\"frozen\"")));
}

TEST_CASE("report: operators' signals from the call journal since each section's last review") {
    StaleKb kb;
    kb.writeStandard();
    TempDir data;
    const auto journalPath = data.path() / "journal.sqlite";
    {
        auto journal = journal::Journal::open(journalPath);
        auto flag = [&](journal::FlagKind kind, const std::string& entry,
                        const std::string& department, const std::string& at) {
            journal::KbFlag f;
            f.kind = kind;
            f.entryId = entry;
            f.department = department;
            f.createdAt = at;
            f.operatorName = "Оператор";
            journal.flagEntry(f);
        };
        const std::string faq = "departments/families/faq.md#как-оформить-единое-пособие";
        // Before the last review of families (10.08.2026): already dealt with, not counted.
        flag(journal::FlagKind::Outdated, faq, "", "2026-08-01 10:00:00");
        flag(journal::FlagKind::Outdated, faq, "", "2026-09-01 10:00:00");
        flag(journal::FlagKind::Outdated, faq, "", "2026-09-02 11:00:00");
        flag(journal::FlagKind::NoAnswer, "", "families", "2026-09-03 12:00:00");
        // zhku was last changed 21.10.2026: only the later flag counts.
        flag(journal::FlagKind::NoAnswer, "", "zhku", "2026-10-01 12:00:00");
        flag(journal::FlagKind::NoAnswer, "", "zhku", "2026-10-22 12:00:00");
        flag(journal::FlagKind::NoAnswer, "", "", "2026-10-22 12:00:00");
        // Empty searches are stamped now, after every review of the fixture.
        journal.recordEmptySearch("пособие на третьего ребёнка", "families");
        journal.recordEmptySearch("субсидия на газ", "");
    }
    const std::string args =
        "stale --kb " + quote(kb.root().string()) + " --journal " + quote(journalPath.string());

    auto text = runSufler(args);
    REQUIRE(text.exitCode == 0);
    CHECK(text.output.find(
              "! сигналы операторов с 10.08.2026: «ответ устарел» — 2, «нет ответа в базе» — 1, "
              "поисков без результата — 1; устарели: "
              "departments/families/faq.md#как-оформить-единое-пособие") != std::string::npos);
    CHECK(text.output.find("! сигналы операторов с 21.10.2026: «нет ответа в базе» — 1\n") !=
          std::string::npos);
    CHECK(text.output.find(
              "Сигналы без раздела: «нет ответа в базе» — 1, поисков без результата — 1.") !=
          std::string::npos);
    CHECK(text.output.find("из журнала звонков " + journalPath.string()) != std::string::npos);

    auto csv = runSufler(args + " --format csv");
    REQUIRE(csv.exitCode == 0);
    CHECK(csv.output.find(";signals_outdated;signals_no_answer;signals_empty_searches;signals_"
                          "outdated_entries\r\n") != std::string::npos);
    CHECK(csv.output.find(";2;1;1;departments/families/faq.md#как-оформить-единое-пособие\r\n") !=
          std::string::npos);

    TempDir out;
    const auto file = out.path() / "stale.xlsx";
    REQUIRE(runSufler(args + " --format xlsx --out " + quote(file.string())).exitCode == 0);
    std::string sheet = unzip(file, "xl/worksheets/sheet1.xml");
    CHECK(sheet.find("<autoFilter ref=\"A1:M5\"") != std::string::npos);
    // families is the first row (its change is due 24.11.2026, the nearest date): 2 outdated, 1 no
    // answer.
    std::smatch match;
    REQUIRE(std::regex_search(sheet, match, std::regex("<c r=\"J2\" s=\"\\d+\"><v>(\\d+)</v>")));
    CHECK(match[1] == "2");
    REQUIRE(std::regex_search(sheet, match, std::regex("<c r=\"K2\" s=\"\\d+\"><v>(\\d+)</v>")));
    CHECK(match[1] == "1");

    // JSON keeps to its contract; a journal that is not there is an error when asked for.
    auto json = nlohmann::json::parse(runSufler(args + " --format json").output);
    CHECK_FALSE(json["sections"][0].contains("signals"));
    auto missing = runSufler("stale --kb " + quote(kb.root().string()) + " --journal " +
                                 quote((data.path() / "нет.sqlite").string()),
                             true);
    CHECK(missing.exitCode != 0);
    CHECK(missing.output.find("нет такого файла журнала") != std::string::npos);

    // Without --journal the default one is read when it exists, and --no-journal skips it.
    std::filesystem::create_directories(data.path() / "sufler");
    std::filesystem::rename(journalPath, data.path() / "sufler" / "journal.sqlite");
    const std::string program = quote(binary("sufler").string());
    auto byDefault = runCommand("XDG_DATA_HOME=" + quote(data.path().string()) + " " + program +
                                " stale --kb " + quote(kb.root().string()));
    CHECK(byDefault.output.find("сигналы операторов с 10.08.2026") != std::string::npos);
    auto skipped = runCommand("XDG_DATA_HOME=" + quote(data.path().string()) + " " + program +
                              " stale --no-journal --kb " + quote(kb.root().string()));
    CHECK(skipped.output.find("сигналы операторов") == std::string::npos);
}

TEST_CASE("report: colour on a terminal only, and never with NO_COLOR") {
    StaleKb kb;
    kb.writeStandard();
    const std::string command = quote(binary("sufler").string()) + " stale --no-journal --kb " +
                                quote(kb.root().string()) + " --today 2026-11-25";
    // `script` gives the program a pseudo-terminal as its standard output.
    auto onTerminal = runCommand("script -qec " + quote(command) + " /dev/null");
    REQUIRE(onTerminal.exitCode == 0);
    CHECK(onTerminal.output.find("\x1b[1;31m") != std::string::npos); // overdue in bold red
    CHECK(onTerminal.output.find("Актуальность базы знаний") != std::string::npos);
    auto noColour = runCommand("script -qec " + quote("NO_COLOR=1 " + command) + " /dev/null");
    REQUIRE(noColour.exitCode == 0);
    CHECK(noColour.output.find('\x1b') == std::string::npos);
    CHECK(noColour.output.find("Актуальность базы знаний") != std::string::npos);
}

TEST_CASE("report: the csv opens in Russian Excel as is and runs nothing a department typed") {
    StaleKb kb;
    kb.writeStandard();
    // Heads and titles are text the departments type: here, text a spreadsheet would run.
    const std::string hyperlink = "=HYPERLINK(\"http://example.com/x\",\"x\")";
    kb.dir.write("departments/families/index.md",
                 "---\n"
                 "title: '-7-7'\n"
                 "head: '=HYPERLINK(\"http://example.com/x\",\"x\")'\n"
                 "editors: [ivanova@minsoc.example]\n"
                 "---\n\n"
                 "Отдел назначает региональные пособия семьям с детьми.\n");
    kb.dir.write("departments/zhku/index.md", "---\n"
                                              "title: '@SUM(A1:A2)'\n"
                                              "head: '+1-1'\n"
                                              "editors: [petrov@minsoc.example]\n"
                                              "---\n\n"
                                              "Компенсации.\n");
    TempDir out;
    const auto file = out.path() / "актуальность.csv";
    const auto run = runSufler("stale --kb " + quote(kb.root().string()) +
                                   " --today 2026-11-25 --format csv --out " + quote(file.string()),
                               true);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const std::string csv = readFile(file);
    // The BOM and `;`: Russian Excel opens it by a double click, a column a field.
    REQUIRE(csv.rfind("\xEF\xBB\xBF"
                      "department;title;head;last_review;review_source;commit;status;due;",
                      0) == 0);

    const auto records = core::parseCsv(std::string_view(csv).substr(3), ';', file.string());
    REQUIRE(records.size() == 5);
    const auto& titles = records[0].cells;
    const auto column = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(titles.begin(), titles.end(), name) -
                                        titles.begin());
    };
    std::map<std::string, std::vector<std::string>> byDepartment;
    for (const auto& record : records) {
        INFO(record.line);
        CHECK(record.problem.empty());
        REQUIRE(record.cells.size() == titles.size());
        for (const auto& cell : record.cells) {
            CHECK_FALSE(core::startsLikeFormula(cell));
        }
        byDepartment[record.cells[0]] = record.cells;
    }
    CHECK(byDepartment["families"][column("title")] == "'-7-7");
    CHECK(byDepartment["families"][column("head")] == "'" + hyperlink);
    CHECK(byDepartment["zhku"][column("title")] == "'@SUM(A1:A2)");
    CHECK(byDepartment["zhku"][column("head")] == "'+1-1");
    CHECK(byDepartment["families"][column("status")] == "overdue");
    CHECK(byDepartment["families"][column("due")] == "2026-11-24");

    // LibreOffice Calc evaluates `=…` in a CSV as Excel does: the head shows as typed, no link.
    const auto sheets = sufler::test::openCsvInLibreOffice(file);
    INFO(sheets.problem);
    REQUIRE(sheets.csv.count("book") == 1);
    const std::string& shown = sheets.csv.at("book");
    CHECK(shown.rfind("department;title;head;last_review;", 0) == 0);
    CHECK(shown.find(";\"'=HYPERLINK(\"\"http://example.com/x\"\",\"\"x\"\")\";") !=
          std::string::npos);
    CHECK(shown.find(";'+1-1;") != std::string::npos);
    CHECK(shown.find("families;'-7-7;") != std::string::npos);
}
