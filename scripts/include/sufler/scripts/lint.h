#pragma once
// Validation of the KB's conversation scripts, run by `sufler lint`.
#include "sufler/kb/model.h"

namespace sufler::scripts {

// Diagnostics for every file of kb.scripts (format, links, reachability, regulation rules).
[[nodiscard]] Diagnostics lintScripts(const kb::KnowledgeBase& kb);

} // namespace sufler::scripts
