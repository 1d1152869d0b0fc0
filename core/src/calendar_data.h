#pragma once
// The government's decrees on moved days off, compiled into the program so that an installed
// `sufler` never reads the source tree. Mirrors kb/data/calendar/<year>.yaml (a test compares).
#include <span>
#include <string_view>

namespace sufler::core::detail {

struct MonthDay {
    unsigned month;
    unsigned day;
};

struct DecreeYear {
    int year;
    std::string_view source;
    std::span<const MonthDay> holidays; // every non-working day of the year on Monday–Friday
    std::span<const MonthDay> workdays; // working Saturdays and Sundays
};

[[nodiscard]] std::span<const DecreeYear> decreeYears();

} // namespace sufler::core::detail
