#pragma once
// Keeping a KB clone current: fetch the current branch's upstream and fast-forward the working
// tree when nothing local stands in the way. The console runs it on its worker, on a timer.
#include <filesystem>
#include <string>

namespace sufler::kb::git {

struct SyncResult {
    bool updated = false; // the working tree moved to a new commit
    std::string message;  // for the status line, in Russian; empty when nothing happened
};

// True when the KB lies in a git work tree whose current branch has an upstream.
[[nodiscard]] bool hasUpstream(const std::filesystem::path& kbRoot);

// Fetches the upstream's remote and fast-forwards. Local edits stop the update and are never
// lost; a branch that has diverged is left alone. Never throws: failures are the message.
[[nodiscard]] SyncResult fetchFastForward(const std::filesystem::path& kbRoot);

} // namespace sufler::kb::git
