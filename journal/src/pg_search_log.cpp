// The PostgreSQL engine's log of queries and the entries opened from them (search_uses).
#include "pg_store_impl.h"

#include "store_rows.h"

namespace sufler::journal {

void PostgresJournalStore::insertSearchUse(const SearchUse& use) {
    transaction([&] {
        pg::Params p;
        p.add(use.query).add(use.entryId).add(use.department).add(use.callId).add(use.at);
        m_impl->conn.exec("INSERT INTO search_uses (query, entry_id, department, call_id, at) "
                          "VALUES ($1, $2, $3, $4, $5)",
                          p);
    });
}

std::vector<SearchUse> PostgresJournalStore::searchUses(const std::string& department,
                                                        const Period& period) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(department).add(rows::periodFrom(period)).add(rows::periodTo(period));
        const auto r = m_impl->conn.exec(
            "SELECT id, query, entry_id, department, call_id, at FROM search_uses WHERE ($1 = '' "
            "OR department = $1) AND at >= $2 AND at < $3 ORDER BY department, at, id",
            p);
        return Impl::all<SearchUse>(r, [](const pg::Result& rows, int i) {
            SearchUse use;
            use.id = rows.integer(i, 0);
            use.query = rows.text(i, 1);
            use.entryId = rows.text(i, 2);
            use.department = rows.text(i, 3);
            if (!rows.isNull(i, 4)) {
                use.callId = rows.integer(i, 4);
            }
            use.at = rows.text(i, 5);
            return use;
        });
    });
}

} // namespace sufler::journal
