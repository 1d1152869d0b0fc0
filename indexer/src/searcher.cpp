// Queries an operator types: as-you-type prefixes, the wrong keyboard layout, typos corrected
// from the KB's own words, synonyms of sufler.yaml, act numbers and phone fragments.
#include "schema.h"

#include "sufler/indexer/search.h"
#include "sufler/indexer/text.h"
#include "sufler/indexer/vocabulary.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <unordered_set>

#include <sys/stat.h>

namespace fs = std::filesystem;

namespace sufler::indexer {
namespace {

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
constexpr double kAmountWeight = 2.5;        // a sum or a percentage asked for
constexpr double kTransferBoost = 20.0;      // contacts, when the operator asks whom to transfer to
constexpr double kActBoost = 4.0;            // acts, when the question names a law
constexpr double kIntentCoverage = 0.6;      // of the question, held by a contact (act) put first
constexpr Xapian::doccount kIntentPool = 20; // best contacts (or acts) added to the reordered ones

class Stopper : public Xapian::Stopper {
public:
    bool operator()(const std::string& term) const override { return text::isStopword(term); }
};

// Query text that needs Xapian's query parser: quotes, brackets, +/-, AND/OR/NOT.
bool hasSyntax(const std::string& query) {
    if (query.find('"') != std::string::npos) {
        return true;
    }
    // Brackets group words, but a city code in brackets is part of a phone: «(8000) 55-32-21».
    for (std::size_t open = query.find('('); open != std::string::npos;
         open = query.find('(', open + 1)) {
        std::size_t close = query.find(')', open);
        if (close == std::string::npos ||
            query.find_first_not_of("0123456789 -", open + 1) < close) {
            return true;
        }
    }
    if (query.find(')') != std::string::npos && query.find('(') == std::string::npos) {
        return true;
    }
    std::size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() && std::isspace(static_cast<unsigned char>(query[i])) != 0) {
            ++i;
        }
        std::size_t start = i;
        while (i < query.size() && std::isspace(static_cast<unsigned char>(query[i])) == 0) {
            ++i;
        }
        std::string_view chunk(query.data() + start, i - start);
        if (chunk == "AND" || chunk == "OR" || chunk == "NOT" || chunk == "XOR") {
            return true;
        }
        if (chunk.size() > 1 && (chunk[0] == '+' || chunk[0] == '-') &&
            !(chunk[1] >= '0' && chunk[1] <= '9')) {
            return true;
        }
    }
    return false;
}

struct Chunk {
    std::string text;
    std::string space; // whitespace after it
};

std::vector<Chunk> splitChunks(const std::string& query) {
    std::vector<Chunk> chunks;
    std::size_t i = 0;
    while (i < query.size()) {
        std::size_t start = i;
        while (i < query.size() && std::isspace(static_cast<unsigned char>(query[i])) == 0) {
            ++i;
        }
        std::size_t spaceStart = i;
        while (i < query.size() && std::isspace(static_cast<unsigned char>(query[i])) != 0) {
            ++i;
        }
        if (spaceStart > start) {
            chunks.push_back({query.substr(start, spaceStart - start),
                              query.substr(spaceStart, i - spaceStart)});
        } else if (!chunks.empty()) {
            chunks.back().space += query.substr(spaceStart, i - spaceStart);
        }
    }
    return chunks;
}

// A word of the query as searched.
struct QueryWord {
    std::string stem;
    std::vector<std::string> otherStems; // fleeting-vowel spellings («ребенк» for «ребенок»)
    std::string word;
    Xapian::Query query;
    bool prefix = false;                   // the last word, still being typed
    bool optional = false;                 // not required for the bonus of matching every word
    std::vector<std::string> synonymStems; // of the synonym group this word stands for
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
};

// Among entries that hold the question alike, the answer to read out comes before a
// department's description, a management case or a written template.
double kindPrior(const std::string& kind) {
    if (kind == "department") {
        return 0.7;
    }
    if (kind == "case") {
        return 0.8;
    }
    return kind == "template" ? 0.9 : 1.0;
}

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
};

// Words that say the operator looks for a person to transfer to, not for an answer: «кто у вас
// по…», «кому переключить», «телефон», «к кому». Matched by their beginning.
bool isTransferWord(const std::string& word) {
    static const std::vector<std::string_view> kStarts = {
        "перевест", "перевед",  "переключ", "соедин",  "телефон", "позвон",   "звонит",
        "звонить",  "отвечает", "занимает", "контакт", "передат", "переадрес"};
    for (auto start : kStarts) {
        if (word.starts_with(start)) {
            return true;
        }
    }
    return word == "номер" || word == "тел";
}

// Words that name a normative act: the act rows come first.
bool isActWord(const std::string& word) {
    static const std::unordered_set<std::string_view> kWords = {"закон",
                                                                "закона",
                                                                "законе",
                                                                "законы",
                                                                "законом",
                                                                "фз",
                                                                "федеральный",
                                                                "постановление",
                                                                "постановления",
                                                                "указ",
                                                                "указа",
                                                                "кодекс",
                                                                "кодекса",
                                                                "кодексе",
                                                                "статья",
                                                                "статье",
                                                                "статьи",
                                                                "ст",
                                                                "приказ",
                                                                "распоряжение",
                                                                "нпа",
                                                                "норматив",
                                                                "жк",
                                                                "тк",
                                                                "ск",
                                                                "гк"};
    return kWords.count(word) != 0;
}

} // namespace

struct Searcher::Impl {
    fs::path dir;
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

    // The vocabulary, by stems: everyday words (every one must be in the question) and the
    // official phrases they stand for.
    struct VocabularyEntry {
        std::vector<std::string> everyday;
        std::vector<std::vector<std::string>> official;
    };
    std::vector<VocabularyEntry> vocabulary;
    std::unordered_set<std::string> fillerWords;     // words of speech that say nothing asked
    std::unordered_set<std::string> vocabularyStems; // everyday words: known, never corrected

    explicit Impl(fs::path d) : dir(std::move(d)) {
        loadVocabulary();
        open();
    }

