// `sufler journal …`: the call journal, one function per subcommand.
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/journal_options.h"

#include "sufler/core/error.h"
#include "sufler/core/phone.h"
#include "sufler/core/regulations.h"
#include "sufler/journal/card_json.h"
#include "sufler/journal/fields.h"
#include "sufler/journal/history.h"
#include "sufler/journal/import.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/migrate.h"
#include "sufler/journal/server.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace sufler::cli {

namespace {

using namespace sufler::journal;

int parseInt(const std::string& value, const std::string& key) {
    try {
        std::size_t used = 0;
        const int v = std::stoi(value, &used);
        if (used == value.size()) {
            return v;
        }
    } catch (const std::exception&) {
    }
    throw Error(fmt::format("{}: «{}» — ожидается число", key, value));
}

void warnOutsideLists(const ReferenceLists& refs, const std::string& municipality,
                      const std::string& operatorName) {
    const auto in = [](const std::vector<std::string>& list, const std::string& v) {
        return list.empty() || v.empty() || std::find(list.begin(), list.end(), v) != list.end();
    };
    if (!in(refs.municipalities, municipality)) {
        fmt::print(stderr, "предупреждение: муниципального образования «{}» нет в sufler.yaml\n",
                   oneLine(municipality));
    }
    if (!in(refs.operators, operatorName)) {
        fmt::print(stderr, "предупреждение: специалиста «{}» нет в sufler.yaml\n",
                   oneLine(operatorName));
    }
}

nlohmann::json deferredJson(const Deferred& d) {
    return {{"call", d.callId},
            {"phone", d.phone},
            {"hours", d.convenientHours},
            {"created_on", formatIsoDate(d.createdOn)},
            {"due", formatIsoDate(d.due)},
            {"extended_to", d.extendedTo ? formatIsoDate(*d.extendedTo) : ""},
            {"extension_reason", d.extensionReason},
            {"caller_informed", d.callerInformed},
            {"answered_at", d.answeredAt},
            {"result", d.result},
            {"on_time", d.onTime()},
            {"claimed_by", d.claim ? d.claim->operatorName : ""},
            {"claimed_workstation", d.claim ? d.claim->workstation.host : ""},
            {"claimed_at", d.claim ? d.claim->at : ""}};
}

// «Анна, рабочее место desk-2, с 10:15»
std::string claimText(const CallbackClaim& claim) {
    return fmt::format("{}, рабочее место {}, с {}", oneLine(claim.operatorName),
                       oneLine(claim.workstation.host),
                       claim.at.size() >= 16 ? claim.at.substr(11, 5) : claim.at);
}

// The operator `--operator` names at this workstation, as a claim's holder; none without it.
std::optional<CallbackClaim> claimant(const std::string& operatorName) {
    if (operatorName.empty()) {
        return std::nullopt;
    }
    return CallbackClaim{operatorName, thisWorkstation(Journal::defaultPath().parent_path()), {}};
}

std::string dumpJson(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void printDeferred(const Deferred& d) {
    fmt::print("Отсроченный ответ по звонку {}: телефон {}, удобное время «{}», срок {}", d.callId,
               oneLine(d.phone), oneLine(d.convenientHours), formatRussianDate(d.due));
    if (d.extendedTo) {
        fmt::print(", продлён до {} ({}; гражданин {})", formatRussianDate(*d.extendedTo),
                   oneLine(d.extensionReason), d.callerInformed ? "уведомлён" : "НЕ уведомлён");
    }
    if (d.done()) {
        fmt::print(", ответ дан {} ({}): {}", d.answeredAt, d.onTime() ? "в срок" : "с опозданием",
                   oneLine(d.result));
    }
    fmt::print("\n");
}

// `5y`, `18m`, `30d` before today.
Date cutoffBefore(const Date& today, const std::string& age) {
    if (age.size() < 2) {
        throw Error(fmt::format("--older-than: «{}» — ожидается, например, 5y, 18m или 30d", age));
    }
    const int n = parseInt(age.substr(0, age.size() - 1), "--older-than");
    const char unit = age.back();
    if (n < 0) {
        throw Error("--older-than: срок не может быть отрицательным");
    }
    using namespace std::chrono;
    if (unit == 'y' || unit == 'm') {
        const auto ym = year_month{today.year(), today.month()} - months{unit == 'y' ? n * 12 : n};
        const auto lastDay = year_month_day_last{ym / std::chrono::last}.day();
        return Date{ym / (today.day() > lastDay ? lastDay : today.day())};
    }
    if (unit == 'd') {
        return Date{sys_days(today) - days(n)};
    }
    throw Error(fmt::format("--older-than: «{}» — ожидается, например, 5y, 18m или 30d", age));
}

void addAddCommand(CLI::App* journal, Outcome& outcome) {
    struct Options {
        Common common;
        std::vector<std::string> fields;
        bool outgoing = false;
        bool fromStdin = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand("add", "записать звонок (поля: поле=значение)");
    addJournalOptions(cmd, o->common);
    cmd->add_option("fields", o->fields, "поля звонка: " + fieldKeys(incomingFields()));
    cmd->add_flag("--outgoing", o->outgoing, "исходящий звонок (Приложение 2)");
    cmd->add_flag("--card-from-stdin", o->fromStdin,
                  "вести карточку звонка построчно со стандартного ввода, как пульт: каждая "
                  "строка поле=значение сохраняется сразу; строка «close» закрывает звонок");
    cmd->callback([o, &outcome] {
        const auto refs = lists(o->common);
        Journal j = openJournal(o->common, &refs);
        if (o->outgoing) {
            OutgoingCall c;
            c.source = "cli";
            for (const auto& f : o->fields) {
                const auto [k, v] = splitField(f);
                setField(c, k, v);
            }
            warnOutsideLists(refs, c.municipality, c.operatorName);
            const auto id = j.addOutgoing(c);
            fmt::print("Записан исходящий звонок № {} (запись {})\n", j.outgoing(id)->number, id);
            return;
        }
        IncomingCall c;
        c.source = "cli";
        for (const auto& f : o->fields) {
            const auto [k, v] = splitField(f);
            setField(c, k, v);
        }
        warnOutsideLists(refs, c.municipality, c.operatorName);
        if (!o->fromStdin) {
            if (c.receivedAt.empty()) {
                c.receivedAt = nowTimestamp();
            }
            c.closedAt = nowTimestamp();
            const auto id = j.addIncoming(c);
            fmt::print("Записан входящий звонок № {} (запись {})\n", j.incoming(id)->number, id);
            return;
        }
        // The console's way of saving: every line is one committed save, acknowledged only
        // after the commit, so whatever was acknowledged survives a kill.
        c.source = "console";
        const CallId id = j.startIncoming(c);
        c = *j.incoming(id);
        fmt::print("call {}\n", id);
        std::fflush(stdout);
        std::string line;
        int saved = 0;
        while (std::getline(std::cin, line)) {
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (line.empty()) {
                continue;
            }
            if (line == "close") {
                j.closeCall(id, c.survey);
                fmt::print("closed {}\n", id);
                std::fflush(stdout);
                break;
            }
            try {
                const auto [k, v] = splitField(line);
                IncomingCall next = c;
                setField(next, k, unescapeLine(v));
                j.saveCard(id, next);
                c = next;
                fmt::print("saved {}\n", ++saved);
            } catch (const Error& e) {
                fmt::print("error {}\n", e.what());
                outcome.exitCode = 1;
            }
            std::fflush(stdout);
        }
    });
}

void addListCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::string month;
        bool outgoing = false;
        bool open = false;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand("list", "список звонков");
    addJournalOptions(cmd, o->common);
    cmd->add_option("--month", o->month, "только за месяц ГГГГ-ММ");
    cmd->add_flag("--outgoing", o->outgoing, "исходящие звонки");
    cmd->add_flag("--open", o->open, "только незакрытые входящие (например, после сбоя)");
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o] {
        const Period period = monthPeriod(o->month);
        const Journal j = openJournal(o->common);
        auto out = nlohmann::json::array();
        if (o->outgoing) {
            for (const auto& c : j.outgoingCalls(period)) {
                if (o->json) {
                    out.push_back(toJson(c));
                } else {
                    fmt::print("{:>5}  № {:<5} {}  {}  {}  {}\n", c.id, c.number, c.calledAt,
                               oneLine(c.organization, 30), oneLine(c.question, 60),
                               oneLine(c.operatorName, 30));
                }
            }
        } else {
            const auto calls = o->open ? j.openCalls() : j.incomingCalls(period);
            for (const auto& c : calls) {
                if (o->json) {
                    out.push_back(toJson(c));
                } else {
                    fmt::print("{:>5}  № {:<5} {}  {}  {}  {}  {}{}\n", c.id, c.number,
                               c.receivedAt, oneLine(c.municipality, 24), oneLine(c.department, 20),
                               oneLine(c.question, 60), oneLine(c.operatorName, 30),
                               c.closedAt.empty() ? "  [не закрыт]" : "");
                }
            }
        }
        if (o->json) {
            fmt::print("{}\n", dumpJson(out));
        }
    });
}

