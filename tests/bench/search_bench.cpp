// Benchmark of the search index on a synthetic KB, and of SQLite FTS5 on the same entries and
// the same keystrokes. Prints: full index rate, index size, peak memory of the indexing
// process, per-keystroke latency (p50/p90/p99/max) over queries typed letter by letter, the time
// of a one-file update, the same as whole `sufler index` processes (a full index, one entry of
// the largest file edited, one entry grown by a line), and the FTS5 figures.
//
//   search_bench [--entries N] [--queries Q] [--seed S] [--work DIR] [--reuse] [--no-fts]
//                [--index-only] [--per-file N] [--body-words N] [--departments N]
// The setting: --entries 100000 --per-file 2000 --body-words 100 --departments 50.
// --reuse keeps the KB and the index already built in --work (the same --entries and --seed),
// to measure the keystrokes again after a change in the searcher.
#include "kb_generator.h"

#include "sufler/indexer/search.h"
#include "sufler/indexer/text.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace sufler;

namespace {

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

std::uintmax_t folderSize(const fs::path& dir) {
    std::uintmax_t total = 0;
    for (const auto& file : fs::recursive_directory_iterator(dir)) {
        if (file.is_regular_file()) {
            total += file.file_size();
        }
    }
    return total;
}

struct Latency {
    std::vector<double> ms;
    [[nodiscard]] double at(double q) const {
        if (ms.empty()) {
            return 0;
        }
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        auto i = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
        return sorted[std::min(i, sorted.size() - 1)];
    }
    [[nodiscard]] std::string line() const {
        std::size_t over = static_cast<std::size_t>(
            std::count_if(ms.begin(), ms.end(), [](double v) { return v > 16.0; }));
        return fmt::format(
            "p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms; over 16 ms: "
            "{} of {}",
            at(0.5), at(0.9), at(0.99), at(1.0), over, ms.size());
    }
};

// Every prefix of a query as typed, one per keystroke (code point), spaces included.
std::vector<std::string> keystrokes(const std::string& query) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i <= query.size(); ++i) {
        if (i == query.size() || (static_cast<unsigned char>(query[i]) & 0xC0u) != 0x80u) {
            out.push_back(query.substr(0, i));
        }
    }
    return out;
}

// Queries an operator would type: two to four consecutive words of an entry's title, lower case.
struct Query {
    std::string text;
    std::string heading; // the heading of the entry the words came from
};

std::vector<Query> makeQueries(const std::vector<std::string>& titles, std::size_t count,
                               std::uint32_t seed) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<std::size_t> pick(0, titles.size() - 1);
    std::uniform_int_distribution<std::size_t> length(2, 4);
    std::vector<Query> queries;
    while (queries.size() < count) {
        const std::string& title = titles[pick(random)];
        auto tokens = indexer::text::tokenize(title);
        std::size_t n = std::min(length(random), tokens.size());
        std::uniform_int_distribution<std::size_t> from(0, tokens.size() - n);
        std::size_t start = from(random);
        std::string query;
        for (std::size_t i = start; i < start + n; ++i) {
            query += (query.empty() ? "" : " ") + tokens[i].word;
        }
        queries.push_back({query, title + "?"});
    }
    return queries;
}

// --- SQLite FTS5, the engine a user might pick instead --------------------------------------

struct SqliteCloser {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StatementFinalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error != nullptr ? error : "?";
        sqlite3_free(error);
        throw std::runtime_error(fmt::format("sqlite: {}: {}", sql, message));
    }
}

Statement prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
        throw std::runtime_error(fmt::format("sqlite: {}: {}", sql, sqlite3_errmsg(db)));
    }
    return Statement(raw);
}

// The FTS5 form of a keystroke: every word quoted, the last one a prefix unless a space follows.
std::string ftsQuery(const std::string& typed, const char* op) {
    auto tokens = indexer::text::tokenize(indexer::text::fold(typed));
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0) {
            out += op;
        }
        out += "\"" + tokens[i].word + "\"";
        if (i + 1 == tokens.size() && typed.back() != ' ') {
            out += "*";
        }
    }
    return out;
}

