// The registers' fields in one table (sufler/journal/fields.h): `sufler journal show` names them
// as the register does, the municipality column takes the hotline's own title from sufler.yaml,
// and the import recognises columns from the same table.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/core/regulations.h"
#include "sufler/journal/fields.h"
#include "sufler/journal/import.h"
#include "sufler/journal/report.h"
#include "sufler/kb/kb.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

constexpr const char* kKrasnodarTitle = "Муниципальное образование, округи Краснодара, районы Сочи";

std::string shq(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// A KB folder with sufler.yaml; `extra` adds keys.
std::string kbWith(const TempDir& dir, const std::string& extra = {}) {
    dir.write("kb/sufler.yaml",
              "organization: Министерство труда и социальной защиты населения Энской области\n"
              "municipalities: [Энск, Энский район, Заречный район]\n" +
                  extra);
    return (dir.path() / "kb").string();
}

// `sufler ARGS --journal WHERE --kb KB`, stdout and stderr together.
test::CommandResult runSufler(const std::string& args, const std::string& where,
                              const std::string& kb) {
    return test::runCommand(fmt::format("{} {} --journal {} --kb {}",
                                        shq(test::binary("sufler").string()), args, shq(where),
                                        shq(kb)),
                            true);
}

bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

std::string csvLine(const std::vector<std::string>& cells) {
    std::string out;
    for (const auto& c : cells) {
        out += (out.empty() ? "" : ";") + c;
    }
    return out + "\r\n";
}

} // namespace

TEST_CASE("register: `sufler journal show` names the fields as the register does, JSON only with "
          "--json") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    const std::string kb = kbWith(dir, "municipality_title: Район или городской округ\n");
    CallId in = 0, out = 0;
    {
        auto j = Journal::open(where);
        IncomingCall c = test::fullCard(3, "Как получить пособие?");
        in = j.addIncoming(c);
        j.deferAnswer(in, "+7 900 000-00-00", "после обеда");
        OutgoingCall o;
        o.calledAt = "2026-11-05 11:20";
        o.calleeContact = "Иванова М. П., +7 861 000-00-01";
        o.municipality = "Энск";
        o.question = "уточнение по пособию";
        o.organization = "УСЗН г. Энска";
        o.operatorName = "Сидорова О. В.";
        o.incomingId = in;
        out = j.addOutgoing(o);
    }

    const auto shown = runSufler(fmt::format("journal show {}", in), where, kb);
    INFO(shown.output);
    REQUIRE(shown.exitCode == 0);
    const std::string& text = shown.output;
    // The register's columns by their titles, and the card's other fields by theirs: every name
    // comes from the one field table.
    for (const auto& f : incomingFields()) {
        if (f.value) {
            CHECK(has(text, fieldTitle(f, "Район или городской округ") + ": "));
        }
    }
    CHECK(has(text, "Дата и время поступления звонка: 05.11.2026 10:03\n"));
    CHECK(has(text, "Номер телефона позвонившего: +7 (900) 000-03-21\n"));
    CHECK(has(text, "Пол: ж\n"));
    CHECK(has(text, "Контактные данные позвонившего (ФИО, год рождения): Петрова Анна Как "
                    "получить пособие?, 1943\n"));
    CHECK(has(text, "Район или городской округ: Заречный район\n"));
    CHECK(has(text, "ФИО специалиста, принявшего звонок: Сидорова О. В.\n"));
    CHECK(has(text, fmt::format("{}: да\n", regulations::kAnsweredQuestion)));
    CHECK(
        has(text, fmt::format("{}: частично удовлетворен\n", regulations::kSatisfactionQuestion)));
    CHECK(has(text, "Срочное обращение: да\n"));
    CHECK(has(text, "Жалоба: да\n"));
    CHECK(has(text, "Ответ в базе знаний: не найден\n"));
    CHECK(has(text, "Длительность звонка, мин:с: 5:03\n"));
    CHECK(has(text, "Выполнено шагов сценария: 75 %\n"));
    CHECK(has(text, "Отсроченный ответ по звонку"));
    // No JSON and no English keys unless asked.
    CHECK_FALSE(has(text, "{"));
    CHECK_FALSE(has(text, "received_at"));
    CHECK_FALSE(has(text, "phone:"));
    CHECK_FALSE(has(text, kKrasnodarTitle));

    // --json keeps its shape.
    const auto json = runSufler(fmt::format("journal show {} --json", in), where, kb);
    REQUIRE(json.exitCode == 0);
    const auto card = nlohmann::json::parse(json.output);
    CHECK(card["received_at"] == "2026-11-05 10:03:03");
    CHECK(card["phone"] == "+7 (900) 000-03-21");
    CHECK(card["municipality"] == "Заречный район");
    CHECK(card["urgent"] == true);
    CHECK(card["deferred"]["phone"] == "+7 900 000-00-00");

    const auto outgoing = runSufler(fmt::format("journal show {} --outgoing", out), where, kb);
    INFO(outgoing.output);
    REQUIRE(outgoing.exitCode == 0);
    CHECK(has(outgoing.output, "Дата и время звонка: 05.11.2026 11:20\n"));
    CHECK(has(outgoing.output, "Контактные данные специалиста, принявшего звонок (ФИО, номер "
                               "телефона): Иванова М. П., +7 861 000-00-01\n"));
    CHECK(has(outgoing.output, "Район или городской округ: Энск\n"));
    CHECK(has(outgoing.output, "ФИО специалиста, осуществившего звонок: Сидорова О. В.\n"));
    CHECK(has(outgoing.output, fmt::format("Входящий звонок (номер записи): {}\n", in)));
    CHECK_FALSE(has(outgoing.output, "called_at"));
    const auto outJson =
        runSufler(fmt::format("journal show {} --outgoing --json", out), where, kb);
    REQUIRE(outJson.exitCode == 0);
    CHECK(nlohmann::json::parse(outJson.output)["called_at"] == "2026-11-05 11:20:00");
}

