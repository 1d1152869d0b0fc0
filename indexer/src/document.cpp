// Entry → Xapian document: terms, values and the stored card a hit shows.
#include "places.h"
#include "schema.h"

#include "sufler/indexer/text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>

namespace sufler::indexer::detail {
namespace {

constexpr std::size_t kMaxPhoneDigits = 15; // longer digit runs are not phone numbers

bool isSpellingWord(const std::string& word) {
    if (text::letterCount(word) < 3 || word.size() > 64 || text::isStopword(word)) {
        return false;
    }
    for (char c : word) {
        auto u = static_cast<unsigned char>(c);
        if (u >= '0' && u <= '9') {
            return false;
        }
    }
    return text::scriptOf(word) != text::Script::Mixed;
}

class TermSink {
public:
    TermSink(Xapian::Document& doc, Stemmer& stem) : m_doc(doc), m_stem(stem) {}

    // Words of a piece of text; prefixes of its words too when it is title-like.
    void add(std::string_view source, unsigned wdf, bool prefixes) {
        if (source.empty()) {
            return;
        }
        auto tokens = text::tokenize(source);
        for (const auto& token : tokens) {
            if (token.word.size() > kMaxTermBytes - 8) {
                continue;
            }
            if (!text::isStopword(token.word)) {
                m_doc.add_term(term('Z', m_stem(token.word)), wdf);
            }
            if (prefixes && !text::isDigits(token.word)) {
                std::size_t letters = text::letterCount(token.word);
                for (std::size_t n = 1; n <= std::min(letters, kMaxPrefixLetters); ++n) {
                    m_doc.add_term(term('P', text::utf8Prefix(token.word, n)));
                }
            }
        }
        for (const auto& act : text::findActNumbers(source, tokens)) {
            m_doc.add_term(term('N', act.number), wdf);
            if (!act.suffix.empty()) {
                m_doc.add_term(term('N', act.number + act.suffix), wdf);
            }
        }
        // Sums and percentages as numbers, whatever way they are written: a caller's «17200 руб»
        // finds «17 200 рублей», «450 тыс» finds «450 тысяч».
        for (const auto& amount : text::findAmounts(source, tokens)) {
            m_doc.add_term(term(amount.percent ? 'R' : 'S', amount.value), wdf);
        }
        for (const auto& phone : text::findPhones(source, kMinPhoneFragment + 1)) {
            // Every fragment of four digits or more: callers and operators quote the end,
            // the middle or the whole number.
            const std::string& d = phone.digits;
            if (d.size() > kMaxPhoneDigits) {
                continue;
            }
            for (std::size_t len = kMinPhoneFragment; len <= d.size(); ++len) {
                for (std::size_t at = 0; at + len <= d.size(); ++at) {
                    m_doc.add_boolean_term(term('T', std::string_view(d).substr(at, len)));
                }
            }
        }
    }

private:
    Xapian::Document& m_doc;
    Stemmer& m_stem;
};

// A contact's card: what an operator needs to transfer the caller, in a fixed order.
std::string contactCard(const kb::Entry& entry) {
    static const std::vector<std::string> kFirst = {"Должность", "Организация", "Телефон",
                                                    "Кабинет",   "Часы работы", "Email",
                                                    "Адрес",     "Вопросы"};
    std::string card;
    auto append = [&](const std::string& column, const std::string& value) {
        if (value.empty()) {
            return;
        }
        if (!card.empty()) {
            card += " · ";
        }
        card += column == "Вопросы" ? "Вопросы: " + value : value;
    };
    auto lower = [](const std::string& s) { return text::fold(s); };
    for (const auto& column : kFirst) {
        for (const auto& [name, value] : entry.fields) {
            if (lower(name) == lower(column)) {
                append(column, value);
            }
        }
    }
    for (const auto& [name, value] : entry.fields) {
        bool known = lower(name) == "фио";
        for (const auto& column : kFirst) {
            known = known || lower(name) == lower(column);
        }
        if (!known) {
            append(name, value);
        }
    }
    return card;
}

} // namespace

// A municipality of the profile's list, in any form («УСЗН Северогорск», «Отдел соцзащиты
// (Новоборск)», «Заречный р-н»); and, listed or not, a place named the way a territorial office
// is: «жителям Энска», «по г. Энску», «города Энска», «Каменского района», «по Луговскому
// округу». «Энской области» is the region itself.
std::string territoryOf(const kb::Entry& entry, Stemmer& stem, const Places& municipalities) {
    if (entry.kind != kb::EntryKind::Contact) {
        return {};
    }
    static const std::vector<std::string_view> kAdjective = {"ого", "ому", "ий", "ый", "ом",
                                                             "ой",  "ая",  "им", "ым"};
    // Adjectives of a kind of territory, not of a place.
    static const std::unordered_set<std::string_view> kNotPlaces = {
        "муниципальн", "городск", "сельск", "соответствующ", "сво", "каждом", "любом"};
    std::vector<std::string> places;
    auto addPlace = [&](const std::string& key) {
        if (std::find(places.begin(), places.end(), key) == places.end()) {
            places.push_back(key);
        }
    };
    auto add = [&](const std::string& word) {
        if (text::isStopword(word) || text::isDigits(word) || text::letterCount(word) < 3) {
            return;
        }
        const std::string& s = stem(word);
        if (kNotPlaces.count(s) == 0) {
            addPlace(s);
        }
    };
    // A row of an agency is titled by its name: «Администрация города Энска».
    std::vector<const std::string*> texts = {&entry.title};
    for (const auto& [name, value] : entry.fields) {
        std::string column = text::fold(name);
        if (column == "должность" || column == "организация" || column == "вопросы") {
            texts.push_back(&value);
        }
    }
    for (const std::string* value : texts) {
        auto tokens = text::tokenize(*value);
        // The words of a listed place are that place and nothing else: «Энского района» is
        // not the town Энск as well.
        std::vector<bool> listed(tokens.size(), false);
        for (const auto& found : municipalities.find(tokens, stem)) {
            addPlace(found.key);
            std::fill(listed.begin() + static_cast<std::ptrdiff_t>(found.first),
                      listed.begin() + static_cast<std::ptrdiff_t>(found.last) + 1, true);
        }
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (listed[i]) {
                continue;
            }
            const std::string& w = tokens[i].word;
            const std::string prev = i > 0 ? tokens[i - 1].word : std::string();
            std::size_t next = i + 1;
            // «г.» after a year is «года»
            bool town = (w == "г" && !text::isDigits(prev)) || w == "город" || w == "города" ||
                        w == "городу" || w == "городе";
            if (w.starts_with("жител") || town) {
                // «жителям г. Энска», «жителям города Энска»
                if (next < tokens.size() &&
                    (tokens[next].word == "г" || tokens[next].word.starts_with("город"))) {
                    ++next;
                }
                if (next < tokens.size() && !listed[next] &&
                    !tokens[next].word.starts_with("област") &&
                    !tokens[next].word.starts_with("район") &&
                    !tokens[next].word.starts_with("округ")) {
                    add(tokens[next].word);
                }
            } else if ((w.starts_with("район") || w.starts_with("округ")) && !prev.empty() &&
                       !listed[i - 1] &&
                       std::any_of(kAdjective.begin(), kAdjective.end(),
                                   [&](std::string_view e) { return prev.ends_with(e); })) {
                add(prev);
            }
        }
    }
    std::string out;
    for (const auto& place : places) {
        out += (out.empty() ? "" : " ") + place;
    }
    return out;
}

