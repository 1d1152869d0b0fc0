#include "sufler/training/store.h"

#include "sufler/core/clock.h"
#include "sufler/core/error.h"
#include "sufler/core/sqlite.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

namespace sufler::training {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS trainee (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, studied_commit TEXT);
CREATE TABLE IF NOT EXISTS reading (
    trainee INTEGER NOT NULL REFERENCES trainee(id), entry_id TEXT NOT NULL, read_at TEXT NOT NULL,
    PRIMARY KEY (trainee, entry_id));
CREATE TABLE IF NOT EXISTS session (
    id INTEGER PRIMARY KEY, trainee INTEGER NOT NULL REFERENCES trainee(id),
    started_at TEXT NOT NULL, department TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS call (
    id INTEGER PRIMARY KEY, session INTEGER NOT NULL REFERENCES session(id),
    entry_id TEXT NOT NULL, department TEXT NOT NULL, words TEXT NOT NULL,
    transfer_expected INTEGER NOT NULL, record TEXT NOT NULL, score REAL NOT NULL,
    max REAL NOT NULL);
PRAGMA user_version = 1;
)sql";

std::string nowLocal() {
    return core::formatLocal(core::now(), "%Y-%m-%dT%H:%M:%S");
}

nlohmann::json toJson(const CallRecord& r) {
    nlohmann::json j;
    j["opened"] = r.openedEntries;
    j["seconds_to_find"] = r.secondsToFind ? nlohmann::json(*r.secondsToFind) : nlohmann::json();
    j["required_done"] = r.requiredDone;
    j["required_missed"] = r.requiredMissed;
    j["survey_answered"] = r.surveyAnswered;
    j["transfers"] = r.transfers;
    return j;
}

} // namespace

std::filesystem::path storePathBeside(const std::filesystem::path& journalPath) {
    return journal::localFolder(journalPath.string()) / "training.sqlite";
}

struct TrainingStore::Impl {
    sql::Database db;

    std::int64_t traineeId(const std::string& name) {
        db.prepare("INSERT OR IGNORE INTO trainee(name) VALUES (?)").bind(1, name).run();
        auto select = db.prepare("SELECT id FROM trainee WHERE name = ?");
        select.bind(1, name);
        select.step();
        return select.integer(0);
    }
};

TrainingStore::TrainingStore(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TrainingStore::TrainingStore(TrainingStore&&) noexcept = default;
TrainingStore& TrainingStore::operator=(TrainingStore&&) noexcept = default;
TrainingStore::~TrainingStore() = default;

TrainingStore TrainingStore::open(const std::filesystem::path& path) {
    // Trainees' names are personal data too: the file is its owner's only, like the journal.
    journal::ensurePrivateFile(path, "файл обучения");
    auto impl = std::make_unique<Impl>();
    impl->db = sql::Database(path.string(), "результаты обучения");
    impl->db.exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
    impl->db.exec(kSchema);
    return TrainingStore(std::move(impl));
}

void TrainingStore::markRead(const std::string& trainee, const std::string& entryId) {
    auto id = m_impl->traineeId(trainee);
    m_impl->db.prepare("INSERT OR IGNORE INTO reading(trainee, entry_id, read_at) VALUES (?,?,?)")
        .bind(1, id)
        .bind(2, entryId)
        .bind(3, nowLocal())
        .run();
}

std::set<std::string> TrainingStore::readIds(const std::string& trainee) const {
    std::set<std::string> out;
    auto select = m_impl->db.prepare(
        "SELECT entry_id FROM reading JOIN trainee ON trainee.id = reading.trainee WHERE name = ?");
    select.bind(1, trainee);
    while (select.step()) {
        out.insert(select.text(0));
    }
    return out;
}

void TrainingStore::recordStudied(const std::string& trainee, const std::string& commit) {
    auto id = m_impl->traineeId(trainee);
    m_impl->db.prepare("UPDATE trainee SET studied_commit = ? WHERE id = ?")
        .bind(1, commit)
        .bind(2, id)
        .run();
}

std::optional<std::string> TrainingStore::lastStudiedCommit(const std::string& trainee) const {
    auto select = m_impl->db.prepare("SELECT studied_commit FROM trainee WHERE name = ?");
    select.bind(1, trainee);
    if (!select.step() || select.isNull(0)) {
        return std::nullopt;
    }
    return select.text(0);
}

std::int64_t TrainingStore::startSession(const std::string& trainee,
                                         const std::string& department) {
    auto id = m_impl->traineeId(trainee);
    m_impl->db.prepare("INSERT INTO session(trainee, started_at, department) VALUES (?,?,?)")
        .bind(1, id)
        .bind(2, nowLocal())
        .bind(3, department)
        .run();
    return m_impl->db.lastInsertId();
}

void TrainingStore::recordCall(std::int64_t session, const CallRecord& record, const Score& score) {
    m_impl->db
        .prepare("INSERT INTO call(session, entry_id, department, words, transfer_expected, record,"
                 " score, max) VALUES (?,?,?,?,?,?,?,?)")
        .bind(1, session)
        .bind(2, record.question.entryId)
        .bind(3, record.question.department)
        .bind(4, record.question.words)
        .bind(5, record.question.transferExpected)
        .bind(6, toJson(record).dump())
        .bind(7, score.total())
        .bind(8, score.max())
        .run();
}

std::vector<std::string> TrainingStore::trainees() const {
    std::vector<std::string> out;
    auto select = m_impl->db.prepare("SELECT name FROM trainee ORDER BY name");
    while (select.step()) {
        out.push_back(select.text(0));
    }
    return out;
}

TraineeReport TrainingStore::report(const std::string& trainee) const {
    TraineeReport report;
    report.trainee = trainee;
    report.readIds = readIds(trainee);
    auto sessions =
        m_impl->db.prepare("SELECT session.id, started_at, session.department, count(call.id),"
                           " coalesce(sum(call.score), 0), coalesce(sum(call.max), 0)"
                           " FROM session JOIN trainee ON trainee.id = session.trainee"
                           " LEFT JOIN call ON call.session = session.id WHERE name = ?"
                           " GROUP BY session.id ORDER BY started_at, session.id");
    sessions.bind(1, trainee);
    while (sessions.step()) {
        report.sessions.push_back({sessions.integer(0), sessions.text(1), sessions.text(2),
                                   static_cast<int>(sessions.integer(3)), sessions.real(4),
                                   sessions.real(5)});
    }
    auto calls = m_impl->db.prepare(
        "SELECT entry_id, call.department, score, max FROM call"
        " JOIN session ON session.id = call.session JOIN trainee ON trainee.id = session.trainee"
        " WHERE name = ? ORDER BY call.id");
    calls.bind(1, trainee);
    while (calls.step()) {
        report.calls.push_back({calls.text(0), calls.text(1), calls.real(2), calls.real(3)});
    }
    return report;
}

} // namespace sufler::training
