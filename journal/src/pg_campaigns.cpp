// The PostgreSQL engine: informing campaigns, their call lists and attempts.
#include "pg_store_impl.h"

#include <fmt/format.h>

namespace sufler::journal {

namespace {

Campaign readCampaign(const pg::Result& r, int row) {
    return rows::readCampaign(pg_rows::Row{r, row});
}

CampaignItem readCampaignItem(const pg::Result& r, int row) {
    return rows::readCampaignItem(pg_rows::Row{r, row});
}

CampaignAttempt readCampaignAttempt(const pg::Result& r, int row) {
    return rows::readCampaignAttempt(pg_rows::Row{r, row});
}

} // namespace

CampaignId PostgresJournalStore::insertCampaign(const Campaign& c) {
    CampaignId id = 0;
    transaction([&] {
        pg::Params p;
        p.add(c.title)
            .add(c.entry)
            .add(c.script)
            .add(c.createdBy)
            .add(c.createdAt)
            .add(campaignIntervalName(c.interval))
            .add(c.maxAttempts)
            .add(campaignStatusName(c.status))
            .add(c.closedAt);
        const auto r = m_impl->conn.exec(
            "INSERT INTO campaigns (title, entry, script, created_by, created_at, interval_spec, "
            "max_attempts, status, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
            "RETURNING id",
            p);
        id = r.integer(0, 0);
    });
    return id;
}

void PostgresJournalStore::updateCampaign(const Campaign& c) {
    transaction([&] {
        pg::Params p;
        p.add(c.id).add(campaignStatusName(c.status)).add(c.closedAt);
        m_impl->conn.exec("UPDATE campaigns SET status = $2, closed_at = $3 WHERE id = $1", p);
    });
}

std::vector<Campaign> PostgresJournalStore::campaigns() {
    return m_impl->read([&] {
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM campaigns ORDER BY id", rows::kCampaignColumns),
            pg::Params{});
        return Impl::all<Campaign>(r, readCampaign);
    });
}

std::optional<CampaignItemId> PostgresJournalStore::insertCampaignItem(const CampaignItem& i) {
    std::optional<CampaignItemId> id;
    transaction([&] {
        pg::Params p;
        p.add(i.campaign)
            .add(i.fullName)
            .add(i.phone)
            .add(i.phoneKey)
            .add(i.municipality)
            .add(i.category)
            .add(i.note)
            .add(i.source)
            .add(i.citizen)
            .add(i.dueAt);
        // The unique (campaign, phone key) refuses a citizen already in the list.
        const auto r = m_impl->conn.exec(
            "INSERT INTO campaign_items (campaign_id, position, full_name, phone, phone_key, "
            "municipality, category, note, source, citizen_id, due_at) VALUES ($1, (SELECT "
            "COALESCE(MAX(position), 0) + 1 FROM campaign_items WHERE campaign_id = $1), $2, $3, "
            "$4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id",
            p);
        if (r.rows() > 0) {
            id = r.integer(0, 0);
        }
    });
    return id;
}

void PostgresJournalStore::updateCampaignItem(const CampaignItem& i) {
    transaction([&] {
        pg::Params p;
        p.add(i.id)
            .add(i.attempts)
            .add(i.lastResult ? campaignResultName(*i.lastResult) : std::string_view())
            .add(i.lastAttemptAt)
            .add(i.dueAt)
            .add(i.finished);
        m_impl->conn.exec(
            "UPDATE campaign_items SET attempts = $2, last_result = $3, last_at = $4, due_at = $5, "
            "finished = $6, claimed_by = '', claimed_workstation = '', claimed_host = '', "
            "claimed_at = '' WHERE id = $1",
            p);
    });
}

std::optional<CampaignItem> PostgresJournalStore::campaignItem(CampaignItemId id) {
    return m_impl->read([&]() -> std::optional<CampaignItem> {
        pg::Params p;
        p.add(id);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM campaign_items WHERE id = $1", rows::kCampaignItemColumns),
            p);
        if (r.rows() == 0) {
            return std::nullopt;
        }
        return readCampaignItem(r, 0);
    });
}

std::vector<CampaignItem> PostgresJournalStore::campaignItems(CampaignId campaign,
                                                              const std::string& dueBy) {
    return m_impl->read([&] {
        pg::Params p;
        if (campaign != 0) {
            p.add(campaign);
            const auto r = m_impl->conn.exec(
                fmt::format("SELECT {} FROM campaign_items WHERE campaign_id = $1 ORDER BY "
                            "position, id",
                            rows::kCampaignItemColumns),
                p);
            return Impl::all<CampaignItem>(r, readCampaignItem);
        }
        p.add(dueBy);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM campaign_items WHERE NOT finished AND due_at <= $1 AND "
                        "campaign_id IN (SELECT id FROM campaigns WHERE status = 'open') ORDER BY "
                        "due_at, campaign_id, position",
                        rows::kCampaignItemColumns),
            p);
        return Impl::all<CampaignItem>(r, readCampaignItem);
    });
}

std::optional<CallbackClaim>
PostgresJournalStore::claimCampaignItem(CampaignItemId id, const CallbackClaim& claim,
                                        const std::string& lapsedBefore, const std::string& dueBy) {
    return m_impl->claimRow(
        "UPDATE campaign_items SET claimed_by = $3, claimed_workstation = $4, claimed_host = $5, "
        "claimed_at = $6 WHERE id = $1 AND NOT finished AND due_at <= $2 AND campaign_id IN "
        "(SELECT id FROM campaigns WHERE status = 'open') AND (claimed_at = '' OR claimed_at < $7 "
        "OR (claimed_by = $3 AND claimed_workstation = $4)) "
        "RETURNING claimed_by, claimed_workstation, claimed_host, claimed_at",
        "SELECT claimed_by, claimed_workstation, claimed_host, claimed_at FROM campaign_items "
        "WHERE id = $1 AND NOT finished AND due_at <= $2",
        claim, lapsedBefore, id, dueBy);
}

void PostgresJournalStore::releaseCampaignItem(CampaignItemId id) {
    m_impl->releaseRow("campaign_items", "id = $1 AND claimed_at <> ''", id);
}

std::int64_t PostgresJournalStore::insertCampaignAttempt(const CampaignAttempt& a) {
    std::int64_t id = 0;
    transaction([&] {
        pg::Params p;
        p.add(a.item)
            .add(a.campaign)
            .add(a.number)
            .add(a.at)
            .add(a.operatorName)
            .add(campaignResultName(a.result))
            .add(a.callLaterAt)
            .add(a.note)
            .add(a.outgoingId);
        const auto r = m_impl->conn.exec(
            "INSERT INTO campaign_attempts (item_id, campaign_id, number, at, operator, result, "
            "call_later_at, note, outgoing_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
            "RETURNING id",
            p);
        id = r.integer(0, 0);
    });
    return id;
}

std::vector<CampaignAttempt> PostgresJournalStore::campaignAttempts(CampaignId campaign) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(campaign);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM campaign_attempts WHERE campaign_id = $1 ORDER BY at, id",
                        rows::kCampaignAttemptColumns),
            p);
        return Impl::all<CampaignAttempt>(r, readCampaignAttempt);
    });
}

} // namespace sufler::journal
