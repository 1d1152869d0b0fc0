#pragma once
// Text helpers of the journal: Russian lower case, timestamps, encodings. (Trimming and UTF-8
// checks are in sufler/core/text.h.)
#include "sufler/core/text.h"

#include <optional>
#include <string>
#include <string_view>

namespace sufler::journal {

// Lower case (core::toLowerUtf8), trimmed, inner runs of spaces collapsed.
[[nodiscard]] std::string lowerTrim(std::string_view text);

// A person's name as the journal compares names: lowerTrim, ё as е, dots and commas as spaces.
[[nodiscard]] std::string foldName(std::string_view text);
// The Levenshtein distance between two texts, letter by letter (UTF-8 code points).
[[nodiscard]] std::size_t editDistance(std::string_view a, std::string_view b);

// `YYYY-MM-DD[ T]HH:MM[:SS]`, `DD.MM.YYYY[ HH:MM[:SS]]`, `YYYY-MM-DD`: a valid day and time.
[[nodiscard]] bool isTimestamp(std::string_view text);
// The same as `YYYY-MM-DD HH:MM:SS`; the text unchanged when it is not a timestamp.
[[nodiscard]] std::string normalizeTimestamp(std::string_view text);
// Seconds from a to b (both timestamps); 0 when either is not one.
[[nodiscard]] int secondsBetween(std::string_view a, std::string_view b);

using core::cp1251ToUtf8; // Windows-1251 to UTF-8, shared with the network-drive import
// Control characters escaped for one-line display (`\n`, `\t`, `\xNN`); the stored text
// keeps them as typed.
[[nodiscard]] std::string escapeForLine(std::string_view text);

} // namespace sufler::journal
