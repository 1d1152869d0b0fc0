#pragma once
// The search index of a KB (Xapian) and the queries an operator types into it.
#include "sufler/kb/error.h"
#include "sufler/kb/model.h"

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sufler::indexer {

// Default index location: $XDG_CACHE_HOME/sufler/<hash of the KB path>/.
[[nodiscard]] std::filesystem::path defaultDbDir(const std::filesystem::path& kbRoot);

struct UpdateStats {
    std::size_t filesRead = 0;    // files parsed in this run
    std::size_t filesRemoved = 0; // files gone since the last run
    std::size_t entries = 0;      // entries in the index after the run
    bool rebuilt = false;         // the index was built from scratch
};

// Builds or updates the index of the KB at kbRoot in dbDir, re-reading only the files that
// changed since the last run. Problems of single files become diagnostics; throws
// sufler::Error only when the index cannot be written at all.
UpdateStats updateIndex(const std::filesystem::path& kbRoot, const std::filesystem::path& dbDir,
                        Diagnostics& diagnostics);

struct SearchOptions {
    std::string department;              // filter by slug; empty = all
    std::optional<kb::EntryKind> kind;   // filter by kind
    std::size_t limit = 10;
    bool asYouType = true;               // the last word is a prefix
    bool facets = true;                  // count matches per department (byDepartment)
};

struct Hit {
    std::string id;
    kb::EntryKind kind = kb::EntryKind::Note;
    std::string department;
    std::string title;
    std::string snippet; // HTML-escaped text; matched words wrapped in <mark>…</mark>
    std::string path;
    int line = 0;
    double score = 0;
};

struct SearchResult {
    std::string query;
    std::optional<std::string> corrected; // what was searched instead, when it differs
    std::size_t total = 0;                // estimated matches
    std::vector<Hit> hits;
    std::map<std::string, std::size_t> byDepartment; // facet counts
};

// A reader of the index; cheap to query, one per thread.
class Searcher {
public:
    explicit Searcher(const std::filesystem::path& dbDir); // throws sufler::Error
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    // Never throws on odd query text: what the parser rejects is searched as plain words.
    [[nodiscard]] SearchResult search(const std::string& query, const SearchOptions& options = {});
    // Sees the latest committed state of the index.
    void reopen();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sufler::indexer
