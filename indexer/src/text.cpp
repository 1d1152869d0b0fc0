#include "sufler/indexer/text.h"

#include <array>
#include <cctype>
#include <unordered_set>

namespace sufler::indexer::text {
namespace {

// Decodes one UTF-8 code point at i; advances i. Invalid bytes decode as themselves.
char32_t decode(std::string_view s, std::size_t& i) {
    auto c = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) -> unsigned {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) & 0x3Fu : 0u;
    };
    auto isCont = [&](std::size_t k) {
        return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0u) == 0x80u;
    };
    if (c < 0x80) {
        ++i;
        return c;
    }
    if ((c & 0xE0u) == 0xC0u && isCont(1)) {
        char32_t cp = ((c & 0x1Fu) << 6) | cont(1);
        i += 2;
        return cp;
    }
    if ((c & 0xF0u) == 0xE0u && isCont(1) && isCont(2)) {
        char32_t cp = ((c & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
        i += 3;
        return cp;
    }
    if ((c & 0xF8u) == 0xF0u && isCont(1) && isCont(2) && isCont(3)) {
        char32_t cp = ((c & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
        i += 4;
        return cp;
    }
    ++i;
    return c;
}

void encode(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

char32_t foldChar(char32_t cp) {
    if (cp >= 'A' && cp <= 'Z') {
        return cp + 32;
    }
    if (cp >= 0x410 && cp <= 0x42F) {
        cp += 0x20;
    }
    if (cp == 0x401 || cp == 0x451) {
        return 0x435; // ё → е
    }
    if (cp >= 0x400 && cp <= 0x40F) {
        return cp + 0x50; // other capitals of the Cyrillic block (Ѐ–Џ)
    }
    return cp;
}

bool isCyrillicLetter(char32_t cp) {
    return cp >= 0x400 && cp <= 0x4FF;
}
bool isLatinLetter(char32_t cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}
bool isLetter(char32_t cp) {
    return isCyrillicLetter(cp) || isLatinLetter(cp);
}
bool isDigit(char32_t cp) {
    return cp >= '0' && cp <= '9';
}
bool isIgnorable(char32_t cp) {
    return cp == 0x301 || cp == 0xAD || cp == 0x200B;
}

// QWERTY key → the ЙЦУКЕН letter on the same key.
constexpr std::string_view kLatinKeys = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
constexpr std::array<char32_t, 33> kRussianKeys = {
    U'й', U'ц', U'у', U'к', U'е', U'н', U'г', U'ш', U'щ', U'з', U'х',
    U'ъ', U'ф', U'ы', U'в', U'а', U'п', U'р', U'о', U'л', U'д', U'ж',
    U'э', U'я', U'ч', U'с', U'м', U'и', U'т', U'ь', U'б', U'ю', U'ё'};
constexpr std::string_view kLatinShifted = "{}:\"<>~";
constexpr std::array<char32_t, 7> kRussianShifted = {U'х', U'ъ', U'ж', U'э', U'б', U'ю', U'ё'};

} // namespace

std::string fold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        encode(foldChar(decode(s, i)), out);
    }
    return out;
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> tokens;
    Token current;
    int kind = 0; // 0 none, 1 letters, 2 digits
    auto flush = [&](std::size_t end) {
        if (kind != 0 && !current.word.empty()) {
            current.end = end;
            tokens.push_back(std::move(current));
        }
        current = Token{};
        kind = 0;
    };
    for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        char32_t cp = decode(s, i);
        int k = isLetter(cp) ? 1 : isDigit(cp) ? 2 : 0;
        if (kind != 0 && isIgnorable(cp)) {
            continue;
        }
        if (k != kind) {
            flush(start);
            if (k != 0) {
                current.begin = start;
                kind = k;
            }
        }
        if (k != 0) {
            encode(foldChar(cp), current.word);
            current.end = i;
        }
    }
    flush(s.size());
    return tokens;
}

