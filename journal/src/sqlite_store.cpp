// The journal's SQLite engine: schema and migrations, opening the file, transactions,
// retention. The registers' rows are in sqlite_calls.cpp and its siblings (sqlite_store_impl.h).
#include "sqlite_store_impl.h"

#include "store_rows.h"
#include "text_util.h"

#include "sufler/core/error.h"
#include "sufler/core/phone.h"
#include "sufler/core/sqlite.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <mutex>

namespace sufler::journal {

using namespace sqlite_rows;

namespace {

// Each step brings the schema from version i to i+1; a released step is never edited, a new
// one is appended. PRAGMA user_version holds the number of steps applied.
constexpr const char* kMigrations[] = {
    // 1: the registers, deferred answers and KB signals.
    R"sql(
CREATE TABLE incoming_calls (
  id INTEGER PRIMARY KEY,
  number INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  gender INTEGER NOT NULL DEFAULT 0,
  caller_name TEXT NOT NULL DEFAULT '',
  caller_birth_year TEXT NOT NULL DEFAULT '',
  municipality TEXT NOT NULL DEFAULT '',
  question TEXT NOT NULL DEFAULT '',
  organizations TEXT NOT NULL DEFAULT '',
  operator TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  entries_used TEXT NOT NULL DEFAULT '[]',
  script TEXT NOT NULL DEFAULT '',
  script_adherence REAL,
  transfers TEXT NOT NULL DEFAULT '[]',
  answered INTEGER NOT NULL DEFAULT 0,
  satisfaction INTEGER NOT NULL DEFAULT 0,
  duration_seconds INTEGER NOT NULL DEFAULT 0,
  urgent INTEGER NOT NULL DEFAULT 0,
  aggressive INTEGER NOT NULL DEFAULT 0,
  complaint INTEGER NOT NULL DEFAULT 0,
  kb_answer INTEGER NOT NULL DEFAULT 0,
  closed_at TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE outgoing_calls (
  id INTEGER PRIMARY KEY,
  number INTEGER NOT NULL,
  called_at TEXT NOT NULL,
  callee_contact TEXT NOT NULL DEFAULT '',
  municipality TEXT NOT NULL DEFAULT '',
  question TEXT NOT NULL DEFAULT '',
  organization TEXT NOT NULL DEFAULT '',
  operator TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  incoming_id INTEGER REFERENCES incoming_calls(id) ON DELETE SET NULL,
  source TEXT NOT NULL DEFAULT ''
);
CREATE TABLE deferred_answers (
  call_id INTEGER PRIMARY KEY REFERENCES incoming_calls(id) ON DELETE CASCADE,
  phone TEXT NOT NULL DEFAULT '',
  convenient_hours TEXT NOT NULL DEFAULT '',
  created_on TEXT NOT NULL,
  due TEXT NOT NULL,
  extended_to TEXT,
  extension_reason TEXT NOT NULL DEFAULT '',
  caller_informed INTEGER NOT NULL DEFAULT 0,
  answered_at TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT ''
);
CREATE TABLE kb_flags (
  id INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,
  entry_id TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  call_id INTEGER REFERENCES incoming_calls(id) ON DELETE SET NULL,
  note TEXT NOT NULL DEFAULT '',
  operator TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE TABLE empty_searches (
  id INTEGER PRIMARY KEY,
  query TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT '',
  call_id INTEGER REFERENCES incoming_calls(id) ON DELETE SET NULL,
  at TEXT NOT NULL
);
)sql",
    // 2: what the reports and the callback queue look up by.
    R"sql(
CREATE INDEX incoming_by_time ON incoming_calls(received_at);
CREATE INDEX outgoing_by_time ON outgoing_calls(called_at);
CREATE INDEX deferred_open ON deferred_answers(answered_at, due);
CREATE INDEX flags_by_department ON kb_flags(department, created_at);
CREATE INDEX empty_by_department ON empty_searches(department, at);
)sql",
    // 3: a transfer made by a step of the script is marked as such, no longer by the words
    // «по скрипту» written where the person's name goes.
    R"sql(
UPDATE incoming_calls SET transfers = (
  SELECT json_group_array(CASE
    WHEN json_type(t.value) = 'object' AND json_extract(t.value, '$.to') = 'по скрипту'
    THEN json_set(t.value, '$.to', '', '$.via_script', json('true'))
    ELSE t.value END)
  FROM json_each(incoming_calls.transfers) AS t)
WHERE json_valid(transfers) AND json_type(transfers) = 'array';
)sql",
    // 4: the journal's identity, and the records moved into it from other journals (`sufler
    // journal migrate`): running the move again finds them here and adds nothing.
    R"sql(
CREATE TABLE IF NOT EXISTS journal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO journal_meta (key, value) VALUES ('id', lower(hex(randomblob(16))));
CREATE TABLE IF NOT EXISTS moved_records (
  source_key TEXT PRIMARY KEY,
  target_id INTEGER NOT NULL,
  old_number INTEGER NOT NULL DEFAULT 0
);
)sql",
    // 5: a call belongs to the console run that started it (the runs and their heartbeats); a
    // callback is taken from the shared queue by an operator at a workstation; a counter moves
    // with every write other consoles must see (triggers, so that no writer can forget it).
    // Tables of their own, each made only when missing: a step may be applied to a file that
    // has it already.
    R"sql(
CREATE TABLE IF NOT EXISTS console_sessions (
  id TEXT PRIMARY KEY,
  workstation TEXT NOT NULL,
  host TEXT NOT NULL DEFAULT '',
  operator TEXT NOT NULL DEFAULT '',
  heartbeat_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sessions_by_workstation ON console_sessions(workstation);
CREATE TABLE IF NOT EXISTS call_sessions (
  call_id INTEGER PRIMARY KEY REFERENCES incoming_calls(id) ON DELETE CASCADE,
  session TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS callback_claims (
  call_id INTEGER PRIMARY KEY REFERENCES deferred_answers(call_id) ON DELETE CASCADE,
  claimed_by TEXT NOT NULL,
  claimed_workstation TEXT NOT NULL,
  claimed_host TEXT NOT NULL DEFAULT '',
  claimed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS change_seq (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
INSERT OR IGNORE INTO change_seq VALUES (1, 0);
CREATE TRIGGER IF NOT EXISTS change_call_started AFTER INSERT ON incoming_calls
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_call_closed AFTER UPDATE OF closed_at ON incoming_calls
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_call_removed AFTER DELETE ON incoming_calls
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_call_held AFTER INSERT ON call_sessions
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_call_taken_back AFTER UPDATE ON call_sessions
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_deferred_booked AFTER INSERT ON deferred_answers
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_deferred_changed AFTER UPDATE ON deferred_answers
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_claim_taken AFTER INSERT ON callback_claims
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_claim_moved AFTER UPDATE ON callback_claims
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_claim_returned AFTER DELETE ON callback_claims
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_session_started AFTER INSERT ON console_sessions
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_session_ended AFTER UPDATE OF heartbeat_at ON console_sessions
  WHEN new.heartbeat_at = '' AND old.heartbeat_at <> ''
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
)sql",
    // 6: the caller's phone as a matching key beside what was typed (core::normalizePhone), so
    // that a citizen's earlier calls are found however the number was written; the rows there
    // are given theirs by backfillPhoneKeys after this step.
    R"sql(
ALTER TABLE incoming_calls ADD COLUMN phone_key TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS incoming_by_phone ON incoming_calls(phone_key, received_at);
)sql",
    // 7: consultations booked with specialists. A slot is held by one active booking: the
    // partial unique index makes booking it one conditional write.
    R"sql(
CREATE TABLE IF NOT EXISTS bookings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  specialist TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  citizen_id INTEGER,
  citizen_name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  topic TEXT NOT NULL DEFAULT '',
  call_id INTEGER,
  status TEXT NOT NULL DEFAULT 'booked',
  moved_to INTEGER,
  operator TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS bookings_one_per_slot ON bookings(specialist, starts_at)
  WHERE status = 'booked';
CREATE INDEX IF NOT EXISTS bookings_by_start ON bookings(starts_at);
CREATE TRIGGER IF NOT EXISTS change_booking_made AFTER INSERT ON bookings
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_booking_changed AFTER UPDATE ON bookings
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
)sql",
    // 8: the applicant card: a citizen's record with phones and family members, and the link
    // of a call to it (incoming_calls.citizen_id, added by addCitizenColumn before this step).
    R"sql(
CREATE TABLE IF NOT EXISTS citizens (
  id INTEGER PRIMARY KEY,
  full_name TEXT NOT NULL DEFAULT '',
  name_key TEXT NOT NULL DEFAULT '',
  municipality TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  birth_year TEXT NOT NULL DEFAULT '',
  categories TEXT NOT NULL DEFAULT '[]',
  needs TEXT NOT NULL DEFAULT '',
  measures TEXT NOT NULL DEFAULT '',
  consent TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS citizens_by_name ON citizens(name_key);
CREATE TABLE IF NOT EXISTS citizen_phones (
  citizen_id INTEGER NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  phone TEXT NOT NULL,
  phone_key TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (citizen_id, position)
);
CREATE INDEX IF NOT EXISTS citizen_phones_by_key ON citizen_phones(phone_key);
CREATE TABLE IF NOT EXISTS citizen_family (
  citizen_id INTEGER NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  relation TEXT NOT NULL DEFAULT '',
  birth_year TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (citizen_id, position)
);
CREATE INDEX IF NOT EXISTS incoming_by_citizen ON incoming_calls(citizen_id);
)sql",
    // 9: informing campaigns: a campaign, its call list (one citizen a phone key; the claim of
    // the operator calling them, as callback_claims) and its attempts, each also a row of
    // outgoing_calls.
    R"sql(
CREATE TABLE IF NOT EXISTS campaigns (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  entry TEXT NOT NULL DEFAULT '',
  script TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  interval_spec TEXT NOT NULL DEFAULT '1d',
  max_attempts INTEGER NOT NULL DEFAULT 3,
  status TEXT NOT NULL DEFAULT 'open',
  closed_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS campaign_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  full_name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_key TEXT NOT NULL,
  municipality TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  citizen_id INTEGER REFERENCES citizens(id) ON DELETE SET NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_result TEXT NOT NULL DEFAULT '',
  last_at TEXT NOT NULL DEFAULT '',
  due_at TEXT NOT NULL DEFAULT '',
  finished INTEGER NOT NULL DEFAULT 0,
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_workstation TEXT NOT NULL DEFAULT '',
  claimed_host TEXT NOT NULL DEFAULT '',
  claimed_at TEXT NOT NULL DEFAULT '',
  UNIQUE (campaign_id, phone_key)
);
CREATE INDEX IF NOT EXISTS campaign_items_due ON campaign_items(finished, due_at);
CREATE TABLE IF NOT EXISTS campaign_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id INTEGER NOT NULL REFERENCES campaign_items(id) ON DELETE CASCADE,
  campaign_id INTEGER NOT NULL,
  number INTEGER NOT NULL,
  at TEXT NOT NULL,
  operator TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL,
  call_later_at TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  outgoing_id INTEGER
);
CREATE INDEX IF NOT EXISTS campaign_attempts_by_campaign ON campaign_attempts(campaign_id, at);
CREATE TRIGGER IF NOT EXISTS change_campaign_item_made AFTER INSERT ON campaign_items
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_campaign_item_changed AFTER UPDATE ON campaign_items
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_campaign_changed AFTER UPDATE ON campaigns
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
)sql",
    // The queries typed during calls and the entries opened from them (sufler suggest, and a
    // weak ranking signal for the search).
    R"sql(
