// Fetch + fast-forward of a KB clone through the git wrapper's handles.
#include "sufler/kb/git_sync.h"

#include "sufler/kb/git.h"

#include <fmt/format.h>
#include <optional>

namespace sufler::kb::git {

namespace {

using Remote = Handle<git_remote, git_remote_free>;
using AnnotatedCommit = Handle<git_annotated_commit, git_annotated_commit_free>;

struct Buffer {
    git_buf buf = GIT_BUF_INIT;
    ~Buffer() { git_buf_dispose(&buf); }
    Buffer() = default;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
};

// The current branch and its upstream; nullopt when HEAD is detached or has no upstream.
struct Branches {
    Reference head;
    Reference upstream;
};
std::optional<Branches> headAndUpstream(git_repository* repository) {
    Branches branches;
    if (git_repository_head(branches.head.out(), repository) != 0 ||
        !git_reference_is_branch(branches.head.get()) ||
        git_branch_upstream(branches.upstream.out(), branches.head.get()) != 0) {
        return std::nullopt;
    }
    return branches;
}

std::optional<Repository> openWorkTree(const std::filesystem::path& root) {
    try {
        auto repository = Repository::discover(root);
        if (!repository || repository->isBare()) {
            return std::nullopt;
        }
        return repository;
    } catch (const Error&) {
        return std::nullopt;
    }
}

} // namespace

bool hasUpstream(const std::filesystem::path& kbRoot) {
    auto repository = openWorkTree(kbRoot);
    return repository && headAndUpstream(repository->get()).has_value();
}

SyncResult fetchFastForward(const std::filesystem::path& kbRoot) {
    auto repository = openWorkTree(kbRoot);
    if (!repository) {
        return {};
    }
    git_repository* repo = repository->get();
    try {
        auto branches = headAndUpstream(repo);
        if (!branches) {
            return {};
        }
        Buffer remoteName;
        check(git_branch_upstream_remote(&remoteName.buf, repo,
                                         git_reference_name(branches->head.get())),
              "git: удалённый репозиторий не найден");
        Remote remote;
        check(git_remote_lookup(remote.out(), repo, remoteName.buf.ptr),
              "git: удалённый репозиторий не найден");
        git_fetch_options fetchOptions = GIT_FETCH_OPTIONS_INIT;
        check(git_remote_fetch(remote.get(), nullptr, &fetchOptions, "sufler-app: fetch"),
              "git fetch не удался");

        // The upstream reference has moved with the fetch: look it up again.
        auto after = headAndUpstream(repo);
        if (!after) {
            return {};
        }
        const git_oid* target = git_reference_target(after->upstream.get());
        const git_oid* current = git_reference_target(after->head.get());
        if (target == nullptr || (current != nullptr && git_oid_equal(target, current))) {
            return {};
        }
        AnnotatedCommit commit;
        check(git_annotated_commit_lookup(commit.out(), repo, target), "git: коммит не найден");
        git_merge_analysis_t analysis{};
        git_merge_preference_t preference{};
        const git_annotated_commit* heads[] = {commit.get()};
        check(git_merge_analysis(&analysis, &preference, repo, heads, 1),
              "git: анализ слияния не удался");
        if ((analysis & GIT_MERGE_ANALYSIS_UP_TO_DATE) != 0) {
            return {};
        }
        if ((analysis & GIT_MERGE_ANALYSIS_FASTFORWARD) == 0) {
            return {false, "git: локальная ветка разошлась с удалённой, обновление пропущено"};
        }
        Object targetCommit;
        check(git_object_lookup(targetCommit.out(), repo, target, GIT_OBJECT_COMMIT),
              "git: коммит не найден");
        git_checkout_options checkout = GIT_CHECKOUT_OPTIONS_INIT;
        checkout.checkout_strategy = GIT_CHECKOUT_SAFE; // local edits stop the update, never lost
        check(git_checkout_tree(repo, targetCommit.get(), &checkout),
              "git: рабочая копия не обновлена");
        Reference moved;
        check(git_reference_set_target(moved.out(), after->head.get(), target,
                                       "sufler-app: fast-forward"),
              "git: ветка не передвинута");
        return {true,
                fmt::format("База знаний обновлена из git до {}", toHex(*target).substr(0, 9))};
    } catch (const Error& error) {
        return {false, error.what()};
    }
}

} // namespace sufler::kb::git
