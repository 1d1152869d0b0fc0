// libgit2 behind RAII (see sufler/kb/git.h).
#include "sufler/kb/git.h"
#include "sufler/core/clock.h"

#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <mutex>
#include <set>

namespace sufler::kb::git {

namespace fs = std::filesystem;

void ensureInit() {
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

namespace {

std::string lastMessage() {
    const git_error* error = git_error_last();
    return error != nullptr && error->message != nullptr ? error->message : "неизвестная ошибка";
}

} // namespace

int check(int rc, std::string_view what) {
    if (rc < 0) {
        throw Error(fmt::format("{}: {}", what, lastMessage()));
    }
    return rc;
}

Person personNow(std::string name, std::string email) {
    const std::time_t now = std::chrono::system_clock::to_time_t(core::now());
    std::tm local{};
    localtime_r(&now, &local);
    return Person{std::move(name), std::move(email), static_cast<std::int64_t>(now),
                  static_cast<int>(local.tm_gmtoff / 60)};
}

Signature makeSignature(const Person& person) {
    ensureInit();
    Signature sig;
    check(git_signature_new(sig.out(), person.name.c_str(), person.email.c_str(),
                            static_cast<git_time_t>(person.time), person.offsetMinutes),
          "git: неверная подпись коммита");
    return sig;
}

std::string toHex(const git_oid& id) {
    char buffer[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(buffer, sizeof buffer, &id);
    return buffer;
}

git_oid fromHex(std::string_view hex) {
    git_oid id;
    if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&id, hex.data(), hex.size()) < 0) {
        throw Error(fmt::format("git: «{}» — не идентификатор коммита", hex));
    }
    return id;
}

Date localDate(std::int64_t time, int offsetMinutes) {
    const std::int64_t local = time + static_cast<std::int64_t>(offsetMinutes) * 60;
    // Floor division, so that moments before 1970 fall on the right day too.
    std::int64_t days = local / 86400;
    if (local % 86400 < 0) {
        --days;
    }
    return Date{std::chrono::sys_days{std::chrono::days{days}}};
}

CommitInfo describeCommit(git_commit* commit) {
    CommitInfo info;
    info.id = toHex(*git_commit_id(commit));
    const git_signature* committer = git_commit_committer(commit);
    const git_signature* author = git_commit_author(commit);
    info.time = static_cast<std::int64_t>(committer->when.time);
    info.offsetMinutes = committer->when.offset;
    info.date = localDate(info.time, info.offsetMinutes);
    info.authorName = author->name != nullptr ? author->name : "";
    info.authorEmail = author->email != nullptr ? author->email : "";
    const char* summary = git_commit_summary(commit);
    info.summary = summary != nullptr ? summary : "";
    return info;
}

Repository Repository::open(const fs::path& path) {
    ensureInit();
    RepoHandle repo;
    check(git_repository_open_ext(repo.out(), path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr),
          fmt::format("git: не удалось открыть репозиторий {}", path.string()));
    return Repository(std::move(repo));
}

std::optional<Repository> Repository::discover(const fs::path& start) {
    ensureInit();
    RepoHandle repo;
    const int rc = git_repository_open_ext(repo.out(), start.c_str(), 0, nullptr);
    if (rc == GIT_ENOTFOUND) {
        return std::nullopt;
    }
    check(rc, fmt::format("git: не удалось открыть репозиторий для {}", start.string()));
    return Repository(std::move(repo));
}

Repository Repository::init(const fs::path& workdir) {
    ensureInit();
    std::error_code ec;
    fs::create_directories(workdir, ec);
    RepoHandle repo;
    check(git_repository_init(repo.out(), workdir.c_str(), 0),
          fmt::format("git: не удалось создать репозиторий {}", workdir.string()));
    return Repository(std::move(repo));
}

bool Repository::isBare() const {
    return git_repository_is_bare(m_repo.get()) == 1;
}

fs::path Repository::workdir() const {
    const char* dir = git_repository_workdir(m_repo.get());
    if (dir == nullptr) {
        return {};
    }
    std::error_code ec;
    fs::path path = fs::weakly_canonical(fs::path(dir), ec);
    if (ec) {
        path = dir;
    }
    if (!path.has_filename()) {
        path = path.parent_path();
    }
    return path;
}

std::optional<git_oid> Repository::headId() const {
    git_oid id;
    const int rc = git_reference_name_to_id(&id, m_repo.get(), "HEAD");
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
        return std::nullopt;
    }
    check(rc, "git: не удалось прочитать HEAD");
    return id;
}

