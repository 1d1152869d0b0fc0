#pragma once
// Calendar dates as the KB writes them: `YYYY-MM-DD` or `DD.MM.YYYY`.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sufler {

using Date = std::chrono::year_month_day;

// Parses `YYYY-MM-DD` or `DD.MM.YYYY`; nullopt when the text is not a valid day.
[[nodiscard]] std::optional<Date> parseDate(std::string_view text);
[[nodiscard]] std::string formatIsoDate(const Date& date);     // 2026-11-24
[[nodiscard]] std::string formatRussianDate(const Date& date); // 24.11.2026
[[nodiscard]] Date todayLocal();

} // namespace sufler
