// The queries typed during calls and the entries opened from their results: how callers ask for
// an entry, kept without phone numbers, purged with the rest of the register.
#include "journal_state.h"
#include "text_util.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"

#include <fmt/format.h>

#include <array>

namespace sufler::journal {

namespace {

// Digits stay digits of one number across the separators people group a phone with.
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool joinsDigits(char c) {
    return c == ' ' || c == '-' || c == '(' || c == ')' || c == '+';
}

// The words that make a number a sum or a percentage: «руб», «р», «тыс», «т», «млн», «проц», '%'.
bool unitFollows(std::string_view rest) {
    rest = core::trim(rest);
    if (!rest.empty() && rest.front() == '%') {
        return true;
    }
    const std::string lower =
        core::toLowerUtf8(rest.substr(0, std::min<std::size_t>(16, rest.size())));
    static constexpr std::array<std::string_view, 5> kUnits = {"руб", "тыс", "млн", "проц",
                                                               "миллион"};
    for (auto unit : kUnits) {
        if (core::startsWith(lower, unit)) {
            return true;
        }
    }
    // «р» and «т» alone: «18000 р», «450 т.р.»
    for (std::string_view letter : {"р", "т"}) {
        if (core::startsWith(lower, letter)) {
            const std::string_view after = std::string_view(lower).substr(letter.size());
            if (after.empty() || after.front() == ' ' || after.front() == '.') {
                return true;
            }
        }
    }
    return false;
}

} // namespace

std::string stripPhoneNumbers(std::string_view query) {
    std::string kept;
    std::size_t i = 0;
    while (i < query.size()) {
        if (!isDigit(query[i])) {
            kept += query[i++];
            continue;
        }
        // A number glued to a word («тел89161234567») is cut out the same way.
        std::size_t end = i;
        std::size_t digits = 0;
        for (std::size_t j = i; j < query.size() && (isDigit(query[j]) || joinsDigits(query[j]));
             ++j) {
            if (isDigit(query[j])) {
                ++digits;
                end = j + 1;
            }
        }
        if (digits >= 5 && !unitFollows(query.substr(end))) {
            // with the '+' or '(' that opened it
            while (!kept.empty() && (kept.back() == '+' || kept.back() == '(')) {
                kept.pop_back();
            }
            kept += ' ';
        } else {
            kept.append(query.substr(i, end - i));
        }
        i = end;
    }
    // Runs of spaces collapsed; nothing kept when no letter is left.
    std::string out;
    bool letter = false;
    for (const auto& word : core::splitTrimmed(kept, ' ')) {
        out += (out.empty() ? "" : " ") + word;
        for (char c : word) {
            letter = letter || (static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z') ||
                                (c >= 'A' && c <= 'Z'));
        }
    }
    return letter ? out : std::string();
}

void Journal::recordSearchUse(const std::string& query, const std::string& entryId,
                              std::optional<CallId> callId, const std::string& department,
                              const std::string& at) {
    if (core::trimmed(entryId).empty()) {
        throw Error("журнал: запрос без открытой записи не записывается");
    }
    SearchUse use;
    use.query = stripPhoneNumbers(query);
    if (use.query.empty()) {
        return; // nothing but a number was typed: personal data, and no wording to learn
    }
    use.entryId = entryId;
    use.department = department.empty() ? departmentOfEntry(entryId) : department;
    use.callId = callId;
    if (at.empty()) {
        use.at = m_state->timestamp();
    } else if (isTimestamp(at)) {
        use.at = normalizeTimestamp(at);
    } else {
        throw Error(fmt::format("журнал: время запроса «{}» — нужно ГГГГ-ММ-ДД ЧЧ:ММ:СС", at));
    }
    auto& store = *m_state->store;
    store.transaction([&] {
        if (callId && !store.incoming(*callId)) {
            throw Error(fmt::format("журнал: нет входящего звонка с номером записи {}", *callId));
        }
        store.insertSearchUse(use);
    });
}

std::vector<SearchUse> Journal::searchUses(const std::string& department,
                                           const Period& period) const {
    return m_state->store->searchUses(department, period);
}

} // namespace sufler::journal