std::string layoutToRussian(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = decode(s, i);
        char32_t lower = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
        if (lower < 0x80) {
            if (auto pos = kLatinKeys.find(static_cast<char>(lower));
                pos != std::string_view::npos) {
                encode(kRussianKeys[pos], out);
                continue;
            }
            if (auto pos = kLatinShifted.find(static_cast<char>(lower));
                pos != std::string_view::npos) {
                encode(kRussianShifted[pos], out);
                continue;
            }
        }
        encode(cp, out);
    }
    return out;
}

std::string layoutToLatin(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = foldChar(decode(s, i));
        bool done = false;
        for (std::size_t k = 0; k < kRussianKeys.size(); ++k) {
            if (kRussianKeys[k] == cp || (cp == U'е' && kRussianKeys[k] == U'е')) {
                out += kLatinKeys[k];
                done = true;
                break;
            }
        }
        if (!done) {
            encode(cp, out);
        }
    }
    return out;
}

Script scriptOf(std::string_view s) {
    bool latin = false;
    bool cyrillic = false;
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = decode(s, i);
        latin = latin || isLatinLetter(cp);
        cyrillic = cyrillic || isCyrillicLetter(cp);
    }
    if (latin && cyrillic) {
        return Script::Mixed;
    }
    return latin ? Script::Latin : cyrillic ? Script::Cyrillic : Script::None;
}

std::string spellingKey(std::string_view foldedWord) {
    std::string out;
    for (std::size_t i = 0; i < foldedWord.size();) {
        char32_t cp = decode(foldedWord, i);
        if (cp >= 0x430 && cp <= 0x44F) {
            out += static_cast<char>(0x80 + (cp - 0x430));
        } else {
            encode(cp, out);
        }
    }
    return out;
}

std::string spellingWord(std::string_view key) {
    std::string out;
    for (char ch : key) {
        auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80 && c < 0xA0) {
            encode(0x430 + (c - 0x80), out);
        } else {
            out += ch;
        }
    }
    return out;
}

std::vector<ActNumber> findActNumbers(std::string_view s, const std::vector<Token>& tokens) {
    static const std::unordered_set<std::string_view> kSuffixes = {
        "фз", "фкз", "кз", "оз", "п", "пп", "р", "рп", "у", "уп", "нп", "пр", "ук", "кп", "мр"};
    std::vector<ActNumber> acts;
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        const Token& token = tokens[t];
        if (!isDigits(token.word) || token.word.size() > 7) {
            continue;
        }
        std::size_t gapStart = t == 0 ? 0 : tokens[t - 1].end;
        std::string_view before = s.substr(gapStart, token.begin - gapStart);
        // «№» right before the number, maybe with spaces between.
        bool numbered = false;
        if (auto pos = before.rfind("\u2116"); pos != std::string_view::npos) {
            numbered =
                before.substr(pos + 3).find_first_not_of(" \t\u00a0") == std::string_view::npos ||
                before.substr(pos + 3).empty();
        }
        ActNumber act;
        act.number = token.word;
        act.firstToken = t;
        act.lastToken = t;
        if (t + 1 < tokens.size() && kSuffixes.count(tokens[t + 1].word) != 0) {
            std::string_view gap = s.substr(token.end, tokens[t + 1].begin - token.end);
            // At most three joiners («181-ФЗ», «181 – ФЗ»), counted in characters, not bytes.
            bool joined = true;
            int joiners = 0;
            for (std::size_t i = 0; joined && i < gap.size(); ++joiners) {
                char32_t cp = decode(gap, i);
                joined = joiners < 3 &&
                         (cp == ' ' || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0xA0);
            }
            // The suffix must end the word: «181 фз» yes, «5 пунктов» is not a suffix at all.
            if (joined) {
                act.suffix = tokens[t + 1].word;
                act.lastToken = t + 1;
            }
        }
        if (numbered || !act.suffix.empty()) {
            acts.push_back(std::move(act));
            t = acts.back().lastToken;
        }
    }
    return acts;
}

