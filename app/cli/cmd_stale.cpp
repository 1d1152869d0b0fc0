#include "cli/commands.h"

namespace sufler::cli {

void registerStaleCommands(CLI::App& /*app*/, Outcome& /*outcome*/) {}

} // namespace sufler::cli
