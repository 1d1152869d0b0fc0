// The outbox of a workstation: an SQLite file of operations waiting for the journal's server
// (sufler/journal/outbox.h).
#include "sufler/journal/outbox.h"
#include "sufler/journal/card_json.h"
#include "sufler/journal/workstation.h"

#include "text_util.h"

#include "sufler/core/error.h"
#include "sufler/core/sqlite.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <mutex>

namespace sufler::journal {

namespace {

using nlohmann::json;

constexpr const char* kLabel = "очередь записей для сервера журнала";
constexpr std::string_view kOfflineSource = "console offline:";

Date dayOf(const std::string& timestamp) {
    const auto day = parseDate(std::string_view(timestamp).substr(0, 10));
    if (!day) {
        throw Error(fmt::format("{}: недопустимое время «{}»", kLabel, timestamp));
    }
    return *day;
}

Period periodOfDay(const std::string& timestamp) {
    const Date day = dayOf(timestamp);
    return Period{day, day};
}

} // namespace

struct Outbox::State {
    std::filesystem::path path;
    mutable std::mutex mutex;
    sql::Database db;

    // Runs `body` as one transaction of the outbox file.
    template <typename Body> void transaction(Body&& body) {
        db.exec("BEGIN IMMEDIATE");
        try {
            body();
            db.exec("COMMIT");
        } catch (...) {
            db.exec("ROLLBACK");
            throw;
        }
    }

    void append(std::string_view kind, CallId call, const json& payload) {
        db.prepare("INSERT INTO ops(kind, call, payload) VALUES(?, ?, ?)")
            .bind(1, kind)
            .bind(2, call)
            .bind(3, payload.dump())
            .run();
    }

    void keepCard(CallId id, const IncomingCall& card) {
        db.prepare("INSERT INTO cards(call, card) VALUES(?, ?) "
                   "ON CONFLICT(call) DO UPDATE SET card = excluded.card")
            .bind(1, id)
            .bind(2, toJson(card).dump())
            .run();
    }

    [[nodiscard]] std::optional<CallId> server(CallId local) {
        auto s = db.prepare("SELECT server FROM calls WHERE local = ?");
        s.bind(1, local);
        if (!s.step() || s.isNull(0)) {
            return std::nullopt;
        }
        return s.integer(0);
    }

