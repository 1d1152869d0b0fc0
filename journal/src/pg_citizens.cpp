// The PostgreSQL engine: the applicant cards, their phones and family, and the calls linked
// to them.
#include "pg_store_impl.h"

#include "store_rows.h"

#include "sufler/core/phone.h"

#include <fmt/format.h>

namespace sufler::journal {

using namespace pg_rows;
using rows::toJson;

namespace {

// An outgoing row's note up to the operator's own words (`result; words`).
constexpr const char* kResultOnly = "split_part(note, '; ', 1)";

// The words of the attempts (`attempts`, picked by `key` IN `list`) go, and their rows of
// outgoing_calls keep only the result.
void blankAttempts(pg::Connection& conn, const char* attempts, const char* key,
                   const std::string& list) {
    conn.exec(fmt::format("UPDATE outgoing_calls SET callee_contact = '', note = {} WHERE id IN "
                          "(SELECT outgoing_id FROM {} WHERE {} IN ({}))",
                          kResultOnly, attempts, key, list));
    conn.exec(fmt::format("UPDATE {} SET note = '' WHERE {} IN ({})", attempts, key, list));
}

// The ids of the first column as `1,2,3` for an IN (…) list, "" when none: the database's own
// integers, so written into the statement as they are.
std::string idList(const pg::Result& r) {
    std::string list;
    for (int i = 0; i < r.rows(); ++i) {
        list += (list.empty() ? "" : ",") + std::to_string(r.integer(i, 0));
    }
    return list;
}

Citizen readCitizenRow(const pg::Result& r, int row) {
    return rows::readCitizen(pg_rows::Row{r, row});
}

// $2..$13 in the order of the INSERT / UPDATE below.
void addCitizen(pg::Params& p, const Citizen& c, const std::string& nameKey) {
    p.add(c.fullName)
        .add(nameKey)
        .add(c.municipality)
        .add(c.address)
        .add(c.birthYear)
        .add(toJson(c.categories))
        .add(c.needs)
        .add(c.measures)
        .add(c.consent)
        .add(c.notes)
        .add(c.createdAt)
        .add(c.updatedAt);
}

void writeCitizenLists(pg::Connection& conn, const Citizen& c) {
    pg::Params id;
    id.add(c.id);
    conn.exec("DELETE FROM citizen_phones WHERE citizen_id = $1", id);
    conn.exec("DELETE FROM citizen_family WHERE citizen_id = $1", id);
    for (std::size_t i = 0; i < c.phones.size(); ++i) {
        pg::Params p;
        p.add(c.id)
            .add(static_cast<int>(i))
            .add(c.phones[i])
            .add(core::normalizePhone(c.phones[i]));
        conn.exec("INSERT INTO citizen_phones (citizen_id, position, phone, phone_key) VALUES "
                  "($1, $2, $3, $4)",
                  p);
    }
    for (std::size_t i = 0; i < c.family.size(); ++i) {
        pg::Params p;
        p.add(c.id)
            .add(static_cast<int>(i))
            .add(c.family[i].name)
            .add(c.family[i].relation)
            .add(c.family[i].birthYear);
        conn.exec("INSERT INTO citizen_family (citizen_id, position, name, relation, birth_year) "
                  "VALUES ($1, $2, $3, $4, $5)",
                  p);
    }
}

void readCitizenLists(pg::Connection& conn, Citizen& c) {
    pg::Params id;
    id.add(c.id);
    const auto phones =
        conn.exec("SELECT phone FROM citizen_phones WHERE citizen_id = $1 ORDER BY position", id);
    for (int i = 0; i < phones.rows(); ++i) {
        c.phones.push_back(phones.text(i, 0));
    }
    const auto family = conn.exec("SELECT name, relation, birth_year FROM citizen_family WHERE "
                                  "citizen_id = $1 ORDER BY position",
                                  id);
    for (int i = 0; i < family.rows(); ++i) {
        c.family.push_back(FamilyMember{family.text(i, 0), family.text(i, 1), family.text(i, 2)});
    }
}

} // namespace

CitizenId PostgresJournalStore::insertCitizen(const Citizen& card, const std::string& nameKey) {
    CitizenId id = 0;
    transaction([&] {
        pg::Params p;
        p.add(std::int64_t{0});
        addCitizen(p, card, nameKey);
        id = m_impl->conn
                 .exec("INSERT INTO citizens (full_name, name_key, municipality, address, "
                       "birth_year, categories, needs, measures, consent, notes, created_at, "
                       "updated_at) SELECT $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 "
                       "WHERE $1::bigint = 0 RETURNING id",
                       p)
                 .integer(0, 0);
        Citizen c = card;
        c.id = id;
        writeCitizenLists(m_impl->conn, c);
    });
    return id;
}

void PostgresJournalStore::updateCitizen(const Citizen& card, const std::string& nameKey) {
    transaction([&] {
        pg::Params p;
        p.add(card.id);
        addCitizen(p, card, nameKey);
        m_impl->conn.exec("UPDATE citizens SET full_name = $2, name_key = $3, municipality = $4, "
                          "address = $5, birth_year = $6, categories = $7, needs = $8, "
                          "measures = $9, consent = $10, notes = $11, created_at = $12, "
                          "updated_at = $13 WHERE id = $1",
                          p);
        writeCitizenLists(m_impl->conn, card);
    });
}

std::optional<Citizen> PostgresJournalStore::citizen(CitizenId id) {
    return m_impl->read([&]() -> std::optional<Citizen> {
        pg::Params p;
        p.add(id);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM citizens WHERE id = $1", rows::kCitizenColumns), p);
        if (r.rows() == 0) {
            return std::nullopt;
        }
        Citizen c = readCitizenRow(r, 0);
        readCitizenLists(m_impl->conn, c);
        return c;
    });
}

std::vector<Citizen> PostgresJournalStore::citizensByPhoneKey(const std::string& key) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(key);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM citizens WHERE id IN (SELECT citizen_id FROM "
                        "citizen_phones WHERE phone_key = $1) ORDER BY id",
                        rows::kCitizenColumns),
            p);
        std::vector<Citizen> out;
        for (int i = 0; i < r.rows(); ++i) {
            out.push_back(readCitizenRow(r, i));
            readCitizenLists(m_impl->conn, out.back());
        }
        return out;
    });
}

