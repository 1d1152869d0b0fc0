// The journal's engines, registered in one place: which `--journal` text each one serves.
#include "sufler/journal/store.h"

#include "pg.h"
#include "pg_store.h"
#include "sqlite_store.h"

#include "sufler/core/error.h"
#include "sufler/journal/server.h"

#include <fmt/format.h>

namespace sufler::journal {

bool isServerJournal(std::string_view where) {
    return pg::isConnectionString(where);
}

std::unique_ptr<JournalStore> openStore(const std::string& where) {
    if (where.empty()) {
        throw Error("журнал не указан: --journal ФАЙЛ или строка подключения PostgreSQL");
    }
    if (isServerJournal(where)) {
        return std::make_unique<PostgresJournalStore>(where);
    }
    return std::make_unique<SqliteJournalStore>(where);
}

std::string initServer(const std::string& where) {
    if (!isServerJournal(where)) {
        throw Error(fmt::format("{}: init-server готовит журнал на сервере PostgreSQL — укажите "
                                "строку подключения (postgresql://…, service=…)",
                                where));
    }
    PostgresJournalStore store(where);
    store.grantRoles();
    return store.describe();
}

std::filesystem::path localFolder(const std::string& where) {
    if (isServerJournal(where)) {
        return Journal::defaultPath().parent_path();
    }
    return std::filesystem::path(where).parent_path();
}

} // namespace sufler::journal
