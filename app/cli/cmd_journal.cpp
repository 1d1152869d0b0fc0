// `sufler journal …` (the call journal) and `sufler report` (the monthly report).
#include "cli/commands.h"
#include "cli/common.h"

#include "sufler/journal/import.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/report.h"
#include "sufler/kb/calendar.h"
#include "sufler/kb/error.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/regulations.h"

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

struct Common {
    std::string journal;
    std::string kb;
};

void addCommon(CLI::App* command, Common& common) {
    command->add_option("--journal", common.journal,
                        "файл журнала (по умолчанию $XDG_DATA_HOME/sufler/journal.sqlite)");
    addKbOption(command, common.kb);
}

// The lists of sufler.yaml; an unreadable profile of the default KB is not an error.
ReferenceLists lists(const Common& common) {
    const auto root = resolveKb(common.kb);
    try {
        return loadReferenceLists(root);
    } catch (const Error&) {
        if (!common.kb.empty()) {
            throw;
        }
        return {};
    }
}

Journal openJournal(const Common& common, const ReferenceLists* refs = nullptr) {
    const auto path =
        common.journal.empty() ? Journal::defaultPath() : std::filesystem::path(common.journal);
    Journal journal = Journal::open(path);
    if (refs) {
        journal.setCalendar(kb::WorkCalendar(*refs));
    }
    return journal;
}

Date today(const std::string& text) {
    if (text.empty()) {
        return todayLocal();
    }
    const auto d = parseDate(text);
    if (!d) {
        throw Error(fmt::format("«{}» — не дата (ГГГГ-ММ-ДД)", text));
    }
    return *d;
}

// `--month ГГГГ-ММ`; throws naming the option on any other text.
std::chrono::year_month monthOption(const std::string& text) {
    const auto month = parseMonth(text);
    if (!month) {
        throw Error(fmt::format("--month: «{}» — ожидается ГГГГ-ММ", text));
    }
    return *month;
}

// The period of an optional `--month`: all time when it is not given.
Period monthPeriod(const std::string& text) {
    return text.empty() ? Period{} : Period::month(monthOption(text));
}

std::string oneLine(const std::string& text, std::size_t maxChars = 0) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (maxChars && chars >= maxChars && (c & 0xC0) != 0x80) {
            return out + "…";
        }
        if ((c & 0xC0) != 0x80) {
            ++chars;
        }
        if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02X}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

bool parseBool(const std::string& value, const std::string& key) {
    if (value == "1" || value == "да" || value == "yes" || value == "true") {
        return true;
    }
    if (value == "0" || value == "нет" || value == "no" || value == "false" || value.empty()) {
        return false;
    }
    throw Error(fmt::format("{}: «{}» — ожидается да/нет", key, value));
}

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

const char* const kIncomingKeys =
    "number, time, phone, gender, name, birth_year, contact, municipality, question, "
    "organizations, operator, note, department, entries, entry, script, adherence, transfer, "
    "answered, satisfaction, duration, urgent, aggressive, complaint, kb";

// A field both registers have, under the same key; `time` and `organization` are members of
// different names in the two cards. False for a key of one register only.
template <typename Call>
bool applyShared(Call& c, std::string& time, std::string& organization, const std::string& key,
                 const std::string& value) {
    if (key == "number") {
        c.number = parseInt(value, key);
    } else if (key == "time") {
        time = value;
    } else if (key == "municipality") {
        c.municipality = value;
    } else if (key == "question") {
        c.question = value;
    } else if (key == "organizations" || key == "organization") {
        organization = value;
    } else if (key == "operator") {
        c.operatorName = value;
    } else if (key == "note") {
        c.note = value;
    } else {
        return false;
    }
    return true;
}

