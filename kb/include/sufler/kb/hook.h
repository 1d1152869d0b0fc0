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
// nullopt when none is set, and then each commit's committer e-mail is used.
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

// Decides on a push into the bare repository at `repository`, whose new objects may still sit
// in git's quarantine (GIT_QUARANTINE_PATH, GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES
// are honoured). Rights (`admins` of sufler.yaml, `editors` of each index.md) are read from the
// branch as it stood before the push; a new branch takes them from the default branch; the first
// push into an empty repository is checked by lint only.
[[nodiscard]] PushVerdict checkPush(const std::filesystem::path& repository, const std::vector<RefUpdate>& updates,
                                    const std::optional<Pusher>& pusher, const LintFunction& lint);

// Writes the hook that runs `<program> hook pre-receive` into a bare repository: into
// hooks/pre-receive.d/sufler where that folder exists (Gitea, Forgejo), else hooks/pre-receive.
// Refuses to replace a hook that is not ours unless `force`. Returns the file written.
std::filesystem::path install(const std::filesystem::path& bareRepository, const std::filesystem::path& program,
                              bool force);

} // namespace sufler::kb::hook
