#include "cli/commands.h"

namespace sufler::cli {

void registerSearchCommands(CLI::App& /*app*/, Outcome& /*outcome*/) {}

} // namespace sufler::cli