CREATE TABLE IF NOT EXISTS search_uses (
  id INTEGER PRIMARY KEY,
  query TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT '',
  call_id INTEGER REFERENCES incoming_calls(id) ON DELETE SET NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_uses_by_department ON search_uses(department, at);
)sql",
    // Reminders of booked consultations are derived from the bookings; stored is what
    // happened: who holds a reminder (as callback_claims; released by clearing it) and each
    // attempt with its result, also a row of outgoing_calls.
    R"sql(
CREATE TABLE IF NOT EXISTS reminder_claims (
  booking_id INTEGER NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  offset_minutes INTEGER NOT NULL,
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_workstation TEXT NOT NULL DEFAULT '',
  claimed_host TEXT NOT NULL DEFAULT '',
  claimed_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (booking_id, offset_minutes)
);
CREATE TABLE IF NOT EXISTS reminder_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  booking_id INTEGER NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
  offset_minutes INTEGER NOT NULL,
  at TEXT NOT NULL,
  operator TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL,
  moved_to INTEGER,
  note TEXT NOT NULL DEFAULT '',
  outgoing_id INTEGER
);
CREATE INDEX IF NOT EXISTS reminder_attempts_by_booking
  ON reminder_attempts(booking_id, offset_minutes);
CREATE TRIGGER IF NOT EXISTS change_reminder_taken AFTER INSERT ON reminder_claims
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_reminder_claim AFTER UPDATE ON reminder_claims
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
CREATE TRIGGER IF NOT EXISTS change_reminder_attempt AFTER INSERT ON reminder_attempts
  BEGIN UPDATE change_seq SET seq = seq + 1; END;
)sql",
    // The mark of a question outside the ministry's competence, counted by the monthly report.
    R"sql(
