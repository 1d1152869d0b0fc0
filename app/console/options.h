#pragma once
// What the console was started with. A mode selects which set of panels the window shows;
// new modes add a value here and a branch in Console's constructor.
#include <filesystem>
#include <optional>
#include <string>

namespace sufler::console {

enum class Mode {
    Operator, // a live call: search, entry, script, call card
};

struct Options {
    Mode mode = Mode::Operator;
    std::filesystem::path kbRoot;      // absolute
    std::filesystem::path dbDir;       // the index; default under $XDG_CACHE_HOME
    std::filesystem::path stateFile;   // empty = none; JSON written on every change (tests)
    std::filesystem::path journalPath; // empty = the journal's default place
    double pollSeconds = 1.5;          // how often the working tree is checked for changes
    double fetchSeconds = 300;         // how often a configured remote is fetched
};

} // namespace sufler::console
