// A build from scratch written by several threads, each into a part of its own, and compacted
// into one index: it must hold exactly what one writer would have written.
#include "tiny_kb.h"

#include "sufler/indexer/search.h"
#include "sufler/kb/kb.h"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <chrono>
#include <filesystem>

using namespace sufler;
using namespace sufler::indexer;

namespace {

namespace fs = std::filesystem;

// Everything an index holds: each document (data, terms with their wdf, values) by docid, every
// term's frequencies, the metadata and the spelling data.
std::vector<std::string> dump(const fs::path& dbDir) {
    Xapian::Database db(dbDir.string());
    std::vector<std::string> out;
    out.push_back("documents " + std::to_string(db.get_doccount()) + ", last " +
                  std::to_string(db.get_lastdocid()) + ", length " +
                  std::to_string(db.get_total_length()));
    for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
        Xapian::Document doc = db.get_document(id);
        std::string line = std::to_string(id) + " " + doc.get_data();
        for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
            line += " " + *term + ":" + std::to_string(term.get_wdf());
        }
        for (auto value = doc.values_begin(); value != doc.values_end(); ++value) {
            line += " v" + std::to_string(value.get_valueno()) + "=" + *value;
        }
        out.push_back(line);
    }
    for (auto term = db.allterms_begin(); term != db.allterms_end(); ++term) {
        out.push_back("term " + *term + " " + std::to_string(term.get_termfreq()) + " " +
                      std::to_string(db.get_collection_freq(*term)));
    }
    for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key) {
        out.push_back("metadata " + *key + " = " + db.get_metadata(*key));
    }
    for (auto word = db.spellings_begin(); word != db.spellings_end(); ++word) {
        out.push_back("spelling " + *word + " " + std::to_string(word.get_termfreq()));
    }
    return out;
}

std::vector<std::string> formatted(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        out.push_back(d.format());
    }
    return out;
}

// The first lines where two dumps differ, for the failure message.
std::string firstDifference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a[i] != b[i]) {
            return "line " + std::to_string(i) + ":\n  " + a[i].substr(0, 300) + "\n  " +
                   b[i].substr(0, 300);
        }
    }
    return a.size() == b.size()
               ? std::string()
               : "sizes " + std::to_string(a.size()) + " and " + std::to_string(b.size());
}

} // namespace

TEST_CASE("a build in parts holds what one writer writes, docid for docid") {
    test::TempDir kb;
    test::writeTinyKb(kb);
    // A file with a problem in the middle of the list: its diagnostics keep their place.
    kb.write("departments/families/templates.md", "# Шаблоны\n\n## Ответ\n\nтекст\n\n## Ответ\n\n"
                                                  "тот же заголовок\n");
    const auto files = kb::listEntryFiles(kb.path());
    REQUIRE(files.size() >= 6);

    test::TempDir one;
    Diagnostics oneDiagnostics;
    UpdateOptions single;
    single.jobs = 1;
    auto oneStats = updateIndex(kb.path(), one.path() / "idx", oneDiagnostics, single);

    for (unsigned jobs : {2U, 3U, 64U}) {
        CAPTURE(jobs);
        test::TempDir parted;
        Diagnostics diagnostics;
        UpdateOptions options;
        options.jobs = jobs;
        auto stats = updateIndex(kb.path(), parted.path() / "idx", diagnostics, options);
        CHECK(stats.rebuilt);
        CHECK(stats.entries == oneStats.entries);
        CHECK(stats.filesRead == oneStats.filesRead);
        CHECK(stats.entriesWritten == oneStats.entriesWritten);
        CHECK(stats.entriesParsed == oneStats.entriesParsed);
        CHECK(formatted(diagnostics) == formatted(oneDiagnostics));
        auto expected = dump(one.path() / "idx");
        auto got = dump(parted.path() / "idx");
        INFO(firstDifference(expected, got));
        CHECK(got == expected);
        // Nothing of the parts is left in the folder.
        CHECK_FALSE(fs::exists(parted.path() / "idx" / "parts"));
    }
}

TEST_CASE("an index built in parts is updated in place like any other") {
    test::TempDir kb;
    test::writeTinyKb(kb);
    test::TempDir db;
    Diagnostics diagnostics;
    UpdateOptions options;
    options.jobs = 3;
    auto first = updateIndex(kb.path(), db.path(), diagnostics, options);
    REQUIRE(first.rebuilt);

    auto full = kb.write("departments/zhku/faq.md", R"(# Вопросы

## Куда жаловаться на управляющую компанию?

В государственную жилищную инспекцию.
)");
    fs::last_write_time(full, fs::last_write_time(full) + std::chrono::seconds(2));
    auto second = updateIndex(kb.path(), db.path(), diagnostics, options);
    CHECK_FALSE(second.rebuilt);
    CHECK(second.filesRead == 1);

    // The same KB built by one writer from scratch: the same entries, the same answers.
    test::TempDir fresh;
    UpdateOptions single;
    single.jobs = 1;
    auto rebuilt = updateIndex(kb.path(), fresh.path(), diagnostics, single);
    CHECK(second.entries == rebuilt.entries);
    Searcher updated(db.path());
    Searcher scratch(fresh.path());
    for (const char* query : {"жилищная инспекция", "единое пособие", "ЕДК", "субсидия"}) {
        CAPTURE(query);
        std::vector<std::string> a;
        std::vector<std::string> b;
        for (const auto& hit : updated.search(query).hits) {
            a.push_back(hit.id);
        }
        for (const auto& hit : scratch.search(query).hits) {
            b.push_back(hit.id);
        }
        CHECK(a == b);
    }
    CHECK_FALSE(updated.search("жилищная инспекция").hits.empty());
}
