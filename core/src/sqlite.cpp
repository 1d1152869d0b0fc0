// RAII over SQLite (sufler/core/sqlite.h).
#include "sufler/core/sqlite.h"

#include <fmt/format.h>

namespace sufler::sql {

namespace {
[[noreturn]] void fail(sqlite3* db, const char* label, std::string_view what) {
    throw Error(fmt::format("{}: {}: {}", label, what, db ? sqlite3_errmsg(db) : "нет памяти"));
}
} // namespace

Statement::Statement(sqlite3* db, std::string_view text, const char* label)
    : m_db(db), m_label(label) {
    if (sqlite3_prepare_v2(db, text.data(), static_cast<int>(text.size()), &m_stmt, nullptr) !=
        SQLITE_OK) {
        fail(db, m_label, "ошибка запроса");
    }
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the text, so temporaries are safe.
    if (sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8) != SQLITE_OK) {
        fail(m_db, m_label, "ошибка параметра");
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) {
        fail(m_db, m_label, "ошибка параметра");
    }
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK) {
        fail(m_db, m_label, "ошибка параметра");
    }
    return *this;
}

Statement& Statement::bindNull(int index) {
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) {
        fail(m_db, m_label, "ошибка параметра");
    }
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    fail(m_db, m_label, "ошибка записи или чтения");
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size))
                : std::string();
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

Database::Database(const std::string& path, const char* label) : m_label(label) {
    const int rc = sqlite3_open_v2(
        path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    if (rc != SQLITE_OK) {
        std::string message = m_db ? sqlite3_errmsg(m_db) : "нет памяти";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw Error(fmt::format("{}: не удалось открыть ({}): {}", path, label, message));
    }
    sqlite3_extended_result_codes(m_db, 1);
    // A second console or a report on the same file waits. Generous: on a loaded machine the
    // synced commits of several workplaces opening a new journal at once take seconds.
    sqlite3_busy_timeout(m_db, 15000);
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_label = other.m_label;
    }
    return *this;
}

Database::~Database() {
    sqlite3_close(m_db);
}

void Database::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        throw Error(fmt::format("{}: {}", m_label, reason));
    }
}

} // namespace sufler::sql
