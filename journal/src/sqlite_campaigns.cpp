// The SQLite engine: informing campaigns, their call lists and attempts.
#include "sqlite_store_impl.h"

namespace sufler::journal {

namespace {

Campaign readCampaign(const sql::Statement& s) {
    return rows::readCampaign(sqlite_rows::Row{s});
}

CampaignItem readCampaignItem(const sql::Statement& s) {
    return rows::readCampaignItem(sqlite_rows::Row{s});
}

CampaignAttempt readCampaignAttempt(const sql::Statement& s) {
    return rows::readCampaignAttempt(sqlite_rows::Row{s});
}

} // namespace

CampaignId SqliteJournalStore::insertCampaign(const Campaign& c) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "INSERT INTO campaigns (title, entry, script, created_by, created_at, interval_spec, "
        "max_attempts, status, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.bind(1, c.title)
        .bind(2, c.entry)
        .bind(3, c.script)
        .bind(4, c.createdBy)
        .bind(5, c.createdAt)
        .bind(6, campaignIntervalName(c.interval))
        .bind(7, c.maxAttempts)
        .bind(8, std::string(campaignStatusName(c.status)))
        .bind(9, c.closedAt);
    s.step();
    const CampaignId id = s.integer(0);
    while (s.step()) {
    }
    return id;
}

void SqliteJournalStore::updateCampaign(const Campaign& c) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("UPDATE campaigns SET status = ?2, closed_at = ?3 WHERE id = ?1");
    s.bind(1, c.id).bind(2, std::string(campaignStatusName(c.status))).bind(3, c.closedAt);
    s.run();
}

std::vector<Campaign> SqliteJournalStore::campaigns() {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM campaigns ORDER BY id", rows::kCampaignColumns));
    return m_impl->all<Campaign>(s, readCampaign);
}

std::optional<CampaignItemId> SqliteJournalStore::insertCampaignItem(const CampaignItem& i) {
    const auto lock = m_impl->lock();
    // The unique (campaign, phone key) refuses a citizen already in the list.
    auto s = m_impl->db.prepare(
        "INSERT INTO campaign_items (campaign_id, position, full_name, phone, phone_key, "
        "municipality, category, note, source, citizen_id, due_at) VALUES (?1, (SELECT "
        "COALESCE(MAX(position), 0) + 1 FROM campaign_items WHERE campaign_id = ?1), ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING RETURNING id");
    s.bind(1, i.campaign)
        .bind(2, i.fullName)
        .bind(3, i.phone)
        .bind(4, i.phoneKey)
        .bind(5, i.municipality)
        .bind(6, i.category)
        .bind(7, i.note)
        .bind(8, i.source)
        .bind(9, i.citizen)
        .bind(10, i.dueAt);
    if (!s.step()) {
        return std::nullopt;
    }
    const CampaignItemId id = s.integer(0);
    while (s.step()) {
    }
    return id;
}

void SqliteJournalStore::updateCampaignItem(const CampaignItem& i) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "UPDATE campaign_items SET attempts = ?2, last_result = ?3, last_at = ?4, due_at = ?5, "
        "finished = ?6, claimed_by = '', claimed_workstation = '', claimed_host = '', "
        "claimed_at = '' WHERE id = ?1");
    s.bind(1, i.id)
        .bind(2, i.attempts)
        .bind(3, i.lastResult ? std::string(campaignResultName(*i.lastResult)) : std::string())
        .bind(4, i.lastAttemptAt)
        .bind(5, i.dueAt)
        .bind(6, i.finished);
    s.run();
}

std::optional<CampaignItem> SqliteJournalStore::campaignItem(CampaignItemId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM campaign_items WHERE id = ?", rows::kCampaignItemColumns));
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return readCampaignItem(s);
}

std::vector<CampaignItem> SqliteJournalStore::campaignItems(CampaignId campaign,
                                                            const std::string& dueBy) {
    const auto lock = m_impl->lock();
    if (campaign != 0) {
        auto s = m_impl->db.prepare(
            fmt::format("SELECT {} FROM campaign_items WHERE campaign_id = ? ORDER BY position, id",
                        rows::kCampaignItemColumns));
        s.bind(1, campaign);
        return m_impl->all<CampaignItem>(s, readCampaignItem);
    }
    auto s = m_impl->db.prepare(fmt::format(
        "SELECT {} FROM campaign_items WHERE finished = 0 AND due_at <= ? AND campaign_id IN "
        "(SELECT id FROM campaigns WHERE status = 'open') ORDER BY due_at, campaign_id, position",
        rows::kCampaignItemColumns));
    s.bind(1, dueBy);
    return m_impl->all<CampaignItem>(s, readCampaignItem);
}

std::optional<CallbackClaim> SqliteJournalStore::claimCampaignItem(CampaignItemId id,
                                                                   const CallbackClaim& claim,
                                                                   const std::string& lapsedBefore,
                                                                   const std::string& dueBy) {
    return m_impl->claimRow(
        "UPDATE campaign_items SET claimed_by = ?3, claimed_workstation = ?4, claimed_host = ?5, "
        "claimed_at = ?6 WHERE id = ?1 AND finished = 0 AND due_at <= ?2 AND campaign_id IN "
        "(SELECT id FROM campaigns WHERE status = 'open') AND (claimed_at = '' OR claimed_at < ?7 "
        "OR (claimed_by = ?3 AND claimed_workstation = ?4)) "
        "RETURNING claimed_by, claimed_workstation, claimed_host, claimed_at",
        "SELECT claimed_by, claimed_workstation, claimed_host, claimed_at FROM campaign_items "
        "WHERE id = ?1 AND finished = 0 AND due_at <= ?2",
        claim, lapsedBefore, id, dueBy);
}

void SqliteJournalStore::releaseCampaignItem(CampaignItemId id) {
    m_impl->releaseRow("campaign_items", "id = ?1 AND claimed_at <> ''", id);
}

std::int64_t SqliteJournalStore::insertCampaignAttempt(const CampaignAttempt& a) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "INSERT INTO campaign_attempts (item_id, campaign_id, number, at, operator, result, "
        "call_later_at, note, outgoing_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.bind(1, a.item)
        .bind(2, a.campaign)
        .bind(3, a.number)
        .bind(4, a.at)
        .bind(5, a.operatorName)
        .bind(6, std::string(campaignResultName(a.result)))
        .bind(7, a.callLaterAt)
        .bind(8, a.note)
        .bind(9, a.outgoingId);
    s.step();
    const std::int64_t id = s.integer(0);
    while (s.step()) {
    }
    return id;
}

std::vector<CampaignAttempt> SqliteJournalStore::campaignAttempts(CampaignId campaign) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM campaign_attempts WHERE campaign_id = ? ORDER BY at, id",
                    rows::kCampaignAttemptColumns));
    s.bind(1, campaign);
    return m_impl->all<CampaignAttempt>(s, readCampaignAttempt);
}

} // namespace sufler::journal
