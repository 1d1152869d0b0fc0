#pragma once
// The server-side pre-receive hook of the KB's central bare repository: who may change which
// section, and no push that leaves the KB with lint errors.
#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace sufler::kb::hook {

// One line of pre-receive's standard input: `<old> <new> <ref>`.
struct RefUpdate {
    std::string oldId; // 40 zeros when the ref is created
    std::string newId; // 40 zeros when the ref is deleted
    std::string ref;
};

// Throws sufler::Error on a malformed line.
[[nodiscard]] std::vector<RefUpdate> parseRefUpdates(std::istream& in);

// The identity the git server vouches for, and the variable it came from.
struct Pusher {
    std::string identity; // an e-mail (Gitea/Forgejo) or a login (GitLab)
    std::string source;   // "GITEA_PUSHER_EMAIL", "GL_USERNAME", "SUFLER_PUSHER"
};

// SUFLER_PUSHER, then GITEA_PUSHER_EMAIL (Gitea and Forgejo), then GL_USERNAME (GitLab);
// nullopt when none is set: then the push is refused, unless the policy trusts committers.
[[nodiscard]] std::optional<Pusher> pusherFromEnvironment();

struct LintResult {
    bool passed = true;
    std::string output; // `path:line: error: …` lines, as `sufler lint` prints them
};
// Checks a KB materialised in a folder.
using LintFunction = std::function<LintResult(const std::filesystem::path& root)>;

struct PushVerdict {
    bool accepted = true;
    std::vector<std::string> messages; // Russian; each names the file, the department and the rule
};

struct PushPolicy {
    // Judge each commit by its committer's e-mail when the server names no pusher. Anyone can
    // write any e-mail into a commit: only for a server that cannot name the pusher, by choice.
    bool trustCommitter = false;
};

// Decides on a push into the bare repository at `repository`, whose new objects may still sit
// in git's quarantine (GIT_QUARANTINE_PATH, GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES
// are honoured). Rights (`admins` of sufler.yaml, `editors` of each index.md) are read from the
// branch as it stood before the push; a new branch takes them from the default branch; the first
// push into an empty repository is checked by lint only.
//
// What is judged (docs/staleness.md says it for administrators):
// - every tree a push brings holds only regular files and folders with names a KB may have
//   (kb/paths.h), none larger than the loader reads; a refused tree is never written to disk;
// - every new commit's own change, and the update as a whole (old → new of the ref; for a new
//   branch, against the default branch; for a draft branch, only what differs from the default
//   branch too), against the rights of the default branch before the push — so merges of old
//   commits or of another department's branch are caught;
// - the default branch is never deleted and only administrators rewrite its history;
// - branches leave the KB without lint errors.
[[nodiscard]] PushVerdict checkPush(const std::filesystem::path& repository,
                                    const std::vector<RefUpdate>& updates,
                                    const std::optional<Pusher>& pusher, const LintFunction& lint,
                                    const PushPolicy& policy = {});

// Writes the hook that runs `<program> hook pre-receive` into a bare repository: into
// hooks/pre-receive.d/sufler where that folder exists (Gitea, Forgejo), else hooks/pre-receive.
// Refuses to replace a hook that is not ours unless `force`. Also sets receive.fsckObjects, so
// that git itself refuses malformed objects (".." or ".git" entries) before the hook runs.
// `policy` is written into the hook's command line. Returns the file written.
std::filesystem::path install(const std::filesystem::path& bareRepository,
                              const std::filesystem::path& program, bool force,
                              const PushPolicy& policy = {});

} // namespace sufler::kb::hook
