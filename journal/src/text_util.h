#pragma once
// Text helpers of the journal: trimming, Russian lower case, timestamps, encodings. (UTF-8
// checks are kb::findInvalidUtf8.)
#include <optional>
#include <string>
#include <string_view>

namespace sufler::journal {

[[nodiscard]] std::string trim(std::string_view text);
// Lower case for ASCII and Russian letters (А–Я, Ё), trimmed, inner runs of spaces collapsed.
[[nodiscard]] std::string lowerTrim(std::string_view text);

// `YYYY-MM-DD[ T]HH:MM[:SS]`, `DD.MM.YYYY[ HH:MM[:SS]]`, `YYYY-MM-DD`: a valid day and time.
[[nodiscard]] bool isTimestamp(std::string_view text);
// The same as `YYYY-MM-DD HH:MM:SS`; the text unchanged when it is not a timestamp.
[[nodiscard]] std::string normalizeTimestamp(std::string_view text);
// Seconds from a to b (both timestamps); 0 when either is not one.
[[nodiscard]] int secondsBetween(std::string_view a, std::string_view b);

// Windows-1251 to UTF-8 (iconv); throws sufler::Error when iconv fails.
[[nodiscard]] std::string cp1251ToUtf8(std::string_view text);
// Control characters escaped for one-line display (`\n`, `\t`, `\xNN`); the stored text
// keeps them as typed.
[[nodiscard]] std::string escapeForLine(std::string_view text);

} // namespace sufler::journal