std::vector<Amount> findAmounts(std::string_view s, const std::vector<Token>& tokens) {
    auto gapIs = [&](std::size_t from, std::size_t to, bool allowNothing) {
        // Only spaces (an ordinary or a no-break one) between two parts of a number.
        std::string_view gap = s.substr(from, to - from);
        if (gap.empty()) {
            return allowNothing;
        }
        for (std::size_t i = 0; i < gap.size();) {
            char32_t cp = decode(gap, i);
            if (cp != ' ' && cp != 0xA0 && cp != 0x202F && cp != 0x2009) {
                return false;
            }
        }
        return true;
    };
    auto startsWith = [](const std::string& word, std::string_view prefix) {
        return word.rfind(prefix, 0) == 0;
    };
    std::vector<Amount> amounts;
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        if (!isDigits(tokens[t].word) || tokens[t].word.size() > 9) {
            continue;
        }
        // A number does not continue a word or a decimal: «1.5», «x2».
        if (tokens[t].begin > 0) {
            char before = s[tokens[t].begin - 1];
            if (before == '.' || before == ',' ||
                std::isalnum(static_cast<unsigned char>(before))) {
                continue;
            }
        }
        std::string digits = tokens[t].word;
        std::size_t last = t;
        // Groups of three digits written apart: «1 000 000», «17 200».
        if (digits.size() <= 3) {
            while (last + 1 < tokens.size() && tokens[last + 1].word.size() == 3 &&
                   isDigits(tokens[last + 1].word) &&
                   gapIs(tokens[last].end, tokens[last + 1].begin, false)) {
                ++last;
                digits += tokens[last].word;
            }
        }
        while (digits.size() > 1 && digits[0] == '0') {
            digits.erase(0, 1);
        }
        Amount amount;
        amount.firstToken = t;
        amount.lastToken = last;
        std::size_t end = tokens[last].end;
        // The unit: a word right after, or '%'.
        std::size_t next = last + 1;
        std::string_view after =
            s.substr(end, (next < tokens.size() ? tokens[next].begin : s.size()) - end);
        std::size_t percentAt = after.find('%');
        bool percentSign = percentAt != std::string_view::npos && gapIs(end, end + percentAt, true);
        std::string zeros;
        bool money = false;
        if (percentSign) {
            amount.percent = true;
        } else if (next < tokens.size() && gapIs(end, tokens[next].begin, true)) {
            const std::string& unit = tokens[next].word;
            if (startsWith(unit, "процент") || unit == "проц" || unit == "пр") {
                amount.percent = true;
                amount.lastToken = next;
            } else if (startsWith(unit, "тыс") || unit == "т") {
                zeros = "000";
                money = true;
                amount.lastToken = next;
            } else if (startsWith(unit, "млн") || startsWith(unit, "миллион")) {
                zeros = "000000";
                money = true;
                amount.lastToken = next;
            } else if (startsWith(unit, "руб") || unit == "р") {
                money = true;
                amount.lastToken = next;
            }
        }
        if (!amount.percent && !money) {
            continue;
        }
        if (amount.percent && digits.size() > 3) {
            continue;
        }
        amount.value = digits == "0" ? digits : digits + zeros;
        amounts.push_back(std::move(amount));
        t = amounts.back().lastToken;
    }
    return amounts;
}

std::vector<PhoneRun> findPhones(std::string_view s, std::size_t minDigits) {
    std::vector<PhoneRun> runs;
    std::size_t i = 0;
    while (i < s.size()) {
        if (!(s[i] >= '0' && s[i] <= '9')) {
            ++i;
            continue;
        }
        // A phone does not continue a word: «abc123» or «1.5» are not phones.
        if (i > 0 && (std::isalnum(static_cast<unsigned char>(s[i - 1])) != 0 || s[i - 1] == '.' ||
                      s[i - 1] == ',')) {
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                ++i;
            }
            continue;
        }
        PhoneRun run;
        run.begin = i;
        std::size_t lastDigitEnd = i;
        std::size_t j = i;
        while (j < s.size()) {
            char c = s[j];
            if (c >= '0' && c <= '9') {
                run.digits += c;
                ++j;
                lastDigitEnd = j;
            } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '+') {
                ++j;
            } else if (s.substr(j, 2) == "\u00a0") {
                j += 2;
            } else if (s.substr(j, 3) == "\u2013") {
                j += 3;
            } else {
                break;
            }
        }
        run.end = lastDigitEnd;
        bool wordFollows = lastDigitEnd < s.size() &&
                           std::isalpha(static_cast<unsigned char>(s[lastDigitEnd])) != 0;
        if (run.digits.size() >= minDigits && !wordFollows) {
            // Include an opening bracket right before the number: «(8000) 55-26-07».
            if (run.begin > 0 && s[run.begin - 1] == '(') {
                --run.begin;
            }
            runs.push_back(run);
        }
        i = lastDigitEnd;
    }
    return runs;
}

