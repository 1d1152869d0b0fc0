// The PostgreSQL engine: the registers of incoming and outgoing calls, deferred answers and
// the signals for the KB, as rows.
#include "pg_store_impl.h"

#include "store_rows.h"
#include "text_util.h"

#include "sufler/core/phone.h"

#include <fmt/format.h>

namespace sufler::journal {

using rows::periodFrom;
using rows::periodTo;
using rows::toJson;

namespace pg_rows {

IncomingCall readIncoming(const pg::Result& r, int row) {
    return rows::readIncoming(Row{r, row});
}

OutgoingCall readOutgoing(const pg::Result& r, int row) {
    return rows::readOutgoing(Row{r, row});
}

std::optional<CallbackClaim> readClaim(const pg::Result& r, int row, int first) {
    return rows::readClaim(Row{r, row}, first);
}

Deferred readDeferred(const pg::Result& r, int row) {
    return rows::readDeferred(Row{r, row});
}

} // namespace pg_rows

using namespace pg_rows;

namespace {

// The card's fields as $2..$25, in the order of the UPDATE / INSERT below ($1 is the id or the
// number).
void addCard(pg::Params& p, const IncomingCall& c) {
    p.add(c.receivedAt)
        .add(c.phone)
        .add(static_cast<int>(c.gender))
        .add(c.callerName)
        .add(c.callerBirthYear)
        .add(c.municipality)
        .add(c.question)
        .add(c.organizations)
        .add(c.operatorName)
        .add(c.note)
        .add(c.department)
        .add(toJson(c.entriesUsed))
        .add(c.script)
        .add(c.scriptAdherence)
        .add(toJson(c.transfers))
        .add(static_cast<int>(c.survey.answered))
        .add(static_cast<int>(c.survey.satisfaction))
        .add(c.durationSeconds)
        .add(c.urgent)
        .add(c.aggressive)
        .add(c.complaint)
        .add(static_cast<int>(c.kbAnswer))
        .add(c.source)
        .add(nowTimestamp());
}

void addOutgoing(pg::Params& p, const OutgoingCall& c) {
    p.add(c.calledAt)
        .add(c.calleeContact)
        .add(c.municipality)
        .add(c.question)
        .add(c.organization)
        .add(c.operatorName)
        .add(c.note)
        .add(c.incomingId)
        .add(c.source);
}

} // namespace

// --- incoming calls -------------------------------------------------------------------------

CallId PostgresJournalStore::insertIncoming(const IncomingCall& c) {
    CallId id = 0;
    transaction([&] {
        pg::Params p;
        p.add(m_impl->number("incoming", c.receivedAt, c.number));
        addCard(p, c);
        p.add(c.closedAt).add(core::normalizePhone(c.phone)).add(c.outsideCompetence);
        id = m_impl->conn
                 .exec("INSERT INTO incoming_calls (number, received_at, phone, gender, "
                       "caller_name, caller_birth_year, municipality, question, organizations, "
                       "operator, note, department, entries_used, script, script_adherence, "
                       "transfers, answered, satisfaction, duration_seconds, urgent, aggressive, "
                       "complaint, kb_answer, source, updated_at, closed_at, phone_key, "
                       "outside_competence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                       "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, "
                       "$25, $26, $27, $28) RETURNING id",
                       p)
                 .integer(0, 0);
    });
    return id;
}

void PostgresJournalStore::updateIncoming(CallId id, const IncomingCall& c) {
    transaction([&] {
        pg::Params p;
        p.add(id);
        addCard(p, c);
        p.add(core::normalizePhone(c.phone)).add(c.outsideCompetence);
        m_impl->conn.exec(
            "UPDATE incoming_calls SET received_at = $2, phone = $3, gender = $4, phone_key = $26, "
            "caller_name = $5, caller_birth_year = $6, municipality = $7, question = $8, "
            "organizations = $9, operator = $10, note = $11, department = $12, "
            "entries_used = $13, script = $14, script_adherence = $15, transfers = $16, "
            "answered = $17, satisfaction = $18, duration_seconds = $19, urgent = $20, "
            "aggressive = $21, complaint = $22, kb_answer = $23, source = $24, updated_at = $25, "
            "outside_competence = $27 WHERE id = $1",
            p);
    });
}

void PostgresJournalStore::closeIncoming(CallId id, const Survey& survey,
                                         const std::string& closedAt, int durationSeconds) {
    transaction([&] {
        pg::Params p;
        p.add(id)
            .add(static_cast<int>(survey.answered))
            .add(static_cast<int>(survey.satisfaction))
            .add(closedAt)
            .add(durationSeconds);
        m_impl->conn.exec("UPDATE incoming_calls SET answered = $2, satisfaction = $3, "
                          "closed_at = $4, duration_seconds = $5, updated_at = $4 WHERE id = $1",
                          p);
    });
}

void PostgresJournalStore::setKbAnswer(CallId id, KbAnswer answer) {
    transaction([&] {
        pg::Params p;
        p.add(static_cast<int>(answer)).add(id);
        m_impl->conn.exec("UPDATE incoming_calls SET kb_answer = $1 WHERE id = $2", p);
    });
}

std::optional<IncomingCall> PostgresJournalStore::incoming(CallId id) {
    return m_impl->read([&]() -> std::optional<IncomingCall> {
        pg::Params p;
        p.add(id);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM incoming_calls WHERE id = $1", kIncomingColumns), p);
        if (r.rows() == 0) {
            return std::nullopt;
        }
        return readIncoming(r, 0);
    });
}

std::vector<IncomingCall> PostgresJournalStore::incomingCalls(const Period& period) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(periodFrom(period)).add(periodTo(period));
        return Impl::all<IncomingCall>(
            m_impl->conn.exec(fmt::format("SELECT {} FROM incoming_calls WHERE received_at >= $1 "
                                          "AND received_at < $2 ORDER BY received_at, id",
                                          kIncomingColumns),
                              p),
            readIncoming);
    });
}

