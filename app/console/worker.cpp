// The console's two background threads and their mailbox.
#include "console/worker.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"
#include "sufler/kb/git_sync.h"
#include "sufler/kb/kb.h"

#include <chrono>
#include <functional>

namespace sufler::console {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uint64_t mix(std::uint64_t hash, std::uint64_t value) {
    hash ^= value + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
    return hash;
}

} // namespace

std::uint64_t kbFingerprint(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    std::uint64_t hash = 1469598103934665603ULL;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& path = it->path();
        if (path.filename() == ".git") {
            it.disable_recursion_pending();
            continue;
        }
        std::error_code statError;
        const auto status = it->symlink_status(statError);
        if (statError || !fs::is_regular_file(status))
            continue;
        hash = mix(hash, std::hash<std::string>{}(path.string()));
        hash = mix(hash, static_cast<std::uint64_t>(it->file_size(statError)));
        const auto written = it->last_write_time(statError);
        hash = mix(hash, static_cast<std::uint64_t>(written.time_since_epoch().count()));
    }
    return hash;
}

Worker::Worker(Config config) : m_config(std::move(config)) {
    m_searchThread = std::thread([this] { searchLoop(); });
    m_updateThread = std::thread([this] { updateLoop(); });
}

Worker::~Worker() {
    m_stop = true;
    { std::lock_guard lock(m_searchMutex); }
    m_searchWake.notify_all();
    { std::lock_guard lock(m_updateMutex); }
    m_updateWake.notify_all();
    m_updateThread.join();
    m_searchThread.join();
}

std::uint64_t Worker::search(std::string query, indexer::SearchOptions options) {
    std::uint64_t ticket = 0;
    {
        std::lock_guard lock(m_searchMutex);
        m_pendingQuery.emplace(std::move(query), std::move(options));
        ticket = ++m_pendingTicket;
    }
    m_searchWake.notify_one();
    return ticket;
}

void Worker::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_searchMutex);
        m_tasks.push_back(std::move(task));
    }
    m_searchWake.notify_one();
}

void Worker::toUi(std::function<void()> uiTask) {
    {
        std::lock_guard lock(m_mailMutex);
        m_mail.forUi.push_back(std::move(uiTask));
    }
    deliver();
}

void Worker::checkNow() {
    {
        std::lock_guard lock(m_updateMutex);
        m_checkRequested = true;
    }
    m_updateWake.notify_one();
}

Worker::Mail Worker::collect() {
    std::lock_guard lock(m_mailMutex);
    Mail mail = std::move(m_mail);
    m_mail = {};
    return mail;
}

std::string Worker::indexStatus() const {
    std::lock_guard lock(m_statusMutex);
    return m_indexStatus;
}

void Worker::setIndexStatus(std::string text) {
    {
        std::lock_guard lock(m_statusMutex);
        m_indexStatus = std::move(text);
    }
    deliver();
}

void Worker::requestRebuild(const std::string& damage) {
    setIndexStatus("индекс повреждён — строится заново, поиск пока по прежнему");
    {
        std::lock_guard lock(m_updateMutex);
        m_rebuildRequest = damage;
    }
    m_updateWake.notify_one();
}

void Worker::notice(std::string text) {
    {
        std::lock_guard lock(m_mailMutex);
        m_mail.notices.push_back(std::move(text));
    }
    deliver();
}

void Worker::deliver() {
    if (m_config.wake)
        m_config.wake();
}

void Worker::searchLoop() {
    std::unique_ptr<indexer::Searcher> searcher;
    int damageReportedAt = -1; // one rebuild per index found damaged
    while (true) {
        std::optional<std::pair<std::string, indexer::SearchOptions>> query;
        std::uint64_t ticket = 0;
        std::function<void()> task;
        {
            std::unique_lock lock(m_searchMutex);
            m_searchWake.wait(lock, [&] {
                const bool indexMoved = m_indexGeneration.load() != m_searcherGeneration;
                return m_stop.load() || !m_tasks.empty() || indexMoved ||
                       (m_pendingQuery && m_indexGeneration.load() > 0);
            });
            if (m_stop)
                return;
            if (m_indexGeneration.load() != m_searcherGeneration) {
                // a new index was committed: see it before answering anything else
                m_searcherGeneration = m_indexGeneration.load();
                lock.unlock();
                try {
                    if (searcher)
                        searcher->reopen();
                    else
                        searcher = std::make_unique<indexer::Searcher>(m_config.dbDir);
                } catch (const indexer::IndexDamaged& e) {
                    if (damageReportedAt != m_searcherGeneration) {
                        damageReportedAt = m_searcherGeneration;
                        requestRebuild(e.what());
                    }
                } catch (const std::exception& e) {
                    notice(std::string("Индекс не открывается: ") + e.what());
                }
                continue;
            }
            if (m_pendingQuery && searcher) {
                query = std::move(m_pendingQuery);
                m_pendingQuery.reset();
                ticket = m_pendingTicket;
            } else if (!m_tasks.empty()) {
                task = std::move(m_tasks.front());
                m_tasks.pop_front();
            } else {
                m_pendingQuery.reset(); // no searcher could be opened: drop the query
                continue;
            }
        }
        if (task) {
            try {
                task();
            } catch (const std::exception& e) {
                notice(e.what());
            }
            continue;
        }
        SearchReply reply;
        reply.ticket = ticket;
        reply.query = query->first;
        const auto start = Clock::now();
        try {
            reply.result = searcher->search(query->first, query->second);
            // a question the KB does not answer: the agencies it may belong to, searched
            // here rather than by the frame
            const auto& options = query->second;
            reply.noAnswer = !options.kind && options.department.empty() &&
                             !core::trimmed(query->first).empty() && reply.result.noAnswer();
            if (reply.noAnswer)
                reply.agencies = searcher->search(query->first, indexer::agencySearch()).hits;
        } catch (const indexer::IndexDamaged& e) {
            // The reader stays: what it can still read it answers until the rebuilt index
            // takes its place.
            reply.error = std::string("Поиск не выполнен: ") + e.what();
            if (damageReportedAt != m_searcherGeneration) {
                damageReportedAt = m_searcherGeneration;
                requestRebuild(e.what());
            }
        } catch (const std::exception& e) {
            reply.error = std::string("Поиск не выполнен: ") + e.what();
        }
        reply.milliseconds = secondsSince(start) * 1000.0;
        {
            std::lock_guard lock(m_mailMutex);
            m_mail.search = std::move(reply);
        }
        deliver();
    }
}