bool isStopword(std::string_view w) {
    // Snowball's Russian stop list, less words that carry meaning in a caller's question.
    static const std::unordered_set<std::string_view> kStop = {
        "и",    "в",      "во",     "не",    "что",  "он",    "на",   "я",      "с",      "со",
        "как",  "а",      "то",     "все",   "она",  "так",   "его",  "но",     "да",     "ты",
        "к",    "у",      "же",     "вы",    "за",   "бы",    "по",   "только", "ее",     "мне",
        "было", "вот",    "от",     "меня",  "еще",  "о",     "из",   "ему",    "теперь", "даже",
        "ну",   "ли",     "если",   "уже",   "или",  "ни",    "быть", "был",    "него",   "до",
        "вас",  "нибудь", "опять",  "уж",    "вам",  "ведь",  "там",  "потом",  "себя",   "ей",
        "они",  "тут",    "есть",   "ней",   "для",  "мы",    "тебя", "их",     "чем",    "была",
        "сам",  "чтоб",   "без",    "будто", "чего", "себе",  "под",  "будет",  "ж",      "тогда",
        "этот", "того",   "потому", "этого", "ним",  "здесь", "этом", "мой",    "тем",    "чтобы",
        "нее",  "были",   "всех",   "при",   "об",   "хоть",  "над",  "тот",    "эти",    "нас",
        "про",  "всего",  "них",    "эту",   "моя",  "этой",  "том",  "им",     "всю",    "мой",
        "мою",  "ли",     "ко",     "это"};
    return kStop.count(w) != 0;
}

std::vector<std::string> fleetingVowelVariants(std::string_view foldedStem) {
    // Lower-case Cyrillic letters are two bytes each in UTF-8.
    static constexpr std::string_view kNotConsonants = "аеиоуыэюяйьъ";
    auto letterAt = [&](std::size_t fromEnd) {
        return foldedStem.substr(foldedStem.size() - 2 * fromEnd, 2);
    };
    auto isCyrillic = [&](std::string_view letter) {
        auto lead = static_cast<unsigned char>(letter[0]);
        return lead == 0xD0 || lead == 0xD1;
    };
    auto isConsonant = [&](std::string_view letter) {
        return isCyrillic(letter) && kNotConsonants.find(letter) == std::string_view::npos;
    };
    std::vector<std::string> variants;
    std::size_t letters = foldedStem.size() / 2;
    if (foldedStem.size() % 2 != 0 || letters < 3) {
        return variants;
    }
    for (std::size_t i = 1; i <= letters; ++i) {
        if (!isCyrillic(letterAt(i))) {
            return variants;
        }
    }
    std::string_view last = letterAt(1);
    if (last != "к" && last != "ц") {
        return variants;
    }
    std::string_view before = letterAt(2);
    if ((before == "о" || before == "е") && letters >= 4 && isConsonant(letterAt(3))) {
        std::string dropped(foldedStem.substr(0, foldedStem.size() - 4));
        variants.push_back(dropped + std::string(last));
    } else if (isConsonant(before)) {
        std::string head(foldedStem.substr(0, foldedStem.size() - 2));
        variants.push_back(head + "о" + std::string(last));
        variants.push_back(head + "е" + std::string(last));
    }
    return variants;
}

bool isDigits(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

std::size_t letterCount(std::string_view utf8) {
    std::size_t n = 0;
    for (char c : utf8) {
        n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
    }
    return n;
}

std::string utf8Prefix(std::string_view utf8, std::size_t letters) {
    std::size_t i = 0;
    for (std::size_t n = 0; n < letters && i < utf8.size(); ++n) {
        decode(utf8, i);
    }
    return std::string(utf8.substr(0, i));
}

std::string htmlEscape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace sufler::indexer::text
