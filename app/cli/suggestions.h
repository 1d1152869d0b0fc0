#pragma once
// The callers' wordings `sufler suggest` learns from the call journal, for the staleness report.
#include "sufler/journal/journal.h"
#include "sufler/kb/staleness.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sufler::cli {

// Per department slug: wordings of its FAQ entries that answered calls in `period` reached only
// after them, not accepted yet, most calls first. Builds or updates the KB's default index to
// re-run them. Throws sufler::Error.
[[nodiscard]] std::map<std::string, std::vector<kb::SuggestedWording>>
suggestedWordings(const std::filesystem::path& root, const journal::Journal& journal,
                  const journal::Period& period);

} // namespace sufler::cli
