// `sufler import-drive`: the network drive's documents made into the KB (docs/import.md).
#include "cli/commands.h"
#include "cli/common.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"
#include "sufler/importer/import.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

namespace sufler::cli {

namespace fs = std::filesystem;

namespace {

// The question of --ask, on stderr so that the report on stdout stays clean; an answer that is
// not a section's name is asked again, an empty one (or the end of input) leaves the folder out.
std::string askOnTerminal(const std::string& folder) {
    for (;;) {
        fmt::print(stderr,
                   "Папка «{}»: в какой раздел её перенести? Имя папки раздела (например, "
                   "families); пусто — пропустить: ",
                   folder);
        std::string answer;
        if (!std::getline(std::cin, answer)) {
            fmt::print(stderr, "\n");
            return {};
        }
        answer = core::trimmed(answer);
        if (answer.empty() || importer::isSectionName(answer)) {
            return answer;
        }
        fmt::print(stderr, "«{}» — не имя раздела: строчные латинские буквы, цифры и «-»\n",
                   answer);
    }
}

} // namespace

void registerImportCommands(CLI::App& app, Outcome& outcome) {
    struct Args {
        std::string source;
        std::string kb;
        std::string map;
        std::string department;
        std::string author;
        std::string report = "import-report.md";
        bool dryRun = false;
        bool ask = false;
        int timeLimit = 60;
        int maxTextMb = 4;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand(
        "import-drive", "перенести документы Word, Excel, PDF с сетевого диска в базу знаний");
    cmd->add_option("source", args->source, "папка с копией сетевого диска")->required();
    cmd->add_option("--kb", args->kb, "папка базы знаний (создаётся, если её нет)")->required();
    cmd->add_option("--map", args->map, "YAML: «папка на диске: отдел» (Отдел семей: families)");
    cmd->add_option("--department", args->department, "все файлы — в этот раздел");
    cmd->add_option("--author", args->author,
                    "автор коммитов «Имя <email>» (по умолчанию — из git config)");
    cmd->add_option("--report", args->report, "куда записать отчёт (import-report.md)");
    cmd->add_flag("--dry-run", args->dryRun, "только отчёт: в базу ничего не записывать");
    cmd->add_flag("--ask", args->ask,
                  "спросить раздел один раз для каждой папки, которой нет в --map (ответы "
                  "дописываются в файл --map)");
    cmd->add_option("--time-limit", args->timeLimit,
                    "предел времени на конвертацию одного файла, секунд (60)")
        ->check(CLI::Range(1, 3600));
    cmd->add_option("--max-text-mb", args->maxTextMb,
                    "предел текста одного документа, МБ (4; больше — документ не переносится)")
        ->check(CLI::Range(1, 5));
    cmd->callback([args, &outcome] {
        importer::ImportOptions options;
        options.source = fs::absolute(args->source);
        options.kb = fs::absolute(args->kb);
        if (!args->map.empty()) {
            options.mapFile = fs::absolute(args->map);
        }
        options.department = args->department;
        options.dryRun = args->dryRun;
        if (args->ask) {
            options.askDepartment = askOnTerminal;
        }
        if (!args->author.empty()) {
            options.author = args->author;
        }
        options.timeLimit = std::chrono::seconds(args->timeLimit);
        options.maxTextBytes = static_cast<std::uint64_t>(args->maxTextMb) * 1024 * 1024;
        const importer::ImportReport report = importer::importDrive(options);
        const std::string text = importer::formatReport(report);
        std::ofstream out(args->report, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) {
            throw Error(fmt::format("{}: не удалось записать отчёт", args->report));
        }
        fmt::print("{}\nОтчёт записан в {}\n", text, args->report);
        outcome.exitCode = 0;
    });
}

} // namespace sufler::cli