struct FtsResult {
    double rowsPerSecond = 0;
    std::uintmax_t bytes = 0;
    Latency orLatency;
    Latency andLatency;
    Latency orCpu;
    Latency andCpu;
};

FtsResult runFts(const fs::path& kbRoot, const fs::path& file,
                 const std::vector<std::vector<std::string>>& typed) {
    FtsResult result;
    sqlite3* raw = nullptr;
    if (sqlite3_open(file.c_str(), &raw) != SQLITE_OK) {
        throw std::runtime_error("sqlite: cannot open " + file.string());
    }
    SqliteDb db(raw);
    exec(db.get(), "PRAGMA journal_mode=WAL");
    exec(db.get(), "CREATE VIRTUAL TABLE e USING fts5(id UNINDEXED, title, body, "
                   "tokenize='unicode61 remove_diacritics 2', prefix='2 3')");
    auto start = Clock::now();
    std::size_t rows = 0;
    exec(db.get(), "BEGIN");
    {
        auto insert = prepare(db.get(), "INSERT INTO e(id, title, body) VALUES (?, ?, ?)");
        Diagnostics ignored;
        for (const auto& path : kb::listEntryFiles(kbRoot)) {
            for (const auto& entry : kb::loadFileEntries(kbRoot, path, ignored)) {
                std::string title = entry.title;
                for (const auto& wording : entry.otherWordings) {
                    title += "; " + wording;
                }
                std::string body = entry.text;
                for (const auto& [name, value] : entry.fields) {
                    body += " " + value;
                }
                sqlite3_bind_text(insert.get(), 1, entry.id.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(insert.get(), 2, title.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(insert.get(), 3, body.c_str(), -1, SQLITE_TRANSIENT);
                if (sqlite3_step(insert.get()) != SQLITE_DONE) {
                    throw std::runtime_error(sqlite3_errmsg(db.get()));
                }
                sqlite3_reset(insert.get());
                ++rows;
            }
        }
    }
    exec(db.get(), "COMMIT");
    result.rowsPerSecond = static_cast<double>(rows) / secondsSince(start);
    result.bytes = fs::file_size(file);

    // Ranked (bm25), top 10 with a snippet, as the operator's screen needs.
    auto select = prepare(db.get(), "SELECT id, snippet(e, 2, '<mark>', '</mark>', '…', 30) "
                                    "FROM e WHERE e MATCH ? ORDER BY rank LIMIT 10");
    auto run = [&](const char* op, Latency& latency, Latency& cpu) {
        for (const auto& query : typed) {
            for (const auto& keystroke : query) {
                std::string match = ftsQuery(keystroke, op);
                auto t0 = Clock::now();
                double cpuStart = threadCpuMs();
                if (!match.empty()) {
                    sqlite3_bind_text(select.get(), 1, match.c_str(), -1, SQLITE_TRANSIENT);
                    while (sqlite3_step(select.get()) == SQLITE_ROW) {
                    }
                    sqlite3_reset(select.get());
                }
                latency.ms.push_back(secondsSince(t0) * 1000.0);
                cpu.ms.push_back(threadCpuMs() - cpuStart);
            }
        }
    };
    run(" OR ", result.orLatency, result.orCpu);
    run(" AND ", result.andLatency, result.andCpu);
    return result;
}

struct Options {
    bench::GenerateOptions shape;
    std::size_t entries = 10000;
    std::size_t queries = 200;
    std::uint32_t seed = 1;
    fs::path work;
    bool indexOnly = false;
    bool reuse = false; // keep the KB and index already in --work
    bool fts = true;
};

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                throw std::runtime_error(arg + ": value missing");
            }
            return argv[++i];
        };
        if (arg == "--entries") {
            options.entries = std::stoul(value());
        } else if (arg == "--queries") {
            options.queries = std::stoul(value());
        } else if (arg == "--seed") {
            options.seed = static_cast<std::uint32_t>(std::stoul(value()));
        } else if (arg == "--reuse") {
            options.reuse = true;
        } else if (arg == "--no-fts") {
            options.fts = false;
        } else if (arg == "--index-only") {
            options.indexOnly = true;
        } else if (arg == "--work") {
            options.work = value();
        } else if (arg == "--per-file") {
            options.shape.perFile = std::stoul(value());
        } else if (arg == "--body-words") {
            options.shape.bodyWords = std::stoul(value());
        } else if (arg == "--departments") {
            options.shape.departments = std::stoul(value());
        } else {
            throw std::runtime_error("unknown argument " + arg +
                                     "; usage: search_bench [--entries N] [--queries Q] [--seed S] "
                                     "[--work DIR] [--reuse] [--no-fts] [--index-only] "
                                     "[--per-file N] [--body-words N] [--departments N]");
        }
    }
    return options;
}

