// The journal's SQLite engine: schema and migrations, and the records as rows.
#include "sqlite_store.h"

#include "store_rows.h"
#include "text_util.h"

#include "sufler/core/error.h"
#include "sufler/core/phone.h"
#include "sufler/core/sqlite.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <mutex>

namespace sufler::journal {

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
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

constexpr const char* kIncomingColumns =
    "id, number, received_at, phone, gender, caller_name, caller_birth_year, municipality, "
    "question, organizations, operator, note, department, entries_used, script, "
    "script_adherence, transfers, answered, satisfaction, duration_seconds, urgent, aggressive, "
    "complaint, kb_answer, closed_at, source";

constexpr const char* kOutgoingColumns =
    "id, number, called_at, callee_contact, municipality, question, organization, operator, note, "
    "incoming_id, source";

// A deferred answer with its claim, if any (`d` and `k` in the queries below).
constexpr const char* kDeferredColumns =
    "d.call_id, d.phone, d.convenient_hours, d.created_on, d.due, d.extended_to, "
    "d.extension_reason, d.caller_informed, d.answered_at, d.result, "
    "COALESCE(k.claimed_by, ''), COALESCE(k.claimed_workstation, ''), "
    "COALESCE(k.claimed_host, ''), COALESCE(k.claimed_at, '')";
constexpr const char* kDeferredFrom =
    "deferred_answers d LEFT JOIN callback_claims k ON k.call_id = d.call_id";

// The step that added incoming_calls.phone_key: rows already there get theirs in C++ (the
// rule is core::normalizePhone), in the step's own transaction.
constexpr int kPhoneKeyStep = 6;
// The step of the applicant card: incoming_calls.citizen_id is added before it, when missing.
constexpr int kCitizenStep = 8;

constexpr const char* kCitizenColumns =
    "id, full_name, municipality, address, birth_year, categories, needs, measures, consent, "
    "notes, created_at, updated_at";

using rows::dateOrThrow;
using rows::periodFrom;
using rows::periodTo;
using rows::stringsFromJson;
using rows::toJson;
using rows::transfersFromJson;

IncomingCall readIncoming(const sql::Statement& s) {
    IncomingCall c;
    c.id = s.integer(0);
    c.number = static_cast<int>(s.integer(1));
    c.receivedAt = s.text(2);
    c.phone = s.text(3);
    c.gender = static_cast<Gender>(s.integer(4));
    c.callerName = s.text(5);
    c.callerBirthYear = s.text(6);
    c.municipality = s.text(7);
    c.question = s.text(8);
    c.organizations = s.text(9);
    c.operatorName = s.text(10);
    c.note = s.text(11);
    c.department = s.text(12);
    c.entriesUsed = stringsFromJson(s.text(13));
    c.script = s.text(14);
    if (!s.isNull(15)) {
        c.scriptAdherence = s.real(15);
    }
    c.transfers = transfersFromJson(s.text(16));
    c.survey.answered = static_cast<Answered>(s.integer(17));
    c.survey.satisfaction = static_cast<Satisfaction>(s.integer(18));
    c.durationSeconds = static_cast<int>(s.integer(19));
    c.urgent = s.integer(20) != 0;
    c.aggressive = s.integer(21) != 0;
    c.complaint = s.integer(22) != 0;
    c.kbAnswer = static_cast<KbAnswer>(s.integer(23));
    c.closedAt = s.text(24);
    c.source = s.text(25);
    return c;
}

OutgoingCall readOutgoing(const sql::Statement& s) {
    OutgoingCall c;
    c.id = s.integer(0);
    c.number = static_cast<int>(s.integer(1));
    c.calledAt = s.text(2);
    c.calleeContact = s.text(3);
    c.municipality = s.text(4);
    c.question = s.text(5);
    c.organization = s.text(6);
    c.operatorName = s.text(7);
    c.note = s.text(8);
    if (!s.isNull(9)) {
        c.incomingId = s.integer(9);
    }
    c.source = s.text(10);
    return c;
}

// The claim in columns first..first+3 (by, workstation, host, at); none when `at` is empty.
std::optional<CallbackClaim> readClaim(const sql::Statement& s, int first) {
    if (s.text(first + 3).empty()) {
        return std::nullopt;
    }
    return CallbackClaim{s.text(first), Workstation{s.text(first + 1), s.text(first + 2)},
                         s.text(first + 3)};
}

Deferred readDeferred(const sql::Statement& s) {
    Deferred d;
    d.callId = s.integer(0);
    d.phone = s.text(1);
    d.convenientHours = s.text(2);
    d.createdOn = dateOrThrow(s.text(3));
    d.due = dateOrThrow(s.text(4));
    if (!s.isNull(5)) {
        d.extendedTo = dateOrThrow(s.text(5));
    }
    d.extensionReason = s.text(6);
    d.callerInformed = s.integer(7) != 0;
    d.answeredAt = s.text(8);
    d.result = s.text(9);
    d.claim = readClaim(s, 10);
    return d;
}

// Binds the card's fields to ?2..?25 in the order of the UPDATE / INSERT below.
void bindCard(sql::Statement& s, const IncomingCall& c) {
    s.bind(2, c.receivedAt)
        .bind(3, c.phone)
        .bind(4, static_cast<int>(c.gender))
        .bind(5, c.callerName)
        .bind(6, c.callerBirthYear)
        .bind(7, c.municipality)
        .bind(8, c.question)
        .bind(9, c.organizations)
        .bind(10, c.operatorName)
        .bind(11, c.note)
        .bind(12, c.department)
        .bind(13, toJson(c.entriesUsed))
        .bind(14, c.script)
        .bind(15, c.scriptAdherence)
        .bind(16, toJson(c.transfers))
        .bind(17, static_cast<int>(c.survey.answered))
        .bind(18, static_cast<int>(c.survey.satisfaction))
        .bind(19, c.durationSeconds)
        .bind(20, c.urgent)
        .bind(21, c.aggressive)
        .bind(22, c.complaint)
        .bind(23, static_cast<int>(c.kbAnswer))
        .bind(24, c.source)
        .bind(25, nowTimestamp())
        .bind(27, core::normalizePhone(c.phone));
}

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

void bindOutgoing(sql::Statement& s, const OutgoingCall& c) {
    s.bind(2, c.calledAt)
        .bind(3, c.calleeContact)
        .bind(4, c.municipality)
        .bind(5, c.question)
        .bind(6, c.organization)
        .bind(7, c.operatorName)
        .bind(8, c.note)
        .bind(9, c.incomingId)
        .bind(10, c.source);
}

} // namespace

