// One journal, several consoles: a call belongs to the console run that started it, a callback
// is taken from the shared queue by one operator, and every console sees the others' changes.
// Each console is its own Journal over its own connection, as two programs would be.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/core/error.h"
#include "sufler/journal/journal.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <thread>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;
using namespace std::chrono_literals;

namespace {

const Workstation kDeskA{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "desk-a"};
const Workstation kDeskB{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "desk-b"};

// A clock the test moves: every journal of one test reads the same one.
struct TestClock {
    std::atomic<std::int64_t> offsetSeconds{0};
    std::function<std::chrono::system_clock::time_point()> fn() {
        return [this] {
            return std::chrono::system_clock::now() + std::chrono::seconds(offsetSeconds.load());
        };
    }
    void advance(std::chrono::seconds by) { offsetSeconds += by.count(); }
};

// A console as the journal sees it: its own connection, its run registered.
Journal console(const std::string& where, const Workstation& desk, const std::string& operatorName,
                bool exclusive = true, TestClock* clock = nullptr) {
    Journal j = Journal::open(where);
    if (clock) {
        j.setClock(clock->fn());
    }
    j.attachConsole(ConsoleSession{randomId(), desk, operatorName}, exclusive);
    return j;
}

IncomingCall card(const std::string& operatorName, const std::string& question) {
    IncomingCall c;
    c.operatorName = operatorName;
    c.question = question;
    c.phone = "+7 900 123-45-67";
    return c;
}

// A callback booked on a call of `daysAgo` days before today: overdue now when that is more
// than the longest run of days off.
CallId bookCallback(Journal& j, int daysAgo, const std::string& phone) {
    IncomingCall c;
    c.receivedAt =
        formatIsoDate(Date{std::chrono::sys_days(todayLocal()) - std::chrono::days(daysAgo)}) +
        " 10:00:00";
    c.phone = phone;
    c.question = "Компенсация за газ";
    c.source = "cli";
    const CallId id = j.addIncoming(c);
    j.deferAnswer(id, phone, "днём");
    return id;
}

std::string errorOf(const std::function<void()>& body) {
    try {
        body();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST_CASE("sharing: a second console neither resumes nor writes the first's live call",
          "[journal][sharing]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    Journal a = console(where, kDeskA, "Иванова А. А.");
    const CallId id = a.startIncoming(card("Иванова А. А.", "Пособие"));
    const int number = a.incoming(id)->number;
    a.saveCard(id, card("Иванова А. А.", "Пособие на ребёнка"));

    // another workstation: nothing to take back, and the card is not its to write
    Journal b = console(where, kDeskB, "Петров П. П.");
    CHECK_FALSE(b.resumeOwnCall());
    const std::string refused = errorOf([&] { b.saveCard(id, card("Петров П. П.", "чужое")); });
    INFO(refused);
    CHECK(refused.find("№ " + std::to_string(number)) != std::string::npos);
    CHECK(refused.find("Иванова А. А.") != std::string::npos);
    CHECK(refused.find("desk-a") != std::string::npos);
    CHECK_FALSE(errorOf([&] { b.closeCall(id, {}); }).empty());

    // a second console of the same workstation (it did not get the workstation's lock):
    // the first run is alive, so its call is not taken either
    Journal again = console(where, kDeskA, "Иванова А. А.", false);
    CHECK_FALSE(again.resumeOwnCall());
    CHECK_FALSE(errorOf([&] { again.saveCard(id, card("x", "y")); }).empty());

    // the card is as its own console last wrote it, and that console goes on
    CHECK(a.incoming(id)->question == "Пособие на ребёнка");
    CHECK(a.incoming(id)->closedAt.empty());
    a.saveCard(id, card("Иванова А. А.", "Пособие на ребёнка до 3 лет"));
    a.closeCall(id, Survey{Answered::Yes, Satisfaction::Satisfied});
    CHECK_FALSE(a.incoming(id)->closedAt.empty());
    const auto holder = b.holder(id);
    REQUIRE(holder);
    CHECK(holder->workstation == kDeskA);
    CHECK(holder->alive);
}

TEST_CASE("sharing: a crashed console's call goes back to its own workstation alone",
          "[journal][sharing]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    CallId id = 0;
    {
        Journal a = console(where, kDeskA, "Иванова А. А.");
        id = a.startIncoming(card("Иванова А. А.", "Субсидия"));
        // kill -9: no detach, the heartbeat is still fresh
    }
    Journal b = console(where, kDeskB, "Петров П. П.");
    CHECK_FALSE(b.resumeOwnCall());

    // the same workstation again, holding its lock: its earlier run is over
    Journal restarted = console(where, kDeskA, "Иванова А. А.");
    const auto resumed = restarted.resumeOwnCall();
    REQUIRE(resumed);
    CHECK(resumed->id == id);
    CHECK(resumed->question == "Субсидия");
    restarted.saveCard(id, card("Иванова А. А.", "Субсидия ЖКУ"));
    // now the restarted run holds it, alive: the other workstation still may not write
    CHECK_FALSE(errorOf([&] { b.saveCard(id, card("x", "y")); }).empty());
    const auto again = restarted.resumeOwnCall(); // its own call, nothing else
    REQUIRE(again);
    CHECK(again->id == id);
    const auto held = b.heldCalls();
    REQUIRE(held.size() == 1);
    CHECK_FALSE(held[0].abandoned());
    CHECK(held[0].holder->session == restarted.consoleSession()->id);
}

TEST_CASE("sharing: a console without a heartbeat for two minutes is over, its call abandoned",
          "[journal][sharing]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    TestClock clock;
    Journal a = console(where, kDeskA, "Иванова А. А.", true, &clock);
    const CallId id = a.startIncoming(card("Иванова А. А.", "ЕДВ"));
    Journal senior = Journal::open(where);
    senior.setClock(clock.fn());

    clock.advance(Journal::kStaleAfter - 10s);
    a.heartbeat(); // the worker's heartbeat keeps it alive
    clock.advance(Journal::kStaleAfter - 10s);
    auto held = senior.heldCalls();
    REQUIRE(held.size() == 1);
    CHECK_FALSE(held[0].abandoned());
    Journal second = console(where, kDeskA, "Иванова А. А.", false, &clock);
    CHECK_FALSE(second.resumeOwnCall());

    // no heartbeat since: the run is over, the call abandoned
    clock.advance(30s);
    held = senior.heldCalls();
    REQUIRE(held.size() == 1);
    CHECK(held[0].abandoned());
    CHECK(held[0].call.id == id);
    CHECK(held[0].holder->operatorName == "Иванова А. А.");
    CHECK(held[0].holder->workstation.host == "desk-a");
    // another workstation still does not take it; its own does, even without the lock
    Journal b = console(where, kDeskB, "Петров П. П.", true, &clock);
    CHECK_FALSE(b.resumeOwnCall());
    const auto resumed = second.resumeOwnCall();
    REQUIRE(resumed);
    CHECK(resumed->id == id);
    CHECK_FALSE(senior.heldCalls()[0].abandoned());

    // a clean close leaves the call open and abandoned at once
    second.detachConsole();
    CHECK(senior.heldCalls()[0].abandoned());
}

TEST_CASE("sharing: of two consoles taking one callback at once exactly one wins",
          "[journal][sharing][claim]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    Journal setup = Journal::open(where);
    constexpr int kRounds = 30;
    std::vector<CallId> ids;
    for (int i = 0; i < kRounds; ++i) {
        ids.push_back(bookCallback(setup, 20, "+7 900 000-00-" + std::to_string(10 + i)));
    }
    // each thread its own journal, its own connection
    Journal anna = Journal::open(where);
    Journal boris = Journal::open(where);
    std::barrier start(2);
    std::vector<ClaimResult> byAnna(kRounds), byBoris(kRounds);
    auto run = [&](Journal& j, const std::string& name, const Workstation& desk,
                   std::vector<ClaimResult>& out) {
        for (int i = 0; i < kRounds; ++i) {
            start.arrive_and_wait();
            out[static_cast<std::size_t>(i)] =
                j.claimCallback(ids[static_cast<std::size_t>(i)], name, desk);
        }
    };
    std::thread first([&] { run(anna, "Анна", kDeskA, byAnna); });
    std::thread second([&] { run(boris, "Борис", kDeskB, byBoris); });
    first.join();
    second.join();
    int annaWins = 0;
    for (int i = 0; i < kRounds; ++i) {
        const auto& a = byAnna[static_cast<std::size_t>(i)];
        const auto& b = byBoris[static_cast<std::size_t>(i)];
        INFO("round " << i);
        CHECK(a.won != b.won);
        // both are told the same holder: the winner
        CHECK(a.claim.operatorName == b.claim.operatorName);
        CHECK(a.claim.operatorName == (a.won ? "Анна" : "Борис"));
        annaWins += a.won ? 1 : 0;
        const auto stored = setup.deferred(ids[static_cast<std::size_t>(i)]);
        REQUIRE(stored->claim);
        CHECK(stored->claim->operatorName == a.claim.operatorName);
    }
    WARN("Анна взяла " << annaWins << " из " << kRounds);
}

TEST_CASE("sharing: the loser is told who holds a callback, its holder alone records it",
          "[journal][sharing][claim]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    Journal anna = Journal::open(where);
    Journal boris = Journal::open(where);
    const CallId id = bookCallback(anna, 20, "+7 900 111-22-33");
    const int number = anna.incoming(id)->number;

    const ClaimResult taken = anna.claimCallback(id, "Анна", kDeskA);
    REQUIRE(taken.won);
    CHECK(taken.claim.workstation == kDeskA);
    const ClaimResult lost = boris.claimCallback(id, "Борис", kDeskB);
    CHECK_FALSE(lost.won);
    CHECK(lost.claim.operatorName == "Анна");
    CHECK(lost.claim.workstation.host == "desk-a");
    CHECK(anna.claimCallback(id, "Анна", kDeskA).won); // one's own: renewed

    // the queue shows who holds it
    const auto due = boris.callbacksDue(todayLocal());
    REQUIRE(due.size() == 1);
    REQUIRE(due[0].deferred.claim);
    CHECK(due[0].deferred.claim->operatorName == "Анна");

    // another operator records nothing and returns nothing: told who holds it
    const CallbackClaim asBoris{"Борис", kDeskB, {}};
    const std::string refused = errorOf([&] { boris.completeDeferred(id, "ответ", {}, asBoris); });
    INFO(refused);
    CHECK(refused.find("№ " + std::to_string(number)) != std::string::npos);
    CHECK(refused.find("Анна") != std::string::npos);
    CHECK(refused.find("desk-a") != std::string::npos);
    CHECK_FALSE(errorOf([&] { boris.completeDeferred(id, "ответ"); }).empty());
    CHECK_FALSE(errorOf([&] { boris.extendDeferred(id, 10, "запрос", true, asBoris); }).empty());
    CHECK_FALSE(errorOf([&] { boris.releaseCallback(id, asBoris); }).empty());
    CHECK_FALSE(boris.deferred(id)->done());

    // released, it is back in the queue and anyone may take it
    const auto released = anna.releaseCallback(id, CallbackClaim{"Анна", kDeskA, {}});
    REQUIRE(released);
    CHECK(released->operatorName == "Анна");
    const auto requeued = boris.callbacksDue(todayLocal());
    REQUIRE(requeued.size() == 1);
    CHECK_FALSE(requeued[0].deferred.claim);
    REQUIRE(boris.claimCallback(id, "Борис", kDeskB).won);
    const Deferred done = boris.completeDeferred(id, "Разъяснили порядок", {}, asBoris);
    CHECK(done.done());
    CHECK(boris.callbacksDue(todayLocal()).empty());
    // an answered callback is not taken again
    CHECK_FALSE(errorOf([&] { anna.claimCallback(id, "Анна", kDeskA); }).empty());
    REQUIRE(anna.deferred(id)->claim);
    CHECK(anna.deferred(id)->claim->operatorName == "Борис"); // who answered it
}

TEST_CASE("sharing: a callback taken and not answered returns to the queue after 30 minutes",
          "[journal][sharing][claim]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    TestClock clock;
    Journal anna = Journal::open(where);
    Journal boris = Journal::open(where);
    anna.setClock(clock.fn());
    boris.setClock(clock.fn());
    const CallId id = bookCallback(anna, 20, "+7 900 444-55-66");
    REQUIRE(anna.claimCallback(id, "Анна", kDeskA).won);

    clock.advance(Journal::kClaimTimeout - 1min);
    CHECK_FALSE(boris.claimCallback(id, "Борис", kDeskB).won);
    auto queue = boris.callbacksDue(todayLocal());
    REQUIRE(queue.size() == 1);
    CHECK(queue[0].deferred.claim);

    clock.advance(2min);
    // lapsed: shown as free, and the first to take it has it
    queue = boris.callbacksDue(todayLocal());
    REQUIRE(queue.size() == 1);
    CHECK_FALSE(queue[0].deferred.claim);
    const auto lapsed = boris.deferred(id);
    REQUIRE(lapsed);
    CHECK_FALSE(lapsed->claim);
    const ClaimResult taken = boris.claimCallback(id, "Борис", kDeskB);
    CHECK(taken.won);
    CHECK(taken.claim.operatorName == "Борис");
    CHECK_FALSE(anna.claimCallback(id, "Анна", kDeskA).won);
    CHECK_FALSE(errorOf([&] {
                    anna.completeDeferred(id, "ответ", {}, {{"Анна", kDeskA, {}}});
                }).empty());
}

TEST_CASE("sharing: the queue shows the next working days' callbacks as upcoming",
          "[journal][sharing]") {
    TempDir dir;
    Journal j = Journal::open((dir.path() / "journal.sqlite").string());
    const Date today = todayLocal();
    const core::WorkCalendar calendar;
    IncomingCall c;
    c.receivedAt = formatIsoDate(today) + " 09:00:00";
    c.phone = "+7 900 777-77-77";
    c.source = "cli";
    const CallId id = j.addIncoming(c);
    const Deferred d = j.deferAnswer(id, c.phone, "утром"); // due the next working day
    CHECK(j.callbacksDue(today).empty());
    const auto queue = j.callbackQueue(today, 2);
    REQUIRE(queue.size() == 1);
    CHECK(queue[0].upcoming);
    CHECK_FALSE(queue[0].overdue);
    CHECK(queue[0].deferred.due == d.due);
    CHECK(j.callbackQueue(today, 0).empty());
}

TEST_CASE("sharing: a change by one connection is seen by another within a second",
          "[journal][sharing][changes]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    Journal writer = console(where, kDeskA, "Анна");
    Journal watcher = Journal::open(where);

    // each write the other consoles must see moves the counter
    auto moves = [&](const char* what, const std::function<void()>& write) {
        const auto before = watcher.changeSeq();
        write();
        INFO(what);
        CHECK(watcher.changeSeq() > before);
    };
    CallId id = 0;
    moves("звонок начат", [&] { id = writer.startIncoming(card("Анна", "вопрос")); });
    moves("звонок завершён", [&] { writer.closeCall(id, {}); });
    moves("ответ отложен", [&] { writer.deferAnswer(id, "+7 900 1", "днём"); });
    moves("обратный звонок взят", [&] { writer.claimCallback(id, "Анна", kDeskA); });
    moves("возвращён в очередь", [&] { writer.releaseCallback(id); });
    moves("срок продлён", [&] { writer.extendDeferred(id, 3, "запрос", true); });
    moves("ответ записан", [&] { writer.completeDeferred(id, "ответ дан"); });
    // typing into a card does not wake every console
    const CallId open = writer.startIncoming(card("Анна", "другой"));
    const auto quiet = watcher.changeSeq();
    writer.saveCard(open, card("Анна", "другой вопрос"));
    CHECK(watcher.changeSeq() == quiet);

    // the wait returns when the other connection writes, not at its timeout
    std::chrono::steady_clock::duration slowest{};
    for (int round = 0; round < 5; ++round) {
        const auto last = watcher.changeSeq();
        std::atomic<std::int64_t> writtenAtNs{0};
        std::thread other([&] {
            std::this_thread::sleep_for(200ms);
            writtenAtNs = std::chrono::steady_clock::now().time_since_epoch().count();
            writer.startIncoming(card("Анна", "звонок " + std::to_string(round)));
        });
        const auto seen = watcher.waitForChange(last, 5s);
        const auto seenAt = std::chrono::steady_clock::now();
        other.join();
        CHECK(seen > last);
        const auto delay = seenAt - std::chrono::steady_clock::time_point(
                                        std::chrono::steady_clock::duration(writtenAtNs.load()));
        INFO("увидено через " << std::chrono::duration<double>(delay).count() << " с");
        CHECK(delay < 1s);
        slowest = std::max(slowest, delay);
    }
    // the figure for the README: a file journal is polled (100 ms), a server's wakes its
    // listeners by NOTIFY
    WARN(engine << ": изменение другого соединения увидено не позже чем через "
                << std::chrono::duration<double>(slowest).count() << " с (с начала записи)");
    // nothing written: it waits its timeout out and says so
    const auto last = watcher.changeSeq();
    const auto start = std::chrono::steady_clock::now();
    CHECK(watcher.waitForChange(last, 300ms) == last);
    CHECK(std::chrono::steady_clock::now() - start >= 300ms);
}

TEST_CASE("sharing: the workstation's id is kept in its data folder, its lock is one console's",
          "[journal][sharing]") {
    TempDir dir;
    const Workstation first = thisWorkstation(dir.path() / "data");
    CHECK(first.id.size() == 32);
    CHECK_FALSE(first.host.empty());
    CHECK(thisWorkstation(dir.path() / "data") == first);
    TempDir other;
    CHECK(thisWorkstation(other.path()).id != first.id);

    WorkstationLock lock(dir.path() / "data");
    CHECK(lock.held());
    {
        WorkstationLock second(dir.path() / "data");
        CHECK_FALSE(second.held());
    }
    WorkstationLock elsewhere(other.path());
    CHECK(elsewhere.held());
}

TEST_CASE("sharing: a card saved as typed (a draft) is read by another workstation at once, and "
          "is refused like a save for another workstation's call",
          "[journal][sharing]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    Journal a = console(where, kDeskA, "Иванова А. А.");
    const CallId id = a.startIncoming(card("Иванова А. А.", "Пособие"));
    a.saveDraft(id, card("Иванова А. А.", "Пособие на погребение"));

    Journal b = console(where, kDeskB, "Петров П. П.");
    CHECK(b.incoming(id)->question == "Пособие на погребение");
    const std::string refused = errorOf([&] { b.saveDraft(id, card("Петров П. П.", "чужое")); });
    CHECK(refused.find("Иванова А. А.") != std::string::npos);
    CHECK(a.incoming(id)->question == "Пособие на погребение");
}
