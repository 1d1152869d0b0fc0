// The fixed vocabulary of scripts: kinds, `sufler:` actions, call-card fields, placeholders.
#include "sufler/scripts/script.h"

#include "sufler/core/enum_names.h"
#include "sufler/core/text.h"

#include <algorithm>
#include <array>

namespace sufler::scripts {

namespace {

constexpr auto kKinds = std::to_array<core::EnumName<ScriptKind>>({
    {ScriptKind::Incoming, "incoming", "входящий звонок"},
    {ScriptKind::Outgoing, "outgoing", "исходящий звонок"},
    {ScriptKind::Situational, "situational", "ситуация в разговоре"},
});

constexpr auto kMarks = std::to_array<core::EnumName<CallMark>>({
    {CallMark::Aggressive, "aggressive", "агрессивный абонент"},
    {CallMark::Complaint, "complaint", "жалоба"},
    {CallMark::Urgent, "urgent", "срочное обращение"},
    {CallMark::OutsideCompetence, "outside-competence", "вне компетенции министерства"},
});

// The names of `sufler:` links.
constexpr auto kActions = std::to_array<core::EnumName<ActionKind>>({
    {ActionKind::Search, "search"},
    {ActionKind::Contacts, "contacts"},
    {ActionKind::Card, "card"},
    {ActionKind::Transfer, "transfer"},
    {ActionKind::Callback, "callback"},
    {ActionKind::Booking, "booking"},
    {ActionKind::Survey, "survey"},
    {ActionKind::End, "end"},
});

} // namespace

std::string_view kindName(ScriptKind kind) {
    return core::enumRow(kKinds, kind, ScriptKind::Situational).name;
}

std::string_view kindTitleRu(ScriptKind kind) {
    return core::enumRow(kKinds, kind, ScriptKind::Situational).titleRu;
}

std::optional<ScriptKind> parseScriptKind(std::string_view name) {
    return core::parseEnumName(kKinds, name);
}

std::string_view markName(CallMark mark) {
    return core::enumRow(kMarks, mark, CallMark::Aggressive).name;
}

std::string_view markTitleRu(CallMark mark) {
    return core::enumRow(kMarks, mark, CallMark::Aggressive).titleRu;
}

std::optional<CallMark> parseMarkName(std::string_view name) {
    return core::parseEnumName(kMarks, name);
}

std::string_view actionName(ActionKind kind) {
    return core::enumRow(kActions, kind, ActionKind::Search).name;
}

std::optional<ActionKind> parseActionName(std::string_view name) {
    return core::parseEnumName(kActions, name);
}

const std::vector<CardField>& cardFields() {
    // The columns of the register of calls (журнал регистрации звонков) and of outgoing calls.
    static const std::vector<CardField> fields{
        {"телефон", "Номер телефона абонента"},
        {"фио", "ФИО абонента"},
        {"год_рождения", "Год рождения"},
        {"пол", "Пол"},
        {"муниципалитет", "Муниципальное образование"},
        {"вопрос", "Краткое содержание вопроса"},
        {"тема", "Тема"},
        {"организация", "Организации и учреждения"},
        {"специалист", "Специалист (ФИО, телефон)"},
        {"удобное_время", "Удобное время для звонка"},
        {"адрес", "Адрес абонента"},
        {"примечание", "Примечание"},
    };
    return fields;
}

const std::vector<Placeholder>& knownPlaceholders() {
    static const std::vector<Placeholder> placeholders{
        {"оператор", "имя оператора, как он представляется"},
        {"организация", "наименование организации (organization из sufler.yaml)"},
        {"организация_кратко", "краткое наименование (short_name из sufler.yaml)"},
        {"телефон_линии", "номер горячей линии (hotline из sufler.yaml)"},
        {"часы_работы", "часы работы горячей линии (hotline_hours из sufler.yaml)"},
        {"абонент", "имя и отчество абонента — как к нему обращаться"},
        {"телефон_абонента", "номер телефона абонента для ответа"},
        {"удобное_время", "удобное абоненту время для звонка"},
        {"адрес_абонента", "адрес проживания абонента"},
        {"тема", "тема вопроса"},
        {"дата_ответа", "когда абоненту перезвонят с ответом"},
        {"срок_продления", "крайний срок ответа при продлении (не более 10 рабочих дней)"},
        {"специалист", "ФИО специалиста, которому переводится звонок или которому звонят"},
        {"должность", "должность этого специалиста"},
        {"организация_перевода", "организация (подразделение) этого специалиста"},
        {"ведомство", "ведомство, в компетенцию которого входит вопрос"},
        {"контакты_ведомства", "телефон и адрес этого ведомства"},
        {"цель_звонка", "цель исходящего звонка"},
        {"документы", "документы, которые нужно подготовить"},
        {"время_встречи", "согласованное время встречи или выезда"},
        {"мера_поддержки", "новая мера поддержки, о которой сообщают"},
        {"дата_консультации", "дата и время записи на консультацию"},
        {"специалист_консультации", "ФИО и должность специалиста, к которому записан абонент"},
        {"место_консультации", "адрес и кабинет приёма специалиста"},
        {"как_добраться", "как добраться до места приёма (how_to_get из schedule.md)"},
    };
    return placeholders;
}

bool isKnownPlaceholder(std::string_view name) {
    const auto& all = knownPlaceholders();
    return std::any_of(all.begin(), all.end(),
                       [&](const Placeholder& p) { return p.name == name; });
}

Values profileValues(const kb::Profile& profile) {
    Values values;
    const auto put = [&](const char* name, const std::string& value) {
        if (!value.empty()) {
            values.emplace(name, value);
        }
    };
    put("организация", profile.organization);
    put("организация_кратко", profile.shortName.empty() ? profile.organization : profile.shortName);
    put("телефон_линии", profile.hotline);
    put("часы_работы", profile.hotlineHours);
    return values;
}

namespace {

// `{name}` at `open` (a '{'): the name's end (the '}'), or npos when it is not a placeholder.
// Double braces (`{{ФИО}}`, the KB's template marks) and braces around spaces are not.
std::size_t placeholderEnd(std::string_view text, std::size_t open) {
    if (open + 1 < text.size() && text[open + 1] == '{') {
        return std::string_view::npos;
    }
    if (open > 0 && text[open - 1] == '{') {
        return std::string_view::npos;
    }
    const std::size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos || close == open + 1) {
        return std::string_view::npos;
    }
    for (std::size_t i = open + 1; i < close; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool ok = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
        if (!ok) {
            return std::string_view::npos;
        }
    }
    return close;
}

} // namespace