struct SqliteJournalStore::Impl {
    std::filesystem::path path;
    sql::Database db;
    std::recursive_mutex mutex; // one connection; a transaction body calls back into the store
    int depth = 0;              // nesting of transactions
    bool failed = false;        // a nested call failed: the outermost transaction is refused

    [[nodiscard]] std::unique_lock<std::recursive_mutex> lock() { return std::unique_lock(mutex); }

    int nextNumber(const char* table, const char* column, std::string_view year) {
        auto s = db.prepare(
            fmt::format("SELECT COALESCE(MAX(number), 0) + 1 FROM {} WHERE substr({}, 1, 4) = ?",
                        table, column));
        s.bind(1, year);
        s.step();
        return static_cast<int>(s.integer(0));
    }

    template <typename Row, typename Read> std::vector<Row> all(sql::Statement& s, Read read) {
        std::vector<Row> out;
        while (s.step()) {
            out.push_back(read(s));
        }
        return out;
    }
};

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
            if (version + 1 != kPhoneKeyStep || !hasColumn(db, "incoming_calls", "phone_key")) {
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
    auto& impl = *m_impl;
    const bool outermost = impl.depth == 0;
    if (outermost) {
        impl.db.exec("BEGIN IMMEDIATE");
        impl.failed = false;
    }
    ++impl.depth;
    try {
        body();
    } catch (...) {
        --impl.depth;
        if (outermost) {
            sqlite3_exec(impl.db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        } else {
            impl.failed = true;
        }
        throw;
    }
    --impl.depth;
    if (!outermost) {
        return;
    }
    if (impl.failed) {
        sqlite3_exec(impl.db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw Error("журнал: часть записи не удалась, ничего не записано");
    }
    impl.db.exec("COMMIT");
}

// --- incoming calls -------------------------------------------------------------------------

// The next number is read and written under the file's write lock (the Journal's BEGIN
// IMMEDIATE transaction), so two programs on one file cannot take the same one.
CallId SqliteJournalStore::insertIncoming(const IncomingCall& c) {
    const auto lock = m_impl->lock();
    const int number = c.number > 0
                           ? c.number
                           : m_impl->nextNumber("incoming_calls", "received_at",
                                                std::string_view(c.receivedAt).substr(0, 4));
    auto s = m_impl->db.prepare(
        "INSERT INTO incoming_calls (number, received_at, phone, gender, caller_name, "
        "caller_birth_year, municipality, question, organizations, operator, note, "
        "department, entries_used, script, script_adherence, transfers, answered, "
        "satisfaction, duration_seconds, urgent, aggressive, complaint, kb_answer, source, "
        "updated_at, closed_at, phone_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)");
    s.bind(1, number);
    bindCard(s, c);
    s.bind(26, c.closedAt);
    s.run();
    return m_impl->db.lastInsertId();
}

void SqliteJournalStore::updateIncoming(CallId id, const IncomingCall& c) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "UPDATE incoming_calls SET received_at = ?2, phone = ?3, gender = ?4, caller_name = ?5, "
        "caller_birth_year = ?6, municipality = ?7, question = ?8, organizations = ?9, "
        "operator = ?10, note = ?11, department = ?12, entries_used = ?13, script = ?14, "
        "script_adherence = ?15, transfers = ?16, answered = ?17, satisfaction = ?18, "
        "duration_seconds = ?19, urgent = ?20, aggressive = ?21, complaint = ?22, "
        "kb_answer = ?23, source = ?24, updated_at = ?25, phone_key = ?27 WHERE id = ?1");
    s.bind(1, id);
    bindCard(s, c);
    s.run();
}

