// Relevance over the demo KB: queries of every kind an operator types (relevance_queries.tsv),
// each with the entry that answers it. Prints recall@1, recall@5 and MRR per kind and overall,
// and fails when overall recall@5 falls below 0.9.
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
    int line = 0;
    std::string kind;
    std::string query;
    std::string expected;
};

std::vector<Case> readCases(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
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
        INFO("relevance_queries.tsv:" << number << ": " << line);
        REQUIRE(cols.size() == 3);
        cases.push_back({number, cols[0], cols[1], cols[2]});
    }
    return cases;
}

struct Score {
    std::size_t queries = 0;
    std::size_t at1 = 0;
    std::size_t at5 = 0;
    double reciprocal = 0;
    void add(std::size_t rank) {
        ++queries;
        at1 += rank == 1 ? 1 : 0;
        at5 += rank >= 1 && rank <= 5 ? 1 : 0;
        reciprocal += rank == 0 ? 0.0 : 1.0 / static_cast<double>(rank);
    }
    [[nodiscard]] double recall1() const { return static_cast<double>(at1) / queries; }
    [[nodiscard]] double recall5() const { return static_cast<double>(at5) / queries; }
    [[nodiscard]] double mrr() const { return reciprocal / queries; }
};

} // namespace

TEST_CASE("relevance over the demo KB: recall@5 over all kinds of query is at least 0.9") {
    const std::set<std::string> kKinds = {
        "exact",        "paraphrase", "morphology", "typo",   "layout",
        "abbreviation", "contact",    "act",        "prefix", "yo"};
    auto cases = readCases(SUFLER_RELEVANCE_QUERIES);
    REQUIRE(cases.size() >= 60);

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
    std::map<std::string, Score> byKind;
    Score overall;
    std::string misses;
    for (const auto& c : cases) {
        INFO("relevance_queries.tsv:" << c.line << ": " << c.query);
        CHECK(kKinds.count(c.kind) == 1);
        CHECK(ids.count(c.expected) == 1);
        indexer::SearchOptions options;
        options.limit = 10;
        auto result = searcher.search(c.query, options);
        std::size_t rank = 0;
        for (std::size_t i = 0; i < result.hits.size() && rank == 0; ++i) {
            if (result.hits[i].id == c.expected) {
                rank = i + 1;
            }
        }
        byKind[c.kind].add(rank);
        overall.add(rank);
        if (rank != 1 || show) {
            std::string line = "  [" + c.kind + "] «" + c.query + "»" +
                               (result.corrected ? " → «" + *result.corrected + "»" : "") +
                               ": rank " + (rank == 0 ? "-" : std::to_string(rank)) +
                               ", expected " + c.expected + "\n";
            for (std::size_t i = 0; i < result.hits.size() && i < 5; ++i) {
                line += "      " + std::to_string(i + 1) + ". " + result.hits[i].id + "\n";
            }
            misses += line;
        }
    }
    for (const auto& kind : kKinds) {
        CHECK(byKind.count(kind) == 1); // every kind is covered
    }

    std::printf("relevance over the demo KB (%zu queries):\n", overall.queries);
    std::printf("  %-13s %7s %9s %9s %6s\n", "kind", "queries", "recall@1", "recall@5", "MRR");
    for (const auto& [kind, score] : byKind) {
        std::printf("  %-13s %7zu %9.3f %9.3f %6.3f\n", kind.c_str(), score.queries,
                    score.recall1(), score.recall5(), score.mrr());
    }
    std::printf("  %-13s %7zu %9.3f %9.3f %6.3f\n", "overall", overall.queries, overall.recall1(),
                overall.recall5(), overall.mrr());
    if (!misses.empty()) {
        std::printf("%s:\n%s", show ? "all queries" : "not first", misses.c_str());
    }
    std::fflush(stdout);
    CHECK(overall.recall5() >= 0.9);
}
