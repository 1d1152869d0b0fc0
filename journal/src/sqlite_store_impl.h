#pragma once
// The SQLite engine's private state and the rows its files share. sqlite_store.cpp holds the
// schema, opening, transactions and retention; sqlite_calls.cpp the registers of calls,
// deferred answers and signals; sqlite_citizens.cpp, sqlite_bookings.cpp and sqlite_queue.cpp
// (the callback queue, console runs, live changes) the rest. New store code may go in a file
// of its own that includes this header.
#include "sqlite_store.h"
#include "store_readers.h"

#include "sufler/core/sqlite.h"

#include <fmt/format.h>

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::journal {

struct SqliteJournalStore::Impl {
    std::filesystem::path path;
    sql::Database db;
    std::recursive_mutex mutex; // one connection; a transaction body calls back into the store
    rows::Nesting nesting;      // of transactions

    [[nodiscard]] std::unique_lock<std::recursive_mutex> lock() { return std::unique_lock(mutex); }

    int nextNumber(const char* table, const char* column, std::string_view year) {
        auto s = db.prepare(
            fmt::format("SELECT COALESCE(MAX(number), 0) + 1 FROM {} WHERE substr({}, 1, 4) = ?",
                        table, column));
        s.bind(1, year);
        s.step();
        return static_cast<int>(s.integer(0));
    }

    // A queue row's claim, under the write lock it takes, and its release (see
    // rows::kReleaseClaim): the key binds as ?1…
    template <typename... Key>
    std::optional<CallbackClaim> claimRow(std::string_view win, std::string_view holder,
                                          const CallbackClaim& claim,
                                          const std::string& lapsedBefore, const Key&... key);
    template <typename... Key>
    void releaseRow(std::string_view table, std::string_view where, const Key&... key);

    template <typename Row, typename Read> std::vector<Row> all(sql::Statement& s, Read read) {
        std::vector<Row> out;
        while (s.step()) {
            out.push_back(read(s));
        }
        return out;
    }
};

// The registers' rows as the engine's files read them.
namespace sqlite_rows {

// A row of a statement as the readers of store_readers.h take it.
struct Row {
    const sql::Statement& s;

    [[nodiscard]] bool isNull(int column) const { return s.isNull(column); }
    [[nodiscard]] std::string text(int column) const { return s.text(column); }
    [[nodiscard]] std::int64_t integer(int column) const { return s.integer(column); }
    [[nodiscard]] double real(int column) const { return s.real(column); }
    [[nodiscard]] bool flag(int column) const { return s.integer(column) != 0; } // 0 or 1
};

using rows::kIncomingColumns;
using rows::kOutgoingColumns;

// A deferred answer with its claim, if any (`d` and `k` in the queries below).
inline constexpr const char* kDeferredColumns =
    "d.call_id, d.phone, d.convenient_hours, d.created_on, d.due, d.extended_to, "
    "d.extension_reason, d.caller_informed, d.answered_at, d.result, "
    "COALESCE(k.claimed_by, ''), COALESCE(k.claimed_workstation, ''), "
    "COALESCE(k.claimed_host, ''), COALESCE(k.claimed_at, '')";

inline constexpr const char* kDeferredFrom =
    "deferred_answers d LEFT JOIN callback_claims k ON k.call_id = d.call_id";

[[nodiscard]] IncomingCall readIncoming(const sql::Statement& s);
[[nodiscard]] OutgoingCall readOutgoing(const sql::Statement& s);
// The claim in columns first..first+3 (by, workstation, host, at); none when `at` is empty.
[[nodiscard]] std::optional<CallbackClaim> readClaim(const sql::Statement& s, int first);
[[nodiscard]] Deferred readDeferred(const sql::Statement& s);

} // namespace sqlite_rows

template <typename... Key>
std::optional<CallbackClaim>
SqliteJournalStore::Impl::claimRow(std::string_view win, std::string_view holder,
                                   const CallbackClaim& claim, const std::string& lapsedBefore,
                                   const Key&... key) {
    const auto held = lock();
    auto s = db.prepare(win);
    int next = 1;
    ((void)s.bind(next++, key), ...);
    s.bind(next, claim.operatorName)
        .bind(next + 1, claim.workstation.id)
        .bind(next + 2, claim.workstation.host)
        .bind(next + 3, claim.at)
        .bind(next + 4, lapsedBefore);
    if (s.step()) {
        auto won = sqlite_rows::readClaim(s, 0);
        s.run();
        return won;
    }
    auto h = db.prepare(holder);
    next = 1;
    ((void)h.bind(next++, key), ...);
    if (!h.step()) {
        return std::nullopt;
    }
    return sqlite_rows::readClaim(h, 0);
}

template <typename... Key>
void SqliteJournalStore::Impl::releaseRow(std::string_view table, std::string_view where,
                                          const Key&... key) {
    const auto held = lock();
    auto s = db.prepare(fmt::format(rows::kReleaseClaim, table, where));
    int next = 1;
    ((void)s.bind(next++, key), ...);
    s.run();
}

} // namespace sufler::journal
