// The SQLite engine: the applicant cards, their phones and family, and the calls linked to them.
#include "sqlite_store_impl.h"

#include "store_rows.h"

#include "sufler/core/phone.h"

namespace sufler::journal {

using namespace sqlite_rows;
using rows::toJson;

namespace {

// An outgoing row's note up to the operator's own words (`result; words`).
constexpr const char* kResultOnly =
    "CASE WHEN instr(note, '; ') > 0 THEN substr(note, 1, instr(note, '; ') - 1) ELSE note END";

// The words of the attempts (`attempts`, picked by `key` IN the ids of the temporary table
// `erased`) go, and their rows of outgoing_calls keep only the result.
void blankAttempts(sql::Database& db, const char* attempts, const char* key, const char* erased) {
    db.exec(fmt::format("UPDATE outgoing_calls SET callee_contact = '', note = {} WHERE id IN "
                        "(SELECT outgoing_id FROM {} WHERE {} IN (SELECT id FROM {}))",
                        kResultOnly, attempts, key, erased));
    db.exec(fmt::format("UPDATE {} SET note = '' WHERE {} IN (SELECT id FROM {})", attempts, key,
                        erased));
}

Citizen readCitizenRow(const sql::Statement& s) {
    return rows::readCitizen(sqlite_rows::Row{s});
}

void bindCitizen(sql::Statement& s, const Citizen& c, const std::string& nameKey) {
    s.bind(2, c.fullName)
        .bind(3, nameKey)
        .bind(4, c.municipality)
        .bind(5, c.address)
        .bind(6, c.birthYear)
        .bind(7, toJson(c.categories))
        .bind(8, c.needs)
        .bind(9, c.measures)
        .bind(10, c.consent)
        .bind(11, c.notes)
        .bind(12, c.createdAt)
        .bind(13, c.updatedAt);
}

// The card's phones and family, written again whole.
void writeCitizenLists(sql::Database& db, const Citizen& c) {
    auto clearPhones = db.prepare("DELETE FROM citizen_phones WHERE citizen_id = ?");
    clearPhones.bind(1, c.id).run();
    auto clearFamily = db.prepare("DELETE FROM citizen_family WHERE citizen_id = ?");
    clearFamily.bind(1, c.id).run();
    auto phone = db.prepare(
        "INSERT INTO citizen_phones (citizen_id, position, phone, phone_key) VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < c.phones.size(); ++i) {
        phone.reset();
        phone.bind(1, c.id)
            .bind(2, static_cast<int>(i))
            .bind(3, c.phones[i])
            .bind(4, core::normalizePhone(c.phones[i]))
            .run();
    }
    auto member = db.prepare("INSERT INTO citizen_family (citizen_id, position, name, relation, "
                             "birth_year) VALUES (?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < c.family.size(); ++i) {
        member.reset();
        member.bind(1, c.id)
            .bind(2, static_cast<int>(i))
            .bind(3, c.family[i].name)
            .bind(4, c.family[i].relation)
            .bind(5, c.family[i].birthYear)
            .run();
    }
}

void readCitizenLists(sql::Database& db, Citizen& c) {
    auto phones =
        db.prepare("SELECT phone FROM citizen_phones WHERE citizen_id = ? ORDER BY position");
    phones.bind(1, c.id);
    while (phones.step()) {
        c.phones.push_back(phones.text(0));
    }
    auto family = db.prepare("SELECT name, relation, birth_year FROM citizen_family WHERE "
                             "citizen_id = ? ORDER BY position");
    family.bind(1, c.id);
    while (family.step()) {
        c.family.push_back(FamilyMember{family.text(0), family.text(1), family.text(2)});
    }
}

} // namespace

CitizenId SqliteJournalStore::insertCitizen(const Citizen& card, const std::string& nameKey) {
    const auto lock = m_impl->lock();
    CitizenId id = 0;
    transaction([&] {
        auto s = m_impl->db.prepare(
            "INSERT INTO citizens (full_name, name_key, municipality, address, birth_year, "
            "categories, needs, measures, consent, notes, created_at, updated_at) VALUES (?2, ?3, "
            "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        bindCitizen(s, card, nameKey);
        s.run();
        id = m_impl->db.lastInsertId();
        Citizen c = card;
        c.id = id;
        writeCitizenLists(m_impl->db, c);
    });
    return id;
}

void SqliteJournalStore::updateCitizen(const Citizen& card, const std::string& nameKey) {
    const auto lock = m_impl->lock();
    transaction([&] {
        auto s = m_impl->db.prepare(
            "UPDATE citizens SET full_name = ?2, name_key = ?3, municipality = ?4, address = ?5, "
            "birth_year = ?6, categories = ?7, needs = ?8, measures = ?9, consent = ?10, "
            "notes = ?11, created_at = ?12, updated_at = ?13 WHERE id = ?1");
        s.bind(1, card.id);
        bindCitizen(s, card, nameKey);
        s.run();
        writeCitizenLists(m_impl->db, card);
    });
}

std::optional<Citizen> SqliteJournalStore::citizen(CitizenId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM citizens WHERE id = ?", rows::kCitizenColumns));
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    Citizen c = readCitizenRow(s);
    readCitizenLists(m_impl->db, c);
    return c;
}

std::vector<Citizen> SqliteJournalStore::citizensByPhoneKey(const std::string& key) {
    const auto lock = m_impl->lock();
    std::vector<CitizenId> ids;
    {
        auto s = m_impl->db.prepare("SELECT DISTINCT citizen_id FROM citizen_phones WHERE "
                                    "phone_key = ? ORDER BY citizen_id");
        s.bind(1, key);
        while (s.step()) {
            ids.push_back(s.integer(0));
        }
    }
    std::vector<Citizen> out;
    for (const auto id : ids) {
        if (auto c = citizen(id)) {
            out.push_back(std::move(*c));
        }
    }
    return out;
}

std::vector<std::pair<Citizen, std::string>> SqliteJournalStore::allCitizens() {
    const auto lock = m_impl->lock();
    std::vector<std::pair<Citizen, std::string>> out;
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {}, name_key FROM citizens ORDER BY id", rows::kCitizenColumns));
    while (s.step()) {
        out.emplace_back(readCitizenRow(s), s.text(12));
    }
    for (auto& [c, key] : out) {
        readCitizenLists(m_impl->db, c);
    }
    return out;
}

void SqliteJournalStore::setCallCitizen(CallId call, std::optional<CitizenId> citizen) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("UPDATE incoming_calls SET citizen_id = ? WHERE id = ?");
    s.bind(1, citizen).bind(2, call).run();
}

std::optional<CitizenId> SqliteJournalStore::callCitizen(CallId call) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("SELECT citizen_id FROM incoming_calls WHERE id = ?");
    s.bind(1, call);
    if (!s.step() || s.isNull(0)) {
        return std::nullopt;
    }
    return s.integer(0);
}