// One field of the call card from `key=value` (the command line and --card-from-stdin).
void applyIncoming(IncomingCall& c, const std::string& key, const std::string& value) {
    if (applyShared(c, c.receivedAt, c.organizations, key, value)) {
        return;
    }
    if (key == "phone") {
        c.phone = value;
    } else if (key == "gender") {
        const auto g = parseGender(value);
        if (!g) {
            throw Error(fmt::format("gender: «{}» — ожидается м или ж", value));
        }
        c.gender = *g;
    } else if (key == "name") {
        c.callerName = value;
    } else if (key == "birth_year") {
        c.callerBirthYear = value;
    } else if (key == "contact") {
        parseContact(value, c);
    } else if (key == "department") {
        c.department = value;
    } else if (key == "entries") {
        c.entriesUsed.clear();
        std::size_t start = 0;
        while (start <= value.size()) {
            const auto comma = value.find(',', start);
            const auto item =
                value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!item.empty()) {
                c.entriesUsed.push_back(item);
            }
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
    } else if (key == "entry") {
        c.entriesUsed.push_back(value);
    } else if (key == "script") {
        c.script = value;
    } else if (key == "adherence") {
        try {
            c.scriptAdherence = std::stod(value);
        } catch (const std::exception&) {
            throw Error(fmt::format("adherence: «{}» — ожидается доля от 0 до 1", value));
        }
    } else if (key == "transfer") {
        // `кому|отдел|примечание`
        Transfer t;
        const auto a = value.find('|');
        t.to = value.substr(0, a);
        if (a != std::string::npos) {
            const auto b = value.find('|', a + 1);
            t.department =
                value.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
            if (b != std::string::npos) {
                t.note = value.substr(b + 1);
            }
        }
        c.transfers.push_back(t);
    } else if (key == "answered") {
        const auto a = parseAnswered(value);
        if (!a) {
            throw Error(fmt::format("answered: «{}» — ожидается да или нет", value));
        }
        c.survey.answered = *a;
    } else if (key == "satisfaction") {
        const auto s = parseSatisfaction(value);
        if (!s) {
            throw Error(fmt::format("satisfaction: «{}» — ожидается удовлетворен, частично "
                                    "удовлетворен или не удовлетворен",
                                    value));
        }
        c.survey.satisfaction = *s;
    } else if (key == "duration") {
        c.durationSeconds = parseInt(value, key);
    } else if (key == "urgent") {
        c.urgent = parseBool(value, key);
    } else if (key == "aggressive") {
        c.aggressive = parseBool(value, key);
    } else if (key == "complaint") {
        c.complaint = parseBool(value, key);
    } else if (key == "kb") {
        if (value == "found" || value == "да") {
            c.kbAnswer = KbAnswer::Found;
        } else if (value == "not_found" || value == "нет") {
            c.kbAnswer = KbAnswer::NotFound;
        } else {
            c.kbAnswer = KbAnswer::Unknown;
        }
    } else {
        throw Error(fmt::format("неизвестное поле «{}»; поля: {}", key, kIncomingKeys));
    }
}

void applyOutgoing(OutgoingCall& c, const std::string& key, const std::string& value) {
    if (applyShared(c, c.calledAt, c.organization, key, value)) {
        return;
    }
    if (key == "contact") {
        c.calleeContact = value;
    } else if (key == "incoming") {
        c.incomingId = parseInt(value, key);
    } else {
        throw Error(fmt::format("неизвестное поле «{}»; поля: number, time, contact, municipality, "
                                "question, organization, operator, note, incoming",
                                key));
    }
}

std::pair<std::string, std::string> splitField(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) {
        throw Error(fmt::format("«{}»: ожидается поле=значение", oneLine(text, 60)));
    }
    return {text.substr(0, eq), text.substr(eq + 1)};
}

// `\n`, `\t`, `\\` in a line of --card-from-stdin, so a value may hold line breaks.
std::string unescapeLine(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char n = text[++i];
            out += n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n;
        } else {
            out += text[i];
        }
    }
    return out;
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

