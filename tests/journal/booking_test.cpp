// Consultations booked in the journal, on both engines: one slot, one active booking, however
// many operators book it at once.
#include "support.h"
#include "temp_dir.h"

#include "sufler/journal/consultations.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <atomic>
#include <thread>

using namespace sufler;
using sufler::test::TempDir;

namespace {

constexpr std::string_view kSchedule = R"(---
place:
  address: г. Энск, пл. Советов, д. 3
  room: каб. 306
  how_to_get: Автобус 5 до остановки «Площадь Советов»
specialists:
  - id: zuev
    name: Зуев Игорь Павлович
    role: юрист
    slot: 30
    hours:
      пн: 09:00-12:00
      вт: 09:00-10:00
    breaks: [10:00-10:15]
exceptions:
  - specialist: zuev
    date: 2026-12-14
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

journal::Booking request(const std::string& at, const std::string& name = "Петрова Анна") {
    journal::Booking b;
    b.specialist = "guardianship/zuev";
    b.startsAt = at;
    b.minutes = 30;
    b.citizenName = name;
    b.phone = "+7 900 123-45-67";
    b.topic = "опека над внуком";
    b.operatorName = "Смирнова О. В.";
    return b;
}

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

} // namespace

TEST_CASE("bookings: booked, listed, cancelled, moved and closed on both engines", "[booking]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto journal = test::freshJournal(engine, dir.path());

    auto first = journal.book(request("2026-12-07 09:00"));
    REQUIRE(first);
    CHECK(first->id > 0);
    CHECK(first->status == journal::BookingStatus::Booked);
    CHECK_FALSE(first->createdAt.empty());
    auto stored = journal.booking(first->id);
    REQUIRE(stored);
    CHECK(*stored == *first);

    // The same slot again: refused while the first holds it.
    CHECK_FALSE(journal.book(request("2026-12-07 09:00", "Иванов Пётр")));
    auto other = journal.book(request("2026-12-07 09:30", "Иванов Пётр"));
    REQUIRE(other);
    CHECK(journal.bookings("guardianship/zuev", ymd(2026, 12, 7), ymd(2026, 12, 7)).size() == 2);
    CHECK(journal.bookings("", ymd(2026, 12, 8), ymd(2026, 12, 31)).empty());

    // Cancelled: the slot is free again, the booking kept with its reason.
    auto cancelled = journal.cancelBooking(first->id, "гражданин передумал");
    CHECK(cancelled.status == journal::BookingStatus::Cancelled);
    CHECK(journal.booking(first->id)->note == "гражданин передумал");
    CHECK_THROWS_WITH(journal.cancelBooking(first->id, ""),
                      Catch::Contains("уже не действует: запись отменена"));
    auto again = journal.book(request("2026-12-07 09:00", "Сидорова Мария"));
    REQUIRE(again);

    // Moved onto a taken slot: refused, the booking stays where it was.
    CHECK_FALSE(journal.moveBooking(other->id, "2026-12-07 09:00"));
    CHECK(journal.booking(other->id)->active());
    // Moved onto a free one: a new booking, the old one points to it.
    auto moved = journal.moveBooking(other->id, "2026-12-08 09:00");
    REQUIRE(moved);
    CHECK(moved->citizenName == "Иванов Пётр");
    CHECK(moved->startsAt == "2026-12-08 09:00");
    const auto old = journal.booking(other->id);
    CHECK(old->status == journal::BookingStatus::Moved);
    CHECK(old->movedTo == moved->id);
    CHECK(journal.bookings("guardianship/zuev", ymd(2026, 12, 7), ymd(2026, 12, 8)).size() == 2);
    CHECK(journal.bookings("guardianship/zuev", ymd(2026, 12, 7), ymd(2026, 12, 8), false).size() ==
          4);

    auto held = journal.closeBooking(moved->id, journal::BookingStatus::Held);
    CHECK(held.status == journal::BookingStatus::Held);
    CHECK(journal.booking(moved->id)->status == journal::BookingStatus::Held);
}

TEST_CASE("bookings: two operators booking one slot at once — exactly one wins, on both "
          "engines",
          "[booking][concurrency]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    // Each operator has a connection of its own, as two consoles have.
    std::vector<journal::Journal> journals;
    for (int i = 0; i < 4; ++i) {
        journals.push_back(journal::Journal::open(where));
    }
    for (int round = 0; round < 5; ++round) {
        const std::string at = fmt::format("2026-12-07 {:02}:00", 9 + round);
        std::atomic<int> won{0};
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < journals.size(); ++i) {
            threads.emplace_back([&, i] {
                ++ready;
                while (ready.load() < static_cast<int>(journals.size())) {
                }
                if (journals[i].book(request(at, fmt::format("Гражданин {}", i)))) {
                    ++won;
                }
            });
        }
        for (auto& t : threads) {
            t.join();
        }
        CHECK(won.load() == 1);
        CHECK(
            journals[0].bookings("guardianship/zuev", ymd(2026, 12, 7), ymd(2026, 12, 7)).size() ==
            static_cast<std::size_t>(round + 1));
    }
}

