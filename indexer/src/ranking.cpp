// How well a hit answers: how nearly its title is the question, how much of the question it
// holds, and the snippet of its text with the words asked marked.
#include "searcher_impl.h"

namespace sufler::indexer {

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

double territoryFit(const std::string& places, const std::set<std::string>& typed) {
    if (places.empty()) {
        return 1.0;
    }
    for (std::size_t at = 0; at < places.size();) {
        std::size_t end = std::min(places.find(' ', at), places.size());
        if (typed.count(places.substr(at, end - at)) != 0) {
            return kOwnTerritory;
        }
        at = end + 1;
    }
    return kOtherTerritory;
}

// How nearly a title is the question, 0..1: half of it the share of the title's words that
// were asked for, half the share of what was asked that the title holds.
double Searcher::Impl::titleFit(std::string_view title, const Highlight& highlight) {
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
double Searcher::Impl::titleCoverage(const Xapian::Document& doc, const Highlight& highlight) {
    std::string lines = doc.get_value(detail::kSlotTitles);
    double best = 0.0;
    std::size_t at = 0;
    while (at < lines.size()) {
        std::size_t end = std::min(lines.find('\n', at), lines.size());
        best = std::max(best, titleFit(std::string_view(lines).substr(at, end - at), highlight));
        at = end + 1;
    }
    return best;
}

// How much of the question an entry holds, 0..1: each thing asked weighed by how rare it
// is, an everyday word held by its official term counting for part of it. 1 when the
// question was in the query parser's syntax (nothing to weigh it by).
double Searcher::Impl::coverage(const Xapian::Document& doc, const Highlight& highlight,
                                bool sure) {
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
        const double weight = sure ? need.sure : need.weight;
        total += weight;
        bool found = std::any_of(need.terms.begin(), need.terms.end(), has) ||
                     (!need.termPrefix.empty() && begun.count(need.termPrefix) != 0);
        if (found) {
            held += weight;
            continue;
        }
        for (const auto& phrase : need.weak) {
            if (std::all_of(phrase.begin(), phrase.end(), has)) {
                held += weight * kVocabularyCover;
                break;
            }
        }
    }
    return total > 0 ? held / total : 1.0;
}

std::string Searcher::Impl::snippet(const std::string& source, const Highlight& highlight) {
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

} // namespace sufler::indexer
