#pragma once
// RAII over sqlite3 and sqlite3_stmt, for every module that keeps an SQLite file (the journal's
// SQLite engine, training results). Every statement binds its parameters; errors become
// sufler::Error naming what the file is («журнал», «результаты обучения») and SQLite's message.
#include "sufler/core/error.h"

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sufler::sql {

class Database;

class Statement {
public:
    // `label` names the file in messages; a string literal.
    Statement(sqlite3* db, std::string_view text, const char* label);
    Statement(Statement&& other) noexcept
        : m_db(other.m_db), m_label(other.m_label), m_stmt(std::exchange(other.m_stmt, nullptr)) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Binds by 1-based position.
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) {
        return bind(index, static_cast<std::int64_t>(value ? 1 : 0));
    }
    Statement& bind(int index, double value);
    Statement& bindNull(int index);
    template <typename T> Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Steps once: true when a row is available.
    bool step();
    void run() {
        while (step()) {
        }
    }
    void reset();

    [[nodiscard]] bool isNull(int column) const;
    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const;
    [[nodiscard]] double real(int column) const;

private:
    sqlite3* m_db;
    const char* m_label;
    sqlite3_stmt* m_stmt = nullptr;
};

class Database {
public:
    Database() = default;
    // Opens (creating when missing) the file at `path`; `label` names it in messages and must be
    // a string literal («журнал»).
    Database(const std::string& path, const char* label);
    Database(Database&& other) noexcept
        : m_db(std::exchange(other.m_db, nullptr)), m_label(other.m_label) {}
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    void exec(std::string_view sql); // statements without parameters only (schema, pragmas)
    [[nodiscard]] Statement prepare(std::string_view text) {
        return Statement(m_db, text, m_label);
    }
    [[nodiscard]] std::int64_t lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
    [[nodiscard]] int changes() const { return sqlite3_changes(m_db); }
    [[nodiscard]] sqlite3* handle() const { return m_db; }

private:
    sqlite3* m_db = nullptr;
    const char* m_label = "база SQLite";
};

} // namespace sufler::sql
