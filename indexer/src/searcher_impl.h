#pragma once
// The searcher's private parts, shared by its files: searcher.cpp (opening the index, a search
// from the query to the hits, corrections), query_words.cpp (what the index knows of a word),
// query_build.cpp (the Xapian query of a question) and ranking.cpp (how much of the question a
// hit holds, snippets). Internal to the indexer.
#include "places.h"
#include "schema.h"

#include "sufler/indexer/search.h"
#include "sufler/indexer/text.h"
#include "sufler/indexer/vocabulary.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_set>

#include <sys/stat.h>

namespace sufler::indexer {

constexpr Xapian::termcount kMaxExpansion = 30;
constexpr double kStopwordPrefixWeight = 0.3; // «над» as the last word: maybe «надбавка»
constexpr double kAllWordsBonus = 1.0;        // entries that match every part of the question
constexpr double kTitleCoverageBoost = 1.0; // at most doubles the weight of a hit
constexpr std::size_t kMinSynonymPrefixLetters = 5;
constexpr std::size_t kRerankPool = 30; // best matches reordered by how well the title fits
constexpr std::size_t kSnippetWords = 30;
constexpr Xapian::doccount kFacetSample = 2000; // matches counted for facets, at most
// A long question (a caller's words) rarely has an entry holding all of it: more of the best
// matches are reordered by how much of it they cover.
constexpr std::size_t kLongQuestion = 4; // things asked, from which a question is long
constexpr std::size_t kLongRerankPool = 100;
constexpr double kVocabularyWeight = 0.4; // official terms of the caller's everyday words
constexpr double kVocabularyCover = 0.6;  // how much such a term covers of the word it stands for
// Words callers typed before the operator opened an entry (C terms): found with it at the
// vocabulary's weight and cover, below the entry's own text.
constexpr double kCallerWeight = kVocabularyWeight;
// A word of the question that no entry holds, nor a form of it: likely what the question is
// about. It weighs this many times a word the KB holds in the confidence
// of the first hit (Need::sure), so that «такси до аэропорта» is not answered by «социальное
// такси» alone.
constexpr double kUnknownTopic = 2.5;
constexpr double kAmountWeight = 2.5;        // a sum or a percentage asked for
constexpr double kTransferBoost = 20.0;      // contacts, when the operator asks whom to transfer to
constexpr double kActBoost = 4.0;            // acts, when the question names a law
constexpr double kIntentCoverage = 0.6;      // of the question, held by a contact (act) put first
constexpr Xapian::doccount kIntentPool = 20; // best contacts (or acts) added to the reordered ones
// A contact of one territory: below the department's own contacts when the operator asks whom
// to transfer to and the question names no place, above them when it names its place; below
// the contacts of the place named, whatever is asked.
constexpr double kOtherTerritory = 0.5;
constexpr double kOwnTerritory = 2.0;
constexpr Xapian::doccount kHeadPool = 200; // contacts of a department looked at for its head

// How a contact's territory (kSlotTerritory: its places) suits what was typed (typedStems):
// kOwnTerritory when one of its places was named, kOtherTerritory when none was, 1 for a
// contact of the whole region.
[[nodiscard]] double territoryFit(const std::string& places, const std::set<std::string>& typed);

class Stopper : public Xapian::Stopper {
public:
    bool operator()(const std::string& term) const override { return text::isStopword(term); }
};

// Query text that needs Xapian's query parser: quotes, brackets, +/-, AND/OR/NOT.
[[nodiscard]] bool hasSyntax(const std::string& query);

struct Chunk {
    std::string text;
    std::string space; // whitespace after it
};

[[nodiscard]] std::vector<Chunk> splitChunks(const std::string& query);

// A word of the query as searched.
struct QueryWord {
    std::string stem;
    std::vector<std::string> otherStems; // fleeting-vowel spellings («ребенк» for «ребенок»)
    std::string word;
    Xapian::Query query;
    bool prefix = false;                   // the last word, still being typed
    bool optional = false;                 // not required for the bonus of matching every word
    std::vector<std::string> synonymStems; // of the synonym group this word stands for
    // A word of a listed place («Северогорска», «Заречном районе»): searched, but where the
    // caller lives is not what is asked — the territory of contacts weighs it instead.
    bool place = false;
};

// One thing the operator asked for: the stems that stand for it (its spellings and synonyms),
// or the prefix still being typed.
struct Concept {
    std::set<std::string> stems;
    std::string prefix;
    [[nodiscard]] bool matches(const std::string& stem, const std::string& word) const {
        return stems.count(stem) != 0 || (!prefix.empty() && word.starts_with(prefix));
    }
};

// One thing asked, for how much of the question an entry covers: the terms that hold it, and
// the official terms of the vocabulary that hold it less surely.
struct Need {
    std::vector<std::string> terms;             // any of them in an entry covers the need
    std::string termPrefix;                     // or a term that begins with this
    std::vector<std::vector<std::string>> weak; // or all terms of one of these, less surely
    double weight = 1.0;                        // how rare it is in the KB
    // What it weighs in the confidence of the first hit: a word no entry holds (nor, of the word
    // being typed, begins) more than a rare one, since it is likely what the question is about.
    double sure = 1.0;
};

// Among entries that hold the question alike, the answer to read out comes before a
// department's description, a management case or a written template.
[[nodiscard]] double kindPrior(const std::string& kind);

// What the operator asks for besides the words: whom to transfer the caller to, or a law.
enum class Intent { None, Transfer, Act };

// What the snippet marks, and what the question asked for.
struct Highlight {
    std::set<std::string> stems;
    std::string prefix;
    std::vector<std::string> phoneDigits;
    std::vector<Concept> concepts;
    std::vector<Need> needs;
    std::vector<std::string> probes; // the needs' terms and prefixes, sorted, each once
    Intent intent = Intent::None;
    // A place asked about: the key (placeKey) of each municipality of the profile's list named
    // («из Северогорска», «в Заречном районе»), and the stems of the other words typed but a
    // region's («Энской области»), for places the list does not hold.
    std::set<std::string> typedStems;
};

// Words that say the operator looks for a person to transfer to, not for an answer: «кто у вас
// по…», «кому переключить», «телефон», «к кому». Matched by their beginning.
[[nodiscard]] bool isTransferWord(const std::string& word);

// «области», «обл»: the noun of a region's name («Энской области»), not «областной».
[[nodiscard]] bool isRegionNoun(const std::string& word);

// Words that name a person without a topic: «специалиста», «сотрудником», «человеку».
[[nodiscard]] bool isPersonWord(const std::string& word);

// Words that name a normative act: the act rows come first.
[[nodiscard]] bool isActWord(const std::string& word);

// The words of the language (a hunspell dictionary), to tell a real word the KB does not use
// from a typo of one it does. Without the dictionary's files it knows no word.
class WordDictionary {
public:
    // The dictionary whose files are `base`.aff and `base`.dic.
    explicit WordDictionary(const std::filesystem::path& base);
    ~WordDictionary();
    WordDictionary(const WordDictionary&) = delete;
    WordDictionary& operator=(const WordDictionary&) = delete;

