#pragma once
// What a console could not send to the journal's server, kept on this workstation until the
// server is back: the call cards, closing surveys, deferred answers, callbacks answered,
// outgoing calls, signals of the KB and the search log, in the order they were written. Each
// write is durable before it returns (an SQLite file of the workstation, mode 0600), so a
// kill -9 while offline loses nothing; flush() sends each once.
//
// A call started while offline has a local id (negative, so it is never taken for a server's
// row id) and gets its server id and «№ п/п» when it reaches the server. Sending twice is
// harmless: a call started offline, incoming or outgoing, carries a key of its own (`source`
// «console offline:<key>») and is found by it; a card is saved whole; a closed call, a deferred
// answer, a flag, an empty search and a search use already on the server are not written again.
#include "sufler/journal/journal.h"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sufler::journal {

class Outbox {
public:
    // Opens (creating on first write) the outbox file at `path`. Throws sufler::Error.
    explicit Outbox(const std::filesystem::path& path);
    Outbox(Outbox&&) noexcept;
    Outbox& operator=(Outbox&&) noexcept;
    ~Outbox();

    [[nodiscard]] static bool isLocal(CallId id) { return id < 0; }
    [[nodiscard]] std::filesystem::path path() const;

    // --- written while the server cannot be reached ----------------------------------------
    // A new call: a local id until it is sent. The card's receivedAt is set to now when empty.
    CallId startCall(const IncomingCall& card);
    // The whole card of a call (local or the server's): only the last one is kept.
    void saveCard(CallId id, const IncomingCall& card);
    // `at` is when the operator closed it (now when empty).
    void closeCall(CallId id, const Survey& survey, const std::string& at = {});
    void deferAnswer(CallId id, const std::string& phone, const std::string& convenientHours);
    void flagEntry(const KbFlag& flag); // createdAt set to now when empty
    void recordEmptySearch(const std::string& query, const std::string& department,
                           std::optional<CallId> callId, const std::string& at = {});
    // An outgoing call (Приложение 2), numbered by the server when sent. Its incomingId may name
    // a call started here: the row is linked to that call's server id. calledAt set to now when
    // empty (the time of the call, not of the sending).
    void addOutgoing(const OutgoingCall& call);
    // The query typed during a call and the entry opened from its results (the journal's search
    // log); kept without phone-like digits, as the journal keeps it, and not at all when nothing
    // else is left.
    void recordSearchUse(const std::string& query, const std::string& entryId,
                         std::optional<CallId> callId, const std::string& at = {});
    // The answer of a callback taken from the queue (`by`, the claim this console won) before
    // the server went away: Journal::completeDeferred when sent; at = now when empty (the time
    // of the callback). Not written once the server has a result for the call; refused, and
    // waiting, while another operator holds it (a claim lapses in Journal::kClaimTimeout).
    void completeCallback(CallId id, const std::string& result,
                          const std::optional<CallbackClaim>& by, const std::string& at = {});

    // Operations waiting to be sent.
    [[nodiscard]] std::size_t pending() const;
    // The card of a call as last written here (a local call, or a server's call saved here).
    [[nodiscard]] std::optional<IncomingCall> card(CallId id) const;

    struct Sent {
        int operations = 0;
        std::vector<std::pair<CallId, CallId>> calls; // local id → the server's id
        std::vector<CallId> outgoing;                 // the server's ids of the outgoing rows
    };
    // Sends what waits, oldest first; each operation leaves the outbox once the server has it.
    // Stops at the first failure and rethrows it: what was sent stays sent, the rest waits.
    Sent flush(Journal& server);
    // The server's id of a call started here, once sent.
    [[nodiscard]] std::optional<CallId> serverId(CallId local) const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace sufler::journal
