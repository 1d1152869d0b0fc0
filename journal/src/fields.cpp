// The call cards' fields, one table per register (sufler/journal/fields.h).
#include "sufler/journal/fields.h"

#include "report_common.h"
#include "text_util.h"

#include "sufler/core/error.h"
#include "sufler/core/regulations.h"
#include "sufler/core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace sufler::journal {

namespace {

bool parseBool(const std::string& value, std::string_view key) {
    if (value == "1" || value == "да" || value == "yes" || value == "true") {
        return true;
    }
    if (value == "0" || value == "нет" || value == "no" || value == "false" || value.empty()) {
        return false;
    }
    throw Error(fmt::format("{}: «{}» — ожидается да/нет", key, value));
}

int parseInt(const std::string& value, std::string_view key) {
    try {
        std::size_t used = 0;
        const int v = std::stoi(value, &used);
        if (used == value.size()) {
            return v;
        }
    } catch (const std::exception&) {
    }
    throw Error(fmt::format("{}: «{}» — ожидается число", key, value));
}

std::vector<std::string> splitList(const std::string& value) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= value.size()) {
        const auto comma = value.find(',', start);
        auto item =
            value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) {
            out.push_back(std::move(item));
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

// `кому|отдел|примечание`
Transfer parseTransfer(const std::string& value) {
    Transfer t;
    const auto a = value.find('|');
    t.to = value.substr(0, a);
    if (a != std::string::npos) {
        const auto b = value.find('|', a + 1);
        t.department = value.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
        if (b != std::string::npos) {
            t.note = value.substr(b + 1);
        }
    }
    return t;
}

using In = IncomingCall;
using Out = OutgoingCall;

std::string yesNo(bool value) {
    return value ? "да" : "нет";
}

std::string transfersText(const In& c) {
    std::string out;
    for (const auto& t : c.transfers) {
        std::string one = t.to.empty() && t.viaScript ? "по сценарию" : t.to;
        for (const auto& extra : {t.department, t.note}) {
            if (!extra.empty()) {
                one += (one.empty() ? "" : ", ") + extra;
            }
        }
        out += (out.empty() ? "" : "; ") + one;
    }
    return out;
}

std::string entriesText(const In& c) {
    std::string out;
    for (const auto& e : c.entriesUsed) {
        out += (out.empty() ? "" : ", ") + e;
    }
    return out;
}

// The titles both registers' columns go by in old registers, defined once for both.
using Variants = std::array<std::string_view, 6>;
constexpr Variants kNumberVariants = {"№", "n", "*п/п*", "№ записи", "номер"};
constexpr Variants kTimeVariants = {"дата*"};
constexpr Variants kMunicipalityVariants = {"муниципальное образование*"};
constexpr Variants kQuestionVariants = {"краткое содержание*"};
constexpr Variants kOrganizationVariants = {"организаци*"};
constexpr Variants kNoteVariants = {"примечани*"};

const auto kIncoming = std::to_array<IncomingField>({
    {.key = "number",
     .title = "№ п/п",
     .inRegister = true,
     .value = [](const In& c) { return std::to_string(c.number); },
     .set = [](In& c, const std::string& v) { c.number = parseInt(v, "number"); },
     .variants = kNumberVariants},
    {.key = "time",
     .title = "Дата и время поступления звонка",
     .inRegister = true,
     .value = [](const In& c) { return displayTimestamp(c.receivedAt); },
     .set = [](In& c, const std::string& v) { c.receivedAt = v; },
     .variants = kTimeVariants},
    {.key = "phone",
     .title = "Номер телефона позвонившего",
     .inRegister = true,
     .value = [](const In& c) { return c.phone; },
     .set = [](In& c, const std::string& v) { c.phone = v; },
     .variants = {"номер телефона*", "телефон"}},
    {.key = "gender",
     .title = "Пол",
     .inRegister = true,
     .value = [](const In& c) { return std::string(genderRu(c.gender)); },
     .set =
         [](In& c, const std::string& v) {
             const auto g = parseGender(v);
             if (!g) {
                 throw Error(fmt::format("gender: «{}» — ожидается м или ж", v));
             }
             c.gender = *g;
         }},
    {.key = "name",
     .title = "ФИО позвонившего",
     .set = [](In& c, const std::string& v) { c.callerName = v; }},
    {.key = "birth_year",
     .title = "Год рождения позвонившего",
     .set = [](In& c, const std::string& v) { c.callerBirthYear = v; }},
    {.key = "contact",
     .title = "Контактные данные позвонившего (ФИО, год рождения)",
     .inRegister = true,
     .value = [](const In& c) { return formatContact(c); },
     .set = [](In& c, const std::string& v) { parseContact(v, c); },
     .variants = {"контактные данные позвонившего*", "контактные данные заявителя*"}},
    {.key = "municipality",
     .title = kDefaultMunicipalityTitle,
     .inRegister = true,
     .regionalTitle = true,
     .value = [](const In& c) { return c.municipality; },
     .set = [](In& c, const std::string& v) { c.municipality = v; },
     .variants = kMunicipalityVariants},
    {.key = "question",
     .title = "Краткое содержание вопроса",
     .inRegister = true,
     .value = [](const In& c) { return c.question; },
     .set = [](In& c, const std::string& v) { c.question = v; },
     .variants = kQuestionVariants},
    {.key = "organizations",
     .title = "Организации и учреждения",
     .inRegister = true,
     .value = [](const In& c) { return c.organizations; },
     .set = [](In& c, const std::string& v) { c.organizations = v; },
     .variants = kOrganizationVariants},
    {.key = "operator",
     .title = "ФИО специалиста, принявшего звонок",
     .inRegister = true,
     .value = [](const In& c) { return c.operatorName; },
     .set = [](In& c, const std::string& v) { c.operatorName = v; },
     .variants = {"фио специалиста*"}},
    {.key = "note",
     .title = "Примечание",
     .inRegister = true,
     .value = [](const In& c) { return c.note; },
     .set = [](In& c, const std::string& v) { c.note = v; },
     .variants = kNoteVariants},
    {.key = "department",
     .title = "Тема (отдел базы знаний)",
     .value = [](const In& c) { return c.department; },
     .set = [](In& c, const std::string& v) { c.department = v; }},
    {.key = "entries",
     .title = "Записи базы знаний",
     .value = entriesText,
     .set = [](In& c, const std::string& v) { c.entriesUsed = splitList(v); }},
    {.key = "entry",
     .title = "Запись базы знаний",
     .set = [](In& c, const std::string& v) { c.entriesUsed.push_back(v); }},
    {.key = "script",
     .title = "Сценарий разговора",
     .value = [](const In& c) { return c.script; },
     .set = [](In& c, const std::string& v) { c.script = v; }},
    {.key = "adherence",
     .title = "Выполнено шагов сценария",
     .value =
         [](const In& c) {
             return c.scriptAdherence ? fmt::format("{:.0f} %", *c.scriptAdherence * 100)
                                      : std::string();
         },
     .set =
         [](In& c, const std::string& v) {
             try {
                 c.scriptAdherence = std::stod(v);
             } catch (const std::exception&) {
                 throw Error(fmt::format("adherence: «{}» — ожидается доля от 0 до 1", v));
             }
         }},
    {.key = "transfer",
     .title = "Переключения",
     .value = transfersText,
     .set = [](In& c, const std::string& v) { c.transfers.push_back(parseTransfer(v)); }},
    {.key = "answered",
     .title = regulations::kAnsweredQuestion,
     .value = [](const In& c) { return std::string(answeredRu(c.survey.answered)); },
     .set =
         [](In& c, const std::string& v) {
             const auto a = parseAnswered(v);
             if (!a) {
                 throw Error(fmt::format("answered: «{}» — ожидается да или нет", v));
             }
             c.survey.answered = *a;
         }},
    {.key = "satisfaction",
     .title = regulations::kSatisfactionQuestion,
     .value = [](const In& c) { return std::string(satisfactionRu(c.survey.satisfaction)); },
     .set =
         [](In& c, const std::string& v) {
             const auto s = parseSatisfaction(v);
             if (!s) {
                 throw Error(fmt::format("satisfaction: «{}» — ожидается удовлетворен, частично "
                                         "удовлетворен или не удовлетворен",
                                         v));
             }
             c.survey.satisfaction = *s;
         }},
    {.key = "duration",
     .title = "Длительность звонка, мин:с",
     .value =
         [](const In& c) {
             return fmt::format("{}:{:02}", c.durationSeconds / 60, c.durationSeconds % 60);
         },
     .set = [](In& c, const std::string& v) { c.durationSeconds = parseInt(v, "duration"); }},
    {.key = "urgent",
     .title = "Срочное обращение",
     .value = [](const In& c) { return yesNo(c.urgent); },
     .set = [](In& c, const std::string& v) { c.urgent = parseBool(v, "urgent"); }},
    {.key = "aggressive",
     .title = "Агрессивный звонок",
     .value = [](const In& c) { return yesNo(c.aggressive); },
     .set = [](In& c, const std::string& v) { c.aggressive = parseBool(v, "aggressive"); }},
    {.key = "complaint",
     .title = "Жалоба",
     .value = [](const In& c) { return yesNo(c.complaint); },
     .set = [](In& c, const std::string& v) { c.complaint = parseBool(v, "complaint"); }},
    {.key = "outside_competence",
     .title = "Вопрос вне компетенции министерства",
     .value = [](const In& c) { return yesNo(c.outsideCompetence); },
     .set = [](In& c,
               const std::string& v) { c.outsideCompetence = parseBool(v, "outside_competence"); }},
    {.key = "kb",
     .title = "Ответ в базе знаний",
     .value =
         [](const In& c) {
             return std::string(c.kbAnswer == KbAnswer::Found      ? "найден"
                                : c.kbAnswer == KbAnswer::NotFound ? "не найден"
                                                                   : "");
         },
     .set =
         [](In& c, const std::string& v) {
             c.kbAnswer = v == "found" || v == "да"        ? KbAnswer::Found
                          : v == "not_found" || v == "нет" ? KbAnswer::NotFound
                                                           : KbAnswer::Unknown;
         }},
});

const auto kOutgoing = std::to_array<OutgoingField>({
    {.key = "number",
     .title = "№ п/п",
     .inRegister = true,
     .value = [](const Out& c) { return std::to_string(c.number); },
     .set = [](Out& c, const std::string& v) { c.number = parseInt(v, "number"); },
     .variants = kNumberVariants},
    {.key = "time",
     .title = "Дата и время звонка",
     .inRegister = true,
     .value = [](const Out& c) { return displayTimestamp(c.calledAt); },
     .set = [](Out& c, const std::string& v) { c.calledAt = v; },
     .variants = kTimeVariants},
    {.key = "contact",
     .title = "Контактные данные специалиста, принявшего звонок (ФИО, номер телефона)",
     .inRegister = true,
     .value = [](const Out& c) { return c.calleeContact; },
     .set = [](Out& c, const std::string& v) { c.calleeContact = v; },
     .variants = {"контактные данные специалиста*"}},
    {.key = "municipality",
     .title = kDefaultMunicipalityTitle,
     .inRegister = true,
     .regionalTitle = true,
     .value = [](const Out& c) { return c.municipality; },
     .set = [](Out& c, const std::string& v) { c.municipality = v; },
     .variants = kMunicipalityVariants},
    {.key = "question",
     .title = "Краткое содержание вопроса",
     .inRegister = true,
     .value = [](const Out& c) { return c.question; },
     .set = [](Out& c, const std::string& v) { c.question = v; },
     .variants = kQuestionVariants},
    {.key = "organization",
     .title = "Организация и учреждения",
     .inRegister = true,
     .value = [](const Out& c) { return c.organization; },
     .set = [](Out& c, const std::string& v) { c.organization = v; },
     .variants = kOrganizationVariants},
    {.key = "operator",
     .title = "ФИО специалиста, осуществившего звонок",
     .inRegister = true,
     .value = [](const Out& c) { return c.operatorName; },
     .set = [](Out& c, const std::string& v) { c.operatorName = v; },
     // A register that only says «ФИО специалиста» still names who made the call.
     .variants = {"фио специалиста*осуществивш*", "фио специалиста*"}},
    {.key = "note",
     .title = "Примечания",
     .inRegister = true,
     .value = [](const Out& c) { return c.note; },
     .set = [](Out& c, const std::string& v) { c.note = v; },
     .variants = kNoteVariants},
    {.key = "incoming",
     .title = "Входящий звонок (номер записи)",
     .value =
         [](const Out& c) { return c.incomingId ? std::to_string(*c.incomingId) : std::string(); },
     .set = [](Out& c, const std::string& v) { c.incomingId = parseInt(v, "incoming"); }},
});

// Whether `text` matches `pattern`, where `*` stands for any text (bytes, so UTF-8 is safe).
bool globMatch(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

template <typename Call>
std::string titleOf(const CallField<Call>& f, std::string_view municipalityTitle) {
    return f.regionalTitle && !core::trim(municipalityTitle).empty()
               ? std::string(core::trim(municipalityTitle))
               : std::string(f.title);
}

template <typename Call>
std::optional<ColumnMatch> recognise(std::span<const CallField<Call>> fields,
                                     std::string_view header, std::string_view municipalityTitle) {
    const std::string t = lowerTrim(header);
    if (t.empty()) {
        return std::nullopt;
    }
    std::optional<ColumnMatch> best;
    const auto consider = [&](std::size_t i, std::string_view pattern, bool exact) {
        if (pattern.empty() || !(exact ? t == pattern : globMatch(pattern, t))) {
            return;
        }
        const auto strength = static_cast<std::size_t>(
            std::count_if(pattern.begin(), pattern.end(), [](char c) { return c != '*'; }));
        if (!best || strength > best->strength) {
            best = ColumnMatch{i, strength};
        }
    };
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto& f = fields[i];
        if (!f.inRegister) {
            continue;
        }
        consider(i, lowerTrim(f.title), true);
        if (f.regionalTitle) {
            consider(i, lowerTrim(titleOf(f, municipalityTitle)), true);
        }
        for (const auto& v : f.variants) {
            consider(i, v, false);
        }
    }
    return best;
}

template <typename Call>
std::vector<std::pair<std::string, std::string>> linesOf(std::span<const CallField<Call>> fields,
                                                         const Call& call,
                                                         std::string_view municipalityTitle) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : fields) {
        if (f.value) {
            out.emplace_back(titleOf(f, municipalityTitle), f.value(call));
        }
    }
    return out;
}

