// The call journal over SQLite: schema and migrations, the calls, deferred answers, signals.
#include "sufler/journal/journal.h"

#include "sufler/kb/sqlite.h"
#include "text_util.h"

#include "sufler/kb/enum_names.h"
#include "sufler/kb/error.h"
#include "sufler/kb/regulations.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

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
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

// The survey's words are also the names: the register, its CSV and the JSON of a card write
// them in Russian. Unknown is an empty cell.
constexpr auto kGenders = std::to_array<kb::EnumName<Gender>>({
    {Gender::Unknown, ""},
    {Gender::Male, "м"},
    {Gender::Female, "ж"},
});

constexpr auto kAnswered = std::to_array<kb::EnumName<Answered>>({
    {Answered::Unknown, ""},
    {Answered::Yes, regulations::kAnsweredAnswers[0]},
    {Answered::No, regulations::kAnsweredAnswers[1]},
});

constexpr auto kSatisfaction = std::to_array<kb::EnumName<Satisfaction>>({
    {Satisfaction::Unknown, ""},
    {Satisfaction::Satisfied, regulations::kSatisfactionAnswers[0]},
    {Satisfaction::PartlySatisfied, regulations::kSatisfactionAnswers[1]},
    {Satisfaction::NotSatisfied, regulations::kSatisfactionAnswers[2]},
});

constexpr auto kFlagKinds = std::to_array<kb::EnumName<FlagKind>>({
    {FlagKind::Outdated, "outdated", "ответ устарел"},
    {FlagKind::NoAnswer, "no_answer", "нет ответа в базе"},
});

constexpr const char* kIncomingColumns =
    "id, number, received_at, phone, gender, caller_name, caller_birth_year, municipality, "
    "question, organizations, operator, note, department, entries_used, script, "
    "script_adherence, transfers, answered, satisfaction, duration_seconds, urgent, aggressive, "
    "complaint, kb_answer, closed_at, source";

constexpr const char* kOutgoingColumns =
    "id, number, called_at, callee_contact, municipality, question, organization, operator, note, "
    "incoming_id, source";

constexpr const char* kDeferredColumns =
    "call_id, phone, convenient_hours, created_on, due, extended_to, extension_reason, "
    "caller_informed, answered_at, result";

std::string toJson(const std::vector<std::string>& values) {
    // Invalid UTF-8 (an imported file, a pasted fragment) becomes U+FFFD instead of losing the
    // card.
    return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string toJson(const std::vector<Transfer>& transfers) {
    auto array = nlohmann::json::array();
    for (const auto& t : transfers) {
        array.push_back({{"to", t.to}, {"department", t.department}, {"note", t.note}});
    }
    return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> stringsFromJson(const std::string& text) {
    std::vector<std::string> out;
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_array()) {
        for (const auto& v : json) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

std::vector<Transfer> transfersFromJson(const std::string& text) {
    std::vector<Transfer> out;
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_array()) {
        for (const auto& v : json) {
            if (v.is_object()) {
                out.push_back(
                    Transfer{v.value("to", ""), v.value("department", ""), v.value("note", "")});
            }
        }
    }
    return out;
}

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

Date dateOrThrow(const std::string& text) {
    auto d = parseDate(text.substr(0, std::min<std::size_t>(text.size(), 10)));
    if (!d) {
        throw Error(fmt::format("журнал: неверная дата «{}»", text));
    }
    return *d;
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
    return d;
}

std::string periodFrom(const Period& p) {
    return p.from ? formatIsoDate(*p.from) : "0000-00-00";
}
// Timestamps of the last day compare below "<day>~" ('~' sorts after digits and space).
std::string periodTo(const Period& p) {
    return p.to ? formatIsoDate(*p.to) + "~" : "9999~";
}

void validateTimestamp(const std::string& text, std::string_view field) {
    if (!isTimestamp(text)) {
        throw Error(
            fmt::format("журнал: {}: «{}» — не дата и время (ГГГГ-ММ-ДД ЧЧ:ММ[:СС])", field, text));
    }
}

void validateCard(const IncomingCall& c) {
    static_assert(regulations::kMaxTransfers == 2, "the message below says it in words");
    if (c.transfers.size() > static_cast<std::size_t>(regulations::kMaxTransfers)) {
        throw Error("журнал: не больше двух переключений за один звонок");
    }
    if (c.scriptAdherence && (*c.scriptAdherence < 0 || *c.scriptAdherence > 1)) {
        throw Error("журнал: соблюдение сценария — доля от 0 до 1");
    }
    if (c.durationSeconds < 0) {
        throw Error("журнал: длительность не может быть отрицательной");
    }
}

} // namespace

// --- small public helpers -----------------------------------------------------------------

void ensurePrivateFile(const std::filesystem::path& path, std::string_view what) {
    std::error_code ec;
    if (path.has_parent_path() && !std::filesystem::exists(path.parent_path(), ec)) {
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) {
            throw Error(fmt::format("{}: не удалось создать папку: {}", path.parent_path().string(),
                                    ec.message()));
        }
        ::chmod(path.parent_path().c_str(), 0700);
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            throw Error(fmt::format("{}: {} должен быть обычным файлом", path.string(), what));
        }
        if ((st.st_mode & 077) != 0) {
            throw Error(
                fmt::format("{}: {} доступен другим пользователям (права {:o}); в нём персональные "
                            "данные — выполните chmod 600 {}",
                            path.string(), what, st.st_mode & 0777, path.string()));
        }
        return;
    }
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) {
        throw Error(fmt::format("{}: не удалось создать {}: {}", path.string(), what,
                                std::strerror(errno)));
    }
    if (fd >= 0) {
        ::fchmod(fd, 0600); // whatever the umask
        ::close(fd);
    }
}