    // One per process and files, loaded on first use; safe to share between threads.
    [[nodiscard]] static std::shared_ptr<const WordDictionary>
    shared(const std::filesystem::path& base);

    // A word as folded (lower case, «е» for «ё»).
    [[nodiscard]] bool knows(const std::string& word) const;

private:
    struct Handle;
    std::unique_ptr<Handle> m_handle;
    mutable std::mutex m_mutex;
};

// Debian's hunspell-ru, or the files $SUFLER_SPELLING_DICTIONARY names (empty: none).
[[nodiscard]] std::filesystem::path spellingDictionaryBase();

struct Searcher::Impl {
    std::filesystem::path dir;
    Xapian::Database db;
    // The folder this reader opened: a rebuilt index is swapped in as another folder.
    dev_t folderDevice = 0;
    ino_t folderInode = 0;
    detail::Stemmer stem;
    // A word of a synonym: abbreviations («СВО», «ЕП») match only as written, since their
    // stems collide with ordinary words («своего» stems to «сво»); other words match by stem.
    struct SynonymWord {
        std::string stem;
        std::string word;
        bool exact = false;
        [[nodiscard]] bool matches(const QueryWord& query) const {
            if (exact) {
                return query.word == word;
            }
            // As the operator types: «несовершенноле» is already «несовершеннолетний».
            if (query.prefix && text::letterCount(query.word) >= kMinSynonymPrefixLetters &&
                word.starts_with(query.word)) {
                return true;
            }
            return query.stem == stem || std::find(query.otherStems.begin(), query.otherStems.end(),
                                                   stem) != query.otherStems.end();
        }
    };
    // Each synonym group: its members as sequences of words.
    std::vector<std::vector<std::vector<SynonymWord>>> synonyms;
    // Stems of the synonym groups: words the KB may not use but the operator may type («ЕДВ»).
    std::unordered_set<std::string> synonymStems;
    // The profile's municipalities the index was built with (kMetaMunicipalities), as loaded.
    std::string placeNames;
    detail::Places places;

    // The vocabulary, by stems: everyday words (every one must be in the question) and the
    // official phrases they stand for.
    struct VocabularyEntry {
        std::vector<std::string> everyday;
        std::vector<std::vector<std::string>> official;
    };
    std::vector<VocabularyEntry> vocabulary;
    std::unordered_set<std::string> fillerWords;      // words of speech that say nothing asked
    std::unordered_set<std::string> vocabularyStems;  // everyday words: known, never corrected
    std::shared_ptr<const WordDictionary> dictionary; // loaded by the first word it is asked

    explicit Impl(std::filesystem::path d);

    void loadVocabulary();

