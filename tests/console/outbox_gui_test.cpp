// sufler-app on a team register (PostgreSQL) whose server goes away: what the operator does
// meanwhile — an outgoing call, the signals about the KB, the searches — waits on the
// workstation and reaches the server once, when it is back. A real window under Xvfb and a
// PostgreSQL server of the test's own, crashed and restarted.
#include "gui_harness.h"
#include "pg_server.h"
#include "temp_dir.h"

#include "sufler/journal/journal.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <thread>

using namespace sufler::test;
namespace fs = std::filesystem;

namespace {

const std::string kFaq = "departments/zhku/faq.md#кто-имеет-право-на-субсидию-на-оплату-жку";
const std::string kKept = "исходящий звонок сохранён на этом компьютере";

// Screenshots go where a failed run can be looked at: the build's tests folder.
fs::path shotDir() {
    const fs::path dir = fs::path(SUFLER_BIN_DIR).parent_path() / "tests" / "console-screenshots";
    fs::create_directories(dir);
    return dir;
}

void writeSettingsFor(const fs::path& home, const std::string& operatorName) {
    const fs::path file = home / "config" / "sufler" / "console.ini";
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "[window]\nx = 0\ny = 0\nwidth = 1300\nheight = 850\n"
                        << "[operator]\nname = " << operatorName << "\n";
}

void waitReady(ConsoleApp& app) {
    app.waitForWindow();
    app.waitFor(
        "индекс готов", [](const Json& s) { return s["indexReady"] == true; }, 60s);
}

bool says(const Json& state, const std::string& text) {
    return state["message"].get<std::string>().find(text) != std::string::npos;
}

void waitOffline(ConsoleApp& app) {
    app.waitFor("нет связи с сервером", [](const Json& s) {
        return says(s, "нет связи с сервером журнала — записи сохраняются на этом компьютере");
    });
}

void waitBack(ConsoleApp& app) {
    app.waitFor(
        "связь восстановлена",
        [](const Json& s) { return says(s, "Связь с сервером журнала восстановлена"); }, 30s);
}

// Оператор Смирнова's console on the journal `where`, in a display and a home of its own, ready
// (its index built).
struct OperatorConsole {
    Xvfb x;
    TempDir home;
    ConsoleApp app;

    explicit OperatorConsole(const std::string& where)
        : app(x, withSettings(home.path()), {"--journal", where}) {
        waitReady(app);
    }

    static fs::path withSettings(const fs::path& home) {
        writeSettingsFor(home, "Оператор Смирнова");
        return home;
    }
};

// `sufler journal list --outgoing --json` on the server: the outgoing register (Приложение 2).
Json outgoingRows(const std::string& where) {
    const auto listed = runCommand(quote(binary("sufler").string()) +
                                   " journal list --outgoing --json --journal " + quote(where));
    INFO(listed.output);
    REQUIRE(listed.exitCode == 0);
    return Json::parse(listed.output);
}

} // namespace

TEST_CASE("console: an outgoing call registered while the journal's server is away is kept on "
          "the workstation and reaches the server once, linked to the incoming call",
          "[gui][postgres][outbox]") {
    if (!pgAvailable())
        return;
    PgServer pg; // a server of the test's own: it is crashed and restarted
    const std::string where = pg.createDatabase();
    OperatorConsole console(where);
    ConsoleApp& app = console.app;

    pg.crash();
    // the incoming call starts without the server: it waits on the workstation too
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) { return s["call"]["active"] == true; });
    waitOffline(app);
    app.key("F5");
    const Json opened = app.waitFor("окно исходящего звонка", [](const Json& s) {
        return s["outgoing"]["open"] == true && s["focus"] == "outgoing:Специалист";
    });
    CHECK(opened["outgoing"]["incoming"] == 1);
    app.type("Кузнецова Ольга Петровна");
    app.key("Tab");
    app.waitFor("телефон", [](const Json& s) { return s["focus"] == "outgoing:Его телефон"; });
    app.type("+7 900 111-22-33");
    app.key("Tab");
    app.waitFor("организация", [](const Json& s) { return s["focus"] == "outgoing:Организация"; });
    app.type("Отделение Социального фонда");
    app.key("ctrl+Return");
    const Json kept = app.waitFor("сохранён на компьютере", [](const Json& s) {
        return s["outgoing"]["open"] == false && says(s, kKept);
    });
    CHECK(kept["call"]["active"] == true); // the incoming call goes on
    app.screenshot(shotDir() / "outgoing-kept-offline.png");

    pg.restart();
    waitBack(app);
    // the watcher may find the server back more than once: the row is sent once all the same
    std::this_thread::sleep_for(3s);
    const Json rows = outgoingRows(where);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["number"] == 1);
    CHECK(rows[0]["contact"] == "Кузнецова Ольга Петровна, +7 900 111-22-33");
    CHECK(rows[0]["organization"] == "Отделение Социального фонда");
    CHECK(rows[0]["operator"] == "Оператор Смирнова");
    auto journal = sufler::journal::Journal::open(where);
    const auto calls = journal.incomingCalls();
    REQUIRE(calls.size() == 1);
    CHECK(rows[0]["incoming"] == calls[0].id); // the server's id of the call started offline
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
    CHECK(outgoingRows(where).size() == 1);
}

