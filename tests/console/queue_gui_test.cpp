// sufler-app end to end: the shared queue (F4) beyond callbacks — the reminder of a consultation
// booked by `sufler schedule book` a day earlier, taken with its script filled and recorded as
// reached; a cancelled booking's reminder not listed; an informing campaign's calls from
// `sufler campaign create|import`, one taken and recorded as informed. The clock is moved with
// SUFLER_NOW (the console and the command line alike); what happened is read back from the
// state file and the command line.
#include "gui_harness.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>

using namespace sufler::test;
namespace fs = std::filesystem;

namespace {

const std::string kOperator = "Петрова Анна Сергеевна";
// Игорь Павлович Гордеев, the guardianship department's lawyer in the demo schedules, receives
// on Tuesday 8 December 2026 at 10:45; his «за 1 день» reminder is due from Monday 10:45.
const std::string kSpecialist = "guardianship/gordeev";
const std::string kSlot = "2026-12-08 10:45";
const std::string kBookedAt = "2026-12-06T10:00";  // two days ahead
const std::string kConsoleAt = "2026-12-07T11:00"; // the next day, the reminder due
const std::string kEntry =
    "departments/families/faq.md#как-оформить-ежемесячную-выплату-многодетной-семье";

// `sufler ARGS --journal JOURNAL` (the demo KB where the command takes one) at `now`.
CommandResult runSufler(const fs::path& journal, const std::string& args, const std::string& now,
                        bool withKb = true) {
    const ClockAt clock(now);
    return runCommand(quote(binary("sufler").string()) + " " + args +
                          (withKb ? " --kb " + quote(demoKb().string()) : std::string()) +
                          " --journal " + quote(journal.string()),
                      true);
}

void waitReady(ConsoleApp& app) {
    app.waitForWindow();
    app.waitFor(
        "индекс готов", [](const Json& s) { return s["indexReady"] == true; }, 60s);
}

Json itemsOf(const Json& s, const std::string& kind) {
    Json out = Json::array();
    for (const auto& item : s["callbacks"])
        if (item["kind"] == kind)
            out.push_back(item);
    return out;
}

// Everything the taken item's script says, one line each.
std::string scriptSaid(const Json& s) {
    std::string out;
    for (const auto& step : s["queueScript"]["steps"])
        for (const auto& words : step["words"])
            out += words.get<std::string>() + "\n";
    return out;
}

// Enter on the selected row: taken, its script `scriptId` open under the table.
Json take(ConsoleApp& app, const std::string& scriptId) {
    app.key("Return");
    const Json taken = app.waitFor("взято, открыт сценарий " + scriptId, [](const Json& s) {
        return s["callbackEdit"] == "outcome" && !s["queueScript"]["steps"].empty();
    });
    CHECK(taken["queueScript"]["id"] == scriptId);
    return taken;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// F4 until the queue is open and loaded with `ready` holding (the key may fall into one frame).
Json openQueue(ConsoleApp& app, const std::string& what,
               const std::function<bool(const Json&)>& ready) {
    app.key("F4");
    const auto shown = [&](const Json& s) {
        return s["callbacksOpen"] == true && s["callbacksLoaded"] == true && ready(s);
    };
    try {
        return app.waitFor(what, shown, 5s);
    } catch (...) {
    }
    const Json s = app.state();
    if (!s.is_null() && s["callbacksOpen"] != true)
        app.key("F4");
    return app.waitFor(what, shown);
}

} // namespace

TEST_CASE("console: F4 lists a consultation's reminder a day later — taken with its script "
          "filled, recorded as reached in the outgoing register and gone from the queue",
          "[gui][queue]") {
    Xvfb x;
    TempDir home;
    const fs::path journal = home.path() / "journal.sqlite";
    const auto booked =
        runSufler(journal,
                  "schedule book --specialist " + kSpecialist + " --at '" + kSlot +
                      "' --name 'Кузнецова Мария Петровна' --phone '+7 900 111-22-33' "
                      "--topic 'опека над внуком' --operator 'Смирнова О. В.'",
                  kBookedAt);
    INFO(booked.output);
    REQUIRE(booked.exitCode == 0);

    const ClockAt clock(kConsoleAt);
    ConsoleApp app(x, home.path(), {"--operator", kOperator}, demoKb());
    waitReady(app);
    const Json shown = openQueue(app, "напоминание в очереди",
                                 [](const Json& s) { return itemsOf(s, "reminder").size() == 1; });
    const Json reminder = itemsOf(shown, "reminder")[0];
    CHECK(reminder["kindRu"] == "напоминание о консультации");
    CHECK(reminder["citizen"] == "Кузнецова Мария Петровна");
    CHECK(reminder["phone"] == "+7 900 111-22-33");
    CHECK(has(reminder["consultation"], "08.12.2026"));
    CHECK(has(reminder["consultation"], "10:45"));
    CHECK(has(reminder["specialist"], "Гордеев Игорь Павлович"));
    CHECK(reminder["offset"] == "за 1 день");
    const std::string place = reminder["place"];
    CHECK_FALSE(place.empty());

    // the only row is selected: Enter takes it and opens the reminder's script
    const int row =
        static_cast<int>(std::find(shown["callbacks"].begin(), shown["callbacks"].end(), reminder) -
                         shown["callbacks"].begin());
    for (int i = shown["callbackSelected"].get<int>(); i < row; ++i)
        app.key("Down");
    app.waitFor("напоминание выбрано", [&](const Json& s) { return s["callbackSelected"] == row; });
    const Json taken = take(app, "consultation-reminder");
    const std::string said = scriptSaid(taken);
    INFO(said);
    CHECK(has(said, "Гордеев Игорь Павлович"));
    CHECK(has(said, "08.12.2026"));
    CHECK(has(said, place));
    CHECK(has(said, "Мария Петровна")); // the citizen addressed by name and patronymic
    CHECK_FALSE(has(said, "{"));        // every placeholder filled
    // the queue read again shows who took it, here as on every console
    app.waitFor("«взял: …» у напоминания", [](const Json& s) {
        return itemsOf(s, "reminder").size() == 1 &&
               itemsOf(s, "reminder")[0]["takenBy"] == kOperator;
    });

    app.key("1"); // «дозвонились, напомнили»
    const Json recorded = app.waitFor("напоминание записано и ушло из очереди", [](const Json& s) {
        return s["callbackResultOpen"] == false && itemsOf(s, "reminder").empty();
    });
    CHECK(has(recorded["message"], "напомнили"));

    const auto outgoing = runSufler(journal, "journal list --outgoing", kConsoleAt, false);
    INFO(outgoing.output);
    REQUIRE(outgoing.exitCode == 0);
    CHECK(has(outgoing.output, "напоминание о консультации 08.12.2026 10:45"));
    CHECK(has(outgoing.output, kOperator));
    const auto due = runSufler(journal, "schedule reminders", kConsoleAt);
    CHECK(has(due.output, "Напоминаний, которые пора сделать, нет"));
}

TEST_CASE("console: a cancelled booking has no reminder in F4, the active one next to it has",
          "[gui][queue]") {
    Xvfb x;
    TempDir home;
    const fs::path journal = home.path() / "journal.sqlite";
    const auto kept =
        runSufler(journal,
                  "schedule book --specialist " + kSpecialist + " --at '" + kSlot +
                      "' --name 'Кузнецова Мария Петровна' --phone '+7 900 111-22-33'",
                  kBookedAt);
    INFO(kept.output);
    REQUIRE(kept.exitCode == 0);
    const auto dropped = runSufler(journal,
                                   "schedule book --specialist " + kSpecialist +
                                       " --at '2026-12-08 11:45' --name 'Орлов Пётр Ильич' --phone "
                                       "'+7 900 222-33-44'",
                                   kBookedAt);
    INFO(dropped.output);
    REQUIRE(dropped.exitCode == 0);
    const auto cancelled = runSufler(journal, "schedule cancel 2 --reason 'передумал'", kBookedAt);
    INFO(cancelled.output);
    REQUIRE(cancelled.exitCode == 0);

    const ClockAt clock(kConsoleAt);
    ConsoleApp app(x, home.path(), {"--operator", kOperator}, demoKb());
    waitReady(app);
    const Json shown = openQueue(app, "напоминание в очереди",
                                 [](const Json& s) { return !itemsOf(s, "reminder").empty(); });
    const Json reminders = itemsOf(shown, "reminder");
    REQUIRE(reminders.size() == 1);
    CHECK(reminders[0]["citizen"] == "Кузнецова Мария Петровна");
    CHECK(reminders[0]["item"] == 1);
}

TEST_CASE("console: a campaign's call list in F4 — «обзвон», taken with the measure in its "
          "script, recorded as informed, the report counts it and the second number is next",
          "[gui][queue]") {
    Xvfb x;
    TempDir home;
    const fs::path journal = home.path() / "journal.sqlite";
    const std::string at = "2026-12-07T09:00";
    const auto made =
        runSufler(journal,
                  "campaign create --title 'Ежемесячная выплата многодетным' --entry '" + kEntry +
                      "' --by 'Соколова Е. В.'",
                  at);
    INFO(made.output);
    REQUIRE(made.exitCode == 0);
    const fs::path list = home.path() / "list.csv";
    {
        std::ofstream out(list);
        out << "ФИО;Телефон;Район;Категория\n"
               "Кузнецова Мария Петровна;8 (900) 111-22-33;Заречный район;многодетная семья\n"
               "Орлов Пётр Ильич;+7 900 222-33-44;Заречный район;многодетная семья\n";
    }
    const auto imported =
        runSufler(journal, "campaign import 1 --file " + quote(list.string()), at);
    INFO(imported.output);
    REQUIRE(imported.exitCode == 0);

    const ClockAt clock(at);
    ConsoleApp app(x, home.path(), {"--operator", kOperator}, demoKb());
    waitReady(app);
    const Json shown = openQueue(app, "два звонка обзвона в очереди",
                                 [](const Json& s) { return itemsOf(s, "campaign").size() == 2; });
    const Json calls = itemsOf(shown, "campaign");
    CHECK(calls[0]["kindRu"] == "обзвон");
    CHECK(calls[0]["campaign"] == "Ежемесячная выплата многодетным");
    CHECK(calls[0]["citizen"] == "Кузнецова Мария Петровна");
    CHECK(calls[0]["attempt"] == 1);
    CHECK(calls[0]["maxAttempts"] == 3);
    CHECK(calls[1]["citizen"] == "Орлов Пётр Ильич");
    REQUIRE(shown["callbacks"][0] == calls[0]); // no callbacks or reminders before it
    CHECK(shown["callbackSelected"] == 0);

    const Json taken = take(app, "proactive-informing");
    const std::string said = scriptSaid(taken);
    INFO(said);
    CHECK(has(said, "Ежемесячная выплата многодетным"));
    CHECK(has(said, "Мария Петровна"));
    CHECK(has(said, kOperator));
    CHECK_FALSE(has(said, "{мера_поддержки}"));

    app.key("1"); // «проинформирован»
    const Json recorded =
        app.waitFor("результат записан, следующий — второй номер", [](const Json& s) {
            return s["callbackResultOpen"] == false && itemsOf(s, "campaign").size() == 1;
        });
    CHECK(itemsOf(recorded, "campaign")[0]["citizen"] == "Орлов Пётр Ильич");
    CHECK(itemsOf(recorded, "campaign")[0]["phone"] == "+7 900 222-33-44");
    CHECK(has(recorded["message"], "проинформирован"));

    const auto report = runSufler(journal, "campaign report 1", at);
    INFO(report.output);
    REQUIRE(report.exitCode == 0);
    // listed, called, reached, informed, refused, wrong number, pending, unreachable, attempts
    CHECK(has(report.output, "| Всего | 2 | 1 | 1 | 1 | 0 | 0 | 1 | 0 | 1 |"));
    CHECK(has(report.output, "| " + kOperator + " | 1 | 1 | 1 | 0 | 0 | 0 |"));
    const auto next = runSufler(journal, "campaign next --operator 'Иванова А. А.'", at);
    CHECK(has(next.output, "Орлов Пётр Ильич"));
}
