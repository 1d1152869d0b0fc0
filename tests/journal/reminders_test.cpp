// Reminders of booked consultations on both engines, with a set clock: due at their time and
// not before, gone with a cancelled booking, moved with a moved one, taken by one operator of
// several, and each result a row of the outgoing register.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/clock.h"
#include "sufler/journal/reminders.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <atomic>
#include <memory>
#include <thread>

using namespace sufler;
using sufler::journal::Reminder;
using sufler::journal::ReminderKey;
using sufler::journal::ReminderResult;
using sufler::journal::Reminders;
using sufler::test::TempDir;

namespace {

constexpr std::string_view kSchedule = R"(---
place:
  address: г. Энск, пл. Советов, д. 3
  room: каб. 306
specialists:
  - id: zuev
    name: Зуев Игорь Павлович
    role: юрист
    slot: 30
    hours:
      пн: 09:00-12:00
      вт: 09:00-12:00
---
)";

kb::Specialist zuev() {
    Diagnostics diagnostics;
    auto list = kb::parseSchedule("departments/guardianship/schedule.md", "guardianship",
                                  std::string(kSchedule), diagnostics);
    REQUIRE(diagnostics.empty());
    REQUIRE(list.size() == 1);
    return list.front();
}

constexpr int kDay = 24 * 60;
constexpr int kTwoHours = 2 * 60;

const journal::Workstation kDesk1{"desk-1", "host-1"};
const journal::Workstation kDesk2{"desk-2", "host-2"};

// A journal whose clock the test moves.
struct Clocked {
    std::shared_ptr<core::TimePoint> now = std::make_shared<core::TimePoint>();
    journal::Journal journal;

    Clocked(const std::string& engine, const std::filesystem::path& dir)
        : journal(test::freshJournal(engine, dir)) {
        attach(journal);
    }
    void attach(journal::Journal& j) const {
        j.setClock([now = now] { return *now; });
    }
    void at(const char* when) const {
        const auto t = core::parseLocalDateTime(when);
        REQUIRE(t);
        *now = *t;
    }
    // Books the slot at the clock's time.
    journal::Booking book(const std::string& startsAt, const std::string& name = "Петрова Анна") {
        journal::Booking b;
        b.specialist = "guardianship/zuev";
        b.startsAt = startsAt;
        b.minutes = 30;
        b.citizenName = name;
        b.phone = "+7 900 123-45-67";
        b.topic = "опека над внуком";
        b.operatorName = "Смирнова О. В.";
        auto booked = journal.book(b);
        REQUIRE(booked);
        return *booked;
    }
};

std::vector<ReminderKey> keys(const std::vector<Reminder>& due) {
    std::vector<ReminderKey> out;
    for (const auto& r : due) {
        out.push_back(r.key);
    }
    return out;
}

} // namespace

TEST_CASE("reminders: a day and two hours before, not earlier, none once it starts",
          "[reminders]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Clocked c(engine, dir.path());
    Reminders reminders(c.journal, {kDay, kTwoHours});

    c.at("2026-12-03T10:00"); // Thursday: booked for Monday
    const auto b = c.book("2026-12-07 09:00");
    CHECK(reminders.due().empty());

    c.at("2026-12-06T08:59");
    CHECK(reminders.due().empty());

    c.at("2026-12-06T09:00");
    auto due = reminders.due();
    REQUIRE(due.size() == 1);
    CHECK(due[0].key == ReminderKey{b.id, kDay});
    CHECK(due[0].booking == b);
    CHECK(due[0].dueFrom == "2026-12-06 09:00");
    CHECK(due[0].attempts == 0);
    CHECK_FALSE(due[0].claim);

    // the day-before reminder not made gives way to the two-hours one when its time comes
    c.at("2026-12-07T06:59");
    CHECK(keys(reminders.due()) == std::vector<ReminderKey>{{b.id, kDay}});
    c.at("2026-12-07T07:00");
    CHECK(keys(reminders.due()) == std::vector<ReminderKey>{{b.id, kTwoHours}});

    c.at("2026-12-07T09:00");
    CHECK(reminders.due().empty());
    CHECK_FALSE(reminders.find({b.id, kTwoHours}));
}

TEST_CASE("reminders: a booking made less than a day ahead has no day-before reminder",
          "[reminders]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Clocked c(engine, dir.path());
    Reminders reminders(c.journal, {kDay, kTwoHours});

    c.at("2026-12-06T12:00");
    const auto b = c.book("2026-12-07 09:00");
    c.at("2026-12-06T12:01");
    CHECK(reminders.due().empty());
    c.at("2026-12-07T06:59");
    CHECK(reminders.due().empty());
    c.at("2026-12-07T07:00");
    CHECK(keys(reminders.due()) == std::vector<ReminderKey>{{b.id, kTwoHours}});

    // the offsets of sufler.yaml decide: with none, no reminders at all
    Reminders none(c.journal, {});
    CHECK(none.due().empty());
}

