#pragma once
// Where a journal keeps its records: an engine behind the Journal. The Journal holds the rules
// (numbering, deadlines, the transfer limit, extensions, validation); a store reads and writes
// records as they are given and keeps them safe: every write it is asked for is committed and
// durable before it returns, and transaction() makes several of them one.
//
// To add an engine: implement JournalStore (see SqliteJournalStore in src/sqlite_store.h,
// PostgresJournalStore in src/pg_store.h) and teach openStore() (src/open_store.cpp) which
// `--journal` texts are its own. Nothing else in the program knows which engine it talks to.
#include "sufler/journal/booking.h"
#include "sufler/journal/campaigns.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/reminders.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::journal {

// A store may be used from several threads at once; each call is atomic, and a transaction()
// body runs alone. Errors are sufler::Error, in Russian, naming the journal.
class JournalStore {
public:
    virtual ~JournalStore() = default;

    // The journal as people name it in messages: a file path, a server and database.
    [[nodiscard]] virtual std::string describe() const = 0;
    // A file of this workstation that goes with the journal (the open call's script run), named
    // by `suffix`: for a file journal `<file><suffix>` beside it.
    [[nodiscard]] virtual std::filesystem::path localFile(std::string_view suffix) const = 0;
    [[nodiscard]] virtual int schemaVersion() = 0;

    // Runs `body` as one write transaction: all of it is kept, or none. Calls from the body
    // (nested transactions too) join it; a body that swallows an error of such a call has the
    // whole transaction refused.
    virtual void transaction(const std::function<void()>& body) = 0;
    // The same for a write that the next write of the same record supersedes (a call card
    // saved as it is typed): an engine may acknowledge it before it is on disk. A later
    // transaction() makes it durable too, since a server's log is flushed in order.
    virtual void draftTransaction(const std::function<void()>& body) { transaction(body); }

    // --- incoming calls: written as given (the Journal has validated and timed them) -------
    // One numbering per register and calendar year: a call with number 0 gets the next «№ п/п»
    // of the year of its receivedAt, assigned inside the insert's own transaction so that
    // concurrent writers (several programs on one server) get 1..N with no gap and no
    // duplicate; a number given (an import) is kept, and the next assigned follows the highest.
    virtual CallId insertIncoming(const IncomingCall& call) = 0; // closedAt as given
    // Every field of the card but id, number and closedAt.
    virtual void updateIncoming(CallId id, const IncomingCall& card) = 0;
    virtual void closeIncoming(CallId id, const Survey& survey, const std::string& closedAt,
                               int durationSeconds) = 0;
    virtual void setKbAnswer(CallId id, KbAnswer answer) = 0;
    [[nodiscard]] virtual std::optional<IncomingCall> incoming(CallId id) = 0;
    // Ordered by receivedAt, then id; a Period selects by the day of receivedAt.
    [[nodiscard]] virtual std::vector<IncomingCall> incomingCalls(const Period& period) = 0;
    [[nodiscard]] virtual std::vector<IncomingCall> openCalls() = 0; // closedAt empty
    // Calls whose phone's key is `key`, received on or after `since` (a day), newest first. A
    // store keeps core::normalizePhone(phone) beside every call it writes, indexed.
    [[nodiscard]] virtual std::vector<IncomingCall> incomingByPhone(const std::string& key,
                                                                    const Date& since) = 0;

    // --- outgoing calls -------------------------------------------------------------------
    virtual CallId insertOutgoing(const OutgoingCall& call) = 0; // numbered as insertIncoming
    virtual void updateOutgoing(CallId id, const OutgoingCall& call) = 0; // all but id, number
    [[nodiscard]] virtual std::optional<OutgoingCall> outgoing(CallId id) = 0;
    [[nodiscard]] virtual std::vector<OutgoingCall> outgoingCalls(const Period& period) = 0;

    // --- deferred answers (one per call) --------------------------------------------------
    virtual void insertDeferred(const Deferred& deferred) = 0;
    virtual void updateDeferred(const Deferred& deferred) = 0; // extension and answer
    [[nodiscard]] virtual std::optional<Deferred> deferred(CallId id) = 0;
    // Ordered by createdOn, then call; a Period selects by createdOn.
    [[nodiscard]] virtual std::vector<Deferred> deferredAnswers(const Period& period) = 0;
    // Not answered, deadline on or before `until`, earliest deadline first (overdue unset),
    // each with its claim as stored (a lapsed one too).
    [[nodiscard]] virtual std::vector<Callback> openCallbacks(const Date& until) = 0;