std::vector<std::string> placeholdersIn(std::string_view text) {
    std::vector<std::string> names;
    for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
        const std::size_t close = placeholderEnd(text, i);
        if (close != std::string_view::npos) {
            names.emplace_back(text.substr(i + 1, close - i - 1));
            i = close;
        }
    }
    return names;
}

namespace {

// Whether `text` holds a placeholder with no value (absent or empty).
bool lacksValue(std::string_view text, const Values& values) {
    for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
        const std::size_t close = placeholderEnd(text, i);
        if (close == std::string_view::npos) {
            continue;
        }
        const auto found = values.find(text.substr(i + 1, close - i - 1));
        if (found == values.end() || found->second.empty()) {
            return true;
        }
        i = close;
    }
    return false;
}

// Every placeholder of `text` replaced by its value (all of them have one).
std::string substitute(std::string_view text, const Values& values) {
    std::string out;
    std::size_t from = 0;
    for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
        const std::size_t close = placeholderEnd(text, i);
        if (close == std::string_view::npos) {
            continue;
        }
        const auto found = values.find(text.substr(i + 1, close - i - 1));
        if (found != values.end() && !found->second.empty()) {
            out.append(text.substr(from, i - from));
            out += found->second;
            from = close + 1;
            // a value that ends its own sentence («…третий этаж.») takes the phrase's full stop
            const std::string& value = found->second;
            const bool valueEnds = value.back() == '.' || value.back() == '!' ||
                                   value.back() == '?' || value.ends_with("\u2026");
            if (valueEnds && from < text.size() && text[from] == '.') {
                ++from;
            }
        }
        i = close;
    }
    out.append(text.substr(from));
    return out;
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Sentence-ending punctuation at `i`: . ! ? or … (UTF-8); its length in bytes, else 0.
std::size_t terminatorAt(std::string_view text, std::size_t i) {
    if (text[i] == '.' || text[i] == '!' || text[i] == '?') {
        return 1;
    }
    return text.substr(i, 3) == "\u2026" ? 3 : 0;
}

