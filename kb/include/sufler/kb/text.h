#pragma once
// Text helpers that modules built on kb share with it.
#include <string>
#include <string_view>

namespace sufler::kb {

// Decodes %XX escapes, as in link targets copied from a browser's address bar; a '%' that
// starts no escape stays as it is.
[[nodiscard]] std::string percentDecode(std::string_view text);

} // namespace sufler::kb
