// The monthly report on a generated month of calls, checked against counts the test keeps
// itself; the xlsx read back; personal data only when asked.
#include "support.h"
#include "temp_dir.h"

#include "text_util.h"

#include "sufler/core/calendar.h"
#include "sufler/core/csv.h"
#include "sufler/journal/import.h"
#include "sufler/journal/report.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <random>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

const std::vector<std::string> kMunicipalities = {"Энск", "Энский район", "Заречный район", ""};
const std::vector<std::string> kDepartments = {"family-payments", "pensions", "employment", ""};

// What the test itself counted while making the month.
struct Expected : test::MonthFigures {
    std::map<std::string, int> day;
    int notAnswered = 0;
    int late = 0, open = 0;
    int kbNotFound = 0;
    std::vector<std::string> phones;
};

Expected makeMonth(Journal& j, int calls) {
    Expected e;
    std::mt19937 rng(20261124);
    const auto pick = [&](const std::vector<std::string>& v) {
        return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
    };
    const auto roll = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    j.setCalendar(core::WorkCalendar{});
    for (int i = 0; i < calls; ++i) {
        IncomingCall c;
        const int dayOfMonth = 1 + roll(30);
        c.receivedAt = fmt::format("2026-11-{:02} {:02}:{:02}", dayOfMonth, 9 + roll(9), roll(60));
        c.phone = fmt::format("+7 900 555-{:04}", i);
        c.callerName = fmt::format("Абонент {}", i);
        c.callerBirthYear = "1950";
        c.gender = roll(2) ? Gender::Male : Gender::Female;
        c.municipality = pick(kMunicipalities);
        c.department = pick(kDepartments);
        c.operatorName = pick(test::monthOperators());
        c.organizations = pick(test::monthOrganizations());
        c.question = fmt::format("Вопрос {}", i);
        const int a = roll(3);
        c.survey.answered = a == 0 ? Answered::Yes : a == 1 ? Answered::No : Answered::Unknown;
        const int s = roll(4);
        c.survey.satisfaction = s == 0   ? Satisfaction::Satisfied
                                : s == 1 ? Satisfaction::PartlySatisfied
                                : s == 2 ? Satisfaction::NotSatisfied
                                         : Satisfaction::Unknown;
        const int t = roll(3);
        for (int k = 0; k < t; ++k) {
            c.transfers.push_back(Transfer{fmt::format("специалист {}", k), "", ""});
        }
        c.kbAnswer = roll(10) == 0 ? KbAnswer::NotFound : KbAnswer::Found;
        const auto id = j.addIncoming(c);

        ++e.incoming;
        e.municipality[test::reportKey(c.municipality)]++;
        e.topic[test::reportKey(c.department)]++;
        e.oper[c.operatorName]++;
        test::countOrganizations(e.organization, c.organizations);
        e.day[fmt::format("2026-11-{:02}", dayOfMonth)]++;
        e.answered += a == 0;
        e.notAnswered += a == 1;
        e.satisfied += s == 0;
        e.partly += s == 1;
        e.notSatisfied += s == 2;
        e.transfers += t;
        e.kbNotFound += c.kbAnswer == KbAnswer::NotFound;
        e.phones.push_back(c.phone);

        if (i % 7 == 0) {
            const auto d = j.deferAnswer(id, "", "после обеда");
            ++e.deferred;
            const int how = roll(3);
            // A callback with the answer is an outgoing call of Приложение 2 when it was made.
            const auto callback = [&](const Date& day, const char* result, const char* time) {
                j.completeDeferred(id, result, formatIsoDate(day) + time);
                e.outgoing += day.month() == std::chrono::November ? 1 : 0;
            };
            if (how == 0) {
                callback(d.deadline(), "ответ дан", " 17:00");
                ++e.onTime;
            } else if (how == 1) {
                callback(Date{std::chrono::sys_days(d.deadline()) + std::chrono::days(3)},
                         "ответ дан поздно", " 10:00");
                ++e.late;
            } else {
                ++e.open;
            }
        }
    }
    // Calls of the months around must not count.
    for (const char* when : {"2026-10-31 23:59", "2026-12-01 00:00"}) {
        IncomingCall c;
        c.receivedAt = when;
        c.municipality = "Энск";
        j.addIncoming(c);
        OutgoingCall o;
        o.calledAt = when;
        j.addOutgoing(o);
    }
    for (int i = 0; i < 17; ++i) {
        OutgoingCall o;
        o.calledAt = fmt::format("2026-11-{:02} 15:00", 1 + i);
        o.calleeContact = fmt::format("Специалист {}, +7 861 000-00-{:02}", i, i);
        o.question = "уточнение";
        j.addOutgoing(o);
        ++e.outgoing;
    }
    return e;
}

