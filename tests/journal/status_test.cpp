// The senior operator's view of the hotline: read from one journal that several consoles
// write, on each engine.
#include "support.h"
#include "temp_dir.h"

#include "sufler/journal/journal.h"
#include "sufler/journal/status.h"

#include <catch2/catch.hpp>

#include <thread>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

Journal consoleAt(const std::string& where, const Workstation& desk, const std::string& name) {
    Journal j = Journal::open(where);
    j.attachConsole(ConsoleSession{randomId(), desk, name}, true);
    return j;
}

IncomingCall card(const std::string& operatorName, const std::string& question) {
    IncomingCall c;
    c.operatorName = operatorName;
    c.question = question;
    return c;
}

} // namespace

TEST_CASE("status: who is on a call and for how long, what a stopped console left, today's "
          "calls per operator and the queue with who holds each callback",
          "[journal][status]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    Journal a = consoleAt(where, Workstation{"aaaa", "desk-a"}, "Иванова");
    Journal b = consoleAt(where, Workstation{"bbbb", "desk-b"}, "Петров");
    Journal senior = Journal::open(where);

    const CallId first = a.startIncoming(card("Иванова", "про уголь"));
    a.closeCall(first, Survey{Answered::Yes, Satisfaction::Satisfied});
    const CallId second = a.startIncoming(card("Иванова", "про субсидию"));
    a.deferAnswer(second, "89001234567", "");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    const CallId third = b.startIncoming(card("Петров", "про пособие"));
    OutgoingCall out;
    out.operatorName = "Петров";
    out.question = "уточнение";
    b.addOutgoing(out);
    REQUIRE(senior.claimCallback(second, "Петров", Workstation{"bbbb", "desk-b"}).won);

    HotlineStatus s = hotlineStatus(senior, nowTimestamp());
    REQUIRE(s.inProgress.size() == 2);
    CHECK(s.inProgress[0].held.call.id == second); // the longest first
    CHECK(s.inProgress[0].held.holder->workstation.host == "desk-a");
    CHECK(s.inProgress[1].held.call.id == third);
    CHECK(s.inProgress[1].held.holder->operatorName == "Петров");
    CHECK(s.inProgress[0].seconds >= s.inProgress[1].seconds + 1);
    CHECK(s.abandoned.empty());
    REQUIRE(s.today.count("Иванова") == 1);
    CHECK(s.today["Иванова"].incoming == 2);
    CHECK(s.today["Иванова"].closed == 1);
    CHECK(s.today["Иванова"].answered == 1);
    CHECK(s.today["Иванова"].deferred == 1);
    CHECK(s.today["Петров"].incoming == 1);
    CHECK(s.today["Петров"].outgoing == 1);
    REQUIRE(s.queue.size() == 1);
    CHECK(s.queue[0].deferred.callId == second);
    REQUIRE(s.queue[0].deferred.claim.has_value());
    CHECK(s.queue[0].deferred.claim->operatorName == "Петров");
    CHECK(s.overdue() == 0);

    // Console B stops without closing its call: the senior sees it abandoned.
    b.detachConsole();
    s = hotlineStatus(senior, nowTimestamp());
    CHECK(s.inProgress.size() == 1);
    REQUIRE(s.abandoned.size() == 1);
    CHECK(s.abandoned[0].call.id == third);
}

TEST_CASE("status: `sufler journal status` prints the same, and --json for programs",
          "[journal][status][cli]") {
    TempDir dir;
    const auto file = (dir.path() / "j.sqlite").string();
    const std::string sufler = std::string(SUFLER_BIN_DIR) + "/sufler";
    const auto run = [&](const std::string& args) {
        return test::runCommand(sufler + " journal " + args + " --journal '" + file + "'");
    };
    REQUIRE(run("add operator=Иванова question=уголь phone=89001234567").exitCode == 0);
    REQUIRE(run("defer 1 --phone 89001234567").exitCode == 0);
    REQUIRE(run("claim 1 --operator Петров").exitCode == 0);

    const auto text = run("status");
    REQUIRE(text.exitCode == 0);
    CHECK_THAT(text.output, Catch::Contains("Иванова: входящих 1"));
    CHECK_THAT(text.output, Catch::Contains("взял: Петров"));
    const auto json = run("status --json");
    REQUIRE(json.exitCode == 0);
    const auto j = nlohmann::json::parse(json.output);
    CHECK(j.at("today").at("Иванова").at("deferred") == 1);
    CHECK(j.at("queue").at(0).at("taken_by") == "Петров");
    CHECK(j.at("in_progress").empty());

    const auto bad = run("status --now вчера");
    CHECK(bad.exitCode != 0);
}
