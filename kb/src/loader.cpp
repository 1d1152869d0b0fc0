// Reads a KB from disk. Filled in by the kb module.
#include "sufler/kb/kb.h"

namespace sufler::kb {

std::filesystem::path defaultKbRoot() { return SUFLER_DEMO_KB; }

KnowledgeBase load(const std::filesystem::path& root, const LoadOptions& /*options*/) {
    KnowledgeBase kb;
    kb.root = root;
    return kb;
}

} // namespace sufler::kb