std::map<std::string, int> asMap(const std::vector<Count>& counts) {
    std::map<std::string, int> out;
    for (const auto& c : counts) {
        out[c.key] = c.count;
    }
    return out;
}

std::string kbWithLists(const TempDir& dir) {
    dir.write("kb/sufler.yaml",
              "organization: Министерство труда и социальной защиты населения Энской области\n"
              "municipalities: [Энск, Энский район, Заречный район]\n"
              "operators: [Сидорова О. В., Петров А. А., Кузьмина Л. Л.]\n");
    return (dir.path() / "kb").string();
}

// A generated month of `calls` in DIR/journal.sqlite, the journal closed again for the program.
Expected monthOnDisk(const TempDir& dir, int calls) {
    auto j = test::freshJournal(dir.path());
    return makeMonth(j, calls);
}

// `sufler report --month 2026-11 ARGS` on DIR/journal.sqlite with a KB that has the lists;
// the output is stdout alone unless `withStderr`.
test::CommandResult runReport(const TempDir& dir, const std::string& args,
                              bool withStderr = false) {
    return test::runCommand(fmt::format("{} report --journal {} --kb {} --month 2026-11 {}",
                                        test::binary("sufler").string(),
                                        (dir.path() / "journal.sqlite").string(), kbWithLists(dir),
                                        args),
                            withStderr);
}

} // namespace

TEST_CASE("report: the figures of a generated month match the test's own counts") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    const Expected e = makeMonth(j, 240);
    const auto r = buildMonthlyReport(j, std::chrono::year{2026} / std::chrono::November);
    CHECK(r.incomingTotal() == e.incoming);
    CHECK(r.outgoingTotal() == e.outgoing);
    CHECK(asMap(r.byMunicipality) == e.municipality);
    CHECK(asMap(r.byTopic) == e.topic);
    CHECK(asMap(r.byOperator) == e.oper);
    CHECK(asMap(r.byOrganization) == e.organization);
    auto days = e.day;
    for (int d = 1; d <= 30; ++d) {
        days.try_emplace(fmt::format("2026-11-{:02}", d), 0); // every day is listed
    }
    CHECK(asMap(r.byDay) == days);
    CHECK(r.byDay.size() == 30);
    CHECK(r.answered == e.answered);
    CHECK(r.notAnswered == e.notAnswered);
    CHECK(r.satisfied == e.satisfied);
    CHECK(r.partlySatisfied == e.partly);
    CHECK(r.notSatisfied == e.notSatisfied);
    CHECK(r.transfers == e.transfers);
    CHECK(r.deferredTotal == e.deferred);
    CHECK(r.deferredOnTime == e.onTime);
    CHECK(r.deferredLate == e.late);
    CHECK(r.deferredOpen == e.open);
    CHECK(r.kbNotFound == e.kbNotFound);
    // Most calls first.
    for (std::size_t i = 1; i < r.byMunicipality.size(); ++i) {
        CHECK(r.byMunicipality[i - 1].count >= r.byMunicipality[i].count);
    }
}

TEST_CASE("report: `sufler report --format json` carries the same figures") {
    TempDir dir;
    const Expected e = monthOnDisk(dir, 120);
    const auto res = runReport(dir, "--format json");
    REQUIRE(res.exitCode == 0);
    const auto json = nlohmann::json::parse(res.output);
    CHECK(json["month"] == "2026-11");
    test::checkReportJson(json, e);
    // No personal data unless asked.
    CHECK(res.output.find(e.phones.front()) == std::string::npos);
    CHECK(res.output.find("Абонент 0") == std::string::npos);
    CHECK(json["with_personal_data"] == false);
}