std::string nowTimestamp() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
    return buffer;
}

std::string_view genderRu(Gender gender) {
    return kb::enumRow(kGenders, gender, Gender::Unknown).name;
}

std::string_view answeredRu(Answered answered) {
    return kb::enumRow(kAnswered, answered, Answered::Unknown).name;
}

std::string_view satisfactionRu(Satisfaction satisfaction) {
    return kb::enumRow(kSatisfaction, satisfaction, Satisfaction::Unknown).name;
}

std::optional<Gender> parseGender(std::string_view text) {
    const std::string t = lowerTrim(text);
    if (t.empty() || t == "-" || t == "—" || t == "не указан") {
        return Gender::Unknown;
    }
    if (t == "м" || t == "м." || t == "муж" || t == "муж." || t == "мужской" || t == "male" ||
        t == "m") {
        return Gender::Male;
    }
    if (t == "ж" || t == "ж." || t == "жен" || t == "жен." || t == "женский" || t == "female" ||
        t == "f") {
        return Gender::Female;
    }
    return std::nullopt;
}

std::optional<Answered> parseAnswered(std::string_view text) {
    const std::string t = lowerTrim(text);
    if (t.empty()) {
        return Answered::Unknown;
    }
    if (t == "да" || t == "yes" || t == "получен") {
        return Answered::Yes;
    }
    if (t == "нет" || t == "no" || t == "не получен") {
        return Answered::No;
    }
    return std::nullopt;
}

std::optional<Satisfaction> parseSatisfaction(std::string_view text) {
    std::string t = lowerTrim(text);
    for (auto& c : t) {
        if (c == '-' || c == '_') {
            c = ' ';
        }
    }
    // «удовлетворён» and «удовлетворен» alike.
    for (std::size_t pos; (pos = t.find("ё")) != std::string::npos;) {
        t.replace(pos, std::strlen("ё"), "е");
    }
    if (t.empty()) {
        return Satisfaction::Unknown;
    }
    if (t == "удовлетворен" || t == "удовлетворена" || t == "satisfied") {
        return Satisfaction::Satisfied;
    }
    if (t == "частично удовлетворен" || t == "частично удовлетворена" || t == "частично" ||
        t == "partly" || t == "partly satisfied") {
        return Satisfaction::PartlySatisfied;
    }
    if (t == "не удовлетворен" || t == "не удовлетворена" || t == "неудовлетворен" ||
        t == "not satisfied" || t == "not") {
        return Satisfaction::NotSatisfied;
    }
    return std::nullopt;
}

std::string formatContact(const IncomingCall& call) {
    if (call.callerBirthYear.empty()) {
        return call.callerName;
    }
    if (call.callerName.empty()) {
        return call.callerBirthYear;
    }
    return call.callerName + ", " + call.callerBirthYear;
}

