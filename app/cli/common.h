#pragma once
// Helpers every command shares: the --kb option and how a KB path is resolved.
#include "sufler/core/report_format.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <span>
#include <string>

namespace sufler::cli {

// Adds `--kb DIR` (default: the demo KB) to a subcommand.
CLI::Option* addKbOption(CLI::App* command, std::string& kb);

// What a command does with the KB, for the demo shipped in the program's source tree.
enum class KbUse {
    Files,   // reads the files only: the shipped demo is read as it is
    History, // reads or writes git history: the demo means its working copy
};

// The KB root given with --kb (the demo without it), made absolute; throws sufler::Error when
// it is not a folder. For History the demo — by default or named by its path in the sources —
// is its working copy ($XDG_DATA_HOME/sufler/demo-kb, made on first use, see sufler/kb/demo.h):
// the program never reads its own repository's history as the KB's, nor commits into it. What
// is made, and where, is said on stderr.
[[nodiscard]] std::filesystem::path resolveKb(const std::string& kb, KbUse use = KbUse::Files);

// The report format `--format TEXT` names among the ones `offered`; throws sufler::Error that
// lists them («ожидается md или xlsx») for any other text.
[[nodiscard]] core::ReportFormat formatOption(const std::string& text,
                                              std::span<const core::ReportFormat> offered);

// True when standard output is a terminal (for colour).
[[nodiscard]] bool stdoutIsTerminal();

} // namespace sufler::cli