TEST_CASE("report: the xlsx holds both registers in the form of the Приложения, and charts") {
    TempDir dir;
    const Expected e = monthOnDisk(dir, 60);
    const auto out = dir.path() / "отчёт.xlsx";
    const auto res = runReport(dir, fmt::format("--format xlsx --out '{}'", out.string()), true);
    INFO(res.output);
    REQUIRE(res.exitCode == 0);
    const auto sheets = readXlsx(out);
    REQUIRE(sheets.size() == 3);
    CHECK(sheets[0].name == "Приложение 1");
    CHECK(sheets[1].name == "Приложение 2");
    CHECK(sheets[2].name == "Анализ");

    const auto findRow = [](const Table& t, const std::string& first) -> std::size_t {
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            if (!t.rows[i].cells.empty() && t.rows[i].cells[0] == first) {
                return i;
            }
        }
        return t.rows.size();
    };
    const std::vector<std::pair<const Table*, const std::vector<std::string>*>> registers = {
        {&sheets[0], &incomingRegisterTitles()}, {&sheets[1], &outgoingRegisterTitles()}};
    for (const auto& [sheet, titles] : registers) {
        const auto h = findRow(*sheet, "№ п/п");
        REQUIRE(h + 1 < sheet->rows.size());
        CHECK(sheet->rows[h].cells == *titles);
        std::vector<std::string> numbers;
        for (std::size_t i = 1; i <= titles->size(); ++i) {
            numbers.push_back(std::to_string(i));
        }
        CHECK(sheet->rows[h + 1].cells == numbers);
    }
    CHECK(incomingRegisterTitles().size() == 10);
    CHECK(outgoingRegisterTitles().size() == 8);
    CHECK(incomingRegisterTitles()[4] == "Контактные данные позвонившего (ФИО, год рождения)");
    // Data rows follow the numbering row line by line; the signature comes after a gap.
    const auto dataRows = [&](const Table& t) {
        int n = 0;
        for (auto i = findRow(t, "№ п/п") + 2;
             i < t.rows.size() && t.rows[i].line == t.rows[i - 1].line + 1; ++i) {
            ++n;
        }
        return n;
    };
    CHECK(dataRows(sheets[0]) == e.incoming);
    CHECK(dataRows(sheets[1]) == e.outgoing);
    // Personal data blanked: column 3 (phone) and 5 (contact) empty in every row.
    const auto h = findRow(sheets[0], "№ п/п");
    for (std::size_t i = h + 2; i < sheets[0].rows.size(); ++i) {
        const auto& cells = sheets[0].rows[i].cells;
        CHECK((cells.size() <= 2 || cells[2].empty()));
        CHECK((cells.size() <= 4 || cells[4].empty()));
    }
    // The analysis: the key figures and charts.
    const auto a = findRow(sheets[2], "Входящих звонков");
    REQUIRE(a < sheets[2].rows.size());
    CHECK(sheets[2].rows[a].cells[1] == std::to_string(e.incoming));
    CHECK(test::zipHas(out, "xl/charts/chart1.xml"));
    CHECK(test::zipHas(out, "xl/charts/chart5.xml"));
    CHECK(test::zipHas(out, "xl/drawings/drawing1.xml"));
}

TEST_CASE("report: the xlsx opens in LibreOffice with the registers and the analysis") {
    TempDir dir;
    const Expected e = monthOnDisk(dir, 30);
    const auto out = dir.path() / "отчёт за ноябрь.xlsx";
    const auto res = runReport(dir, fmt::format("--format xlsx --out '{}'", out.string()), true);
    INFO(res.output);
    REQUIRE(res.exitCode == 0);
    const auto sheets = test::openInLibreOffice(out);
    INFO(sheets.problem);
    REQUIRE(sheets.csv.size() == 3);
    const auto joined = [](const std::vector<std::string>& titles) {
        std::string line;
        for (const auto& title : titles) {
            line += (line.empty() ? "" : ";") + title;
        }
        return line;
    };
    const auto lines = [](const std::string& csv) {
        return static_cast<int>(std::count(csv.begin(), csv.end(), '\n'));
    };
    const std::string& incoming = sheets.csv.at("Приложение 1");
    const std::string& outgoing = sheets.csv.at("Приложение 2");
    CHECK(incoming.find(joined(incomingRegisterTitles())) != std::string::npos);
    CHECK(outgoing.find(joined(outgoingRegisterTitles())) != std::string::npos);
    CHECK(incoming.find("\n1;2;3;4;5;6;7;8;9;10\n") != std::string::npos);
    // every call a line of its register, beside the title lines and the signature
    CHECK(lines(incoming) >= e.incoming + 2);
    CHECK(lines(outgoing) >= e.outgoing + 2);
    const std::string& analysis = sheets.csv.at("Анализ");
    CHECK(analysis.find("Входящих звонков;" + std::to_string(e.incoming)) != std::string::npos);
}

