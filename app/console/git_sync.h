#pragma once
// Keeping a KB clone current while the console runs: fetch the branch's upstream and
// fast-forward the working tree when nothing local stands in the way. Runs on the worker.
#include <filesystem>
#include <string>

namespace sufler::console {

struct GitSyncResult {
    bool updated = false; // the working tree moved to a new commit
    std::string message;  // for the status line; empty when nothing happened
};

// True when the KB lies in a git work tree whose current branch has an upstream.
[[nodiscard]] bool gitHasRemote(const std::filesystem::path& kbRoot);

// Fetches the upstream's remote and fast-forwards; never throws.
[[nodiscard]] GitSyncResult gitFetchFastForward(const std::filesystem::path& kbRoot);

} // namespace sufler::console
