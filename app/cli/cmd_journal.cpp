#include "cli/commands.h"

namespace sufler::cli {

void registerJournalCommands(CLI::App& /*app*/, Outcome& /*outcome*/) {}

} // namespace sufler::cli