void parseContact(std::string_view text, IncomingCall& call) {
    const std::string t = trim(text);
    // A trailing year («Иванова М.П., 1956», «Иванова 1956 г.р.») is the year of birth.
    std::size_t end = t.size();
    std::string tail = t;
    for (const char* suffix : {" г.р.", " г. р.", " г.р", " гр", " г."}) {
        const std::string s = suffix;
        if (tail.size() > s.size() && tail.compare(tail.size() - s.size(), s.size(), s) == 0) {
            end = tail.size() - s.size();
            break;
        }
    }
    if (end >= 4) {
        const std::string year = t.substr(end - 4, 4);
        const bool digits =
            std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; });
        const bool separated = end == 4 || t[end - 5] == ' ' || t[end - 5] == ',';
        if (digits && separated && (year[0] == '1' || year[0] == '2')) {
            std::string name = trim(std::string_view(t).substr(0, end - 4));
            while (!name.empty() && (name.back() == ',' || name.back() == ' ')) {
                name.pop_back();
            }
            call.callerName = name;
            call.callerBirthYear = year;
            return;
        }
    }
    call.callerName = t;
    call.callerBirthYear.clear();
}

std::string_view flagKindRu(FlagKind kind) {
    return kb::enumRow(kFlagKinds, kind, FlagKind::NoAnswer).titleRu;
}

std::string_view flagKindName(FlagKind kind) {
    return kb::enumRow(kFlagKinds, kind, FlagKind::NoAnswer).name;
}

bool Deferred::onTime() const {
    if (!done()) {
        return false;
    }
    const auto day = parseDate(answeredAt.substr(0, std::min<std::size_t>(answeredAt.size(), 10)));
    return day && *day <= deadline();
}

Period Period::month(std::chrono::year_month month) {
    return Period{Date{month / std::chrono::day{1}}, Date{month / std::chrono::last}};
}

std::string departmentOfEntry(std::string_view entryId) {
    constexpr std::string_view prefix = "departments/";
    if (entryId.substr(0, prefix.size()) != prefix) {
        return {};
    }
    const auto rest = entryId.substr(prefix.size());
    const auto slash = rest.find('/');
    return std::string(slash == std::string_view::npos ? std::string_view{}
                                                       : rest.substr(0, slash));
}

// --- the journal --------------------------------------------------------------------------

struct Journal::Impl {
    std::filesystem::path path;
    sql::Database db;
    kb::WorkCalendar calendar;
    std::recursive_mutex mutex; // one connection; transaction() calls back into the journal
    int depth = 0;              // nesting of transactions

    // BEGIN IMMEDIATE at the outermost level: the write lock is taken up front, so a second
    // writer waits (busy timeout) instead of failing half-way.
    class Tx {
    public:
        explicit Tx(Impl& impl) : m_impl(impl) {
            if (m_impl.depth++ == 0) {
                m_impl.db.exec("BEGIN IMMEDIATE");
            }
        }
        void commit() {
            if (m_impl.depth == 1) {
                m_impl.db.exec("COMMIT");
            }
            m_done = true;
            --m_impl.depth;
        }
        ~Tx() {
            if (!m_done) {
                if (--m_impl.depth == 0) {
                    sqlite3_exec(m_impl.db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
                } else {
                    m_impl.failed = true;
                }
            }
        }
        Tx(const Tx&) = delete;
        Tx& operator=(const Tx&) = delete;

    private:
        Impl& m_impl;
        bool m_done = false;
    };
    bool failed = false;

    int nextNumber(const char* table, const char* column, const std::string& timestamp) {
        auto s = db.prepare(
            fmt::format("SELECT COALESCE(MAX(number), 0) + 1 FROM {} WHERE substr({}, 1, 4) = ?",
                        table, column));
        s.bind(1, timestamp.substr(0, 4));
        s.step();
        return static_cast<int>(s.integer(0));
    }

    void requireIncoming(CallId id) {
        auto s = db.prepare("SELECT 1 FROM incoming_calls WHERE id = ?");
        s.bind(1, id);
        if (!s.step()) {
            throw Error(fmt::format("журнал: нет входящего звонка с номером записи {}", id));
        }
    }

    std::optional<IncomingCall> getIncoming(CallId id) {
        auto s =
            db.prepare(fmt::format("SELECT {} FROM incoming_calls WHERE id = ?", kIncomingColumns));
        s.bind(1, id);
        if (!s.step()) {
            return std::nullopt;
        }
        return readIncoming(s);
    }

