#pragma once
// What the text and the xlsx renderings of the monthly report share.
#include "sufler/journal/report.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace sufler::journal {

extern const char* const kNotGiven; // «(не указано)»

[[nodiscard]] std::string displayTimestamp(const std::string& timestamp);     // DD.MM.YYYY HH:MM
[[nodiscard]] std::vector<std::string> incomingRow(const IncomingCall& call); // Приложение 1
[[nodiscard]] std::vector<std::string> outgoingRow(const OutgoingCall& call); // Приложение 2
[[nodiscard]] std::string monthTitleRu(std::chrono::year_month month); // «ноябрь 2026»
[[nodiscard]] std::string monthIso(std::chrono::year_month month);     // 2026-11
// The key figures as (title, value) lines.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> summaryRows(const MonthlyReport& r);

void writeXlsxReport(const MonthlyReport& report, const std::filesystem::path& out);

} // namespace sufler::journal
