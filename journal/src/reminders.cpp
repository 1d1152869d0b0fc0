// Reminders of booked consultations: derived from the active bookings and the offsets of
// sufler.yaml; stored are only the claims and the attempts (reminders.h).
#include "sufler/journal/reminders.h"

#include "journal_state.h"

#include "sufler/core/clock.h"
#include "sufler/core/enum_names.h"
#include "sufler/core/error.h"
#include "sufler/core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>

namespace sufler::journal {

namespace {

constexpr std::array<core::EnumName<ReminderResult>, 4> kResults{{
    {ReminderResult::Reached, "reached", "напомнили"},
    {ReminderResult::NotReached, "not-reached", "не дозвонились"},
    {ReminderResult::Cancelled, "cancelled", "отменил запись"},
    {ReminderResult::Moved, "moved", "перенёс запись"},
}};

// «1 день», «2 дня», «5 дней»: the Russian plural of a count.
std::string countRu(int n, const char* one, const char* few, const char* many) {
    const int tens = n % 100;
    const int units = n % 10;
    const char* word = (tens >= 11 && tens <= 14)   ? many
                       : units == 1                 ? one
                       : (units >= 2 && units <= 4) ? few
                                                    : many;
    return fmt::format("{} {}", n, word);
}

std::string specialistTitle(const Booking& booking, const kb::Specialist* specialist) {
    if (specialist == nullptr) {
        return booking.specialist;
    }
    if (specialist->role.empty()) {
        return specialist->name;
    }
    return fmt::format("{} {}", specialist->role, specialist->name);
}

// «25.11.2026 10:00» of a booking's `YYYY-MM-DD HH:MM`.
std::string startsRu(const std::string& startsAt) {
    const auto day = parseDate(std::string_view(startsAt).substr(0, 10));
    if (!day || startsAt.size() < 16) {
        return startsAt;
    }
    return fmt::format("{} {}", formatRussianDate(*day), startsAt.substr(11, 5));
}

} // namespace

std::string_view reminderResultName(ReminderResult result) {
    return core::enumRow(kResults, result, ReminderResult::NotReached).name;
}

std::string_view reminderResultRu(ReminderResult result) {
    return core::enumRow(kResults, result, ReminderResult::NotReached).titleRu;
}

std::optional<ReminderResult> parseReminderResult(std::string_view text) {
    const std::string key = core::toLowerUtf8(core::trim(text));
    for (const auto& row : kResults) {
        if (key == row.name || key == row.titleRu) {
            return row.value;
        }
    }
    return std::nullopt;
}

std::string reminderOffsetRu(int minutes) {
    if (minutes > 0 && minutes % (24 * 60) == 0) {
        return "за " + countRu(minutes / (24 * 60), "день", "дня", "дней");
    }
    if (minutes > 0 && minutes % 60 == 0) {
        return "за " + countRu(minutes / 60, "час", "часа", "часов");
    }
    return "за " + countRu(minutes, "минуту", "минуты", "минут");
}

Reminders::Reminders(Journal& journal, std::vector<int> offsets)
    : m_journal(journal), m_offsets(std::move(offsets)) {
    std::sort(m_offsets.begin(), m_offsets.end(), std::greater<>());
    m_offsets.erase(std::unique(m_offsets.begin(), m_offsets.end()), m_offsets.end());
    std::erase_if(m_offsets, [](int m) { return m <= 0; });
}

std::string Reminders::question(const Booking& booking, const kb::Specialist* specialist) {
    return fmt::format("напоминание о консультации {}, {}", startsRu(booking.startsAt),
                       specialistTitle(booking, specialist));
}

std::vector<Reminder> Reminders::dueOf(const std::vector<Booking>& bookings) const {
    std::vector<Reminder> out;
    if (m_offsets.empty() || bookings.empty()) {
        return out;
    }
    const auto& state = *m_journal.m_state;
    const auto now = state.clock();
    std::vector<BookingId> ids;
    for (const auto& b : bookings) {
        ids.push_back(b.id);
    }
    const auto attempts = state.store->reminderAttempts(ids);
    const auto claims = state.store->reminderClaims(ids);
    const std::string lapsedBefore = state.lapsedBefore();
    for (const auto& booking : bookings) {
        const auto starts = core::parseLocalDateTime(booking.startsAt);
        if (!booking.active() || !starts || *starts <= now) {
            continue;
        }
        const auto created = core::parseLocalDateTime(booking.createdAt);
        // the latest offset whose time has come; one whose time had passed when the booking
        // was made is none of its reminders
        std::optional<int> offset;
        for (const int minutes : m_offsets) {
            const auto from = *starts - std::chrono::minutes(minutes);
            if (from <= now && (!created || *created <= from)) {
                offset = minutes;
            }
        }
        if (!offset) {
            continue;
        }
        Reminder r;
        r.key = {booking.id, *offset};
        r.booking = booking;
        r.dueFrom = core::formatLocal(*starts - std::chrono::minutes(*offset), "%Y-%m-%d %H:%M");
        bool ended = false;
        for (const auto& a : attempts) {
            if (a.key != r.key) {
                continue;
            }
            if (a.result != ReminderResult::NotReached) {
                ended = true;
                break;
            }
            ++r.attempts;
            r.lastAttemptAt = a.at;
        }
        if (ended) {
            continue;
        }
        for (const auto& [key, claim] : claims) {
            if (key == r.key && claim.at >= lapsedBefore) {
                r.claim = claim;
            }
        }
        out.push_back(std::move(r));
    }
    std::stable_sort(out.begin(), out.end(), [](const Reminder& a, const Reminder& b) {
        return a.booking.startsAt < b.booking.startsAt;
    });
    return out;
}

std::vector<Reminder> Reminders::due() const {
    if (m_offsets.empty()) {
        return {};
    }
    const auto now = m_journal.m_state->clock();
    // the furthest reminder is the earliest offset ahead of now
    const Date from = core::localDate(now);
    const Date to = core::localDate(now + std::chrono::minutes(m_offsets.front()));
    return dueOf(m_journal.bookings("", from, to, true));
}

std::optional<Reminder> Reminders::find(const ReminderKey& key) const {
    const auto booking = m_journal.booking(key.booking);
    if (!booking) {
        return std::nullopt;
    }
    for (auto& r : dueOf({*booking})) {
        if (r.key == key) {
            return std::move(r);
        }
    }
    return std::nullopt;
}

namespace {

[[noreturn]] void notDue(const ReminderKey& key) {
    throw Error(fmt::format("журнал: напоминание {} о записи № {} сейчас не ожидается — запись "
                            "отменена или перенесена, напоминание уже сделано, его время ещё "
                            "не пришло или консультация уже началась",
                            reminderOffsetRu(key.offsetMinutes), key.booking));
}

} // namespace

ClaimResult Reminders::take(const ReminderKey& key, const std::string& operatorName,
                            const Workstation& workstation) {
    if (core::trimmed(operatorName).empty()) {
        throw Error("журнал: кто берёт напоминание — укажите оператора");
    }
    auto& state = *m_journal.m_state;
    ClaimResult result;
    m_journal.transaction([&] {
        if (!find(key)) {
            notDue(key);
        }
        const CallbackClaim claim{operatorName, workstation, state.timestamp()};
        const auto inForce = state.store->claimReminder(key, claim, state.lapsedBefore());
        if (!inForce) {
            notDue(key);
        }
        result.won = inForce->sameHolder(claim);
        result.claim = *inForce;
    });
    return result;
}

void Reminders::release(const ReminderKey& key, const std::optional<CallbackClaim>& by) {
    auto& state = *m_journal.m_state;
    m_journal.transaction([&] {
        const auto r = find(key);
        if (!r || !r->claim) {
            return;
        }
        if (by && !r->claim->sameHolder(*by)) {
            throw Error(fmt::format("журнал: напоминание взял(а) {}",
                                    holderName(r->claim->operatorName, r->claim->workstation)));
        }
        state.store->releaseReminder(key);
    });
}

ReminderOutcome Reminders::record(const ReminderKey& key, ReminderResult result,
                                  const std::string& operatorName, const Workstation& workstation,
                                  const kb::Specialist* specialist, const std::string& moveTo,
                                  const std::string& note) {
    if (core::trimmed(operatorName).empty()) {
        throw Error("журнал: кто звонил с напоминанием — укажите оператора");
    }
    auto& state = *m_journal.m_state;
    ReminderOutcome out;
    m_journal.transaction([&] {
        const auto r = find(key);
        if (!r) {
            notDue(key);
        }
        const CallbackClaim mine{operatorName, workstation, {}};
        if (r->claim && !r->claim->sameHolder(mine)) {
            throw Error(fmt::format("журнал: напоминание взял(а) {} — результат записывает тот, "
                                    "кто звонит",
                                    holderName(r->claim->operatorName, r->claim->workstation)));
        }
        const std::string now = state.timestamp();
        ReminderAttempt attempt;
        attempt.key = key;
        attempt.at = now;
        attempt.operatorName = operatorName;
        attempt.result = result;
        attempt.note = core::trimmed(note);

        std::string said(reminderResultRu(result));
        if (result == ReminderResult::Cancelled) {
            (void)m_journal.cancelBooking(key.booking, "отменена гражданином при напоминании");
        } else if (result == ReminderResult::Moved) {
            if (specialist == nullptr || specialist->key() != r->booking.specialist) {
                throw Error(fmt::format("журнал: перенос записи № {} — нет расписания "
                                        "специалиста «{}» в базе знаний",
                                        key.booking, r->booking.specialist));
            }
            out.move = moveSlot(m_journal, *specialist, m_journal.calendar(), key.booking, moveTo,
                                now.substr(0, 16));
            if (!out.move.booking) {
                return; // the slot is not free: nothing recorded, the operator offers another
            }
            attempt.movedTo = out.move.booking->id;
            said += " на " + startsRu(out.move.booking->startsAt);
        }

        OutgoingCall row;
        row.calledAt = now;
        row.calleeContact = r->booking.phone.empty()
                                ? r->booking.citizenName
                                : fmt::format("{}, {}", r->booking.citizenName, r->booking.phone);
        row.question = question(r->booking, specialist);
        row.operatorName = operatorName;
        row.note = said + (attempt.note.empty() ? "" : "; " + attempt.note);
        row.source = fmt::format("напоминание о записи № {}", key.booking);
        attempt.outgoingId = m_journal.addOutgoing(row);
        attempt.id = state.store->insertReminderAttempt(attempt);
        out.attempt = attempt;
    });
    return out;
}

std::vector<ReminderAttempt> Reminders::attempts(BookingId booking) const {
    return m_journal.m_state->store->reminderAttempts({booking});
}

} // namespace sufler::journal
