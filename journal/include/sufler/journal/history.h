#pragma once
// The printable list of a citizen's appeals for the retention period (seed 002 §3: a citizen
// may ask for the list of theirs). It holds personal data: the command line writes it only
// with --with-personal-data, to a file of its owner alone (0600).
#include "sufler/core/date.h"
#include "sufler/core/report_format.h"
#include "sufler/journal/journal.h"

#include <array>
#include <filesystem>
#include <string>

namespace sufler::journal {

inline constexpr std::array<core::ReportFormat, 2> kHistoryFormats = {core::ReportFormat::Xlsx,
                                                                      core::ReportFormat::Markdown};

// The history as Markdown: a title with the phone and the period, one row per call (oldest
// first, as a list of appeals is read), then what is still open.
[[nodiscard]] std::string historyMarkdown(const CallerHistory& history, const Date& today);

// Writes the history as `format` (one of kHistoryFormats) to `out`, created readable by its
// owner only whatever the umask (an existing file is made so before it is written). Throws
// sufler::Error naming the file.
void writeHistory(const CallerHistory& history, const Date& today, core::ReportFormat format,
                  const std::filesystem::path& out);

} // namespace sufler::journal
