// The console's background worker when the index is damaged: the search that runs into it gets
// the reason (not «nothing found»), the index is rebuilt beside the old one while searches go
// on, and the status line says so meanwhile.
#include "console/worker.h"
#include "temp_dir.h"

#include "sufler/indexer/search.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

using namespace sufler;
using namespace sufler::console;
namespace fs = std::filesystem;

namespace {

// A worker on a copy of the demo KB, and what it delivered: replies by ticket, snapshots, and
// the index status at every delivery (the status of a rebuild lasts only as long as it does).
class WorkerRun {
public:
    explicit WorkerRun(const fs::path& home) : m_kb(home / "kb"), m_db(home / "idx") {}
    // The worker's threads call `wake` until they are joined: join them while what it uses
    // is still there.
    ~WorkerRun() { m_owned.reset(); }
    WorkerRun(const WorkerRun&) = delete;
    WorkerRun& operator=(const WorkerRun&) = delete;

    void copyKb() const { fs::copy(test::demoKb(), m_kb, fs::copy_options::recursive); }

    void start() {
        Worker::Config config;
        config.kbRoot = m_kb;
        config.dbDir = m_db;
        config.pollSeconds = 0.2;
        config.fetchSeconds = 0;
        config.wake = [this] {
            const Worker* worker = m_worker.load();
            if (worker == nullptr)
                return;
            const std::string status = worker->indexStatus();
            std::lock_guard lock(m_mutex);
            if (m_statuses.empty() || m_statuses.back() != status)
                m_statuses.push_back(status);
        };
        m_owned = std::make_unique<Worker>(std::move(config));
        m_worker = m_owned.get();
    }

    // Collects mail until `done` holds or `seconds` pass.
    template <class Done> bool waitFor(Done done, double seconds = 60) {
        const auto until =
            std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < until) {
            Worker::Mail mail = m_owned->collect();
            if (mail.search)
                m_replies[mail.search->ticket] = *mail.search;
            if (mail.snapshot)
                m_snapshots.push_back(mail.snapshot);
            if (done())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    SearchReply search(const std::string& query) {
        const std::uint64_t ticket = m_owned->search(query);
        REQUIRE(waitFor([&] { return m_replies.count(ticket) != 0; }));
        return m_replies[ticket];
    }

    [[nodiscard]] bool sawStatus(const std::string& words) {
        std::lock_guard lock(m_mutex);
        return std::any_of(m_statuses.begin(), m_statuses.end(), [&](const std::string& s) {
            return s.find(words) != std::string::npos;
        });
    }

    [[nodiscard]] const fs::path& kb() const { return m_kb; }
    [[nodiscard]] const fs::path& db() const { return m_db; }
    [[nodiscard]] Worker& worker() { return *m_owned; }
    [[nodiscard]] const std::vector<std::shared_ptr<const KbSnapshot>>& snapshots() const {
        return m_snapshots;
    }

private:
    fs::path m_kb;
    fs::path m_db;
    std::unique_ptr<Worker> m_owned;
    std::atomic<const Worker*> m_worker{nullptr};
    std::mutex m_mutex;
    std::vector<std::string> m_statuses;
    std::map<std::uint64_t, SearchReply> m_replies;
    std::vector<std::shared_ptr<const KbSnapshot>> m_snapshots;
};

bool hasHit(const SearchReply& reply, std::string_view idPrefix) {
    return std::any_of(reply.result.hits.begin(), reply.result.hits.end(),
                       [&](const indexer::Hit& hit) { return hit.id.rfind(idPrefix, 0) == 0; });
}

constexpr std::string_view kGuardianship = "departments/guardianship/";

} // namespace

TEST_CASE("worker: a search that runs into a damaged index gets the reason, the index is rebuilt "
          "in the background and search answers again",
          "[worker]") {
    test::TempDir home;
    WorkerRun run(home.path());
    run.copyKb();
    run.start();
    REQUIRE(run.waitFor([&] { return run.worker().indexReady() && !run.snapshots().empty(); }));
    REQUIRE(hasHit(run.search("опека над ребёнком"), kGuardianship));

    // The index is damaged under the open reader: its postlist table is cut to nothing.
    fs::resize_file(run.db() / "postlist.glass", 0);
    const SearchReply failed = run.search("пособие по уходу за ребёнком");
    INFO(failed.error);
    CHECK(failed.error.find("индекс повреждён") != std::string::npos);
    CHECK(failed.result.hits.empty());

    // Rebuilt beside the old one, without anything changing in the KB.
    REQUIRE(run.waitFor([&] {
        const auto& all = run.snapshots();
        return std::any_of(all.begin(), all.end(), [](const auto& s) {
            return s->stats.rebuilt && !s->stats.damage.empty();
        });
    }));
    CHECK(run.sawStatus("индекс повреждён — строится заново"));
    REQUIRE(run.waitFor([&] { return run.worker().indexStatus().empty(); }));
    const SearchReply again = run.search("опека над ребёнком");
    CHECK(again.error.empty());
    CHECK(hasHit(again, kGuardianship));
}

TEST_CASE("worker: an index found damaged at start is rebuilt, and the status says so meanwhile",
          "[worker]") {
    test::TempDir home;
    WorkerRun run(home.path());
    run.copyKb();
    Diagnostics diagnostics;
    indexer::updateIndex(run.kb(), run.db(), diagnostics);
    fs::resize_file(run.db() / "postlist.glass", fs::file_size(run.db() / "postlist.glass") / 2);

    run.start();
    REQUIRE(run.waitFor([&] { return run.worker().indexReady() && !run.snapshots().empty(); }));
    const auto& first = *run.snapshots().front();
    INFO(first.error);
    CHECK(first.stats.rebuilt);
    CHECK(first.stats.damage.find("postlist.glass") != std::string::npos);
    CHECK(run.sawStatus("индекс повреждён — строится заново"));
    CHECK(run.worker().indexStatus().empty());
    CHECK(hasHit(run.search("опека над ребёнком"), kGuardianship));
}