std::vector<IncomingCall> PostgresJournalStore::openCalls() {
    return m_impl->read([&] {
        return Impl::all<IncomingCall>(
            m_impl->conn.exec(fmt::format("SELECT {} FROM incoming_calls WHERE closed_at = '' "
                                          "ORDER BY received_at, id",
                                          kIncomingColumns)),
            readIncoming);
    });
}

std::vector<IncomingCall> PostgresJournalStore::incomingByPhone(const std::string& key,
                                                                const Date& since) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(key).add(formatIsoDate(since));
        return Impl::all<IncomingCall>(
            m_impl->conn.exec(fmt::format("SELECT {} FROM incoming_calls WHERE phone_key = $1 "
                                          "AND received_at >= $2 ORDER BY received_at DESC, id "
                                          "DESC",
                                          kIncomingColumns),
                              p),
            readIncoming);
    });
}

// --- outgoing calls -------------------------------------------------------------------------

CallId PostgresJournalStore::insertOutgoing(const OutgoingCall& c) {
    CallId id = 0;
    transaction([&] {
        pg::Params p;
        p.add(m_impl->number("outgoing", c.calledAt, c.number));
        addOutgoing(p, c);
        id = m_impl->conn
                 .exec("INSERT INTO outgoing_calls (number, called_at, callee_contact, "
                       "municipality, question, organization, operator, note, incoming_id, "
                       "source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                       p)
                 .integer(0, 0);
    });
    return id;
}

void PostgresJournalStore::updateOutgoing(CallId id, const OutgoingCall& c) {
    transaction([&] {
        pg::Params p;
        p.add(id);
        addOutgoing(p, c);
        m_impl->conn.exec("UPDATE outgoing_calls SET called_at = $2, callee_contact = $3, "
                          "municipality = $4, question = $5, organization = $6, operator = $7, "
                          "note = $8, incoming_id = $9, source = $10 WHERE id = $1",
                          p);
    });
}

std::optional<OutgoingCall> PostgresJournalStore::outgoing(CallId id) {
    return m_impl->read([&]() -> std::optional<OutgoingCall> {
        pg::Params p;
        p.add(id);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM outgoing_calls WHERE id = $1", kOutgoingColumns), p);
        if (r.rows() == 0) {
            return std::nullopt;
        }
        return readOutgoing(r, 0);
    });
}

std::vector<OutgoingCall> PostgresJournalStore::outgoingCalls(const Period& period) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(periodFrom(period)).add(periodTo(period));
        return Impl::all<OutgoingCall>(
            m_impl->conn.exec(fmt::format("SELECT {} FROM outgoing_calls WHERE called_at >= $1 "
                                          "AND called_at < $2 ORDER BY called_at, id",
                                          kOutgoingColumns),
                              p),
            readOutgoing);
    });
}

// --- deferred answers -----------------------------------------------------------------------

void PostgresJournalStore::insertDeferred(const Deferred& d) {
    transaction([&] {
        pg::Params p;
        p.add(d.callId)
            .add(d.phone)
            .add(d.convenientHours)
            .add(formatIsoDate(d.createdOn))
            .add(formatIsoDate(d.due));
        m_impl->conn.exec("INSERT INTO deferred_answers (call_id, phone, convenient_hours, "
                          "created_on, due) VALUES ($1, $2, $3, $4, $5)",
                          p);
    });
}

void PostgresJournalStore::updateDeferred(const Deferred& d) {
    transaction([&] {
        pg::Params p;
        p.add(d.extendedTo ? std::optional(formatIsoDate(*d.extendedTo)) : std::nullopt)
            .add(d.extensionReason)
            .add(d.callerInformed)
            .add(d.answeredAt)
            .add(d.result)
            .add(d.callId);
        m_impl->conn.exec("UPDATE deferred_answers SET extended_to = $1, extension_reason = $2, "
                          "caller_informed = $3, answered_at = $4, result = $5 WHERE call_id = $6",
                          p);
    });
}