// The full index runs in a child process, so that its peak memory is its own.
void fullIndex(const fs::path& kbRoot, const fs::path& dbDir) {
    int pipefd[2];
    if (pipe(pipefd) != 0) {
        throw std::runtime_error("pipe failed");
    }
    auto t0 = Clock::now();
    pid_t child = fork();
    if (child == 0) {
        close(pipefd[0]);
        Diagnostics diagnostics;
        std::size_t entries = 0;
        try {
            entries = indexer::updateIndex(kbRoot, dbDir, diagnostics).entries;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "index failed: %s\n", e.what());
        }
        if (write(pipefd[1], &entries, sizeof entries) != sizeof entries) {
            _exit(2);
        }
        _exit(diagnostics.empty() ? 0 : 1);
    }
    close(pipefd[1]);
    std::size_t indexed = 0;
    if (read(pipefd[0], &indexed, sizeof indexed) != sizeof indexed) {
        indexed = 0;
    }
    close(pipefd[0]);
    int status = 0;
    waitpid(child, &status, 0);
    double indexSeconds = secondsSince(t0);
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    if (indexed == 0) {
        throw std::runtime_error("the index was not built");
    }
    double cpuSeconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                        static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    fmt::print("full index: {} entries in {:.2f} s = {:.0f} entries/s (CPU {:.2f} s = {:.0f} "
               "entries per CPU second); index size {:.1f} MB; peak memory (max RSS) {:.0f} MB{}\n",
               indexed, indexSeconds, static_cast<double>(indexed) / indexSeconds, cpuSeconds,
               static_cast<double>(indexed) / cpuSeconds,
               static_cast<double>(folderSize(dbDir)) / 1e6,
               static_cast<double>(usage.ru_maxrss) / 1024.0,
               WEXITSTATUS(status) == 1 ? " (with diagnostics)" : "");
}

// `sufler index` as the operator's machine runs it: a whole process, timed from start to exit.
double timedIndexProcess(const fs::path& kbRoot, const fs::path& dbDir,
                         const std::string& options = {}) {
    std::string command = fmt::format("'{}' index --kb '{}' --db '{}' {} > /dev/null", SUFLER_CLI,
                                      kbRoot.string(), dbDir.string(), options);
    auto start = Clock::now();
    int status = std::system(command.c_str());
    double seconds = secondsSince(start);
    if (status != 0) {
        throw std::runtime_error("failed: " + command);
    }
    return seconds;
}

// Changes the body of the entry in the middle of a file: a word replaced, or (grow) a line
// added, which moves every entry below it.
void editMiddleEntry(const fs::path& file, bool grow) {
    std::string text;
    {
        std::ifstream in(file, std::ios::binary);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::vector<std::size_t> headings;
    for (std::size_t at = text.find("\n## "); at != std::string::npos;
         at = text.find("\n## ", at + 1)) {
        headings.push_back(at + 1);
    }
    if (headings.empty()) {
        throw std::runtime_error("no entries in " + file.string());
    }
    std::size_t heading = headings[headings.size() / 2];
    std::size_t body = text.find("\n\n", heading);
    std::string insert = grow ? "Дополнение к ответу.\n\n" : "Изменено ";
    text.insert(body + 2, insert);
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << text;
    }
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(2));
}

