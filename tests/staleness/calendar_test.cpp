// The production calendar against the examples of the KB format and the shipped decrees.
#include "sufler/core/calendar.h"
#include "sufler/kb/model.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

using namespace sufler;
using sufler::core::WorkCalendar;

namespace {

Date d(const char* text) {
    auto date = parseDate(text);
    REQUIRE(date.has_value());
    return *date;
}

bool isWeekend(const Date& date) {
    std::chrono::weekday wd{std::chrono::sys_days{date}};
    return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

std::vector<Date> readDates(const YAML::Node& node) {
    std::vector<Date> result;
    for (const auto& item : node) {
        result.push_back(d(item.as<std::string>().c_str()));
    }
    return result;
}

// Non-working weekdays and working weekend days of a year, by asking the calendar day by day.
struct YearDays {
    std::vector<Date> holidays;
    std::vector<Date> workdays;
};

YearDays scanYear(const core::WorkCalendar& calendar, int y) {
    YearDays result;
    for (Date day{std::chrono::year{y} / 1 / 1}; day.year() == std::chrono::year{y};
         day = Date{std::chrono::sys_days{day} + std::chrono::days{1}}) {
        bool working = calendar.isWorkingDay(day);
        if (!isWeekend(day) && !working) {
            result.holidays.push_back(day);
        }
        if (isWeekend(day) && working) {
            result.workdays.push_back(day);
        }
    }
    return result;
}

} // namespace

TEST_CASE("calendar: examples of the KB format for 2026") {
    core::WorkCalendar calendar;
    // Reviewed in the third quarter → due on the last working day of the fourth: 31 December
    // 2026 is a day off by decree № 1466.
    CHECK_FALSE(calendar.isWorkingDay(d("2026-12-31")));
    CHECK(calendar.lastWorkingDayOfMonth(std::chrono::year{2026} / 12) == d("2026-12-30"));
    // A change on 10 November → the tenth working day after it.
    CHECK(calendar.addWorkingDays(d("2026-11-10"), 10) == d("2026-11-24"));
    CHECK(calendar.workingDaysBetween(d("2026-11-10"), d("2026-11-24")) == 10);
    CHECK(calendar.workingDaysBetween(d("2026-11-24"), d("2026-11-10")) == 0);
    CHECK(calendar.addWorkingDays(d("2026-11-24"), 1) == d("2026-11-25"));
    // Across the November holiday: 3 Nov (Tue) + 1 working day is 5 Nov.
    CHECK(calendar.addWorkingDays(d("2026-11-03"), 1) == d("2026-11-05"));
    CHECK(calendar.hasDecree(2026));
    CHECK(calendar.decreeSource(2026).find("№ 1466") != std::string::npos);
    CHECK(calendar.decreeSource(2026).find("24.09.2025") != std::string::npos);
}

TEST_CASE("calendar: 2026 non-working weekdays are exactly those of decree № 1466") {
    core::WorkCalendar calendar;
    auto year = scanYear(calendar, 2026);
    std::vector<Date> expected = {
        d("2026-01-01"), d("2026-01-02"), d("2026-01-05"), d("2026-01-06"), d("2026-01-07"),
        d("2026-01-08"), d("2026-01-09"), d("2026-02-23"), d("2026-03-09"), d("2026-05-01"),
        d("2026-05-11"), d("2026-06-12"), d("2026-11-04"), d("2026-12-31")};
    CHECK(year.holidays == expected);
    CHECK(year.workdays.empty());
    // 247 working days in 2026 by the production calendar.
    CHECK(calendar.workingDaysBetween(d("2025-12-31"), d("2026-12-31")) == 247);
}

TEST_CASE("calendar: 2025 follows decree № 1335, including the working Saturday 1 November") {
    core::WorkCalendar calendar;
    CHECK(calendar.isWorkingDay(d("2025-11-01"))); // Saturday, worked for 3 November
    CHECK_FALSE(calendar.isWorkingDay(d("2025-11-03")));
    CHECK_FALSE(calendar.isWorkingDay(d("2025-05-09"))); // Victory Day, a Friday
    CHECK_FALSE(calendar.isWorkingDay(d("2025-05-08"))); // from Sunday 23 February
    CHECK_FALSE(calendar.isWorkingDay(d("2025-06-13"))); // from Saturday 8 March
    // The decree takes the weekend holidays of February and March elsewhere: no Monday off.
    CHECK(calendar.isWorkingDay(d("2025-02-24")));
    CHECK(calendar.isWorkingDay(d("2025-03-10")));
    auto year = scanYear(calendar, 2025);
    CHECK(year.holidays.size() == 15);
    CHECK(year.workdays == std::vector<Date>{d("2025-11-01")});
    // 247 working days in 2025.
    CHECK(calendar.workingDaysBetween(d("2024-12-31"), d("2025-12-31")) == 247);
    CHECK(calendar.decreeSource(2025).find("№ 1335") != std::string::npos);
}

TEST_CASE("calendar: a year without decree data follows article 112 alone") {
    core::WorkCalendar calendar;
    CHECK_FALSE(calendar.hasDecree(2027));
    CHECK(calendar.decreeSource(2027).empty());
    // 2027: 9 May is a Sunday → Monday 10 May off; 12 June is a Saturday → Monday 14 June off.
    CHECK_FALSE(calendar.isWorkingDay(d("2027-05-10")));
    CHECK_FALSE(calendar.isWorkingDay(d("2027-06-14")));
    CHECK(calendar.isWorkingDay(d("2027-06-15")));
    // January holidays on a weekend are not carried over by the Labour Code: 2 and 3 January
    // 2027 are Saturday and Sunday, and Monday 11 January is a working day.
    CHECK_FALSE(calendar.isWorkingDay(d("2027-01-08")));
    CHECK(calendar.isWorkingDay(d("2027-01-11")));
    CHECK(calendar.isWorkingDay(d("2027-02-22")));
    CHECK_FALSE(calendar.isWorkingDay(d("2027-02-23")));
    // 2028: 8 March is a Wednesday; 4 November a Saturday → Monday 6 November.
    CHECK_FALSE(calendar.isWorkingDay(d("2028-11-06")));
    CHECK(calendar.isWorkingDay(d("2028-11-07")));
}

TEST_CASE("calendar: each weekend holiday of a year carries over to its own Monday") {
    // 2032: 1 May is a Saturday → Monday 3 May; 9 May a Sunday → Monday 10 May.
    auto holidays = core::statutoryHolidays(2032);
    CHECK(std::count(holidays.begin(), holidays.end(), d("2032-05-03")) == 1);
    CHECK(std::count(holidays.begin(), holidays.end(), d("2032-05-10")) == 1);
    // 2038: 1 May is a Saturday, 9 May a Sunday, 12 June a Saturday, 4 Nov a Thursday.
    core::WorkCalendar calendar;
    CHECK_FALSE(calendar.isWorkingDay(d("2038-05-03")));
    CHECK_FALSE(calendar.isWorkingDay(d("2038-05-10")));
    CHECK_FALSE(calendar.isWorkingDay(d("2038-06-14")));
}

TEST_CASE("calendar: sufler.yaml overrides add holidays and working days") {
    kb::Profile profile;
    profile.extraHolidays = {d("2027-12-31"), d("2027-01-11")};
    profile.extraWorkdays = {d("2027-01-09")}; // a Saturday
    const core::WorkCalendar calendar = kb::workCalendar(profile);
    CHECK_FALSE(calendar.isWorkingDay(d("2027-12-31")));
    CHECK_FALSE(calendar.isWorkingDay(d("2027-01-11")));
    CHECK(calendar.isWorkingDay(d("2027-01-09")));
    CHECK(calendar.lastWorkingDayOfMonth(std::chrono::year{2027} / 12) == d("2027-12-30"));
    // 8 Jan (Fri, holiday) → 9 Jan (Sat, worked) is the first working day.
    CHECK(calendar.addWorkingDays(d("2027-01-08"), 1) == d("2027-01-09"));
    CHECK(calendar.addWorkingDays(d("2027-01-08"), 2) == d("2027-01-12"));
    core::WorkCalendar plain;
    CHECK(plain.isWorkingDay(d("2027-12-31")));
}

TEST_CASE("calendar: the compiled decrees match kb/data/calendar and the Labour Code") {
    core::WorkCalendar calendar;
    for (int y : {2025, 2026}) {
        INFO("year " << y);
        YAML::Node data = YAML::LoadFile(std::string(SUFLER_KB_DATA_DIR) + "/calendar/" +
                                         std::to_string(y) + ".yaml");
        REQUIRE(data["year"].as<int>() == y);
        CHECK(calendar.decreeSource(y) == data["source"].as<std::string>());
        auto listedHolidays = readDates(data["holidays"]);
        auto listedWorkdays = readDates(data["workdays"]);
        for (const auto& day : listedHolidays) {
            CHECK_FALSE(isWeekend(day));
        }
        for (const auto& day : listedWorkdays) {
            CHECK(isWeekend(day));
        }
        auto year = scanYear(calendar, y);
        CHECK(year.holidays == listedHolidays);
        CHECK(year.workdays == listedWorkdays);

        // Article 112 plus the decree's transfers must give the same list: a transfer from a
        // plain weekend day makes it a working day; from a weekend holiday other than January it
        // cancels the Labour Code's carry-over; either way its target becomes a day off.
        auto statutory = core::statutoryHolidays(y);
        std::vector<Date> derivedHolidays;
        for (const auto& day : statutory) {
            if (!isWeekend(day)) {
                derivedHolidays.push_back(day);
            }
        }
        std::vector<Date> derivedWorkdays;
        for (const auto& transfer : data["transfers"]) {
            Date from = d(transfer["from"].as<std::string>().c_str());
            Date to = d(transfer["to"].as<std::string>().c_str());
            REQUIRE(isWeekend(from));
            bool holiday = std::binary_search(statutory.begin(), statutory.end(), from);
            if (!holiday) {
                derivedWorkdays.push_back(from);
            } else if (from.month() != std::chrono::January) {
                // The carry-over the Labour Code gave: the first weekday after `from` that is a
                // holiday and not a holiday by itself.
                Date next{std::chrono::sys_days{from} + std::chrono::days{1}};
                while (isWeekend(next)) {
                    next = Date{std::chrono::sys_days{next} + std::chrono::days{1}};
                }
                auto it = std::find(derivedHolidays.begin(), derivedHolidays.end(), next);
                REQUIRE(it != derivedHolidays.end());
                derivedHolidays.erase(it);
            }
            derivedHolidays.push_back(to);
        }
        std::sort(derivedHolidays.begin(), derivedHolidays.end());
        CHECK(derivedHolidays == listedHolidays);
        CHECK(derivedWorkdays == listedWorkdays);
    }
}