TEST_CASE("register: the municipality column takes its title from sufler.yaml, «Муниципальное "
          "образование» without one") {
    TempDir dir;
    const auto profile = [&](const std::string& yaml, Diagnostics& diagnostics) {
        dir.write("profile/sufler.yaml", "organization: Министерство\n" + yaml);
        return kb::loadProfile(dir.path() / "profile", diagnostics);
    };
    Diagnostics diagnostics;
    CHECK(profile("municipality_title: Городской округ\n", diagnostics).municipalityTitle ==
          "Городской округ");
    CHECK(diagnostics.empty());
    CHECK(profile("", diagnostics).municipalityTitle.empty());
    CHECK(diagnostics.empty());
    (void)profile("municipality_title: [a, b]\n", diagnostics);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].line == 2);
    CHECK(diagnostics[0].path == "sufler.yaml");
    CHECK(has(diagnostics[0].message, "municipality_title"));

    CHECK(registerTitles(incomingFields())[5] == "Муниципальное образование");
    CHECK(registerTitles(outgoingFields())[3] == "Муниципальное образование");
    CHECK(registerTitles(incomingFields(), "Городской округ")[5] == "Городской округ");
    CHECK(registerTitles(outgoingFields(), "Городской округ")[3] == "Городской округ");

    // The report's registers in every format, as sufler.yaml words them.
    auto where = (dir.path() / "journal.sqlite").string();
    {
        auto j = test::freshJournal(dir.path());
        j.addIncoming(test::fullCard(1));
        OutgoingCall o;
        o.calledAt = "2026-11-05 11:20";
        o.question = "уточнение";
        j.addOutgoing(o);
    }
    for (const auto& [yaml, title] : std::vector<std::pair<std::string, std::string>>{
             {"", "Муниципальное образование"},
             {"municipality_title: Городской округ\n", "Городской округ"}}) {
        TempDir kbDir;
        const std::string kb = kbWith(kbDir, yaml);
        const auto md = runSufler("report --month 2026-11 --format md", where, kb);
        REQUIRE(md.exitCode == 0);
        CHECK(has(md.output, "| Контактные данные позвонившего (ФИО, год рождения) | " + title +
                                 " | Краткое содержание вопроса |"));
        CHECK(has(md.output, "| Контактные данные специалиста, принявшего звонок (ФИО, номер "
                             "телефона) | " +
                                 title + " | Краткое содержание вопроса |"));
        CHECK_FALSE(has(md.output, kKrasnodarTitle));
        const auto xlsx = kbDir.path() / "report.xlsx";
        const auto written = runSufler(
            "report --month 2026-11 --format xlsx --out " + shq(xlsx.string()), where, kb);
        REQUIRE(written.exitCode == 0);
        const auto sheets = readXlsx(xlsx);
        REQUIRE(sheets.size() == 3);
        for (int s = 0; s < 2; ++s) {
            const auto header =
                std::find_if(sheets[s].rows.begin(), sheets[s].rows.end(), [](const TableRow& r) {
                    return !r.cells.empty() && r.cells[0] == "№ п/п";
                });
            REQUIRE(header != sheets[s].rows.end());
            CHECK(header->cells.at(s == 0 ? 5 : 3) == title);
        }
    }
}

