// The Xapian query of a question: acts, sums and phones, intent, filler words, the vocabulary,
// synonyms, and what each thing asked weighs for how much of it a hit holds.
#include "searcher_impl.h"

namespace sufler::indexer {

Xapian::Query Searcher::Impl::build(const std::string& queryText, bool prefixMode,
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
            taken = taken ||
                    (consumed[t] && tokens[t].begin >= phone.begin && tokens[t].end <= phone.end);
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
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(detail::term('T', digits)),
                           3.0);
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
    // The words of a listed place are that place alone: «в Энском районе» does not ask about
    // the town Энск.
    std::vector<bool> placeWord(tokens.size(), false);
    for (const auto& found : places.find(tokens, stem)) {
        highlight.typedStems.insert(found.key);
        for (std::size_t t = found.first; t <= found.last; ++t) {
            placeWord[t] = true;
        }
    }
    std::vector<std::string> tokenStems(tokens.size());
    bool content = false;
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        tokenStems[t] = stem(tokens[t].word);
        if (!placeWord[t] && (t + 1 == tokens.size() || !isRegionNoun(tokens[t + 1].word))) {
            highlight.typedStems.insert(tokenStems[t]);
        }
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
            words.back().place = placeWord[t];
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
        words.push_back(
            {stemmed, text::fleetingVowelVariants(stemmed), word, std::move(query), false, false});
        words.back().place = placeWord[t];
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
            Xapian::Query official(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
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
            for (std::size_t i = 0; at == words.size() && i + member.size() <= words.size(); ++i) {
                if (std::equal(
                        member.begin(), member.end(), words.begin() + i,
                        [](const SynonymWord& m, const QueryWord& q) { return m.matches(q); })) {
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
        if (word.optional || word.place) {
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
        // No entry holds the word (nor, of the word being typed, any word it begins).
        const bool unknown =
            synonymStems.count(word.stem) == 0 && !word.optional &&
            std::none_of(need.terms.begin(), need.terms.end(),
                         [&](const std::string& t) { return db.term_exists(t); }) &&
            (!word.prefix || (text::letterCount(word.word) >= 2 && !knownPrefix(word.word)));
        if (!word.prefix && unknown) {
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
        if (unknown && !formOfKnown(word.stem)) {
            // What the question is likely about, and no entry holds it: the first hit, whatever
            // else of the question it holds, is hardly the answer. An everyday word held by its
            // official term counts for part of it, as in the ranking.
            need.sure = rarity(0) * unknownWordShare(word.word) * kUnknownTopic;
        } else {
            need.sure = need.weight;
        }
        highlight.needs.push_back(std::move(need));
        highlight.concepts.push_back(std::move(asked));
    }
    if (concepts.size() >= 2) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
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

Xapian::Query Searcher::Impl::parseSyntax(const std::string& queryText, Highlight& highlight) {
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

} // namespace sufler::indexer