    // The server's id of a call named by the console (its own or a local one).
    CallId resolve(CallId id) {
        if (!isLocal(id)) {
            return id;
        }
        if (const auto found = server(id)) {
            return *found;
        }
        throw Error(fmt::format("{}: звонок {} ещё не отправлен на сервер", kLabel, id));
    }
};

Outbox::Outbox(const std::filesystem::path& path) : m_state(std::make_unique<State>()) {
    m_state->path = path;
    ensurePrivateFile(path, "файл очереди записей для сервера журнала");
    m_state->db = sql::Database(path.string(), kLabel);
    m_state->db.exec("PRAGMA journal_mode=WAL");
    m_state->db.exec("PRAGMA synchronous=FULL");
    m_state->db.exec("PRAGMA busy_timeout=15000");
    m_state->db.exec(
        "CREATE TABLE IF NOT EXISTS ops(seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT "
        "NULL, call INTEGER NOT NULL, payload TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS calls(local INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
        "server INTEGER);"
        "CREATE TABLE IF NOT EXISTS cards(call INTEGER PRIMARY KEY, card TEXT NOT NULL);");
}

Outbox::Outbox(Outbox&&) noexcept = default;
Outbox& Outbox::operator=(Outbox&&) noexcept = default;
Outbox::~Outbox() = default;

std::filesystem::path Outbox::path() const {
    return m_state->path;
}

CallId Outbox::startCall(const IncomingCall& card) {
    std::lock_guard lock(m_state->mutex);
    IncomingCall c = card;
    c.id = 0;
    c.number = 0; // the server numbers it
    c.closedAt.clear();
    if (c.receivedAt.empty()) {
        c.receivedAt = nowTimestamp();
    }
    const std::string key = randomId();
    c.source = std::string(kOfflineSource) + key;
    CallId local = 0;
    m_state->transaction([&] {
        auto s = m_state->db.prepare("SELECT COALESCE(MIN(local), 0) - 1 FROM calls");
        s.step();
        local = s.integer(0);
        m_state->db.prepare("INSERT INTO calls(local, key) VALUES(?, ?)")
            .bind(1, local)
            .bind(2, key)
            .run();
        m_state->append("start", local, json{{"card", toJson(c)}});
        m_state->keepCard(local, c);
    });
    return local;
}

void Outbox::saveCard(CallId id, const IncomingCall& card) {
    std::lock_guard lock(m_state->mutex);
    IncomingCall c = card;
    if (isLocal(id)) {
        // A call started here keeps the key it is found by on the server.
        auto s = m_state->db.prepare("SELECT key FROM calls WHERE local = ?");
        s.bind(1, id);
        if (!s.step()) {
            throw Error(fmt::format("{}: нет звонка {}", kLabel, id));
        }
        c.source = std::string(kOfflineSource) + s.text(0);
        c.number = 0;
    }
    m_state->transaction([&] {
        // A card is saved whole: only the last one matters.
        m_state->db.prepare("DELETE FROM ops WHERE kind = 'save' AND call = ?").bind(1, id).run();
        m_state->append("save", id, json{{"card", toJson(c)}});
        m_state->keepCard(id, c);
    });
}

void Outbox::closeCall(CallId id, const Survey& survey, const std::string& at) {
    std::lock_guard lock(m_state->mutex);
    const std::string when = at.empty() ? nowTimestamp() : at;
    m_state->transaction([&] {
        m_state->append("close", id,
                        json{{"answered", static_cast<int>(survey.answered)},
                             {"satisfaction", static_cast<int>(survey.satisfaction)},
                             {"at", when}});
    });
}

void Outbox::deferAnswer(CallId id, const std::string& phone, const std::string& convenientHours) {
    std::lock_guard lock(m_state->mutex);
    m_state->transaction([&] {
        m_state->append("defer", id, json{{"phone", phone}, {"hours", convenientHours}});
    });
}

void Outbox::flagEntry(const KbFlag& flag) {
    std::lock_guard lock(m_state->mutex);
    json j = {{"kind", static_cast<int>(flag.kind)},
              {"entry", flag.entryId},
              {"department", flag.department},
              {"note", flag.note},
              {"operator", flag.operatorName},
              {"at", flag.createdAt.empty() ? nowTimestamp() : flag.createdAt}};
    m_state->transaction([&] { m_state->append("flag", flag.callId.value_or(0), j); });
}

void Outbox::recordEmptySearch(const std::string& query, const std::string& department,
                               std::optional<CallId> callId, const std::string& at) {
    std::lock_guard lock(m_state->mutex);
    json j = {
        {"query", query}, {"department", department}, {"at", at.empty() ? nowTimestamp() : at}};
    m_state->transaction([&] { m_state->append("search", callId.value_or(0), j); });
}

void Outbox::addOutgoing(const OutgoingCall& call) {
    std::lock_guard lock(m_state->mutex);
    OutgoingCall c = call;
    c.id = 0;
    c.number = 0; // the server numbers it
    if (c.calledAt.empty()) {
        c.calledAt = nowTimestamp();
    }
    c.source = std::string(kOfflineSource) + randomId();
    m_state->transaction([&] {
        m_state->append("outgoing", c.incomingId.value_or(0), json{{"row", toJson(c)}});
    });
}

void Outbox::completeCallback(CallId id, const std::string& result,
                              const std::optional<CallbackClaim>& by, const std::string& at) {
    std::lock_guard lock(m_state->mutex);
    json claim = nullptr;
    if (by) {
        claim = json{{"operator", by->operatorName},
                     {"workstation", by->workstation.id},
                     {"host", by->workstation.host},
                     {"at", by->at}};
    }
    json j = {{"result", result}, {"at", at.empty() ? nowTimestamp() : at}, {"claim", claim}};
    m_state->transaction([&] { m_state->append("complete", id, j); });
}

void Outbox::recordSearchUse(const std::string& query, const std::string& entryId,
                             std::optional<CallId> callId, const std::string& at) {
    std::lock_guard lock(m_state->mutex);
    json j = {{"query", stripPhoneNumbers(query)},
              {"entry", entryId},
              {"at", at.empty() ? nowTimestamp() : at}};
    if (j["query"].get<std::string>().empty()) {
        return; // nothing but a number was typed: the journal would not keep it either
    }
    m_state->transaction([&] { m_state->append("use", callId.value_or(0), j); });
}

std::size_t Outbox::pending() const {
    std::lock_guard lock(m_state->mutex);
    auto s = m_state->db.prepare("SELECT COUNT(*) FROM ops");
    s.step();
    return static_cast<std::size_t>(s.integer(0));
}

std::optional<IncomingCall> Outbox::card(CallId id) const {
    std::lock_guard lock(m_state->mutex);
    auto s = m_state->db.prepare("SELECT card FROM cards WHERE call = ?");
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    IncomingCall c = incomingFromJson(json::parse(s.text(0)));
    c.id = id;
    return c;
}

std::optional<CallId> Outbox::serverId(CallId local) const {
    std::lock_guard lock(m_state->mutex);
    return m_state->server(local);
}

Outbox::Sent Outbox::flush(Journal& server) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    Sent sent;
    for (;;) {
        auto next = db.prepare("SELECT seq, kind, call, payload FROM ops ORDER BY seq LIMIT 1");
        if (!next.step()) {
            break;
        }
        const std::int64_t seq = next.integer(0);
        const std::string kind = next.text(1);
        const CallId call = next.integer(2);
        const json payload = json::parse(next.text(3));
        std::optional<std::pair<CallId, CallId>> started;
        std::optional<CallId> outgoing;

        // Each operation is written so that sending it again changes nothing: after a failure
        // between the server's commit and the removal below, it is sent once more.
        if (kind == "start") {
            const IncomingCall card = incomingFromJson(payload.at("card"));
            std::optional<CallId> found;
            for (const auto& c : server.incomingCalls(periodOfDay(card.receivedAt))) {
                if (c.source == card.source) {
                    found = c.id;
                }
            }
            started = {call, found ? *found : server.startIncoming(card)};
        } else if (kind == "save") {
            server.saveCard(m_state->resolve(call), incomingFromJson(payload.at("card")));
        } else if (kind == "close") {
            const CallId id = m_state->resolve(call);
            const auto existing = server.incoming(id);
            if (existing && existing->closedAt.empty()) {
                server.closeCall(
                    id,
                    Survey{static_cast<Answered>(payload.at("answered").get<int>()),
                           static_cast<Satisfaction>(payload.at("satisfaction").get<int>())},
                    payload.at("at").get<std::string>());
            }
        } else if (kind == "defer") {
            const CallId id = m_state->resolve(call);
            if (!server.deferred(id)) {
                server.deferAnswer(id, payload.at("phone").get<std::string>(),
                                   payload.at("hours").get<std::string>());
            }
        } else if (kind == "flag") {
            KbFlag f;
            f.kind = static_cast<FlagKind>(payload.at("kind").get<int>());
            f.entryId = payload.at("entry").get<std::string>();
            f.department = payload.at("department").get<std::string>();
            f.note = payload.at("note").get<std::string>();
            f.operatorName = payload.at("operator").get<std::string>();
            f.createdAt = payload.at("at").get<std::string>();
            if (call != 0) {
                f.callId = m_state->resolve(call);
            }
            bool there = false;
            for (const auto& g : server.flags({}, periodOfDay(f.createdAt))) {
                there = there ||
                        (g.createdAt == f.createdAt && g.kind == f.kind && g.entryId == f.entryId &&
                         g.operatorName == f.operatorName && g.callId == f.callId);
            }
            if (!there) {
                server.flagEntry(f);
            }
        } else if (kind == "search") {
            const std::string query = payload.at("query").get<std::string>();
            const std::string at = payload.at("at").get<std::string>();
            std::optional<CallId> id;
            if (call != 0) {
                id = m_state->resolve(call);
            }
            bool there = false;
            for (const auto& e : server.emptySearches({}, periodOfDay(at))) {
                there = there || (e.at == at && e.query == query && e.callId == id);
            }
            if (!there) {
                server.recordEmptySearch(query, payload.at("department").get<std::string>(), id,
                                         at);
            }
        } else if (kind == "outgoing") {
            OutgoingCall row = outgoingFromJson(payload.at("row"));
            if (row.incomingId) {
                row.incomingId = m_state->resolve(*row.incomingId);
            }
            for (const auto& c : server.outgoingCalls(periodOfDay(row.calledAt))) {
                if (c.source == row.source) {
                    outgoing = c.id;
                }
            }
            if (!outgoing) {
                outgoing = server.addOutgoing(row);
            }
        } else if (kind == "complete") {
            const CallId id = m_state->resolve(call);
            // recorded already (sent before, or answered by another): the first answer stays
            if (const auto deferred = server.deferred(id); deferred && !deferred->done()) {
                std::optional<CallbackClaim> by;
                if (const auto& c = payload.at("claim"); c.is_object()) {
                    by = CallbackClaim{
                        c.at("operator").get<std::string>(),
                        {c.at("workstation").get<std::string>(), c.at("host").get<std::string>()},
                        c.at("at").get<std::string>()};
                }
                server.completeDeferred(id, payload.at("result").get<std::string>(),
                                        payload.at("at").get<std::string>(), by);
            }
        } else if (kind == "use") {
            const std::string query = payload.at("query").get<std::string>();
            const std::string entry = payload.at("entry").get<std::string>();
            const std::string at = payload.at("at").get<std::string>();
            std::optional<CallId> id;
            if (call != 0) {
                id = m_state->resolve(call);
            }
            bool there = false;
            for (const auto& u : server.searchUses({}, periodOfDay(at))) {
                there = there ||
                        (u.at == at && u.query == query && u.entryId == entry && u.callId == id);
            }
            if (!there) {
                server.recordSearchUse(query, entry, id, {}, at);
            }
        } else {
            throw Error(fmt::format("{}: неизвестная запись «{}»", kLabel, kind));
        }

        m_state->transaction([&] {
            if (started) {
                db.prepare("UPDATE calls SET server = ? WHERE local = ?")
                    .bind(1, started->second)
                    .bind(2, started->first)
                    .run();
            }
            db.prepare("DELETE FROM ops WHERE seq = ?").bind(1, seq).run();
        });
        if (started) {
            sent.calls.push_back(*started);
        }
        if (outgoing) {
            sent.outgoing.push_back(*outgoing);
        }
        ++sent.operations;
    }
    return sent;
}

} // namespace sufler::journal
