// The SQLite engine's log of queries and the entries opened from them (search_uses).
#include "sqlite_store_impl.h"

#include "store_rows.h"

namespace sufler::journal {

void SqliteJournalStore::insertSearchUse(const SearchUse& use) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("INSERT INTO search_uses (query, entry_id, department, call_id, "
                                "at) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, use.query).bind(2, use.entryId).bind(3, use.department).bind(4, use.callId);
    s.bind(5, use.at);
    s.run();
}

std::vector<SearchUse> SqliteJournalStore::searchUses(const std::string& department,
                                                      const Period& period) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "SELECT id, query, entry_id, department, call_id, at FROM search_uses WHERE (?1 = '' OR "
        "department = ?1) AND at >= ?2 AND at < ?3 ORDER BY department, at, id");
    s.bind(1, department).bind(2, rows::periodFrom(period)).bind(3, rows::periodTo(period));
    return m_impl->all<SearchUse>(s, [](const sql::Statement& row) {
        SearchUse use;
        use.id = row.integer(0);
        use.query = row.text(1);
        use.entryId = row.text(2);
        use.department = row.text(3);
        if (!row.isNull(4)) {
            use.callId = row.integer(4);
        }
        use.at = row.text(5);
        return use;
    });
}

} // namespace sufler::journal