    void loadVocabulary() {
        for (const auto& association : everydayVocabulary()) {
            VocabularyEntry entry;
            for (const auto& token : text::tokenize(association.everyday)) {
                entry.everyday.push_back(stem(token.word));
                vocabularyStems.insert(entry.everyday.back());
            }
            if (association.official.empty()) {
                // As written: «надо» is filler, «над» (its stem) may begin «надбавка».
                for (const auto& token : text::tokenize(association.everyday)) {
                    fillerWords.insert(token.word);
                }
                continue;
            }
            for (const auto& phrase : association.official) {
                std::vector<std::string> stems;
                for (const auto& token : text::tokenize(phrase)) {
                    if (!text::isStopword(token.word)) {
                        stems.push_back(stem(token.word));
                    }
                }
                if (!stems.empty()) {
                    entry.official.push_back(std::move(stems));
                }
            }
            if (!entry.everyday.empty() && !entry.official.empty()) {
                vocabulary.push_back(std::move(entry));
            }
        }
    }

    // Opens the index in `dir` afresh; the reader open so far stays when this throws.
    void open() {
        struct stat folder {};
        if (::stat(dir.c_str(), &folder) != 0) {
            throw Error(fmt::format("{}: индекса нет — его строит sufler index", dir.string()));
        }
        if (auto shorter = detail::shortenedTable(dir)) {
            throw IndexDamaged(fmt::format("{}: индекс повреждён: {}", dir.string(), *shorter));
        }
        try {
            Xapian::Database opened(dir.string());
            // An index a run never finished (or of another version of the program) would
            // answer «nothing found»: refused instead.
            if (opened.get_metadata(std::string(detail::kMetaSchema)) != detail::kSchema) {
                throw Error(fmt::format("{}: индекс не достроен или построен другой версией "
                                        "программы — постройте его заново: sufler index",
                                        dir.string()));
            }
            db = std::move(opened);
        } catch (const Xapian::Error& e) {
            rethrow(e, "индекс не открывается");
        }
        folderDevice = folder.st_dev;
        folderInode = folder.st_ino;
        loadSynonyms();
    }

    // Sees the latest commit, or the rebuilt index now in the folder's place.
    void refresh() {
        struct stat folder {};
        if (::stat(dir.c_str(), &folder) == 0 &&
            (folder.st_dev != folderDevice || folder.st_ino != folderInode)) {
            open();
            return;
        }
        db.reopen();
        loadSynonyms();
    }

    // A Xapian error as the project's: IndexDamaged when the files are damaged.
    [[noreturn]] void rethrow(const Xapian::Error& e, std::string_view what) const {
        if (detail::isDamage(e)) {
            throw IndexDamaged(
                fmt::format("{}: индекс повреждён: {}", dir.string(), e.get_description()));
        }
        throw Error(fmt::format("{}: {}: {}", dir.string(), what, e.get_description()));
    }

    void loadSynonyms() {
        synonyms.clear();
        synonymStems.clear();
        auto groups = nlohmann::json::parse(db.get_metadata(std::string(detail::kMetaSynonyms)),
                                            nullptr, false);
        if (!groups.is_array()) {
            return;
        }
        for (const auto& group : groups) {
            std::vector<std::vector<SynonymWord>> members;
            for (const auto& member : group) {
                if (!member.is_string()) {
                    continue;
                }
                std::vector<SynonymWord> words;
                for (const auto& token : text::tokenize(member.get<std::string>())) {
                    if (!text::isStopword(token.word)) {
                        words.push_back(
                            {stem(token.word), token.word, text::letterCount(token.word) <= 4});
                        synonymStems.insert(words.back().stem);
                    }
                }
                if (!words.empty()) {
                    members.push_back(std::move(words));
                }
            }
            if (members.size() > 1) {
                synonyms.push_back(std::move(members));
            }
        }
    }

    [[nodiscard]] bool knownWord(const std::string& word) {
        const std::string s = stem(word);
        return synonymStems.count(s) != 0 || vocabularyStems.count(s) != 0 ||
               isTransferWord(word) || db.term_exists(detail::term('Z', s));
    }

    // Words typed together without a space («опеканад», «компенсациязадрова»): the longest
    // known word first, then the rest, itself split once more if need be. Empty when it is not.
    [[nodiscard]] std::string splitGlued(const std::string& word, int depth = 0) {
        std::size_t letters = text::letterCount(word);
        if ((depth == 0 && letters < 8) || letters < 4 || depth > 2) {
            return {};
        }
        // A part is a stop word («над», «на»), or a known word whose stem is not a mere
        // syllable («тех» of «техосмотр» is not).
        auto usable = [&](const std::string& part) {
            if (text::isStopword(part)) {
                return true;
            }
            return text::letterCount(part) >= 4 && text::letterCount(stem(part)) >= 4 &&
                   knownWord(part);
        };
        for (std::size_t n = letters - 2; n >= 2; --n) {
            std::string left = text::utf8Prefix(word, n);
            std::string right = word.substr(left.size());
            if (!usable(left)) {
                continue;
            }
            if (usable(right)) {
                return left + " " + right;
            }
            if (auto rest = splitGlued(right, depth + 1); !rest.empty()) {
                return left + " " + rest;
            }
        }
        return {};
    }

    [[nodiscard]] bool knownPrefix(const std::string& word) {
        std::string prefix =
            (text::letterCount(word) <= detail::kMaxPrefixLetters ? "P" : "Z") + word;
        auto it = db.allterms_begin(prefix);
        return it != db.allterms_end(prefix) || !stemsWithin(word).empty();
    }

    // Stems the word being typed has already gone past: a half-typed «оформлени» or
    // «пособием» runs beyond the stems «оформлен», «пособ» that no wildcard on it would reach.
    [[nodiscard]] std::vector<std::string> stemsWithin(const std::string& word) {
        std::vector<std::string> found;
        std::size_t letters = text::letterCount(word);
        if (letters <= detail::kMaxPrefixLetters + 1) {
            return found;
        }
        for (std::size_t n = letters - 1; n > detail::kMaxPrefixLetters && n + 3 >= letters; --n) {
            std::string term = detail::term('Z', text::utf8Prefix(word, n));
            if (db.term_exists(term)) {
                found.push_back(std::move(term));
            }
        }
        return found;
    }

