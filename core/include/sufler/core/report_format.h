#pragma once
// The formats a report is written in, one type for every report the program writes (the
// staleness report, the monthly report of the journal, the training report); each command
// offers the ones its report has.
#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace sufler::core {

enum class ReportFormat { Text, Json, Csv, Markdown, Xlsx };

inline constexpr std::array<ReportFormat, 5> kAllReportFormats = {
    ReportFormat::Text, ReportFormat::Json, ReportFormat::Csv, ReportFormat::Markdown,
    ReportFormat::Xlsx};

// "text", "json", "csv", "md", "xlsx".
[[nodiscard]] std::string_view reportFormatName(ReportFormat format);
// The format named `name` among `offered`; nullopt for any other text.
[[nodiscard]] std::optional<ReportFormat>
parseReportFormat(std::string_view name, std::span<const ReportFormat> offered = kAllReportFormats);

} // namespace sufler::core
