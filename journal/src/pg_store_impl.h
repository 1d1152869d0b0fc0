#pragma once
// The PostgreSQL engine's private state and the rows its files share. pg_store.cpp holds the
// schema, the connection, transactions and retention; pg_calls.cpp the registers of calls,
// deferred answers and signals; pg_citizens.cpp, pg_bookings.cpp and pg_queue.cpp (the
// callback queue, console runs, live changes) the rest. New store code may go in a file of its
// own that includes this header.
#include "pg_store.h"

#include "pg.h"
#include "store_readers.h"

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::journal {

struct PostgresJournalStore::Impl {
    explicit Impl(const std::string& where) : conn(where), where(where) {}

    pg::Connection conn;
    std::string where;
    // A connection that only LISTENs (waitForChange): notifications arrive between the
    // statements of a connection, so the one that writes would hold them back.
    std::optional<pg::Connection> listener;
    std::mutex listenMutex;
    std::recursive_mutex mutex; // one connection; a transaction body calls back into the store
    rows::Nesting nesting;      // of transactions

    [[nodiscard]] std::unique_lock<std::recursive_mutex> lock() { return std::unique_lock(mutex); }

    // A read outside a transaction is tried again once on a new connection when the old one
    // broke (the server restarted, the network dropped): reading twice changes nothing.
    template <typename F> auto read(F&& f) {
        const auto held = lock();
        if (nesting.depth > 0) {
            return f();
        }
        if (!conn.ok()) {
            conn.reconnect();
        }
        try {
            return f();
        } catch (const pg::QueryError& e) {
            if (!e.connectionLost()) {
                throw;
            }
        }
        conn.reconnect();
        return f();
    }

    // A write transaction runs alone among the journal's writers on every workstation, as on
    // the SQLite engine (BEGIN IMMEDIATE): the Journal's rules read, check and write inside
    // one (one extension of a deferred answer, one result), and that holds across programs.
    // Write transactions are a few statements long, so the wait is short.
    //
    // BEGIN and the lock write nothing: on a connection found broken it is safe to reconnect
    // and begin again. A failure after them is the caller's to report: nothing is sent twice.
    void begin();
    void beginLocked();

    // A transaction (nested: only the outermost begins and commits); `draft` turns
    // synchronous_commit off for it (draftTransaction()).
    void run(const std::function<void()>& body, bool draft);

    // A queue row's claim, in one transaction, and its release (see rows::kReleaseClaim): the
    // key binds as $1…
    template <typename... Key>
    std::optional<CallbackClaim> claimRow(std::string_view win, std::string_view holder,
                                          const CallbackClaim& claim,
                                          const std::string& lapsedBefore, const Key&... key);
    template <typename... Key>
    void releaseRow(std::string_view table, std::string_view where, const Key&... key);

    // The next number of the register's year, or the one given raised into the counter: the
    // counter's row stays locked by this transaction until it commits, so a second writer
    // waits for it and takes the next number; a rollback takes the number back.
    int number(const char* registerName, std::string_view timestamp, int given);

    int version();
    bool rolesExist();
    void refuseNewer(int found) const;

    // Brings the schema up to date. A journal already current is only read (an operator's
    // role need not create tables); otherwise under the advisory lock, in one transaction, the
    // version read again: the second of two programs starting at once finds the work done.
    void migrate();

    template <typename Row, typename Read>
    static std::vector<Row> all(const pg::Result& r, Read read) {
        std::vector<Row> out;
        out.reserve(static_cast<std::size_t>(r.rows()));
        for (int i = 0; i < r.rows(); ++i) {
            out.push_back(read(r, i));
        }
        return out;
    }
};

// The registers' rows as the engine's files read them.
namespace pg_rows {

// A row of a result as the readers of store_readers.h take it.
struct Row {
    const pg::Result& result;
    int row;

    [[nodiscard]] bool isNull(int column) const { return result.isNull(row, column); }
    [[nodiscard]] std::string text(int column) const { return result.text(row, column); }
    [[nodiscard]] std::int64_t integer(int column) const { return result.integer(row, column); }
    [[nodiscard]] double real(int column) const { return result.real(row, column); }
    [[nodiscard]] bool flag(int column) const { return result.boolean(row, column); } // BOOLEAN
};

using rows::kIncomingColumns;
using rows::kOutgoingColumns;

inline constexpr const char* kDeferredColumns =
    "call_id, phone, convenient_hours, created_on, due, extended_to, extension_reason, "
    "caller_informed, answered_at, result, claimed_by, claimed_workstation, claimed_host, "
    "claimed_at";

[[nodiscard]] IncomingCall readIncoming(const pg::Result& r, int row);
[[nodiscard]] OutgoingCall readOutgoing(const pg::Result& r, int row);
// The claim in columns first..first+3 (by, workstation, host, at); none when `at` is empty.
[[nodiscard]] std::optional<CallbackClaim> readClaim(const pg::Result& r, int row, int first);
[[nodiscard]] Deferred readDeferred(const pg::Result& r, int row);

} // namespace pg_rows

template <typename... Key>
std::optional<CallbackClaim>
PostgresJournalStore::Impl::claimRow(std::string_view win, std::string_view holder,
                                     const CallbackClaim& claim, const std::string& lapsedBefore,
                                     const Key&... key) {
    std::optional<CallbackClaim> inForce;
    run(
        [&] {
            // one statement decides: of two programs claiming at once, the second (waiting for
            // the first's row lock, then re-reading the row) finds the claim taken and changes
            // nothing
            pg::Params p;
            ((void)p.add(key), ...);
            p.add(claim.operatorName)
                .add(claim.workstation.id)
                .add(claim.workstation.host)
                .add(claim.at)
                .add(lapsedBefore);
            const auto won = conn.exec(win, p);
            if (won.rows() > 0) {
                inForce = pg_rows::readClaim(won, 0, 0);
                return;
            }
            pg::Params q;
            ((void)q.add(key), ...);
            const auto held = conn.exec(holder, q);
            if (held.rows() > 0) {
                inForce = pg_rows::readClaim(held, 0, 0);
            }
        },
        false);
    return inForce;
}

template <typename... Key>
void PostgresJournalStore::Impl::releaseRow(std::string_view table, std::string_view where,
                                            const Key&... key) {
    run(
        [&] {
            pg::Params p;
            ((void)p.add(key), ...);
            conn.exec(fmt::format(rows::kReleaseClaim, table, where), p);
        },
        false);
}

} // namespace sufler::journal