nlohmann::json incomingJson(const IncomingCall& c) {
    auto transfers = nlohmann::json::array();
    for (const auto& t : c.transfers) {
        transfers.push_back({{"to", t.to}, {"department", t.department}, {"note", t.note}});
    }
    return {{"id", c.id},
            {"number", c.number},
            {"received_at", c.receivedAt},
            {"phone", c.phone},
            {"gender", std::string(genderRu(c.gender))},
            {"caller_name", c.callerName},
            {"caller_birth_year", c.callerBirthYear},
            {"municipality", c.municipality},
            {"question", c.question},
            {"organizations", c.organizations},
            {"operator", c.operatorName},
            {"note", c.note},
            {"department", c.department},
            {"entries_used", c.entriesUsed},
            {"script", c.script},
            {"script_adherence",
             c.scriptAdherence ? nlohmann::json(*c.scriptAdherence) : nlohmann::json(nullptr)},
            {"transfers", transfers},
            {"answered", std::string(answeredRu(c.survey.answered))},
            {"satisfaction", std::string(satisfactionRu(c.survey.satisfaction))},
            {"duration_seconds", c.durationSeconds},
            {"urgent", c.urgent},
            {"aggressive", c.aggressive},
            {"complaint", c.complaint},
            {"kb", c.kbAnswer == KbAnswer::Found      ? "found"
                   : c.kbAnswer == KbAnswer::NotFound ? "not_found"
                                                      : ""},
            {"closed_at", c.closedAt},
            {"source", c.source}};
}

nlohmann::json outgoingJson(const OutgoingCall& c) {
    return {{"id", c.id},
            {"number", c.number},
            {"called_at", c.calledAt},
            {"contact", c.calleeContact},
            {"municipality", c.municipality},
            {"question", c.question},
            {"organization", c.organization},
            {"operator", c.operatorName},
            {"note", c.note},
            {"incoming", c.incomingId ? nlohmann::json(*c.incomingId) : nlohmann::json(nullptr)},
            {"source", c.source}};
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
            {"on_time", d.onTime()}};
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

void registerReport(CLI::App& app, Outcome& outcome) {
    struct Options {
        Common common;
        std::string month;
        std::string format = "md";
        std::string out;
        bool personal = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("report", "месячный отчёт: журналы (Приложения 1 и 2) и анализ");
    addCommon(cmd, o->common);
    cmd->add_option("--month", o->month, "месяц ГГГГ-ММ")->required();
    cmd->add_option("--format", o->format, "xlsx | csv | md | json (по умолчанию md)");
    cmd->add_option("--out", o->out, "файл отчёта (для xlsx обязателен)");
    cmd->add_flag("--with-personal-data", o->personal,
                  "включить телефоны и контактные данные позвонивших");
    cmd->callback([o, &outcome] {
        const auto month = monthOption(o->month);
        const auto format = parseReportFormat(o->format);
        if (!format) {
            throw Error(
                fmt::format("--format: «{}» — ожидается xlsx, csv, md или json", o->format));
        }
        if (*format == ReportFormat::Xlsx && o->out.empty()) {
            throw Error("отчёт xlsx пишется в файл: укажите --out FILE.xlsx");
        }
        ReportOptions options;
        options.withPersonalData = o->personal;
        const auto refs = lists(o->common);
        options.organization = refs.organization;
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
            std::fputs(renderReport(report, *format).c_str(), stdout);
        } else {
            writeReport(report, *format, o->out);
            fmt::print(stderr, "Отчёт за {} записан: {} (входящих {}, исходящих {})\n", o->month,
                       o->out, report.incomingTotal(), report.outgoingTotal());
        }
        outcome.exitCode = 0;
    });
}

} // namespace

