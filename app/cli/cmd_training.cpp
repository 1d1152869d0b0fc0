#include "cli/commands.h"

namespace sufler::cli {

void registerTrainingCommands(CLI::App& /*app*/, Outcome& /*outcome*/) {}

} // namespace sufler::cli
