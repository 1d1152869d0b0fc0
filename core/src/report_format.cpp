// The report formats' names (sufler/core/report_format.h).
#include "sufler/core/report_format.h"

#include "sufler/core/enum_names.h"

#include <algorithm>

namespace sufler::core {

namespace {

constexpr auto kFormats = std::to_array<EnumName<ReportFormat>>({
    {ReportFormat::Text, "text"},
    {ReportFormat::Json, "json"},
    {ReportFormat::Csv, "csv"},
    {ReportFormat::Markdown, "md"},
    {ReportFormat::Xlsx, "xlsx"},
});

} // namespace

std::string_view reportFormatName(ReportFormat format) {
    return enumRow(kFormats, format, ReportFormat::Text).name;
}

std::optional<ReportFormat> parseReportFormat(std::string_view name,
                                              std::span<const ReportFormat> offered) {
    const auto format = parseEnumName(kFormats, name);
    if (!format || std::find(offered.begin(), offered.end(), *format) == offered.end()) {
        return std::nullopt;
    }
    return format;
}

} // namespace sufler::core
