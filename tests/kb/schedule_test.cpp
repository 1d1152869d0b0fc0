// schedule.md: the format, what `sufler lint` says about it, and the free slots it gives.
#include "kb_fixture.h"

#include "sufler/kb/schedule.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

using namespace sufler;

namespace {

constexpr std::string_view kSchedule = R"(---
place:
  address: г. Энск, пл. Советов, д. 3
  room: каб. 414
  how_to_get: Автобус 5 до остановки «Площадь Советов»
specialists:
  - id: kudryavtseva
    name: Кудрявцева Анна Сергеевна
    role: специалист по семейным вопросам
    topics: [многодетные семьи, удостоверения]
    slot: 30
    hours:
      пн: 09:00-12:00
      ср: 14:00-16:00
    breaks: [10:00-10:15]
  - id: belova
    name: Белова Ирина Дмитриевна
    role: психолог
    place:
      room: каб. 418
    slot: 45 мин
    hours:
      вт: 10:00-13:00
exceptions:
  - specialist: kudryavtseva
    date: 2026-12-14
    reason: отпуск
---

# Приём

## Кудрявцева Анна Сергеевна
)";

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::vector<std::string> starts(const std::vector<kb::Slot>& slots) {
    std::vector<std::string> out;
    for (const auto& slot : slots) {
        out.push_back(kb::formatSlot(slot));
    }
    return out;
}

const kb::Specialist& only(const std::vector<kb::Specialist>& list, std::string_view id) {
    for (const auto& s : list) {
        if (s.id == id) {
            return s;
        }
    }
    FAIL("no specialist " << id);
    throw;
}

} // namespace

TEST_CASE("schedule.md: specialists, place, hours, breaks and exceptions are read", "[schedule]") {
    Diagnostics diagnostics;
    auto list = kb::parseSchedule("departments/families/schedule.md", "families",
                                  std::string(kSchedule), diagnostics);
    INFO(test::formatted(diagnostics).size());
    CHECK(diagnostics.empty());
    REQUIRE(list.size() == 2);
    const auto& k = only(list, "kudryavtseva");
    CHECK(k.key() == "families/kudryavtseva");
    CHECK(k.role == "специалист по семейным вопросам");
    CHECK(k.topics == std::vector<std::string>{"многодетные семьи", "удостоверения"});
    CHECK(k.place.room == "каб. 414");
    CHECK(k.place.address == "г. Энск, пл. Советов, д. 3");
    CHECK(k.slotMinutes == 30);
    REQUIRE(k.hours[0].size() == 1);
    CHECK(k.hours[0][0].start == 9 * 60);
    CHECK(k.hours[0][0].end == 12 * 60);
    CHECK(k.hours[2][0].start == 14 * 60);
    CHECK(k.line == 7);
    REQUIRE(k.exceptions.size() == 1);
    CHECK(k.absentOn(ymd(2026, 12, 14)));
    CHECK_FALSE(k.absentOn(ymd(2026, 12, 15)));
    const auto& b = only(list, "belova");
    CHECK(b.slotMinutes == 45);
    CHECK(b.place.room == "каб. 418");         // its own room
    CHECK(b.place.address == k.place.address); // the department's address
}

TEST_CASE("schedule.md: the loader keeps the schedule and the notes of its body", "[schedule]") {
    test::TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/families/schedule.md", kSchedule);
    auto kb = kb::load(dir.path(), {.withGit = false});
    CHECK(kb.diagnostics.empty());
    REQUIRE(kb.specialists.size() == 2);
    REQUIRE(kb.findSpecialist("families/belova") != nullptr);
    CHECK(kb.findSpecialist("belova") == kb.findSpecialist("families/belova"));
    CHECK(kb.findSpecialist("families/nobody") == nullptr);
    CHECK(kb.findEntry("departments/families/schedule.md#кудрявцева-анна-сергеевна") != nullptr);
}

TEST_CASE("schedule.md: lint names the file and line of each problem, the rest loads",
          "[schedule]") {
    const std::string broken = R"(---
specialists:
  - id: a
    name: А
    role: юрист
    slot: 30
    hours:
      пн: 09:00-13:00, 12:00-14:00
      вт: 25:00-26:00
      ср: 09:00-09:20
      чд: 09:00-10:00
    breaks: [11:00-11:30, 11:15-11:45]
  - name: Без id
    role: психолог
    hours: {пн: 09:00-10:00}
  - id: b
    name: Б
    role: психолог
    slot: 30
    hours: {пт: 10:00-12:00}
exceptions:
  - specialist: nobody
    date: 2026-12-14
  - specialist: b
    date: 14 декабря
  - specialist: b
    from: 2026-12-20
    to: 2026-12-10
---
)";
    Diagnostics diagnostics;
    auto list = kb::parseSchedule("departments/x/schedule.md", "x", broken, diagnostics);
    const auto lines = test::formatted(diagnostics);
    auto has = [&](int line, std::string_view words) {
        return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
            return l.starts_with("departments/x/schedule.md:" + std::to_string(line) +
                                 ": error:") &&
                   l.find(words) != std::string::npos;
        });
    };
    INFO(fmt::format("{}", fmt::join(lines, "\n")));
    CHECK(has(8, "перекрываются"));         // overlapping hours
    CHECK(has(9, "не промежуток времени")); // outside the day
    CHECK(has(10, "короче одного приёма")); // slot longer than the window
    CHECK(has(11, "не день недели"));       // unknown weekday
    CHECK(has(12, "перекрываются"));        // overlapping breaks
    CHECK(has(13, "нет id"));               // specialist without an id
    CHECK(has(22, "неизвестного специалиста «nobody»"));
    CHECK(has(25, "не дата"));
    CHECK(has(26, "кончается"));
    // What is sound still loads: two specialists, a's Monday keeps its first window.
    REQUIRE(list.size() == 2);
    CHECK(list[0].hours[0].size() == 1);
    CHECK(list[1].id == "b");
}

