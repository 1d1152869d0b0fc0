// `sufler-app`: the operator's console of the hotline.
#include "console/app_window.h"
#include "console/console.h"
#include "console/options.h"
#include "console/settings.h"

#include "config/workstation_config.h"

#include "sufler/core/clock.h"
#include "sufler/core/error.h"
#include "sufler/indexer/search.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/demo.h"
#include "sufler/kb/kb.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

int main(int argc, char** argv) {
    const auto started = std::chrono::steady_clock::now();
    namespace fs = std::filesystem;
    using namespace sufler::console;

    CLI::App app{"Суфлёр — пульт оператора горячей линии. С --training — режим обучения новых "
                 "операторов: план изучения базы знаний, что изменилось, учебные звонки и "
                 "экзамен; результаты хранятся в training.sqlite рядом с журналом, не в нём"};
    app.set_version_flag("--version", std::string("sufler-app ") + SUFLER_VERSION);
    std::string kb, db, stateFile, journal;
    app.add_option("--kb", kb, "папка базы знаний (по умолчанию — демонстрационная)");
    app.add_option("--db", db, "папка индекса (по умолчанию — в $XDG_CACHE_HOME/sufler)");
    app.add_option("--journal", journal,
                   "файл журнала звонков (по умолчанию — $XDG_DATA_HOME/sufler/journal.sqlite) "
                   "или журнал на сервере PostgreSQL: postgresql://…, service=…");
    app.add_option("--state-file", stateFile,
                   "JSON-файл с состоянием пульта, переписывается при каждом изменении (для "
                   "проверок)");
    Options options;
    app.add_option("--poll", options.pollSeconds,
                   "как часто проверять изменения файлов базы, секунд")
        ->check(CLI::PositiveNumber);
    app.add_option("--fetch", options.fetchSeconds,
                   "как часто забирать обновления из удалённого git, секунд (0 — никогда)")
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--senior", options.senior,
                 "пульт старшего смены: F6 — панель старшего оператора (кто на звонке и сколько, "
                 "звонки за день по операторам, очередь обратных звонков и кто их взял)");
    app.add_option("--operator", options.operatorName,
                   "ФИО оператора за этим пультом (по умолчанию — из sufler.conf; без него пульт "
                   "спрашивает при запуске, предлагая операторов из sufler.yaml)");
    bool training = false;
    app.add_flag("--training", training,
                 "режим обучения: план изучения, что изменилось, учебные звонки по отделу или "
                 "экзамен, результат и отчёт наставника (в журнал звонков ничего не попадает)");
    app.add_option("--trainee", options.trainee, "ФИО обучаемого (иначе спрашивается при запуске)")
        ->needs("--training");
    app.add_option("--exam-calls", options.examCalls, "звонков в экзамене (по умолчанию 10)")
        ->check(CLI::Range(1, 50))
        ->needs("--training");
    app.add_option("--read-seconds", options.readSeconds,
                   "сколько секунд запись должна быть открыта, чтобы считаться изученной")
        ->check(CLI::PositiveNumber)
        ->needs("--training");
    unsigned seed = 0;
    app.add_option("--seed", seed, "начальное число для выбора вопросов (для проверок)")
        ->needs("--training");
    // The workstation's sufler.conf gives --kb and --journal their defaults, and the operator.
    sufler::config::WorkstationConfig workstation;
    try {
        workstation = sufler::config::loadWorkstationConfig();
        sufler::config::applyDefaults(app, workstation);
        app.parse(argc, argv);
        (void)sufler::core::now(); // a bad SUFLER_NOW stops here, not in a worker thread
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const sufler::Error& e) {
        fmt::print(stderr, "sufler-app: {}\n", e.what());
        return 1;
    }

    try {
        if (training)
            options.mode = Mode::Training;
        if (app.count("--seed"))
            options.trainingSeed = seed;
        // First the display: a console that cannot open makes nothing, the demo's copy included.
        if (auto failure = AppWindow::initialise()) {
            fmt::print(stderr, "sufler-app: {}\n", *failure);
            return 1;
        }
        // The demo is its working copy: the console marks stale sections and shows what changed
        // by git history, which for the demo is its own, not the program's (sufler/kb/demo.h).
        if (kb.empty() || sufler::kb::demo::isShipped(kb)) {
            const auto copy = sufler::kb::demo::prepareWorkingCopy();
            if (!copy.notice.empty())
                fmt::print(stderr, "sufler-app: {}\n", copy.notice);
            if (!kb.empty())
                fmt::print(stderr,
                           "sufler-app: {} — демонстрационная база из исходников программы; "
                           "пульт работает с её рабочей копией {}\n",
                           kb, copy.root.string());
            options.kbRoot = copy.root;
        } else {
            if (const auto cloned = sufler::config::cloneIfConfigured(kb, workstation))
                fmt::print(stderr, "sufler-app: {}\n", *cloned);
            options.kbRoot = fs::absolute(kb);
        }
        if (!fs::is_directory(options.kbRoot)) {
            fmt::print(stderr, "sufler-app: нет папки базы знаний: {}\n", options.kbRoot.string());
            AppWindow::terminate();
            return 1;
        }
        options.kbRoot = fs::weakly_canonical(options.kbRoot);
        options.dbDir =
            db.empty() ? sufler::indexer::defaultDbDir(options.kbRoot) : fs::absolute(db);
        if (!stateFile.empty())
            options.stateFile = fs::absolute(stateFile);
        if (!journal.empty()) // a server's connection string is no path to make absolute
            options.journalPath = sufler::journal::isServerJournal(journal) ? fs::path(journal)
                                                                            : fs::absolute(journal);

        const fs::path settingsFile = configDir() / "console.ini";
        Settings settings = loadSettings(settingsFile);
        if (!options.operatorName.empty())
            settings.operatorName = options.operatorName; // named: the console does not ask
        std::error_code ec;
        fs::create_directories(configDir(), ec);
        int code = 0;
        {
            AppWindow window(settings, configDir() / "imgui.ini");
            Console console(options, settings, [] { AppWindow::wake(); });
            window.run(console, started, settingsFile);
        }
        AppWindow::terminate();
        return code;
    } catch (const sufler::Error& e) {
        fmt::print(stderr, "sufler-app: {}\n", e.what());
        AppWindow::terminate();
        return 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "sufler-app: внутренняя ошибка: {}\n", e.what());
        return 3;
    }
}