Commit Repository::lookupCommit(const git_oid& id) const {
    Commit commit;
    check(git_commit_lookup(commit.out(), m_repo.get(), &id),
          fmt::format("git: нет коммита {}", toHex(id)));
    return commit;
}

Commit Repository::headCommit() const {
    auto id = headId();
    return id ? lookupCommit(*id) : Commit{};
}

std::optional<Person> Repository::configuredPerson() const {
    Signature sig;
    if (git_signature_default(sig.out(), m_repo.get()) < 0) {
        return std::nullopt;
    }
    return Person{sig.get()->name, sig.get()->email,
                  static_cast<std::int64_t>(sig.get()->when.time), sig.get()->when.offset};
}

std::string Repository::commit(const std::vector<std::string>& paths, const std::string& message,
                               const Person& author, const Person& committer) {
    Index index;
    check(git_repository_index(index.out(), m_repo.get()), "git: не удалось открыть индекс");
    const fs::path root = workdir();
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::exists(root / path, ec)) {
            check(git_index_add_bypath(index.get(), path.c_str()),
                  fmt::format("git: не удалось добавить {}", path));
        } else {
            check(git_index_remove_bypath(index.get(), path.c_str()),
                  fmt::format("git: не удалось убрать {}", path));
        }
    }
    check(git_index_write(index.get()), "git: не удалось записать индекс");
    git_oid treeId;
    check(git_index_write_tree(&treeId, index.get()), "git: не удалось записать дерево");
    Tree tree;
    check(git_tree_lookup(tree.out(), m_repo.get(), &treeId), "git: нет дерева");

    Commit parent = headCommit();
    const git_commit* parents[] = {parent.get()};
    Signature authorSig = makeSignature(author);
    Signature committerSig = makeSignature(committer);
    git_oid id;
    check(git_commit_create(&id, m_repo.get(), "HEAD", authorSig.get(), committerSig.get(), "UTF-8",
                            message.c_str(), tree.get(), parent ? 1 : 0,
                            parent ? parents : nullptr),
          "git: не удалось создать коммит");
    return toHex(id);
}

namespace {

// The id of the tree at `path` inside a commit's tree; nullopt when there is none.
std::optional<git_oid> subtreeId(git_commit* commit, const std::string& path) {
    Tree tree;
    check(git_commit_tree(tree.out(), commit), "git: не удалось прочитать дерево коммита");
    if (path.empty()) {
        return *git_tree_id(tree.get());
    }
    TreeEntry entry;
    const int rc = git_tree_entry_bypath(entry.out(), tree.get(), path.c_str());
    if (rc == GIT_ENOTFOUND) {
        return std::nullopt;
    }
    check(rc, "git: не удалось прочитать дерево коммита");
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
        return std::nullopt;
    }
    return *git_tree_entry_id(entry.get());
}

bool sameId(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
    if (a.has_value() != b.has_value()) {
        return false;
    }
    return !a || git_oid_equal(&*a, &*b) == 1;
}

Tree lookupTree(git_repository* repo, const std::optional<git_oid>& id) {
    Tree tree;
    if (id) {
        check(git_tree_lookup(tree.out(), repo, &*id), "git: не удалось прочитать дерево");
    }
    return tree;
}

} // namespace

