// The PostgreSQL engine: reminders of booked consultations — who holds one and each attempt.
#include "pg_store_impl.h"

#include "sufler/journal/reminders.h"

#include <fmt/format.h>

namespace sufler::journal {

namespace {

using pg_rows::readClaim;

ReminderAttempt readAttempt(const pg::Result& r, int row) {
    return rows::readReminderAttempt(pg_rows::Row{r, row});
}

// The bookings as one array parameter: `{1,2,3}`.
std::string idArray(const std::vector<BookingId>& bookings) {
    std::string out = "{";
    for (std::size_t i = 0; i < bookings.size(); ++i) {
        out += (i == 0 ? "" : ",") + std::to_string(bookings[i]);
    }
    return out + "}";
}

} // namespace

std::vector<ReminderAttempt>
PostgresJournalStore::reminderAttempts(const std::vector<BookingId>& bookings) {
    if (bookings.empty()) {
        return {};
    }
    return m_impl->read([&] {
        pg::Params p;
        p.add(idArray(bookings));
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM reminder_attempts WHERE booking_id = ANY($1::bigint[]) "
                        "ORDER BY at, id",
                        rows::kReminderAttemptColumns),
            p);
        return Impl::all<ReminderAttempt>(r, readAttempt);
    });
}

std::vector<std::pair<ReminderKey, CallbackClaim>>
PostgresJournalStore::reminderClaims(const std::vector<BookingId>& bookings) {
    if (bookings.empty()) {
        return {};
    }
    return m_impl->read([&] {
        pg::Params p;
        p.add(idArray(bookings));
        const auto r = m_impl->conn.exec(
            "SELECT booking_id, offset_minutes, claimed_by, claimed_workstation, claimed_host, "
            "claimed_at FROM reminder_claims WHERE claimed_at <> '' AND booking_id = "
            "ANY($1::bigint[])",
            p);
        std::vector<std::pair<ReminderKey, CallbackClaim>> out;
        for (int i = 0; i < r.rows(); ++i) {
            if (auto claim = readClaim(r, i, 2)) {
                out.emplace_back(ReminderKey{r.integer(i, 0), static_cast<int>(r.integer(i, 1))},
                                 *claim);
            }
        }
        return out;
    });
}

std::optional<CallbackClaim> PostgresJournalStore::claimReminder(const ReminderKey& key,
                                                                 const CallbackClaim& claim,
                                                                 const std::string& lapsedBefore) {
    // Only an active booking's reminder that no attempt has ended can be taken.
    return m_impl->claimRow(
        "INSERT INTO reminder_claims (booking_id, offset_minutes, claimed_by, "
        "claimed_workstation, claimed_host, claimed_at) SELECT $1, $2, $3, $4, $5, $6 FROM "
        "bookings b WHERE b.id = $1 AND b.status = 'booked' AND NOT EXISTS (SELECT 1 FROM "
        "reminder_attempts a WHERE a.booking_id = $1 AND a.offset_minutes = $2 AND a.result "
        "<> 'not-reached') ON CONFLICT (booking_id, offset_minutes) DO UPDATE SET "
        "claimed_by = $3, claimed_workstation = $4, claimed_host = $5, claimed_at = $6 WHERE "
        "reminder_claims.claimed_at = '' OR reminder_claims.claimed_at < $7 OR "
        "(reminder_claims.claimed_by = $3 AND reminder_claims.claimed_workstation = $4) "
        "RETURNING claimed_by, claimed_workstation, claimed_host, claimed_at",
        "SELECT claimed_by, claimed_workstation, claimed_host, claimed_at FROM reminder_claims "
        "WHERE booking_id = $1 AND offset_minutes = $2",
        claim, lapsedBefore, key.booking, key.offsetMinutes);
}

void PostgresJournalStore::releaseReminder(const ReminderKey& key) {
    m_impl->releaseRow("reminder_claims", "booking_id = $1 AND offset_minutes = $2", key.booking,
                       key.offsetMinutes);
}

std::int64_t PostgresJournalStore::insertReminderAttempt(const ReminderAttempt& a) {
    std::int64_t id = 0;
    transaction([&] {
        pg::Params p;
        p.add(a.key.booking)
            .add(a.key.offsetMinutes)
            .add(a.at)
            .add(a.operatorName)
            .add(reminderResultName(a.result))
            .add(a.movedTo)
            .add(a.note)
            .add(a.outgoingId);
        const auto r = m_impl->conn.exec(
            "INSERT INTO reminder_attempts (booking_id, offset_minutes, at, operator, result, "
            "moved_to, note, outgoing_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            p);
        id = r.integer(0, 0);
        releaseReminder(a.key);
    });
    return id;
}

} // namespace sufler::journal
