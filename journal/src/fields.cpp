// The call cards' fields, one table per register (sufler/journal/fields.h).
#include "sufler/journal/fields.h"

#include "report_common.h"
#include "text_util.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

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

const auto kIncoming = std::to_array<IncomingField>({
    {"number", "№ п/п", [](const In& c) { return std::to_string(c.number); },
     [](In& c, const std::string& v) { c.number = parseInt(v, "number"); }},
    {"time", "Дата и время поступления звонка",
     [](const In& c) { return displayTimestamp(c.receivedAt); },
     [](In& c, const std::string& v) { c.receivedAt = v; }},
    {"phone", "Номер телефона позвонившего", [](const In& c) { return c.phone; },
     [](In& c, const std::string& v) { c.phone = v; }},
    {"gender", "Пол", [](const In& c) { return std::string(genderRu(c.gender)); },
     [](In& c, const std::string& v) {
         const auto g = parseGender(v);
         if (!g) {
             throw Error(fmt::format("gender: «{}» — ожидается м или ж", v));
         }
         c.gender = *g;
     }},
    {"name", "", nullptr, [](In& c, const std::string& v) { c.callerName = v; }},
    {"birth_year", "", nullptr, [](In& c, const std::string& v) { c.callerBirthYear = v; }},
    {"contact", "Контактные данные позвонившего (ФИО, год рождения)",
     [](const In& c) { return formatContact(c); },
     [](In& c, const std::string& v) { parseContact(v, c); }},
    {"municipality", "Муниципальное образование, округи Краснодара, районы Сочи",
     [](const In& c) { return c.municipality; },
     [](In& c, const std::string& v) { c.municipality = v; }},
    {"question", "Краткое содержание вопроса", [](const In& c) { return c.question; },
     [](In& c, const std::string& v) { c.question = v; }},
    {"organizations", "Организации и учреждения", [](const In& c) { return c.organizations; },
     [](In& c, const std::string& v) { c.organizations = v; }},
    {"operator", "ФИО специалиста, принявшего звонок", [](const In& c) { return c.operatorName; },
     [](In& c, const std::string& v) { c.operatorName = v; }},
    {"note", "Примечание", [](const In& c) { return c.note; },
     [](In& c, const std::string& v) { c.note = v; }},
    {"department", "", nullptr, [](In& c, const std::string& v) { c.department = v; }},
    {"entries", "", nullptr, [](In& c, const std::string& v) { c.entriesUsed = splitList(v); }},
    {"entry", "", nullptr, [](In& c, const std::string& v) { c.entriesUsed.push_back(v); }},
    {"script", "", nullptr, [](In& c, const std::string& v) { c.script = v; }},
    {"adherence", "", nullptr,
     [](In& c, const std::string& v) {
         try {
             c.scriptAdherence = std::stod(v);
         } catch (const std::exception&) {
             throw Error(fmt::format("adherence: «{}» — ожидается доля от 0 до 1", v));
         }
     }},
    {"transfer", "", nullptr,
     [](In& c, const std::string& v) { c.transfers.push_back(parseTransfer(v)); }},
    {"answered", "", nullptr,
     [](In& c, const std::string& v) {
         const auto a = parseAnswered(v);
         if (!a) {
             throw Error(fmt::format("answered: «{}» — ожидается да или нет", v));
         }
         c.survey.answered = *a;
     }},
    {"satisfaction", "", nullptr,
     [](In& c, const std::string& v) {
         const auto s = parseSatisfaction(v);
         if (!s) {
             throw Error(fmt::format("satisfaction: «{}» — ожидается удовлетворен, частично "
                                     "удовлетворен или не удовлетворен",
                                     v));
         }
         c.survey.satisfaction = *s;
     }},
    {"duration", "", nullptr,
     [](In& c, const std::string& v) { c.durationSeconds = parseInt(v, "duration"); }},
    {"urgent", "", nullptr, [](In& c, const std::string& v) { c.urgent = parseBool(v, "urgent"); }},
    {"aggressive", "", nullptr,
     [](In& c, const std::string& v) { c.aggressive = parseBool(v, "aggressive"); }},
    {"complaint", "", nullptr,
     [](In& c, const std::string& v) { c.complaint = parseBool(v, "complaint"); }},
    {"kb", "", nullptr,
     [](In& c, const std::string& v) {
         c.kbAnswer = v == "found" || v == "да"       ? KbAnswer::Found
                      : v == "not_found" || v == "нет" ? KbAnswer::NotFound
                                                       : KbAnswer::Unknown;
     }},
});

const auto kOutgoing = std::to_array<OutgoingField>({
    {"number", "№ п/п", [](const Out& c) { return std::to_string(c.number); },
     [](Out& c, const std::string& v) { c.number = parseInt(v, "number"); }},
    {"time", "Дата и время звонка", [](const Out& c) { return displayTimestamp(c.calledAt); },
     [](Out& c, const std::string& v) { c.calledAt = v; }},
    {"contact", "Контактные данные специалиста, принявшего звонок (ФИО, номер телефона)",
     [](const Out& c) { return c.calleeContact; },
     [](Out& c, const std::string& v) { c.calleeContact = v; }},
    {"municipality", "Муниципальное образование, округи Краснодара, районы Сочи",
     [](const Out& c) { return c.municipality; },
     [](Out& c, const std::string& v) { c.municipality = v; }},
    {"question", "Краткое содержание вопроса", [](const Out& c) { return c.question; },
     [](Out& c, const std::string& v) { c.question = v; }},
    {"organization", "Организация и учреждения", [](const Out& c) { return c.organization; },
     [](Out& c, const std::string& v) { c.organization = v; }},
    {"operator", "ФИО специалиста, осуществившего звонок",
     [](const Out& c) { return c.operatorName; },
     [](Out& c, const std::string& v) { c.operatorName = v; }},
    {"note", "Примечания", [](const Out& c) { return c.note; },
     [](Out& c, const std::string& v) { c.note = v; }},
    {"incoming", "", nullptr,
     [](Out& c, const std::string& v) { c.incomingId = parseInt(v, "incoming"); }},
});

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
std::vector<std::string> titlesOf(std::span<const CallField<Call>> fields) {
    std::vector<std::string> out;
    for (const auto& f : fields) {
        if (!f.registerTitle.empty()) {
            out.emplace_back(f.registerTitle);
        }
    }
    return out;
}

template <typename Call>
std::vector<std::string> rowOf(std::span<const CallField<Call>> fields, const Call& call) {
    std::vector<std::string> out;
    for (const auto& f : fields) {
        if (!f.registerTitle.empty()) {
            out.push_back(f.cell(call));
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

std::vector<std::string> registerTitles(std::span<const IncomingField> fields) {
    return titlesOf(fields);
}

std::vector<std::string> registerTitles(std::span<const OutgoingField> fields) {
    return titlesOf(fields);
}

std::vector<std::string> registerRow(const IncomingCall& call) {
    return rowOf(incomingFields(), call);
}

std::vector<std::string> registerRow(const OutgoingCall& call) {
    return rowOf(outgoingFields(), call);
}

} // namespace sufler::journal
