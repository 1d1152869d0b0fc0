#pragma once
// What the console was started with. A mode selects which set of panels the window shows;
// new modes add a value here and a branch in Console's constructor.
#include <filesystem>
#include <optional>
#include <string>

namespace sufler::console {

enum class Mode {
    Operator, // a live call: search, entry, script, call card
    Training, // the same panels plus study, simulated calls and their results (training_mode.h)
};

struct Options {
    Mode mode = Mode::Operator;
    std::filesystem::path kbRoot;      // absolute
    std::filesystem::path dbDir;       // the index; default under $XDG_CACHE_HOME
    std::filesystem::path stateFile;   // empty = none; JSON written on every change (tests)
    std::filesystem::path journalPath; // empty = the journal's default place
    double pollSeconds = 1.5;          // how often the working tree is checked for changes
    double fetchSeconds = 300;         // how often a configured remote is fetched
    bool senior = false;               // the senior operator's panel (F6) is open to this one
    // Who works at this console (--operator, or sufler.conf's `operator`); empty: asked at start.
    std::string operatorName;
    // training mode
    std::string trainee;                  // empty = asked on the first screen
    int examCalls = 10;                   // calls of a mixed exam
    double readSeconds = 15;              // an entry open this long counts as read
    std::optional<unsigned> trainingSeed; // questions drawn the same way each time (tests)
};

} // namespace sufler::console