TEST_CASE("reminders: a cancelled booking has none, a moved one has them at its new time",
          "[reminders]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Clocked c(engine, dir.path());
    Reminders reminders(c.journal, {kDay, kTwoHours});

    c.at("2026-12-03T10:00");
    const auto cancelled = c.book("2026-12-07 09:00", "Петрова Анна");
    const auto moved = c.book("2026-12-07 10:30", "Кузнецов Иван");

    c.at("2026-12-06T11:00");
    CHECK(reminders.due().size() == 2);

    (void)c.journal.cancelBooking(cancelled.id, "передумала");
    const auto next = c.journal.moveBooking(moved.id, "2026-12-08 10:30");
    REQUIRE(next);
    CHECK(reminders.due().empty());
    CHECK_FALSE(reminders.find({cancelled.id, kDay}));
    CHECK_THROWS_AS(reminders.take({cancelled.id, kDay}, "Смирнова О. В.", kDesk1), Error);

    c.at("2026-12-07T10:29");
    CHECK(reminders.due().empty());
    c.at("2026-12-07T10:30");
    CHECK(keys(reminders.due()) == std::vector<ReminderKey>{{next->id, kDay}});
}

TEST_CASE("reminders: of two operators taking one reminder at once exactly one wins",
          "[reminders]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    auto now = std::make_shared<core::TimePoint>(*core::parseLocalDateTime("2026-12-03T10:00"));
    std::vector<journal::Journal> journals;
    for (int i = 0; i < 4; ++i) {
        journals.push_back(journal::Journal::open(where));
        journals.back().setClock([now] { return *now; });
    }
    journal::Booking b;
    b.specialist = "guardianship/zuev";
    b.startsAt = "2026-12-07 09:00";
    b.minutes = 30;
    b.citizenName = "Петрова Анна";
    b.phone = "+79001234567";
    const auto booked = journals[0].book(b);
    REQUIRE(booked);
    *now = *core::parseLocalDateTime("2026-12-06T10:00");
    const ReminderKey key{booked->id, kDay};

    for (int round = 0; round < 3; ++round) {
        INFO("round " << round);
        std::atomic<int> won{0};
        std::vector<journal::ClaimResult> results(journals.size());
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < journals.size(); ++i) {
            threads.emplace_back([&, i] {
                Reminders r(journals[i], {kDay, kTwoHours});
                results[i] = r.take(key, fmt::format("Оператор {}", i),
                                    journal::Workstation{fmt::format("desk-{}", i), "host"});
                won += results[i].won ? 1 : 0;
            });
        }
        for (auto& t : threads) {
            t.join();
        }
        CHECK(won == 1);
        // the losers are told who holds it
        for (const auto& r : results) {
            CHECK(r.claim == results.front().claim);
        }
        const auto held = Reminders(journals[0], {kDay, kTwoHours}).find(key);
        REQUIRE(held);
        REQUIRE(held->claim);
        CHECK(held->claim->operatorName == results.front().claim.operatorName);
        Reminders(journals[0], {kDay, kTwoHours}).release(key);
        CHECK_FALSE(Reminders(journals[0], {kDay, kTwoHours}).find(key)->claim);
    }
}

TEST_CASE("reminders: a claim holds, is renewed by its holder, lapses and is released",
          "[reminders]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Clocked c(engine, dir.path());
    Reminders reminders(c.journal, {kDay, kTwoHours});
    c.at("2026-12-03T10:00");
    const auto b = c.book("2026-12-07 09:00");
    const ReminderKey key{b.id, kDay};
    c.at("2026-12-06T10:00");

    const auto first = reminders.take(key, "Смирнова О. В.", kDesk1);
    CHECK(first.won);
    const auto second = reminders.take(key, "Орлова Т. Н.", kDesk2);
    CHECK_FALSE(second.won);
    CHECK(second.claim.operatorName == "Смирнова О. В.");
    CHECK(reminders.due().at(0).claim->operatorName == "Смирнова О. В.");

    // only the holder records the result or returns it
    CHECK_THROWS_WITH(
        reminders.record(key, ReminderResult::Reached, "Орлова Т. Н.", kDesk2, nullptr),
        Catch::Contains("Смирнова О. В."));
    CHECK_THROWS_AS(reminders.release(key, journal::CallbackClaim{"Орлова Т. Н.", kDesk2, {}}),
                    Error);

    // a claim left alone lapses: the next operator takes it over
    c.at("2026-12-06T10:31");
    CHECK_FALSE(reminders.due().at(0).claim);
    CHECK(reminders.take(key, "Орлова Т. Н.", kDesk2).won);
    reminders.release(key, journal::CallbackClaim{"Орлова Т. Н.", kDesk2, {}});
    CHECK_FALSE(reminders.due().at(0).claim);
}

