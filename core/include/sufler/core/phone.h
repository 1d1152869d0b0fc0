#pragma once
// Telephone numbers as people type them, reduced to one spelling so that a citizen's calls are
// found however the number was written. What was typed is kept for display; this is only the key.
#include <string>
#include <string_view>

namespace sufler::core {

// The number `typed` as a matching key:
//  - a Russian number, however written, in E.164: `+7 (900) 123-45-67`, `89001234567`,
//    `9001234567`, `8 900 123 45 67`, `7 900 123 45 67`, `+7-900-123-45-67` and
//    `8 (4932) 12-34-56` (a city number with its area code) all give `+79001234567` /
//    `+74932123456`. Ten national digits starting with 3, 4, 8 or 9 (area and mobile codes),
//    with or without a leading 7 / 8 / +7;
//  - a foreign number: `+` and its digits (`+375 29 123-45-67` → `+375291234567`); dialled
//    from Russia as `8 10 …` or `00 …` it is the same `+…`; 8 to 15 digits;
//  - a local city number without its area code (5 to 7 digits: `12-34-56`): its digits alone,
//    `123456`, without `+` — it cannot be made E.164 without knowing the city, and it matches
//    only the same local number;
//  - anything else — letters, an extension, too few or too many digits, `+7` with other than
//    ten digits — an empty string: no key, matches nothing.
// Spaces (the no-break one too), brackets, dashes, dots and slashes between digits are ignored.
[[nodiscard]] std::string normalizePhone(std::string_view typed);

// A key of normalizePhone as people read it: a Russian number `+7 900 123-45-67`; any other key
// as it is. normalizePhone of the result is the key again.
[[nodiscard]] std::string displayPhone(std::string_view key);

// Whether a key of normalizePhone is a full number (E.164, `+…`) rather than local digits.
[[nodiscard]] inline bool isFullPhone(std::string_view normalized) {
    return !normalized.empty() && normalized.front() == '+';
}

} // namespace sufler::core
