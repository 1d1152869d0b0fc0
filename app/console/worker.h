#pragma once
// Everything slow runs here, off the frame loop: loading the KB, updating the index, searching,
// writing files. Two threads: one answers searches (and small tasks) at once, the other keeps the
// KB and its index up to date. Their results wait in a mailbox the frame empties; each delivery
// wakes the frame loop with glfwPostEmptyEvent (passed in as `wake`).
#include "sufler/indexer/search.h"
#include "sufler/kb/model.h"
#include "sufler/kb/staleness.h"
#include "sufler/scripts/script.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sufler::console {

// What the frame shows of the KB: replaced as a whole when an update is ready, so the operator
// keeps working with the previous one until then.
struct KbSnapshot {
    std::shared_ptr<const kb::KnowledgeBase> kb;
    std::shared_ptr<const scripts::ScriptSet> scripts;
    std::map<std::string, kb::SectionStaleness> sections; // by department slug
    Diagnostics diagnostics; // problems of single files: shown, the rest is served
    std::string error;       // the index could not be updated at all (the old one stays)
    indexer::UpdateStats stats;
    int generation = 0; // 1 for the first load
    double seconds = 0; // how long loading and indexing took
    std::string trigger; // «запуск», «изменение файлов», «обновление из git»
};

struct SearchReply {
    std::uint64_t ticket = 0;
    std::string query;
    indexer::SearchResult result;
    // The KB has no answer (nothing found, or too little of the question in the first hit):
    // the panel says so and offers the out-of-competence script and these agencies of
    // directory/.
    bool noAnswer = false;
    std::vector<indexer::Hit> agencies;
    std::string error;
    double milliseconds = 0;
};

class Worker {
public:
    struct Config {
        std::filesystem::path kbRoot;
        std::filesystem::path dbDir;
        double pollSeconds = 1.5;
        double fetchSeconds = 300;
        std::function<void()> wake; // called after each delivery, from a worker thread
    };

    explicit Worker(Config config);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Searches in the background; only the newest pending query runs. Returns its ticket.
    std::uint64_t search(std::string query, indexer::SearchOptions options = {});
    // Runs a small task on the search thread, in order (files, journal).
    void post(std::function<void()> task);
    // From a posted task: hands `uiTask` to the frame, which runs it on the UI thread.
    void toUi(std::function<void()> uiTask);
    // Checks the KB for changes now instead of at the next poll.
    void checkNow();

    struct Mail {
        std::optional<SearchReply> search;          // the newest reply since the last collect
        std::shared_ptr<const KbSnapshot> snapshot; // a new KB, when one is ready
        std::vector<std::string> notices;           // messages for the status line
        std::vector<std::function<void()>> forUi;   // results of posted tasks, run by the frame
    };
    // Called by the frame: takes what arrived since the last call.
    [[nodiscard]] Mail collect();

    [[nodiscard]] bool indexing() const { return m_indexing.load(); }
    [[nodiscard]] bool indexReady() const { return m_indexGeneration.load() > 0; }
    // What the status line says of the index while it is damaged or rebuilt («индекс повреждён
    // — строится заново…»); empty when it is whole.
    [[nodiscard]] std::string indexStatus() const;

private:
    void searchLoop();
    void updateLoop();
    void runUpdate(const std::string& trigger, const std::string& rebuild = {});
    // From the search thread: the index is damaged; the update thread rebuilds it beside the
    // old one, which keeps answering what it still can.
    void requestRebuild(const std::string& damage);
    void setIndexStatus(std::string text);
    void notice(std::string text);
    void deliver();

    Config m_config;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_indexing{false};
    std::atomic<int> m_indexGeneration{0};

    std::mutex m_searchMutex; // guards the search requests and tasks
    std::condition_variable m_searchWake;
    std::optional<std::pair<std::string, indexer::SearchOptions>> m_pendingQuery;
    std::uint64_t m_pendingTicket = 0;
    std::deque<std::function<void()>> m_tasks;
    int m_searcherGeneration = 0; // seen by the search thread

    std::mutex m_updateMutex;
    std::condition_variable m_updateWake;
    bool m_checkRequested = false;
    std::string m_rebuildRequest; // damage a search ran into, for the update thread

    mutable std::mutex m_statusMutex;
    std::string m_indexStatus;

    std::mutex m_mailMutex; // guards the mailbox
    Mail m_mail;

    std::uint64_t m_lastFingerprint = 0;
    int m_generation = 0;

    std::thread m_searchThread;
    std::thread m_updateThread;
};

// A cheap signature of the KB's files (paths, sizes, times), without .git; changes when any
// file is added, removed or written.
[[nodiscard]] std::uint64_t kbFingerprint(const std::filesystem::path& root);

} // namespace sufler::console
