#pragma once
// Small UTF-8 and string helpers shared by the loader's parts (internal to the kb module).
#include "sufler/kb/text.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::kb::detail {

// Public in sufler/kb/text.h, for the modules built on kb.
using kb::findInvalidUtf8;

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

// A whole file read or written as bytes (a file of the program's own making, not a KB file:
// those go through readRegularFile); throws sufler::Error naming the file.
[[nodiscard]] std::string readWhole(const std::filesystem::path& path);
// Creates the parent folders; replaces the file.
void writeWhole(const std::filesystem::path& path, std::string_view content);

} // namespace sufler::kb::detail