void wholeProcesses(const fs::path& work, const fs::path& kbRoot, std::size_t entries) {
    const fs::path dbDir = work / "index-cli";
    fs::remove_all(dbDir);
    // One writer, then the default: a part of the index a core, compacted into one.
    double single = timedIndexProcess(kbRoot, dbDir, "--jobs 1");
    fs::remove_all(dbDir);
    double full = timedIndexProcess(kbRoot, dbDir);
    fmt::print("sufler index, whole process: full index of {} entries in {:.2f} s = {:.0f} "
               "entries/s on {} cores (one writer, --jobs 1: {:.2f} s = {:.0f} entries/s)\n",
               entries, full, static_cast<double>(entries) / full,
               std::thread::hardware_concurrency(), single, static_cast<double>(entries) / single);
    // The largest file: the one whose edit costs most.
    fs::path largest;
    std::uintmax_t largestSize = 0;
    std::size_t largestEntries = 0;
    for (const auto& file : fs::recursive_directory_iterator(kbRoot / "departments")) {
        if (file.is_regular_file() && file.file_size() > largestSize) {
            largestSize = file.file_size();
            largest = file.path();
        }
    }
    {
        std::ifstream in(largest, std::ios::binary);
        std::string line;
        while (std::getline(in, line)) {
            largestEntries += line.rfind("## ", 0) == 0 ? 1 : 0;
        }
    }
    Latency edit;
    Latency grow;
    Latency same;
    for (int i = 0; i < 3; ++i) {
        editMiddleEntry(largest, false);
        edit.ms.push_back(timedIndexProcess(kbRoot, dbDir) * 1000.0);
        editMiddleEntry(largest, true);
        grow.ms.push_back(timedIndexProcess(kbRoot, dbDir) * 1000.0);
        same.ms.push_back(timedIndexProcess(kbRoot, dbDir) * 1000.0);
    }
    fmt::print("sufler index, whole process, one entry of a {}-entry file ({:.1f} MB) edited: "
               "median {:.0f} ms; grown by a line (the entries below it move): median {:.0f} ms; "
               "nothing changed: median {:.0f} ms\n",
               largestEntries, static_cast<double>(largestSize) / 1e6, edit.at(0.5), grow.at(0.5),
               same.at(0.5));
}