    std::optional<Deferred> getDeferred(CallId id) {
        auto s = db.prepare(
            fmt::format("SELECT {} FROM deferred_answers WHERE call_id = ?", kDeferredColumns));
        s.bind(1, id);
        if (!s.step()) {
            return std::nullopt;
        }
        return readDeferred(s);
    }

    // Binds the card's fields to ?2..?25 in the order of the UPDATE / INSERT below.
    static void bindCard(sql::Statement& s, const IncomingCall& c) {
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
            .bind(25, nowTimestamp());
    }

    CallId insertIncoming(IncomingCall c, bool keepClosed) {
        validateCard(c);
        if (c.receivedAt.empty()) {
            c.receivedAt = nowTimestamp();
        }
        validateTimestamp(c.receivedAt, "дата и время звонка");
        c.receivedAt = normalizeTimestamp(c.receivedAt);
        if (c.number <= 0) {
            c.number = nextNumber("incoming_calls", "received_at", c.receivedAt);
        }
        auto s = db.prepare(
            "INSERT INTO incoming_calls (number, received_at, phone, gender, caller_name, "
            "caller_birth_year, municipality, question, organizations, operator, note, "
            "department, entries_used, script, script_adherence, transfers, answered, "
            "satisfaction, duration_seconds, urgent, aggressive, complaint, kb_answer, source, "
            "updated_at, closed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
            "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)");
        s.bind(1, c.number);
        bindCard(s, c);
        s.bind(26, keepClosed ? c.closedAt : std::string());
        s.run();
        return db.lastInsertId();
    }
};

Journal::Journal(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Journal::Journal(Journal&&) noexcept = default;
Journal& Journal::operator=(Journal&&) noexcept = default;
Journal::~Journal() = default;

std::filesystem::path Journal::defaultPath() {
    const char* data = std::getenv("XDG_DATA_HOME");
    std::filesystem::path base;
    if (data && *data) {
        base = data;
    } else {
        const char* home = std::getenv("HOME");
        if (!home || !*home) {
            throw Error("не задан HOME: укажите журнал явно (--journal FILE)");
        }
        base = std::filesystem::path(home) / ".local" / "share";
    }
    return base / "sufler" / "journal.sqlite";
}

Journal Journal::open(const std::filesystem::path& path) {
    ensurePrivateFile(path, "файл журнала");
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    // SQLite gives the -wal and -shm files the database file's permissions.
    impl->db = sql::Database(path.string(), "журнал");
    auto& db = impl->db;
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

    const auto readVersion = [&db] {
        auto s = db.prepare("PRAGMA user_version");
        s.step();
        return static_cast<int>(s.integer(0));
    };
    // One step per transaction; the version is read again under the write lock, so two
    // programs opening the same old (or new, empty) file at once migrate it only once.
    for (;;) {
        db.exec("BEGIN IMMEDIATE");
        try {
            const int version = readVersion();
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
            db.exec(kMigrations[version]);
            db.exec(fmt::format("PRAGMA user_version = {}", version + 1));
            db.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
    return Journal(std::move(impl));
}

void Journal::setCalendar(const kb::WorkCalendar& calendar) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->calendar = calendar;
}

const std::filesystem::path& Journal::path() const {
    return m_impl->path;
}

int Journal::schemaVersion() const {
    std::lock_guard lock(m_impl->mutex);
    auto s = m_impl->db.prepare("PRAGMA user_version");
    s.step();
    return static_cast<int>(s.integer(0));
}

void Journal::transaction(const std::function<void()>& body) {
    std::lock_guard lock(m_impl->mutex);
    Impl::Tx tx(*m_impl);
    m_impl->failed = false;
    body();
    if (m_impl->failed) {
        throw Error("журнал: часть записи не удалась, ничего не записано");
    }
    tx.commit();
}

CallId Journal::startIncoming(const IncomingCall& card) {
    std::lock_guard lock(m_impl->mutex);
    Impl::Tx tx(*m_impl);
    IncomingCall c = card;
    if (c.source.empty()) {
        c.source = "console";
    }
    const CallId id = m_impl->insertIncoming(c, false);
    tx.commit();
    return id;
}

CallId Journal::addIncoming(const IncomingCall& call) {
    std::lock_guard lock(m_impl->mutex);
    Impl::Tx tx(*m_impl);
    IncomingCall c = call;
    if (!c.closedAt.empty()) {
        validateTimestamp(c.closedAt, "время закрытия");
        c.closedAt = normalizeTimestamp(c.closedAt);
    }
    const CallId id = m_impl->insertIncoming(c, true);
    tx.commit();
    return id;
}

void Journal::saveCard(CallId id, const IncomingCall& card) {
    std::lock_guard lock(m_impl->mutex);
    validateCard(card);
    IncomingCall c = card;
    Impl::Tx tx(*m_impl);
    const auto existing = m_impl->getIncoming(id);
    if (!existing) {
        throw Error(fmt::format("журнал: нет входящего звонка с номером записи {}", id));
    }
    if (c.receivedAt.empty()) {
        c.receivedAt = existing->receivedAt;
    }
    validateTimestamp(c.receivedAt, "дата и время звонка");
    c.receivedAt = normalizeTimestamp(c.receivedAt);
    if (c.source.empty()) {
        c.source = existing->source;
    }
    auto s = m_impl->db.prepare(
        "UPDATE incoming_calls SET received_at = ?2, phone = ?3, gender = ?4, caller_name = ?5, "
        "caller_birth_year = ?6, municipality = ?7, question = ?8, organizations = ?9, "
        "operator = ?10, note = ?11, department = ?12, entries_used = ?13, script = ?14, "
        "script_adherence = ?15, transfers = ?16, answered = ?17, satisfaction = ?18, "
        "duration_seconds = ?19, urgent = ?20, aggressive = ?21, complaint = ?22, "
        "kb_answer = ?23, source = ?24, updated_at = ?25 WHERE id = ?1");
    s.bind(1, id);
    Impl::bindCard(s, c);
    s.run();
    tx.commit();
}

void Journal::closeCall(CallId id, const Survey& survey) {
    std::lock_guard lock(m_impl->mutex);
    Impl::Tx tx(*m_impl);
    const auto existing = m_impl->getIncoming(id);
    if (!existing) {
        throw Error(fmt::format("журнал: нет входящего звонка с номером записи {}", id));
    }
    const std::string now = nowTimestamp();
    int duration = existing->durationSeconds;
    if (duration == 0) {
        duration = std::max(0, secondsBetween(existing->receivedAt, now));
    }
    auto s = m_impl->db.prepare(
        "UPDATE incoming_calls SET answered = ?2, satisfaction = ?3, closed_at = ?4, "
        "duration_seconds = ?5, updated_at = ?4 WHERE id = ?1");
    s.bind(1, id)
        .bind(2, static_cast<int>(survey.answered))
        .bind(3, static_cast<int>(survey.satisfaction))
        .bind(4, now)
        .bind(5, duration);
    s.run();
    tx.commit();
}

std::optional<IncomingCall> Journal::incoming(CallId id) const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->getIncoming(id);
}

std::vector<IncomingCall> Journal::incomingCalls(const Period& period) const {
    std::lock_guard lock(m_impl->mutex);
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM incoming_calls WHERE received_at >= ? AND received_at < ? "
                    "ORDER BY received_at, id",
                    kIncomingColumns));
    s.bind(1, periodFrom(period)).bind(2, periodTo(period));
    std::vector<IncomingCall> out;
    while (s.step()) {
        out.push_back(readIncoming(s));
    }
    return out;
}