TEST_CASE("console: the entry opened from a search, «ответ устарел», «нет ответа в базе» and a "
          "search that found nothing, made while the journal's server is away, reach it once "
          "it is back",
          "[gui][postgres][outbox]") {
    if (!pgAvailable())
        return;
    PgServer pg;
    const std::string where = pg.createDatabase();
    OperatorConsole console(where);
    ConsoleApp& app = console.app;
    app.key("ctrl+n");
    app.waitFor("звонок начат на сервере", [](const Json& s) {
        return s["call"]["active"] == true && s["call"]["number"] == 1;
    });

    pg.crash();
    const std::string query = "субсидия жку";
    app.key("ctrl+f");
    app.waitFor("клавиатура в поиске", [&](const Json& s) { return s["focus"] == "search"; });
    app.type(query);
    const Json found = app.waitFor("результаты", [&](const Json& s) {
        const auto& results = s["results"];
        return s["resultsFor"] == query &&
               std::find(results.begin(), results.end(), kFaq) != results.end();
    });
    const auto& results = found["results"];
    for (long i = 0; i < std::find(results.begin(), results.end(), kFaq) - results.begin(); ++i)
        app.key("Down");
    app.waitFor("выбрана запись", [&](const Json& s) { return s["selected"] == kFaq; });
    app.key("Return");
    app.waitFor("открыта запись", [&](const Json& s) { return s["entry"] == kFaq; });
    app.key("ctrl+u");
    app.waitFor("запись отмечена", [](const Json& s) {
        const auto& flagged = s["flagged"];
        return std::find(flagged.begin(), flagged.end(), kFaq) != flagged.end();
    });
    const std::string nothing = "щывзхъжэ";
    app.key("ctrl+f");
    app.waitFor("клавиатура в поиске", [&](const Json& s) { return s["focus"] == "search"; });
    app.key("ctrl+a BackSpace");
    app.type(nothing);
    app.waitFor("ничего не найдено",
                [&](const Json& s) { return s["resultsFor"] == nothing && s["results"].empty(); });
    app.key("ctrl+k");
    app.waitFor("пустой поиск записан",
                [&](const Json& s) { return s["emptySearchRecorded"] == nothing; });
    app.key("ctrl+shift+n");
    app.waitFor("звонок отмечен", [](const Json& s) { return s["call"]["kbNoAnswer"] == true; });

    pg.restart();
    // the console sends what waits once it finds the server again (a look every few seconds)
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    std::string seen;
    for (;;) {
        try {
            auto journal = sufler::journal::Journal::open(where);
            const auto uses = journal.searchUses().size();
            const auto flags = journal.flags().size();
            const auto empty = journal.emptySearches().size();
            if (uses > 0 && flags == 2 && empty > 0)
                break;
            seen = "запросов с открытой записью " + std::to_string(uses) + ", отметок " +
                   std::to_string(flags) + ", пустых поисков " + std::to_string(empty);
        } catch (const std::exception& e) {
            seen = e.what(); // the server is still starting
        }
        INFO(seen << "\n" << app.state()["message"].get<std::string>());
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(500ms);
    }
    std::this_thread::sleep_for(3s); // and nothing comes twice
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);

    auto journal = sufler::journal::Journal::open(where);
    const auto calls = journal.incomingCalls();
    REQUIRE(calls.size() == 1);
    const auto uses = journal.searchUses();
    REQUIRE(uses.size() == 1);
    CHECK(uses[0].query == query);
    CHECK(uses[0].entryId == kFaq);
    CHECK(uses[0].callId == calls[0].id);
    const auto flags = journal.flags();
    REQUIRE(flags.size() == 2);
    for (const auto& flag : flags)
        CHECK(flag.callId == calls[0].id);
    const auto searches = journal.emptySearches();
    REQUIRE(searches.size() == 1);
    CHECK(searches[0].query == nothing);
    CHECK(searches[0].callId == calls[0].id);
}