std::optional<Deferred> PostgresJournalStore::deferred(CallId id) {
    return m_impl->read([&]() -> std::optional<Deferred> {
        pg::Params p;
        p.add(id);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM deferred_answers WHERE call_id = $1", kDeferredColumns), p);
        if (r.rows() == 0) {
            return std::nullopt;
        }
        return readDeferred(r, 0);
    });
}

std::vector<Deferred> PostgresJournalStore::deferredAnswers(const Period& period) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(periodFrom(period)).add(periodTo(period));
        return Impl::all<Deferred>(
            m_impl->conn.exec(fmt::format("SELECT {} FROM deferred_answers WHERE created_on >= "
                                          "$1 AND created_on < $2 ORDER BY created_on, call_id",
                                          kDeferredColumns),
                              p),
            readDeferred);
    });
}

std::vector<Callback> PostgresJournalStore::openCallbacks(const Date& today) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(formatIsoDate(today));
        const auto r = m_impl->conn.exec(
            "SELECT d.call_id, d.phone, d.convenient_hours, d.created_on, d.due, d.extended_to, "
            "d.extension_reason, d.caller_informed, d.answered_at, d.result, d.claimed_by, "
            "d.claimed_workstation, d.claimed_host, d.claimed_at, c.number, c.question, "
            "c.department FROM deferred_answers d JOIN incoming_calls c ON c.id = d.call_id "
            "WHERE d.answered_at = '' AND COALESCE(d.extended_to, d.due) <= $1 "
            "ORDER BY COALESCE(d.extended_to, d.due), d.call_id",
            p);
        return Impl::all<Callback>(r, [](const pg::Result& rows, int i) {
            Callback cb;
            cb.deferred = readDeferred(rows, i);
            cb.callNumber = static_cast<int>(rows.integer(i, 14));
            cb.question = rows.text(i, 15);
            cb.department = rows.text(i, 16);
            return cb;
        });
    });
}

// --- signals for the KB ---------------------------------------------------------------------

std::int64_t PostgresJournalStore::insertFlag(const KbFlag& flag) {
    std::int64_t id = 0;
    transaction([&] {
        pg::Params p;
        p.add(static_cast<int>(flag.kind))
            .add(flag.entryId)
            .add(flag.department)
            .add(flag.callId)
            .add(flag.note)
            .add(flag.operatorName)
            .add(flag.createdAt);
        id = m_impl->conn
                 .exec("INSERT INTO kb_flags (kind, entry_id, department, call_id, note, "
                       "operator, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                       p)
                 .integer(0, 0);
    });
    return id;
}

void PostgresJournalStore::insertEmptySearch(const EmptySearch& e) {
    transaction([&] {
        pg::Params p;
        p.add(e.query).add(e.department).add(e.callId).add(e.at);
        m_impl->conn.exec("INSERT INTO empty_searches (query, department, call_id, at) VALUES "
                          "($1, $2, $3, $4)",
                          p);
    });
}

std::vector<KbFlag> PostgresJournalStore::flags(const std::string& department,
                                                const Period& period) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(department).add(periodFrom(period)).add(periodTo(period));
        const auto r = m_impl->conn.exec(
            "SELECT id, kind, entry_id, department, call_id, note, operator, created_at FROM "
            "kb_flags WHERE ($1 = '' OR department = $1) AND created_at >= $2 AND created_at < "
            "$3 ORDER BY department, created_at, id",
            p);
        return Impl::all<KbFlag>(r, [](const pg::Result& rows, int i) {
            KbFlag f;
            f.id = rows.integer(i, 0);
            f.kind = static_cast<FlagKind>(rows.integer(i, 1));
            f.entryId = rows.text(i, 2);
            f.department = rows.text(i, 3);
            if (!rows.isNull(i, 4)) {
                f.callId = rows.integer(i, 4);
            }
            f.note = rows.text(i, 5);
            f.operatorName = rows.text(i, 6);
            f.createdAt = rows.text(i, 7);
            return f;
        });
    });
}

std::vector<EmptySearch> PostgresJournalStore::emptySearches(const std::string& department,
                                                             const Period& period) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(department).add(periodFrom(period)).add(periodTo(period));
        const auto r = m_impl->conn.exec(
            "SELECT id, query, department, call_id, at FROM empty_searches WHERE ($1 = '' OR "
            "department = $1) AND at >= $2 AND at < $3 ORDER BY department, at, id",
            p);
        return Impl::all<EmptySearch>(r, [](const pg::Result& rows, int i) {
            EmptySearch e;
            e.id = rows.integer(i, 0);
            e.query = rows.text(i, 1);
            e.department = rows.text(i, 2);
            if (!rows.isNull(i, 3)) {
                e.callId = rows.integer(i, 3);
            }
            e.at = rows.text(i, 4);
            return e;
        });
    });
}

} // namespace sufler::journal
