// Telephone numbers reduced to one matching key (E.164 for Russia).
#include "sufler/core/phone.h"

#include "sufler/core/text.h"

namespace sufler::core {

namespace {

constexpr std::size_t kRussianNational = 10;  // digits after +7
constexpr std::size_t kMinInternational = 8;  // the shortest foreign numbers in E.164 use
constexpr std::size_t kMaxInternational = 15; // E.164's limit
constexpr std::size_t kMinLocal = 5;
constexpr std::size_t kMaxLocal = 7;

// Russian area and mobile codes start with 3, 4, 8 or 9 (ABC/DEF codes).
bool russianNational(std::string_view digits) {
    if (digits.size() != kRussianNational) {
        return false;
    }
    const char first = digits.front();
    return first == '3' || first == '4' || first == '8' || first == '9';
}

std::string international(std::string_view digits) {
    if (digits.size() < kMinInternational || digits.size() > kMaxInternational ||
        digits.front() == '0') {
        return {};
    }
    if (digits.front() == '7') {
        // +7: Russia (and Kazakhstan) — always ten national digits
        return digits.size() == 1 + kRussianNational ? "+" + std::string(digits) : std::string();
    }
    return "+" + std::string(digits);
}

} // namespace

std::string normalizePhone(std::string_view typed) {
    const std::string_view text = trim(typed);
    std::string digits;
    bool plus = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (c == ' ' || c == '\t' || c == '(' || c == ')' || c == '-' || c == '.' ||
                   c == '/') {
            continue;
        } else if (text.substr(i, 2) == "\xC2\xA0") { // a no-break space
            ++i;
        } else if (text.substr(i, 3) == "\xE2\x80\x93") { // an en dash
            i += 2;
        } else {
            return {}; // a letter, an extension, a second number: not one number
        }
    }
    if (plus) {
        return international(digits);
    }
    if (digits.size() == 1 + kRussianNational && (digits[0] == '8' || digits[0] == '7') &&
        russianNational(std::string_view(digits).substr(1))) {
        return "+7" + digits.substr(1);
    }
    if (russianNational(digits)) {
        return "+7" + digits;
    }
    // Dialled abroad from Russia: 8 10 <country …>, or 00 <country …>.
    if (digits.size() > 3 && digits.compare(0, 3, "810") == 0) {
        return international(std::string_view(digits).substr(3));
    }
    if (digits.size() > 2 && digits.compare(0, 2, "00") == 0) {
        return international(std::string_view(digits).substr(2));
    }
    if (digits.size() >= kMinLocal && digits.size() <= kMaxLocal) {
        return digits;
    }
    return {};
}

std::string displayPhone(std::string_view key) {
    if (key.size() != 12 || key.compare(0, 2, "+7") != 0) {
        return std::string(key);
    }
    // +7 AAA BBB-CC-DD
    return std::string(key.substr(0, 2)) + " " + std::string(key.substr(2, 3)) + " " +
           std::string(key.substr(5, 3)) + "-" + std::string(key.substr(8, 2)) + "-" +
           std::string(key.substr(10, 2));
}

} // namespace sufler::core