// A call as the register names its fields (sufler/journal/fields.h), in this hotline's wording.
void printCard(const Common& common, const std::optional<IncomingCall>& incoming,
               const std::optional<OutgoingCall>& outgoing,
               const std::optional<Deferred>& deferred) {
    const std::string title = lists(common).municipalityTitle;
    const auto lines = incoming ? cardLines(*incoming, title) : cardLines(*outgoing, title);
    const CallId id = incoming ? incoming->id : outgoing->id;
    const std::string& source = incoming ? incoming->source : outgoing->source;
    fmt::print("{} звонок, запись {}{}\n", incoming ? "Входящий" : "Исходящий", id,
               source.empty() ? "" : fmt::format(" ({})", oneLine(source)));
    for (const auto& [name, value] : lines) {
        fmt::print("{}: {}\n", name, value.empty() ? "—" : oneLine(value));
    }
    if (incoming) {
        fmt::print("Звонок завершён: {}\n",
                   incoming->closedAt.empty() ? "нет, звонок открыт" : incoming->closedAt);
    }
    if (deferred) {
        printDeferred(*deferred);
    }
}

void addShowCommand(CLI::App* journal, Outcome& outcome) {
    struct Options {
        Common common;
        std::int64_t id = 0;
        bool outgoing = false;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand("show", "один звонок со всеми полями");
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер записи (первый столбец journal list)")->required();
    cmd->add_flag("--outgoing", o->outgoing, "исходящий звонок");
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o, &outcome] {
        const Journal j = openJournal(o->common);
        const std::optional<OutgoingCall> outgoing =
            o->outgoing ? j.outgoing(o->id) : std::optional<OutgoingCall>{};
        const std::optional<IncomingCall> incoming =
            o->outgoing ? std::optional<IncomingCall>{} : j.incoming(o->id);
        if (o->outgoing && !outgoing) {
            throw Error(fmt::format("нет исходящего звонка с номером записи {}", o->id));
        }
        if (!o->outgoing && !incoming) {
            throw Error(fmt::format("нет входящего звонка с номером записи {}", o->id));
        }
        const auto deferred = incoming ? j.deferred(o->id) : std::optional<Deferred>{};
        if (o->json) {
            nlohmann::json out = outgoing ? toJson(*outgoing) : toJson(*incoming);
            if (deferred) {
                out["deferred"] = deferredJson(*deferred);
            }
            fmt::print("{}\n", dumpJson(out));
            outcome.exitCode = 0;
            return;
        }
        printCard(o->common, incoming, outgoing, deferred);
        outcome.exitCode = 0;
    });
}

