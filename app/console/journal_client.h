#pragma once
// The console's side of the call journal: a live call's recorder. The journal is opened on
// first use and touched only by tasks posted to the worker thread; what comes back (the call's
// number of the year, a booked deadline, the queue, an error) is handed to the UI thread.
// Next to the journal it keeps the script run of the open call, so that a console that
// crashed resumes on the same step. The console registers in the journal as one run at its
// workstation (the id kept in the data folder): the calls it starts are its own, a crash-resume
// takes back only its workstation's, and a watcher thread of its own writes the run's heartbeat
// and wakes the queue when another console changes the journal.
#include "console/call_card.h"
#include "console/call_recorder.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace sufler::journal {
struct IncomingCall;
}

namespace sufler::scripts {
class Runner;
}

namespace sufler::console {

// Where the journal's work runs: `post` on the worker thread, in order; `toUi`, from a posted
// task, back on the UI thread. Tests run both at once.
struct TaskQueue {
    std::function<void(std::function<void()>)> post;
    std::function<void(std::function<void()>)> toUi;
};

// The card as the register stores it, and back (a call the journal kept open).
[[nodiscard]] journal::IncomingCall toIncoming(const CallCard& card, const scripts::Runner* run);
[[nodiscard]] CallCard fromIncoming(const journal::IncomingCall& call);

struct JournalLink; // the journal and the open call's id, touched only on the worker

class JournalClient final : public CallRecorder {
public:
    // `path` empty: the journal's default place. `message` speaks on the status line.
    // `dataFolder`: where the workstation's id and lock are kept (empty: the default data
    // folder, `$XDG_DATA_HOME/sufler`).
    JournalClient(std::filesystem::path path, TaskQueue tasks,
                  std::function<void(std::string)> message, std::filesystem::path dataFolder = {});
    ~JournalClient() override;

    void callStarted(CallSession& session) override;
    void save(CallSession& session) override;
    void callEnded(CallSession& session) override;
    void entryOpened(const std::string&) override {}
    void resumeOpenCall(CallSession& session) override;
    void deferAnswer(CallSession& session) override;
    void extendDeferred(CallSession& session) override;
    bool flag(CallSession& session, journal::KbFlag flag, bool inCall) override;
    bool emptySearch(const std::string& query, const std::string& department, bool inCall) override;
    void searchUsed(const std::string& query, const std::string& entryId) override;

    [[nodiscard]] std::optional<std::string> queueUnavailable() const override {
        return std::nullopt;
    }
    void loadCallbacks(std::function<void(std::vector<CallbackRow>)> loaded,
                       std::function<void(std::string)> failed) override;
    void recordCallback(const CallbackRow& row, const std::string& text, bool extend,
                        std::shared_ptr<const kb::KnowledgeBase> kb,
                        std::function<void(CallbackSaved)> saved,
                        std::function<void(std::string)> failed) override;
    void claimCallback(const CallbackRow& row, const std::string& operatorName,
                       std::function<void()> claimed,
                       std::function<void(std::string)> failed) override;
    void releaseCallback(std::int64_t callId) override;
    void loadQueue(std::shared_ptr<const kb::KnowledgeBase> kb,
                   std::function<void(std::vector<QueueItem>)> loaded,
                   std::function<void(std::string)> failed) override;
    void claimQueueItem(const QueueItem& item, const std::string& operatorName,
                        std::shared_ptr<const kb::KnowledgeBase> kb, std::function<void()> claimed,
                        std::function<void(std::string)> failed) override;
    void releaseQueueItem(const QueueItem& item) override;
    void recordQueueResult(const QueueItem& item, QueueResult result, const std::string& when,
                           const std::string& operatorName,
                           std::shared_ptr<const kb::KnowledgeBase> kb,
                           std::function<void(QueueSaved)> saved,
                           std::function<void(std::string)> failed) override;
    void loadHistory(const std::string& phone, std::function<void(journal::CallerHistory)> loaded,
                     std::function<void(std::string)> failed) override;
    void saveOutgoing(const journal::OutgoingCall& call, bool forCurrent,
                      std::function<void(int)> saved,
                      std::function<void(std::string)> failed) override;
    void onJournal(JournalTask task, std::function<void(std::string)> failed) override;
    void watchChanges(std::function<void()> changed) override;
    [[nodiscard]] bool serverAway() const override;
    void loadStatus(std::function<void(journal::HotlineStatus)> loaded,
                    std::function<void(std::string)> failed) override;

private:
    void write(CallSession& session, bool closing);
    void say(std::string text);
    // On the worker, for a journal on a server: a write it could not take goes to the
    // workstation's outbox from now on (the status line says so), and the outbox is sent when
    // the server answers again (at most every few seconds unless `force`).
    void goOffline(const std::string& why);
    void flushOutbox(bool force);

    std::shared_ptr<JournalLink> m_link;
    TaskQueue m_tasks;
    std::function<void(std::string)> m_message;
    std::jthread m_watch; // the heartbeat and the change feed, on a connection of its own
    CallSession* m_session = nullptr; // the console's, once a call started
};

} // namespace sufler::console
