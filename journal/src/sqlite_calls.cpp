// The SQLite engine: the registers of incoming and outgoing calls, deferred answers and the
// signals for the KB, as rows.
#include "sqlite_store_impl.h"

#include "store_rows.h"
#include "text_util.h"

#include "sufler/core/phone.h"

namespace sufler::journal {

using rows::periodFrom;
using rows::periodTo;
using rows::toJson;

namespace sqlite_rows {

IncomingCall readIncoming(const sql::Statement& s) {
    return rows::readIncoming(Row{s});
}

OutgoingCall readOutgoing(const sql::Statement& s) {
    return rows::readOutgoing(Row{s});
}

std::optional<CallbackClaim> readClaim(const sql::Statement& s, int first) {
    return rows::readClaim(Row{s}, first);
}

Deferred readDeferred(const sql::Statement& s) {
    return rows::readDeferred(Row{s});
}

} // namespace sqlite_rows

using namespace sqlite_rows;

namespace {

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
        .bind(27, core::normalizePhone(c.phone))
        .bind(28, c.outsideCompetence);
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
        "updated_at, closed_at, phone_key, outside_competence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
        "?25, ?26, ?27, ?28)");
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
        "kb_answer = ?23, source = ?24, updated_at = ?25, phone_key = ?27, "
        "outside_competence = ?28 WHERE id = ?1");
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

} // namespace sufler::journal