ALTER TABLE incoming_calls ADD COLUMN outside_competence INTEGER NOT NULL DEFAULT 0;
)sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

// The step that added incoming_calls.phone_key: rows already there get theirs in C++ (the
// rule is core::normalizePhone), in the step's own transaction.
constexpr int kPhoneKeyStep = 6;
// The step of the applicant card: incoming_calls.citizen_id is added before it, when missing.
constexpr int kCitizenStep = 8;
// The step that added incoming_calls.outside_competence (ADD COLUMN alone).
constexpr int kOutsideCompetenceStep = 12;

bool hasColumn(sql::Database& db, const char* table, std::string_view column) {
    auto s = db.prepare(fmt::format("SELECT name FROM pragma_table_info('{}')", table));
    while (s.step()) {
        if (s.text(0) == column) {
            return true;
        }
    }
    return false;
}

void backfillPhoneKeys(sql::Database& db) {
    std::vector<std::pair<std::int64_t, std::string>> rows;
    {
        auto s = db.prepare("SELECT id, phone FROM incoming_calls WHERE phone <> ''");
        while (s.step()) {
            rows.emplace_back(s.integer(0), core::normalizePhone(s.text(1)));
        }
    }
    auto u = db.prepare("UPDATE incoming_calls SET phone_key = ? WHERE id = ?");
    for (const auto& [id, key] : rows) {
        u.reset();
        u.bind(1, key).bind(2, id).run();
    }
}

} // namespace

