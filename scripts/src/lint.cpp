#include "sufler/scripts/lint.h"

namespace sufler::scripts {

Diagnostics lintScripts(const kb::KnowledgeBase& /*kb*/) {
    return {}; // the scripts module fills this in
}

} // namespace sufler::scripts
