#pragma once
// The workstation's configuration file, shared by `sufler` and `sufler-app`:
// /etc/sufler/sufler.conf, then ~/.config/sufler/sufler.conf ($XDG_CONFIG_HOME) over it, and
// the command line over both. Lines are `key = value`; `#` starts a comment line.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::config {

// The keys a file may set.
inline constexpr std::string_view kKb = "kb";                 // the KB clone's folder
inline constexpr std::string_view kRepository = "repository"; // the central repository's URL
inline constexpr std::string_view kJournal = "journal";       // a file or a connection string
inline constexpr std::string_view kOperator = "operator";     // the operator's full name

struct Value {
    std::string text; // `~/` expanded for kb and journal
    std::filesystem::path file;
    int line = 0;
};

struct WorkstationConfig {
    std::map<std::string, Value, std::less<>> values;
    std::vector<std::filesystem::path> files; // the files read, system first

    [[nodiscard]] std::optional<std::string> get(std::string_view key) const;
};

// $SUFLER_SYSTEM_CONFIG (for tests and the man page's build) or /etc/sufler/sufler.conf.
[[nodiscard]] std::filesystem::path systemConfigPath();
// $XDG_CONFIG_HOME/sufler/sufler.conf, or ~/.config/sufler/sufler.conf; empty without HOME.
[[nodiscard]] std::filesystem::path userConfigPath();

// Reads one file into `config`, its values over those already there. A missing file adds
// nothing; an unreadable one, an unknown key or a line without `=` throws sufler::Error naming
// the file and the line.
void readConfigFile(const std::filesystem::path& file, WorkstationConfig& config);
// The system file, then the user's.
[[nodiscard]] WorkstationConfig loadWorkstationConfig();

// Makes the configured values the defaults of `--kb`, `--journal` and `--operator` on the
// program and every subcommand that has them: what is given on the command line still wins.
void applyDefaults(CLI::App& app, const WorkstationConfig& config);

// When `kb` is the configured KB folder, it does not exist yet and a central repository is
// configured, clones the repository there (`git clone`); returns a line saying so, or nothing.
// Throws sufler::Error when the clone fails.
std::optional<std::string> cloneIfConfigured(const std::filesystem::path& kb,
                                             const WorkstationConfig& config);

} // namespace sufler::config