template <typename Call> std::string keysOf(std::span<const CallField<Call>> fields) {
    std::string out;
    for (const auto& f : fields) {
        out += out.empty() ? "" : ", ";
        out += f.key;
    }
    return out;
}

template <typename Call>
void set(std::span<const CallField<Call>> fields, Call& call, std::string_view key,
         const std::string& value) {
    // The two registers name «Организации и учреждения» differently; either word serves both.
    if (key == "organization" || key == "organizations") {
        for (const auto& f : fields) {
            if (f.key == "organization" || f.key == "organizations") {
                f.set(call, value);
                return;
            }
        }
    }
    for (const auto& f : fields) {
        if (f.key == key) {
            f.set(call, value);
            return;
        }
    }
    throw Error(fmt::format("неизвестное поле «{}»; поля: {}", key, keysOf(fields)));
}

template <typename Call>
std::vector<std::string> titlesOf(std::span<const CallField<Call>> fields,
                                  std::string_view municipalityTitle) {
    std::vector<std::string> out;
    for (const auto& f : fields) {
        if (f.inRegister) {
            out.push_back(titleOf(f, municipalityTitle));
        }
    }
    return out;
}

template <typename Call>
std::vector<std::string> rowOf(std::span<const CallField<Call>> fields, const Call& call) {
    std::vector<std::string> out;
    for (const auto& f : fields) {
        if (f.inRegister) {
            out.push_back(f.value(call));
        }
    }
    return out;
}

} // namespace

