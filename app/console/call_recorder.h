#pragma once
// Where a call's record goes. The session (call_session.h) keeps the rules of a call and tells
// its recorder what happened; the recorder keeps it — the journal for a live call
// (journal_client.h), the training file for a simulated one (training_mode.h). Console picks
// one in its constructor; nothing else in the console knows which it is.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sufler::kb {
struct KnowledgeBase;
}

namespace sufler::journal {
class Journal;
struct KbFlag;
struct OutgoingCall;
struct CallerHistory;
struct HotlineStatus;
} // namespace sufler::journal

namespace sufler::console {

class CallSession;

// What waits in the shared queue (F4): a callback of a deferred answer, a reminder of a booked
// consultation, or the next call of an informing campaign.
enum class QueueKind { Callback, Reminder, Campaign };

// «перезвонить с ответом», «напоминание о консультации», «обзвон»
[[nodiscard]] const char* queueKindRu(QueueKind kind);

// One item of the queue as it is shown; the fields of the other kinds stay empty.
struct QueueItem {
    QueueKind kind = QueueKind::Callback;
    std::int64_t callId = 0; // Callback: the call of the deferred answer
    int callNumber = 0;
    std::string phone;
    std::string convenientHours;
    std::string question;
    std::string due; // Callback: the deadline, «25.11.2026»; the others: when it became due
    bool overdue = false;
    bool upcoming = false;  // due on one of the next working days
    bool extended = false;  // the deadline was extended already: once only
    std::string takenBy;    // the operator who took it from the shared queue; "" = free
    bool takenHere = false; // ...at this workstation

    std::int64_t itemId = 0; // Reminder: the booking; Campaign: the citizen of the call list
    int offsetMinutes = 0;   // Reminder: how long before the consultation
    std::string citizenName;
    // Reminder: the consultation as the operator says it
    std::string consultation;  // «пн 08.12.2026 в 10:45»
    std::string startsAt;      // `YYYY-MM-DD HH:MM`
    std::string specialistKey; // `<department>/<id>`
    std::string specialist;    // «юрист Гордеев Игорь Павлович»
    std::string place;         // address, room
    std::string howToGet;
    std::string offset; // «за 1 день»
    // Campaign: its title (the measure), KB entry and script; the attempt this call is
    std::int64_t campaignId = 0;
    std::string campaign;
    std::string campaignEntry;
    std::string script; // the outgoing script of the call (Reminder and Campaign)
    std::string municipality;
    int attempt = 0;     // Campaign: 1.., Reminder: attempts not reached so far + 1
    int maxAttempts = 0; // Campaign

    // The item across reloads: «callback:12», «reminder:3:1440», «campaign:7».
    [[nodiscard]] std::string key() const;
};
using CallbackRow = QueueItem; // the name the callbacks' code grew up with

// What a reminder or a campaign call came to, chosen by a key in the queue.
enum class QueueResult {
    Reached,     // reminder: «дозвонились, напомнили»
    NotReached,  // both: tried again later
    Cancelled,   // reminder: the citizen cancelled the booking
    Moved,       // reminder: moved to another free slot
    Informed,    // campaign: «проинформирован»
    Refused,     // campaign
    WrongNumber, // campaign
    CallLater,   // campaign: at the time the citizen asked
};

class CallRecorder {
public:
    virtual ~CallRecorder() = default;

    // A call begins on the card (numbered locally; the recorder may give its own number).
    virtual void callStarted(CallSession& session) = 0;
    // The card or the script run changed: keep it as it is now.
    virtual void save(CallSession& session) = 0;
    // The survey is done and the card closed.
    virtual void callEnded(CallSession& session) = 0;
    virtual void entryOpened(const std::string& entryId) = 0;
    // At start: a call left open by a console that did not close (a crash) comes back.
    virtual void resumeOpenCall(CallSession& session) = 0;
    // The deferred answer, phone and convenient hours on the card: book the callback.
    virtual void deferAnswer(CallSession& session) = 0;
    // Up to ten working days when a written request is needed.
    virtual void extendDeferred(CallSession& session) = 0;
    // A signal about the KB; false when it is not kept (the recorder said why, if it matters).
    virtual bool flag(CallSession& session, journal::KbFlag flag, bool inCall) = 0;
    // A search that found nothing; false when it is not kept.
    virtual bool emptySearch(const std::string& query, const std::string& department,
                             bool inCall) = 0;
    // During a call, an entry opened from the results of `query`: how callers ask for it (the
    // journal's search log). Training keeps none.
    virtual void searchUsed(const std::string& query, const std::string& entryId) {
        (void)query, (void)entryId;
    }

    // A call closed with no question asks the operator to confirm it first: the register's
    // «Краткое содержание вопроса» is what the report counts (a training call has none).
    [[nodiscard]] virtual bool questionRequired() const { return true; }

