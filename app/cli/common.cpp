#include "cli/common.h"
#include "config/workstation_config.h"

#include "sufler/core/error.h"
#include "sufler/kb/demo.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>
#include <unistd.h>

namespace sufler::cli {

CLI::Option* addKbOption(CLI::App* command, std::string& kb) {
    return command->add_option("--kb", kb, "папка базы знаний (по умолчанию — демонстрационная)");
}

namespace {

std::filesystem::path demoWorkingCopy() {
    const kb::demo::WorkingCopy copy = kb::demo::prepareWorkingCopy();
    if (!copy.notice.empty()) {
        fmt::print(stderr, "sufler: {}\n", copy.notice);
    }
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(copy.root, ec);
    return ec ? copy.root : canonical;
}

} // namespace

std::filesystem::path resolveKb(const std::string& kb, KbUse use) {
    if (use == KbUse::History && kb.empty()) {
        return demoWorkingCopy();
    }
    if (use == KbUse::History && kb::demo::isShipped(kb)) {
        const std::filesystem::path copy = demoWorkingCopy();
        fmt::print(stderr,
                   "sufler: {} — демонстрационная база из исходников программы; команда работает "
                   "с её рабочей копией {} (отдельный git-репозиторий)\n",
                   kb, copy.string());
        return copy;
    }
    std::filesystem::path root = kb.empty() ? kb::demo::shippedRoot() : std::filesystem::path(kb);
    // The configured KB folder of a new workstation: cloned from the central repository.
    if (!kb.empty()) {
        if (const auto cloned = config::cloneIfConfigured(root, config::loadWorkstationConfig())) {
            fmt::print(stderr, "sufler: {}\n", *cloned);
        }
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
        throw Error(fmt::format("{}: нет такой папки базы знаний", root.string()));
    }
    return std::filesystem::weakly_canonical(std::filesystem::absolute(root));
}

core::ReportFormat formatOption(const std::string& text,
                                std::span<const core::ReportFormat> offered) {
    if (const auto format = core::parseReportFormat(text, offered))
        return *format;
    std::string names;
    for (std::size_t i = 0; i < offered.size(); ++i) {
        if (i > 0)
            names += i + 1 == offered.size() ? " или " : ", ";
        names += core::reportFormatName(offered[i]);
    }
    throw Error(fmt::format("--format: «{}» — ожидается {}", text, names));
}

bool stdoutIsTerminal() {
    return isatty(STDOUT_FILENO) == 1;
}

} // namespace sufler::cli
