// `sufler schedule …`: specialists' free slots, booking, cancelling and moving a consultation,
// and a specialist's day sheet.
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/journal_options.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"
#include "sufler/journal/consultations.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <memory>

namespace sufler::cli {

namespace {

using namespace sufler::journal;

struct ScheduleCommon {
    Common common;
    std::string now; // `--now`: «YYYY-MM-DD HH:MM» instead of the clock (tests, reminders)
};

void addScheduleOptions(CLI::App* cmd, ScheduleCommon& o) {
    addJournalOptions(cmd, o.common);
    cmd->add_option("--now", o.now, "дата и время вместо текущих (ГГГГ-ММ-ДД ЧЧ:ММ)");
}

std::string nowText(const ScheduleCommon& o) {
    const std::string now = o.now.empty() ? nowTimestamp().substr(0, 16) : o.now;
    auto slot = kb::parseSlotTime(now);
    if (!slot) {
        throw Error(fmt::format("--now: «{}» — ожидается ГГГГ-ММ-ДД ЧЧ:ММ", now));
    }
    return kb::formatSlot(*slot);
}

struct Loaded {
    kb::KnowledgeBase kb;
    core::WorkCalendar calendar;
    const kb::Specialist* specialist = nullptr;
};

std::unique_ptr<Loaded> loadSpecialist(const ScheduleCommon& o, const std::string& key) {
    auto out = std::make_unique<Loaded>();
    out->kb = kb::load(resolveKb(o.common.kb), {.withGit = false});
    out->calendar = kb::workCalendar(out->kb.profile);
    out->specialist = out->kb.findSpecialist(key);
    if (out->specialist == nullptr) {
        std::string known;
        for (const auto& s : out->kb.specialists) {
            known += (known.empty() ? "" : ", ") + s.key();
        }
        throw Error(fmt::format("--specialist: «{}» — нет в расписаниях базы знаний (есть: {})",
                                key, known.empty() ? "ни одного" : known));
    }
    return out;
}

std::string slotLine(const kb::Slot& slot) {
    return fmt::format("{} {} {}", formatRussianDate(slot.day), kb::weekdayRu(slot.day),
                       kb::formatTimeOfDay(slot.start));
}

std::string bookingLine(const Booking& b) {
    return fmt::format("№ {}: {} {}, {} ({}), {}{}", b.id, b.startsAt, b.specialist, b.citizenName,
                       b.phone, bookingStatusRu(b.status), b.topic.empty() ? "" : ", " + b.topic);
}

// Prints the refusal and what to offer instead; the command fails.
void refuse(const BookingOutcome& outcome, Outcome& result) {
    fmt::print(stderr, "Не записано: {}.\n", outcome.refusal);
    if (outcome.nextFree.empty()) {
        fmt::print(stderr, "Свободного времени в ближайшие {} дней нет.\n", kFreeSlotHorizonDays);
    } else {
        fmt::print(stderr, "Ближайшее свободное время:\n");
        for (const auto& slot : outcome.nextFree) {
            fmt::print(stderr, "  {}\n", slotLine(slot));
        }
    }
    result.exitCode = 1;
}

std::string placeText(const kb::Specialist& s) {
    std::string out = s.place.address;
    if (!s.place.room.empty()) {
        out += (out.empty() ? "" : ", ") + s.place.room;
    }
    return out;
}

void addFree(CLI::App* schedule) {
    struct Options {
        ScheduleCommon o;
        std::string specialist;
        int days = 14;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = schedule->add_subcommand("free", "свободное время специалиста на ближайшие дни");
    addScheduleOptions(cmd, o->o);
    cmd->add_option("--specialist", o->specialist, "специалист: отдел/id из schedule.md")
        ->required();
    cmd->add_option("--days", o->days, "на сколько дней вперёд (по умолчанию 14)");
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o] {
        if (o->days < 1 || o->days > 366) {
            throw Error("--days: от 1 до 366");
        }
        const auto loaded = loadSpecialist(o->o, o->specialist);
        const auto now = kb::parseSlotTime(nowText(o->o));
        const Journal j = openJournal(o->o.common);
        const auto& s = *loaded->specialist;
        const auto slots = freeSlots(j, s, loaded->calendar, now->day, now->start, o->days);
        if (o->json) {
            nlohmann::json out = {{"specialist", s.key()},
                                  {"name", s.name},
                                  {"role", s.role},
                                  {"place", placeText(s)},
                                  {"how_to_get", s.place.howToGet},
                                  {"minutes", s.slotMinutes},
                                  {"free", nlohmann::json::array()}};
            for (const auto& slot : slots) {
                out["free"].push_back(kb::formatSlot(slot));
            }
            fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
            return;
        }
        fmt::print("{} — {}; {}; приём {} мин\n", s.name, s.role, placeText(s), s.slotMinutes);
        if (slots.empty()) {
            fmt::print("Свободного времени в ближайшие {} дн. нет.\n", o->days);
        }
        for (const auto& slot : slots) {
            fmt::print("  {}\n", slotLine(slot));
        }
    });
}

void addBook(CLI::App* schedule, Outcome& outcome) {
    struct Options {
        ScheduleCommon o;
        std::string specialist, at, name, phone, topic, operatorName;
        std::optional<std::int64_t> call, citizen;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = schedule->add_subcommand("book", "записать гражданина на консультацию");
    addScheduleOptions(cmd, o->o);
    cmd->add_option("--specialist", o->specialist, "специалист: отдел/id из schedule.md")
        ->required();
    cmd->add_option("--at", o->at, "дата и время приёма: ГГГГ-ММ-ДД ЧЧ:ММ")->required();
    cmd->add_option("--name", o->name, "ФИО гражданина, как назвал")->required();
    cmd->add_option("--phone", o->phone, "телефон для напоминания")->required();
    cmd->add_option("--topic", o->topic, "вопрос консультации");
    cmd->add_option("--call", o->call, "№ входящего звонка в журнале (id), с которого запись");
    cmd->add_option("--citizen", o->citizen, "карточка заявителя (id)");
    cmd->add_option("--operator", o->operatorName, "ФИО оператора");
    cmd->callback([o, &outcome] {
        const auto loaded = loadSpecialist(o->o, o->specialist);
        Journal j = openJournal(o->o.common);
        Booking request;
        request.startsAt = o->at;
        request.citizenName = core::trimmed(o->name);
        request.phone = core::trimmed(o->phone);
        request.topic = core::trimmed(o->topic);
        request.callId = o->call;
        request.citizen = o->citizen;
        request.operatorName = o->operatorName;
        if (request.citizenName.empty() || request.phone.empty()) {
            throw Error("--name и --phone не могут быть пустыми: по ним напоминают о приёме");
        }
        const auto result =
            bookSlot(j, *loaded->specialist, loaded->calendar, request, nowText(o->o));
        if (!result.booking) {
            refuse(result, outcome);
            return;
        }
        const auto& s = *loaded->specialist;
        const auto at = kb::parseSlotTime(result.booking->startsAt);
        fmt::print("Записано: № {}. {} — {}, {}; {}\n", result.booking->id, s.name, s.role,
                   slotLine(*at), placeText(s));
        if (!s.place.howToGet.empty()) {
            fmt::print("Как добраться: {}\n", s.place.howToGet);
        }
    });
}

void addCancel(CLI::App* schedule) {
    struct Options {
        ScheduleCommon o;
        BookingId id = 0;
        std::string reason;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = schedule->add_subcommand("cancel", "отменить запись на консультацию");
    addScheduleOptions(cmd, o->o);
    cmd->add_option("BOOKING", o->id, "№ записи")->required();
    cmd->add_option("--reason", o->reason, "причина отмены");
    cmd->callback([o] {
        Journal j = openJournal(o->o.common);
        const auto b = j.cancelBooking(o->id, o->reason);
        fmt::print("Запись отменена: {}\n", bookingLine(b));
    });
}

void addMove(CLI::App* schedule, Outcome& outcome) {
    struct Options {
        ScheduleCommon o;
        BookingId id = 0;
        std::string at;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = schedule->add_subcommand("move", "перенести запись на другое время");
    addScheduleOptions(cmd, o->o);
    cmd->add_option("BOOKING", o->id, "№ записи")->required();
    cmd->add_option("--at", o->at, "новые дата и время: ГГГГ-ММ-ДД ЧЧ:ММ")->required();
    cmd->callback([o, &outcome] {
        Journal j = openJournal(o->o.common);
        const auto old = j.booking(o->id);
        if (!old) {
            throw Error(fmt::format("записи на приём № {} нет в журнале", o->id));
        }
        const auto loaded = loadSpecialist(o->o, old->specialist);
        const auto result =
            moveSlot(j, *loaded->specialist, loaded->calendar, o->id, o->at, nowText(o->o));
        if (!result.booking) {
            refuse(result, outcome);
            return;
        }
        fmt::print("Перенесено: запись № {} заменена записью № {} на {}\n", o->id,
                   result.booking->id, slotLine(*kb::parseSlotTime(result.booking->startsAt)));
    });
}

void addDay(CLI::App* schedule) {
    struct Options {
        ScheduleCommon o;
        std::string specialist, date, format = "md", out;
        bool personal = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = schedule->add_subcommand("day", "лист приёма специалиста на день (с "
                                                "персональными данными)");
    addScheduleOptions(cmd, o->o);
    cmd->add_option("--specialist", o->specialist, "специалист: отдел/id из schedule.md")
        ->required();
    cmd->add_option("--date", o->date, "день (ГГГГ-ММ-ДД)")->required();
    cmd->add_option("--format", o->format, "md | xlsx");
    cmd->add_option("--out", o->out, "файл листа")->required();
    cmd->add_flag("--with-personal-data", o->personal,
                  "разрешить запись персональных данных в файл (обязательно)");
    cmd->callback([o] {
        static constexpr std::array<core::ReportFormat, 2> formats = {core::ReportFormat::Markdown,
                                                                      core::ReportFormat::Xlsx};
        const auto format = formatOption(o->format, formats);
        if (!o->personal) {
            throw Error("в листе приёма персональные данные граждан: файл пишется только с "
                        "--with-personal-data");
        }
        const Date day = today(o->date);
        const auto loaded = loadSpecialist(o->o, o->specialist);
        const Journal j = openJournal(o->o.common);
        const auto& s = *loaded->specialist;
        const auto bookings = j.bookings(s.key(), day, day);
        writeDaySheet(s, day, kb::daySlots(s, loaded->calendar, day), bookings, format, o->out);
        fmt::print(stderr, "Лист приёма записан: {} (записано {})\n", o->out, bookings.size());
    });
}

} // namespace

void registerScheduleCommands(CLI::App& app, Outcome& outcome) {
    auto* schedule = app.add_subcommand(
        "schedule", "приём специалистов: свободное время, запись, отмена, перенос, лист дня");
    schedule->require_subcommand(1);
    addFree(schedule);
    addBook(schedule, outcome);
    addCancel(schedule);
    addMove(schedule, outcome);
    addDay(schedule);
    addReminderCommands(schedule, outcome);
}

} // namespace sufler::cli
