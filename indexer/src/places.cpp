// The hotline's towns and districts found in text by the stems of their names.
#include "places.h"

#include "sufler/core/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <unordered_set>

namespace sufler::indexer::detail {
namespace {

// Words that may stand inside a place's name without changing the place: «Энский
// муниципальный район» is «Энский район».
bool isFiller(const std::string& stem) {
    return stem == "муниципальн" || stem == "городск" || stem == "сельск";
}

// After a town's name, these make it the name of something else: «Энский район», «Энской
// области», «Энский край» are not the town Энск.
bool endsTownName(const std::string& stem) {
    static const std::unordered_set<std::string_view> kWords = {
        "район", "округ", "поселен", "област", "областн", "обл", "кра", "краев", "республик"};
    return kWords.count(stem) != 0;
}

// «р-н», «р-на», «р-не»: «район» as offices shorten it (tokenized as «р» and the rest).
bool isDistrictTail(const std::string& word) {
    return word == "н" || word == "на" || word == "не" || word == "ну" || word == "ном";
}

// One word of text as a place's name is compared: its stem, or «район» for «р-н».
struct Unit {
    std::size_t first = 0;
    std::size_t last = 0;
    std::string stem;
};

std::vector<Unit> unitsOf(const std::vector<text::Token>& tokens, Stemmer& stem) {
    std::vector<Unit> units;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& w = tokens[i].word;
        // «9500 р на…» is a sum, not a district.
        if (w == "р" && i + 1 < tokens.size() && isDistrictTail(tokens[i + 1].word) &&
            (i == 0 || !text::isDigits(tokens[i - 1].word))) {
            units.push_back({i, i + 1, "район"});
            ++i;
            continue;
        }
        units.push_back({i, i, stem(w)});
    }
    return units;
}

// How many letters two UTF-8 strings begin with alike.
std::size_t commonLetters(std::string_view a, std::string_view b) {
    std::size_t letters = 0;
    std::size_t inA = 0;
    std::size_t inB = 0;
    while (inA < a.size() && inB < b.size() &&
           core::decodeUtf8(a, inA) == core::decodeUtf8(b, inB)) {
        ++letters;
    }
    return letters;
}

// «Энский», «Энской», «энскому»: a form only an adjective has (a town's name is a noun; «Энском»
// is both and is left to the noun).
bool isAdjectiveForm(const std::string& word) {
    static const std::vector<std::string_view> kEndings = {
        "ий", "ый", "ой", "ая", "яя", "ое", "ее", "ого", "его", "ому", "ему",
        "ым", "им", "ую", "юю", "ые", "ие", "ых", "их",  "ыми", "ими"};
    return std::any_of(kEndings.begin(), kEndings.end(),
                       [&](std::string_view e) { return word.ends_with(e); });
}

// A word (its stem) names a one-word town when it is a form of the town's name. The Russian
// Snowball stemmer already brings the town's adjectives to its stem when the name ends in «-ск»
// («Северогорское», «Северогорского», «Северогорска» → «северогорск»). A town otherwise named
// makes its adjective with «-ск-» from its stem with the last letter changed or kept
// («Сосновка» → «сосновск», «Заречье» → «зареченск», «Тверь» → «тверск»): a stem ending in
// «ск» that shares with the town's stem all of it but its last letter, and at least four
// letters, is taken for it. Four letters keep short stems («бор», «мир») from taking every
// word they begin.
bool namesTown(const std::string& word, const std::string& town) {
    if (word == town) {
        return true;
    }
    if (!word.ends_with("ск") || word.size() <= town.size()) {
        return false;
    }
    const std::size_t letters = text::letterCount(town);
    return commonLetters(word, town) >= std::max<std::size_t>(4, letters - 1);
}

} // namespace

std::string placeKey(const std::vector<std::string>& stems) {
    std::string key;
    for (const auto& s : stems) {
        key += (key.empty() ? "" : "+") + s;
    }
    return key;
}

