// The journal's engines, registered in one place: which `--journal` text each one serves.
#include "sufler/journal/store.h"

#include "sqlite_store.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

namespace sufler::journal {

namespace {

// A libpq connection string: a URI or key=value pairs naming a service.
bool isServerJournal(std::string_view where) {
    return where.starts_with("postgresql://") || where.starts_with("postgres://") ||
           where.starts_with("service=");
}

} // namespace

std::unique_ptr<JournalStore> openStore(const std::string& where) {
    if (where.empty()) {
        throw Error("журнал не указан: --journal ФАЙЛ");
    }
    // A PostgreSQL store (a team's register on a server) is added here: `return
    // std::make_unique<PostgresJournalStore>(where);`.
    if (isServerJournal(where)) {
        throw Error(fmt::format("--journal {}: журнал на сервере PostgreSQL эта версия Суфлёра "
                                "ещё не ведёт; укажите файл журнала",
                                where));
    }
    return std::make_unique<SqliteJournalStore>(where);
}

std::filesystem::path localFolder(const std::string& where) {
    if (isServerJournal(where)) {
        return Journal::defaultPath().parent_path();
    }
    return std::filesystem::path(where).parent_path();
}

} // namespace sufler::journal
