// The git facts of a KB: for every department, the last commit that touched its folder.
#include "loader_internal.h"

namespace sufler::kb::detail {

void readGitHistory(KnowledgeBase& /*kb*/) {}

} // namespace sufler::kb::detail