std::vector<std::pair<Citizen, std::string>> PostgresJournalStore::allCitizens() {
    return m_impl->read([&] {
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {}, name_key FROM citizens ORDER BY id", rows::kCitizenColumns));
        std::vector<std::pair<Citizen, std::string>> out;
        for (int i = 0; i < r.rows(); ++i) {
            out.emplace_back(readCitizenRow(r, i), r.text(i, 12));
            readCitizenLists(m_impl->conn, out.back().first);
        }
        return out;
    });
}

void PostgresJournalStore::setCallCitizen(CallId call, std::optional<CitizenId> citizen) {
    transaction([&] {
        pg::Params p;
        p.add(citizen).add(call);
        m_impl->conn.exec("UPDATE incoming_calls SET citizen_id = $1 WHERE id = $2", p);
    });
}

std::optional<CitizenId> PostgresJournalStore::callCitizen(CallId call) {
    return m_impl->read([&]() -> std::optional<CitizenId> {
        pg::Params p;
        p.add(call);
        const auto r = m_impl->conn.exec("SELECT citizen_id FROM incoming_calls WHERE id = $1", p);
        if (r.rows() == 0 || r.isNull(0, 0)) {
            return std::nullopt;
        }
        return r.integer(0, 0);
    });
}

void PostgresJournalStore::linkUnlinkedCalls(const std::string& key, CitizenId citizen) {
    transaction([&] {
        pg::Params p;
        p.add(citizen).add(key);
        m_impl->conn.exec("UPDATE incoming_calls SET citizen_id = $1 WHERE phone_key = $2 AND "
                          "phone_key <> '' AND citizen_id IS NULL",
                          p);
    });
}

