#pragma once
// Helpers every command shares: the --kb option and how a KB path is resolved.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

namespace sufler::cli {

// Adds `--kb DIR` (default: the demo KB) to a subcommand.
CLI::Option* addKbOption(CLI::App* command, std::string& kb);

// The KB root given with --kb, made absolute; throws sufler::Error when it is not a folder.
[[nodiscard]] std::filesystem::path resolveKb(const std::string& kb);

// True when standard output is a terminal (for colour).
[[nodiscard]] bool stdoutIsTerminal();

} // namespace sufler::cli
