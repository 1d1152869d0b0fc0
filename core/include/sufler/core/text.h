#pragma once
// UTF-8 and string helpers every module shares.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::core {

// Decodes %XX escapes, as in link targets copied from a browser's address bar; a '%' that
// starts no escape stays as it is. Escapes that decode to no UTF-8 text (a cut or a
// Windows-1251 one) leave the whole text as written.
[[nodiscard]] std::string percentDecode(std::string_view text);

// Byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and values past
// U+10FFFF included), or std::string_view::npos when the whole text is valid.
[[nodiscard]] std::size_t findInvalidUtf8(std::string_view text);

// The text with each byte that is not part of valid UTF-8 replaced by U+FFFD: for messages of
// other libraries that quote a byte of their input (yaml-cpp cuts a Cyrillic letter in two).
[[nodiscard]] std::string toValidUtf8(std::string_view text);

// 1-based line of a byte offset.
[[nodiscard]] int lineOfOffset(std::string_view text, std::size_t offset);
// The lines of a text, without their '\n' (a '\r' before it stays); index 0 is line 1. A final
// '\n' ends the last line and starts no empty one.
[[nodiscard]] std::vector<std::string_view> splitLines(std::string_view text);

// Without leading and trailing white space (a no-break space, common in text pasted from
// office documents, included).
[[nodiscard]] std::string_view trim(std::string_view text);
[[nodiscard]] std::string trimmed(std::string_view text); // trim() as a string of its own
// The trimmed, non-empty parts between separators.
[[nodiscard]] std::vector<std::string> splitTrimmed(std::string_view text, char separator);

// Lower-cases ASCII, Latin-1, Greek and Cyrillic letters; leaves everything else as it is.
[[nodiscard]] std::string toLowerUtf8(std::string_view text);

// Decodes one code point at `pos` (advancing it); returns U+FFFD on a bad sequence.
[[nodiscard]] char32_t decodeUtf8(std::string_view text, std::size_t& pos);
void appendUtf8(std::string& out, char32_t cp);

// Windows-1251 to UTF-8 (iconv): CSV of Russian Excel, old text files; throws sufler::Error when
// iconv fails.
[[nodiscard]] std::string cp1251ToUtf8(std::string_view text);

[[nodiscard]] bool startsWith(std::string_view text, std::string_view prefix);

} // namespace sufler::core
