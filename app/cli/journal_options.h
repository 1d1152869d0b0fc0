#pragma once
// The options and helpers that `sufler journal …` and `sufler report` share.
#include "sufler/journal/import.h"
#include "sufler/journal/journal.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <string>

namespace sufler::cli {

struct Common {
    std::string journal; // `--journal`: a file, or a PostgreSQL connection string
    std::string kb;
};

// `--journal` and `--kb` on a subcommand.
void addJournalOptions(CLI::App* command, Common& common);

// The lists of sufler.yaml; an unreadable profile of the default KB is not an error.
[[nodiscard]] journal::ReferenceLists lists(const Common& common);

// The journal `--journal` names (the default one without it); with `refs`, due dates follow
// the KB's production calendar.
[[nodiscard]] journal::Journal openJournal(const Common& common,
                                           const journal::ReferenceLists* refs = nullptr);

// `--today` (today without it); throws on any text but a date.
[[nodiscard]] Date today(const std::string& text);
// `--month ГГГГ-ММ`; throws naming the option on any other text.
[[nodiscard]] std::chrono::year_month monthOption(const std::string& text);
// The period of an optional `--month`: all time when it is not given.
[[nodiscard]] journal::Period monthPeriod(const std::string& text);

// Text on one line for a listing: line breaks and control characters escaped, cut after
// `maxChars` characters (0: not cut).
[[nodiscard]] std::string oneLine(const std::string& text, std::size_t maxChars = 0);

} // namespace sufler::cli
