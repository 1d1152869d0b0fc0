// `sufler config`: what the workstation's configuration files set, and from which file.
#include "cli/commands.h"
#include "config/workstation_config.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

namespace sufler::cli {

void registerConfigCommands(CLI::App& app, Outcome& outcome) {
    auto* cmd = app.add_subcommand("config",
                                   "настройки рабочего места: что задают /etc/sufler/sufler.conf и "
                                   "~/.config/sufler/sufler.conf и в каком файле");
    auto key = std::make_shared<std::string>();
    cmd->add_option("key", *key,
                    "напечатать только значение этого ключа (kb, repository, "
                    "journal, operator); код 1, если он не задан")
        ->check(CLI::IsMember({"kb", "repository", "journal", "operator"}));
    cmd->callback([key, &outcome] {
        const config::WorkstationConfig settings = config::loadWorkstationConfig();
        if (!key->empty()) {
            const auto value = settings.get(*key);
            if (value) {
                fmt::print("{}\n", *value);
            } else {
                outcome.exitCode = 1;
            }
            return;
        }
        fmt::print("# файлы: {} (общий), {} (пользователя)\n", config::systemConfigPath().string(),
                   config::userConfigPath().string());
        for (std::string_view name :
             {config::kKb, config::kRepository, config::kJournal, config::kOperator}) {
            const auto found = settings.values.find(name);
            if (found == settings.values.end()) {
                fmt::print("# {} не задан\n", name);
            } else {
                fmt::print("{} = {}  # {}:{}\n", name, found->second.text,
                           found->second.file.string(), found->second.line);
            }
        }
    });
}

} // namespace sufler::cli
