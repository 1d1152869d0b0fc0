// What the index knows of a word as typed: known words and prefixes, glued words split, the
// spelling corrections, and the queries of a stem or of a word still being typed.
#include "searcher_impl.h"

namespace sufler::indexer {

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

// «области», «обл»: the noun of a region's name («Энской области»), not «областной».
bool isRegionNoun(const std::string& word) {
    return word == "область" || word == "области" || word == "областью" || word == "обл";
}

// Words that name a person without a topic: «специалиста», «сотрудником», «человеку».
bool isPersonWord(const std::string& word) {
    static const std::vector<std::string_view> kStarts = {"специалист", "сотрудни", "человек",
                                                          "работник", "консультант"};
    return std::any_of(kStarts.begin(), kStarts.end(),
                       [&](std::string_view start) { return word.starts_with(start); });
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

bool Searcher::Impl::knownWord(const std::string& word) {
    const std::string s = stem(word);
    return synonymStems.count(s) != 0 || vocabularyStems.count(s) != 0 || isTransferWord(word) ||
           db.term_exists(detail::term('Z', s));
}

// Words typed together without a space («опеканад», «компенсациязадрова»): the longest
// known word first, then the rest, itself split once more if need be. Empty when it is not.
std::string Searcher::Impl::splitGlued(const std::string& word, int depth) {
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

bool Searcher::Impl::knownPrefix(const std::string& word) {
    std::string prefix = (text::letterCount(word) <= detail::kMaxPrefixLetters ? "P" : "Z") + word;
    auto it = db.allterms_begin(prefix);
    return it != db.allterms_end(prefix) || !stemsWithin(word).empty();
}

// Stems the word being typed has already gone past: a half-typed «оформлени» or
// «пособием» runs beyond the stems «оформлен», «пособ» that no wildcard on it would reach.
std::vector<std::string> Searcher::Impl::stemsWithin(const std::string& word) {
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
bool Searcher::Impl::knownChunk(const std::string& chunk, bool lastIsPrefix) {
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
std::string Searcher::Impl::spell(const std::string& chunk, bool lastIsPrefix) {
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
        if (realWord(token.word)) {
            // «водительское» is not a typo of the KB's «родительской»: kept, and searched as
            // a word no entry holds.
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
        out += suggestion.empty() ? chunk.substr(token.begin, token.end - token.begin) : suggestion;
    }
    out += chunk.substr(at);
    return out;
}

// A stemmed word, with its fleeting-vowel spellings that the KB uses, weighed as one term.
Xapian::Query Searcher::Impl::stemQuery(const std::string& stemmed, Highlight& highlight) {
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
bool Searcher::Impl::inMostEntries(const QueryWord& word) const {
    Xapian::doccount most = db.get_doccount() / 2;
    if (db.get_termfreq(detail::term('Z', word.stem)) > most) {
        return true;
    }
    return word.prefix && text::letterCount(word.word) <= detail::kMaxPrefixLetters &&
           db.get_termfreq(detail::term('P', word.word)) > most;
}

// The last word as typed so far: its own stem, or any word it begins.
Xapian::Query Searcher::Impl::prefixQuery(const std::string& word, Highlight& highlight) {
    Xapian::Query exact = stemQuery(stem(word), highlight);
    if (text::letterCount(word) <= detail::kMaxPrefixLetters) {
        // Prefixes of title-like words are indexed ahead: one posting list, whatever the
        // length of the prefix.
        return Xapian::Query(Xapian::Query::OP_OR, exact, Xapian::Query(detail::term('P', word)));
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
double Searcher::Impl::rarity(Xapian::doccount df) const {
    double n = db.get_doccount();
    return std::max(0.05, std::log((n + 1.0) / (static_cast<double>(df) + 0.5)));
}

// A word the KB never uses: a verb or an adjective of speech («забираю», «тяжелое») says
// less of what the question is about than a noun («загранпаспорт», «техосмотр»), which is
// likely a thing the KB does not know.
double Searcher::Impl::unknownWordShare(const std::string& word) {
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

// A form of a word the KB uses that the stemmer did not bring to the same stem: «дочке» (дочк)
// of «дочь» (доч). One letter more than a stem of the KB, of three letters at least.
bool Searcher::Impl::formOfKnown(const std::string& stemmed) const {
    std::size_t letters = text::letterCount(stemmed);
    return letters >= 4 &&
           db.term_exists(detail::term('Z', text::utf8Prefix(stemmed, letters - 1)));
}

Need Searcher::Impl::needOf(std::vector<std::string> terms) const {
    Need need;
    Xapian::doccount df = 0;
    for (const auto& t : terms) {
        df = std::max(df, db.get_termfreq(t));
    }
    need.terms = std::move(terms);
    need.weight = rarity(df);
    need.sure = need.weight;
    return need;
}

// What the operator asks for besides words: the markers of a transfer («кто у вас по»,
// «кому переключить», «телефон»), which say nothing of the question itself, and act words.
Intent Searcher::Impl::findIntent(const std::vector<text::Token>& tokens,
                                  std::vector<bool>& marker) const {
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
            if (w == "кто" || w == "кому" || w == "куда" || w == "кого" || w == "вас" || w == "у" ||
                w == "к") {
                marker[t] = true;
            }
        }
        // Whom the caller is to be put through to, named by no topic: «переключите на
        // специалиста по…», «соедините с сотрудником по…», «кто у вас человек по…». Every
        // contact's position says «специалист»; the topic after it decides.
        static const std::unordered_set<std::string_view> kPrepositions = {"на", "с", "со", "к",
                                                                           "ко"};
        for (std::size_t t = 1; t < tokens.size(); ++t) {
            const std::string& w = tokens[t].word;
            bool after = marker[t - 1] ||
                         (t >= 2 && marker[t - 2] && kPrepositions.count(tokens[t - 1].word) != 0);
            // «кто-нибудь», «с кем-то» are split at the hyphen.
            if (after && (isPersonWord(w) || w == "кем" || w == "кого" || w == "кому" ||
                          w == "нибудь" || w == "либо" || w == "то")) {
                marker[t] = true;
            }
        }
        // The region itself («по Энской области») tells no contact from another, and its
        // stem is the region's town's («Энск»): a word of the question it is not.
        for (std::size_t t = 0; t + 1 < tokens.size(); ++t) {
            if (isRegionNoun(tokens[t + 1].word)) {
                marker[t] = true;
                marker[t + 1] = true;
            }
        }
        return Intent::Transfer;
    }
    return act ? Intent::Act : Intent::None;
}

} // namespace sufler::indexer
