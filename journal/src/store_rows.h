#pragma once
// What every engine writes the same way: the card's lists as JSON text, dates and periods as
// the text the registers compare (`YYYY-MM-DD HH:MM:SS` sorts as it reads).
#include "sufler/journal/journal.h"

#include <string>
#include <vector>

namespace sufler::journal::rows {

// Invalid UTF-8 (an imported file, a pasted fragment) becomes U+FFFD instead of losing the
// card.
[[nodiscard]] std::string toJson(const std::vector<std::string>& values);
[[nodiscard]] std::string toJson(const std::vector<Transfer>& transfers);
[[nodiscard]] std::vector<std::string> stringsFromJson(const std::string& text);
[[nodiscard]] std::vector<Transfer> transfersFromJson(const std::string& text);

// The day of a stored date or timestamp; throws naming the text when it is none.
[[nodiscard]] Date dateOrThrow(const std::string& text);

// A Period's bounds as text: timestamps of the last day compare below "<day>~" ('~' sorts
// after digits and space, byte by byte).
[[nodiscard]] std::string periodFrom(const Period& p);
[[nodiscard]] std::string periodTo(const Period& p);

} // namespace sufler::journal::rows