TEST_CASE("booking a slot of the schedule: a taken, past or missing slot is refused with the "
          "next free ones",
          "[booking]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto journal = test::freshJournal(engine, dir.path());
    const auto specialist = zuev();
    const core::WorkCalendar calendar;
    const std::string now = "2026-12-06 12:00"; // Sunday

    auto first = journal::bookSlot(journal, specialist, calendar, request("07.12.2026 09:30"), now);
    REQUIRE(first.booking);
    CHECK(first.booking->startsAt == "2026-12-07 09:30");
    CHECK(first.booking->specialist == "guardianship/zuev");

    auto second =
        journal::bookSlot(journal, specialist, calendar, request("2026-12-07 09:30"), now);
    CHECK_FALSE(second.booking);
    CHECK(second.refusal == "07.12.2026 (понедельник) в 09:30 к Зуев Игорь Павлович уже записан "
                            "другой гражданин");
    REQUIRE(second.nextFree.size() == 5);
    CHECK(kb::formatSlot(second.nextFree[0]) == "2026-12-07 10:15"); // after the break
    CHECK(kb::formatSlot(second.nextFree[1]) == "2026-12-07 10:45");

    auto breakTime =
        journal::bookSlot(journal, specialist, calendar, request("2026-12-07 10:00"), now);
    CHECK_FALSE(breakTime.booking);
    CHECK(breakTime.refusal.find("нет приёма") != std::string::npos);

    auto vacation =
        journal::bookSlot(journal, specialist, calendar, request("2026-12-14 09:00"), now);
    CHECK(vacation.refusal == "14.12.2026 Зуев Игорь Павлович не принимает");
    REQUIRE_FALSE(vacation.nextFree.empty());
    CHECK(kb::formatSlot(vacation.nextFree[0]) == "2026-12-15 09:00");

    auto past = journal::bookSlot(journal, specialist, calendar, request("2026-12-07 09:00"),
                                  "2026-12-07 09:10");
    CHECK(past.refusal.find("уже прошло") != std::string::npos);
    CHECK(kb::formatSlot(past.nextFree[0]) == "2026-12-07 10:15");

    // Free slots of the day no longer show the booked one.
    const auto free = journal::freeSlots(journal, specialist, calendar, ymd(2026, 12, 7), -1, 1);
    CHECK(free.size() == 4);

    // Moving frees the old slot and takes the new one.
    auto moved = journal::moveSlot(journal, specialist, calendar, first.booking->id,
                                   "2026-12-08 09:00", now);
    REQUIRE(moved.booking);
    CHECK(journal::freeSlots(journal, specialist, calendar, ymd(2026, 12, 7), -1, 1).size() == 5);
    CHECK(journal::freeSlots(journal, specialist, calendar, ymd(2026, 12, 8), -1, 1).size() == 1);
}

TEST_CASE("bookings: the five-year purge removes consultations held before the cutoff, and a "
          "card deleted on request leaves its bookings without a name or phone",
          "[booking]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto journal = test::freshJournal(engine, dir.path());
    journal::Citizen card;
    card.fullName = "Петрова Анна";
    card.phones = {"+7 900 123-45-67"};
    const auto citizen = journal.createCitizen(card);

    auto old = request("2020-03-02 09:00");
    old.citizen = citizen;
    REQUIRE(journal.book(old));
    auto coming = request("2026-12-07 09:00");
    coming.citizen = citizen;
    const auto kept = journal.book(coming);
    REQUIRE(kept);
    const auto other = journal.book(request("2026-12-07 09:30", "Иванов Пётр"));
    REQUIRE(other);

    const auto purged = journal.purgeBefore(ymd(2021, 12, 6));
    CHECK(purged.bookings == 1);
    CHECK(journal.bookings("", ymd(2020, 1, 1), ymd(2020, 12, 31), false).empty());
    REQUIRE(journal.booking(kept->id));

    journal.deleteCitizenOnRequest(citizen);
    const auto anonymous = journal.booking(kept->id);
    REQUIRE(anonymous);
    CHECK(anonymous->citizenName.empty());
    CHECK(anonymous->phone.empty());
    CHECK_FALSE(anonymous->citizen);
    CHECK(anonymous->startsAt == "2026-12-07 09:00"); // the slot stays taken
    CHECK(anonymous->topic == "опека над внуком");
    CHECK(journal.booking(other->id)->citizenName == "Иванов Пётр");
}