TEST_CASE("report: with personal data the xlsx imports back into an empty journal") {
    TempDir dir;
    const Expected e = monthOnDisk(dir, 40);
    const auto out = dir.path() / "full.xlsx";
    MonthlyReport report;
    {
        const auto j = Journal::open(dir.path() / "journal.sqlite");
        ReportOptions options;
        options.withPersonalData = true;
        report = buildMonthlyReport(j, std::chrono::year{2026} / std::chrono::November, options);
        writeReport(report, core::ReportFormat::Xlsx, out);
    }
    auto copy = test::freshJournal(dir.path(), "copy.sqlite");
    const auto result = importRegister(copy, out, ReferenceLists{});
    CHECK(result.badRows == 0);
    CHECK(result.incoming == e.incoming);
    CHECK(result.outgoing == e.outgoing);
    const auto original = Journal::open(dir.path() / "journal.sqlite");
    const Period nov = Period::month(std::chrono::year{2026} / std::chrono::November);
    const auto a = original.incomingCalls(nov);
    const auto b = copy.incomingCalls(nov);
    REQUIRE(a.size() == b.size());
    REQUIRE(report.incoming.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        // The register's № п/п (the place by time in the year), not the order of entry.
        CHECK(report.incoming[i].number == b[i].number);
        CHECK(report.incoming[i].id == a[i].id);
        CHECK(a[i].receivedAt.substr(0, 16) == b[i].receivedAt.substr(0, 16));
        CHECK(a[i].phone == b[i].phone);
        CHECK(a[i].gender == b[i].gender);
        CHECK(a[i].callerName == b[i].callerName);
        CHECK(a[i].callerBirthYear == b[i].callerBirthYear);
        CHECK(a[i].municipality == b[i].municipality);
        CHECK(a[i].question == b[i].question);
        CHECK(a[i].organizations == b[i].organizations);
        CHECK(a[i].operatorName == b[i].operatorName);
        CHECK(a[i].note == b[i].note);
    }
}

TEST_CASE("report: csv and md carry the registers' titles, personal data only when asked") {
    TempDir dir;
    const Expected e = monthOnDisk(dir, 30);
    for (const char* format : {"csv", "md"}) {
        INFO(format);
        const auto plain = runReport(dir, fmt::format("--format {}", format));
        REQUIRE(plain.exitCode == 0);
        for (const auto& title : incomingRegisterTitles()) {
            CHECK(plain.output.find(title) != std::string::npos);
        }
        for (const auto& title : outgoingRegisterTitles()) {
            CHECK(plain.output.find(title) != std::string::npos);
        }
        CHECK(plain.output.find(e.phones[3]) == std::string::npos);
        const auto full = runReport(dir, fmt::format("--format {} --with-personal-data", format));
        REQUIRE(full.exitCode == 0);
        CHECK(full.output.find(e.phones[3]) != std::string::npos);
    }
    // The CSV report is a register Excel opens; its registers import back.
    const auto csv = dir.path() / "report.csv";
    REQUIRE(runReport(dir, fmt::format("--format csv --with-personal-data --out {}", csv.string()))
                .exitCode == 0);
    auto copy = test::freshJournal(dir.path(), "copy.sqlite");
    const auto result = importRegister(copy, csv, ReferenceLists{});
    CHECK(result.badRows == 0);
    CHECK(result.incoming == e.incoming);
    CHECK(result.outgoing == e.outgoing);
}

TEST_CASE("report formats by name: exactly xlsx, csv, md and json") {
    const auto parse = [](std::string_view name) {
        return core::parseReportFormat(name, journal::kMonthlyReportFormats);
    };
    CHECK(parse("xlsx") == journal::ReportFormat::Xlsx);
    CHECK(parse("csv") == journal::ReportFormat::Csv);
    CHECK(parse("md") == journal::ReportFormat::Markdown);
    CHECK(parse("json") == journal::ReportFormat::Json);
    CHECK_FALSE(parse("text")); // a format of other reports, not of this one
    CHECK_FALSE(parse("XLSX"));
    CHECK_FALSE(parse("pdf"));
    CHECK_FALSE(parse(""));
}