SqliteJournalStore::SqliteJournalStore(const std::filesystem::path& path)
    : m_impl(std::make_unique<Impl>()) {
    ensurePrivateFile(path, "файл журнала");
    m_impl->path = path;
    // SQLite gives the -wal and -shm files the database file's permissions.
    m_impl->db = sql::Database(path.string(), "журнал");
    auto& db = m_impl->db;
    {
        auto s = db.prepare("PRAGMA journal_mode = WAL");
        s.step();
        if (s.text(0) != "wal") {
            throw Error(fmt::format("{}: журнал не удалось перевести в режим WAL", path.string()));
        }
    }
    // FULL: in WAL mode every commit is synced to disk before it returns. NORMAL would survive
    // a crash of the program but may lose the last commits on a power cut, and the card a
    // caller just dictated is exactly what must not be lost.
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA secure_delete = ON"); // purged personal data is overwritten, not just unlinked

    // One step per transaction; the version is read again under the write lock, so two
    // programs opening the same old (or new, empty) file at once migrate it only once.
    for (;;) {
        db.exec("BEGIN IMMEDIATE");
        try {
            const int version = schemaVersion();
            if (version > kSchemaVersion) {
                throw Error(
                    fmt::format("{}: журнал новее программы (схема {}, программа знает до {}); "
                                "обновите Суфлёр",
                                path.string(), version, kSchemaVersion));
            }
            if (version == kSchemaVersion) {
                db.exec("COMMIT");
                break;
            }
            if (version + 1 == kCitizenStep && !hasColumn(db, "incoming_calls", "citizen_id")) {
                db.exec("ALTER TABLE incoming_calls ADD COLUMN citizen_id INTEGER REFERENCES "
                        "citizens(id) ON DELETE SET NULL");
            }
            // SQLite has no ADD COLUMN IF NOT EXISTS: a file may have the column already (a
            // step applied again after its version was set back).
            if (version + 1 == kOutsideCompetenceStep &&
                hasColumn(db, "incoming_calls", "outside_competence")) {
                // already there
            } else if (version + 1 != kPhoneKeyStep ||
                       !hasColumn(db, "incoming_calls", "phone_key")) {
                db.exec(kMigrations[version]);
            } else {
                db.exec("CREATE INDEX IF NOT EXISTS incoming_by_phone ON "
                        "incoming_calls(phone_key, received_at)");
            }
            if (version + 1 == kPhoneKeyStep) {
                backfillPhoneKeys(db);
            }
            db.exec(fmt::format("PRAGMA user_version = {}", version + 1));
            db.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
}

SqliteJournalStore::~SqliteJournalStore() = default;

std::string SqliteJournalStore::describe() const {
    return m_impl->path.string();
}

std::filesystem::path SqliteJournalStore::localFile(std::string_view suffix) const {
    return m_impl->path.string() + std::string(suffix);
}

int SqliteJournalStore::schemaVersion() {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("PRAGMA user_version");
    s.step();
    return static_cast<int>(s.integer(0));
}

// BEGIN IMMEDIATE at the outermost level: the write lock is taken up front, so a second
// writer waits (busy timeout) instead of failing half-way.
void SqliteJournalStore::transaction(const std::function<void()>& body) {
    const auto lock = m_impl->lock();
    auto& db = m_impl->db;
    m_impl->nesting.run(
        body, [&] { db.exec("BEGIN IMMEDIATE"); },
        [&] { sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr); },
        [&] { db.exec("COMMIT"); });
}

// --- retention ------------------------------------------------------------------------------

PurgeResult SqliteJournalStore::purgeBefore(const Date& cutoff) {
    const auto lock = m_impl->lock();
    const std::string before = formatIsoDate(cutoff);
    PurgeResult result;
    auto& db = m_impl->db;
    transaction([&] {
        {
            // A flag's note may name the caller: it goes with the call it was made on, or with
            // the flag's own age, whichever comes first.
            auto s = db.prepare(
                "UPDATE kb_flags SET note = '', call_id = NULL WHERE (created_at < ? OR call_id "
                "IN (SELECT id FROM incoming_calls WHERE received_at < ?)) "
                "AND (note <> '' OR call_id IS NOT NULL)");
            s.bind(1, before).bind(2, before).run();
            result.flags = db.changes();
        }
        {
            auto s = db.prepare("DELETE FROM outgoing_calls WHERE called_at < ?");
            s.bind(1, before).run();
            result.outgoing = db.changes();
        }
        {
            auto s = db.prepare("DELETE FROM incoming_calls WHERE received_at < ?");
            s.bind(1, before).run();
            result.incoming = db.changes();
        }
        {
            auto s = db.prepare("DELETE FROM empty_searches WHERE at < ?");
            s.bind(1, before).run();
            result.emptySearches = db.changes();
        }
        {
            auto s = db.prepare("DELETE FROM search_uses WHERE at < ?");
            s.bind(1, before).run();
            result.searchUses = db.changes();
        }
        {
            // a card goes when nothing is left of its calls and nobody changed it since
            auto s = db.prepare("DELETE FROM citizens WHERE updated_at < ? AND NOT EXISTS "
                                "(SELECT 1 FROM incoming_calls c WHERE c.citizen_id = "
                                "citizens.id)");
            s.bind(1, before).run();
            result.citizens = db.changes();
        }
        {
            auto s = db.prepare("DELETE FROM bookings WHERE starts_at < ?");
            s.bind(1, before).run();
            result.bookings = db.changes();
        }
        {
            // a call list's citizen: when neither the campaign (made, closed) nor their last
            // attempt is within the period
            const std::string old =
                "SELECT i.id FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id WHERE "
                "max(c.created_at, c.closed_at, i.last_at) < ?1 AND i.phone_key NOT LIKE "
                "'erased-%'";
            auto a = db.prepare(
                fmt::format("UPDATE campaign_attempts SET note = '' WHERE item_id IN ({})", old));
            a.bind(1, before).run();
            auto s = db.prepare(fmt::format("UPDATE campaign_items SET {} WHERE id IN ({})",
                                            rows::kEraseCampaignItem, old));
            s.bind(1, before).run();
            result.campaignItems = db.changes();
        }
    });
    if (m_impl->nesting.depth == 0) {
        // Old page images in the WAL would still hold what was deleted.
        sqlite3_exec(db.handle(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    }
    return result;
}

// --- moving records between journals -------------------------------------------------------

std::string SqliteJournalStore::journalId() {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("SELECT value FROM journal_meta WHERE key = 'id'");
    return s.step() ? s.text(0) : std::string();
}

std::optional<std::int64_t> SqliteJournalStore::movedRecord(const std::string& sourceKey) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("SELECT target_id FROM moved_records WHERE source_key = ?");
    s.bind(1, sourceKey);
    if (!s.step()) {
        return std::nullopt;
    }
    return s.integer(0);
}

void SqliteJournalStore::recordMoved(const std::string& sourceKey, std::int64_t id, int oldNumber) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "INSERT INTO moved_records (source_key, target_id, old_number) VALUES (?, ?, ?)");
    s.bind(1, sourceKey).bind(2, id).bind(3, oldNumber);
    s.run();
}

} // namespace sufler::journal