std::vector<IncomingCall> Journal::openCalls() const {
    std::lock_guard lock(m_impl->mutex);
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM incoming_calls WHERE closed_at = '' ORDER BY received_at, id",
                    kIncomingColumns));
    std::vector<IncomingCall> out;
    while (s.step()) {
        out.push_back(readIncoming(s));
    }
    return out;
}

namespace {
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

CallId Journal::addOutgoing(const OutgoingCall& call) {
    std::lock_guard lock(m_impl->mutex);
    Impl::Tx tx(*m_impl);
    OutgoingCall c = call;
    if (c.calledAt.empty()) {
        c.calledAt = nowTimestamp();
    }
    validateTimestamp(c.calledAt, "дата и время звонка");
    c.calledAt = normalizeTimestamp(c.calledAt);
    if (c.number <= 0) {
        c.number = m_impl->nextNumber("outgoing_calls", "called_at", c.calledAt);
    }
    if (c.incomingId) {
        m_impl->requireIncoming(*c.incomingId);
    }
    auto s = m_impl->db.prepare(
        "INSERT INTO outgoing_calls (number, called_at, callee_contact, municipality, question, "
        "organization, operator, note, incoming_id, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, ?9, ?10)");
    s.bind(1, c.number);
    bindOutgoing(s, c);
    s.run();
    const CallId id = m_impl->db.lastInsertId();
    tx.commit();
    return id;
}

void Journal::saveOutgoing(CallId id, const OutgoingCall& call) {
    std::lock_guard lock(m_impl->mutex);
    Impl::Tx tx(*m_impl);
    const auto existing = outgoing(id);
    if (!existing) {
        throw Error(fmt::format("журнал: нет исходящего звонка с номером записи {}", id));
    }
    OutgoingCall c = call;
    if (c.calledAt.empty()) {
        c.calledAt = existing->calledAt;
    }
    validateTimestamp(c.calledAt, "дата и время звонка");
    c.calledAt = normalizeTimestamp(c.calledAt);
    if (c.incomingId) {
        m_impl->requireIncoming(*c.incomingId);
    }
    auto s = m_impl->db.prepare(
        "UPDATE outgoing_calls SET called_at = ?2, callee_contact = ?3, municipality = ?4, "
        "question = ?5, organization = ?6, operator = ?7, note = ?8, incoming_id = ?9, "
        "source = ?10 WHERE id = ?1");
    s.bind(1, id);
    bindOutgoing(s, c);
    s.run();
    tx.commit();
}

std::optional<OutgoingCall> Journal::outgoing(CallId id) const {
    std::lock_guard lock(m_impl->mutex);
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM outgoing_calls WHERE id = ?", kOutgoingColumns));
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return readOutgoing(s);
}

std::vector<OutgoingCall> Journal::outgoingCalls(const Period& period) const {
    std::lock_guard lock(m_impl->mutex);
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM outgoing_calls WHERE called_at >= ? AND called_at < ? "
                    "ORDER BY called_at, id",
                    kOutgoingColumns));
    s.bind(1, periodFrom(period)).bind(2, periodTo(period));
    std::vector<OutgoingCall> out;
    while (s.step()) {
        out.push_back(readOutgoing(s));
    }
    return out;
}

