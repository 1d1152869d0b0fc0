#include "cli/commands.h"

namespace sufler::cli {

void registerKbCommands(CLI::App& /*app*/, Outcome& /*outcome*/) {}

} // namespace sufler::cli
