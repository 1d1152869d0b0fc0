// `sufler training …`: the trainer's report, a trainee's study plan and «что изменилось».
#include "cli/commands.h"
#include "cli/common.h"

#include "sufler/core/report_format.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/kb.h"
#include "sufler/training/changes.h"
#include "sufler/training/report.h"
#include "sufler/training/store.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <memory>

namespace sufler::cli {

namespace {

struct TrainingOptions {
    std::string kb;
    std::string journal;
    std::string format = "text";
    std::string out;
    std::string trainee;
    std::string since;
    bool markStudied = false;
    bool noDiff = false;
};

void addCommonOptions(CLI::App* command, TrainingOptions& o) {
    addKbOption(command, o.kb);
    command->add_option("--journal", o.journal,
                        "файл журнала; данные обучения хранятся рядом с ним, в training.sqlite");
}

training::TrainingStore openStore(const TrainingOptions& o) {
    auto journal =
        o.journal.empty() ? journal::Journal::defaultPath() : std::filesystem::path(o.journal);
    return training::TrainingStore::open(training::storePathBeside(journal));
}

void writeOutput(const std::string& text, const std::string& out) {
    if (out.empty()) {
        fmt::print("{}", text);
        return;
    }
    std::ofstream file(out, std::ios::binary);
    file << text;
    if (!file) {
        throw Error(fmt::format("{}: не удалось записать файл", out));
    }
}

} // namespace

void registerTrainingCommands(CLI::App& app, Outcome& /*outcome*/) {
    auto* training = app.add_subcommand("training", "обучение операторов: отчёт наставника, "
                                                    "план изучения, что изменилось в базе");
    training->require_subcommand(1);

    {
        auto o = std::make_shared<TrainingOptions>();
        auto* cmd = training->add_subcommand(
            "report", "отчёт наставника: сессии, результаты по времени, слабые разделы, изучение");
        addCommonOptions(cmd, *o);
        cmd->add_option("--format", o->format, "text | json | xlsx")
            ->check(CLI::IsMember({"text", "json", "xlsx"}));
        cmd->add_option("--out", o->out, "файл для отчёта (для xlsx обязателен)");
        cmd->callback([o] {
            auto base = kb::load(resolveKb(o->kb), {.withGit = false});
            auto store = openStore(*o);
            auto summary = training::summarize(store, base);
            constexpr std::array kOffered = {core::ReportFormat::Text, core::ReportFormat::Json,
                                             core::ReportFormat::Xlsx};
            const auto format = formatOption(o->format, kOffered);
            if (format == core::ReportFormat::Xlsx) {
                if (o->out.empty()) {
                    throw Error("для формата xlsx укажите файл: --out ФАЙЛ.xlsx");
                }
                training::writeXlsx(summary, o->out);
            } else {
                writeOutput(format == core::ReportFormat::Json ? training::renderJson(summary)
                                                               : training::renderText(summary),
                            o->out);
            }
        });
    }
    {
        auto o = std::make_shared<TrainingOptions>();
        auto* cmd = training->add_subcommand("plan", "план изучения: что прочитано и что осталось");
        addCommonOptions(cmd, *o);
        cmd->add_option("--trainee", o->trainee, "ФИО обучаемого")->required();
        cmd->callback([o] {
            auto base = kb::load(resolveKb(o->kb), {.withGit = false});
            auto store = openStore(*o);
            std::size_t read = 0, total = 0;
            for (const auto& d : training::studyPlan(base, store.readIds(o->trainee))) {
                read += d.read.size();
                total += d.read.size() + d.left.size();
                fmt::print("{} ({}): изучено {} из {}\n", d.title, d.department, d.read.size(),
                           d.read.size() + d.left.size());
                for (const auto& id : d.left) {
                    const auto* entry = base.findEntry(id);
                    fmt::print("  [ ] {}  {}\n", entry ? entry->title : "", id);
                }
            }
            fmt::print("Всего изучено {} из {}\n", read, total);
        });
    }
    {
        auto o = std::make_shared<TrainingOptions>();
        auto* cmd = training->add_subcommand(
            "changes", "что изменилось: записи, добавленные или изменённые в git с последнего "
                       "изучения");
        addCommonOptions(cmd, *o);
        cmd->add_option("--trainee", o->trainee, "ФИО обучаемого")->required();
        cmd->add_option("--since", o->since,
                        "коммит, с которого показывать изменения (по умолчанию — последний "
                        "изученный обучаемым)");
        cmd->add_flag("--mark-studied", o->markStudied,
                      "отметить текущее состояние базы (HEAD) как изученное");
        cmd->add_flag("--no-diff", o->noDiff, "только список записей, без различий");
        cmd->callback([o] {
            const auto root = resolveKb(o->kb, KbUse::History);
            auto store = openStore(*o);
            const auto head = training::headCommit(root);
            if (!head) {
                throw Error(fmt::format("{}: база знаний не в git или без коммитов — изменения "
                                        "не отследить",
                                        root.string()));
            }
            auto since = o->since.empty() ? store.lastStudiedCommit(o->trainee)
                                          : std::optional<std::string>(o->since);
            if (!since) {
                fmt::print("{} ещё не отмечал(а) изучение базы знаний: изучите весь план "
                           "(sufler training plan --trainee …)\n",
                           o->trainee);
            } else {
                fmt::print("{}", training::renderChanges(training::changesSince(root, *since),
                                                         !o->noDiff));
            }
            if (o->markStudied) {
                store.recordStudied(o->trainee, *head);
                fmt::print("Отмечено: {} изучил(а) базу знаний по состоянию на коммит {}\n",
                           o->trainee, head->substr(0, 10));
            }
        });
    }
}

} // namespace sufler::cli