Deferred Journal::deferAnswer(CallId id, const std::string& phone,
                              const std::string& convenientHours) {
    std::lock_guard lock(m_impl->mutex);
    Impl::Tx tx(*m_impl);
    const auto call = m_impl->getIncoming(id);
    if (!call) {
        throw Error(fmt::format("журнал: нет входящего звонка с номером записи {}", id));
    }
    if (m_impl->getDeferred(id)) {
        throw Error(fmt::format("журнал: для звонка {} отсроченный ответ уже оформлен", id));
    }
    Deferred d;
    d.callId = id;
    d.phone = phone.empty() ? call->phone : phone;
    d.convenientHours = convenientHours;
    d.createdOn = dateOrThrow(call->receivedAt);
    // «перезвонить гражданину в течение 1-го рабочего дня»
    d.due = m_impl->calendar.addWorkingDays(d.createdOn, regulations::kCallbackWorkingDays);
    auto s = m_impl->db.prepare(
        "INSERT INTO deferred_answers (call_id, phone, convenient_hours, created_on, due) "
        "VALUES (?, ?, ?, ?, ?)");
    s.bind(1, id)
        .bind(2, d.phone)
        .bind(3, d.convenientHours)
        .bind(4, formatIsoDate(d.createdOn))
        .bind(5, formatIsoDate(d.due));
    s.run();
    tx.commit();
    return d;
}

Deferred Journal::extendDeferred(CallId id, int workingDays, const std::string& reason,
                                 bool callerInformed) {
    std::lock_guard lock(m_impl->mutex);
    if (workingDays < 1 || workingDays > regulations::kMaxExtensionWorkingDays) {
        throw Error(fmt::format("журнал: продлить можно на 1–{} рабочих дней",
                                regulations::kMaxExtensionWorkingDays));
    }
    if (trim(reason).empty()) {
        throw Error("журнал: у продления должна быть причина");
    }
    Impl::Tx tx(*m_impl);
    auto d = m_impl->getDeferred(id);
    if (!d) {
        throw Error(fmt::format("журнал: у звонка {} нет отсроченного ответа", id));
    }
    if (d->done()) {
        throw Error(fmt::format("журнал: ответ по звонку {} уже дан", id));
    }
    // One extension of up to ten working days: the rules allow no second one. Checked inside
    // the write transaction, so two consoles cannot both extend.
    if (d->extendedTo) {
        throw Error(fmt::format("журнал: срок ответа по звонку {} уже продлён до {}", id,
                                formatRussianDate(*d->extendedTo)));
    }
    d->extendedTo = m_impl->calendar.addWorkingDays(d->due, workingDays);
    d->extensionReason = reason;
    d->callerInformed = callerInformed;
    auto s = m_impl->db.prepare("UPDATE deferred_answers SET extended_to = ?, "
                                "extension_reason = ?, caller_informed = ? WHERE call_id = ?");
    s.bind(1, formatIsoDate(*d->extendedTo)).bind(2, reason).bind(3, callerInformed).bind(4, id);
    s.run();
    tx.commit();
    return *d;
}