namespace {

// What a question is compared with: the title, the other wordings, a contact's position.
std::string titleLines(const kb::Entry& entry) {
    std::string lines = entry.title;
    auto add = [&](const std::string& line) {
        lines += '\n';
        for (char c : line) {
            lines += c == '\n' ? ' ' : c;
        }
    };
    for (const auto& wording : entry.otherWordings) {
        add(wording);
    }
    if (entry.kind == kb::EntryKind::Contact) {
        for (const auto& [name, value] : entry.fields) {
            if (text::fold(name) == "должность") {
                add(value);
            }
        }
    }
    return lines;
}

} // namespace

// Xapian refuses terms longer than 245 bytes, and one such term fails the whole update. Words
// that long are noise and are dropped; ids and paths that long are cut and made unique by a
// hash of the whole.
std::string boundedTerm(std::string term) {
    if (term.size() <= kMaxTermBytes) {
        return term;
    }
    const std::uint64_t h = fnv1a(term);
    std::string cut = text::utf8Prefix(term, kMaxTermBytes - 20);
    while (cut.size() > kMaxTermBytes - 20) {
        cut = text::utf8Prefix(cut, text::letterCount(cut) - 1);
    }
    return fmt::format("{}#{:016x}", cut, h);
}

const std::string& Stemmer::operator()(const std::string& folded) {
    auto it = m_cache.find(folded);
    if (it != m_cache.end()) {
        return it->second;
    }
    if (m_cache.size() > 200000) {
        m_cache.clear();
    }
    return m_cache.emplace(folded, m_stem(folded)).first->second;
}

