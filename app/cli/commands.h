#pragma once
// Each group of `sufler` commands registers itself here; one file per group (cmd_*.cpp).
#include <CLI/CLI.hpp>

namespace sufler::cli {

// Exit code a command sets; main returns it after the parse.
struct Outcome {
    int exitCode = 0;
};

void registerKbCommands(CLI::App& app, Outcome& outcome);       // lint, show
void registerSearchCommands(CLI::App& app, Outcome& outcome);   // index, search
void registerStaleCommands(CLI::App& app, Outcome& outcome);    // stale, review, hook
void registerScriptCommands(CLI::App& app, Outcome& outcome);   // script list|run
void registerJournalCommands(CLI::App& app, Outcome& outcome);  // journal …
void registerReportCommands(CLI::App& app, Outcome& outcome);   // report
void registerTrainingCommands(CLI::App& app, Outcome& outcome); // training …
void registerConfigCommands(CLI::App& app, Outcome& outcome);   // config
void registerScheduleCommands(CLI::App& app, Outcome& outcome); // schedule …
void registerSuggestCommands(CLI::App& app, Outcome& outcome);  // suggest
void registerImportCommands(CLI::App& app, Outcome& outcome);   // import-drive
void registerCitizenCommands(CLI::App& app, Outcome& outcome);  // citizen …
void registerCallCommands(CLI::App& app, Outcome& outcome);     // call ring
void registerCampaignCommands(CLI::App& app, Outcome& outcome); // campaign …

// `schedule reminders|remind` (cmd_reminders.cpp), registered by registerScheduleCommands.
void addReminderCommands(CLI::App* schedule, Outcome& outcome);

// `journal status` (cmd_status.cpp), registered by registerJournalCommands.
void addJournalStatusCommand(CLI::App* journal);

} // namespace sufler::cli