void registerJournalCommands(CLI::App& app, Outcome& outcome) {
    auto* journal = app.add_subcommand("journal", "журнал звонков: входящие, исходящие, "
                                                  "отсроченные ответы, сигналы для базы знаний");
    journal->require_subcommand(1);

    // --- add ------------------------------------------------------------------------------
    {
        struct Options {
            Common common;
            std::vector<std::string> fields;
            bool outgoing = false;
            bool fromStdin = false;
        };
        auto o = std::make_shared<Options>();
        auto* cmd = journal->add_subcommand("add", "записать звонок (поля: поле=значение)");
        addCommon(cmd, o->common);
        cmd->add_option("fields", o->fields, std::string("поля звонка: ") + kIncomingKeys);
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
                    applyOutgoing(c, k, v);
                }
                warnOutsideLists(refs, c.municipality, c.operatorName);
                const auto id = j.addOutgoing(c);
                fmt::print("Записан исходящий звонок № {} (запись {})\n", j.outgoing(id)->number,
                           id);
                return;
            }
            IncomingCall c;
            c.source = "cli";
            for (const auto& f : o->fields) {
                const auto [k, v] = splitField(f);
                applyIncoming(c, k, v);
            }
            warnOutsideLists(refs, c.municipality, c.operatorName);
            if (!o->fromStdin) {
                if (c.receivedAt.empty()) {
                    c.receivedAt = nowTimestamp();
                }
                c.closedAt = nowTimestamp();
                const auto id = j.addIncoming(c);
                fmt::print("Записан входящий звонок № {} (запись {})\n", j.incoming(id)->number,
                           id);
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
                    applyIncoming(next, k, unescapeLine(v));
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

    // --- list / show ----------------------------------------------------------------------
    {
        struct Options {
            Common common;
            std::string month;
            bool outgoing = false;
            bool open = false;
            bool json = false;
        };
        auto o = std::make_shared<Options>();
        auto* cmd = journal->add_subcommand("list", "список звонков");
        addCommon(cmd, o->common);
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
                        out.push_back(outgoingJson(c));
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
                        out.push_back(incomingJson(c));
                    } else {
                        fmt::print("{:>5}  № {:<5} {}  {}  {}  {}  {}{}\n", c.id, c.number,
                                   c.receivedAt, oneLine(c.municipality, 24),
                                   oneLine(c.department, 20), oneLine(c.question, 60),
                                   oneLine(c.operatorName, 30),
                                   c.closedAt.empty() ? "  [не закрыт]" : "");
                    }
                }
            }
            if (o->json) {
                fmt::print("{}\n", dumpJson(out));
            }
        });
    }
    {
        struct Options {
            Common common;
            std::int64_t id = 0;
            bool outgoing = false;
            bool json = false;
        };
        auto o = std::make_shared<Options>();
        auto* cmd = journal->add_subcommand("show", "один звонок со всеми полями");
        addCommon(cmd, o->common);
        cmd->add_option("id", o->id, "номер записи (первый столбец journal list)")->required();
        cmd->add_flag("--outgoing", o->outgoing, "исходящий звонок");
        cmd->add_flag("--json", o->json, "вывод в JSON");
        cmd->callback([o, &outcome] {
            const Journal j = openJournal(o->common);
            nlohmann::json out;
            if (o->outgoing) {
                const auto c = j.outgoing(o->id);
                if (!c) {
                    throw Error(fmt::format("нет исходящего звонка с номером записи {}", o->id));
                }
                out = outgoingJson(*c);
            } else {
                const auto c = j.incoming(o->id);
                if (!c) {
                    throw Error(fmt::format("нет входящего звонка с номером записи {}", o->id));
                }
                out = incomingJson(*c);
                if (const auto d = j.deferred(o->id)) {
                    out["deferred"] = deferredJson(*d);
                }
            }
            if (o->json) {
                fmt::print("{}\n", dumpJson(out));
                return;
            }
            for (const auto& [key, value] : out.items()) {
                fmt::print("{}: {}\n", key,
                           value.is_string() ? oneLine(value.get<std::string>()) : dumpJson(value));
            }
            outcome.exitCode = 0;
        });
    }

    // --- import ---------------------------------------------------------------------------
    {
        struct Options {
            Common common;
            std::string file;
        };
        auto o = std::make_shared<Options>();
        auto* cmd = journal->add_subcommand(
            "import", "перенести журнал из xlsx или CSV (столбцы Приложения 1 или 2)");
        addCommon(cmd, o->common);
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

    // --- deferred answers -----------------------------------------------------------------
    {
        struct Options {
            Common common;
            std::int64_t id = 0;
            std::string phone;
            std::string hours;
        };
        auto o = std::make_shared<Options>();
        auto* cmd = journal->add_subcommand("defer", "оформить отсроченный ответ по звонку");
        addCommon(cmd, o->common);
        cmd->add_option("id", o->id, "номер записи звонка")->required();
        cmd->add_option("--phone", o->phone, "телефон для ответа (по умолчанию — из карточки)");
        cmd->add_option("--hours", o->hours, "удобное время для звонка");
        cmd->callback([o] {
            const auto refs = lists(o->common);
            Journal j = openJournal(o->common, &refs);
            printDeferred(j.deferAnswer(o->id, o->phone, o->hours));
        });
    }
    {
        struct Options {
            Common common;
            std::int64_t id = 0;
            int days = 0;
            std::string reason;
            bool informed = false;
        };
        auto o = std::make_shared<Options>();
        auto* cmd = journal->add_subcommand("extend",
                                            fmt::format("продлить срок ответа (до {} рабочих дней)",
                                                        regulations::kMaxExtensionWorkingDays));
        addCommon(cmd, o->common);
        cmd->add_option("id", o->id, "номер записи звонка")->required();
        cmd->add_option(
               "--days", o->days,
               fmt::format("на сколько рабочих дней, 1–{}", regulations::kMaxExtensionWorkingDays))
            ->required();
        cmd->add_option("--reason", o->reason, "причина продления")->required();
        cmd->add_flag("--informed", o->informed, "гражданин уведомлён о продлении");
        cmd->callback([o] {
            const auto refs = lists(o->common);
            Journal j = openJournal(o->common, &refs);
            printDeferred(j.extendDeferred(o->id, o->days, o->reason, o->informed));
        });
    }
    {
        struct Options {
            Common common;
            std::int64_t id = 0;
            std::string result;
            std::string at;
        };
        auto o = std::make_shared<Options>();
        auto* cmd =
            journal->add_subcommand("answer", "записать, что гражданину перезвонили с ответом");
        addCommon(cmd, o->common);
        cmd->add_option("id", o->id, "номер записи звонка")->required();
        cmd->add_option("--result", o->result, "что ответили")->required();
        cmd->add_option("--at", o->at, "когда (ГГГГ-ММ-ДД ЧЧ:ММ; по умолчанию — сейчас)");
        cmd->callback([o] {
            const auto refs = lists(o->common);
            Journal j = openJournal(o->common, &refs);
            printDeferred(j.completeDeferred(o->id, o->result, o->at));
        });
    }
    {
        struct Options {
            Common common;
            std::string today;
            bool json = false;
        };
        auto o = std::make_shared<Options>();
        auto* cmd =
            journal->add_subcommand("callbacks", "кому перезвонить: срок сегодня и просроченные");
        addCommon(cmd, o->common);
        cmd->add_option("--today", o->today, "дата вместо сегодняшней (ГГГГ-ММ-ДД)");
        cmd->add_flag("--json", o->json, "вывод в JSON");
        cmd->callback([o] {
            const Journal j = openJournal(o->common);
            const auto due = j.callbacksDue(today(o->today));
            if (o->json) {
                auto out = nlohmann::json::array();
                for (const auto& cb : due) {
                    auto item = deferredJson(cb.deferred);
                    item["number"] = cb.callNumber;
                    item["question"] = cb.question;
                    item["department"] = cb.department;
                    item["overdue"] = cb.overdue;
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
                fmt::print("{} запись {} (№ {}): {}  {}  срок {}  — {}\n",
                           cb.overdue ? "ПРОСРОЧЕН" : "сегодня  ", cb.deferred.callId,
                           cb.callNumber, oneLine(cb.deferred.phone),
                           oneLine(cb.deferred.convenientHours),
                           formatRussianDate(cb.deferred.deadline()), oneLine(cb.question, 70));
            }
        });
    }

    // --- signals for the KB ---------------------------------------------------------------
    {
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
        addCommon(cmd, o->common);
        auto* outdated = cmd->add_option("--outdated", o->outdated, "запись базы, ответ устарел");
        auto* none =
            cmd->add_flag("--no-answer", o->noAnswer, "в базе нет ответа на вопрос звонка");
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
    {
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
        addCommon(cmd, o->common);
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

    // --- retention ------------------------------------------------------------------------
    {
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
        addCommon(cmd, o->common);
        cmd->add_option("--older-than", o->olderThan, "срок: 5y, 18m, 30d")->required();
        cmd->add_option("--today", o->today, "дата вместо сегодняшней (ГГГГ-ММ-ДД)");
        cmd->callback([o] {
            const Date cutoff = cutoffBefore(today(o->today), o->olderThan);
            Journal j = openJournal(o->common);
            const auto r = j.purgeBefore(cutoff);
            fmt::print("Удалено звонков до {}: входящих {}, исходящих {}; поисков без результатов "
                       "{}; у отметок для базы убраны звонки и пояснения: {}\n",
                       formatRussianDate(cutoff), r.incoming, r.outgoing, r.emptySearches, r.flags);
        });
    }

    registerReport(app, outcome);
}

} // namespace sufler::cli