TEST_CASE("console: a callback answered from F4 while the journal's server is away is kept on "
          "the workstation and recorded once, with its outgoing row, when the server is back",
          "[gui][postgres][outbox]") {
    if (!pgAvailable())
        return;
    PgServer pg; // a server of the test's own: it is crashed and restarted
    const std::string where = pg.createDatabase();
    sufler::journal::CallId id = 0;
    {
        // a call whose answer was promised as a callback, as another operator left it
        auto journal = sufler::journal::Journal::open(where);
        sufler::journal::IncomingCall card;
        card.phone = "+7 903 555-12-34";
        card.callerName = "Соколова Мария Ивановна";
        card.question = "Компенсация за уголь";
        card.operatorName = "Оператор Петрова";
        id = journal.startIncoming(card);
        journal.deferAnswer(id, "+7 903 555-12-34", "после 14:00");
        journal.closeCall(
            id, {sufler::journal::Answered::No, sufler::journal::Satisfaction::PartlySatisfied});
    }
    OperatorConsole console(where);
    ConsoleApp& app = console.app;

    app.key("F4");
    app.waitFor("очередь с обратным звонком", [](const Json& s) {
        return s["callbacksOpen"] == true && s["callbacks"].size() == 1;
    });
    app.key("Return"); // taken on the server: this console holds it
    app.typeWhere("callbacks:result", "Компенсация назначена, выплата в декабре");
    CHECK(app.state()["journalAway"] == false);
    pg.crash();
    // nothing written yet: the change watcher's connection finds the server gone, and the status
    // line says so for as long as it lasts
    app.waitFor("нет связи в строке состояния",
                [](const Json& s) { return s["journalAway"] == true; });
    app.key("Return");
    // recorded here, not refused: the field closes (a refusal keeps it open with the text) and
    // the row leaves the queue shown
    app.waitFor("результат принят", [](const Json& s) {
        return s["focus"] != "callbacks:result" && s["callbacks"].empty() &&
               says(s, "Результат сохранён на этом компьютере");
    });
    // the queue read again while the server is away says so in its panel, and the message line
    // keeps what the operator's Enter did
    app.waitFor("очередь не обновлена",
                [](const Json& s) { return !s["queueFailure"].get<std::string>().empty(); });
    std::this_thread::sleep_for(1s);
    CHECK(says(app.state(), "Результат сохранён на этом компьютере"));
    CHECK(app.state()["journalAway"] == true);
    app.screenshot(shotDir() / "callback-kept-offline.png");

    pg.restart();
    waitBack(app);
    app.waitFor("связь в строке состояния",
                [](const Json& s) { return s["journalAway"] == false; });
    std::this_thread::sleep_for(3s); // found back more than once: recorded once all the same
    auto journal = sufler::journal::Journal::open(where);
    const auto answered = journal.deferred(id);
    REQUIRE(answered.has_value());
    CHECK(answered->done());
    CHECK(answered->result == "Компенсация назначена, выплата в декабре");
    const Json rows = outgoingRows(where);
    REQUIRE(rows.size() == 1); // the callback's row of Приложение 2
    CHECK(rows[0]["incoming"] == id);
    CHECK(rows[0]["operator"] == "Оператор Смирнова");
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
}