void SqliteJournalStore::linkUnlinkedCalls(const std::string& key, CitizenId citizen) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("UPDATE incoming_calls SET citizen_id = ? WHERE phone_key = ? "
                                "AND phone_key <> '' AND citizen_id IS NULL");
    s.bind(1, citizen).bind(2, key).run();
}

std::vector<IncomingCall> SqliteJournalStore::citizenCalls(CitizenId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM incoming_calls WHERE citizen_id = ? ORDER BY received_at, id",
                    kIncomingColumns));
    s.bind(1, id);
    return m_impl->all<IncomingCall>(s, readIncoming);
}

int SqliteJournalStore::moveCitizenCalls(CitizenId from, CitizenId to) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("UPDATE incoming_calls SET citizen_id = ? WHERE citizen_id = ?");
    s.bind(1, to).bind(2, from).run();
    return m_impl->db.changes();
}

void SqliteJournalStore::deleteCitizen(CitizenId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("DELETE FROM citizens WHERE id = ?");
    s.bind(1, id).run();
}

int SqliteJournalStore::blankPersonalData(CitizenId id, const std::vector<std::string>& keys) {
    const auto lock = m_impl->lock();
    auto& db = m_impl->db;
    int blanked = 0;
    transaction([&] {
        db.exec("CREATE TEMP TABLE IF NOT EXISTS erased_calls (id INTEGER PRIMARY KEY)");
        db.exec("DELETE FROM erased_calls");
        {
            auto s =
                db.prepare("INSERT OR IGNORE INTO erased_calls SELECT id FROM incoming_calls WHERE "
                           "citizen_id = ?");
            s.bind(1, id).run();
        }
        auto byKey = db.prepare("INSERT OR IGNORE INTO erased_calls SELECT id FROM "
                                "incoming_calls WHERE phone_key = ? AND phone_key <> ''");
        for (const auto& key : keys) {
            byKey.reset();
            byKey.bind(1, key).run();
        }
        db.exec("UPDATE incoming_calls SET phone = '', phone_key = '', caller_name = '', "
                "caller_birth_year = '', note = '', citizen_id = NULL WHERE id IN (SELECT id "
                "FROM erased_calls)");
        blanked = db.changes();
        db.exec("UPDATE deferred_answers SET phone = '' WHERE call_id IN (SELECT id FROM "
                "erased_calls)");
        db.exec("UPDATE outgoing_calls SET callee_contact = '' WHERE incoming_id IN (SELECT id "
                "FROM erased_calls)");
        db.exec("UPDATE kb_flags SET note = '' WHERE call_id IN (SELECT id FROM erased_calls)");
        // what was typed to search during these calls may name the caller
        db.exec("DELETE FROM search_uses WHERE call_id IN (SELECT id FROM erased_calls)");
        db.exec("CREATE TEMP TABLE IF NOT EXISTS erased_bookings (id INTEGER PRIMARY KEY)");
        db.exec("DELETE FROM erased_bookings");
        {
            auto s = db.prepare("INSERT OR IGNORE INTO erased_bookings SELECT id FROM bookings "
                                "WHERE citizen_id = ? OR call_id IN (SELECT id FROM erased_calls)");
            s.bind(1, id).run();
        }
        // a consultation keeps its slot and topic; who it was for goes, from its reminders too
        db.exec("UPDATE bookings SET citizen_name = '', phone = '', citizen_id = NULL WHERE id IN "
                "(SELECT id FROM erased_bookings)");
        blankAttempts(db, "reminder_attempts", "booking_id", "erased_bookings");
        // the campaigns' call lists: the citizen stays a counted row, without name, phone or
        // note, and is called no more
        db.exec("CREATE TEMP TABLE IF NOT EXISTS erased_items (id INTEGER PRIMARY KEY)");
        db.exec("DELETE FROM erased_items");
        {
            auto s = db.prepare("INSERT OR IGNORE INTO erased_items SELECT id FROM campaign_items "
                                "WHERE citizen_id = ?");
            s.bind(1, id).run();
            auto k = db.prepare("INSERT OR IGNORE INTO erased_items SELECT id FROM campaign_items "
                                "WHERE phone_key = ?");
            for (const auto& key : keys) {
                k.reset();
                k.bind(1, key).run();
            }
        }
        blankAttempts(db, "campaign_attempts", "item_id", "erased_items");
        db.exec(
            fmt::format("UPDATE campaign_items SET {} WHERE id IN (SELECT id FROM erased_items)",
                        rows::kEraseCampaignItem));
        db.exec("DELETE FROM erased_calls");
        db.exec("DELETE FROM erased_bookings");
        db.exec("DELETE FROM erased_items");
    });
    return blanked;
}

} // namespace sufler::journal