std::span<const IncomingField> incomingFields() {
    return kIncoming;
}

std::span<const OutgoingField> outgoingFields() {
    return kOutgoing;
}

std::string fieldKeys(std::span<const IncomingField> fields) {
    return keysOf(fields);
}

std::string fieldKeys(std::span<const OutgoingField> fields) {
    return keysOf(fields);
}

void setField(IncomingCall& call, std::string_view key, const std::string& value) {
    set(incomingFields(), call, key, value);
}

void setField(OutgoingCall& call, std::string_view key, const std::string& value) {
    set(outgoingFields(), call, key, value);
}

std::pair<std::string, std::string> splitField(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) {
        throw Error(fmt::format("«{}»: ожидается поле=значение", escapeForLine(text)));
    }
    return {text.substr(0, eq), text.substr(eq + 1)};
}

std::string unescapeLine(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char n = text[++i];
            out += n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string fieldTitle(const IncomingField& field, std::string_view municipalityTitle) {
    return titleOf(field, municipalityTitle);
}

std::string fieldTitle(const OutgoingField& field, std::string_view municipalityTitle) {
    return titleOf(field, municipalityTitle);
}

std::vector<std::string> registerTitles(std::span<const IncomingField> fields,
                                        std::string_view municipalityTitle) {
    return titlesOf(fields, municipalityTitle);
}

std::vector<std::string> registerTitles(std::span<const OutgoingField> fields,
                                        std::string_view municipalityTitle) {
    return titlesOf(fields, municipalityTitle);
}

std::vector<std::string> registerRow(const IncomingCall& call) {
    return rowOf(incomingFields(), call);
}

std::vector<std::string> registerRow(const OutgoingCall& call) {
    return rowOf(outgoingFields(), call);
}

std::vector<std::pair<std::string, std::string>> cardLines(const IncomingCall& call,
                                                           std::string_view municipalityTitle) {
    return linesOf(incomingFields(), call, municipalityTitle);
}

std::vector<std::pair<std::string, std::string>> cardLines(const OutgoingCall& call,
                                                           std::string_view municipalityTitle) {
    return linesOf(outgoingFields(), call, municipalityTitle);
}

std::optional<ColumnMatch> recogniseColumn(std::span<const IncomingField> fields,
                                           std::string_view header,
                                           std::string_view municipalityTitle) {
    return recognise(fields, header, municipalityTitle);
}

std::optional<ColumnMatch> recogniseColumn(std::span<const OutgoingField> fields,
                                           std::string_view header,
                                           std::string_view municipalityTitle) {
    return recognise(fields, header, municipalityTitle);
}

} // namespace sufler::journal