    // A chunk is known when every word in it is in the KB's vocabulary.
    [[nodiscard]] bool knownChunk(const std::string& chunk, bool lastIsPrefix) {
        auto tokens = text::tokenize(chunk);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const auto& word = tokens[i].word;
            if (text::isDigits(word) || text::isStopword(word)) {
                continue;
            }
            bool prefix = lastIsPrefix && i + 1 == tokens.size();
            if (!knownWord(word) && !(prefix && knownPrefix(word))) {
                return false;
            }
        }
        return true;
    }

    // Unknown words replaced by the nearest word of the KB's spelling data.
    [[nodiscard]] std::string spell(const std::string& chunk, bool lastIsPrefix) {
        auto tokens = text::tokenize(chunk);
        std::string out;
        std::size_t at = 0;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const auto& token = tokens[i];
            out += chunk.substr(at, token.begin - at);
            at = token.end;
            bool prefix = lastIsPrefix && i + 1 == tokens.size();
            std::size_t letters = text::letterCount(token.word);
            if (text::isDigits(token.word) || text::isStopword(token.word) || letters < 3 ||
                knownWord(token.word) || (prefix && knownPrefix(token.word))) {
                out += chunk.substr(token.begin, token.end - token.begin);
                continue;
            }
            if (letters >= 8) {
                if (auto split = splitGlued(token.word); !split.empty()) {
                    out += split;
                    continue;
                }
            }
            std::string suggestion = text::spellingWord(
                db.get_spelling_suggestion(text::spellingKey(token.word), letters < 9 ? 1 : 2));
            out += suggestion.empty() ? chunk.substr(token.begin, token.end - token.begin)
                                      : suggestion;
        }
        out += chunk.substr(at);
        return out;
    }

    // A stemmed word, with its fleeting-vowel spellings that the KB uses, weighed as one term.
    [[nodiscard]] Xapian::Query stemQuery(const std::string& stemmed, Highlight& highlight) {
        std::vector<Xapian::Query> spellings = {Xapian::Query(detail::term('Z', stemmed))};
        highlight.stems.insert(stemmed);
        for (auto& other : text::fleetingVowelVariants(stemmed)) {
            if (db.term_exists(detail::term('Z', other))) {
                spellings.emplace_back(detail::term('Z', other));
                highlight.stems.insert(std::move(other));
            }
        }
        if (spellings.size() == 1) {
            return spellings.front();
        }
        return Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
    }

    // A word that more than half of the entries hold tells nothing about which of them hold
    // every word, and requiring it costs a pass over most of the index (a common word in a
    // large KB): the bonus for matching every word leaves it out.
    [[nodiscard]] bool inMostEntries(const QueryWord& word) const {
        Xapian::doccount most = db.get_doccount() / 2;
        if (db.get_termfreq(detail::term('Z', word.stem)) > most) {
            return true;
        }
        return word.prefix && text::letterCount(word.word) <= detail::kMaxPrefixLetters &&
               db.get_termfreq(detail::term('P', word.word)) > most;
    }

    // The last word as typed so far: its own stem, or any word it begins.
    [[nodiscard]] Xapian::Query prefixQuery(const std::string& word, Highlight& highlight) {
        Xapian::Query exact = stemQuery(stem(word), highlight);
        if (text::letterCount(word) <= detail::kMaxPrefixLetters) {
            // Prefixes of title-like words are indexed ahead: one posting list, whatever the
            // length of the prefix.
            return Xapian::Query(Xapian::Query::OP_OR, exact,
                                 Xapian::Query(detail::term('P', word)));
        }
        std::vector<Xapian::Query> parts = {exact};
        parts.emplace_back(Xapian::Query::OP_WILDCARD, detail::term('Z', word), kMaxExpansion,
                           Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        for (auto& term : stemsWithin(word)) {
            parts.emplace_back(std::move(term));
        }
        return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }

    // How rare a term is in the KB: the weight of what was asked (a word no entry holds weighs
    // most, so that a question about something the KB does not know is not taken as answered).
    [[nodiscard]] double rarity(Xapian::doccount df) const {
        double n = db.get_doccount();
        return std::max(0.05, std::log((n + 1.0) / (static_cast<double>(df) + 0.5)));
    }

    // A word the KB never uses: a verb or an adjective of speech («забираю», «тяжелое») says
    // less of what the question is about than a noun («загранпаспорт», «техосмотр»), which is
    // likely a thing the KB does not know.
    [[nodiscard]] static double unknownWordShare(const std::string& word) {
        static const std::vector<std::string_view> kVerb = {
            "ть", "ться", "тся", "ла", "ли",  "ло",  "лся", "лась", "лись", "ет",
            "ит", "ют",   "ят",  "ут", "ешь", "ишь", "аю",  "яю",   "юсь",  "ем",
            "им", "ете",  "ите", "ал", "ял",  "ил",  "ел",  "уй",   "ай"};
        static const std::vector<std::string_view> kAdjective = {
            "ый",  "ий",  "ой",  "ая",  "яя",  "ое", "ее", "ые", "ие", "ого",
            "его", "ому", "ему", "ыми", "ими", "ую", "юю", "ых", "их"};
        auto endsWithAny = [&](const std::vector<std::string_view>& endings) {
            return std::any_of(endings.begin(), endings.end(),
                               [&](std::string_view e) { return word.ends_with(e); });
        };
        if (endsWithAny(kVerb)) {
            return 0.25;
        }
        return endsWithAny(kAdjective) ? 0.5 : 1.0;
    }

    [[nodiscard]] Need needOf(std::vector<std::string> terms) const {
        Need need;
        Xapian::doccount df = 0;
        for (const auto& t : terms) {
            df = std::max(df, db.get_termfreq(t));
        }
        need.terms = std::move(terms);
        need.weight = rarity(df);
        return need;
    }

    // What the operator asks for besides words: the markers of a transfer («кто у вас по»,
    // «кому переключить», «телефон»), which say nothing of the question itself, and act words.
    Intent findIntent(const std::vector<text::Token>& tokens, std::vector<bool>& marker) const {
        bool transfer = false;
        bool act = false;
        for (std::size_t t = 0; t < tokens.size(); ++t) {
            const std::string& w = tokens[t].word;
            const std::string next = t + 1 < tokens.size() ? tokens[t + 1].word : std::string();
            if (isTransferWord(w)) {
                marker[t] = true;
                transfer = true;
            } else if ((w == "кто" && (next == "у" || next == "по" || next == "занимается")) ||
                       (w == "к" && next == "кому") || (w == "у" && next == "кого")) {
                transfer = true;
            } else if (w == "куда" && (next.starts_with("отправ") || next.starts_with("направ") ||
                                       next.starts_with("перенаправ"))) {
                // «куда отправить» is whom to send the caller to; «направление» alone is not.
                marker[t + 1] = true;
                transfer = true;
            }
            act = act || isActWord(w);
        }
        if (transfer) {
            for (std::size_t t = 0; t < tokens.size(); ++t) {
                const std::string& w = tokens[t].word;
                if (w == "кто" || w == "кому" || w == "куда" || w == "кого" || w == "вас" ||
                    w == "у" || w == "к") {
                    marker[t] = true;
                }
            }
            return Intent::Transfer;
        }
        return act ? Intent::Act : Intent::None;
    }

    [[nodiscard]] Xapian::Query build(const std::string& queryText, bool prefixMode,
                                      Highlight& highlight, bool callerWords) {
        std::string folded = text::fold(queryText);
        auto tokens = text::tokenize(folded);
        std::vector<bool> consumed(tokens.size(), false);
        std::vector<Xapian::Query> parts;
        // One query per thing the operator asked for (a word, an act, a phone), for the bonus of
        // entries that match all of them: without it a rare word in some body outranks the
        // entries whose titles hold every word of the question.
        std::vector<Xapian::Query> concepts;

        for (const auto& act : text::findActNumbers(folded, tokens)) {
            if (!act.suffix.empty()) {
                parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                                   Xapian::Query(detail::term('N', act.number + act.suffix)), 3.0);
            }
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                               Xapian::Query(detail::term('N', act.number)), 2.0);
            concepts.emplace_back(detail::term('N', act.number));
            for (std::size_t t = act.firstToken; t <= act.lastToken; ++t) {
                consumed[t] = true;
            }
            highlight.stems.insert(act.number);
            highlight.concepts.push_back({{act.number}, {}});
            highlight.needs.push_back(needOf({detail::term('N', act.number)}));
            if (!act.suffix.empty()) {
                highlight.stems.insert(act.suffix);
            }
        }
        // Sums and percentages: «17200 руб», «450 тыс», «22 проц», «18 %». «9500 р» may be a sum
        // as well as an order («2347-р»): both are searched.
        for (const auto& amount : text::findAmounts(folded, tokens)) {
            if (consumed[amount.firstToken] && tokens[amount.lastToken].word != "р") {
                continue;
            }
            std::string t = detail::term(amount.percent ? 'R' : 'S', amount.value);
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t), kAmountWeight);
            concepts.emplace_back(t);
            highlight.needs.push_back(needOf({t}));
            for (std::size_t k = amount.firstToken; k <= amount.lastToken; ++k) {
                consumed[k] = true;
            }
        }
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            // «миллион» alone: a sum as callers say it.
            if (!consumed[k] && tokens[k].word.starts_with("миллион") &&
                (k == 0 || !text::isDigits(tokens[k - 1].word))) {
                std::string t = detail::term('S', "1000000");
                parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t), kAmountWeight);
                concepts.emplace_back(t);
                highlight.needs.push_back(needOf({t}));
                consumed[k] = true;
            }
        }
        for (const auto& phone : text::findPhones(folded, detail::kMinPhoneFragment)) {
            bool taken = false;
            for (std::size_t t = 0; t < tokens.size(); ++t) {
                taken = taken || (consumed[t] && tokens[t].begin >= phone.begin &&
                                  tokens[t].end <= phone.end);
            }
            if (taken) {
                continue; // a sum
            }
            // With the trunk or country code before the city code: «8 8000 55…», «+7 8000…».
            std::string digits = phone.digits;
            while (digits.size() > 10 && (digits[0] == '8' || digits[0] == '7') &&
                   !db.term_exists(detail::term('T', digits))) {
                digits.erase(0, 1);
            }
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                               Xapian::Query(detail::term('T', digits)), 3.0);
            concepts.emplace_back(detail::term('T', digits));
            highlight.phoneDigits.push_back(digits);
            highlight.needs.push_back(needOf({detail::term('T', digits)}));
            bool separated =
                folded.substr(phone.begin, phone.end - phone.begin).size() != phone.digits.size();
            if (!separated && phone.digits.size() < 5) {
                continue; // «1466» may be an act or a phone: keep it a word as well
            }
            for (std::size_t t = 0; t < tokens.size(); ++t) {
                if (tokens[t].begin >= phone.begin && tokens[t].end <= phone.end) {
                    consumed[t] = true;
                }
            }
        }

        // Whom to transfer to, or a law; and the words of speech that say nothing of the
        // question. They are left out, unless nothing else was typed.
        std::vector<bool> filler(tokens.size(), false);
        highlight.intent = findIntent(tokens, filler);
        std::vector<std::string> tokenStems(tokens.size());
        bool content = false;
        for (std::size_t t = 0; t < tokens.size(); ++t) {
            tokenStems[t] = stem(tokens[t].word);
            filler[t] = filler[t] || fillerWords.count(tokens[t].word) != 0;
            content = content || (!consumed[t] && !filler[t] && !text::isStopword(tokens[t].word));
        }
        if (!content) {
            std::fill(filler.begin(), filler.end(), false);
        }

        // Each query word in query order: its stem and word for synonyms, its query, and whether
        // it is the prefix being typed.
        std::vector<QueryWord> words;
        for (std::size_t t = 0; t < tokens.size(); ++t) {
            if (consumed[t] || filler[t]) {
                continue;
            }
            const std::string& word = tokens[t].word;
            bool last = prefixMode && t + 1 == tokens.size() && !text::isDigits(word) &&
                        !std::isspace(static_cast<unsigned char>(folded.back()));
            if (last) {
                // A finished preposition («опека над») is rarely the start of a longer word:
                // its completions («надбавка») stay found but weigh little, and it is not
                // something the answer must contain.
                bool stopword = text::isStopword(word);
                Xapian::Query query = prefixQuery(word, highlight);
                parts.push_back(stopword ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query,
                                                         kStopwordPrefixWeight)
                                         : query);
                std::string stemmed = stem(word);
                words.push_back(
                    {stemmed, text::fleetingVowelVariants(stemmed), word, query, true, stopword});
                if (text::letterCount(word) >= 2) {
                    highlight.prefix = word;
                }
                continue;
            }
            if (text::isStopword(word)) {
                continue;
            }
            std::string stemmed = stem(word);
            Xapian::Query query = stemQuery(stemmed, highlight);
            parts.push_back(query);
            words.push_back({stemmed, text::fleetingVowelVariants(stemmed), word, std::move(query),
                             false, false});
        }

        // The vocabulary: the caller's everyday words («деньги на похороны») add the official
        // terms they stand for («пособие на погребение»), weighing less than the words typed.
        std::vector<std::vector<std::vector<std::string>>> weak(words.size());
        {
            std::set<std::string> asked;
            for (std::size_t t = 0; t < tokens.size(); ++t) {
                if (!consumed[t]) {
                    asked.insert(tokenStems[t]);
                }
            }
            for (const auto& entry : vocabulary) {
                if (!std::all_of(entry.everyday.begin(), entry.everyday.end(),
                                 [&](const std::string& s) { return asked.count(s) != 0; })) {
                    continue;
                }
                std::vector<std::size_t> standsFor;
                for (std::size_t i = 0; i < words.size(); ++i) {
                    if (std::find(entry.everyday.begin(), entry.everyday.end(), words[i].stem) !=
                        entry.everyday.end()) {
                        standsFor.push_back(i);
                    }
                }
                if (standsFor.empty()) {
                    continue; // only filler words of it were typed
                }
                std::vector<Xapian::Query> alternatives;
                std::vector<std::vector<std::string>> phrases;
                for (const auto& phrase : entry.official) {
                    std::vector<Xapian::Query> terms;
                    std::vector<std::string> zTerms;
                    for (const auto& s : phrase) {
                        terms.push_back(stemQuery(s, highlight));
                        zTerms.push_back(detail::term('Z', s));
                    }
                    alternatives.emplace_back(Xapian::Query::OP_AND, terms.begin(), terms.end());
                    phrases.push_back(std::move(zTerms));
                }
                Xapian::Query official(Xapian::Query::OP_OR, alternatives.begin(),
                                       alternatives.end());
                parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, official, kVocabularyWeight);
                for (std::size_t i : standsFor) {
                    words[i].query =
                        Xapian::Query(Xapian::Query::OP_OR, words[i].query,
                                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, official, 0.0));
                    weak[i].insert(weak[i].end(), phrases.begin(), phrases.end());
                }
            }
        }

        // Synonyms in both directions: a member found in the query adds the other members, and
        // any member counts as that part of the question for the bonus below.
        std::vector<bool> merged(words.size(), false);
        for (const auto& group : synonyms) {
            std::size_t at = words.size();
            std::size_t length = 0;
            for (const auto& member : group) {
                for (std::size_t i = 0; at == words.size() && i + member.size() <= words.size();
                     ++i) {
                    if (std::equal(member.begin(), member.end(), words.begin() + i,
                                   [](const SynonymWord& m, const QueryWord& q) {
                                       return m.matches(q);
                                   })) {
                        at = i;
                        length = member.size();
                    }
                }
            }
            if (at == words.size()) {
                continue;
            }
            std::vector<Xapian::Query> alternatives;
            std::vector<Xapian::Query> asTyped;
            for (std::size_t i = at; i < at + length; ++i) {
                asTyped.push_back(words[i].query);
            }
            alternatives.emplace_back(Xapian::Query::OP_AND, asTyped.begin(), asTyped.end());
            for (const auto& member : group) {
                std::vector<Xapian::Query> terms;
                for (const auto& w : member) {
                    terms.push_back(stemQuery(w.stem, highlight));
                    words[at].synonymStems.push_back(w.stem);
                }
                parts.emplace_back(Xapian::Query::OP_AND, terms.begin(), terms.end());
                alternatives.push_back(parts.back());
            }
            if (std::none_of(merged.begin() + static_cast<std::ptrdiff_t>(at),
                             merged.begin() + static_cast<std::ptrdiff_t>(at + length),
                             [](bool m) { return m; })) {
                words[at].query =
                    Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
                words[at].optional = false;
                for (std::size_t i = at; i < at + length; ++i) {
                    merged[i] = true;
                    words[i].optional = i > at; // counted in words[at]
                }
            }
        }
        if (parts.empty()) {
            return Xapian::Query();
        }
        std::vector<std::string> callerTerms;
        for (std::size_t i = 0; i < words.size(); ++i) {
            const auto& word = words[i];
            if (word.optional) {
                continue;
            }
            if (!inMostEntries(word)) {
                concepts.push_back(word.query);
            }
            Concept asked;
            asked.stems.insert(word.stem);
            asked.stems.insert(word.otherStems.begin(), word.otherStems.end());
            asked.stems.insert(word.synonymStems.begin(), word.synonymStems.end());
            for (std::size_t j = i + 1; j < words.size() && merged[j] && words[j].optional; ++j) {
                asked.stems.insert(words[j].stem); // the rest of a multi-word synonym
            }
            if (word.prefix && text::letterCount(word.word) >= 2) {
                asked.prefix = word.word;
            }
            // How much of the question an entry covers: this word, by any of its spellings or
            // synonyms, or as it is being typed.
            std::vector<std::string> terms;
            for (const auto& s : asked.stems) {
                terms.push_back(detail::term('Z', s));
            }
            Need need = needOf(std::move(terms));
            if (!word.prefix && synonymStems.count(word.stem) == 0 &&
                std::none_of(need.terms.begin(), need.terms.end(),
                             [&](const std::string& t) { return db.term_exists(t); })) {
                need.weight *= unknownWordShare(word.word);
            }
            if (word.prefix) {
                std::size_t letters = text::letterCount(word.word);
                if (letters <= detail::kMaxPrefixLetters) {
                    need.terms.push_back(detail::term('P', word.word));
                    need.weight = std::max(need.weight, rarity(db.get_termfreq(need.terms.back())));
                } else {
                    need.termPrefix = detail::term('Z', word.word);
                    for (auto& t : stemsWithin(word.word)) {
                        need.terms.push_back(std::move(t));
                    }
                }
                if (word.optional || letters < 2) {
                    need.weight *= 0.3;
                }
                if (letters <= detail::kMaxPrefixLetters) {
                    // A few letters typed are not yet known to be a rare word.
                    need.weight = std::min(need.weight, rarity(db.get_doccount() / 50));
                }
            }
            // The hotline's callers found an entry with this word: it holds the word less surely.
            if (callerWords && text::letterCount(word.word) >= 3) {
                std::string caller = detail::term('C', word.stem);
                if (db.term_exists(caller)) {
                    callerTerms.push_back(caller);
                    weak[i].push_back({std::move(caller)});
                }
            }
            need.weak = std::move(weak[i]);
            if (!need.weak.empty()) {
                // An everyday word the KB does not use is as rare as its official terms.
                Xapian::doccount df = 0;
                for (const auto& phrase : need.weak) {
                    df = std::max(df, db.get_termfreq(phrase.front()));
                }
                bool used = std::any_of(need.terms.begin(), need.terms.end(),
                                        [&](const std::string& t) { return db.term_exists(t); });
                if (!used) {
                    need.weight = std::min(need.weight, rarity(df));
                }
                for (const auto& phrase : need.weak) {
                    for (const auto& t : phrase) {
                        asked.stems.insert(t.substr(1));
                    }
                }
            }
            highlight.needs.push_back(std::move(need));
            highlight.concepts.push_back(std::move(asked));
        }
        if (concepts.size() >= 2) {
            parts.emplace_back(
                Xapian::Query::OP_SCALE_WEIGHT,
                Xapian::Query(Xapian::Query::OP_AND, concepts.begin(), concepts.end()),
                kAllWordsBonus);
        }
        if (!callerTerms.empty()) {
            parts.emplace_back(
                Xapian::Query::OP_SCALE_WEIGHT,
                Xapian::Query(Xapian::Query::OP_OR, callerTerms.begin(), callerTerms.end()),
                kCallerWeight);
        }
        for (const auto& need : highlight.needs) {
            highlight.probes.insert(highlight.probes.end(), need.terms.begin(), need.terms.end());
            if (!need.termPrefix.empty()) {
                highlight.probes.push_back(need.termPrefix);
            }
            for (const auto& phrase : need.weak) {
                highlight.probes.insert(highlight.probes.end(), phrase.begin(), phrase.end());
            }
        }
        std::sort(highlight.probes.begin(), highlight.probes.end());
        highlight.probes.erase(std::unique(highlight.probes.begin(), highlight.probes.end()),
                               highlight.probes.end());
        return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }

    [[nodiscard]] Xapian::Query parseSyntax(const std::string& queryText, Highlight& highlight) {
        static const Stopper stopper;
        Xapian::QueryParser parser;
        parser.set_stemmer(Xapian::Stem("russian"));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
        parser.set_stopper(&stopper);
        parser.set_database(db);
        parser.set_default_op(Xapian::Query::OP_OR);
        Xapian::Query query =
            parser.parse_query(text::fold(queryText), Xapian::QueryParser::FLAG_BOOLEAN |
                                                          Xapian::QueryParser::FLAG_LOVEHATE |
                                                          Xapian::QueryParser::FLAG_PHRASE);
        for (auto it = query.get_terms_begin(); it != query.get_terms_end(); ++it) {
            if (!(*it).empty() && (*it)[0] == 'Z') {
                highlight.stems.insert((*it).substr(1));
            }
        }
        return query;
    }

    // How nearly a title is the question, 0..1: half of it the share of the title's words that
    // were asked for, half the share of what was asked that the title holds.
    [[nodiscard]] double titleFit(std::string_view title, const Highlight& highlight) {
        std::size_t words = 0;
        std::size_t asked = 0;
        std::vector<bool> found(highlight.concepts.size(), false);
        for (const auto& token : text::tokenize(text::fold(title))) {
            if (text::isStopword(token.word)) {
                continue;
            }
            ++words;
            const std::string& stemmed = stem(token.word);
            bool hit = highlight.stems.count(stemmed) != 0 ||
                       (!highlight.prefix.empty() && token.word.starts_with(highlight.prefix));
            asked += hit ? 1 : 0;
            for (std::size_t c = 0; c < found.size(); ++c) {
                found[c] = found[c] || highlight.concepts[c].matches(stemmed, token.word);
            }
        }
        if (words == 0) {
            return 0.0;
        }
        double titleShare = static_cast<double>(asked) / static_cast<double>(words);
        if (found.empty()) {
            return titleShare;
        }
        double askedShare = static_cast<double>(std::count(found.begin(), found.end(), true)) /
                            static_cast<double>(found.size());
        return (titleShare + askedShare) / 2;
    }

    // The best fit of a hit's title, other wordings and (of a contact) position.
    [[nodiscard]] double titleCoverage(const Xapian::Document& doc, const Highlight& highlight) {
        std::string lines = doc.get_value(detail::kSlotTitles);
        double best = 0.0;
        std::size_t at = 0;
        while (at < lines.size()) {
            std::size_t end = std::min(lines.find('\n', at), lines.size());
            best =
                std::max(best, titleFit(std::string_view(lines).substr(at, end - at), highlight));
            at = end + 1;
        }
        return best;
    }

    // How much of the question an entry holds, 0..1: each thing asked weighed by how rare it
    // is, an everyday word held by its official term counting for part of it. 1 when the
    // question was in the query parser's syntax (nothing to weigh it by).
    [[nodiscard]] static double coverage(const Xapian::Document& doc, const Highlight& highlight) {
        if (highlight.needs.empty()) {
            return 1.0;
        }
        // Every term the needs ask about, looked up in one pass over the entry's terms (the
        // probes are sorted, so each skip goes forward).
        std::unordered_set<std::string_view> present;
        std::unordered_set<std::string_view> begun; // probes that some term of the entry begins
        Xapian::TermIterator it = doc.termlist_begin();
        const Xapian::TermIterator end = doc.termlist_end();
        for (const auto& probe : highlight.probes) {
            it.skip_to(probe);
            if (it == end) {
                break;
            }
            const std::string term = *it;
            if (term == probe) {
                present.insert(probe);
                begun.insert(probe);
            } else if (term.starts_with(probe)) {
                begun.insert(probe);
            }
        }
        auto has = [&](const std::string& term) { return present.count(term) != 0; };
        double total = 0;
        double held = 0;
        for (const auto& need : highlight.needs) {
            total += need.weight;
            bool found = std::any_of(need.terms.begin(), need.terms.end(), has) ||
                         (!need.termPrefix.empty() && begun.count(need.termPrefix) != 0);
            if (found) {
                held += need.weight;
                continue;
            }
            for (const auto& phrase : need.weak) {
                if (std::all_of(phrase.begin(), phrase.end(), has)) {
                    held += need.weight * kVocabularyCover;
                    break;
                }
            }
        }
        return total > 0 ? held / total : 1.0;
    }

    [[nodiscard]] std::string snippet(const std::string& source, const Highlight& highlight) {
        auto tokens = text::tokenize(source);
        if (tokens.empty()) {
            return text::htmlEscape(source.substr(0, 200));
        }
        std::vector<std::pair<std::size_t, std::size_t>> phoneSpans;
        if (!highlight.phoneDigits.empty()) {
            for (const auto& run : text::findPhones(source, detail::kMinPhoneFragment)) {
                for (const auto& digits : highlight.phoneDigits) {
                    if (run.digits.find(digits) != std::string::npos) {
                        phoneSpans.emplace_back(run.begin, run.end);
                    }
                }
            }
        }
        std::vector<char> marked(tokens.size(), 0);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const auto& token = tokens[i];
            bool hit = highlight.stems.count(stem(token.word)) != 0 ||
                       (!highlight.prefix.empty() && token.word.starts_with(highlight.prefix));
            for (const auto& [b, e] : phoneSpans) {
                hit = hit || (token.begin >= b && token.end <= e);
            }
            marked[i] = hit ? 1 : 0;
        }
        // The window of kSnippetWords words with the most marked words, started a little early.
        std::size_t best = 0;
        std::size_t bestCount = 0;
        std::size_t count = 0;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            count += static_cast<std::size_t>(marked[i]);
            if (i >= kSnippetWords) {
                count -= static_cast<std::size_t>(marked[i - kSnippetWords]);
            }
            std::size_t start = i + 1 >= kSnippetWords ? i + 1 - kSnippetWords : 0;
            if (count > bestCount) {
                bestCount = count;
                best = start;
            }
        }
        if (bestCount > 0) {
            std::size_t first = best;
            while (first < tokens.size() && marked[first] == 0) {
                ++first;
            }
            best = first >= 3 ? first - 3 : 0;
        }
        std::size_t last = std::min(tokens.size(), best + kSnippetWords);
        std::size_t from = best == 0 ? 0 : tokens[best].begin;
        std::size_t to = last == tokens.size() ? source.size() : tokens[last - 1].end;

        std::string out = best == 0 ? "" : "…";
        std::size_t at = from;
        auto plain = [&](std::size_t b, std::size_t e) {
            // Line breaks and runs of spaces become one space.
            bool space = false;
            for (std::size_t k = b; k < e; ++k) {
                char c = source[k];
                if (std::isspace(static_cast<unsigned char>(c)) != 0) {
                    space = true;
                    continue;
                }
                if (space && !out.empty() && out != "…") {
                    out += ' ';
                }
                space = false;
                out += text::htmlEscape(std::string_view(&source[k], 1));
            }
            if (space && !out.empty()) {
                out += ' ';
            }
        };
        for (std::size_t i = best; i < last; ++i) {
            plain(at, tokens[i].begin);
            std::string_view word(source.data() + tokens[i].begin, tokens[i].end - tokens[i].begin);
            if (marked[i] != 0) {
                out += "<mark>" + text::htmlEscape(word) + "</mark>";
            } else {
                out += text::htmlEscape(word);
            }
            at = tokens[i].end;
        }
        plain(at, to);
        while (!out.empty() && out.back() == ' ') {
            out.pop_back();
        }
        if (last < tokens.size()) {
            out += "…";
        }
        return out;
    }

    SearchResult run(const std::string& query, const SearchOptions& options) {
        SearchResult result;
        result.query = query;
        if (query.find_first_not_of(" \t\r\n") == std::string::npos) {
            return result;
        }
        Highlight highlight;
        Xapian::Query xq;
        bool parsed = false;
        if (hasSyntax(query)) {
            try {
                xq = parseSyntax(query, highlight);
                parsed = true;
            } catch (const Xapian::QueryParserError&) {
                highlight = {}; // searched as plain words below
            }
        }
        if (!parsed) {
            bool prefixMode =
                options.asYouType && std::isspace(static_cast<unsigned char>(query.back())) == 0;
            std::string searched = correct(query, prefixMode);
            if (searched != query) {
                result.corrected = searched;
            }
            xq = build(searched, prefixMode, highlight, options.callerWords);
        }
        if (xq.empty()) {
            return result;
        }
        std::vector<Xapian::Query> filters;
        if (!options.department.empty() || options.directoryOnly) {
            // directory rows are indexed under the empty department
            filters.emplace_back(detail::boundedTerm(
                detail::term('D', options.directoryOnly ? std::string() : options.department)));
        }
        if (options.kind) {
            filters.emplace_back(detail::term('K', kb::kindName(*options.kind)));
        }
        if (!filters.empty()) {
            xq =
                Xapian::Query(Xapian::Query::OP_FILTER, xq,
                              Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(xq);
        Xapian::ValueCountMatchSpy spy(detail::kSlotDepartment);
        if (options.facets) {
            enquire.add_matchspy(&spy);
        }
        // Counting every match of a one-letter prefix costs tens of milliseconds in a large KB:
        // facets are counted over a sample of the matches and scaled to the estimated total.
        // Below the sample size (any specific query) they are exact.
        const std::size_t pool =
            highlight.needs.size() >= kLongQuestion ? kLongRerankPool : kRerankPool;
        Xapian::MSet mset = enquire.get_mset(
            0, static_cast<Xapian::doccount>(std::max<std::size_t>(options.limit, pool)),
            options.facets ? std::min<Xapian::doccount>(db.get_doccount(), kFacetSample) : 0);
        result.total = mset.get_matches_estimated();
        if (options.facets && spy.get_total() > 0) {
            double seen = spy.get_total();
            double scale = result.total > seen ? static_cast<double>(result.total) / seen : 1.0;
            for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
                auto count = static_cast<std::size_t>(it.get_termfreq() * scale + 0.5);
                result.byDepartment[*it] = std::max<std::size_t>(count, 1);
            }
        }
        // Second pass over the best matches: among entries that match alike, the one whose
        // title (or other wording) is most nearly the question comes first — «Как оформить
        // опеку над ребёнком?» before a long answer that mentions both words many times — and
        // one that covers more of a long question before one that holds a single word of it
        // many times. When the operator asks whom to transfer to (or for a law), the best
        // contacts (acts) join the pool and weigh more.
        struct Ranked {
            Xapian::Document doc;
            double score;
            double coverage;
        };
        std::vector<Ranked> ranked;
        std::set<Xapian::docid> seen;
        auto take = [&](const Xapian::MSet& matches, double boost) {
            for (auto it = matches.begin(); it != matches.end(); ++it) {
                if (!seen.insert(*it).second) {
                    continue;
                }
                Xapian::Document doc = it.get_document();
                double fit = 1.0 + kTitleCoverageBoost * titleCoverage(doc, highlight);
                double covered = coverage(doc, highlight);
                double score = it.get_weight() * fit * (0.3 + covered) *
                               kindPrior(doc.get_value(detail::kSlotKind));
                if (boost != 1.0 &&
                    doc.get_value(detail::kSlotKind) ==
                        (highlight.intent == Intent::Transfer ? "contact" : "npa")) {
                    // Those that hold the question come before any other entry; those that
                    // hold a word of it merely weigh more.
                    score *= covered >= kIntentCoverage ? boost : std::sqrt(boost);
                }
                ranked.push_back({std::move(doc), score, covered});
            }
        };
        double intentBoost = highlight.intent == Intent::Transfer ? kTransferBoost
                             : highlight.intent == Intent::Act    ? kActBoost
                                                                  : 1.0;
        take(mset, intentBoost);
        if (intentBoost != 1.0) {
            Xapian::Enquire kindOnly(db);
            kindOnly.set_query(
                Xapian::Query(Xapian::Query::OP_FILTER, xq,
                              Xapian::Query(detail::term(
                                  'K', highlight.intent == Intent::Transfer ? "contact" : "npa"))));
            take(kindOnly.get_mset(0, kIntentPool), intentBoost);
        }
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
        if (ranked.size() > options.limit) {
            ranked.resize(options.limit);
        }
        result.confidence = ranked.empty() ? 0.0 : ranked.front().coverage;
        for (const auto& [doc, score, covered] : ranked) {
            detail::StoredEntry stored = detail::decodeStored(doc.get_data());
            Hit hit;
            hit.id = stored.id;
            hit.kind = stored.kind;
            hit.department = stored.department;
            hit.title = stored.title;
            std::string source = stored.text;
            if (source.empty() && !stored.otherWordings.empty()) {
                source = stored.otherWordings.front();
            }
            hit.snippet = snippet(source, highlight);
            hit.path = stored.path;
            hit.line = stored.line;
            hit.score = score;
            result.hits.push_back(std::move(hit));
        }
        return result;
    }

    // The query as it will be searched: chunks typed on the wrong layout converted, unknown
    // words corrected from the KB's spelling data. Known text is never changed.
    [[nodiscard]] std::string correct(const std::string& query, bool prefixMode) {
        auto chunks = splitChunks(query);
        std::string out;
        for (std::size_t i = 0; i < chunks.size(); ++i) {
            Chunk& chunk = chunks[i];
            bool lastIsPrefix = prefixMode && i + 1 == chunks.size();
            std::string best = chunk.text;
            if (!knownChunk(chunk.text, lastIsPrefix)) {
                std::vector<std::string> candidates;
                switch (text::scriptOf(chunk.text)) {
                case text::Script::Latin:
                    candidates.push_back(text::layoutToRussian(chunk.text));
                    break;
                case text::Script::Cyrillic:
                    candidates.push_back(text::layoutToLatin(chunk.text));
                    break;
                default:
                    break;
                }
                bool found = false;
                for (const auto& candidate : candidates) {
                    if (knownChunk(candidate, lastIsPrefix)) {
                        best = candidate;
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    candidates.insert(candidates.begin(), chunk.text);
                    for (const auto& candidate : candidates) {
                        std::string spelled = spell(candidate, lastIsPrefix);
                        if (spelled != candidate && knownChunk(spelled, lastIsPrefix)) {
                            best = spelled;
                            found = true;
                            break;
                        }
                    }
                }
                if (!found) {
                    // Partly known: correct what can be corrected, keep the rest as typed.
                    best = spell(chunk.text, lastIsPrefix);
                }
            }
            out += best + chunk.space;
        }
        if (out == query) {
            return query;
        }
        return out;
    }
};

Searcher::Searcher(const fs::path& dbDir) : m_impl(std::make_unique<Impl>(dbDir)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResult Searcher::search(const std::string& query, const SearchOptions& options) {
    for (int attempt = 0;; ++attempt) {
        try {
            return m_impl->run(query, options);
        } catch (const Xapian::DatabaseModifiedError&) {
            // Two commits happened since this reader opened: move to the latest state.
            if (attempt > 2) {
                throw Error(fmt::format("{}: индекс меняется слишком часто", m_impl->dir.string()));
            }
            try {
                m_impl->refresh();
            } catch (const Xapian::Error& e) {
                m_impl->rethrow(e, "индекс не открывается");
            }
        } catch (const Xapian::Error& e) {
            m_impl->rethrow(e, "поиск не выполнен");
        }
    }
}

void Searcher::reopen() {
    try {
        m_impl->refresh();
    } catch (const Xapian::Error& e) {
        m_impl->rethrow(e, "индекс не открывается");
    }
}

SearchOptions agencySearch(std::size_t limit) {
    SearchOptions options;
    options.kind = kb::EntryKind::Contact;
    options.directoryOnly = true;
    options.limit = limit;
    options.facets = false;
    return options;
}

} // namespace sufler::indexer
