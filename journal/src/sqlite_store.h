#pragma once
// The journal in one SQLite file (WAL, every commit synced): one desk, no set-up.
#include "sufler/journal/store.h"

#include <filesystem>
#include <memory>

namespace sufler::journal {

class SqliteJournalStore final : public JournalStore {
public:
    // Opens (creating when missing, mode 0600) and migrates the file. An existing file that
    // others may read is refused: personal data stays with its owner. Throws sufler::Error.
    explicit SqliteJournalStore(const std::filesystem::path& path);
    ~SqliteJournalStore() override;

    [[nodiscard]] std::string describe() const override;
    [[nodiscard]] std::filesystem::path localFile(std::string_view suffix) const override;
    [[nodiscard]] int schemaVersion() override;
    void transaction(const std::function<void()>& body) override;

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

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sufler::journal