// The first letter of `text` in upper case (Cyrillic and Latin): a clause that now begins the
// sentence.
std::string capitalized(std::string text) {
    std::size_t pos = 0;
    const std::size_t start = pos;
    if (text.empty()) {
        return text;
    }
    char32_t cp = core::decodeUtf8(text, pos);
    if (cp >= U'a' && cp <= U'z') {
        cp -= 0x20;
    } else if (cp >= U'\u0430' && cp <= U'\u044F') {
        cp -= 0x20;
    } else if (cp == U'\u0451') {
        cp = U'\u0401';
    } else {
        return text;
    }
    std::string first;
    core::appendUtf8(first, cp);
    return text.replace(start, pos - start, first);
}

// One sentence (without its ending punctuation) said without the clauses whose placeholders
// have no value; empty when nothing of it is left.
std::string sentenceWithout(std::string_view body, const Values& values) {
    struct Clause {
        std::string_view separator; // what came before it («, », «; »); empty for the first
        std::string_view text;
    };
    std::vector<Clause> clauses;
    std::size_t start = 0;
    std::string_view separator;
    for (std::size_t i = 0; i <= body.size(); ++i) {
        if (i < body.size() && body[i] != ',' && body[i] != ';') {
            continue;
        }
        clauses.push_back({separator, body.substr(start, i - start)});
        std::size_t next = i + 1;
        while (next < body.size() && isSpace(body[next])) {
            ++next;
        }
        if (i < body.size()) {
            separator = body.substr(i, next - i);
        }
        start = next;
        i = next - 1;
    }
    std::string out;
    bool firstDropped = false;
    bool content = false; // more than an address («{абонент}, …» alone is not a phrase)
    for (std::size_t c = 0; c < clauses.size(); ++c) {
        if (lacksValue(clauses[c].text, values)) {
            firstDropped = firstDropped || c == 0;
            continue;
        }
        const std::string_view clause = core::trim(clauses[c].text);
        const bool address = !clause.empty() && clause.front() == '{' &&
                             placeholderEnd(clause, 0) == clause.size() - 1;
        content = content || !address;
        if (!out.empty()) {
            out += clauses[c].separator;
        }
        out += substitute(clauses[c].text, values);
    }
    if (!content) {
        return {};
    }
    // the clause that now begins the sentence gets its capital, unless the sentence had none
    const std::string_view lead = core::trim(body);
    const bool lowerStart =
        !lead.empty() && lead.front() != '{' && capitalized(std::string(lead)) != lead;
    if (firstDropped && !lowerStart) {
        out = capitalized(std::move(out));
    }
    return core::trimmed(out);
}

} // namespace

std::string fillPlaceholders(std::string_view text, const Values& values) {
    if (!lacksValue(text, values)) {
        return substitute(text, values);
    }
    // A phrase is never said with a raw {placeholder}: the clause (between commas) that needs
    // the value is left out, and a sentence with nothing left goes whole.
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        // the sentence's end: its punctuation followed by a space or the end of the text
        std::size_t bodyEnd = text.size();
        std::size_t end = text.size();
        for (std::size_t i = start; i < text.size();) {
            const std::size_t length = terminatorAt(text, i);
            if (length == 0) {
                ++i;
                continue;
            }
            std::size_t after = i;
            while (after < text.size() && terminatorAt(text, after) != 0) {
                after += terminatorAt(text, after);
            }
            if (after == text.size() || isSpace(text[after])) {
                bodyEnd = i;
                end = after;
                break;
            }
            i = after;
        }
        std::size_t next = end;
        while (next < text.size() && isSpace(text[next])) {
            ++next;
        }
        const std::string_view body = text.substr(start, bodyEnd - start);
        const std::string said = sentenceWithout(body, values);
        if (!said.empty()) {
            out += said;
            out += text.substr(bodyEnd, end - bodyEnd);
            out += text.substr(end, next - end);
        }
        start = next;
    }
    return core::trimmed(out);
}

} // namespace sufler::scripts
