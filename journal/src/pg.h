#pragma once
// RAII over libpq's PGconn and PGresult for the journal's PostgreSQL engine: blocking calls
// (the console calls the journal from its worker thread), parameters always bound, errors as
// sufler::Error in one Russian line that never shows the password.
#include "sufler/core/error.h"

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sufler::pg {

// The oldest server the engine runs on: it uses ON CONFLICT, identity columns,
// pg_advisory_xact_lock and gen_random_uuid() (core since 13). Tested on 15.
constexpr int kMinServerVersion = 130000;

// A failed statement: the server's SQLSTATE ("" when the connection broke before an answer).
class QueryError : public Error {
public:
    QueryError(const std::string& message, std::string sqlState, bool connectionLost)
        : Error(message), m_sqlState(std::move(sqlState)), m_connectionLost(connectionLost) {}
    [[nodiscard]] const std::string& sqlState() const { return m_sqlState; }
    // The connection is gone: nothing is known of a write that was in flight.
    [[nodiscard]] bool connectionLost() const { return m_connectionLost; }

private:
    std::string m_sqlState;
    bool m_connectionLost;
};

// Whether `where` names a server journal rather than a file: a libpq URI (postgresql://,
// postgres://) or key=value pairs starting with service=.
[[nodiscard]] bool isConnectionString(std::string_view where);

// `where` as people may see it: server, port, database and user, never the password. Falls
// back to the text with any password cut out when libpq cannot parse it.
[[nodiscard]] std::string describe(const std::string& where);

// The server's version as PQserverVersion gives it (150018); throws when it is older than
// kMinServerVersion, naming both.
void checkServerVersion(int version, const std::string& described);

// Values of one statement's $1, $2, … in text form; a string is kept as PostgreSQL text can
// hold it (see text()).
class Params {
public:
    Params& add(std::string_view value);
    Params& add(const std::string& value) { return add(std::string_view(value)); }
    Params& add(const char* value) { return add(std::string_view(value)); }
    Params& add(std::int64_t value);
    Params& add(int value) { return add(static_cast<std::int64_t>(value)); }
    Params& add(bool value);
    Params& add(double value);
    Params& addNull();
    template <typename T> Params& add(const std::optional<T>& value) {
        return value ? add(*value) : addNull();
    }

    [[nodiscard]] int size() const { return static_cast<int>(m_values.size()); }
    [[nodiscard]] std::vector<const char*> pointers() const;

private:
    std::vector<std::optional<std::string>> m_values;
};

// PostgreSQL text holds neither a NUL byte nor invalid UTF-8: each such byte becomes U+FFFD
// (the rule the SQLite engine already follows for the card's lists).
[[nodiscard]] std::string text(std::string_view value);

class Result {
public:
    Result() = default;
    explicit Result(PGresult* result) : m_result(result) {}
    Result(Result&& other) noexcept : m_result(std::exchange(other.m_result, nullptr)) {}
    Result& operator=(Result&& other) noexcept;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result();

    [[nodiscard]] int rows() const;
    [[nodiscard]] bool isNull(int row, int column) const;
    [[nodiscard]] std::string text(int row, int column) const;
    [[nodiscard]] std::int64_t integer(int row, int column) const;
    [[nodiscard]] double real(int row, int column) const;
    [[nodiscard]] bool boolean(int row, int column) const; // 't' / 'f'
    [[nodiscard]] int affected() const;                    // rows of an INSERT/UPDATE/DELETE
    [[nodiscard]] PGresult* handle() const { return m_result; }

private:
    PGresult* m_result = nullptr;
};

class Connection {
public:
    // Connects (blocking, connect_timeout 10 s unless the string says otherwise); throws
    // sufler::Error naming what is wrong: the string, the password, the host, the database,
    // the server's version.
    explicit Connection(const std::string& where);
    Connection(Connection&& other) noexcept
        : m_conn(std::exchange(other.m_conn, nullptr)), m_described(std::move(other.m_described)) {}
    Connection& operator=(Connection&&) = delete;
    Connection(const Connection&) = delete;
    ~Connection();

    // Runs one statement with parameters; throws QueryError.
    Result exec(std::string_view sql, const Params& params = {});
    // Statements without parameters, several separated by ';' (schema steps).
    void execScript(std::string_view sql);
    // Sends a statement and ignores its failure (ROLLBACK after an error).
    void execQuietly(const char* sql) noexcept;

    // Whether the connection is usable; after a lost connection, reconnect() tries once.
    [[nodiscard]] bool ok() const { return PQstatus(m_conn) == CONNECTION_OK; }
    void reconnect();
    [[nodiscard]] bool inTransaction() const;
    [[nodiscard]] const std::string& described() const { return m_described; }
    [[nodiscard]] PGconn* handle() const { return m_conn; }

private:
    [[noreturn]] void fail(PGresult* result, std::string_view sql);
    PGconn* m_conn = nullptr;
    std::string m_described;
};

} // namespace sufler::pg