void SqliteJournalStore::closeIncoming(CallId id, const Survey& survey, const std::string& closedAt,
                                       int durationSeconds) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "UPDATE incoming_calls SET answered = ?2, satisfaction = ?3, closed_at = ?4, "
        "duration_seconds = ?5, updated_at = ?4 WHERE id = ?1");
    s.bind(1, id)
        .bind(2, static_cast<int>(survey.answered))
        .bind(3, static_cast<int>(survey.satisfaction))
        .bind(4, closedAt)
        .bind(5, durationSeconds);
    s.run();
}

void SqliteJournalStore::setKbAnswer(CallId id, KbAnswer answer) {
    const auto lock = m_impl->lock();
    auto u = m_impl->db.prepare("UPDATE incoming_calls SET kb_answer = ? WHERE id = ?");
    u.bind(1, static_cast<int>(answer)).bind(2, id);
    u.run();
}

std::optional<IncomingCall> SqliteJournalStore::incoming(CallId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM incoming_calls WHERE id = ?", kIncomingColumns));
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return readIncoming(s);
}

std::vector<IncomingCall> SqliteJournalStore::incomingCalls(const Period& period) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM incoming_calls WHERE received_at >= ? AND received_at < ? "
                    "ORDER BY received_at, id",
                    kIncomingColumns));
    s.bind(1, periodFrom(period)).bind(2, periodTo(period));
    return m_impl->all<IncomingCall>(s, readIncoming);
}

std::vector<IncomingCall> SqliteJournalStore::openCalls() {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM incoming_calls WHERE closed_at = '' ORDER BY received_at, id",
                    kIncomingColumns));
    return m_impl->all<IncomingCall>(s, readIncoming);
}

