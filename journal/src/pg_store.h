#pragma once
// The journal on a PostgreSQL server: one register for a team of workstations. One libpq
// connection per store, used under a mutex (each call atomic, a transaction() body alone, as
// JournalStore promises); the console calls it from its worker thread, never the UI's.
#include "sufler/journal/store.h"

#include <memory>
#include <string>

namespace sufler::journal {

class PostgresJournalStore final : public JournalStore {
public:
    // Connects to the server `where` names (a libpq URI or `service=…`) and brings the schema
    // up to date under an advisory lock, so several programs starting at once migrate it once.
    // Throws sufler::Error: the string, the password, the host, the server's version, a schema
    // written by a newer program.
    explicit PostgresJournalStore(const std::string& where);
    ~PostgresJournalStore() override;

    // PostgreSQL host:port/database and user; never the password.
    [[nodiscard]] std::string describe() const override;
    // In this workstation's data folder (localFolder()), named after the server and database.
    [[nodiscard]] std::filesystem::path localFile(std::string_view suffix) const override;
    [[nodiscard]] int schemaVersion() override;
    void transaction(const std::function<void()>& body) override;
    // synchronous_commit off for this transaction only: the keystroke saves of a card do not
    // wait for the disk (their p99 was the commit's fsync), the close still does.
    void draftTransaction(const std::function<void()>& body) override;

    CallId insertIncoming(const IncomingCall& call) override;
    void updateIncoming(CallId id, const IncomingCall& card) override;
    void closeIncoming(CallId id, const Survey& survey, const std::string& closedAt,
                       int durationSeconds) override;
    void setKbAnswer(CallId id, KbAnswer answer) override;
    [[nodiscard]] std::optional<IncomingCall> incoming(CallId id) override;
    [[nodiscard]] std::vector<IncomingCall> incomingCalls(const Period& period) override;
    [[nodiscard]] std::vector<IncomingCall> openCalls() override;
    [[nodiscard]] std::vector<IncomingCall> incomingByPhone(const std::string& key,
                                                            const Date& since) override;

    CallId insertOutgoing(const OutgoingCall& call) override;
    void updateOutgoing(CallId id, const OutgoingCall& call) override;
    [[nodiscard]] std::optional<OutgoingCall> outgoing(CallId id) override;
    [[nodiscard]] std::vector<OutgoingCall> outgoingCalls(const Period& period) override;

    void insertDeferred(const Deferred& deferred) override;
    void updateDeferred(const Deferred& deferred) override;
    [[nodiscard]] std::optional<Deferred> deferred(CallId id) override;
    [[nodiscard]] std::vector<Deferred> deferredAnswers(const Period& period) override;
    [[nodiscard]] std::vector<Callback> openCallbacks(const Date& until) override;
    std::optional<CallbackClaim> claimDeferred(CallId id, const CallbackClaim& claim,
                                               const std::string& lapsedBefore) override;
    void releaseDeferred(CallId id) override;

    void saveSession(const ConsoleSession& session, const std::string& heartbeatAt) override;
    void touchSession(const std::string& session, const std::string& heartbeatAt) override;
    void endSessions(const std::string& workstation, const std::string& except) override;
    void setCallSession(CallId id, const std::string& session) override;
    [[nodiscard]] std::optional<CallHolder> callHolder(CallId id) override;

    [[nodiscard]] std::int64_t changeSeq() override;
    std::int64_t waitForChange(std::int64_t lastSeq, std::chrono::milliseconds timeout) override;

    std::int64_t insertFlag(const KbFlag& flag) override;
    void insertEmptySearch(const EmptySearch& search) override;
    [[nodiscard]] std::vector<KbFlag> flags(const std::string& department,
                                            const Period& period) override;
    [[nodiscard]] std::vector<EmptySearch> emptySearches(const std::string& department,
                                                         const Period& period) override;
    void insertSearchUse(const SearchUse& use) override;
    [[nodiscard]] std::vector<SearchUse> searchUses(const std::string& department,
                                                    const Period& period) override;

    CitizenId insertCitizen(const Citizen& card, const std::string& nameKey) override;
    void updateCitizen(const Citizen& card, const std::string& nameKey) override;
    [[nodiscard]] std::optional<Citizen> citizen(CitizenId id) override;
    [[nodiscard]] std::vector<Citizen> citizensByPhoneKey(const std::string& key) override;
    [[nodiscard]] std::vector<std::pair<Citizen, std::string>> allCitizens() override;
    void setCallCitizen(CallId call, std::optional<CitizenId> citizen) override;
    [[nodiscard]] std::optional<CitizenId> callCitizen(CallId call) override;
    void linkUnlinkedCalls(const std::string& key, CitizenId citizen) override;
    [[nodiscard]] std::vector<IncomingCall> citizenCalls(CitizenId id) override;
    int moveCitizenCalls(CitizenId from, CitizenId to) override;
    void deleteCitizen(CitizenId id) override;
    int blankPersonalData(CitizenId id, const std::vector<std::string>& keys) override;

    PurgeResult purgeBefore(const Date& cutoff) override;

    [[nodiscard]] std::string journalId() override;
    [[nodiscard]] std::optional<std::int64_t> movedRecord(const std::string& sourceKey) override;
    void recordMoved(const std::string& sourceKey, std::int64_t id, int oldNumber) override;

    CampaignId insertCampaign(const Campaign& campaign) override;
    void updateCampaign(const Campaign& campaign) override;   // status, closedAt
    [[nodiscard]] std::vector<Campaign> campaigns() override; // by id
    std::optional<CampaignItemId> insertCampaignItem(const CampaignItem& item) override;
    void updateCampaignItem(const CampaignItem& item) override;
    [[nodiscard]] std::optional<CampaignItem> campaignItem(CampaignItemId id) override;
    [[nodiscard]] std::vector<CampaignItem> campaignItems(CampaignId campaign,
                                                          const std::string& dueBy) override;
    std::optional<CallbackClaim> claimCampaignItem(CampaignItemId id, const CallbackClaim& claim,
                                                   const std::string& lapsedBefore,
                                                   const std::string& dueBy) override;
    void releaseCampaignItem(CampaignItemId id) override;
    std::int64_t insertCampaignAttempt(const CampaignAttempt& attempt) override;
    [[nodiscard]] std::vector<CampaignAttempt> campaignAttempts(CampaignId campaign) override;

    std::optional<BookingId> insertBooking(const Booking& booking) override;
    void updateBooking(const Booking& booking) override;
    [[nodiscard]] std::optional<Booking> booking(BookingId id) override;
    [[nodiscard]] std::vector<Booking> bookings(const std::string& specialist,
                                                const std::string& from, const std::string& to,
                                                bool activeOnly) override;

    std::vector<ReminderAttempt> reminderAttempts(const std::vector<BookingId>& bookings) override;
    std::vector<std::pair<ReminderKey, CallbackClaim>>
    reminderClaims(const std::vector<BookingId>& bookings) override;
    std::optional<CallbackClaim> claimReminder(const ReminderKey& key, const CallbackClaim& claim,
                                               const std::string& lapsedBefore) override;
    void releaseReminder(const ReminderKey& key) override;
    std::int64_t insertReminderAttempt(const ReminderAttempt& attempt) override;

    // The schema version this program writes (the tests make a "newer" one from it).
    [[nodiscard]] static int knownSchemaVersion();

    // Makes the group roles sufler_operator and sufler_manager when missing and gives them
    // their rights on the journal's tables (see initServer() in sufler/journal/server.h).
    void grantRoles();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sufler::journal
