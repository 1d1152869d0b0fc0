// The PostgreSQL engine: the shared callback queue, the console runs and the calls they hold,
// the counter of changes and the wait for the next.
#include "pg_store_impl.h"

#include <algorithm>
#include <chrono>
#include <poll.h>
#include <thread>

namespace sufler::journal {

using namespace pg_rows;

// --- the shared callback queue --------------------------------------------------------------

std::optional<CallbackClaim> PostgresJournalStore::claimDeferred(CallId id,
                                                                 const CallbackClaim& claim,
                                                                 const std::string& lapsedBefore) {
    return m_impl->claimRow(
        "UPDATE deferred_answers SET claimed_by = $2, claimed_workstation = $3, claimed_host = "
        "$4, claimed_at = $5 WHERE call_id = $1 AND answered_at = '' AND (claimed_at = '' OR "
        "claimed_at < $6 OR (claimed_by = $2 AND claimed_workstation = $3)) "
        "RETURNING claimed_by, claimed_workstation, claimed_host, claimed_at",
        "SELECT claimed_by, claimed_workstation, claimed_host, claimed_at FROM deferred_answers "
        "WHERE call_id = $1 AND answered_at = ''",
        claim, lapsedBefore, id);
}

void PostgresJournalStore::releaseDeferred(CallId id) {
    m_impl->releaseRow("deferred_answers", "call_id = $1 AND claimed_at <> ''", id);
}

// --- console runs and the calls they hold ---------------------------------------------------

void PostgresJournalStore::saveSession(const ConsoleSession& session,
                                       const std::string& heartbeatAt) {
    transaction([&] {
        pg::Params p;
        p.add(session.id)
            .add(session.workstation.id)
            .add(session.workstation.host)
            .add(session.operatorName)
            .add(heartbeatAt);
        m_impl->conn.exec("INSERT INTO console_sessions (id, workstation, host, operator, "
                          "heartbeat_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE "
                          "SET workstation = $2, host = $3, operator = $4, heartbeat_at = $5",
                          p);
    });
}

void PostgresJournalStore::touchSession(const std::string& session,
                                        const std::string& heartbeatAt) {
    transaction([&] {
        pg::Params p;
        p.add(heartbeatAt).add(session);
        m_impl->conn.exec("UPDATE console_sessions SET heartbeat_at = $1 WHERE id = $2", p);
    });
}

void PostgresJournalStore::endSessions(const std::string& workstation, const std::string& except) {
    transaction([&] {
        pg::Params p;
        p.add(workstation).add(except);
        m_impl->conn.exec("UPDATE console_sessions SET heartbeat_at = '' WHERE workstation = $1 "
                          "AND id <> $2 AND heartbeat_at <> ''",
                          p);
    });
}

void PostgresJournalStore::setCallSession(CallId id, const std::string& session) {
    transaction([&] {
        pg::Params p;
        p.add(session).add(id);
        m_impl->conn.exec("UPDATE incoming_calls SET session = $1 WHERE id = $2", p);
    });
}

std::optional<CallHolder> PostgresJournalStore::callHolder(CallId id) {
    return m_impl->read([&]() -> std::optional<CallHolder> {
        pg::Params p;
        p.add(id);
        const auto r = m_impl->conn.exec(
            "SELECT s.id, s.workstation, s.host, COALESCE(NULLIF(c.operator, ''), s.operator), "
            "s.heartbeat_at FROM incoming_calls c JOIN console_sessions s ON s.id = c.session "
            "WHERE c.id = $1",
            p);
        if (r.rows() == 0) {
            return std::nullopt;
        }
        CallHolder holder;
        holder.session = r.text(0, 0);
        holder.workstation = Workstation{r.text(0, 1), r.text(0, 2)};
        holder.operatorName = r.text(0, 3);
        holder.heartbeatAt = r.text(0, 4);
        return holder;
    });
}

// --- live changes ---------------------------------------------------------------------------

std::int64_t PostgresJournalStore::changeSeq() {
    return m_impl->read(
        [&] { return m_impl->conn.exec("SELECT seq FROM change_seq WHERE id = 1").integer(0, 0); });
}

std::int64_t PostgresJournalStore::waitForChange(std::int64_t lastSeq,
                                                 std::chrono::milliseconds timeout) {
    // NOTIFY is a wake-up only: it is lost while nobody listens (a dropped connection), so the
    // counter is read after LISTEN, after every wake-up, and at the timeout.
    const auto end = std::chrono::steady_clock::now() + timeout;
    const std::lock_guard held(m_impl->listenMutex);
    auto& listener = m_impl->listener;
    if (listener && !listener->ok()) {
        listener.reset();
    }
    if (!listener) {
        try {
            listener.emplace(m_impl->where);
            listener->exec("LISTEN sufler_journal");
        } catch (const std::exception&) {
            listener.reset(); // no wake-ups: the counter is polled below instead
        }
    }
    for (;;) {
        const std::int64_t seq = changeSeq();
        const auto now = std::chrono::steady_clock::now();
        if (seq != lastSeq || now >= end) {
            return seq;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - now);
        if (!listener) {
            std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(500)));
            continue;
        }
        PGconn* conn = listener->handle();
        pollfd fd{PQsocket(conn), POLLIN, 0};
        if (fd.fd < 0 || ::poll(&fd, 1, static_cast<int>(left.count()) + 1) < 0) {
            listener.reset();
            continue;
        }
        if (PQconsumeInput(conn) == 0) {
            listener.reset(); // the server went away: the next call listens again
            continue;
        }
        while (PGnotify* note = PQnotifies(conn)) {
            PQfreemem(note);
        }
    }
}

} // namespace sufler::journal