std::vector<IncomingCall> SqliteJournalStore::incomingByPhone(const std::string& key,
                                                              const Date& since) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM incoming_calls WHERE phone_key = ? AND received_at >= ? "
                    "ORDER BY received_at DESC, id DESC",
                    kIncomingColumns));
    s.bind(1, key).bind(2, formatIsoDate(since));
    return m_impl->all<IncomingCall>(s, readIncoming);
}

// --- outgoing calls -------------------------------------------------------------------------

CallId SqliteJournalStore::insertOutgoing(const OutgoingCall& c) {
    const auto lock = m_impl->lock();
    const int number = c.number > 0 ? c.number
                                    : m_impl->nextNumber("outgoing_calls", "called_at",
                                                         std::string_view(c.calledAt).substr(0, 4));
    auto s = m_impl->db.prepare(
        "INSERT INTO outgoing_calls (number, called_at, callee_contact, municipality, question, "
        "organization, operator, note, incoming_id, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, ?9, ?10)");
    s.bind(1, number);
    bindOutgoing(s, c);
    s.run();
    return m_impl->db.lastInsertId();
}

void SqliteJournalStore::updateOutgoing(CallId id, const OutgoingCall& c) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "UPDATE outgoing_calls SET called_at = ?2, callee_contact = ?3, municipality = ?4, "
        "question = ?5, organization = ?6, operator = ?7, note = ?8, incoming_id = ?9, "
        "source = ?10 WHERE id = ?1");
    s.bind(1, id);
    bindOutgoing(s, c);
    s.run();
}

std::optional<OutgoingCall> SqliteJournalStore::outgoing(CallId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM outgoing_calls WHERE id = ?", kOutgoingColumns));
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return readOutgoing(s);
}

std::vector<OutgoingCall> SqliteJournalStore::outgoingCalls(const Period& period) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM outgoing_calls WHERE called_at >= ? AND called_at < ? "
                    "ORDER BY called_at, id",
                    kOutgoingColumns));
    s.bind(1, periodFrom(period)).bind(2, periodTo(period));
    return m_impl->all<OutgoingCall>(s, readOutgoing);
}

// --- deferred answers -----------------------------------------------------------------------

void SqliteJournalStore::insertDeferred(const Deferred& d) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "INSERT INTO deferred_answers (call_id, phone, convenient_hours, created_on, due) "
        "VALUES (?, ?, ?, ?, ?)");
    s.bind(1, d.callId)
        .bind(2, d.phone)
        .bind(3, d.convenientHours)
        .bind(4, formatIsoDate(d.createdOn))
        .bind(5, formatIsoDate(d.due));
    s.run();
}

void SqliteJournalStore::updateDeferred(const Deferred& d) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "UPDATE deferred_answers SET extended_to = ?, extension_reason = ?, caller_informed = ?, "
        "answered_at = ?, result = ? WHERE call_id = ?");
    s.bind(1, d.extendedTo ? std::optional(formatIsoDate(*d.extendedTo)) : std::nullopt)
        .bind(2, d.extensionReason)
        .bind(3, d.callerInformed)
        .bind(4, d.answeredAt)
        .bind(5, d.result)
        .bind(6, d.callId);
    s.run();
}

std::optional<Deferred> SqliteJournalStore::deferred(CallId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM {} WHERE d.call_id = ?", kDeferredColumns, kDeferredFrom));
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return readDeferred(s);
}

std::vector<Deferred> SqliteJournalStore::deferredAnswers(const Period& period) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM {} WHERE d.created_on >= ? AND d.created_on < ? "
                    "ORDER BY d.created_on, d.call_id",
                    kDeferredColumns, kDeferredFrom));
    s.bind(1, periodFrom(period)).bind(2, periodTo(period));
    return m_impl->all<Deferred>(s, readDeferred);
}

std::vector<Callback> SqliteJournalStore::openCallbacks(const Date& until) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(fmt::format(
        "SELECT {}, c.number, c.question, c.department FROM {} JOIN incoming_calls c ON "
        "c.id = d.call_id WHERE d.answered_at = '' AND COALESCE(d.extended_to, d.due) <= ? "
        "ORDER BY COALESCE(d.extended_to, d.due), d.call_id",
        kDeferredColumns, kDeferredFrom));
    s.bind(1, formatIsoDate(until));
    return m_impl->all<Callback>(s, [](const sql::Statement& row) {
        Callback cb;
        cb.deferred = readDeferred(row);
        cb.callNumber = static_cast<int>(row.integer(14));
        cb.question = row.text(15);
        cb.department = row.text(16);
        return cb;
    });
}

