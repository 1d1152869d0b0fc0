#pragma once
// libgit2 behind RAII: opening the repository a KB lives in, reading its history, and making
// commits (`sufler review`). Every libgit2 failure becomes a sufler::Error with libgit2's
// message; nothing here returns a raw error code.
#include "sufler/core/error.h"
#include "sufler/kb/model.h"

#include <git2.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sufler::kb::git {

// libgit2's one global init, done once, never shut down (handles freed at exit stay valid).
// Everything here calls it; code calling libgit2 outside a Repository (message parsing) must too.
void ensureInit();

// Throws sufler::Error("<what>: <libgit2 message>") when rc < 0; returns rc otherwise.
int check(int rc, std::string_view what);

// Owns one libgit2 object and frees it with its own function.
template <typename T, void (*Free)(T*)> class Handle {
public:
    Handle() = default;
    explicit Handle(T* raw) : m_raw(raw) {}
    ~Handle() { reset(); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& other) noexcept : m_raw(std::exchange(other.m_raw, nullptr)) {}
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset(std::exchange(other.m_raw, nullptr));
        }
        return *this;
    }

    [[nodiscard]] T* get() const { return m_raw; }
    [[nodiscard]] explicit operator bool() const { return m_raw != nullptr; }
    // For libgit2's `T** out` parameters: frees what is held and hands out the slot.
    [[nodiscard]] T** out() {
        reset();
        return &m_raw;
    }
    void reset(T* raw = nullptr) {
        if (m_raw != nullptr) {
            Free(m_raw);
        }
        m_raw = raw;
    }
    [[nodiscard]] T* release() { return std::exchange(m_raw, nullptr); }

private:
    T* m_raw = nullptr;
};

using Commit = Handle<git_commit, git_commit_free>;
using Tree = Handle<git_tree, git_tree_free>;
using TreeEntry = Handle<git_tree_entry, git_tree_entry_free>;
using Revwalk = Handle<git_revwalk, git_revwalk_free>;
using Diff = Handle<git_diff, git_diff_free>;
using Index = Handle<git_index, git_index_free>;
using Signature = Handle<git_signature, git_signature_free>;
using Reference = Handle<git_reference, git_reference_free>;
using Object = Handle<git_object, git_object_free>;
using Config = Handle<git_config, git_config_free>;

// Someone who authors or commits, with the moment and the time zone of the act.
struct Person {
    std::string name;
    std::string email;
    std::int64_t time = 0; // seconds since the epoch
    int offsetMinutes = 0; // time zone, e.g. +180 for Moscow
};

// `name <email>` signing now (core::now(), so SUFLER_NOW too) in the local time zone.
[[nodiscard]] Person personNow(std::string name, std::string email);
[[nodiscard]] Signature makeSignature(const Person& person);
[[nodiscard]] std::string toHex(const git_oid& id);
[[nodiscard]] git_oid fromHex(std::string_view hex); // throws sufler::Error on bad text

// The calendar date of a moment in a given time zone (a commit's own date).
[[nodiscard]] Date localDate(std::int64_t time, int offsetMinutes);

// id, committer time/zone/date, author, summary of a commit.
[[nodiscard]] CommitInfo describeCommit(git_commit* commit);

class Repository {
public:
    // The repository at exactly `path` (a work tree or a .git folder; bare ones too).
    [[nodiscard]] static Repository open(const std::filesystem::path& path);
    // The repository that contains `start`, searching the parent folders; nullopt when
    // `start` is not inside any repository.
    [[nodiscard]] static std::optional<Repository> discover(const std::filesystem::path& start);
    // A new repository with a work tree at `workdir` (created when missing).
    [[nodiscard]] static Repository init(const std::filesystem::path& workdir);

    Repository(Repository&&) noexcept = default;
    Repository& operator=(Repository&&) noexcept = default;

    [[nodiscard]] git_repository* get() const { return m_repo.get(); }
    [[nodiscard]] bool isBare() const;
    // The work tree (canonical, no trailing '/'); empty for a bare repository.
    [[nodiscard]] std::filesystem::path workdir() const;

    // HEAD's commit; nullopt while HEAD is unborn (no commits yet).
    [[nodiscard]] std::optional<git_oid> headId() const;
    [[nodiscard]] Commit lookupCommit(const git_oid& id) const;
    [[nodiscard]] Commit headCommit() const; // empty Handle while HEAD is unborn

    // Identity from git config (user.name, user.email) at the current time; nullopt when unset.
    [[nodiscard]] std::optional<Person> configuredPerson() const;

    // Stages `paths` (relative to the work tree; a path whose file is gone is removed from the
    // index) and commits on HEAD with the given author and committer. With no paths, commits
    // HEAD's tree again (an empty commit). Returns the new commit's id (hex).
    std::string commit(const std::vector<std::string>& paths, const std::string& message,
                       const Person& author, const Person& committer);

private:
    using RepoHandle = Handle<git_repository, git_repository_free>;
    explicit Repository(RepoHandle repo) : m_repo(std::move(repo)) {}
    RepoHandle m_repo;
};

// For each slug, the last commit in HEAD's first-parent history that changed the folder
// `<departmentsPath>/<slug>` (departmentsPath is relative to the work tree, '/'-separated:
// "departments", or "kb/departments" when the KB is a folder inside the repository).
// One walk from HEAD, newest first, comparing the subtree ids of each commit and its first
// parent; it stops once every slug is found. Slugs never committed are absent from the map.
[[nodiscard]] std::map<std::string, CommitInfo>
lastCommitsPerDepartment(const Repository& repo, const std::string& departmentsPath,
                         const std::vector<std::string>& slugs);

// Paths ('/'-separated, relative to the work tree) that a commit changed against its first
// parent (against the empty tree for a root commit).
[[nodiscard]] std::vector<std::string> changedPaths(const Repository& repo, git_commit* commit);

// The id of the entry `name` directly in `tree`; nullopt when there is none or no tree.
[[nodiscard]] std::optional<git_oid> childId(const git_tree* tree, const std::string& name);

// Every commit a prepared walk yields, in its order; `what` names the failure.
[[nodiscard]] std::vector<git_oid> walkAll(git_revwalk* walk, std::string_view what);

// Commits reachable from `to` but not from `from` (all of them when `from` is nullopt or
// zero), newest first: what a push brings, for a pre-receive hook.
[[nodiscard]] std::vector<git_oid>
commitsBetween(const Repository& repo, const std::optional<git_oid>& from, const git_oid& to);

} // namespace sufler::kb::git
