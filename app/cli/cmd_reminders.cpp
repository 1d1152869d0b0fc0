// `sufler schedule reminders` and `sufler schedule remind`: the reminders of booked
// consultations due now, and an attempt's result (journal/reminders.h).
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/journal_options.h"

#include "sufler/core/error.h"
#include "sufler/journal/reminders.h"
#include "sufler/journal/workstation.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>

namespace sufler::cli {

namespace {

using namespace sufler::journal;

struct RemindersCommon {
    Common common;
};

kb::KnowledgeBase loadKb(const RemindersCommon& o) {
    return kb::load(resolveKb(o.common.kb), {.withGit = false});
}

std::string specialistText(const kb::KnowledgeBase& kb, const Booking& b) {
    const auto* s = kb.findSpecialist(b.specialist);
    if (s == nullptr) {
        return b.specialist;
    }
    return s->role.empty() ? s->name : fmt::format("{} {}", s->role, s->name);
}

void addList(CLI::App* schedule) {
    struct Options {
        RemindersCommon o;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = schedule->add_subcommand(
        "reminders", "напоминания о консультациях, которые пора сделать (очередь F4)");
    addJournalOptions(cmd, o->o.common);
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o] {
        const auto kb = loadKb(o->o);
        Journal j = openJournal(o->o.common);
        const auto due = Reminders(j, kb.profile.consultationReminders).due();
        if (o->json) {
            auto out = nlohmann::json::array();
            for (const auto& r : due) {
                out.push_back({
                    {"booking", r.key.booking},
                    {"offset_minutes", r.key.offsetMinutes},
                    {"offset", reminderOffsetRu(r.key.offsetMinutes)},
                    {"due_from", r.dueFrom},
                    {"starts_at", r.booking.startsAt},
                    {"specialist", r.booking.specialist},
                    {"specialist_name", specialistText(kb, r.booking)},
                    {"name", r.booking.citizenName},
                    {"phone", r.booking.phone},
                    {"attempts", r.attempts},
                    {"last_attempt_at", r.lastAttemptAt},
                    {"claimed_by", r.claim ? r.claim->operatorName : ""},
                });
            }
            fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
            return;
        }
        if (due.empty()) {
            fmt::print("Напоминаний, которые пора сделать, нет.\n");
            return;
        }
        for (const auto& r : due) {
            fmt::print("№ {}: {} — {}, {}; {} ({}){}{}\n", r.key.booking,
                       reminderOffsetRu(r.key.offsetMinutes), r.booking.startsAt,
                       specialistText(kb, r.booking), oneLine(r.booking.citizenName),
                       oneLine(r.booking.phone),
                       r.attempts > 0 ? fmt::format("; не дозвонились: {}", r.attempts) : "",
                       r.claim ? fmt::format("; взял(а): {}", holderName(r.claim->operatorName,
                                                                         r.claim->workstation))
                               : "");
        }
    });
}

void addRemind(CLI::App* schedule, Outcome& outcome) {
    struct Options {
        RemindersCommon o;
        BookingId id = 0;
        std::string result, at, operatorName, note;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = schedule->add_subcommand(
        "remind", "записать результат напоминания о консультации (строка журнала исходящих)");
    addJournalOptions(cmd, o->o.common);
    cmd->add_option("BOOKING", o->id, "№ записи")->required();
    cmd->add_option("--result", o->result,
                    "reached (напомнили), not-reached (не дозвонились), cancelled (отменил "
                    "запись), moved (перенёс запись — с --at)")
        ->required();
    cmd->add_option("--at", o->at, "для moved: новые дата и время, ГГГГ-ММ-ДД ЧЧ:ММ");
    cmd->add_option("--operator", o->operatorName, "ФИО оператора")->required();
    cmd->add_option("--note", o->note, "примечание");
    cmd->callback([o, &outcome] {
        const auto result = parseReminderResult(o->result);
        if (!result) {
            throw Error(fmt::format("--result: «{}» — ожидается reached, not-reached, cancelled "
                                    "или moved",
                                    o->result));
        }
        if (*result == ReminderResult::Moved && o->at.empty()) {
            throw Error("--result moved: укажите новое время --at ГГГГ-ММ-ДД ЧЧ:ММ");
        }
        const auto kb = loadKb(o->o);
        Journal j = openJournal(o->o.common);
        Reminders reminders(j, kb.profile.consultationReminders);
        const auto booking = j.booking(o->id);
        if (!booking) {
            throw Error(fmt::format("записи на приём № {} нет в журнале", o->id));
        }
        std::optional<Reminder> due;
        for (auto& r : reminders.due()) {
            if (r.key.booking == o->id) {
                due = r;
            }
        }
        if (!due) {
            throw Error(fmt::format("по записи № {} напоминание сейчас не ожидается", o->id));
        }
        j.setCalendar(kb::workCalendar(kb.profile));
        const auto* specialist = kb.findSpecialist(booking->specialist);
        const auto done = reminders.record(due->key, *result, o->operatorName,
                                           thisWorkstation(Journal::defaultPath().parent_path()),
                                           specialist, o->at, o->note);
        if (!done.attempt) {
            fmt::print(stderr, "Не перенесено: {}.\n", done.move.refusal);
            for (const auto& slot : done.move.nextFree) {
                fmt::print(stderr, "  {}\n", kb::formatSlot(slot));
            }
            outcome.exitCode = 1;
            return;
        }
        fmt::print("Записано: {} — {}{}\n", reminderOffsetRu(due->key.offsetMinutes),
                   reminderResultRu(*result),
                   done.move.booking
                       ? fmt::format(", новая запись № {} на {}", done.move.booking->id,
                                     done.move.booking->startsAt)
                       : "");
    });
}

} // namespace

void addReminderCommands(CLI::App* schedule, Outcome& outcome) {
    addList(schedule);
    addRemind(schedule, outcome);
}

} // namespace sufler::cli
