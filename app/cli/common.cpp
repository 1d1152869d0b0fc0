#include "cli/common.h"

#include "sufler/kb/error.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>
#include <unistd.h>

namespace sufler::cli {

CLI::Option* addKbOption(CLI::App* command, std::string& kb) {
    return command->add_option("--kb", kb, "папка базы знаний (по умолчанию — демонстрационная)");
}

std::filesystem::path resolveKb(const std::string& kb) {
    std::filesystem::path root = kb.empty() ? kb::defaultKbRoot() : std::filesystem::path(kb);
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
        throw Error(fmt::format("{}: нет такой папки базы знаний", root.string()));
    }
    return std::filesystem::weakly_canonical(std::filesystem::absolute(root));
}

bool stdoutIsTerminal() { return isatty(STDOUT_FILENO) == 1; }

} // namespace sufler::cli
