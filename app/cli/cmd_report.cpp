// `sufler report`: the monthly report — both registers (Приложения 1 и 2) and the analysis.
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/journal_options.h"

#include "sufler/core/error.h"
#include "sufler/journal/report.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

namespace sufler::cli {

using namespace sufler::journal;

void registerReportCommands(CLI::App& app, Outcome& outcome) {
    struct Options {
        Common common;
        std::string month;
        std::string format = "md";
        std::string out;
        bool personal = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("report", "месячный отчёт: журналы (Приложения 1 и 2) и анализ");
    addJournalOptions(cmd, o->common);
    cmd->add_option("--month", o->month, "месяц ГГГГ-ММ")->required();
    cmd->add_option("--format", o->format, "xlsx | csv | md | json (по умолчанию md)");
    cmd->add_option("--out", o->out, "файл отчёта (для xlsx обязателен)");
    cmd->add_flag("--with-personal-data", o->personal,
                  "включить телефоны и контактные данные позвонивших");
    cmd->callback([o, &outcome] {
        const auto month = monthOption(o->month);
        const auto format = formatOption(o->format, kMonthlyReportFormats);
        if (format == core::ReportFormat::Xlsx && o->out.empty()) {
            throw Error("отчёт xlsx пишется в файл: укажите --out FILE.xlsx");
        }
        ReportOptions options;
        options.withPersonalData = o->personal;
        const auto refs = lists(o->common);
        options.organization = refs.organization;
        options.municipalityTitle = refs.municipalityTitle;
        try {
            kb::LoadOptions load;
            load.withGit = false;
            const auto kb = kb::load(resolveKb(o->common.kb), load);
            for (const auto& d : kb.departments) {
                options.departmentTitles[d.slug] = d.title;
            }
        } catch (const std::exception&) {
            // Titles only decorate the report; the slugs are enough.
        }
        const Journal journal = openJournal(o->common, &refs);
        const auto report = buildMonthlyReport(journal, month, options);
        if (o->out.empty()) {
            std::fputs(renderReport(report, format).c_str(), stdout);
        } else {
            writeReport(report, format, o->out);
            fmt::print(stderr, "Отчёт за {} записан: {} (входящих {}, исходящих {})\n", o->month,
                       o->out, report.incomingTotal(), report.outgoingTotal());
        }
        outcome.exitCode = 0;
    });
}

} // namespace sufler::cli