TEST_CASE("report: the CSV shows every typed text that looks like a formula, runs none, and "
          "keeps its figures numbers") {
    TempDir dir;
    const std::string hyperlink = "=HYPERLINK(\"http://example.com/x\",\"x\")";
    const std::vector<std::string> texts = {
        hyperlink, "+1-1", "-7-7", "@SUM(A1:A2)", "\tс табуляцией", "\rс возвратом каретки"};
    {
        auto j = test::freshJournal(dir.path());
        int minute = 0;
        for (const auto& t : texts) {
            IncomingCall c;
            c.receivedAt = fmt::format("2026-11-05 10:{:02}", minute++);
            c.phone = "+7 900 000-00-01";
            c.municipality = t;
            c.question = t;
            c.operatorName = t;
            c.note = t;
            j.addIncoming(c);
        }
    }
    const auto file = dir.path() / "отчёт.csv";
    const auto run = runReport(
        dir, fmt::format("--format csv --with-personal-data --out '{}'", file.string()), true);
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const std::string raw = test::readFile(file);
    REQUIRE(raw.rfind("\xEF\xBB\xBF"
                      "Приложение 1\r\n",
                      0) == 0);

    const Table table = readCsv(file);
    std::map<std::string, int> cells; // how often each cell occurs
    for (const auto& row : table.rows) {
        CHECK(row.problem.empty());
        for (const auto& cell : row.cells) {
            CHECK_FALSE(core::startsLikeFormula(cell));
            ++cells[cell];
        }
    }
    // Each text in its four columns of Приложение 1, and among the operators and
    // municipalities of the analysis (which counts names without the spaces around them):
    // always behind the apostrophe.
    for (const auto& t : texts) {
        INFO(escapeForLine(t));
        const bool spaced = t[0] == '\t' || t[0] == '\r';
        CHECK(cells["'" + t] == (spaced ? 4 : 6));
        CHECK(cells[t] == 0);
    }
    CHECK(cells["'+7 900 000-00-01"] == static_cast<int>(texts.size()));
    CHECK(raw.find(";\"'=HYPERLINK(\"\"http://example.com/x\"\",\"\"x\"\")\";") !=
          std::string::npos);
    CHECK(raw.find(";'+1-1;") != std::string::npos);
    // A figure stays a figure: the count of each operator's calls, not text.
    CHECK(raw.find("\r\n'-7-7;1\r\n") != std::string::npos);
    CHECK(raw.find("\r\nВходящих звонков;6\r\n") != std::string::npos);

    // LibreOffice Calc, which evaluates `=…` in a CSV as Excel does, shows the text as typed.
    const auto sheets = test::openCsvInLibreOffice(file);
    INFO(sheets.problem);
    REQUIRE(sheets.csv.count("book") == 1);
    CHECK(sheets.csv.at("book").find("\"'=HYPERLINK(\"\"http://example.com/x\"\",\"\"x\"\")\"") !=
          std::string::npos);

    // Imported back, every text is as typed again.
    auto copy = test::freshJournal(dir.path(), "copy.sqlite");
    const auto result = importRegister(copy, file, ReferenceLists{});
    CHECK(result.badRows == 0);
    REQUIRE(result.incoming == static_cast<int>(texts.size()));
    const auto calls = copy.incomingCalls();
    for (std::size_t i = 0; i < texts.size(); ++i) {
        INFO(escapeForLine(texts[i]));
        CHECK(calls[i].phone == "+7 900 000-00-01");
        CHECK(calls[i].question == texts[i]);
        CHECK(calls[i].note == texts[i]);
    }
}

TEST_CASE("report: the one CSV writer guards text and leaves the program's own numbers") {
    core::CsvWriter csv;
    csv.row({"-5", -5, "+1", 0, "Итого; с разделителем", "кавычка \"", "'=1"});
    csv.row(std::vector<std::string>{"=1+1", "обычный"});
    CHECK(csv.text() == "\xEF\xBB\xBF"
                        "'-5;-5;'+1;0;\"Итого; с разделителем\";\"кавычка \"\"\";''=1\r\n"
                        "'=1+1;обычный\r\n");
}