TEST_CASE("reminders: each result is a row of the outgoing register", "[reminders]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Clocked c(engine, dir.path());
    const auto specialist = zuev();
    Reminders reminders(c.journal, {kDay, kTwoHours});

    c.at("2026-12-03T10:00");
    const auto reached = c.book("2026-12-07 09:00", "Петрова Анна");
    const auto tried = c.book("2026-12-07 09:30", "Кузнецов Иван");
    const auto cancelled = c.book("2026-12-07 10:30", "Соколова Мария");
    const auto moved = c.book("2026-12-07 11:00", "Попов Олег");
    const auto blocker = c.book("2026-12-08 09:00", "Лебедева Ольга");
    c.at("2026-12-06T12:00");
    REQUIRE(reminders.due().size() == 4); // the Tuesday one is not due yet
    const std::string op = "Смирнова О. В.";

    // reached: the reminder is done
    REQUIRE(reminders.take({reached.id, kDay}, op, kDesk1).won);
    auto outcome = reminders.record({reached.id, kDay}, ReminderResult::Reached, op, kDesk1,
                                    &specialist, {}, "придёт с паспортом");
    REQUIRE(outcome.attempt);
    REQUIRE(outcome.attempt->outgoingId);
    auto row = c.journal.outgoing(*outcome.attempt->outgoingId);
    REQUIRE(row);
    CHECK(row->question ==
          "напоминание о консультации 07.12.2026 09:00, юрист Зуев Игорь Павлович");
    CHECK(row->calleeContact == "Петрова Анна, +7 900 123-45-67");
    CHECK(row->operatorName == op);
    CHECK(row->note == "напомнили; придёт с паспортом");
    CHECK(row->calledAt == "2026-12-06 12:00:00");
    CHECK_FALSE(reminders.find({reached.id, kDay}));
    CHECK(c.journal.booking(reached.id)->active());

    // not reached: stays in the queue, free, counting the attempt
    outcome =
        reminders.record({tried.id, kDay}, ReminderResult::NotReached, op, kDesk1, &specialist);
    REQUIRE(outcome.attempt);
    CHECK(c.journal.outgoing(*outcome.attempt->outgoingId)->note == "не дозвонились");
    auto again = reminders.find({tried.id, kDay});
    REQUIRE(again);
    CHECK(again->attempts == 1);
    CHECK(again->lastAttemptAt == "2026-12-06 12:00:00");
    CHECK_FALSE(again->claim);

    // cancelled by the citizen: the booking is cancelled, the reminder gone
    outcome =
        reminders.record({cancelled.id, kDay}, ReminderResult::Cancelled, op, kDesk1, &specialist);
    REQUIRE(outcome.attempt);
    CHECK(c.journal.outgoing(*outcome.attempt->outgoingId)->note == "отменил запись");
    CHECK(c.journal.booking(cancelled.id)->status == journal::BookingStatus::Cancelled);

    // moved to a taken slot: refused with the free ones, nothing written
    const auto rowsBefore = c.journal.outgoingCalls().size();
    outcome = reminders.record({moved.id, kDay}, ReminderResult::Moved, op, kDesk1, &specialist,
                               blocker.startsAt);
    CHECK_FALSE(outcome.attempt);
    CHECK_FALSE(outcome.move.refusal.empty());
    CHECK_FALSE(outcome.move.nextFree.empty());
    CHECK(c.journal.outgoingCalls().size() == rowsBefore);
    CHECK(c.journal.booking(moved.id)->active());

    // moved to a free one: a new booking with its own reminders, the old one's gone
    outcome = reminders.record({moved.id, kDay}, ReminderResult::Moved, op, kDesk1, &specialist,
                               "2026-12-08 11:30");
    REQUIRE(outcome.attempt);
    REQUIRE(outcome.move.booking);
    CHECK(outcome.attempt->movedTo == outcome.move.booking->id);
    CHECK(c.journal.outgoing(*outcome.attempt->outgoingId)->note ==
          "перенёс запись на 08.12.2026 11:30");
    CHECK(c.journal.booking(moved.id)->status == journal::BookingStatus::Moved);

    const auto rows = c.journal.outgoingCalls();
    CHECK(rows.size() == rowsBefore + 1);
    CHECK(rows.size() == 4);

    std::vector<ReminderKey> left = keys(reminders.due());
    CHECK(left == std::vector<ReminderKey>{{tried.id, kDay}});
    CHECK(reminders.attempts(reached.id).size() == 1);
    CHECK(reminders.attempts(tried.id).at(0).result == ReminderResult::NotReached);
}