std::string encodeStored(const StoredEntry& s) {
    nlohmann::json j = {{"id", s.id},
                        {"kind", std::string(kb::kindName(s.kind))},
                        {"dep", s.department},
                        {"title", s.title},
                        {"alt", s.otherWordings},
                        {"text", s.text},
                        {"path", s.path}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StoredEntry decodeStored(const std::string& data) {
    StoredEntry s;
    auto j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return s;
    }
    s.id = j.value("id", "");
    s.kind = kb::parseKind(j.value("kind", "note")).value_or(kb::EntryKind::Note);
    s.department = j.value("dep", "");
    s.title = j.value("title", "");
    s.otherWordings = j.value("alt", std::vector<std::string>{});
    s.text = j.value("text", "");
    s.path = j.value("path", "");
    return s;
}

std::string contentHash(const kb::Entry& entry, const std::vector<std::string>* callers) {
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&](std::string_view part) {
        h = fnv1a(part, h);
        h ^= 0xFFu; // a separator no UTF-8 text holds
        h *= 1099511628211ULL;
    };
    mix(entry.id);
    mix(kb::kindName(entry.kind));
    mix(entry.department);
    mix(entry.title);
    for (const auto& wording : entry.otherWordings) {
        mix(wording);
    }
    mix(entry.text);
    for (const auto& [name, value] : entry.fields) {
        mix(name);
        mix(value);
    }
    mix(entry.path);
    if (callers != nullptr) {
        mix("callers");
        for (const auto& query : *callers) {
            mix(query);
        }
    }
    mix(kSchema); // a document built otherwise is built again
    return fmt::format("{:016x}", h);
}

std::string contentValue(const std::string& hash, int line) {
    return fmt::format("{}:{}", hash, line);
}

int lineOf(const Xapian::Document& doc) {
    const std::string value = doc.get_value(kSlotContent);
    const auto colon = value.rfind(':');
    int line = 0;
    if (colon != std::string::npos) {
        std::from_chars(value.data() + colon + 1, value.data() + value.size(), line);
    }
    return line;
}

std::string fileTerm(std::string_view path) {
    return boundedTerm(term('F', path));
}

Xapian::Document buildDocument(const kb::Entry& entry, Stemmer& stem,
                               std::unordered_set<std::string>& spellingWords, const Places& places,
                               const std::vector<std::string>* callers) {
    Xapian::Document doc;
    TermSink sink(doc, stem);
    sink.add(entry.title, kTitleWdf, true);
    for (const auto& wording : entry.otherWordings) {
        sink.add(wording, kWordingWdf, true);
    }
    StoredEntry stored;
    stored.text = entry.text;
    if (entry.kind == kb::EntryKind::Contact) {
        for (const auto& [name, value] : entry.fields) {
            std::string column = text::fold(name);
            if (column == "фио") {
                if (value != entry.title) {
                    sink.add(value, kTitleWdf, true);
                }
            } else if (column == "вопросы") {
                sink.add(value, kWordingWdf, true);
            } else if (column == "должность" || column == "организация") {
                sink.add(value, kFieldWdf, true);
            } else {
                sink.add(value, kBodyWdf, false);
            }
        }
        stored.text = contactCard(entry);
    } else {
        sink.add(entry.text, kBodyWdf, false);
    }

    if (callers != nullptr) {
        // Each distinct word once: many callers asking alike lift the entry no more than one,
        // and the entry's own words keep their weight (its length grows little).
        std::unordered_set<std::string> words;
        for (const auto& query : *callers) {
            for (const auto& token : text::tokenize(query)) {
                if (token.word.size() <= kMaxTermBytes - 8 && !text::isStopword(token.word) &&
                    !text::isDigits(token.word)) {
                    words.insert(stem(token.word));
                }
            }
        }
        for (const auto& word : words) {
            doc.add_term(term('C', word));
        }
    }
    doc.add_boolean_term(boundedTerm(term('Q', entry.id)));
    doc.add_boolean_term(term('K', kb::kindName(entry.kind)));
    doc.add_boolean_term(boundedTerm(term('D', entry.department)));
    doc.add_boolean_term(fileTerm(entry.path));
    doc.add_value(kSlotDepartment, entry.department);
    doc.add_value(kSlotKind, std::string(kb::kindName(entry.kind)));
    doc.add_value(kSlotTitles, titleLines(entry));
    doc.add_value(kSlotId, entry.id);
    doc.add_value(kSlotContent, contentValue(contentHash(entry, callers), entry.line));
    if (std::string territory = territoryOf(entry, stem, places); !territory.empty()) {
        doc.add_value(kSlotTerritory, territory);
    }

    stored.id = entry.id;
    stored.kind = entry.kind;
    stored.department = entry.department;
    stored.title = entry.title;
    stored.otherWordings = entry.otherWordings;
    stored.path = entry.path;
    spellingWordsOf(stored, spellingWords);
    doc.set_data(encodeStored(stored));
    return doc;
}

void spellingWordsOf(const StoredEntry& stored, std::unordered_set<std::string>& words) {
    auto take = [&](std::string_view source) {
        for (const auto& token : text::tokenize(source)) {
            if (isSpellingWord(token.word)) {
                words.insert(token.word);
            }
        }
    };
    // What entries are about: titles, other wordings, and a contact's card (name, position,
    // the questions it answers). Words found only in bodies are still searched as typed but are
    // not offered as corrections: they would outnumber the words operators look for, and
    // building the spelling data of every body word costs a quarter of the indexing time.
    take(stored.title);
    for (const auto& wording : stored.otherWordings) {
        take(wording);
    }
    if (stored.kind == kb::EntryKind::Contact) {
        take(stored.text);
    }
}

} // namespace sufler::indexer::detail