int runBench(const Options& options) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // figures appear as they are measured
    fs::path work = options.work;
    bool removeWork = false;
    if (work.empty()) {
        std::string pattern = (fs::temp_directory_path() / "sufler-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        work = pattern;
        removeWork = true;
    }
    fs::path kbRoot = work / "kb";
    fs::path dbDir = work / "index";
    if (!options.reuse) {
        fs::remove_all(kbRoot);
        fs::remove_all(dbDir);
    }
    fs::remove(work / "fts5.sqlite");

    auto t0 = Clock::now();
    auto generated = bench::generateKb(kbRoot, options.entries, options.seed, options.shape);
    fmt::print("synthetic KB: {} entries in {} files, {:.1f} MB, generated in {:.1f} s ({})\n",
               generated.entries, generated.files, static_cast<double>(folderSize(kbRoot)) / 1e6,
               secondsSince(t0), kbRoot.string());

    if (options.reuse) {
        // The same files again (same seed): only the few the last run appended to are read.
        Diagnostics diagnostics;
        auto start = Clock::now();
        auto stats = indexer::updateIndex(kbRoot, dbDir, diagnostics);
        fmt::print("index reused: {} entries, {} files read again in {:.2f} s\n", stats.entries,
                   stats.filesRead, secondsSince(start));
    } else {
        fullIndex(kbRoot, dbDir);
    }

    if (options.indexOnly) {
        wholeProcesses(work, kbRoot, generated.entries);
        if (removeWork) {
            fs::remove_all(work);
        }
        return 0;
    }
    auto queries = makeQueries(generated.titles, options.queries, options.seed + 7);
    std::vector<std::vector<std::string>> typed;
    std::size_t total = 0;
    for (const auto& q : queries) {
        typed.push_back(keystrokes(q.text));
        total += typed.back().size();
    }
    indexer::Searcher searcher(dbDir);
    for (const auto& keystroke : typed.front()) { // warm up the reader once
        (void)searcher.search(keystroke);
    }
    Latency ours;
    Latency oursCpu; // this thread's CPU time: what the search costs when nothing else runs
    std::size_t found = 0;
    std::size_t source = 0; // the entry the words came from is among the hits
    std::size_t corrected = 0;
    for (std::size_t q = 0; q < typed.size(); ++q) {
        for (const auto& keystroke : typed[q]) {
            auto start = Clock::now();
            double cpuStart = threadCpuMs();
            auto result = searcher.search(keystroke);
            ours.ms.push_back(secondsSince(start) * 1000.0);
            oursCpu.ms.push_back(threadCpuMs() - cpuStart);
            corrected += result.corrected ? 1 : 0;
            if (&keystroke == &typed[q].back()) {
                found += result.hits.empty() ? 0 : 1;
                source +=
                    std::any_of(result.hits.begin(), result.hits.end(),
                                [&](const auto& hit) { return hit.title == queries[q].heading; })
                        ? 1
                        : 0;
            }
        }
    }
    fmt::print("keystrokes: {} queries of 2-4 title words typed letter by letter = {} keystrokes "
               "(top 10, snippets, facets)\n",
               queries.size(), total);
    fmt::print("  sufler (Xapian): {}; {} of {} full queries found hits, {} their source entry in "
               "the top 10; {} keystrokes corrected\n",
               ours.line(), found, queries.size(), source, corrected);
    fmt::print("  sufler, CPU time of the searching thread: {}\n", oursCpu.line());

    // One-file update: a new entry appended to a material file, as a department head would.
    Latency update;
    Latency noChange;
    for (std::size_t i = 0; i < 5 && i < generated.materialFiles.size(); ++i) {
        fs::path file = kbRoot / generated.materialFiles[i * generated.materialFiles.size() / 5];
        {
            std::ofstream out(file, std::ios::app);
            out << "\n## Новый вопрос номер " << i << "\n\nНовый ответ.\n";
        }
        fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(2));
        Diagnostics diagnostics;
        auto start = Clock::now();
        auto stats = indexer::updateIndex(kbRoot, dbDir, diagnostics);
        update.ms.push_back(secondsSince(start) * 1000.0);
        if (stats.filesRead != 1) {
            throw std::runtime_error(fmt::format("update read {} files, not 1", stats.filesRead));
        }
        start = Clock::now();
        (void)indexer::updateIndex(kbRoot, dbDir, diagnostics);
        noChange.ms.push_back(secondsSince(start) * 1000.0);
    }
    fmt::print(
        "one-file update (sufler index after one file changed): median {:.1f} ms, max {:.1f} "
        "ms; with nothing changed: median {:.1f} ms\n",
        update.at(0.5), update.at(1.0), noChange.at(0.5));
    wholeProcesses(work, kbRoot, generated.entries);

    if (!options.fts) {
        if (removeWork) {
            fs::remove_all(work);
        }
        return 0;
    }
    auto fts = runFts(kbRoot, work / "fts5.sqlite", typed);
    fmt::print("SQLite FTS5 {} (unicode61, prefix='2 3', bm25 top 10 with snippet): {:.0f} "
               "entries/s, {:.1f} MB\n",
               sqlite3_libversion(), fts.rowsPerSecond, static_cast<double>(fts.bytes) / 1e6);
    fmt::print("  FTS5, words OR-ed as sufler does:  {}\n", fts.orLatency.line());
    fmt::print("    CPU time: {}\n", fts.orCpu.line());
    fmt::print("  FTS5, words AND-ed (fewer matches): {}\n", fts.andLatency.line());
    fmt::print("    CPU time: {}\n", fts.andCpu.line());

    if (removeWork) {
        fs::remove_all(work);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return runBench(parse(argc, argv));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "search_bench: %s\n", e.what());
        return 1;
    }
}
