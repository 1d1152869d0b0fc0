#include "cli/commands.h"

namespace sufler::cli {

void registerScriptCommands(CLI::App& /*app*/, Outcome& /*outcome*/) {}

} // namespace sufler::cli
