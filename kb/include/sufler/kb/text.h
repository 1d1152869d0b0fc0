#pragma once
// Text helpers that modules built on kb share with it.
#include <cstddef>
#include <string>
#include <string_view>

namespace sufler::kb {

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

} // namespace sufler::kb
