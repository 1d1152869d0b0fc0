// Consultations: booking statuses, free slots less the bookings, and booking with what to offer
// when the slot is gone.
#include "sufler/journal/consultations.h"

#include "sufler/core/enum_names.h"
#include "sufler/core/error.h"

#include <fmt/format.h>

#include <array>

namespace sufler::journal {

namespace {

constexpr auto kStatuses = std::to_array<core::EnumName<BookingStatus>>({
    {BookingStatus::Booked, "booked", "записан"},
    {BookingStatus::Cancelled, "cancelled", "запись отменена"},
    {BookingStatus::Moved, "moved", "перенесена"},
    {BookingStatus::Held, "held", "приём состоялся"},
    {BookingStatus::NoShow, "no_show", "не пришёл"},
});

Date nextDay(const Date& day, int n) {
    return Date{std::chrono::sys_days(day) + std::chrono::days(n)};
}

std::vector<kb::Slot> taken(const Journal& journal, const kb::Specialist& specialist,
                            const Date& from, int days) {
    std::vector<kb::Slot> out;
    for (const auto& b : journal.bookings(specialist.key(), from, nextDay(from, days - 1))) {
        if (auto slot = kb::parseSlotTime(b.startsAt)) {
            slot->minutes = b.minutes > 0 ? b.minutes : specialist.slotMinutes;
            out.push_back(*slot);
        }
    }
    return out;
}

// The next free slots after `at` (a slot time), or after `now` when that is later.
std::vector<kb::Slot> nextFree(const Journal& journal, const kb::Specialist& specialist,
                               const core::WorkCalendar& calendar, const kb::Slot& at,
                               const kb::Slot& now, int count) {
    const kb::Slot from =
        (at.day < now.day || (at.day == now.day && at.start < now.start)) ? now : at;
    auto slots =
        freeSlots(journal, specialist, calendar, from.day, from.start - 1, kFreeSlotHorizonDays);
    if (static_cast<int>(slots.size()) > count) {
        slots.resize(static_cast<std::size_t>(count));
    }
    return slots;
}

std::string slotPhrase(const kb::Slot& slot) {
    return fmt::format("{} ({}) в {}", formatRussianDate(slot.day), kb::weekdayRu(slot.day),
                       kb::formatTimeOfDay(slot.start));
}

// Why the schedule has no slot at `at`, or "" when it has one.
std::string notASlot(const kb::Specialist& specialist, const core::WorkCalendar& calendar,
                     const kb::Slot& at, const kb::Slot& now) {
    if (at.day < now.day || (at.day == now.day && at.start <= now.start)) {
        return fmt::format("{} уже прошло", slotPhrase(at));
    }
    for (const auto& slot : kb::daySlots(specialist, calendar, at.day)) {
        if (slot.start == at.start) {
            return {};
        }
    }
    if (!calendar.isWorkingDay(at.day)) {
        return fmt::format("{} — нерабочий день", formatRussianDate(at.day));
    }
    if (specialist.absentOn(at.day)) {
        return fmt::format("{} {} не принимает", formatRussianDate(at.day), specialist.name);
    }
    return fmt::format("в расписании {} нет приёма {}", specialist.name, slotPhrase(at));
}

} // namespace

std::string_view bookingStatusName(BookingStatus status) {
    return core::enumRow(kStatuses, status, BookingStatus::Booked).name;
}

std::string_view bookingStatusRu(BookingStatus status) {
    return core::enumRow(kStatuses, status, BookingStatus::Booked).titleRu;
}

std::optional<BookingStatus> parseBookingStatus(std::string_view text) {
    return core::parseEnumName(kStatuses, text);
}

std::vector<kb::Slot> freeSlots(const Journal& journal, const kb::Specialist& specialist,
                                const core::WorkCalendar& calendar, const Date& fromDay,
                                int afterMinute, int days) {
    return kb::freeSlots(specialist, calendar, fromDay, afterMinute, days,
                         taken(journal, specialist, fromDay, days));
}

BookingOutcome bookSlot(Journal& journal, const kb::Specialist& specialist,
                        const core::WorkCalendar& calendar, Booking request, const std::string& now,
                        int nextFreeCount) {
    BookingOutcome out;
    const auto at = kb::parseSlotTime(request.startsAt);
    const auto current = kb::parseSlotTime(now);
    if (!at || !current) {
        throw Error(fmt::format("«{}» — не дата и время приёма: ожидается ГГГГ-ММ-ДД ЧЧ:ММ",
                                at ? now : request.startsAt));
    }
    request.specialist = specialist.key();
    request.startsAt = kb::formatSlot(*at);
    request.minutes = specialist.slotMinutes;
    if (auto why = notASlot(specialist, calendar, *at, *current); !why.empty()) {
        out.refusal = why;
    } else if (auto booked = journal.book(request)) {
        out.booking = std::move(booked);
        return out;
    } else {
        out.refusal =
            fmt::format("{} к {} уже записан другой гражданин", slotPhrase(*at), specialist.name);
    }
    out.nextFree = nextFree(journal, specialist, calendar, *at, *current, nextFreeCount);
    return out;
}

BookingOutcome moveSlot(Journal& journal, const kb::Specialist& specialist,
                        const core::WorkCalendar& calendar, BookingId id,
                        const std::string& startsAt, const std::string& now, int nextFreeCount) {
    BookingOutcome out;
    const auto at = kb::parseSlotTime(startsAt);
    const auto current = kb::parseSlotTime(now);
    if (!at || !current) {
        throw Error(fmt::format("«{}» — не дата и время приёма: ожидается ГГГГ-ММ-ДД ЧЧ:ММ",
                                at ? now : startsAt));
    }
    if (auto why = notASlot(specialist, calendar, *at, *current); !why.empty()) {
        out.refusal = why;
    } else if (auto moved = journal.moveBooking(id, kb::formatSlot(*at))) {
        out.booking = std::move(moved);
        return out;
    } else {
        out.refusal =
            fmt::format("{} к {} уже записан другой гражданин", slotPhrase(*at), specialist.name);
    }
    out.nextFree = nextFree(journal, specialist, calendar, *at, *current, nextFreeCount);
    return out;
}

} // namespace sufler::journal
