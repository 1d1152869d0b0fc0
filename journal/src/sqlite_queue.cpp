// The SQLite engine: the shared callback queue, the console runs and the calls they hold, the
// counter of changes.
#include "sqlite_store_impl.h"

namespace sufler::journal {

using namespace sqlite_rows;

// --- the shared callback queue --------------------------------------------------------------

std::optional<CallbackClaim> SqliteJournalStore::claimDeferred(CallId id,
                                                               const CallbackClaim& claim,
                                                               const std::string& lapsedBefore) {
    return m_impl->claimRow(
        "INSERT INTO callback_claims (call_id, claimed_by, claimed_workstation, claimed_host, "
        "claimed_at) SELECT ?1, ?2, ?3, ?4, ?5 FROM deferred_answers WHERE call_id = ?1 AND "
        "answered_at = '' ON CONFLICT (call_id) DO UPDATE SET claimed_by = ?2, "
        "claimed_workstation = ?3, claimed_host = ?4, claimed_at = ?5 WHERE "
        "callback_claims.claimed_at < ?6 OR (callback_claims.claimed_by = ?2 AND "
        "callback_claims.claimed_workstation = ?3) "
        "RETURNING claimed_by, claimed_workstation, claimed_host, claimed_at",
        "SELECT COALESCE(k.claimed_by, ''), COALESCE(k.claimed_workstation, ''), "
        "COALESCE(k.claimed_host, ''), COALESCE(k.claimed_at, '') FROM deferred_answers d "
        "LEFT JOIN callback_claims k ON k.call_id = d.call_id WHERE d.call_id = ?1 AND "
        "d.answered_at = ''",
        claim, lapsedBefore, id);
}

// The claim of a callback is a row of its own: releasing it deletes the row.
void SqliteJournalStore::releaseDeferred(CallId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("DELETE FROM callback_claims WHERE call_id = ?");
    s.bind(1, id).run();
}

// --- console runs and the calls they hold ---------------------------------------------------

void SqliteJournalStore::saveSession(const ConsoleSession& session,
                                     const std::string& heartbeatAt) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "INSERT INTO console_sessions (id, workstation, host, operator, heartbeat_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET workstation = ?2, host = ?3, "
        "operator = ?4, heartbeat_at = ?5");
    s.bind(1, session.id)
        .bind(2, session.workstation.id)
        .bind(3, session.workstation.host)
        .bind(4, session.operatorName)
        .bind(5, heartbeatAt)
        .run();
}

void SqliteJournalStore::touchSession(const std::string& session, const std::string& heartbeatAt) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("UPDATE console_sessions SET heartbeat_at = ? WHERE id = ?");
    s.bind(1, heartbeatAt).bind(2, session).run();
}

void SqliteJournalStore::endSessions(const std::string& workstation, const std::string& except) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("UPDATE console_sessions SET heartbeat_at = '' WHERE "
                                "workstation = ? AND id <> ? AND heartbeat_at <> ''");
    s.bind(1, workstation).bind(2, except).run();
}

void SqliteJournalStore::setCallSession(CallId id, const std::string& session) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("INSERT INTO call_sessions (call_id, session) VALUES (?1, ?2) "
                                "ON CONFLICT (call_id) DO UPDATE SET session = ?2");
    s.bind(1, id).bind(2, session).run();
}

std::optional<CallHolder> SqliteJournalStore::callHolder(CallId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "SELECT s.id, s.workstation, s.host, COALESCE(NULLIF(c.operator, ''), s.operator), "
        "s.heartbeat_at FROM incoming_calls c JOIN call_sessions h ON h.call_id = c.id "
        "JOIN console_sessions s ON s.id = h.session WHERE c.id = ?");
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    CallHolder holder;
    holder.session = s.text(0);
    holder.workstation = Workstation{s.text(1), s.text(2)};
    holder.operatorName = s.text(3);
    holder.heartbeatAt = s.text(4);
    return holder;
}

// --- live changes ---------------------------------------------------------------------------

std::int64_t SqliteJournalStore::changeSeq() {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("SELECT seq FROM change_seq WHERE id = 1");
    return s.step() ? s.integer(0) : 0;
}

} // namespace sufler::journal
