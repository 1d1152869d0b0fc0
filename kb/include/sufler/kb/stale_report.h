#pragma once
// The staleness report in every format `sufler stale` offers: a table for the terminal, JSON
// (the contract of design.md), CSV, Markdown, and an xlsx workbook for managers.
#include "sufler/core/report_format.h"
#include "sufler/kb/staleness.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sufler::kb {

// The staleness report is written in every report format.
using StaleFormat = core::ReportFormat;

// "text", "json", "csv", "md", "xlsx"; nullopt for anything else.
[[nodiscard]] std::optional<StaleFormat> parseStaleFormat(std::string_view name);

struct StaleTextOptions {
    bool colour = false;      // ANSI colours, for a terminal
    std::string organization; // shown in the heading when not empty
};

[[nodiscard]] std::string staleText(const StaleReport& report,
                                    const StaleTextOptions& options = {});
[[nodiscard]] std::string staleJson(const StaleReport& report);
[[nodiscard]] std::string staleCsv(const StaleReport& report);
[[nodiscard]] std::string staleMarkdown(const StaleReport& report,
                                        std::string_view organization = {});
// Sheet «Разделы» (one row a section), «Требования» (every open requirement) and «Календарь».
// Throws sufler::Error when the file cannot be written.
void writeStaleXlsx(const StaleReport& report, const std::filesystem::path& path,
                    std::string_view organization = {});

} // namespace sufler::kb