// --- the shared callback queue --------------------------------------------------------------

std::optional<CallbackClaim> SqliteJournalStore::claimDeferred(CallId id,
                                                               const CallbackClaim& claim,
                                                               const std::string& lapsedBefore) {
    const auto lock = m_impl->lock();
    // The condition is read under the write lock the statement takes: of two connections
    // claiming at once the second sees the first's claim and changes nothing.
    auto s = m_impl->db.prepare(
        "INSERT INTO callback_claims (call_id, claimed_by, claimed_workstation, claimed_host, "
        "claimed_at) SELECT ?1, ?2, ?3, ?4, ?5 FROM deferred_answers WHERE call_id = ?1 AND "
        "answered_at = '' ON CONFLICT (call_id) DO UPDATE SET claimed_by = ?2, "
        "claimed_workstation = ?3, claimed_host = ?4, claimed_at = ?5 WHERE "
        "callback_claims.claimed_at < ?6 OR (callback_claims.claimed_by = ?2 AND "
        "callback_claims.claimed_workstation = ?3) "
        "RETURNING claimed_by, claimed_workstation, claimed_host, claimed_at");
    s.bind(1, id)
        .bind(2, claim.operatorName)
        .bind(3, claim.workstation.id)
        .bind(4, claim.workstation.host)
        .bind(5, claim.at)
        .bind(6, lapsedBefore);
    if (s.step()) {
        auto won = readClaim(s, 0);
        while (s.step()) {
        }
        return won;
    }
    auto held = m_impl->db.prepare(
        "SELECT COALESCE(k.claimed_by, ''), COALESCE(k.claimed_workstation, ''), "
        "COALESCE(k.claimed_host, ''), COALESCE(k.claimed_at, '') FROM deferred_answers d "
        "LEFT JOIN callback_claims k ON k.call_id = d.call_id WHERE d.call_id = ? AND "
        "d.answered_at = ''");
    held.bind(1, id);
    if (!held.step()) {
        return std::nullopt;
    }
    return readClaim(held, 0);
}

void SqliteJournalStore::releaseDeferred(CallId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("DELETE FROM callback_claims WHERE call_id = ?");
    s.bind(1, id).run();
}

// --- console runs and the calls they hold ---------------------------------------------------

void SqliteJournalStore::saveSession(const ConsoleSession& session,
                                     const std::string& heartbeatAt) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "INSERT INTO console_sessions (id, workstation, host, operator, heartbeat_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET workstation = ?2, host = ?3, "
        "operator = ?4, heartbeat_at = ?5");
    s.bind(1, session.id)
        .bind(2, session.workstation.id)
        .bind(3, session.workstation.host)
        .bind(4, session.operatorName)
        .bind(5, heartbeatAt)
        .run();
}

void SqliteJournalStore::touchSession(const std::string& session, const std::string& heartbeatAt) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("UPDATE console_sessions SET heartbeat_at = ? WHERE id = ?");
    s.bind(1, heartbeatAt).bind(2, session).run();
}

void SqliteJournalStore::endSessions(const std::string& workstation, const std::string& except) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("UPDATE console_sessions SET heartbeat_at = '' WHERE "
                                "workstation = ? AND id <> ? AND heartbeat_at <> ''");
    s.bind(1, workstation).bind(2, except).run();
}

void SqliteJournalStore::setCallSession(CallId id, const std::string& session) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("INSERT INTO call_sessions (call_id, session) VALUES (?1, ?2) "
                                "ON CONFLICT (call_id) DO UPDATE SET session = ?2");
    s.bind(1, id).bind(2, session).run();
}