std::vector<IncomingCall> PostgresJournalStore::citizenCalls(CitizenId id) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(id);
        return Impl::all<IncomingCall>(
            m_impl->conn.exec(fmt::format("SELECT {} FROM incoming_calls WHERE citizen_id = $1 "
                                          "ORDER BY received_at, id",
                                          kIncomingColumns),
                              p),
            readIncoming);
    });
}

int PostgresJournalStore::moveCitizenCalls(CitizenId from, CitizenId to) {
    int moved = 0;
    transaction([&] {
        pg::Params p;
        p.add(to).add(from);
        moved =
            m_impl->conn.exec("UPDATE incoming_calls SET citizen_id = $1 WHERE citizen_id = $2", p)
                .affected();
    });
    return moved;
}

void PostgresJournalStore::deleteCitizen(CitizenId id) {
    transaction([&] {
        pg::Params p;
        p.add(id);
        m_impl->conn.exec("DELETE FROM citizens WHERE id = $1", p);
    });
}

int PostgresJournalStore::blankPersonalData(CitizenId id, const std::vector<std::string>& keys) {
    int blanked = 0;
    transaction([&] {
        auto& conn = m_impl->conn;
        std::string ids = "SELECT id FROM incoming_calls WHERE citizen_id = $1";
        pg::Params p;
        p.add(id);
        for (std::size_t i = 0; i < keys.size(); ++i) {
            ids += fmt::format(" OR (phone_key = ${} AND phone_key <> '')", i + 2);
            p.add(keys[i]);
        }
        const std::string list = idList(conn.exec(ids, p));
        pg::Params card;
        card.add(id);
        // a consultation keeps its slot and topic; who it was for goes, from its reminders too
        const std::string bookingList = idList(conn.exec(
            fmt::format("SELECT id FROM bookings WHERE citizen_id = $1 OR call_id IN ({})",
                        list.empty() ? "NULL" : list),
            card));
        if (!bookingList.empty()) {
            blankAttempts(conn, "reminder_attempts", "booking_id", bookingList);
            conn.exec(fmt::format("UPDATE bookings SET citizen_name = '', phone = '', citizen_id "
                                  "= NULL WHERE id IN ({})",
                                  bookingList));
        }
        // the campaigns' call lists: the citizen stays a counted row, without name, phone or
        // note, and is called no more
        std::string items = "SELECT id FROM campaign_items WHERE citizen_id = $1";
        for (std::size_t i = 0; i < keys.size(); ++i) {
            items += fmt::format(" OR phone_key = ${}", i + 2);
        }
        const std::string itemList = idList(conn.exec(items, p));
        if (!itemList.empty()) {
            blankAttempts(conn, "campaign_attempts", "item_id", itemList);
            conn.exec(fmt::format("UPDATE campaign_items SET {} WHERE id IN ({})",
                                  rows::kEraseCampaignItem, itemList));
        }
        if (list.empty()) {
            return;
        }
        // ids are the database's own integers: written into the statement as they are
        blanked = conn.exec(fmt::format("UPDATE incoming_calls SET phone = '', phone_key = '', "
                                        "caller_name = '', caller_birth_year = '', note = '', "
                                        "citizen_id = NULL WHERE id IN ({})",
                                        list))
                      .affected();
        conn.exec(
            fmt::format("UPDATE deferred_answers SET phone = '' WHERE call_id IN ({})", list));
        conn.exec(fmt::format(
            "UPDATE outgoing_calls SET callee_contact = '' WHERE incoming_id IN ({})", list));
        conn.exec(fmt::format("UPDATE kb_flags SET note = '' WHERE call_id IN ({})", list));
        // what was typed to search during these calls may name the caller
        conn.exec(fmt::format("DELETE FROM search_uses WHERE call_id IN ({})", list));
    });
    return blanked;
}

} // namespace sufler::journal