Places::Places(std::vector<std::string> names, const std::vector<std::string>& regionTexts,
               Stemmer& stem)
    : m_names(std::move(names)) {
    if (m_names.empty()) {
        return;
    }
    // «Энской области», «Энская обл.», «Краснодарского края»: the word before the region's noun.
    for (const auto& region : regionTexts) {
        const auto tokens = text::tokenize(region);
        for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
            const std::string& noun = stem(tokens[i + 1].word);
            if ((noun == "област" || noun == "обл" || noun == "кра") &&
                !text::isStopword(tokens[i].word) && !text::isDigits(tokens[i].word)) {
                std::string adjective = stem(tokens[i].word);
                if (std::find(m_region.begin(), m_region.end(), adjective) == m_region.end()) {
                    m_region.push_back(std::move(adjective));
                }
            }
        }
    }
    build(stem);
}

std::string Places::encoded() const {
    if (m_names.empty()) {
        return {};
    }
    return nlohmann::json{{"names", m_names}, {"region", m_region}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Places Places::decoded(const std::string& encoded, Stemmer& stem) {
    Places places;
    auto j = nlohmann::json::parse(encoded, nullptr, false);
    if (!j.is_object()) {
        return places;
    }
    auto strings = [&](const char* key) {
        std::vector<std::string> out;
        if (auto it = j.find(key); it != j.end() && it->is_array()) {
            for (const auto& s : *it) {
                if (s.is_string()) {
                    out.push_back(s.get<std::string>());
                }
            }
        }
        return out;
    };
    places.m_names = strings("names");
    places.m_region = strings("region");
    places.build(stem);
    return places;
}

void Places::build(Stemmer& stem) {
    for (const auto& name : m_names) {
        auto tokens = text::tokenize(name);
        Place place;
        for (const auto& unit : unitsOf(tokens, stem)) {
            const std::string& w = tokens[unit.first].word;
            // «г. Новоборск», «город Энск», «пгт Заречный»: the kind of a town is not its name.
            if (unit.first == unit.last &&
                (w == "г" || w == "город" || w == "пгт" || text::isStopword(w))) {
                continue;
            }
            if (!isFiller(unit.stem)) {
                place.stems.push_back(unit.stem);
            }
        }
        if (place.stems.empty()) {
            continue;
        }
        place.key = placeKey(place.stems);
        if (std::none_of(m_places.begin(), m_places.end(),
                         [&](const Place& p) { return p.key == place.key; })) {
            m_places.push_back(std::move(place));
        }
    }
    std::stable_sort(m_places.begin(), m_places.end(), [](const Place& a, const Place& b) {
        return a.stems.size() > b.stems.size();
    });
}

std::vector<Places::Found> Places::find(const std::vector<text::Token>& tokens,
                                        Stemmer& stem) const {
    std::vector<Found> found;
    if (m_places.empty() || tokens.empty()) {
        return found;
    }
    const auto units = unitsOf(tokens, stem);
    // The unit after `at`, fillers passed over; units.size() when there is none.
    auto nextOf = [&](std::size_t at) {
        ++at;
        while (at < units.size() && isFiller(units[at].stem)) {
            ++at;
        }
        return at;
    };
    // The last unit of place at `at`, or nothing when it does not begin there.
    auto matchAt = [&](const Place& place, std::size_t at) -> std::optional<std::size_t> {
        if (place.stems.size() == 1) {
            const Unit& unit = units[at];
            if (!namesTown(unit.stem, place.stems.front())) {
                return std::nullopt;
            }
            // «Энский центр социальной помощи» is the region's, «в Энске» the town's.
            if (unit.first == unit.last && isAdjectiveForm(tokens[unit.first].word) &&
                std::find(m_region.begin(), m_region.end(), unit.stem) != m_region.end()) {
                return std::nullopt;
            }
            const std::size_t next = nextOf(at);
            if (next < units.size() && endsTownName(units[next].stem)) {
                return std::nullopt;
            }
            return at;
        }
        std::size_t end = at;
        for (std::size_t k = 0; k < place.stems.size(); ++k) {
            if (k > 0) {
                end = nextOf(end);
            }
            if (end >= units.size() || units[end].stem != place.stems[k]) {
                return std::nullopt;
            }
        }
        return end;
    };
    for (std::size_t at = 0; at < units.size();) {
        bool matched = false;
        for (const auto& place : m_places) {
            if (auto end = matchAt(place, at)) {
                found.push_back({units[at].first, units[*end].last, place.key});
                at = *end + 1;
                matched = true;
                break;
            }
        }
        if (!matched) {
            ++at;
        }
    }
    return found;
}

} // namespace sufler::indexer::detail