TEST_CASE("register: the import knows the municipality column by the old long title, the default "
          "and sufler.yaml's") {
    for (const std::string& header :
         {std::string(kKrasnodarTitle), std::string("Муниципальное образование"),
          std::string("муниципальное  образование, городской округ"),
          std::string("Район или городской округ")}) {
        INFO(header);
        TempDir dir;
        auto j = test::freshJournal(dir.path());
        const auto file = dir.write(
            "register.csv",
            csvLine({"№ п/п", "Дата и время поступления звонка", "Номер телефона позвонившего",
                     header, "Краткое содержание вопроса"}) +
                csvLine({"1", "03.11.2026 9:15", "+7 900 123-45-67", "Заречный район", "ЕДВ"}));
        ReferenceLists lists;
        lists.municipalityTitle = "Район или городской округ";
        const auto result = importRegister(j, file, lists);
        CHECK(result.incoming == 1);
        const auto calls = j.incomingCalls();
        REQUIRE(calls.size() == 1);
        CHECK(calls[0].municipality == "Заречный район");
        CHECK(calls[0].question == "ЕДВ");
    }
    // Without sufler.yaml's title a column of another wording is no municipality.
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    const auto file = dir.write(
        "register.csv", csvLine({"Дата и время поступления звонка", "Район или городской округ",
                                 "Краткое содержание вопроса", "Примечание"}) +
                            csvLine({"03.11.2026 9:15", "Заречный район", "ЕДВ", ""}));
    CHECK(importRegister(j, file, ReferenceLists{}).incoming == 1);
    CHECK(j.incomingCalls().at(0).municipality.empty());
}

TEST_CASE("register: a field added to the table is recognised and read by the import") {
    // The table as a newer form might have it: one more column «Льготная категория».
    std::vector<IncomingField> fields(incomingFields().begin(), incomingFields().end());
    fields.push_back(IncomingField{
        .key = "category",
        .title = "Льготная категория",
        .inRegister = true,
        .value = [](const IncomingCall& c) { return c.note; },
        .set = [](IncomingCall& c, const std::string& v) { c.note += "категория: " + v; },
        .variants = {"категория*"}});
    std::vector<std::string> titles = registerTitles(std::span<const IncomingField>(fields));
    REQUIRE(titles.back() == "Льготная категория");
    TempDir dir;
    std::vector<std::string> row = {"1",
                                    "03.11.2026 9:15",
                                    "+7 900 123-45-67",
                                    "ж",
                                    "Иванова М. П., 1956",
                                    "Энск",
                                    "ЕДВ",
                                    "УСЗН",
                                    "Сидорова О. В.",
                                    "",
                                    "многодетная семья"};
    titles.back() = "Категория заявителя"; // a variant, not the title itself
    const auto file = dir.write("register.csv", csvLine(titles) + csvLine(row));

    auto extended = test::freshJournal(dir.path(), "extended.sqlite");
    const auto result =
        importRegister(extended, file, ReferenceLists{}, ImportFields{fields, outgoingFields()});
    CHECK(result.incoming == 1);
    CHECK(result.badRows == 0);
    REQUIRE(extended.incomingCalls().size() == 1);
    CHECK(extended.incomingCalls()[0].note == "категория: многодетная семья");
    CHECK(extended.incomingCalls()[0].callerName == "Иванова М. П.");

    // The import of the program as it is: the column is no field of it, and nothing else moves.
    auto plain = test::freshJournal(dir.path(), "plain.sqlite");
    CHECK(importRegister(plain, file, ReferenceLists{}).incoming == 1);
    CHECK(plain.incomingCalls().at(0).note.empty());
    CHECK(plain.incomingCalls().at(0).question == "ЕДВ");
}

