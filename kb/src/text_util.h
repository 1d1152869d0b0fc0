#pragma once
// Small UTF-8 and string helpers shared by the loader's parts (internal to the kb module).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::kb::detail {

// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
[[nodiscard]] std::size_t findInvalidUtf8(std::string_view text);

// 1-based line of a byte offset.
[[nodiscard]] int lineOfOffset(std::string_view text, std::size_t offset);

[[nodiscard]] std::string_view trim(std::string_view text);
[[nodiscard]] std::vector<std::string> splitTrimmed(std::string_view text, char separator);

// Lower-cases ASCII, Latin-1, Greek and Cyrillic letters; leaves everything else as it is.
[[nodiscard]] std::string toLowerUtf8(std::string_view text);

// Decodes one code point at `pos` (advancing it); returns U+FFFD on a bad sequence.
[[nodiscard]] char32_t decodeUtf8(std::string_view text, std::size_t& pos);
void appendUtf8(std::string& out, char32_t cp);

[[nodiscard]] bool startsWith(std::string_view text, std::string_view prefix);

} // namespace sufler::kb::detail