std::optional<CallHolder> SqliteJournalStore::callHolder(CallId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "SELECT s.id, s.workstation, s.host, COALESCE(NULLIF(c.operator, ''), s.operator), "
        "s.heartbeat_at FROM incoming_calls c JOIN call_sessions h ON h.call_id = c.id "
        "JOIN console_sessions s ON s.id = h.session WHERE c.id = ?");
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    CallHolder holder;
    holder.session = s.text(0);
    holder.workstation = Workstation{s.text(1), s.text(2)};
    holder.operatorName = s.text(3);
    holder.heartbeatAt = s.text(4);
    return holder;
}

// --- live changes ---------------------------------------------------------------------------

std::int64_t SqliteJournalStore::changeSeq() {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("SELECT seq FROM change_seq WHERE id = 1");
    return s.step() ? s.integer(0) : 0;
}

// --- signals for the KB ---------------------------------------------------------------------

std::int64_t SqliteJournalStore::insertFlag(const KbFlag& flag) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "INSERT INTO kb_flags (kind, entry_id, department, call_id, note, operator, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, static_cast<int>(flag.kind))
        .bind(2, flag.entryId)
        .bind(3, flag.department)
        .bind(4, flag.callId)
        .bind(5, flag.note)
        .bind(6, flag.operatorName)
        .bind(7, flag.createdAt);
    s.run();
    return m_impl->db.lastInsertId();
}

void SqliteJournalStore::insertEmptySearch(const EmptySearch& e) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "INSERT INTO empty_searches (query, department, call_id, at) VALUES (?, ?, ?, ?)");
    s.bind(1, e.query).bind(2, e.department).bind(3, e.callId).bind(4, e.at);
    s.run();
}

std::vector<KbFlag> SqliteJournalStore::flags(const std::string& department, const Period& period) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "SELECT id, kind, entry_id, department, call_id, note, operator, created_at FROM kb_flags "
        "WHERE (?1 = '' OR department = ?1) AND created_at >= ?2 AND created_at < ?3 "
        "ORDER BY department, created_at, id");
    s.bind(1, department).bind(2, periodFrom(period)).bind(3, periodTo(period));
    return m_impl->all<KbFlag>(s, [](const sql::Statement& row) {
        KbFlag f;
        f.id = row.integer(0);
        f.kind = static_cast<FlagKind>(row.integer(1));
        f.entryId = row.text(2);
        f.department = row.text(3);
        if (!row.isNull(4)) {
            f.callId = row.integer(4);
        }
        f.note = row.text(5);
        f.operatorName = row.text(6);
        f.createdAt = row.text(7);
        return f;
    });
}

std::vector<EmptySearch> SqliteJournalStore::emptySearches(const std::string& department,
                                                           const Period& period) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare("SELECT id, query, department, call_id, at FROM empty_searches "
                                "WHERE (?1 = '' OR department = ?1) AND at >= ?2 AND at < ?3 "
                                "ORDER BY department, at, id");
    s.bind(1, department).bind(2, periodFrom(period)).bind(3, periodTo(period));
    return m_impl->all<EmptySearch>(s, [](const sql::Statement& row) {
        EmptySearch e;
        e.id = row.integer(0);
        e.query = row.text(1);
        e.department = row.text(2);
        if (!row.isNull(3)) {
            e.callId = row.integer(3);
        }
        e.at = row.text(4);
        return e;
    });
}

// --- applicant cards -----------------------------------------------------------------------

