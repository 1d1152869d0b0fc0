// Relevance over the demo KB: queries of every kind an operator types (relevance_queries.tsv) and
// of every kind a caller says (caller_queries.tsv), each with the entries that answer it. Prints
// recall@1, recall@5 and MRR per kind and overall, and fails when a kind falls below its floor.
// Queries the KB has no answer to ('-') count as found when the search is not confident of its
// first hit. caller_queries_unseen.tsv was written before the ranking was tuned and never tuned
// on: it is reported apart, as what to expect of an unseen KB.
// SUFLER_RELEVANCE_SHOW=1 prints the top hits of every query (to write new queries).
#include "temp_dir.h"

#include "sufler/indexer/search.h"
#include "sufler/kb/kb.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace sufler;

namespace {

struct Case {
    std::string file;
    int line = 0;
    std::string kind;
    std::string query;
    std::vector<std::string> expected; // empty: the KB has no answer
};

std::vector<Case> readCases(const std::string& path) {
    std::ifstream in(path);
    INFO(path);
    REQUIRE(in.good());
    const std::string name = path.substr(path.find_last_of('/') + 1);
    std::vector<Case> cases;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::vector<std::string> cols;
        std::stringstream stream(line);
        std::string col;
        while (std::getline(stream, col, '\t')) {
            cols.push_back(col);
        }
        INFO(name << ":" << number << ": " << line);
        REQUIRE(cols.size() == 3);
        Case c{name, number, cols[0], cols[1], {}};
        if (cols[2] != "-") {
            std::stringstream ids(cols[2]);
            std::string id;
            while (std::getline(ids, id, '|')) {
                c.expected.push_back(id);
            }
            REQUIRE_FALSE(c.expected.empty());
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

struct Score {
    std::size_t queries = 0;
    std::size_t at1 = 0;
    std::size_t at5 = 0;
    std::size_t confident = 0; // first hit right and confident (or, without an answer, not)
    double reciprocal = 0;
    void add(std::size_t rank, bool sure) {
        ++queries;
        at1 += rank == 1 ? 1 : 0;
        at5 += rank >= 1 && rank <= 5 ? 1 : 0;
        confident += sure ? 1 : 0;
        reciprocal += rank == 0 ? 0.0 : 1.0 / static_cast<double>(rank);
    }
    [[nodiscard]] double share(std::size_t n) const {
        return queries == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(queries);
    }
    [[nodiscard]] double recall1() const { return share(at1); }
    [[nodiscard]] double recall5() const { return share(at5); }
    [[nodiscard]] double sure() const { return share(confident); }
    [[nodiscard]] double mrr() const { return queries == 0 ? 0.0 : reciprocal / queries; }
};

// The floor of each kind: recall@5 and MRR below these fail the test (absent: the share of
// questions shown as having no answer, in recall@5's column).
struct Floor {
    double recall5;
    double mrr;
};
const std::map<std::string, Floor> kFloors = {
    // What an operator types.
    {"exact", {1.0, 0.95}},
    {"paraphrase", {0.9, 0.85}},
    {"morphology", {1.0, 0.8}},
    {"typo", {1.0, 0.95}},
    {"layout", {1.0, 0.95}},
    {"abbreviation", {1.0, 0.95}},
    {"contact", {1.0, 0.95}},
    {"act", {1.0, 0.95}},
    {"prefix", {1.0, 0.95}},
    {"yo", {1.0, 0.95}},
    // What a caller says.
    {"speech", {0.9, 0.8}},
    {"transfer", {0.9, 0.8}},
    {"numbers", {0.9, 0.9}},
    {"keystroke", {0.9, 0.9}},
    {"twoerrors", {0.9, 0.75}},
    {"actword", {0.9, 0.85}},
    {"absent", {0.85, 0.0}},
};

struct Run {
    std::map<std::string, Score> byKind;
    Score overall;
    std::string misses;
};

Run runCases(indexer::Searcher& searcher, const std::vector<Case>& cases,
             const std::set<std::string>& ids, bool show) {
    Run run;
    for (const auto& c : cases) {
        INFO(c.file << ":" << c.line << ": " << c.query);
        CHECK(kFloors.count(c.kind) == 1);
        for (const auto& id : c.expected) {
            CHECK(ids.count(id) == 1);
        }
        CHECK(c.expected.empty() == (c.kind == "absent"));
        indexer::SearchOptions options;
        options.limit = 10;
        auto result = searcher.search(c.query, options);
        const bool sure = result.confidence >= indexer::kNoAnswerBelow;
        std::size_t rank = 0;
        for (std::size_t i = 0; i < result.hits.size() && rank == 0; ++i) {
            for (const auto& id : c.expected) {
                if (result.hits[i].id == id) {
                    rank = i + 1;
                }
            }
        }
        if (c.expected.empty()) {
            // Found when the search says it has no answer.
            rank = sure ? 0 : 1;
            run.byKind[c.kind].add(rank, !sure);
        } else {
            run.byKind[c.kind].add(rank, rank == 1 && sure);
        }
        run.overall.add(rank, c.expected.empty() ? !sure : rank == 1 && sure);
        if (rank != 1 || show) {
            char confidence[32];
            std::snprintf(confidence, sizeof confidence, "%.2f", result.confidence);
            std::string line = "  [" + c.kind + "] «" + c.query + "»" +
                               (result.corrected ? " → «" + *result.corrected + "»" : "") +
                               ": rank " + (rank == 0 ? "-" : std::to_string(rank)) +
                               ", confidence " + confidence + ", expected " +
                               (c.expected.empty() ? "no answer" : c.expected.front()) + "\n";
            for (std::size_t i = 0; i < result.hits.size() && i < 5; ++i) {
                line += "      " + std::to_string(i + 1) + ". " + result.hits[i].id + "\n";
            }
            run.misses += line;
        }
    }
    return run;
}

void print(const std::string& what, const Run& run, bool show) {
    std::printf("%s (%zu queries):\n", what.c_str(), run.overall.queries);
    std::printf("  %-13s %7s %9s %9s %6s %9s\n", "kind", "queries", "recall@1", "recall@5", "MRR",
                "confident");
    for (const auto& [kind, score] : run.byKind) {
        std::printf("  %-13s %7zu %9.3f %9.3f %6.3f %9.3f\n", kind.c_str(), score.queries,
                    score.recall1(), score.recall5(), score.mrr(), score.sure());
    }
    std::printf("  %-13s %7zu %9.3f %9.3f %6.3f %9.3f\n", "overall", run.overall.queries,
                run.overall.recall1(), run.overall.recall5(), run.overall.mrr(),
                run.overall.sure());
    if (!run.misses.empty()) {
        std::printf("%s:\n%s", show ? "all queries" : "not first", run.misses.c_str());
    }
    std::fflush(stdout);
}

} // namespace

TEST_CASE("relevance over the demo KB: every kind of query keeps its recall@5 and MRR") {
    auto cases = readCases(SUFLER_RELEVANCE_QUERIES);
    const std::size_t typed = cases.size();
    for (auto& c : readCases(SUFLER_CALLER_QUERIES)) {
        cases.push_back(std::move(c));
    }
    REQUIRE(typed >= 60);
    REQUIRE(cases.size() - typed >= 100);

    test::TempDir db;
    Diagnostics diagnostics;
    auto stats = indexer::updateIndex(test::demoKb(), db.path(), diagnostics);
    REQUIRE(stats.entries > 300);
    indexer::Searcher searcher(db.path());

    // Every expected id must exist: a renamed entry must fail here, not count as a miss.
    std::set<std::string> ids;
    {
        Diagnostics ignored;
        for (const auto& file : kb::listEntryFiles(test::demoKb())) {
            for (const auto& entry : kb::loadFileEntries(test::demoKb(), file, ignored)) {
                ids.insert(entry.id);
            }
        }
    }

    const bool show = std::getenv("SUFLER_RELEVANCE_SHOW") != nullptr;
    Run run = runCases(searcher, cases, ids, show);
    print("relevance over the demo KB", run, show);
    for (const auto& [kind, floor] : kFloors) {
        INFO("kind " << kind);
        REQUIRE(run.byKind.count(kind) == 1); // every kind is covered
        const Score& score = run.byKind.at(kind);
        CHECK(score.recall5() >= floor.recall5);
        CHECK(score.mrr() >= floor.mrr);
    }

    // Never tuned on: reported, and held to a loose floor so that a collapse shows.
    Run unseen = runCases(searcher, readCases(SUFLER_UNSEEN_QUERIES), ids, show);
    print("queries never tuned on", unseen, show);
    CHECK(unseen.overall.recall5() >= 0.8);
}
