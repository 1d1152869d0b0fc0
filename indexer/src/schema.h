#pragma once
// How entries are laid out in the Xapian database. Internal to the indexer; bump kSchema
// whenever terms or data change so that old indexes are rebuilt rather than misread.
#include "sufler/kb/model.h"

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sufler::indexer::detail {

class Places;

inline constexpr std::string_view kSchema = "sufler-index-11";

// FNV-1a: the hashes of files, sections and entries that tell what changed (not a defence).
[[nodiscard]] inline std::uint64_t fnv1a(std::string_view data,
                                         std::uint64_t h = 1469598103934665603ULL) {
    for (char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

// Metadata keys.
inline constexpr std::string_view kMetaSchema = "schema";
inline constexpr std::string_view kMetaRoot = "root";
inline constexpr std::string_view kMetaFilePrefix = "file:";  // + path → "size:mtime:hash"
inline constexpr std::string_view kMetaSynonyms = "synonyms"; // JSON [[...], ...]
// sufler.yaml `municipalities` and the region's name (Places::encoded, JSON): the places
// territoryOf and the searcher know. The territories of contacts were found with it, so another
// list rebuilds the index.
inline constexpr std::string_view kMetaMunicipalities = "municipalities";

// Value slots.
inline constexpr Xapian::valueno kSlotDepartment = 0;
inline constexpr Xapian::valueno kSlotKind = 1;
// The title, other wordings and (of a contact) position, one a line: what the searcher's second
// pass compares with the question, read without decoding the stored entry.
inline constexpr Xapian::valueno kSlotTitles = 2;
// The entry's id, and `hash:line` of its content: an update rewrites only the entries whose
// content changed, and only the stored line of those that merely moved.
inline constexpr Xapian::valueno kSlotId = 3;
inline constexpr Xapian::valueno kSlotContent = 4;
// Of a contact that serves one territory («жителям Южногорска», «управления … по г. Энску»,
// «по Каменскому району», «УСЗН Северогорск», «Заречный р-н»): the places its title, position,
// organisation or questions name, space-separated — the key of a municipality of the profile's
// list (placeKey), or the stem of a place named the way an office is.
inline constexpr Xapian::valueno kSlotTerritory = 5;

// Term prefixes: Z stem of a word; P first letters of a title-like word (as-you-type);
// N act number; T phone digits; S a sum in roubles; R a percentage; C stem of a word callers
// typed before opening the entry (a weak signal); Q id; K kind; D department; F file.
inline constexpr std::size_t kMaxPrefixLetters = 5;
inline constexpr std::size_t kMinPhoneFragment = 4;

// Weight of a word by where it stands: titles and other wordings count more than bodies.
inline constexpr unsigned kTitleWdf = 5;
inline constexpr unsigned kWordingWdf = 4;
inline constexpr unsigned kFieldWdf = 2;
inline constexpr unsigned kBodyWdf = 1;

// Stemming with a cache: the Russian stemmer dominates indexing time otherwise.
class Stemmer {
public:
    Stemmer() : m_stem("russian") {}
    [[nodiscard]] const std::string& operator()(const std::string& folded);

private:
    Xapian::Stem m_stem;
    std::unordered_map<std::string, std::string> m_cache;
};

// The stored part of a document (what a hit shows), as JSON in Document::get_data().
struct StoredEntry {
    std::string id;
    kb::EntryKind kind = kb::EntryKind::Note;
    std::string department;
    std::string title;
    std::vector<std::string> otherWordings;
    std::string text; // body, or a contact's card
    std::string path;
};

// The places a contact's title, position, organisation or questions say it serves (each once,
// space-separated): the municipalities of the profile's list they name (`places`), and the
// places named the way a territorial office is («жителям Энска»); empty for a contact of the
// whole region and for other entries. The address is left out: every office stands in some town.
[[nodiscard]] std::string territoryOf(const kb::Entry& entry, Stemmer& stem, const Places& places);

[[nodiscard]] std::string encodeStored(const StoredEntry& stored);
[[nodiscard]] StoredEntry decodeStored(const std::string& data);

// The queries typed during calls before an entry was opened from their results, by entry id
// (callerQueriesFile beside the index).
using CallerQueries = std::unordered_map<std::string, std::vector<std::string>>;
// The callers' queries written beside the index (caller_queries.cpp); a line that is not
// `id<TAB>query` is reported and skipped, the rest is used.
[[nodiscard]] CallerQueries readCallerQueries(const std::filesystem::path& dbDir,
                                              Diagnostics& diagnostics);

// A hash of everything of an entry that goes into its document, except its line. `callers`:
// the queries callers found it with, or null.
[[nodiscard]] std::string contentHash(const kb::Entry& entry,
                                      const std::vector<std::string>* callers = nullptr);
// The kSlotContent value: `hash:line`. The line is kept there alone (not in the stored card),
// so that an entry moved by an edit above it is rewritten as one value.
[[nodiscard]] std::string contentValue(const std::string& hash, int line);
// The line of a document's entry, from its kSlotContent value (0 when there is none).
[[nodiscard]] int lineOf(const Xapian::Document& doc);

// Builds the document of one entry. spellingWords receives the distinct words worth
// correcting to (spelling data is kept per distinct word, not per occurrence). The words of
// `callers` (may be null) become C terms, which the searcher weighs less than the entry's own.
// `places`: the profile's municipalities, for a contact's territory.
[[nodiscard]] Xapian::Document buildDocument(const kb::Entry& entry, Stemmer& stem,
                                             std::unordered_set<std::string>& spellingWords,
                                             const Places& places,
                                             const std::vector<std::string>* callers = nullptr);

// The spelling words of a stored document (to take them back when it is deleted).
void spellingWordsOf(const StoredEntry& stored, std::unordered_set<std::string>& words);

[[nodiscard]] std::string fileTerm(std::string_view path);

// A term: its one-letter prefix and the word. (Built in place: GCC 12 warns falsely on
// `"Z" + std::string(...)`.)
[[nodiscard]] inline std::string term(char prefix, std::string_view word) {
    std::string t;
    t.reserve(word.size() + 1);
    t += prefix;
    t += word;
    return t;
}

// Xapian refuses terms longer than 245 bytes, and one such term fails the whole update.
inline constexpr std::size_t kMaxTermBytes = 240;
// A term cut to fit, made unique by a hash of the whole (long ids, paths, slugs).
[[nodiscard]] std::string boundedTerm(std::string term);

// The metadata key of a file's signature: `file:` + path, bounded like a term (a key over 245
// bytes fails the whole update). A cut key's value carries the path after a '\n'.
[[nodiscard]] std::string fileMetaKey(std::string_view path);

// Beside the tables, their sizes after the last commit. Xapian's files only grow, so a shorter
// one is damage that a search may not run into until it reads there.
inline constexpr std::string_view kSizesFile = "sufler-sizes";
void recordTableSizes(const std::filesystem::path& dir);
// What is shorter than recorded, in Russian; nullopt when nothing is (or nothing was recorded).
[[nodiscard]] std::optional<std::string> shortenedTable(const std::filesystem::path& dir);

// True for the errors that mean the files are damaged, rather than locked, moved on by a
// writer, or not there at all.
[[nodiscard]] bool isDamage(const Xapian::Error& error);

} // namespace sufler::indexer::detail