TEST_CASE("register: every column title the import knew before the field table is still "
          "recognised as the same field") {
    const std::vector<std::pair<std::string, std::string>> incoming = {
        {"№", "number"},
        {"N", "number"},
        {"№ записи", "number"},
        {"Номер", "number"},
        {"№ п/п", "number"},
        {"Дата", "time"},
        {"Дата и время поступления звонка", "time"},
        {"Номер телефона", "phone"},
        {"Телефон", "phone"},
        {"Пол", "gender"},
        {"Контактные данные заявителя", "contact"},
        {"Контактные данные позвонившего (ФИО, год рождения)", "contact"},
        {kKrasnodarTitle, "municipality"},
        {"Краткое содержание", "question"},
        {"Организация", "organizations"},
        {"ФИО специалиста", "operator"},
        {"ФИО специалиста, принявшего звонок", "operator"},
        {"Примечания", "note"},
    };
    for (const auto& [title, key] : incoming) {
        INFO(title);
        const auto m = recogniseColumn(incomingFields(), title);
        REQUIRE(m);
        CHECK(incomingFields()[m->field].key == key);
    }
    const std::vector<std::pair<std::string, std::string>> outgoing = {
        {"Дата и время звонка", "time"},
        {"Контактные данные специалиста", "contact"},
        {"ФИО специалиста, осуществившего звонок", "operator"},
        {"ФИО специалиста", "operator"},
        {"Организация и учреждения", "organization"},
    };
    for (const auto& [title, key] : outgoing) {
        INFO(title);
        const auto m = recogniseColumn(outgoingFields(), title);
        REQUIRE(m);
        CHECK(outgoingFields()[m->field].key == key);
    }
    for (const char* other : {"Полное имя", "Телефоны", "Итого", ""}) {
        CHECK_FALSE(recogniseColumn(incomingFields(), other));
    }
    // A title one register names better than the other tells the register.
    CHECK(recogniseColumn(outgoingFields(), "ФИО специалиста, осуществившего звонок")->strength >
          recogniseColumn(incomingFields(), "ФИО специалиста, осуществившего звонок")->strength);
    CHECK_FALSE(recogniseColumn(outgoingFields(), "Пол"));
}

TEST_CASE("register: № п/п follows the time of receipt through the year, a call entered late "
          "takes its place") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    const auto in = [&](const std::string& when) {
        IncomingCall c;
        c.receivedAt = when;
        c.question = "вопрос " + when;
        return j.addIncoming(c);
    };
    const auto out = [&](const std::string& when) {
        OutgoingCall c;
        c.calledAt = when;
        c.question = "уточнение " + when;
        return j.addOutgoing(c);
    };
    in("2026-10-05 10:00");
    in("2026-10-20 10:00");
    in("2026-11-10 09:00");
    in("2026-11-10 11:00");
    in("2026-11-12 10:00");
    in("2026-12-01 09:00"); // a later month moves nothing
    // Entered late: a workstation's outbox synced in the afternoon, a paper sheet imported.
    const CallId late = in("2026-11-10 10:00");
    in("2026-11-03 08:30");
    out("2026-11-20 10:00");
    out("2026-11-05 10:00");
    out("2026-10-30 10:00");
    REQUIRE(j.incoming(late)->number == 7); // the journal's number: the order of entry

    const auto report = buildMonthlyReport(j, std::chrono::year{2026} / std::chrono::November);
    std::vector<std::pair<int, std::string>> rows;
    for (const auto& c : report.incoming) {
        rows.emplace_back(c.number, c.receivedAt.substr(0, 16));
    }
    CHECK(rows == std::vector<std::pair<int, std::string>>{{3, "2026-11-03 08:30"},
                                                           {4, "2026-11-10 09:00"},
                                                           {5, "2026-11-10 10:00"},
                                                           {6, "2026-11-10 11:00"},
                                                           {7, "2026-11-12 10:00"}});
    rows.clear();
    for (const auto& c : report.outgoing) {
        rows.emplace_back(c.number, c.calledAt.substr(0, 16));
    }
    CHECK(rows == std::vector<std::pair<int, std::string>>{{2, "2026-11-05 10:00"},
                                                           {3, "2026-11-20 10:00"}});
    CHECK(j.incoming(late)->number == 7); // the report renumbers nothing in the journal

    // The printed register says the same: № п/п and time in step.
    const auto file = dir.path() / "report.xlsx";
    writeReport(report, core::ReportFormat::Xlsx, file);
    const auto sheets = readXlsx(file);
    REQUIRE(sheets.size() == 3);
    std::vector<std::pair<std::string, std::string>> printed;
    bool data = false;
    for (const auto& row : sheets[0].rows) {
        if (data && row.cells.size() >= 2 && !row.cells[1].empty()) {
            printed.emplace_back(row.cells[0], row.cells[1]);
        }
        data = data || (!row.cells.empty() && row.cells[0] == "1" && row.cells.size() == 10);
    }
    CHECK(printed == std::vector<std::pair<std::string, std::string>>{{"3", "03.11.2026 08:30"},
                                                                      {"4", "10.11.2026 09:00"},
                                                                      {"5", "10.11.2026 10:00"},
                                                                      {"6", "10.11.2026 11:00"},
                                                                      {"7", "12.11.2026 10:00"}});
}