void addImportCommand(CLI::App* journal, Outcome& outcome) {
    struct Options {
        Common common;
        std::string file;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand(
        "import", "перенести журнал из xlsx или CSV (столбцы Приложения 1 или 2)");
    addJournalOptions(cmd, o->common);
    cmd->add_option("file", o->file, "файл .xlsx или .csv")->required();
    cmd->callback([o, &outcome] {
        const auto refs = lists(o->common);
        Journal j = openJournal(o->common, &refs);
        const auto result = importRegister(j, o->file, refs);
        for (const auto& d : result.diagnostics) {
            fmt::print("{}\n", d.format());
        }
        fmt::print("Импортировано: входящих {}, исходящих {}; строк с ошибками пропущено {}, "
                   "уже было в журнале {}, строк без записи звонка (подписи, пометки, всё "
                   "после конца журнала) {}\n",
                   result.incoming, result.outgoing, result.badRows, result.duplicates,
                   result.notCalls);
        // A row refused is a row the journal lacks: a script running the import must see it.
        outcome.exitCode = result.badRows > 0 ? 1 : 0;
    });
}

void addDeferCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::int64_t id = 0;
        std::string phone;
        std::string hours;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand("defer", "оформить отсроченный ответ по звонку");
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер записи звонка")->required();
    cmd->add_option("--phone", o->phone, "телефон для ответа (по умолчанию — из карточки)");
    cmd->add_option("--hours", o->hours, "удобное время для звонка");
    cmd->callback([o] {
        const auto refs = lists(o->common);
        Journal j = openJournal(o->common, &refs);
        printDeferred(j.deferAnswer(o->id, o->phone, o->hours));
    });
}

void addExtendCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::int64_t id = 0;
        int days = 0;
        std::string reason;
        bool informed = false;
        std::string operatorName;
    };
    auto o = std::make_shared<Options>();
    auto* cmd =
        journal->add_subcommand("extend", fmt::format("продлить срок ответа (до {} рабочих дней)",
                                                      regulations::kMaxExtensionWorkingDays));
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер записи звонка")->required();
    cmd->add_option(
           "--days", o->days,
           fmt::format("на сколько рабочих дней, 1–{}", regulations::kMaxExtensionWorkingDays))
        ->required();
    cmd->add_option("--reason", o->reason, "причина продления")->required();
    cmd->add_flag("--informed", o->informed, "гражданин уведомлён о продлении");
    cmd->add_option("--operator", o->operatorName,
                    "кто продлевает (обязательно, если обратный звонок взят)");
    cmd->callback([o] {
        const auto refs = lists(o->common);
        Journal j = openJournal(o->common, &refs);
        printDeferred(
            j.extendDeferred(o->id, o->days, o->reason, o->informed, claimant(o->operatorName)));
    });
}

void addAnswerCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::int64_t id = 0;
        std::string result;
        std::string at;
        std::string operatorName;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand("answer", "записать, что гражданину перезвонили с ответом");
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер записи звонка")->required();
    cmd->add_option("--result", o->result, "что ответили")->required();
    cmd->add_option("--at", o->at, "когда (ГГГГ-ММ-ДД ЧЧ:ММ; по умолчанию — сейчас)");
    cmd->add_option("--operator", o->operatorName,
                    "кто перезвонил (обязательно, если обратный звонок взят: записывает тот, "
                    "кто взял)");
    cmd->callback([o] {
        const auto refs = lists(o->common);
        Journal j = openJournal(o->common, &refs);
        printDeferred(j.completeDeferred(o->id, o->result, o->at, claimant(o->operatorName)));
    });
}

void addClaimCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::int64_t id = 0;
        std::string operatorName;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand(
        "claim", fmt::format("взять обратный звонок из общей очереди (на {} минут, пока не "
                             "записан результат или он не возвращён)",
                             Journal::kClaimTimeout.count()));
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер записи звонка")->required();
    cmd->add_option("--operator", o->operatorName, "кто берёт")->required();
    cmd->callback([o] {
        Journal j = openJournal(o->common);
        const ClaimResult r = j.claimCallback(
            o->id, o->operatorName, thisWorkstation(Journal::defaultPath().parent_path()));
        const int number = j.incoming(o->id) ? j.incoming(o->id)->number : 0;
        if (!r.won) {
            throw Error(fmt::format("обратный звонок по звонку № {} (запись {}) уже взят: {}",
                                    number, o->id, claimText(r.claim)));
        }
        fmt::print("Обратный звонок по звонку № {} (запись {}) взят: {}\n", number, o->id,
                   claimText(r.claim));
    });
}

void addReleaseCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::int64_t id = 0;
        std::string operatorName;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand("release", "вернуть взятый обратный звонок в очередь");
    addJournalOptions(cmd, o->common);
    cmd->add_option("id", o->id, "номер записи звонка")->required();
    cmd->add_option("--operator", o->operatorName,
                    "вернуть, только если взял этот оператор (без него — чей угодно)");
    cmd->callback([o] {
        Journal j = openJournal(o->common);
        const auto released = j.releaseCallback(o->id, claimant(o->operatorName));
        if (!released) {
            fmt::print("Обратный звонок по записи {} никто не брал; он в очереди\n", o->id);
            return;
        }
        fmt::print("Обратный звонок по записи {} возвращён в очередь (был взят: {})\n", o->id,
                   claimText(*released));
    });
}

void addCallbacksCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::string today;
        bool json = false;
        int ahead = 0;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand(
        "callbacks", "кому перезвонить: срок сегодня и просроченные, и кто их взял");
    addJournalOptions(cmd, o->common);
    cmd->add_option("--today", o->today, "дата вместо сегодняшней (ГГГГ-ММ-ДД)");
    cmd->add_option("--ahead", o->ahead, "и на столько следующих рабочих дней")
        ->check(CLI::Range(0, 30));
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o] {
        const auto refs = lists(o->common);
        const Journal j = openJournal(o->common, &refs);
        const auto due = j.callbackQueue(today(o->today), o->ahead);
        if (o->json) {
            auto out = nlohmann::json::array();
            for (const auto& cb : due) {
                auto item = deferredJson(cb.deferred);
                item["number"] = cb.callNumber;
                item["question"] = cb.question;
                item["department"] = cb.department;
                item["overdue"] = cb.overdue;
                item["upcoming"] = cb.upcoming;
                out.push_back(item);
            }
            fmt::print("{}\n", dumpJson(out));
            return;
        }
        if (due.empty()) {
            fmt::print("Перезванивать сегодня некому.\n");
            return;
        }
        for (const auto& cb : due) {
            fmt::print("{} запись {} (№ {}): {}  {}  срок {}  — {}{}\n",
                       cb.overdue    ? "ПРОСРОЧЕН"
                       : cb.upcoming ? "позже    "
                                     : "сегодня  ",
                       cb.deferred.callId, cb.callNumber, oneLine(cb.deferred.phone),
                       oneLine(cb.deferred.convenientHours),
                       formatRussianDate(cb.deferred.deadline()), oneLine(cb.question, 70),
                       cb.deferred.claim ? "  [взял: " + claimText(*cb.deferred.claim) + "]"
                                         : std::string());
        }
    });
}

void addFlagCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::string outdated;
        bool noAnswer = false;
        std::int64_t call = 0;
        std::string department;
        std::string note;
        std::string operatorName;
    };
    auto o = std::make_shared<Options>();
    auto* cmd =
        journal->add_subcommand("flag", "отметить: «ответ устарел» или «нет ответа в базе»");
    addJournalOptions(cmd, o->common);
    auto* outdated = cmd->add_option("--outdated", o->outdated, "запись базы, ответ устарел");
    auto* none = cmd->add_flag("--no-answer", o->noAnswer, "в базе нет ответа на вопрос звонка");
    outdated->excludes(none);
    cmd->add_option("--call", o->call, "номер записи звонка");
    cmd->add_option("--department", o->department, "отдел (slug)");
    cmd->add_option("--note", o->note, "пояснение");
    cmd->add_option("--operator", o->operatorName, "кто отметил");
    cmd->callback([o] {
        if (o->outdated.empty() && !o->noAnswer) {
            throw Error("укажите --outdated ЗАПИСЬ или --no-answer");
        }
        Journal j = openJournal(o->common);
        KbFlag flag;
        flag.kind = o->noAnswer ? FlagKind::NoAnswer : FlagKind::Outdated;
        flag.entryId = o->outdated;
        flag.department = o->department;
        if (o->call > 0) {
            flag.callId = o->call;
        }
        flag.note = o->note;
        flag.operatorName = o->operatorName;
        const auto id = j.flagEntry(flag);
        fmt::print("Отметка {} «{}» записана\n", id, flagKindRu(flag.kind));
    });
}

void addFlagsCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::string department;
        std::string month;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand(
        "flags", "сигналы для руководителей отделов: устаревшие ответы, вопросы без ответа, "
                 "поиски без результатов");
    addJournalOptions(cmd, o->common);
    cmd->add_option("--department", o->department, "только этот отдел (slug)");
    cmd->add_option("--month", o->month, "только за месяц ГГГГ-ММ");
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o] {
        const Period period = monthPeriod(o->month);
        const Journal j = openJournal(o->common);
        const auto flags = j.flags(o->department, period);
        const auto searches = j.emptySearches(o->department, period);
        auto signals = j.departmentSignals(period);
        if (o->json) {
            auto out = nlohmann::json::object();
            for (const auto& [dep, s] : signals) {
                if (!o->department.empty() && dep != o->department) {
                    continue;
                }
                out[dep] = {{"outdated", s.outdated},
                            {"no_answer", s.noAnswer},
                            {"empty_searches", s.emptySearches},
                            {"flags", nlohmann::json::array()},
                            {"searches", nlohmann::json::array()}};
            }
            for (const auto& f : flags) {
                out[f.department]["flags"].push_back(
                    {{"kind", std::string(flagKindName(f.kind))},
                     {"entry", f.entryId},
                     {"call", f.callId ? nlohmann::json(*f.callId) : nlohmann::json(nullptr)},
                     {"note", f.note},
                     {"operator", f.operatorName},
                     {"at", f.createdAt}});
            }
            for (const auto& e : searches) {
                out[e.department]["searches"].push_back({{"query", e.query}, {"at", e.at}});
            }
            fmt::print("{}\n", dumpJson(out));
            return;
        }
        if (signals.empty()) {
            fmt::print("Сигналов нет.\n");
            return;
        }
        for (const auto& [dep, s] : signals) {
            if (!o->department.empty() && dep != o->department) {
                continue;
            }
            fmt::print("{}: «ответ устарел» {}, «нет ответа в базе» {}, поиск без "
                       "результатов {}\n",
                       dep.empty() ? "(отдел не указан)" : dep, s.outdated, s.noAnswer,
                       s.emptySearches);
            for (const auto& f : flags) {
                if (f.department == dep) {
                    fmt::print("  {}  {}  {}{}{}\n", f.createdAt, flagKindRu(f.kind),
                               oneLine(f.entryId),
                               f.callId ? fmt::format("  звонок {}", *f.callId) : "",
                               f.note.empty() ? "" : "  — " + oneLine(f.note, 80));
                }
            }
            for (const auto& e : searches) {
                if (e.department == dep) {
                    fmt::print("  {}  поиск без результатов: {}\n", e.at, oneLine(e.query, 80));
                }
            }
        }
    });
}

void addPurgeCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::string olderThan;
        std::string today;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand(
        "purge", fmt::format("удалить звонки старше срока хранения (персональные данные — "
                             "{} лет)",
                             regulations::kRetentionYears));
    addJournalOptions(cmd, o->common);
    cmd->add_option("--older-than", o->olderThan, "срок: 5y, 18m, 30d")->required();
    cmd->add_option("--today", o->today, "дата вместо сегодняшней (ГГГГ-ММ-ДД)");
    cmd->callback([o] {
        const Date cutoff = cutoffBefore(today(o->today), o->olderThan);
        Journal j = openJournal(o->common);
        const auto r = j.purgeBefore(cutoff);
        fmt::print("Удалено звонков до {}: входящих {}, исходящих {}; поисков без результатов "
                   "{}; у отметок для базы убраны звонки и пояснения: {}; карточек заявителей "
                   "без звонков: {}; записей на консультации: {}; запросов поиска: {}; "
                   "граждан в списках обзвона (обезличены): {}\n",
                   formatRussianDate(cutoff), r.incoming, r.outgoing, r.emptySearches, r.flags,
                   r.citizens, r.bookings, r.searchUses, r.campaignItems);
    });
}

void addMigrateCommand(CLI::App* journal) {
    struct Options {
        std::string from;
        std::string to;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand(
        "migrate", "перенести журнал рабочего места в другой (файл SQLite — в журнал на "
                   "сервере PostgreSQL); повторный перенос ничего не добавляет");
    cmd->add_option("--from", o->from, "файл журнала, который переносится")->required();
    cmd->add_option("--to", o->to,
                    "куда: строка подключения PostgreSQL (postgresql://…, service=…) или файл")
        ->required();
    cmd->callback([o] {
        const auto r = migrate(o->from, o->to);
        fmt::print("Перенесено: входящих {}, исходящих {}, отсроченных ответов {}, отметок для "
                   "базы {}, поисков без результатов {}, запросов поиска {}, карточек "
                   "заявителей {}, записей на консультации {} (попыток напоминания {}), "
                   "кампаний {} (граждан в списках {}, попыток {}); перенесено раньше и "
                   "пропущено {}\n",
                   r.incoming, r.outgoing, r.deferred, r.flags, r.emptySearches, r.searchUses,
                   r.citizens, r.bookings, r.reminderAttempts, r.campaigns, r.campaignItems,
                   r.campaignAttempts, r.already);
    });
}

nlohmann::json historyJson(const CallerHistory& h) {
    auto calls = nlohmann::json::array();
    for (const auto& c : h.calls) {
        calls.push_back({{"id", c.id},
                         {"number", c.number},
                         {"received_at", c.receivedAt},
                         {"phone", c.phone},
                         {"caller", c.callerName},
                         {"question", c.question},
                         {"department", c.department},
                         {"municipality", c.municipality},
                         {"operator", c.operatorName},
                         {"answered", std::string(answeredRu(c.survey.answered))},
                         {"satisfaction", std::string(satisfactionRu(c.survey.satisfaction))},
                         {"closed", c.closed},
                         {"deferred", c.deferred ? deferredJson(*c.deferred) : nlohmann::json()}});
    }
    auto open = nlohmann::json::array();
    for (const auto& item : h.open) {
        open.push_back({{"kind", "callback"},
                        {"call", item.callId},
                        {"number", item.callNumber},
                        {"question", item.question},
                        {"due", formatIsoDate(item.due)},
                        {"overdue", item.overdue},
                        {"claimed_by", item.claim ? item.claim->operatorName : ""}});
    }
    return {
        {"phone", h.phone}, {"since", formatIsoDate(h.since)}, {"calls", calls}, {"open", open}};
}

void addHistoryCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::string phone;
        std::string today;
        bool json = false;
        std::string format;
        std::string out;
        bool personal = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand(
        "history", fmt::format("звонки гражданина по номеру телефона за {} лет и что по ним не "
                               "завершено",
                               regulations::kRetentionYears));
    addJournalOptions(cmd, o->common);
    cmd->add_option("--phone", o->phone, "телефон в любой записи: +7 (900) 123-45-67, 8900…")
        ->required();
    cmd->add_option("--today", o->today, "дата вместо сегодняшней (ГГГГ-ММ-ДД)");
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->add_option("--format", o->format,
                    "список обращений для гражданина: xlsx | md (в файл --out)");
    cmd->add_option("--out", o->out, "файл списка обращений");
    cmd->add_flag("--with-personal-data", o->personal,
                  "разрешить запись персональных данных в файл (обязательно с --format)");
    cmd->callback([o] {
        const Date day = today(o->today);
        std::optional<core::ReportFormat> format;
        if (!o->format.empty() || !o->out.empty()) {
            format = formatOption(o->format, kHistoryFormats);
            if (o->out.empty()) {
                throw Error("список обращений пишется в файл: укажите --out FILE");
            }
            if (!o->personal) {
                throw Error("в списке обращений персональные данные гражданина: файл пишется "
                            "только с --with-personal-data");
            }
        }
        if (core::normalizePhone(o->phone).empty()) {
            throw Error(fmt::format("--phone: «{}» — не номер телефона", oneLine(o->phone)));
        }
        const auto refs = lists(o->common);
        const Journal j = openJournal(o->common, &refs);
        const auto h = j.callerHistory(o->phone, day);
        if (format) {
            writeHistory(h, day, *format, o->out);
            fmt::print(stderr, "Список обращений записан: {} (звонков {}, не завершено {})\n",
                       o->out, h.calls.size(), h.open.size());
            return;
        }
        if (o->json) {
            fmt::print("{}\n", dumpJson(historyJson(h)));
            return;
        }
        if (h.calls.empty()) {
            fmt::print("С номера {} звонков с {} нет.\n", h.phone, formatRussianDate(h.since));
            return;
        }
        fmt::print("Звонки с номера {} с {}: {}\n", h.phone, formatRussianDate(h.since),
                   h.calls.size());
        for (const auto& c : h.calls) {
            fmt::print("{:>5}  № {:<5} {}  {}  ответ: {}  {}  {}{}\n", c.id, c.number,
                       c.receivedAt.substr(0, 16), oneLine(c.question, 60),
                       c.survey.answered == Answered::Unknown ? "—" : answeredRu(c.survey.answered),
                       oneLine(c.operatorName, 30), oneLine(c.department, 20),
                       c.closed ? "" : "  [не закрыт]");
        }
        for (const auto& item : h.open) {
            fmt::print("Не завершено: обратный звонок по звонку № {} (запись {}) до {}{}{}\n",
                       item.callNumber, item.callId, formatRussianDate(item.due),
                       item.overdue ? ", ПРОСРОЧЕН" : "",
                       item.claim ? ", взял: " + claimText(*item.claim) : std::string());
        }
    });
}