Deferred Journal::completeDeferred(CallId id, const std::string& result, const std::string& at) {
    std::lock_guard lock(m_impl->mutex);
    Impl::Tx tx(*m_impl);
    auto d = m_impl->getDeferred(id);
    if (!d) {
        throw Error(fmt::format("журнал: у звонка {} нет отсроченного ответа", id));
    }
    // The result said to the caller is a record: a second callback does not write over it.
    if (d->done()) {
        throw Error(fmt::format("журнал: результат по звонку {} уже записан {}: {}", id,
                                d->answeredAt, d->result));
    }
    if (trim(result).empty()) {
        throw Error("журнал: результат обратного звонка не может быть пустым");
    }
    std::string when = at.empty() ? nowTimestamp() : at;
    validateTimestamp(when, "время ответа");
    d->answeredAt = normalizeTimestamp(when);
    d->result = result;
    auto s = m_impl->db.prepare(
        "UPDATE deferred_answers SET answered_at = ?, result = ? WHERE call_id = ?");
    s.bind(1, d->answeredAt).bind(2, result).bind(3, id);
    s.run();
    tx.commit();
    return *d;
}

std::optional<Deferred> Journal::deferred(CallId id) const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->getDeferred(id);
}

std::vector<Deferred> Journal::deferredAnswers(const Period& period) const {
    std::lock_guard lock(m_impl->mutex);
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM deferred_answers WHERE created_on >= ? AND created_on < ? "
                    "ORDER BY created_on, call_id",
                    kDeferredColumns));
    s.bind(1, periodFrom(period)).bind(2, periodTo(period));
    std::vector<Deferred> out;
    while (s.step()) {
        out.push_back(readDeferred(s));
    }
    return out;
}

std::vector<Callback> Journal::callbacksDue(const Date& today) const {
    std::lock_guard lock(m_impl->mutex);
    auto s = m_impl->db.prepare(
        "SELECT d.call_id, d.phone, d.convenient_hours, d.created_on, d.due, d.extended_to, "
        "d.extension_reason, d.caller_informed, d.answered_at, d.result, c.number, c.question, "
        "c.department FROM deferred_answers d JOIN incoming_calls c ON c.id = d.call_id "
        "WHERE d.answered_at = '' AND COALESCE(d.extended_to, d.due) <= ? "
        "ORDER BY COALESCE(d.extended_to, d.due), d.call_id");
    s.bind(1, formatIsoDate(today));
    std::vector<Callback> out;
    while (s.step()) {
        Callback cb;
        cb.deferred = readDeferred(s);
        cb.callNumber = static_cast<int>(s.integer(10));
        cb.question = s.text(11);
        cb.department = s.text(12);
        cb.overdue = cb.deferred.deadline() < today;
        out.push_back(std::move(cb));
    }
    return out;
}

