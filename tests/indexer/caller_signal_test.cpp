// The hotline's calls as a weak ranking signal: the queries callers found an entry with, kept
// beside the index, lift it for such questions, below the KB's own text.
#include "tiny_kb.h"

#include "sufler/indexer/search.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace sufler;
using namespace sufler::indexer;

namespace {

constexpr std::size_t kNotFound = 1000;

std::size_t rankOf(Searcher& searcher, const std::string& query, const std::string& id,
                   bool callerWords = true) {
    SearchOptions options;
    options.asYouType = false;
    options.limit = 20;
    options.callerWords = callerWords;
    const auto hits = searcher.search(query, options).hits;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        if (hits[i].id == id) {
            return i;
        }
    }
    return kNotFound;
}

std::string idOfTitle(Searcher& searcher, const std::string& title) {
    for (const auto& hit : searcher.search(title).hits) {
        if (hit.title == title) {
            return hit.id;
        }
    }
    FAIL("no entry titled " << title);
    return {};
}

} // namespace

TEST_CASE("callers' queries lift the entry they opened, rewrite only it, and never beat an exact "
          "title",
          "[caller-signal]") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    Diagnostics diagnostics;
    (void)updateIndex(kb.path(), db.path(), diagnostics);
    std::string guardianPay;
    std::string camp;
    {
        Searcher searcher(db.path());
        guardianPay = idOfTitle(searcher, "Сколько платят опекуну?");
        camp = idOfTitle(searcher, "Как получить путёвку в детский лагерь?");
    }
    // How grandmothers who took a grandchild in ask, in their own words.
    const std::string asked = "деньги бабушке на внука";
    std::size_t before = 0;
    {
        Searcher searcher(db.path());
        before = rankOf(searcher, asked, guardianPay);
    }

    writeCallerQueries(db.path(), {{guardianPay, asked},
                                   {guardianPay, "бабушка оформила внука сколько платят"},
                                   // a caller's query that is another entry's very title
                                   {guardianPay, "Как получить путёвку в детский лагерь?"}});
    const auto stats = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK_FALSE(stats.rebuilt);
    CHECK(stats.filesRead == 1);      // the file of the entry callers opened
    CHECK(stats.entriesWritten == 1); // and of it, that entry alone
    CHECK(diagnostics.empty());

    Searcher searcher(db.path());
    const std::size_t after = rankOf(searcher, asked, guardianPay);
    INFO("rank before " << before << ", after " << after);
    CHECK(after < before);
    CHECK(after == 0);
    // The KB's own text, as sufler suggest weighs a wording, is as it was.
    CHECK(rankOf(searcher, asked, guardianPay, false) == before);
    // An exact title still comes first, whatever callers opened after typing it.
    CHECK(rankOf(searcher, "Как получить путёвку в детский лагерь?", camp) == 0);
    CHECK(rankOf(searcher, "путёвка в детский лагерь", camp) == 0);

    // The signal withdrawn: the entry is rewritten again, and ranks as before.
    writeCallerQueries(db.path(), {});
    const auto cleared = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(cleared.entriesWritten == 1);
    searcher.reopen();
    CHECK(rankOf(searcher, asked, guardianPay) == before);
}

TEST_CASE("a damaged line of the callers' queries is reported with its line, the rest is used",
          "[caller-signal]") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    Diagnostics diagnostics;
    (void)updateIndex(kb.path(), db.path(), diagnostics);
    std::string subsidy;
    {
        Searcher searcher(db.path());
        subsidy = idOfTitle(searcher, "Как получить субсидию на оплату коммуналки?");
    }
    {
        std::ofstream out(callerQueriesFile(db.path()), std::ios::binary);
        out << subsidy << "\tплатить за свет дорого\n"
            << "строка без запроса\n";
    }
    diagnostics.clear();
    const auto stats = updateIndex(kb.path(), db.path(), diagnostics);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].line == 2);
    CHECK(diagnostics[0].path == callerQueriesFile(db.path()).string());
    CHECK(diagnostics[0].message.find("запрос") != std::string::npos);
    CHECK(stats.filesRead == 1);
}
