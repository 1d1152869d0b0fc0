// libgit2 fetch + fast-forward, each handle owned by a unique_ptr.
#include "console/git_sync.h"

#include <git2.h>

#include <memory>
#include <mutex>

namespace sufler::console {

namespace {

template <typename T, void (*Free)(T*)> struct Deleter {
    void operator()(T* pointer) const {
        if (pointer)
            Free(pointer);
    }
};
using Repository = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using Reference = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using Remote = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;
using Object = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using AnnotatedCommit =
    std::unique_ptr<git_annotated_commit, Deleter<git_annotated_commit, git_annotated_commit_free>>;

struct Buffer {
    git_buf buf = GIT_BUF_INIT;
    ~Buffer() { git_buf_dispose(&buf); }
};

void initialiseOnce() {
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

std::string lastError(const char* what) {
    const git_error* error = git_error_last();
    return std::string(what) + ": " + (error && error->message ? error->message : "ошибка libgit2");
}

Repository openRepository(const std::filesystem::path& root) {
    initialiseOnce();
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, root.c_str(), 0, nullptr) != 0)
        return {};
    return Repository(raw);
}

// The current branch and its upstream; both null when there is none.
std::pair<Reference, Reference> headAndUpstream(git_repository* repository) {
    git_reference* head = nullptr;
    if (git_repository_head(&head, repository) != 0)
        return {};
    Reference headRef(head);
    if (!git_reference_is_branch(head))
        return {};
    git_reference* upstream = nullptr;
    if (git_branch_upstream(&upstream, head) != 0)
        return {};
    return {std::move(headRef), Reference(upstream)};
}

} // namespace

bool gitHasRemote(const std::filesystem::path& kbRoot) {
    Repository repository = openRepository(kbRoot);
    if (!repository || git_repository_is_bare(repository.get()))
        return false;
    return headAndUpstream(repository.get()).second != nullptr;
}

GitSyncResult gitFetchFastForward(const std::filesystem::path& kbRoot) {
    Repository repository = openRepository(kbRoot);
    if (!repository)
        return {};
    auto [head, upstream] = headAndUpstream(repository.get());
    if (!head || !upstream)
        return {};

    Buffer remoteName;
    if (git_branch_upstream_remote(&remoteName.buf, repository.get(),
                                   git_reference_name(head.get())) != 0)
        return {false, lastError("git: удалённый репозиторий не найден")};
    git_remote* rawRemote = nullptr;
    if (git_remote_lookup(&rawRemote, repository.get(), remoteName.buf.ptr) != 0)
        return {false, lastError("git: удалённый репозиторий не найден")};
    Remote remote(rawRemote);
    git_fetch_options fetchOptions = GIT_FETCH_OPTIONS_INIT;
    if (git_remote_fetch(remote.get(), nullptr, &fetchOptions, "sufler-app: fetch") != 0)
        return {false, lastError("git fetch не удался")};

    // the upstream reference has moved with the fetch: look it up again
    auto [headAfter, upstreamAfter] = headAndUpstream(repository.get());
    if (!headAfter || !upstreamAfter)
        return {};
    const git_oid* target = git_reference_target(upstreamAfter.get());
    const git_oid* current = git_reference_target(headAfter.get());
    if (!target || (current && git_oid_equal(target, current)))
        return {};

    git_annotated_commit* rawCommit = nullptr;
    if (git_annotated_commit_lookup(&rawCommit, repository.get(), target) != 0)
        return {false, lastError("git: коммит не найден")};
    AnnotatedCommit commit(rawCommit);
    git_merge_analysis_t analysis{};
    git_merge_preference_t preference{};
    const git_annotated_commit* heads[] = {commit.get()};
    if (git_merge_analysis(&analysis, &preference, repository.get(), heads, 1) != 0)
        return {false, lastError("git: анализ слияния не удался")};
    if (analysis & GIT_MERGE_ANALYSIS_UP_TO_DATE)
        return {};
    if (!(analysis & GIT_MERGE_ANALYSIS_FASTFORWARD))
        return {false, "git: локальная ветка разошлась с удалённой, обновление пропущено"};

    git_object* rawTarget = nullptr;
    if (git_object_lookup(&rawTarget, repository.get(), target, GIT_OBJECT_COMMIT) != 0)
        return {false, lastError("git: коммит не найден")};
    Object targetCommit(rawTarget);
    git_checkout_options checkout = GIT_CHECKOUT_OPTIONS_INIT;
    checkout.checkout_strategy = GIT_CHECKOUT_SAFE; // local edits stop the update, never lost
    if (git_checkout_tree(repository.get(), targetCommit.get(), &checkout) != 0)
        return {false, lastError("git: рабочая копия не обновлена")};
    git_reference* moved = nullptr;
    if (git_reference_set_target(&moved, headAfter.get(), target, "sufler-app: fast-forward") != 0)
        return {false, lastError("git: ветка не передвинута")};
    Reference movedRef(moved);

    char shortId[10] = {};
    git_oid_tostr(shortId, sizeof shortId, target);
    return {true, std::string("База знаний обновлена из git до ") + shortId};
}

} // namespace sufler::console
