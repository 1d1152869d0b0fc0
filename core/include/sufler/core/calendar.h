#pragma once
// The Russian production calendar: which days are working days. Built from the Labour Code
// (article 112), the government's decree for each year shipped as data, and the `calendar`
// overrides of sufler.yaml. Shared by staleness (change deadlines) and the journal
// (deferred answers).
#include "sufler/core/date.h"

#include <chrono>
#include <string>
#include <vector>

namespace sufler::core {

class WorkCalendar {
public:
    WorkCalendar(); // statutory rule + shipped decrees, no overrides
    // + the `calendar` overrides of sufler.yaml (kb::workCalendar(profile) builds it).
    WorkCalendar(std::vector<Date> extraHolidays, std::vector<Date> extraWorkdays);

    [[nodiscard]] bool isWorkingDay(const Date& day) const;
    // The n-th working day after `from` (`from` itself not counted); n >= 1.
    [[nodiscard]] Date addWorkingDays(const Date& from, int n) const;
    // Working days in (from, to]: 0 when to <= from.
    [[nodiscard]] int workingDaysBetween(const Date& from, const Date& to) const;
    [[nodiscard]] Date lastWorkingDayOfMonth(std::chrono::year_month month) const;
    // True when the government's decree for that year is shipped; otherwise only the statutory
    // rule applies, and reports say so.
    [[nodiscard]] bool hasDecree(int year) const;
    // Where the decree data for a year came from («постановление Правительства РФ от … № …»).
    [[nodiscard]] std::string decreeSource(int year) const;
    // The `calendar` overrides this calendar was built with (sorted).
    [[nodiscard]] const std::vector<Date>& extraHolidays() const { return m_extraHolidays; }
    [[nodiscard]] const std::vector<Date>& extraWorkdays() const { return m_extraWorkdays; }

private:
    struct Impl;
    std::vector<Date> m_extraHolidays;
    std::vector<Date> m_extraWorkdays;
};

// The non-working days the Labour Code alone gives for a year (article 112: 1–8 January,
// 23 February, 8 March, 1 May, 9 May, 12 June, 4 November, and the next working day for each
// of these but the January ones that falls on a Saturday or Sunday), sorted. Weekends are not
// listed unless they are holidays themselves.
[[nodiscard]] std::vector<Date> statutoryHolidays(int year);

} // namespace sufler::core