TEST_CASE("register: a journal that took over a paper register mid-year numbers on from its first "
          "number") {
    TempDir dir;
    auto j = test::freshJournal(dir.path());
    for (const auto& [number, when] : std::vector<std::pair<int, std::string>>{
             {120, "2026-11-01 10:00"}, {121, "2026-11-02 10:00"}}) {
        IncomingCall c;
        c.number = number; // as the imported register numbered them
        c.receivedAt = when;
        j.addIncoming(c);
    }
    IncomingCall late;
    late.receivedAt = "2026-11-01 12:00";
    j.addIncoming(late);
    const auto report = buildMonthlyReport(j, std::chrono::year{2026} / std::chrono::November);
    std::vector<int> numbers;
    for (const auto& c : report.incoming) {
        numbers.push_back(c.number);
    }
    CHECK(numbers == std::vector<int>{120, 121, 122});
    CHECK(report.incoming[1].receivedAt.substr(0, 16) == "2026-11-01 12:00");
}

TEST_CASE("register: the marks a console saves on its cards are counted in the report's xlsx, and "
          "Приложение 2 fills from the outgoing calls") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    j.setCalendar(core::WorkCalendar{});
    std::vector<CallId> ids;
    // As the console keeps a call: started, the card saved as the operator marks it, closed.
    for (int i = 0; i < 6; ++i) {
        IncomingCall card;
        card.receivedAt = fmt::format("2026-11-{:02} 10:00", 2 + i);
        const CallId id = j.startIncoming(card);
        card = *j.incoming(id);
        card.question = fmt::format("вопрос {}", i);
        card.urgent = i % 2 == 0;                  // 3
        card.aggressive = i % 3 == 0;              // 2
        card.complaint = i == 4;                   // 1
        card.outsideCompetence = i == 1 || i == 5; // 2
        j.saveCard(id, card);
        j.closeCall(id, Survey{Answered::Yes, Satisfaction::Satisfied},
                    fmt::format("2026-11-{:02} 10:05", 2 + i));
        ids.push_back(id);
    }
    // Приложение 2: a call made to a specialist, and a callback with the answer.
    OutgoingCall o;
    o.calledAt = "2026-11-04 09:00";
    o.calleeContact = "Орлова Е. Е., 2-22-22";
    o.question = "уточнение по вопросу 1";
    o.incomingId = ids[1];
    j.addOutgoing(o);
    j.deferAnswer(ids[0], "+7 900 000-00-00", "");
    j.completeDeferred(ids[0], "ответ дан", "2026-11-03 12:00");

    const auto file = dir.path() / "report.xlsx";
    writeReport(buildMonthlyReport(j, std::chrono::year{2026} / std::chrono::November),
                core::ReportFormat::Xlsx, file);
    const auto sheets = readXlsx(file);
    REQUIRE(sheets.size() == 3);
    const auto figure = [&](const std::string& name) {
        for (const auto& row : sheets[2].rows) {
            if (row.cells.size() >= 2 && row.cells[0] == name) {
                return row.cells[1];
            }
        }
        return "(нет строки «" + name + "»)";
    };
    CHECK(figure("Срочных обращений") == "3");
    CHECK(figure("Агрессивных звонков") == "2");
    CHECK(figure("Жалоб") == "1");
    CHECK(figure("Вопросов вне компетенции министерства") == "2");
    CHECK(figure("Входящих звонков") == "6");
    CHECK(figure("Исходящих звонков") == "2");
    std::vector<std::string> questions;
    bool data = false;
    for (const auto& row : sheets[1].rows) {
        if (data && row.cells.size() >= 5 && !row.cells[1].empty()) {
            questions.push_back(row.cells[4]);
        }
        data = data || (!row.cells.empty() && row.cells[0] == "1" && row.cells.size() == 8);
    }
    REQUIRE(questions.size() == 2);
    CHECK(questions[1] == "уточнение по вопросу 1");
    CHECK(questions[0] == "вопрос 0"); // the callback's row, in its time before the other
}