namespace {

Citizen readCitizenRow(const sql::Statement& s) {
    Citizen c;
    c.id = s.integer(0);
    c.fullName = s.text(1);
    c.municipality = s.text(2);
    c.address = s.text(3);
    c.birthYear = s.text(4);
    c.categories = stringsFromJson(s.text(5));
    c.needs = s.text(6);
    c.measures = s.text(7);
    c.consent = s.text(8);
    c.notes = s.text(9);
    c.createdAt = s.text(10);
    c.updatedAt = s.text(11);
    return c;
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
    auto s =
        m_impl->db.prepare(fmt::format("SELECT {} FROM citizens WHERE id = ?", kCitizenColumns));
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
        fmt::format("SELECT {}, name_key FROM citizens ORDER BY id", kCitizenColumns));
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
        {
            // a consultation keeps its slot and topic; who it was for goes
            auto s = db.prepare("UPDATE bookings SET citizen_name = '', phone = '', citizen_id = "
                                "NULL WHERE citizen_id = ? OR call_id IN (SELECT id FROM "
                                "erased_calls)");
            s.bind(1, id).run();
        }
        db.exec("DELETE FROM erased_calls");
    });
    return blanked;
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
    });
    if (m_impl->depth == 0) {
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

// --- consultations ---------------------------------------------------------------------------

namespace {

constexpr const char* kBookingColumns =
    "id, specialist, starts_at, minutes, citizen_id, citizen_name, phone, topic, call_id, "
    "status, moved_to, operator, created_at, note";

Booking readBooking(sql::Statement& s) {
    Booking b;
    b.id = s.integer(0);
    b.specialist = s.text(1);
    b.startsAt = s.text(2);
    b.minutes = static_cast<int>(s.integer(3));
    if (!s.isNull(4)) {
        b.citizen = s.integer(4);
    }
    b.citizenName = s.text(5);
    b.phone = s.text(6);
    b.topic = s.text(7);
    if (!s.isNull(8)) {
        b.callId = s.integer(8);
    }
    b.status = parseBookingStatus(s.text(9)).value_or(BookingStatus::Booked);
    if (!s.isNull(10)) {
        b.movedTo = s.integer(10);
    }
    b.operatorName = s.text(11);
    b.createdAt = s.text(12);
    b.note = s.text(13);
    return b;
}

} // namespace

std::optional<BookingId> SqliteJournalStore::insertBooking(const Booking& b) {
    const auto lock = m_impl->lock();
    // The partial unique index refuses a second active booking of the slot; DO NOTHING turns
    // that into no row returned.
    auto s = m_impl->db.prepare(
        "INSERT INTO bookings (specialist, starts_at, minutes, citizen_id, citizen_name, phone, "
        "topic, call_id, status, moved_to, operator, created_at, note) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT DO NOTHING RETURNING id");
    s.bind(1, b.specialist)
        .bind(2, b.startsAt)
        .bind(3, b.minutes)
        .bind(4, b.citizen)
        .bind(5, b.citizenName)
        .bind(6, b.phone)
        .bind(7, b.topic)
        .bind(8, b.callId)
        .bind(9, std::string(bookingStatusName(b.status)))
        .bind(10, b.movedTo)
        .bind(11, b.operatorName)
        .bind(12, b.createdAt)
        .bind(13, b.note);
    if (!s.step()) {
        return std::nullopt;
    }
    const BookingId id = s.integer(0);
    while (s.step()) {
    }
    return id;
}

void SqliteJournalStore::updateBooking(const Booking& b) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "UPDATE bookings SET status = ?2, moved_to = ?3, note = ?4 WHERE id = ?1");
    s.bind(1, b.id)
        .bind(2, std::string(bookingStatusName(b.status)))
        .bind(3, b.movedTo)
        .bind(4, b.note);
    s.run();
}

std::optional<Booking> SqliteJournalStore::booking(BookingId id) {
    const auto lock = m_impl->lock();
    auto s =
        m_impl->db.prepare(fmt::format("SELECT {} FROM bookings WHERE id = ?", kBookingColumns));
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return readBooking(s);
}

std::vector<Booking> SqliteJournalStore::bookings(const std::string& specialist,
                                                  const std::string& from, const std::string& to,
                                                  bool activeOnly) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(fmt::format(
        "SELECT {} FROM bookings WHERE (?1 = '' OR specialist = ?1) AND starts_at >= ?2 AND "
        "starts_at < ?3 AND (?4 = 0 OR status = 'booked') ORDER BY starts_at, id",
        kBookingColumns));
    s.bind(1, specialist).bind(2, from).bind(3, to).bind(4, activeOnly);
    return m_impl->all<Booking>(s, readBooking);
}

} // namespace sufler::journal