    // The queue of callbacks (F4). Why there is none, when there is none.
    [[nodiscard]] virtual std::optional<std::string> queueUnavailable() const = 0;
    virtual void loadCallbacks(std::function<void(std::vector<CallbackRow>)> loaded,
                               std::function<void(std::string)> failed) = 0;
    // What the caller was told (or why the deadline moves, `extend`), for one row of the queue.
    struct CallbackSaved {
        std::string said;             // for the status line
        bool extendedCurrent = false; // the call on the card is the one extended
        std::string due;              // its new deadline, «25.11.2026»
        bool keptHere = false;        // the server is away: it waits in the workstation's outbox
    };
    virtual void recordCallback(const CallbackRow& row, const std::string& text, bool extend,
                                std::shared_ptr<const kb::KnowledgeBase> kb,
                                std::function<void(CallbackSaved)> saved,
                                std::function<void(std::string)> failed) = 0;
    // Takes the row's callback from the shared queue for `operatorName`: `claimed` when this
    // console has it, `failed` with why not (who holds it).
    virtual void claimCallback(const CallbackRow& row, const std::string& operatorName,
                               std::function<void()> claimed,
                               std::function<void(std::string)> failed) {
        (void)row, (void)operatorName, (void)claimed;
        failed("очереди обратных звонков здесь нет");
    }
    // An outgoing call (Приложение 2) registered on the worker; `forCurrent`: made for the
    // incoming call in progress (linked to it). `saved` gets its number of the year, or 0 when
    // the journal's server is away and the row waits on this workstation (the outbox).
    virtual void saveOutgoing(const journal::OutgoingCall& call, bool forCurrent,
                              std::function<void(int)> saved,
                              std::function<void(std::string)> failed) {
        (void)call, (void)forCurrent, (void)saved;
        failed("исходящие звонки записываются в журнал звонков, в обучении их нет");
    }
    // A returning caller: the earlier calls from `phone` and what is owed to them, read on the
    // worker (the call in progress left out).
    virtual void loadHistory(const std::string& phone,
                             std::function<void(journal::CallerHistory)> loaded,
                             std::function<void(std::string)> failed) {
        (void)phone, (void)loaded, (void)failed; // training callers have no history
    }
    // Work on the journal beyond the call's own record (the applicant card, consultations):
    // `task` runs on the worker with the journal and the id of the call in progress (0: none,
    // or not in the journal yet); what it returns, if anything, runs on the UI thread after it.
    // `failed` (UI thread) gets why not: the task threw, or there is no journal here.
    using JournalTask =
        std::function<std::function<void()>(journal::Journal& journal, std::int64_t currentCall)>;
    virtual void onJournal(JournalTask task, std::function<void(std::string)> failed) {
        (void)task;
        failed("карточки заявителей и запись на консультацию — в журнале звонков, в обучении их "
               "нет");
    }
    // Returns a callback this console took (and did not record) to the queue.
    virtual void releaseCallback(std::int64_t callId) { (void)callId; }

    // The whole queue (F4): callbacks, the reminders due now and the campaigns' next calls.
    // `kb` gives the reminders' offsets and the specialists; only callbacks where there is none.
    virtual void loadQueue(std::shared_ptr<const kb::KnowledgeBase> kb,
                           std::function<void(std::vector<QueueItem>)> loaded,
                           std::function<void(std::string)> failed) {
        (void)kb;
        loadCallbacks(std::move(loaded), std::move(failed));
    }
    // Takes a reminder or a campaign call as claimCallback takes a callback.
    virtual void claimQueueItem(const QueueItem& item, const std::string& operatorName,
                                std::shared_ptr<const kb::KnowledgeBase> kb,
                                std::function<void()> claimed,
                                std::function<void(std::string)> failed) {
        (void)kb;
        if (item.kind == QueueKind::Callback) {
            claimCallback(item, operatorName, std::move(claimed), std::move(failed));
            return;
        }
        failed("напоминаний и обзвонов здесь нет: они в журнале звонков");
    }
    // Returns a reminder or a campaign call this console took to the queue.
    virtual void releaseQueueItem(const QueueItem& item) {
        if (item.kind == QueueKind::Callback)
            releaseCallback(item.callId);
    }
    // The result of a reminder or a campaign call, a row of the outgoing register. `when`: for
    // Moved the new slot, for CallLater the time asked (`YYYY-MM-DD HH:MM`). A move refused
    // (the slot just taken) comes back with why and the next free slots, nothing recorded.
    struct QueueSaved {
        std::string said; // for the status line
        bool refused = false;
        std::vector<std::string> nextFree; // `YYYY-MM-DD HH:MM`
    };
    virtual void recordQueueResult(const QueueItem& item, QueueResult result,
                                   const std::string& when, const std::string& operatorName,
                                   std::shared_ptr<const kb::KnowledgeBase> kb,
                                   std::function<void(QueueSaved)> saved,
                                   std::function<void(std::string)> failed) {
        (void)item, (void)result, (void)when, (void)operatorName, (void)kb, (void)saved;
        failed("напоминаний и обзвонов здесь нет: они в журнале звонков");
    }
    // Calls `changed` (on the UI thread) whenever another console or the command line changed
    // what the queue shows; an empty function stops it. Keeps this console's sign of life.
    virtual void watchChanges(std::function<void()> changed) { (void)changed; }
    // The journal's server is out of reach and what is recorded waits on this workstation: the
    // status line says so for as long as it lasts, not only in a message that fades. Read on the
    // UI thread every frame, so it must not wait on anything.
    [[nodiscard]] virtual bool serverAway() const { return false; }
    // The hotline as it is now, for the senior operator's panel (F6): read on the worker,
    // `loaded` or `failed` (why not) called on the UI thread.
    virtual void loadStatus(std::function<void(journal::HotlineStatus)> loaded,
                            std::function<void(std::string)> failed) {
        (void)loaded;
        failed("панели старшего оператора здесь нет: она показывает журнал звонков");
    }
};

} // namespace sufler::console
