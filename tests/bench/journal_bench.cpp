// A hotline's team against one journal: N simulated operators, each with a connection of its
// own as a console has, save the call card about 5 times a second (the console saves on every
// change), close calls, defer answers and take callbacks from the shared queue; another
// console watches the changes. Prints saves/s, save latency p50/p99, how long until another
// console sees a change (p50/p99), double claims and numbering gaps (both must be 0).
//
//   journal_bench --engine postgres [--operators 20] [--seconds 20] [--rate 5]
//   journal_bench --engine sqlite --operators 1
//   journal_bench --journal postgresql://…   (a server of your own)
//   journal_bench --keystroke-saves durable   (saveCard instead of the console's saveDraft)
//
// With --engine postgres the bench starts a throwaway server (tools/pg-test-server.sh) with
// fsync on, as a real server runs.
#include "sufler/core/date.h"
#include "sufler/core/error.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/workstation.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace sufler;
using namespace sufler::journal;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[index];
}

struct Options {
    std::string engine = "postgres";
    std::string journal;
    int operators = 20;
    int seconds = 20;
    double rate = 5;      // saves a second per operator
    bool durable = false; // keystroke saves durable (saveCard) rather than drafts, to compare
};

int run(const std::string& command) {
    return std::system(command.c_str());
}

