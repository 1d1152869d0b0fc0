// The shipped everyday-to-official vocabulary: its text is compiled in (generated from
// indexer/data/everyday_ru.tsv), so that no installed data file can go missing.
#include "sufler/indexer/vocabulary.h"

#include "sufler/indexer/text.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <map>
#include <set>

namespace sufler::indexer {
namespace {

constexpr std::string_view kEverydayText =
#include "everyday_ru.inc"
    ;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

} // namespace

std::vector<Association> parseVocabulary(std::string_view text, std::string_view name) {
    std::vector<Association> out;
    int number = 0;
    std::size_t at = 0;
    while (at <= text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(at, end - at);
        at = end + 1;
        ++number;
        if (trim(line).empty() || trim(line).front() == '#') {
            if (end == text.size()) {
                break;
            }
            continue;
        }
        auto fail = [&](std::string_view why) {
            throw Error(fmt::format("{}:{}: {}", name, number, why));
        };
        std::size_t tab = line.find('\t');
        if (tab == std::string_view::npos) {
            fail("нет табуляции между повседневными словами и официальными терминами");
        }
        if (line.find('\t', tab + 1) != std::string_view::npos) {
            fail("больше двух столбцов");
        }
        Association a;
        a.line = number;
        a.everyday = std::string(trim(line.substr(0, tab)));
        if (a.everyday.empty()) {
            fail("пустые повседневные слова");
        }
        std::string_view targets = trim(line.substr(tab + 1));
        if (targets.empty()) {
            fail("нет официальных терминов (для слова-паразита пишется «-»)");
        }
        if (targets != "-") {
            std::size_t from = 0;
            while (from <= targets.size()) {
                std::size_t cut = targets.find(';', from);
                if (cut == std::string_view::npos) {
                    cut = targets.size();
                }
                std::string_view term = trim(targets.substr(from, cut - from));
                if (term.empty()) {
                    fail("пустой термин между «;»");
                }
                a.official.emplace_back(term);
                from = cut + 1;
            }
        }
        out.push_back(std::move(a));
        if (end == text.size()) {
            break;
        }
    }
    return out;
}

std::vector<std::string> vocabularyProblems(const std::vector<Association>& vocabulary,
                                            std::string_view name) {
    Xapian::Stem stemmer("russian");
    // The stems of a phrase's words that are not stop words.
    auto stems = [&](const std::string& phrase) {
        std::vector<std::string> out;
        for (const auto& token : text::tokenize(phrase)) {
            if (!text::isStopword(token.word)) {
                out.push_back(stemmer(token.word));
            }
        }
        return out;
    };
    std::vector<std::string> problems;
    std::map<std::set<std::string>, int> seen;
    for (const auto& a : vocabulary) {
        auto everyday = stems(a.everyday);
        // A search matches every word of the phrase, stop words too: «не говорит» is not
        // «говорит».
        std::set<std::string> key;
        for (const auto& token : text::tokenize(a.everyday)) {
            key.insert(stemmer(token.word));
        }
        if (everyday.empty()) {
            problems.push_back(fmt::format("{}:{}: «{}» — одни служебные слова, поиск их не видит",
                                           name, a.line, a.everyday));
            continue;
        }
        if (auto [it, fresh] = seen.emplace(key, a.line); !fresh) {
            problems.push_back(fmt::format("{}:{}: «{}» уже есть в строке {}", name, a.line,
                                           a.everyday, it->second));
        }
        std::set<std::string> targets;
        for (const auto& term : a.official) {
            auto official = stems(term);
            if (official.empty()) {
                problems.push_back(
                    fmt::format("{}:{}: термин «{}» — одни служебные слова", name, a.line, term));
                continue;
            }
            if (std::all_of(official.begin(), official.end(),
                            [&](const std::string& s) { return key.count(s) != 0; })) {
                problems.push_back(fmt::format("{}:{}: термин «{}» означает сами слова «{}»", name,
                                               a.line, term, a.everyday));
            }
            if (!targets.insert(term).second) {
                problems.push_back(fmt::format("{}:{}: термин «{}» повторён", name, a.line, term));
            }
        }
    }
    return problems;
}

std::string_view everydayVocabularyText() {
    return kEverydayText;
}

const std::vector<Association>& everydayVocabulary() {
    static const std::vector<Association> parsed =
        parseVocabulary(kEverydayText, "indexer/data/everyday_ru.tsv");
    return parsed;
}

} // namespace sufler::indexer
