#pragma once
// The search index of a KB (Xapian) and the queries an operator types into it.
#include "sufler/core/error.h"
#include "sufler/kb/model.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sufler::indexer {

// Default index location: $XDG_CACHE_HOME/sufler/<hash of the KB path>/.
[[nodiscard]] std::filesystem::path defaultDbDir(const std::filesystem::path& kbRoot);

// The index on disk is damaged: Xapian reports it corrupt, or one of its files is shorter than
// the last commit left it. updateIndex() rebuilds such an index; a Searcher throws this rather
// than answer from it.
class IndexDamaged : public Error {
public:
    using Error::Error;
};

struct UpdateStats {
    std::size_t filesRead = 0;      // files parsed in this run
    std::size_t filesRemoved = 0;   // files gone since the last run
    std::size_t entries = 0;        // entries in the index after the run
    std::size_t entriesWritten = 0; // entries built and written: new, or their content changed
    std::size_t entriesMoved = 0;   // entries whose content is the same but line moved
    // Entries the loader parsed: of a large file edited, only those of the `## ` sections that
    // changed; the others are known by the hashes of their sections.
    std::size_t entriesParsed = 0;
    bool rebuilt = false; // the index was built from scratch
    std::string damage;   // when it was rebuilt because it was damaged: what was found
};

struct UpdateOptions {
    // Read every block of the index first (Xapian's own check, about 1.5 s per 100k entries),
    // so that damage no search has run into yet is found and repaired too.
    bool verify = false;
    // Rebuild from scratch, whatever the index looks like: what a searcher found damaged.
    std::string rebuild;
    // Called as a rebuild starts, with what was found damaged (empty when there was no index
    // yet, or one of another KB or program version). Searches keep the previous index open
    // until the rebuilt one takes its place.
    std::function<void(const std::string& damage)> onRebuild;
    // Threads of a build from scratch, each writing a part of the index (0: one a core, at most
    // 8, and one for a KB under a few megabytes).
    unsigned jobs = 0;
};

// The hotline's calls as a weak ranking signal: a query typed during a call and the entry the
// operator then opened from its results. Kept beside the index in callerQueriesFile(dbDir), one
// `entry id<TAB>query` a line (sufler suggest --signal writes it from the journal); each
// update reads it, and the words of an entry's queries are indexed with the entry at a weight
// below its own text. An entry whose queries changed is rewritten, the others are not.
struct CallerQuery {
    std::string entryId;
    std::string query;
};
[[nodiscard]] std::filesystem::path callerQueriesFile(const std::filesystem::path& dbDir);
// Replaces the file whole (a reader never sees half of it). Throws sufler::Error.
void writeCallerQueries(const std::filesystem::path& dbDir,
                        const std::vector<CallerQuery>& queries);

// Builds or updates the index of the KB at kbRoot in dbDir, re-reading only the files that
// changed since the last run. An index built from scratch (the first, one of another schema,
// or a damaged one) is written into a new folder beside dbDir and then swapped in, so dbDir
// always holds a whole index. Problems of single files become diagnostics; throws
// sufler::Error only when the index cannot be written at all.
UpdateStats updateIndex(const std::filesystem::path& kbRoot, const std::filesystem::path& dbDir,
                        Diagnostics& diagnostics, const UpdateOptions& options = {});

struct SearchOptions {
    std::string department;            // filter by slug; empty = all
    std::optional<kb::EntryKind> kind; // filter by kind
    std::size_t limit = 10;
    bool asYouType = true;      // the last word is a prefix
    bool facets = true;         // count matches per department (byDepartment)
    bool directoryOnly = false; // only rows of directory/ (they have no department)
    // Weigh the words callers found entries with (callerQueriesFile); off to see what the KB's
    // own text finds.
    bool callerWords = true;
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

// Below this confidence the first hit is not taken for an answer: the console and the CLI say
// «в базе нет ответа» and offer the out-of-competence script and the directory's agencies.
inline constexpr double kNoAnswerBelow = 0.4;

// The search for the agencies of directory/ that fit a question the KB has no answer to.
[[nodiscard]] SearchOptions agencySearch(std::size_t limit = 3);

struct SearchResult {
    std::string query;
    std::optional<std::string> corrected; // what was searched instead, when it differs
    std::size_t total = 0;                // estimated matches
    std::vector<Hit> hits;
    // How surely the first hit answers the question, 0..1: the share of what was asked (each
    // word weighed by how rare it is in the KB, a word no entry holds most) that the first hit
    // holds.
    double confidence = 0;
    std::map<std::string, std::size_t> byDepartment; // facet counts

    // Nothing found, or the first hit is not taken for an answer.
    [[nodiscard]] bool noAnswer() const { return hits.empty() || confidence < kNoAnswerBelow; }
};

// A reader of the index; cheap to query, one per thread.
class Searcher {
public:
    // Throws sufler::Error when there is no whole index of this program's version in dbDir,
    // IndexDamaged when it is damaged.
    explicit Searcher(const std::filesystem::path& dbDir);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    // Never throws on odd query text: what the parser rejects is searched as plain words.
    // Throws IndexDamaged when the index turns out damaged, never an empty result instead.
    [[nodiscard]] SearchResult search(const std::string& query, const SearchOptions& options = {});
    // Sees the latest committed state of the index, or the index rebuilt in its place.
    void reopen();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sufler::indexer