std::map<std::string, CommitInfo> lastCommitsPerDepartment(const Repository& repo,
                                                           const std::string& departmentsPath,
                                                           const std::vector<std::string>& slugs) {
    std::map<std::string, CommitInfo> found;
    std::set<std::string> pending(slugs.begin(), slugs.end());
    const auto head = repo.headId();
    if (!head || pending.empty()) {
        return found;
    }
    git_repository* raw = repo.get();
    Revwalk walk;
    check(git_revwalk_new(walk.out(), raw), "git: не удалось начать обход истории");
    check(git_revwalk_push(walk.get(), &*head), "git: не удалось начать обход истории");
    // The first-parent line is the history of the branch itself: a merge counts on the day it
    // landed, and a single parent lookup per commit suffices.
    check(git_revwalk_simplify_first_parent(walk.get()), "git: не удалось начать обход истории");

    // The parent's subtree id is computed once and reused when the parent's turn comes.
    std::optional<git_oid> cachedCommit;
    std::optional<git_oid> cachedSubtree;

    git_oid id;
    int rc = 0;
    while ((rc = git_revwalk_next(&id, walk.get())) == 0) {
        Commit commit = repo.lookupCommit(id);
        std::optional<git_oid> current;
        if (cachedCommit && git_oid_equal(&*cachedCommit, &id) == 1) {
            current = cachedSubtree;
        } else {
            current = subtreeId(commit.get(), departmentsPath);
        }
        std::optional<git_oid> parentSubtree;
        if (git_commit_parentcount(commit.get()) > 0) {
            const git_oid* parentId = git_commit_parent_id(commit.get(), 0);
            Commit parent = repo.lookupCommit(*parentId);
            parentSubtree = subtreeId(parent.get(), departmentsPath);
            cachedCommit = *parentId;
            cachedSubtree = parentSubtree;
        }
        if (sameId(current, parentSubtree)) {
            continue;
        }
        Tree currentTree = lookupTree(raw, current);
        Tree parentTree = lookupTree(raw, parentSubtree);
        for (auto it = pending.begin(); it != pending.end();) {
            if (!sameId(childId(currentTree.get(), *it), childId(parentTree.get(), *it))) {
                found.emplace(*it, describeCommit(commit.get()));
                it = pending.erase(it);
            } else {
                ++it;
            }
        }
        if (pending.empty()) {
            break;
        }
    }
    if (rc != 0 && rc != GIT_ITEROVER) {
        check(rc, "git: ошибка при обходе истории");
    }
    return found;
}

std::vector<std::string> changedPaths(const Repository& repo, git_commit* commit) {
    Tree tree;
    check(git_commit_tree(tree.out(), commit), "git: не удалось прочитать дерево коммита");
    Tree parentTree;
    if (git_commit_parentcount(commit) > 0) {
        Commit parent;
        check(git_commit_parent(parent.out(), commit, 0), "git: нет родительского коммита");
        check(git_commit_tree(parentTree.out(), parent.get()),
              "git: не удалось прочитать дерево коммита");
    }
    Diff diff;
    check(git_diff_tree_to_tree(diff.out(), repo.get(), parentTree.get(), tree.get(), nullptr),
          "git: не удалось сравнить деревья");
    std::vector<std::string> paths;
    const std::size_t n = git_diff_num_deltas(diff.get());
    for (std::size_t i = 0; i < n; ++i) {
        const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
        const char* path =
            delta->new_file.path != nullptr ? delta->new_file.path : delta->old_file.path;
        if (path != nullptr) {
            paths.emplace_back(path);
        }
        if (delta->old_file.path != nullptr && delta->new_file.path != nullptr &&
            std::string_view(delta->old_file.path) != delta->new_file.path) {
            paths.emplace_back(delta->old_file.path);
        }
    }
    return paths;
}

std::vector<git_oid> walkAll(git_revwalk* walk, std::string_view what) {
    std::vector<git_oid> out;
    git_oid id;
    int rc = 0;
    while ((rc = git_revwalk_next(&id, walk)) == 0) {
        out.push_back(id);
    }
    if (rc != GIT_ITEROVER) {
        check(rc, what);
    }
    return out;
}

std::vector<git_oid> commitsBetween(const Repository& repo, const std::optional<git_oid>& from,
                                    const git_oid& to) {
    Revwalk walk;
    check(git_revwalk_new(walk.out(), repo.get()), "git: не удалось начать обход истории");
    check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME),
          "git: не удалось начать обход истории");
    check(git_revwalk_push(walk.get(), &to), "git: не удалось начать обход истории");
    if (from && !git_oid_is_zero(&*from)) {
        check(git_revwalk_hide(walk.get(), &*from), "git: не удалось начать обход истории");
    }
    return walkAll(walk.get(), "git: ошибка при обходе истории");
}

std::optional<git_oid> childId(const git_tree* tree, const std::string& name) {
    if (tree == nullptr) {
        return std::nullopt;
    }
    const git_tree_entry* entry = git_tree_entry_byname(tree, name.c_str());
    if (entry == nullptr) {
        return std::nullopt;
    }
    return *git_tree_entry_id(entry);
}

} // namespace sufler::kb::git
