// The SQLite engine: reminders of booked consultations — who holds one and each attempt.
#include "sqlite_store_impl.h"

#include "sufler/journal/reminders.h"

namespace sufler::journal {

using sqlite_rows::readClaim;

namespace {

ReminderAttempt readAttempt(const sql::Statement& s) {
    return rows::readReminderAttempt(sqlite_rows::Row{s});
}

// `?, ?, …` for `count` parameters.
std::string placeholders(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out += i == 0 ? "?" : ", ?";
    }
    return out;
}

} // namespace

std::vector<ReminderAttempt>
SqliteJournalStore::reminderAttempts(const std::vector<BookingId>& bookings) {
    if (bookings.empty()) {
        return {};
    }
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM reminder_attempts WHERE booking_id IN ({}) ORDER BY at, id",
                    rows::kReminderAttemptColumns, placeholders(bookings.size())));
    for (std::size_t i = 0; i < bookings.size(); ++i) {
        s.bind(static_cast<int>(i) + 1, bookings[i]);
    }
    return m_impl->all<ReminderAttempt>(s, readAttempt);
}

std::vector<std::pair<ReminderKey, CallbackClaim>>
SqliteJournalStore::reminderClaims(const std::vector<BookingId>& bookings) {
    std::vector<std::pair<ReminderKey, CallbackClaim>> out;
    if (bookings.empty()) {
        return out;
    }
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(fmt::format(
        "SELECT booking_id, offset_minutes, claimed_by, claimed_workstation, claimed_host, "
        "claimed_at FROM reminder_claims WHERE claimed_at <> '' AND booking_id IN ({})",
        placeholders(bookings.size())));
    for (std::size_t i = 0; i < bookings.size(); ++i) {
        s.bind(static_cast<int>(i) + 1, bookings[i]);
    }
    while (s.step()) {
        if (auto claim = readClaim(s, 2)) {
            out.emplace_back(ReminderKey{s.integer(0), static_cast<int>(s.integer(1))}, *claim);
        }
    }
    return out;
}

std::optional<CallbackClaim> SqliteJournalStore::claimReminder(const ReminderKey& key,
                                                               const CallbackClaim& claim,
                                                               const std::string& lapsedBefore) {
    // Only an active booking's reminder that no attempt has ended can be taken.
    return m_impl->claimRow(
        "INSERT INTO reminder_claims (booking_id, offset_minutes, claimed_by, "
        "claimed_workstation, claimed_host, claimed_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6 FROM "
        "bookings b WHERE b.id = ?1 AND b.status = 'booked' AND NOT EXISTS (SELECT 1 FROM "
        "reminder_attempts a WHERE a.booking_id = ?1 AND a.offset_minutes = ?2 AND a.result <> "
        "'not-reached') ON CONFLICT (booking_id, offset_minutes) DO UPDATE SET claimed_by = ?3, "
        "claimed_workstation = ?4, claimed_host = ?5, claimed_at = ?6 WHERE "
        "reminder_claims.claimed_at = '' OR reminder_claims.claimed_at < ?7 OR "
        "(reminder_claims.claimed_by = ?3 AND reminder_claims.claimed_workstation = ?4) "
        "RETURNING claimed_by, claimed_workstation, claimed_host, claimed_at",
        "SELECT claimed_by, claimed_workstation, claimed_host, claimed_at FROM reminder_claims "
        "WHERE booking_id = ?1 AND offset_minutes = ?2",
        claim, lapsedBefore, key.booking, key.offsetMinutes);
}

void SqliteJournalStore::releaseReminder(const ReminderKey& key) {
    m_impl->releaseRow("reminder_claims", "booking_id = ?1 AND offset_minutes = ?2", key.booking,
                       key.offsetMinutes);
}

std::int64_t SqliteJournalStore::insertReminderAttempt(const ReminderAttempt& a) {
    std::int64_t id = 0;
    transaction([&] {
        auto s = m_impl->db.prepare(
            "INSERT INTO reminder_attempts (booking_id, offset_minutes, at, operator, result, "
            "moved_to, note, outgoing_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        s.bind(1, a.key.booking)
            .bind(2, a.key.offsetMinutes)
            .bind(3, a.at)
            .bind(4, a.operatorName)
            .bind(5, std::string(reminderResultName(a.result)))
            .bind(6, a.movedTo)
            .bind(7, a.note)
            .bind(8, a.outgoingId);
        s.step();
        id = s.integer(0);
        while (s.step()) {
        }
        releaseReminder(a.key);
    });
    return id;
}

} // namespace sufler::journal
