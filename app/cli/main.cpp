// `sufler`: the command line of the knowledge base, search, staleness, scripts and journal.
#include "cli/commands.h"
#include "config/workstation_config.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    CLI::App app{"Суфлёр — база знаний и помощник оператора горячей линии"};
    app.set_version_flag("--version", std::string("sufler ") + SUFLER_VERSION);
    app.require_subcommand(1);
    app.fallthrough();

    sufler::cli::Outcome outcome;
    sufler::cli::registerKbCommands(app, outcome);
    sufler::cli::registerSearchCommands(app, outcome);
    sufler::cli::registerStaleCommands(app, outcome);
    sufler::cli::registerScriptCommands(app, outcome);
    sufler::cli::registerJournalCommands(app, outcome);
    sufler::cli::registerReportCommands(app, outcome);
    sufler::cli::registerTrainingCommands(app, outcome);
    sufler::cli::registerConfigCommands(app, outcome);
    sufler::cli::registerScheduleCommands(app, outcome);
    sufler::cli::registerSuggestCommands(app, outcome);
    sufler::cli::registerImportCommands(app, outcome);
    sufler::cli::registerCitizenCommands(app, outcome);
    sufler::cli::registerCallCommands(app, outcome);
    sufler::cli::registerCampaignCommands(app, outcome);

    try {
        // The workstation's files give --kb, --journal and --operator their defaults.
        sufler::config::applyDefaults(app, sufler::config::loadWorkstationConfig());
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const sufler::Error& e) {
        std::fflush(stdout);
        fmt::print(stderr, "sufler: ошибка: {}\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fflush(stdout);
        fmt::print(stderr, "sufler: внутренняя ошибка: {}\n", e.what());
        return 3;
    }
    return outcome.exitCode;
}