std::int64_t Journal::flagEntry(const KbFlag& flag) {
    std::lock_guard lock(m_impl->mutex);
    if (flag.kind == FlagKind::Outdated && flag.entryId.empty()) {
        throw Error("журнал: отметка «ответ устарел» относится к записи базы — укажите её");
    }
    Impl::Tx tx(*m_impl);
    if (flag.callId) {
        m_impl->requireIncoming(*flag.callId);
    }
    std::string department = flag.department;
    if (department.empty()) {
        department = departmentOfEntry(flag.entryId);
    }
    if (department.empty() && flag.callId) {
        department = m_impl->getIncoming(*flag.callId)->department;
    }
    auto s = m_impl->db.prepare(
        "INSERT INTO kb_flags (kind, entry_id, department, call_id, note, operator, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, static_cast<int>(flag.kind))
        .bind(2, flag.entryId)
        .bind(3, department)
        .bind(4, flag.callId)
        .bind(5, flag.note)
        .bind(6, flag.operatorName)
        .bind(7, flag.createdAt.empty() ? nowTimestamp() : normalizeTimestamp(flag.createdAt));
    s.run();
    const auto id = m_impl->db.lastInsertId();
    if (flag.kind == FlagKind::NoAnswer && flag.callId) {
        // The flag is the operator saying the KB had no answer for this call.
        auto u = m_impl->db.prepare("UPDATE incoming_calls SET kb_answer = ? WHERE id = ?");
        u.bind(1, static_cast<int>(KbAnswer::NotFound)).bind(2, *flag.callId);
        u.run();
    }
    tx.commit();
    return id;
}

void Journal::recordEmptySearch(const std::string& query, const std::string& department,
                                std::optional<CallId> callId) {
    std::lock_guard lock(m_impl->mutex);
    if (trim(query).empty()) {
        return; // nothing typed is not a question the KB failed
    }
    Impl::Tx tx(*m_impl);
    if (callId) {
        m_impl->requireIncoming(*callId);
    }
    auto s = m_impl->db.prepare(
        "INSERT INTO empty_searches (query, department, call_id, at) VALUES (?, ?, ?, ?)");
    s.bind(1, query).bind(2, department).bind(3, callId).bind(4, nowTimestamp());
    s.run();
    tx.commit();
}

std::vector<KbFlag> Journal::flags(const std::string& department, const Period& period) const {
    std::lock_guard lock(m_impl->mutex);
    auto s = m_impl->db.prepare(
        "SELECT id, kind, entry_id, department, call_id, note, operator, created_at FROM kb_flags "
        "WHERE (?1 = '' OR department = ?1) AND created_at >= ?2 AND created_at < ?3 "
        "ORDER BY department, created_at, id");
    s.bind(1, department).bind(2, periodFrom(period)).bind(3, periodTo(period));
    std::vector<KbFlag> out;
    while (s.step()) {
        KbFlag f;
        f.id = s.integer(0);
        f.kind = static_cast<FlagKind>(s.integer(1));
        f.entryId = s.text(2);
        f.department = s.text(3);
        if (!s.isNull(4)) {
            f.callId = s.integer(4);
        }
        f.note = s.text(5);
        f.operatorName = s.text(6);
        f.createdAt = s.text(7);
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<EmptySearch> Journal::emptySearches(const std::string& department,
                                                const Period& period) const {
    std::lock_guard lock(m_impl->mutex);
    auto s = m_impl->db.prepare("SELECT id, query, department, call_id, at FROM empty_searches "
                                "WHERE (?1 = '' OR department = ?1) AND at >= ?2 AND at < ?3 "
                                "ORDER BY department, at, id");
    s.bind(1, department).bind(2, periodFrom(period)).bind(3, periodTo(period));
    std::vector<EmptySearch> out;
    while (s.step()) {
        EmptySearch e;
        e.id = s.integer(0);
        e.query = s.text(1);
        e.department = s.text(2);
        if (!s.isNull(3)) {
            e.callId = s.integer(3);
        }
        e.at = s.text(4);
        out.push_back(std::move(e));
    }
    return out;
}

std::map<std::string, DepartmentSignals> Journal::departmentSignals(const Period& period) const {
    std::map<std::string, DepartmentSignals> out;
    for (const auto& f : flags({}, period)) {
        auto& d = out[f.department];
        (f.kind == FlagKind::Outdated ? d.outdated : d.noAnswer)++;
    }
    for (const auto& e : emptySearches({}, period)) {
        out[e.department].emptySearches++;
    }
    return out;
}

PurgeResult Journal::purgeBefore(const Date& cutoff) {
    std::lock_guard lock(m_impl->mutex);
    const std::string before = formatIsoDate(cutoff);
    PurgeResult result;
    Impl::Tx tx(*m_impl);
    auto& db = m_impl->db;
    {
        // A flag's note may name the caller: it goes with the call it was made on, or with
        // the flag's own age, whichever comes first.
        auto s = db.prepare(
            "UPDATE kb_flags SET note = '', call_id = NULL WHERE (created_at < ? OR call_id IN "
            "(SELECT id FROM incoming_calls WHERE received_at < ?)) "
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
    tx.commit();
    if (m_impl->depth == 0) {
        // Old page images in the WAL would still hold what was deleted.
        sqlite3_exec(db.handle(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    }
    return result;
}

} // namespace sufler::journal