void Worker::runUpdate(const std::string& trigger, const std::string& rebuild) {
    m_indexing = true;
    deliver();
    const auto start = Clock::now();
    auto snapshot = std::make_shared<KbSnapshot>();
    snapshot->trigger = trigger;
    snapshot->generation = ++m_generation;
    // The fingerprint is taken before reading, so a write during the update is seen next time.
    m_lastFingerprint = kbFingerprint(m_config.kbRoot);
    bool indexed = false;
    try {
        auto kb = std::make_shared<kb::KnowledgeBase>(kb::load(m_config.kbRoot));
        snapshot->diagnostics = kb->diagnostics;
        try {
            Diagnostics scriptDiagnostics;
            snapshot->scripts = std::make_shared<const scripts::ScriptSet>(
                scripts::ScriptSet::fromKb(*kb, scriptDiagnostics));
            snapshot->diagnostics.insert(snapshot->diagnostics.end(), scriptDiagnostics.begin(),
                                         scriptDiagnostics.end());
        } catch (const std::exception& e) {
            snapshot->diagnostics.push_back(
                {"scripts/", 0, Severity::Error, std::string("скрипты не прочитаны: ") + e.what()});
        }
        try {
            const kb::StaleReport report = kb::staleReport(*kb, todayLocal());
            for (const auto& section : report.sections)
                snapshot->sections.emplace(section.department, section);
        } catch (const std::exception& e) {
            snapshot->diagnostics.push_back(
                {"departments/", 0, Severity::Warning,
                 std::string("актуальность разделов не рассчитана: ") + e.what()});
        }
        snapshot->kb = std::move(kb);
        Diagnostics indexDiagnostics;
        indexer::UpdateOptions options;
        options.rebuild = rebuild;
        options.onRebuild = [this](const std::string& damage) {
            // The searcher keeps the previous index open until the rebuilt one is swapped in.
            if (!damage.empty())
                setIndexStatus("индекс повреждён — строится заново, поиск пока по прежнему");
            else if (m_indexGeneration.load() > 0)
                setIndexStatus("индекс строится заново, поиск пока по прежнему");
        };
        snapshot->stats =
            indexer::updateIndex(m_config.kbRoot, m_config.dbDir, indexDiagnostics, options);
        // the loader and the indexer read the same files: keep each problem once
        for (auto& diagnostic : indexDiagnostics) {
            bool seen = false;
            for (const auto& known : snapshot->diagnostics)
                seen = seen || (known.path == diagnostic.path && known.line == diagnostic.line &&
                                known.message == diagnostic.message);
            if (!seen)
                snapshot->diagnostics.push_back(std::move(diagnostic));
        }
        indexed = true;
    } catch (const std::exception& e) {
        snapshot->error = e.what();
    }
    if (indexed)
        setIndexStatus({});
    else if (!indexStatus().empty())
        setIndexStatus("индекс повреждён, построить его заново не удалось — поиск по прежнему");
    snapshot->seconds = secondsSince(start);
    {
        std::lock_guard lock(m_mailMutex);
        m_mail.snapshot = snapshot;
    }
    if (indexed) {
        {
            std::lock_guard lock(m_searchMutex);
            m_indexGeneration = m_generation;
        }
        m_searchWake.notify_one();
    }
    m_indexing = false;
    deliver();
}

void Worker::updateLoop() {
    runUpdate("запуск");
    auto lastFetch = Clock::now();
    const bool hasRemote = m_config.fetchSeconds > 0 && kb::git::hasUpstream(m_config.kbRoot);
    while (!m_stop) {
        std::string rebuild;
        {
            std::unique_lock lock(m_updateMutex);
            m_updateWake.wait_for(lock, std::chrono::duration<double>(m_config.pollSeconds), [&] {
                return m_stop.load() || m_checkRequested || !m_rebuildRequest.empty();
            });
            m_checkRequested = false;
            rebuild = std::move(m_rebuildRequest);
            m_rebuildRequest.clear();
        }
        if (m_stop)
            return;
        if (!rebuild.empty()) {
            runUpdate("повреждение индекса", rebuild);
            continue;
        }
        std::string trigger;
        if (hasRemote && secondsSince(lastFetch) >= m_config.fetchSeconds) {
            lastFetch = Clock::now();
            const kb::git::SyncResult sync = kb::git::fetchFastForward(m_config.kbRoot);
            if (!sync.message.empty())
                notice(sync.message);
            if (sync.updated)
                trigger = "обновление из git";
        }
        if (trigger.empty() && kbFingerprint(m_config.kbRoot) != m_lastFingerprint)
            trigger = "изменение файлов";
        if (!trigger.empty())
            runUpdate(trigger);
    }
}

} // namespace sufler::console