    // --- the shared callback queue ----------------------------------------------------------
    // One conditional write: the open callback `id` gets `claim` when it is not taken, its claim
    // was taken before `lapsedBefore`, or it is `claim`'s holder's already. Returns the claim in
    // force after it (`claim` when won); none when the callback is not open.
    virtual std::optional<CallbackClaim> claimDeferred(CallId id, const CallbackClaim& claim,
                                                       const std::string& lapsedBefore) = 0;
    virtual void releaseDeferred(CallId id) = 0;

    // --- console runs and the calls they hold -----------------------------------------------
    // Inserts or replaces the run, its last sign of life `heartbeatAt`.
    virtual void saveSession(const ConsoleSession& session, const std::string& heartbeatAt) = 0;
    // A run's sign of life; "" ends it.
    virtual void touchSession(const std::string& session, const std::string& heartbeatAt) = 0;
    // Ends every run of `workstation` but `except`.
    virtual void endSessions(const std::string& workstation, const std::string& except) = 0;
    virtual void setCallSession(CallId id, const std::string& session) = 0;
    // The run that holds the call (alive unset); none when no run does.
    [[nodiscard]] virtual std::optional<CallHolder> callHolder(CallId id) = 0;

    // --- live changes ---------------------------------------------------------------------
    // The counter that the writes others must see move (see Journal::changeSeq).
    [[nodiscard]] virtual std::int64_t changeSeq() = 0;
    // Waits until changeSeq() differs from `lastSeq` or `timeout` passes; returns it. By
    // default a poll of changeSeq(); a server's engine may be woken instead.
    virtual std::int64_t waitForChange(std::int64_t lastSeq, std::chrono::milliseconds timeout);

    // --- signals for the KB ---------------------------------------------------------------
    virtual std::int64_t insertFlag(const KbFlag& flag) = 0; // department and time given
    virtual void insertEmptySearch(const EmptySearch& search) = 0;
    // "" selects every department; ordered by department, time, id.
    [[nodiscard]] virtual std::vector<KbFlag> flags(const std::string& department,
                                                    const Period& period) = 0;
    [[nodiscard]] virtual std::vector<EmptySearch> emptySearches(const std::string& department,
                                                                 const Period& period) = 0;
    // Queries and the entries opened from them; ordered by department, time, id.
    virtual void insertSearchUse(const SearchUse& use) = 0;
    [[nodiscard]] virtual std::vector<SearchUse> searchUses(const std::string& department,
                                                            const Period& period) = 0;

    // --- consultations booked with specialists (sufler/journal/booking.h) -------------------
    // One conditional write: the booking is inserted unless an active booking already holds
    // its specialist and start; returns its id, none when the slot is taken.
    virtual std::optional<BookingId> insertBooking(const Booking& booking) = 0;
    virtual void updateBooking(const Booking& booking) = 0; // status, movedTo, note
    [[nodiscard]] virtual std::optional<Booking> booking(BookingId id) = 0;
    // Bookings of `specialist` ("" = everyone's) starting in [from, to) (`YYYY-MM-DD HH:MM`),
    // only active ones when asked; by start, then id.
    [[nodiscard]] virtual std::vector<Booking> bookings(const std::string& specialist,
                                                        const std::string& from,
                                                        const std::string& to, bool activeOnly) = 0;

    // --- applicant cards -------------------------------------------------------------------
    // Written as given; `nameKey` is the folded name the Journal searches by; phones are kept
    // with their core::normalizePhone keys.
    virtual CitizenId insertCitizen(const Citizen& card, const std::string& nameKey) = 0;
    virtual void updateCitizen(const Citizen& card, const std::string& nameKey) = 0;
    [[nodiscard]] virtual std::optional<Citizen> citizen(CitizenId id) = 0;
    // Cards with a phone whose key is `key`, by id.
    [[nodiscard]] virtual std::vector<Citizen> citizensByPhoneKey(const std::string& key) = 0;
    // Every card with its name key, by id (name search and duplicates are the Journal's).
    [[nodiscard]] virtual std::vector<std::pair<Citizen, std::string>> allCitizens() = 0;
    virtual void setCallCitizen(CallId call, std::optional<CitizenId> citizen) = 0;
    [[nodiscard]] virtual std::optional<CitizenId> callCitizen(CallId call) = 0;
    // Links to `citizen` every call with phone key `key` linked to no card.
    virtual void linkUnlinkedCalls(const std::string& key, CitizenId citizen) = 0;
    [[nodiscard]] virtual std::vector<IncomingCall> citizenCalls(CitizenId id) = 0; // oldest first
    virtual int moveCitizenCalls(CitizenId from, CitizenId to) = 0; // returns how many
    virtual void deleteCitizen(CitizenId id) = 0;
    // Blanks the personal fields of the calls linked to `id` or with a phone key in `keys`
    // (and of their deferred answers and outgoing rows), deletes their search log, blanks the
    // bookings of the card or of those calls (and their reminders' notes and outgoing rows),
    // and the card's or phones' rows of campaigns' call lists (rows::kEraseCampaignItem, with
    // their attempts' notes and outgoing rows); returns how many calls.
    virtual int blankPersonalData(CitizenId id, const std::vector<std::string>& keys) = 0;