    // Opens the index in `dir` afresh; the reader open so far stays when this throws.
    void open();

    // Sees the latest commit, or the rebuilt index now in the folder's place.
    void refresh();

    // A Xapian error as the project's: IndexDamaged when the files are damaged.
    [[noreturn]] void rethrow(const Xapian::Error& e, std::string_view what) const;

    void loadSynonyms();

    // The municipalities of the index's metadata, when they are not those loaded already.
    void loadPlaces();

    [[nodiscard]] bool knownWord(const std::string& word);

    // Words typed together without a space («опеканад», «компенсациязадрова»): the longest
    // known word first, then the rest, itself split once more if need be. Empty when it is not.
    [[nodiscard]] std::string splitGlued(const std::string& word, int depth = 0);

    [[nodiscard]] bool knownPrefix(const std::string& word);

    // Stems the word being typed has already gone past: a half-typed «оформлени» or
    // «пособием» runs beyond the stems «оформлен», «пособ» that no wildcard on it would reach.
    [[nodiscard]] std::vector<std::string> stemsWithin(const std::string& word);

    // A chunk is known when every word in it is in the KB's vocabulary.
    [[nodiscard]] bool knownChunk(const std::string& chunk, bool lastIsPrefix);

    // A word of the language (the dictionary knows it): not a typo, whatever the KB holds.
    [[nodiscard]] bool realWord(const std::string& word);

    // Unknown words replaced by the nearest word of the KB's spelling data.
    [[nodiscard]] std::string spell(const std::string& chunk, bool lastIsPrefix);

    // A stemmed word, with its fleeting-vowel spellings that the KB uses, weighed as one term.
    [[nodiscard]] Xapian::Query stemQuery(const std::string& stemmed, Highlight& highlight);

    // A word that more than half of the entries hold tells nothing about which of them hold
    // every word, and requiring it costs a pass over most of the index (a common word in a
    // large KB): the bonus for matching every word leaves it out.
    [[nodiscard]] bool inMostEntries(const QueryWord& word) const;

    // The last word as typed so far: its own stem, or any word it begins.
    [[nodiscard]] Xapian::Query prefixQuery(const std::string& word, Highlight& highlight);

    // How rare a term is in the KB: the weight of what was asked (a word no entry holds weighs
    // most, so that a question about something the KB does not know is not taken as answered).
    [[nodiscard]] double rarity(Xapian::doccount df) const;

    // A word the KB never uses: a verb or an adjective of speech («забираю», «тяжелое») says
    // less of what the question is about than a noun («загранпаспорт», «техосмотр»), which is
    // likely a thing the KB does not know.
    [[nodiscard]] static double unknownWordShare(const std::string& word);

    [[nodiscard]] Need needOf(std::vector<std::string> terms) const;

    // A form of a word the KB uses that the stemmer did not bring to the same stem: «дочке»
    // (дочк) of «дочь» (доч).
    [[nodiscard]] bool formOfKnown(const std::string& stemmed) const;

    // What the operator asks for besides words: the markers of a transfer («кто у вас по»,
    // «кому переключить», «телефон»), which say nothing of the question itself, and act words.
    Intent findIntent(const std::vector<text::Token>& tokens, std::vector<bool>& marker) const;

    [[nodiscard]] Xapian::Query build(const std::string& queryText, bool prefixMode,
                                      Highlight& highlight, bool callerWords);

    [[nodiscard]] Xapian::Query parseSyntax(const std::string& queryText, Highlight& highlight);

    // How nearly a title is the question, 0..1: half of it the share of the title's words that
    // were asked for, half the share of what was asked that the title holds.
    [[nodiscard]] double titleFit(std::string_view title, const Highlight& highlight);

    // The best fit of a hit's title, other wordings and (of a contact) position.
    [[nodiscard]] double titleCoverage(const Xapian::Document& doc, const Highlight& highlight);

    // How much of the question an entry holds, 0..1: each thing asked weighed by how rare it
    // is, an everyday word held by its official term counting for part of it. 1 when the
    // question was in the query parser's syntax (nothing to weigh it by).
    // With `sure`, each thing asked weighs what it does in the confidence (Need::sure).
    [[nodiscard]] static double coverage(const Xapian::Document& doc, const Highlight& highlight,
                                         bool sure = false);

    [[nodiscard]] std::string snippet(const std::string& source, const Highlight& highlight);

    SearchResult run(const std::string& query, const SearchOptions& options);

    // The department's head: its first contact whose position begins «Начальник» and that
    // serves the whole region; none for the directory or a department without one.
    [[nodiscard]] std::optional<Xapian::Document> departmentHead(const std::string& department);

    // The query as it will be searched: chunks typed on the wrong layout converted, unknown
    // words corrected from the KB's spelling data. Known text is never changed.
    [[nodiscard]] std::string correct(const std::string& query, bool prefixMode);
};

} // namespace sufler::indexer