TEST_CASE("schedule.md: a file without front matter or with broken YAML is one error",
          "[schedule]") {
    Diagnostics diagnostics;
    CHECK(kb::parseSchedule("departments/x/schedule.md", "x", "# Приём\n", diagnostics).empty());
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].line == 1);
    diagnostics.clear();
    CHECK(kb::parseSchedule("departments/x/schedule.md", "x",
                            "---\nspecialists:\n  - id: [a\n---\n", diagnostics)
              .empty());
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].line >= 3);
}

TEST_CASE("free slots: hours cut into slots around breaks, taken and past slots left out",
          "[schedule][slots]") {
    Diagnostics diagnostics;
    auto list = kb::parseSchedule("departments/families/schedule.md", "families",
                                  std::string(kSchedule), diagnostics);
    const auto& k = only(list, "kudryavtseva");
    const core::WorkCalendar calendar;
    // Monday 7 December 2026.
    CHECK(starts(kb::daySlots(k, calendar, ymd(2026, 12, 7))) ==
          std::vector<std::string>{"2026-12-07 09:00", "2026-12-07 09:30", "2026-12-07 10:15",
                                   "2026-12-07 10:45", "2026-12-07 11:15"});
    const std::vector<kb::Slot> taken = {kb::Slot{ymd(2026, 12, 7), 10 * 60 + 45, 30}};
    CHECK(starts(kb::freeSlots(k, calendar, ymd(2026, 12, 7), 10 * 60, 1, taken)) ==
          std::vector<std::string>{"2026-12-07 10:15", "2026-12-07 11:15"});
    // Monday to Wednesday: Tuesday has no hours.
    CHECK(kb::freeSlots(k, calendar, ymd(2026, 12, 7), -1, 3, {}).size() == 5 + 4);
}

TEST_CASE("free slots: none on holidays of the production calendar, its overrides and "
          "vacations",
          "[schedule][slots]") {
    Diagnostics diagnostics;
    auto list = kb::parseSchedule("departments/families/schedule.md", "families",
                                  std::string(kSchedule), diagnostics);
    const auto& k = only(list, "kudryavtseva");
    const core::WorkCalendar calendar;
    // 14 December is the specialist's day off.
    CHECK(kb::daySlots(k, calendar, ymd(2026, 12, 14)).empty());
    CHECK(kb::daySlots(k, calendar, ymd(2026, 12, 21)).size() == 5);
    // Monday 4 January 2027 and Wednesday 6 January are New Year holidays.
    CHECK(kb::freeSlots(k, calendar, ymd(2027, 1, 1), -1, 7, {}).empty());
    CHECK(kb::freeSlots(k, calendar, ymd(2027, 1, 1), -1, 11, {}).size() == 5);
    // A day sufler.yaml declares a holiday is closed too.
    const core::WorkCalendar withOverride({ymd(2026, 12, 21)}, {});
    CHECK(kb::daySlots(k, withOverride, ymd(2026, 12, 21)).empty());
}

TEST_CASE("times: HH:MM within the day, slot times as written by people", "[schedule]") {
    CHECK(kb::parseTimeOfDay("9:05") == 9 * 60 + 5);
    CHECK(kb::parseTimeOfDay("24:00") == 24 * 60);
    CHECK_FALSE(kb::parseTimeOfDay("24:01"));
    CHECK_FALSE(kb::parseTimeOfDay("12:60"));
    CHECK_FALSE(kb::parseTimeOfDay("1200"));
    auto slot = kb::parseSlotTime("14.12.2026 09:30");
    REQUIRE(slot);
    CHECK(kb::formatSlot(*slot) == "2026-12-14 09:30");
    CHECK(kb::parseSlotTime("2026-12-14 09:30:00"));
    CHECK_FALSE(kb::parseSlotTime("2026-12-14"));
    CHECK(kb::weekdayRu(ymd(2026, 12, 7)) == "понедельник");
}

TEST_CASE("sufler lint: a broken schedule.md is reported by path:line, the rest of the KB loads",
          "[schedule][cli]") {
    test::TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/families/faq.md", "## Как оформить пособие?\n\nЧерез МФЦ.\n");
    dir.write("departments/families/schedule.md", R"(---
specialists:
  - id: a
    name: А
    role: юрист
    slot: 30
    hours:
      пн: 09:00-13:00, 12:30-14:00
exceptions:
  - specialist: b
    date: 2026-12-14
---
)");
    auto result = test::runCommand(
        fmt::format("{} lint --kb '{}'", test::binary("sufler").string(), dir.path().string()),
        true);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("departments/families/schedule.md:8: error:") != std::string::npos);
    CHECK(result.output.find("departments/families/schedule.md:10: error: исключение для "
                             "неизвестного специалиста «b»") != std::string::npos);
}

TEST_CASE("the demo KB has schedules for specialists of several departments", "[schedule]") {
    auto kb = kb::load(test::demoKb(), {.withGit = false});
    CHECK_FALSE(hasErrors(kb.diagnostics));
    CHECK(kb.specialists.size() >= 4);
    std::set<std::string> departments;
    for (const auto& s : kb.specialists) {
        departments.insert(s.department);
        CHECK_FALSE(s.place.address.empty());
        CHECK_FALSE(s.place.howToGet.empty());
    }
    CHECK(departments.size() >= 3);
}