    // --- retention: what the Journal's purgeBefore promises, with nothing left readable -----
    virtual PurgeResult purgeBefore(const Date& cutoff) = 0;

    // --- moving records between journals (`sufler journal migrate`) -----------------------
    // The journal's own identity: made once with it, kept for its life.
    [[nodiscard]] virtual std::string journalId() = 0;
    // The id given to the record moved here under `sourceKey` (source journal id, kind, old
    // id), if it was moved already.
    [[nodiscard]] virtual std::optional<std::int64_t> movedRecord(const std::string& sourceKey) = 0;
    // Notes that `sourceKey` was moved here as `id`; `oldNumber` is its «№ п/п» in the source
    // (0 for records without one).
    virtual void recordMoved(const std::string& sourceKey, std::int64_t id, int oldNumber) = 0;

    // --- informing campaigns (sufler/journal/campaigns.h) ---------------------------------
    virtual CampaignId insertCampaign(const Campaign& campaign) = 0;
    virtual void updateCampaign(const Campaign& campaign) = 0;   // status, closedAt
    [[nodiscard]] virtual std::vector<Campaign> campaigns() = 0; // by id
    // None when the list has the item's phone key already (one conditional write).
    virtual std::optional<CampaignItemId> insertCampaignItem(const CampaignItem& item) = 0;
    // The attempts, last result, last time, due time and finished; the claim is dropped.
    virtual void updateCampaignItem(const CampaignItem& item) = 0;
    [[nodiscard]] virtual std::optional<CampaignItem> campaignItem(CampaignItemId id) = 0;
    // The list of `campaign` in order; with campaign 0, the unfinished items of open campaigns
    // due by `dueBy`, by due time, campaign and position.
    [[nodiscard]] virtual std::vector<CampaignItem> campaignItems(CampaignId campaign,
                                                                  const std::string& dueBy) = 0;
    // One conditional write: the unfinished item `id` of an open campaign, due by `dueBy`, gets
    // `claim` when it is not taken, its claim was taken before `lapsedBefore`, or it is the
    // holder's already. Returns the claim in force after it; none when it is finished or not
    // due.
    virtual std::optional<CallbackClaim> claimCampaignItem(CampaignItemId id,
                                                           const CallbackClaim& claim,
                                                           const std::string& lapsedBefore,
                                                           const std::string& dueBy) = 0;
    virtual void releaseCampaignItem(CampaignItemId id) = 0;
    virtual std::int64_t insertCampaignAttempt(const CampaignAttempt& attempt) = 0;
    [[nodiscard]] virtual std::vector<CampaignAttempt> campaignAttempts(CampaignId campaign) = 0;

    // --- reminders of booked consultations (sufler/journal/reminders.h) -------------------
    // The attempts on the reminders of `bookings`, in time order.
    [[nodiscard]] virtual std::vector<ReminderAttempt>
    reminderAttempts(const std::vector<BookingId>& bookings) = 0;
    // The claims held (lapsed ones too) on the reminders of `bookings`.
    [[nodiscard]] virtual std::vector<std::pair<ReminderKey, CallbackClaim>>
    reminderClaims(const std::vector<BookingId>& bookings) = 0;
    // One conditional write: the reminder of an active booking that no attempt has ended gets
    // `claim` when it is not taken, its claim was taken before `lapsedBefore`, or it is the
    // holder's already. Returns the claim in force after it; none when the booking is not
    // active or the reminder is ended.
    virtual std::optional<CallbackClaim> claimReminder(const ReminderKey& key,
                                                       const CallbackClaim& claim,
                                                       const std::string& lapsedBefore) = 0;
    virtual void releaseReminder(const ReminderKey& key) = 0;
    // Adds the attempt and drops the reminder's claim.
    virtual std::int64_t insertReminderAttempt(const ReminderAttempt& attempt) = 0;
};

// The store a `--journal` text names: every engine is registered here. A PostgreSQL connection
// string (`postgresql://…`, `postgres://…`, `service=…`: a team's register on a server), else a
// file path (SQLite, created when missing). Throws sufler::Error.
[[nodiscard]] std::unique_ptr<JournalStore> openStore(const std::string& where);

// The folder where this workstation keeps its own files that go with the journal `where`
// (training results): a file journal's folder; for a server's journal, the workstation's
// data folder (where the default journal lives).
[[nodiscard]] std::filesystem::path localFolder(const std::string& where);

} // namespace sufler::journal
