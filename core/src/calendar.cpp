// The production calendar: Labour Code article 112, the shipped decrees, sufler.yaml overrides.
#include "sufler/core/calendar.h"

#include "calendar_data.h"
#include "sufler/core/error.h"

#include <algorithm>
#include <fmt/format.h>

namespace sufler::core {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;

Date makeDate(int y, unsigned m, unsigned d) {
    return Date{year{y}, month{m}, day{d}};
}

Date nextDay(const Date& date) {
    return Date{sys_days{date} + std::chrono::days{1}};
}

bool isWeekend(const Date& date) {
    weekday wd{sys_days{date}};
    return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

const detail::DecreeYear* findDecree(int y) {
    for (const auto& decree : detail::decreeYears()) {
        if (decree.year == y) {
            return &decree;
        }
    }
    return nullptr;
}

bool listed(std::span<const detail::MonthDay> days, const Date& date) {
    return std::any_of(days.begin(), days.end(), [&](const detail::MonthDay& md) {
        return md.month == static_cast<unsigned>(date.month()) &&
               md.day == static_cast<unsigned>(date.day());
    });
}

bool contains(const std::vector<Date>& sorted, const Date& date) {
    return std::binary_search(sorted.begin(), sorted.end(), date);
}

std::vector<Date> sortedUnique(std::vector<Date> days) {
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    return days;
}

// Whether a day is a working day by the decree of its year, or by article 112 alone.
bool isWorkingByLaw(const Date& date) {
    int y = static_cast<int>(date.year());
    if (const auto* decree = findDecree(y)) {
        if (isWeekend(date)) {
            return listed(decree->workdays, date);
        }
        return !listed(decree->holidays, date);
    }
    if (isWeekend(date)) {
        return false;
    }
    // A year is a dozen holidays: recomputing them is cheaper than caching across threads.
    return !contains(statutoryHolidays(y), date);
}

} // namespace

std::vector<Date> statutoryHolidays(int y) {
    static constexpr detail::MonthDay kHolidays[] = {
        {1, 1}, {1, 2},  {1, 3}, {1, 4}, {1, 5}, {1, 6},  {1, 7},
        {1, 8}, {2, 23}, {3, 8}, {5, 1}, {5, 9}, {6, 12}, {11, 4},
    };
    std::vector<Date> result;
    for (const auto& md : kHolidays) {
        result.push_back(makeDate(y, md.month, md.day));
    }
    // A holiday on a Saturday or Sunday gives the next working day off, except 1–8 January,
    // whose days off only a decree moves. Holidays are in date order, so a carry-over never
    // lands on a day a later carry-over or holiday needs.
    std::vector<Date> carried;
    for (const auto& md : kHolidays) {
        Date holiday = makeDate(y, md.month, md.day);
        if (md.month == 1 || !isWeekend(holiday)) {
            continue;
        }
        Date next = nextDay(holiday);
        while (isWeekend(next) || contains(result, next) ||
               std::find(carried.begin(), carried.end(), next) != carried.end()) {
            next = nextDay(next);
        }
        carried.push_back(next);
    }
    result.insert(result.end(), carried.begin(), carried.end());
    return sortedUnique(std::move(result));
}

WorkCalendar::WorkCalendar() = default;

WorkCalendar::WorkCalendar(std::vector<Date> extraHolidays, std::vector<Date> extraWorkdays)
    : m_extraHolidays(sortedUnique(std::move(extraHolidays))),
      m_extraWorkdays(sortedUnique(std::move(extraWorkdays))) {}

bool WorkCalendar::isWorkingDay(const Date& date) const {
    if (!date.ok()) {
        throw Error(fmt::format("недопустимая дата {}", formatIsoDate(date)));
    }
    // sufler.yaml has the last word: a listed working day wins over a listed holiday, since
    // a working day is listed only to undo a day off.
    if (contains(m_extraWorkdays, date)) {
        return true;
    }
    if (contains(m_extraHolidays, date)) {
        return false;
    }
    return isWorkingByLaw(date);
}

Date WorkCalendar::addWorkingDays(const Date& from, int n) const {
    if (n < 1) {
        throw Error(fmt::format("число рабочих дней должно быть не меньше 1, а не {}", n));
    }
    Date current = from;
    int counted = 0;
    // A year always has working days; this bound only guards against a calendar made all holidays.
    for (int step = 0; step < 366 * 10 + n * 7; ++step) {
        current = nextDay(current);
        if (isWorkingDay(current) && ++counted == n) {
            return current;
        }
    }
    throw Error(fmt::format("в календаре нет {} рабочих дней после {}", n, formatIsoDate(from)));
}

int WorkCalendar::workingDaysBetween(const Date& from, const Date& to) const {
    int count = 0;
    for (Date current = nextDay(from); sys_days{current} <= sys_days{to};
         current = nextDay(current)) {
        if (isWorkingDay(current)) {
            ++count;
        }
    }
    return count;
}

Date WorkCalendar::lastWorkingDayOfMonth(std::chrono::year_month ym) const {
    Date current{ym / std::chrono::last};
    Date first{ym / day{1}};
    while (!isWorkingDay(current)) {
        if (current == first) {
            throw Error(fmt::format("в месяце {:04}-{:02} нет рабочих дней",
                                    static_cast<int>(ym.year()),
                                    static_cast<unsigned>(ym.month())));
        }
        current = Date{sys_days{current} - std::chrono::days{1}};
    }
    return current;
}

bool WorkCalendar::hasDecree(int y) const {
    return findDecree(y) != nullptr;
}

std::string WorkCalendar::decreeSource(int y) const {
    if (const auto* decree = findDecree(y)) {
        return std::string(decree->source);
    }
    return {};
}

} // namespace sufler::core
