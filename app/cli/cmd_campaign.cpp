// `sufler campaign …`: informing campaigns — a manager creates one for a new support measure and
// imports its call list; operators take the next citizen and record the result; the manager
// reads the report and closes it.
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/journal_options.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"
#include "sufler/journal/campaigns.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <memory>

namespace sufler::cli {

namespace {

using namespace sufler::journal;

Workstation workstation() {
    return thisWorkstation(Journal::defaultPath().parent_path());
}

Campaign requireCampaign(const Campaigns& campaigns, CampaignId id) {
    auto c = campaigns.campaign(id);
    if (!c) {
        throw Error(fmt::format("кампании № {} нет в журнале", id));
    }
    return std::move(*c);
}

std::string figuresLine(const CampaignFigures& f) {
    return fmt::format("в списке {}, проинформированы {}, отказались {}, ошибочный номер {}, не "
                       "дозвонились {}, ещё звонить {}; попыток {}",
                       f.listed, f.informed, f.refused, f.wrongNumber, f.unreachable, f.pending,
                       f.attempts);
}

// The KB entry of the measure: its title, checked to exist when the campaign is made.
const kb::Entry* findMeasure(const kb::KnowledgeBase& base, const std::string& entry) {
    return entry.empty() ? nullptr : base.findEntry(entry);
}

void printCall(const CampaignCall& call, const std::string& measureTitle) {
    const auto& i = call.item;
    fmt::print("Кампания № {}: {}\n", call.campaign.id, call.campaign.title);
    if (!call.campaign.entry.empty()) {
        fmt::print("Мера поддержки: {}{}\n", measureTitle.empty() ? "" : measureTitle + " — ",
                   call.campaign.entry);
    }
    fmt::print("Сценарий: {}\n", call.campaign.script.empty() ? "не указан" : call.campaign.script);
    fmt::print("Гражданин № {} списка: {}, {}\n", i.id, i.fullName, i.phone);
    if (!i.municipality.empty() || !i.category.empty()) {
        fmt::print("  {}{}{}\n", i.municipality,
                   !i.municipality.empty() && !i.category.empty() ? "; " : "", i.category);
    }
    if (!i.note.empty()) {
        fmt::print("  Примечание: {}\n", oneLine(i.note));
    }
    if (i.citizen) {
        fmt::print("  Карточка заявителя № {}\n", *i.citizen);
    }
    fmt::print("Попытка {} из {}{}\n", i.attempts + 1, call.campaign.maxAttempts,
               i.lastResult ? fmt::format(" (прошлая: {}, {})", campaignResultRu(*i.lastResult),
                                          i.lastAttemptAt.substr(0, 16))
                            : "");
    fmt::print("Результат: sufler campaign result {} --result "
               "informed|not-reached|refused|wrong-number|call-later\n",
               i.id);
}

void addCreate(CLI::App* group) {
    struct Options {
        Common common;
        std::string title, entry, script = "proactive-informing", interval = "1d", by;
        int attempts = kCampaignMaxAttempts;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = group->add_subcommand("create", "создать кампанию информирования о мере поддержки");
    addJournalOptions(cmd, o->common);
    cmd->add_option("--title", o->title, "название: мера поддержки, о которой сообщают")
        ->required();
    cmd->add_option("--entry", o->entry,
                    "запись базы знаний о мере: departments/<отдел>/faq.md#<якорь>")
        ->required();
    cmd->add_option("--script", o->script, "сценарий разговора (по умолчанию proactive-informing)");
    cmd->add_option("--interval", o->interval,
                    "промежуток между попытками: 1d — рабочий день (по умолчанию), 4h — часы");
    cmd->add_option("--attempts", o->attempts, "попыток дозвониться (по умолчанию 3)");
    cmd->add_option("--by", o->by, "кто ведёт кампанию (ФИО)");
    cmd->callback([o] {
        const auto interval = parseCampaignInterval(o->interval);
        if (!interval) {
            throw Error(fmt::format("--interval: «{}» — ожидается число рабочих дней (1d) или "
                                    "часов (4h)",
                                    o->interval));
        }
        const auto root = resolveKb(o->common.kb);
        const auto base = kb::load(root, {.withGit = false});
        if (!findMeasure(base, o->entry)) {
            throw Error(fmt::format("--entry: записи «{}» нет в базе знаний {} (полный id "
                                    "записи — как в sufler show: путь#якорь)",
                                    o->entry, root.string()));
        }
        const bool scriptFound =
            std::any_of(base.scripts.begin(), base.scripts.end(),
                        [&](const auto& s) { return s.path == "scripts/" + o->script + ".md"; });
        if (!scriptFound) {
            throw Error(fmt::format("--script: сценария «{}» нет в базе знаний {} (scripts/)",
                                    o->script, root.string()));
        }
        Journal j = openJournal(o->common);
        Campaign c;
        c.title = o->title;
        c.entry = o->entry;
        c.script = o->script;
        c.createdBy = o->by;
        c.interval = *interval;
        c.maxAttempts = o->attempts;
        const auto made = Campaigns(j).create(c);
        fmt::print("Кампания № {} создана: {}\n", made.id, made.title);
    });
}

void addImport(CLI::App* group, Outcome& outcome) {
    struct Options {
        Common common;
        CampaignId id = 0;
        std::string file, category, municipality;
        bool fromCards = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = group->add_subcommand(
        "import", "пополнить список для обзвона из файла xlsx/CSV или из карточек заявителей");
    addJournalOptions(cmd, o->common);
    cmd->add_option("CAMPAIGN", o->id, "№ кампании")->required();
    auto* file =
        cmd->add_option("--file", o->file, "список: xlsx или CSV (UTF-8 или Windows-1251)");
    auto* category = cmd->add_option("--category", o->category,
                                     "из карточек заявителей: категория (многодетная семья, …)");
    auto* municipality = cmd->add_option("--municipality", o->municipality,
                                         "из карточек заявителей: муниципальное образование");
    file->excludes(category)->excludes(municipality);
    cmd->callback([o, &outcome] {
        Journal j = openJournal(o->common);
        Campaigns campaigns(j);
        const Campaign c = requireCampaign(campaigns, o->id);
        std::vector<std::string> problems;
        std::vector<CampaignContact> contacts;
        if (!o->file.empty()) {
            contacts = readCallList(o->file, problems);
        } else if (!o->category.empty() || !o->municipality.empty()) {
            contacts = campaigns.contactsFromCards(o->category, o->municipality);
        } else {
            throw Error("укажите --file FILE или --category/--municipality (из карточек "
                        "заявителей)");
        }
        const auto result = campaigns.addContacts(c.id, contacts);
        problems.insert(problems.end(), result.problems.begin(), result.problems.end());
        for (const auto& p : problems) {
            fmt::print(stderr, "{}\n", oneLine(p));
        }
        fmt::print("Кампания № {}: в список добавлено {}, не добавлено {}\n", c.id, result.added,
                   problems.size());
        if (result.added == 0 && !problems.empty()) {
            outcome.exitCode = 1;
        }
    });
}

void addList(CLI::App* group) {
    struct Options {
        Common common;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = group->add_subcommand("list", "кампании информирования и их итоги");
    addJournalOptions(cmd, o->common);
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o] {
        Journal j = openJournal(o->common);
        Campaigns campaigns(j);
        nlohmann::json out = nlohmann::json::array();
        const auto all = campaigns.list();
        for (const auto& c : all) {
            const auto f = campaigns.report(c.id).total;
            if (o->json) {
                out.push_back({{"id", c.id},
                               {"title", c.title},
                               {"entry", c.entry},
                               {"script", c.script},
                               {"status", campaignStatusName(c.status)},
                               {"interval", campaignIntervalName(c.interval)},
                               {"max_attempts", c.maxAttempts},
                               {"listed", f.listed},
                               {"informed", f.informed},
                               {"refused", f.refused},
                               {"wrong_number", f.wrongNumber},
                               {"unreachable", f.unreachable},
                               {"pending", f.pending},
                               {"attempts", f.attempts}});
                continue;
            }
            fmt::print("№ {} [{}] {}\n  {}\n", c.id, campaignStatusRu(c.status), c.title,
                       figuresLine(f));
        }
        if (o->json) {
            fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
        } else if (all.empty()) {
            fmt::print("Кампаний информирования нет.\n");
        }
    });
}

void addNext(CLI::App* group, Outcome& outcome) {
    struct Options {
        Common common;
        std::optional<CampaignId> id;
        std::string operatorName;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = group->add_subcommand(
        "next", fmt::format("взять следующего гражданина для звонка (он за вами {} минут, пока "
                            "не записан результат)",
                            Journal::kClaimTimeout.count()));
    addJournalOptions(cmd, o->common);
    cmd->add_option("--campaign", o->id, "№ кампании (по умолчанию любая идущая)");
    cmd->add_option("--operator", o->operatorName, "кто звонит (ФИО)")->required();
    cmd->callback([o, &outcome] {
        Journal j = openJournal(o->common);
        Campaigns campaigns(j);
        if (o->id) {
            requireCampaign(campaigns, *o->id);
        }
        const auto call = campaigns.next(o->operatorName, workstation(), o->id);
        if (!call) {
            fmt::print("Сейчас звонить некому: все граждане списков обзвонены или их время ещё "
                       "не настало.\n");
            outcome.exitCode = 3;
            return;
        }
        std::string title;
        try {
            const auto base = kb::load(resolveKb(o->common.kb), {.withGit = false});
            if (const auto* entry = findMeasure(base, call->campaign.entry)) {
                title = entry->title;
            }
        } catch (const Error&) {
            // the KB is only for the measure's title: the call is given all the same
        }
        printCall(*call, title);
    });
}

void addResult(CLI::App* group) {
    struct Options {
        Common common;
        CampaignItemId item = 0;
        std::string result, at, operatorName, note;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = group->add_subcommand("result", "записать результат звонка гражданину из списка");
    addJournalOptions(cmd, o->common);
    cmd->add_option("ITEM", o->item, "№ гражданина в списке (его даёт campaign next)")->required();
    cmd->add_option("--result", o->result,
                    "informed | not-reached | refused | wrong-number | call-later")
        ->required();
    cmd->add_option("--at", o->at, "для call-later: когда перезвонить (ГГГГ-ММ-ДД ЧЧ:ММ)");
    cmd->add_option("--operator", o->operatorName, "кто звонил (ФИО)")->required();
    cmd->add_option("--note", o->note, "примечание");
    cmd->callback([o] {
        const auto result = parseCampaignResult(o->result);
        if (!result) {
            throw Error(fmt::format("--result: «{}» — ожидается informed, not-reached, refused, "
                                    "wrong-number или call-later",
                                    o->result));
        }
        if (!o->at.empty() && *result != CampaignResult::CallLater) {
            throw Error("--at задаёт время повторного звонка: только с --result call-later");
        }
        Journal j = openJournal(o->common);
        Campaigns campaigns(j);
        const auto attempt =
            campaigns.record(o->item, *result, o->operatorName, workstation(), o->at, o->note);
        const auto item = campaigns.item(o->item);
        fmt::print("Записано: попытка {}, {}; исходящий звонок записан в журнал (запись {})\n",
                   attempt.number, campaignResultRu(attempt.result),
                   attempt.outgoingId.value_or(0));
        if (item && !item->finished) {
            fmt::print("Следующий звонок не раньше {}\n", item->dueAt.substr(0, 16));
        } else if (item && item->lastResult == CampaignResult::NotReached) {
            fmt::print("Попытки исчерпаны: гражданин в итогах — «не дозвонились»\n");
        }
    });
}

void addReport(CLI::App* group) {
    struct Options {
        Common common;
        CampaignId id = 0;
        std::string format = "md", out;
        bool personal = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = group->add_subcommand(
        "report", "отчёт о кампании: дозвонились, проинформированы, отказались, не дозвонились — "
                  "по операторам и муниципальным образованиям");
    addJournalOptions(cmd, o->common);
    cmd->add_option("CAMPAIGN", o->id, "№ кампании")->required();
    cmd->add_option("--format", o->format, "md | xlsx");
    cmd->add_option("--out", o->out, "файл отчёта (без него — md в стандартный вывод)");
    cmd->add_flag("--with-personal-data", o->personal,
                  "добавить список граждан с итогами звонков (только в файл)");
    cmd->callback([o] {
        static constexpr std::array<core::ReportFormat, 2> formats = {core::ReportFormat::Markdown,
                                                                      core::ReportFormat::Xlsx};
        const auto format = formatOption(o->format, formats);
        if (o->out.empty() && format == core::ReportFormat::Xlsx) {
            throw Error("отчёт в xlsx пишется в файл: укажите --out FILE");
        }
        if (o->out.empty() && o->personal) {
            throw Error("список граждан — персональные данные: только в файл, укажите --out FILE");
        }
        Journal j = openJournal(o->common);
        const auto report = Campaigns(j).report(o->id);
        if (o->out.empty()) {
            fmt::print("{}", campaignReportMarkdown(report, false));
            return;
        }
        writeCampaignReport(report, format, o->out, o->personal);
        fmt::print(stderr, "Отчёт о кампании № {} записан: {} ({})\n", report.campaign.id, o->out,
                   figuresLine(report.total));
    });
}

void addClose(CLI::App* group) {
    struct Options {
        Common common;
        CampaignId id = 0;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = group->add_subcommand("close", "закрыть кампанию: её граждане больше не "
                                               "предлагаются к звонку");
    addJournalOptions(cmd, o->common);
    cmd->add_option("CAMPAIGN", o->id, "№ кампании")->required();
    cmd->callback([o] {
        Journal j = openJournal(o->common);
        Campaigns campaigns(j);
        const auto c = campaigns.close(o->id);
        fmt::print("Кампания № {} закрыта: {}\n  {}\n", c.id, c.title,
                   figuresLine(campaigns.report(c.id).total));
    });
}

} // namespace

void registerCampaignCommands(CLI::App& app, Outcome& outcome) {
    auto* group = app.add_subcommand(
        "campaign", "кампании информирования: список для обзвона, звонки, результаты, отчёт");
    group->require_subcommand(1);
    addCreate(group);
    addImport(group, outcome);
    addList(group);
    addNext(group, outcome);
    addResult(group);
    addReport(group);
    addClose(group);
}

} // namespace sufler::cli