// A throwaway server with fsync on, stopped when the bench ends.
class BenchServer {
public:
    BenchServer() {
        m_dir = std::filesystem::temp_directory_path() /
                fmt::format("sufler-journal-bench-{}", static_cast<long>(::getpid()));
        std::filesystem::create_directories(m_dir);
        const std::string script = std::string(SUFLER_SOURCE_DIR) + "/tools/pg-test-server.sh";
        if (run(fmt::format("SUFLER_TEST_PG_FSYNC=${{SUFLER_BENCH_FSYNC:-on}} "
                            "SUFLER_TEST_PG_PORT=54341 '{}' start '{}'",
                            script, m_dir.string())) != 0 ||
            !std::filesystem::exists(m_dir / "uri")) {
            throw Error("не удалось запустить сервер PostgreSQL для замера");
        }
        std::ifstream in(m_dir / "uri");
        std::getline(in, m_uri);
        m_stop = fmt::format("'{}' stop '{}' >/dev/null 2>&1", script, m_dir.string());
    }
    ~BenchServer() {
        (void)run(m_stop);
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    [[nodiscard]] const std::string& uri() const { return m_uri; }

private:
    std::filesystem::path m_dir;
    std::string m_uri;
    std::string m_stop;
};

struct Figures {
    std::mutex mutex;
    std::vector<double> saveMs;
    std::vector<double> closeMs;
    std::vector<double> seenMs;
    std::map<CallId, std::set<std::string>> winners; // callback → operators who won it
    std::atomic<int> saves{0};
    std::atomic<int> failures{0};
    std::string firstFailure;
};

void operatorLoop(const std::string& where, int index, Clock::time_point until,
                  const Options& options, Figures& figures) {
    const std::string name = fmt::format("Оператор {}", index + 1);
    const Workstation desk{fmt::format("{:032}", index + 1), fmt::format("bench-{}", index + 1)};
    Journal j = Journal::open(where);
    j.attachConsole(ConsoleSession{randomId(), desk, name}, true);
    const auto period = std::chrono::duration<double>(1.0 / options.rate);
    std::mt19937 random(static_cast<unsigned>(index) * 7919U + 1U);
    std::vector<double> saveMs;
    std::vector<double> closeMs;
    int calls = 0;
    auto next = Clock::now();
    while (Clock::now() < until) {
        try {
            IncomingCall card;
            card.operatorName = name;
            card.question = "Вопрос о ";
            const CallId id = j.startIncoming(card);
            for (int keystroke = 0; keystroke < 10 && Clock::now() < until; ++keystroke) {
                next += std::chrono::duration_cast<Clock::duration>(period);
                std::this_thread::sleep_until(next);
                card.question += "словах гражданина ";
                const auto t0 = Clock::now();
                // as the console saves while the operator types, or durable to compare
                options.durable ? j.saveCard(id, card) : j.saveDraft(id, card);
                saveMs.push_back(ms(Clock::now() - t0));
                ++figures.saves;
            }
            if (++calls % 3 == 0) {
                j.deferAnswer(id, "89001234567", "после обеда");
            }
            const auto c0 = Clock::now();
            j.saveCard(id, card); // the close: durable, as the console does it
            j.closeCall(id, Survey{Answered::Yes, Satisfaction::Satisfied});
            closeMs.push_back(ms(Clock::now() - c0));
            // Take a callback from the queue, as F4 does; several operators go for the same.
            const auto queue = j.callbackQueue(todayLocal());
            if (!queue.empty()) {
                const auto& pick = queue[random() % std::min<std::size_t>(queue.size(), 3)];
                if (j.claimCallback(pick.deferred.callId, name, desk).won) {
                    std::lock_guard lock(figures.mutex);
                    figures.winners[pick.deferred.callId].insert(name);
                }
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(figures.mutex);
            if (figures.failures++ == 0) {
                figures.firstFailure = e.what();
            }
        }
    }
    std::lock_guard lock(figures.mutex);
    figures.saveMs.insert(figures.saveMs.end(), saveMs.begin(), saveMs.end());
    figures.closeMs.insert(figures.closeMs.end(), closeMs.begin(), closeMs.end());
}

// One console makes a change every 200 ms; another sees it through the change feed.
void probeLoop(const std::string& where, Clock::time_point until, Figures& figures) {
    Journal writer = Journal::open(where);
    Journal watcher = Journal::open(where);
    std::atomic<std::int64_t> wanted{-1};
    std::atomic<Clock::time_point::rep> startedAt{0};
    std::jthread watch([&](const std::stop_token& stop) {
        std::int64_t last = watcher.changeSeq();
        while (!stop.stop_requested()) {
            last = watcher.waitForChange(last, std::chrono::milliseconds(500));
            const auto seen = Clock::now();
            const std::int64_t w = wanted.load();
            if (w >= 0 && last >= w) {
                const Clock::time_point t0{Clock::duration(startedAt.load())};
                std::lock_guard lock(figures.mutex);
                figures.seenMs.push_back(ms(seen - t0));
                wanted = -1;
            }
        }
    });
    while (Clock::now() + std::chrono::milliseconds(300) < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        startedAt = Clock::now().time_since_epoch().count();
        IncomingCall card;
        card.operatorName = "Наблюдатель";
        const CallId id = writer.startIncoming(card);
        writer.closeCall(id, Survey{});
        wanted = writer.changeSeq();
        // wait until seen, or give up after 2 s (counted as 2 s)
        const auto deadline = Clock::now() + std::chrono::seconds(2);
        while (wanted.load() >= 0 && Clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (wanted.exchange(-1) >= 0) {
            std::lock_guard lock(figures.mutex);
            figures.seenMs.push_back(2000);
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--engine") {
            options.engine = value;
        } else if (key == "--journal") {
            options.journal = value;
        } else if (key == "--operators") {
            options.operators = std::stoi(value);
        } else if (key == "--seconds") {
            options.seconds = std::stoi(value);
        } else if (key == "--rate") {
            options.rate = std::stod(value);
        } else if (key == "--keystroke-saves") {
            options.durable = value == "durable";
        } else {
            fmt::print(stderr, "неизвестный параметр {}\n", key);
            return 2;
        }
    }
    try {
        std::unique_ptr<BenchServer> server;
        std::filesystem::path folder;
        std::string where = options.journal;
        if (where.empty() && options.engine == "postgres") {
            server = std::make_unique<BenchServer>();
            where = server->uri();
        } else if (where.empty()) {
            folder = std::filesystem::temp_directory_path() /
                     fmt::format("sufler-journal-bench-{}", static_cast<long>(::getpid()));
            std::filesystem::create_directories(folder);
            where = (folder / "journal.sqlite").string();
        }
        (void)Journal::open(where); // the schema, made once before the operators arrive

        Figures figures;
        const auto started = Clock::now();
        const auto until = started + std::chrono::seconds(options.seconds);
        std::vector<std::jthread> threads;
        for (int i = 0; i < options.operators; ++i) {
            threads.emplace_back([&, i] { operatorLoop(where, i, until, options, figures); });
        }
        threads.emplace_back([&] { probeLoop(where, until, figures); });
        threads.clear(); // joined
        const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

        // Numbering: each year's «№ п/п» 1..N, no gap, no repeat.
        Journal check = Journal::open(where);
        std::map<std::string, std::vector<int>> numbers;
        for (const auto& call : check.incomingCalls()) {
            numbers[call.receivedAt.substr(0, 4)].push_back(call.number);
        }
        int gaps = 0;
        int calls = 0;
        for (auto& [year, list] : numbers) {
            std::sort(list.begin(), list.end());
            calls += static_cast<int>(list.size());
            for (std::size_t i = 0; i < list.size(); ++i) {
                gaps += list[i] == static_cast<int>(i) + 1 ? 0 : 1;
            }
        }
        int doubleClaims = 0;
        for (const auto& [id, who] : figures.winners) {
            doubleClaims += who.size() > 1 ? 1 : 0;
        }

        fmt::print("журнал: {} ({}), операторов {}, {} с, {} сохранений в секунду на оператора\n",
                   check.describe(), options.engine, options.operators, options.seconds,
                   options.rate);
        fmt::print("сохранений карточки: {} ({:.0f} в секунду)\n", figures.saves.load(),
                   figures.saves.load() / elapsed);
        fmt::print("время сохранения: p50 {:.1f} мс, p99 {:.1f} мс, максимум {:.1f} мс\n",
                   percentile(figures.saveMs, 0.5), percentile(figures.saveMs, 0.99),
                   percentile(figures.saveMs, 1.0));
        fmt::print("время закрытия (запись на диск): p50 {:.1f} мс, p99 {:.1f} мс\n",
                   percentile(figures.closeMs, 0.5), percentile(figures.closeMs, 0.99));
        fmt::print("другой пульт видит изменение через: p50 {:.0f} мс, p99 {:.0f} мс ({} "
                   "замеров)\n",
                   percentile(figures.seenMs, 0.5), percentile(figures.seenMs, 0.99),
                   figures.seenMs.size());
        fmt::print("звонков: {}, пропусков и повторов в нумерации: {}\n", calls, gaps);
        fmt::print("обратных звонков взято: {}, взятых двумя операторами: {}\n",
                   figures.winners.size(), doubleClaims);
        fmt::print("ошибок: {}{}\n", figures.failures.load(),
                   figures.failures.load() ? " (первая: " + figures.firstFailure + ")" : "");
        if (!folder.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(folder, ec);
        }
        return gaps == 0 && doubleClaims == 0 && figures.failures.load() == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "journal_bench: {}\n", e.what());
        return 1;
    }
}