void addInitServerCommand(CLI::App* journal) {
    auto where = std::make_shared<std::string>();
    auto* cmd = journal->add_subcommand(
        "init-server", "подготовить журнал на сервере PostgreSQL: таблицы и роли "
                       "sufler_operator, sufler_manager с их правами (от администратора "
                       "сервера)");
    cmd->add_option("--journal", *where, "строка подключения: postgresql://…, service=…")
        ->required();
    cmd->callback([where] {
        const auto described = initServer(*where);
        fmt::print("{}: журнал готов. Операторам — роль sufler_operator, руководителям — "
                   "sufler_manager: CREATE ROLE имя LOGIN IN ROLE sufler_operator;\n",
                   described);
    });
}

} // namespace

void registerJournalCommands(CLI::App& app, Outcome& outcome) {
    auto* journal = app.add_subcommand("journal", "журнал звонков: входящие, исходящие, "
                                                  "отсроченные ответы, сигналы для базы знаний");
    journal->require_subcommand(1);
    addAddCommand(journal, outcome);
    addListCommand(journal);
    addShowCommand(journal, outcome);
    addImportCommand(journal, outcome);
    addDeferCommand(journal);
    addExtendCommand(journal);
    addAnswerCommand(journal);
    addCallbacksCommand(journal);
    addClaimCommand(journal);
    addReleaseCommand(journal);
    addFlagCommand(journal);
    addFlagsCommand(journal);
    addPurgeCommand(journal);
    addMigrateCommand(journal);
    addHistoryCommand(journal);
    addInitServerCommand(journal);
    addJournalStatusCommand(journal);
}

} // namespace sufler::cli
