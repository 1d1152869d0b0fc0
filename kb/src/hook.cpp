// The pre-receive hook: ownership of sections by department and lint of what a push leaves.
#include "sufler/kb/hook.h"

#include "hook_tree.h"
#include "sufler/core/error.h"
#include "sufler/core/temp_folder.h"
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/paths.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace sufler::kb::hook {

namespace fs = std::filesystem;

namespace {

using detail::asciiLower;
using detail::materialise;
using detail::TreeChecker;
using Odb = git::Handle<git_odb, git_odb_free>;

constexpr std::string_view kZeroId = "0000000000000000000000000000000000000000";
// The comment every hook we write carries, so that reinstalling replaces our own hook only.
constexpr std::string_view kMarker = "Установлено командой `sufler hook install`";
constexpr size_t kMaxMessages = 20;

// A folder of its own for checking a push, removed with its contents.
struct TempFolder : core::TempFolder {
    TempFolder() : core::TempFolder("sufler-hook", "для проверки отправки") {}
};

// «Имя <e-mail>» and plain «e-mail» compare by the address, case-insensitively.
std::string normalIdentity(std::string_view text) {
    auto open = text.find('<');
    auto close = text.rfind('>');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
        text = text.substr(open + 1, close - open - 1);
    }
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return asciiLower(text);
}

bool listed(const std::vector<std::string>& people, const std::string& identity) {
    const std::string wanted = normalIdentity(identity);
    return !wanted.empty() && std::any_of(people.begin(), people.end(), [&](const std::string& p) {
        return normalIdentity(p) == wanted;
    });
}

std::string shortId(const git_oid& id) {
    return git::toHex(id).substr(0, 7);
}

// Objects of a push wait in git's quarantine until the hook accepts it; libgit2 must see them.
void addQuarantine(git_repository* repo, const fs::path& repository) {
    std::vector<std::string> dirs;
    for (const char* name : {"GIT_QUARANTINE_PATH", "GIT_OBJECT_DIRECTORY"}) {
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
            dirs.emplace_back(value);
        }
    }
    if (const char* value = std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"); value != nullptr) {
        std::stringstream list(value);
        std::string item;
        while (std::getline(list, item, ':')) {
            if (!item.empty()) {
                dirs.push_back(item);
            }
        }
    }
    if (dirs.empty()) {
        return;
    }
    Odb odb;
    git::check(git_repository_odb(odb.out(), repo), "git: не удалось открыть базу объектов");
    std::set<fs::path> seen;
    for (const auto& dir : dirs) {
        fs::path path = fs::path(dir).is_absolute() ? fs::path(dir) : repository / dir;
        std::error_code ec;
        path = fs::weakly_canonical(path, ec);
        if (!fs::is_directory(path, ec) || !seen.insert(path).second) {
            continue;
        }
        git::check(git_odb_add_disk_alternate(odb.get(), path.c_str()),
                   fmt::format("git: не удалось подключить объекты из {}", path.string()));
    }
}

std::vector<std::string> referenceNames(git_repository* repo) {
    git_strarray names{};
    git::check(git_reference_list(&names, repo), "git: не удалось прочитать ссылки");
    std::vector<std::string> result(names.strings, names.strings + names.count);
    git_strarray_dispose(&names);
    std::sort(result.begin(), result.end());
    return result;
}

// The commit a ref points to, through annotated tags; nullopt for refs to other objects.
std::optional<git_oid> refCommit(git_repository* repo, const std::string& name) {
    git_oid id;
    if (git_reference_name_to_id(&id, repo, name.c_str()) < 0) {
        return std::nullopt;
    }
    git::Object object;
    git::Object peeled;
    if (git_object_lookup(object.out(), repo, &id, GIT_OBJECT_ANY) < 0 ||
        git_object_peel(peeled.out(), object.get(), GIT_OBJECT_COMMIT) < 0) {
        return std::nullopt;
    }
    return *git_object_id(peeled.get());
}

// The commits a push brings: reachable from `to`, not from any ref the repository has now.
std::vector<git_oid> newCommits(git_repository* repo, const git_oid& to,
                                const std::vector<std::string>& refs) {
    git::Revwalk walk;
    git::check(git_revwalk_new(walk.out(), repo), "git: не удалось начать обход истории");
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    git::check(git_revwalk_push(walk.get(), &to),
               fmt::format("git: нет коммита {}", git::toHex(to)));
    for (const auto& name : refs) {
        if (auto id = refCommit(repo, name)) {
            git::check(git_revwalk_hide(walk.get(), &*id), "git: не удалось обойти историю");
        }
    }
    return git::walkAll(walk.get(), "git: не удалось обойти историю");
}

std::set<std::string> diffPaths(git_repository* repo, git_tree* from, git_tree* to) {
    git::Diff diff;
    git::check(git_diff_tree_to_tree(diff.out(), repo, from, to, nullptr),
               "git: не удалось сравнить деревья");
    std::set<std::string> paths;
    const size_t count = git_diff_num_deltas(diff.get());
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
        if (delta->old_file.path != nullptr) {
            paths.insert(delta->old_file.path);
        }
        if (delta->new_file.path != nullptr) {
            paths.insert(delta->new_file.path);
        }
    }
    return paths;
}

// What a commit itself changed: against its parent; for a merge, only what differs from every
// parent (the merge's own resolution), since the merged commits are judged on their own.
std::set<std::string> commitChanges(git_repository* repo, git_commit* commit) {
    git::Tree tree;
    git::check(git_commit_tree(tree.out(), commit), "git: не удалось прочитать дерево коммита");
    const unsigned parents = git_commit_parentcount(commit);
    if (parents == 0) {
        return diffPaths(repo, nullptr, tree.get());
    }
    std::optional<std::set<std::string>> common;
    for (unsigned i = 0; i < parents; ++i) {
        git::Commit parent;
        git::check(git_commit_parent(parent.out(), commit, i),
                   "git: не удалось прочитать родителя коммита");
        git::Tree parentTree;
        git::check(git_commit_tree(parentTree.out(), parent.get()),
                   "git: не удалось прочитать дерево коммита");
        auto paths = diffPaths(repo, parentTree.get(), tree.get());
        if (!common) {
            common = std::move(paths);
        } else {
            std::set<std::string> both;
            std::set_intersection(common->begin(), common->end(), paths.begin(), paths.end(),
                                  std::inserter(both, both.begin()));
            common = std::move(both);
        }
    }
    return *common;
}

// Who may change what, as a commit's tree says.
struct Rights {
    std::vector<std::string> admins;
    std::map<std::string, std::vector<std::string>> editors; // by department slug
    std::map<std::string, std::string> titles;
};

bool isRightsFile(const std::string& path) {
    if (path == "sufler.yaml") {
        return true;
    }
    // departments/<slug>/index.md
    if (path.rfind("departments/", 0) != 0) {
        return false;
    }
    auto slash = path.find('/', 12);
    return slash != std::string::npos && path.substr(slash) == "/index.md";
}

Rights readRights(git_repository* repo, const git_oid& commitId) {
    TempFolder folder;
    materialise(repo, commitId, folder.path(), isRightsFile);
    LoadOptions options;
    options.withGit = false;
    KnowledgeBase kb = load(folder.path(), options);
    Rights rights;
    rights.admins = kb.profile.admins;
    for (const auto& department : kb.departments) {
        rights.editors[department.slug] = department.editors;
        rights.titles[department.slug] = department.title;
    }
    return rights;
}

// The branch whose rights judge a new ref: where HEAD points, else main, master, any branch.
std::optional<git_oid> defaultBranchCommit(git_repository* repo,
                                           const std::vector<std::string>& refs) {
    git_oid id;
    if (git_reference_name_to_id(&id, repo, "HEAD") == 0) {
        return id;
    }
    for (const char* name : {"refs/heads/main", "refs/heads/master"}) {
        if (auto commit = refCommit(repo, name)) {
            return commit;
        }
    }
    for (const auto& name : refs) {
        if (name.rfind("refs/heads/", 0) == 0) {
            if (auto commit = refCommit(repo, name)) {
                return commit;
            }
        }
    }
    return std::nullopt;
}

std::string departmentOf(const std::string& path) {
    if (path.rfind("departments/", 0) != 0) {
        return {};
    }
    auto slash = path.find('/', 12);
    return slash == std::string::npos ? std::string() : path.substr(12, slash - 12);
}

std::string describeList(const std::vector<std::string>& files) {
    std::string text;
    for (size_t i = 0; i < files.size() && i < 3; ++i) {
        text += (i == 0 ? "" : ", ") + files[i];
    }
    if (files.size() > 3) {
        text += fmt::format(" и ещё {}", files.size() - 3);
    }
    return text;
}

// The branch every department's rights are read from, and that nobody rewinds: where the bare
// repository's HEAD points (refs/heads/main when HEAD says nothing).
std::string defaultBranchName(git_repository* repo) {
    git::Reference head;
    if (git_reference_lookup(head.out(), repo, "HEAD") == 0 &&
        git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC) {
        return git_reference_symbolic_target(head.get());
    }
    return "refs/heads/main";
}

std::string departmentText(const Rights& rights, const std::string& slug) {
    if (slug.empty()) {
        return "вне разделов отделов";
    }
    auto title = rights.titles.find(slug);
    return title != rights.titles.end() && !title->second.empty()
               ? fmt::format("раздел отдела {} («{}»)", slug, title->second)
               : fmt::format("раздел отдела {}", slug);
}

std::string commitText(git_repository* repo, const git_oid& id) {
    git::Commit commit;
    if (git_commit_lookup(commit.out(), repo, &id) < 0) {
        return fmt::format("коммит {}", shortId(id));
    }
    const char* summary = git_commit_summary(commit.get());
    return fmt::format("коммит {} «{}»", shortId(id), summary ? summary : "");
}

// The identity a change is judged by, and where it came from.
struct Actor {
    std::string who;
    std::string source;
};

struct Judge {
    git_repository* repo;
    const std::optional<Pusher>& pusher;
    bool trustCommitter = false;
    TreeChecker trees;
    PushVerdict verdict;
    size_t refused = 0;
    std::map<std::string, Rights> rightsCache; // by commit id

    void refuse(std::string message) {
        verdict.accepted = false;
        if (++refused <= kMaxMessages) {
            verdict.messages.push_back(std::move(message));
        }
    }

    const Rights& rightsAt(const git_oid& id) {
        const std::string key = git::toHex(id);
        auto found = rightsCache.find(key);
        if (found == rightsCache.end()) {
            found = rightsCache.emplace(key, readRights(repo, id)).first;
        }
        return found->second;
    }

    // Who answers for a commit: the pusher the server names; with --trust-committer, the commit's
    // committer; nobody when neither is known (then every rule that needs rights refuses).
    [[nodiscard]] std::optional<Actor> actorFor(const std::optional<git_oid>& commitId) const {
        if (pusher) {
            return Actor{pusher->identity, pusher->source};
        }
        if (!trustCommitter || !commitId) {
            return std::nullopt;
        }
        git::Commit commit;
        if (git_commit_lookup(commit.out(), repo, &*commitId) < 0) {
            return std::nullopt;
        }
        const git_signature* committer = git_commit_committer(commit.get());
        return Actor{committer->email != nullptr ? committer->email : "",
                     "e-mail коммиттера (--trust-committer)"};
    }

    [[nodiscard]] static bool isAdmin(const Rights& rights, const std::optional<Actor>& actor) {
        return actor && listed(rights.admins, actor->who);
    }

    // Refuses the paths of `paths` that `actor` may not change under `rights`, grouped by
    // department. Returns the paths refused.
    std::set<std::string> judgePaths(const std::string& what, const RefUpdate& update,
                                     const std::set<std::string>& paths, const Rights& rights,
                                     const std::optional<Actor>& actor,
                                     const std::string& rightsName) {
        std::set<std::string> refusedPaths;
        if (paths.empty() || isAdmin(rights, actor)) {
            return refusedPaths;
        }
        std::map<std::string, std::vector<std::string>> denied;
        for (const auto& path : paths) {
            std::string slug = departmentOf(path);
            auto editors = rights.editors.find(slug);
            if (actor && !slug.empty() && editors != rights.editors.end() &&
                listed(editors->second, actor->who)) {
                continue;
            }
            denied[slug].push_back(path);
            refusedPaths.insert(path);
        }
        const std::string whoText = actor ? fmt::format("{} ({})", actor->who, actor->source)
                                          : std::string("отправитель неизвестен");
        for (const auto& [slug, files] : denied) {
            if (slug.empty()) {
                refuse(fmt::format(
                    "отклонено: {} в {} меняет {} — это вне разделов отделов (departments/).\n"
                    "  Правило: вне departments/ изменения вносят только администраторы "
                    "(admins в sufler.yaml).\n"
                    "  {} не администратор; права взяты из {} до этой отправки.",
                    what, update.ref, describeList(files), whoText, rightsName));
                continue;
            }
            const bool known = rights.titles.count(slug) != 0;
            std::string reason =
                known ? fmt::format("{} не указан в editors отдела (departments/{}/index.md)",
                                    whoText, slug)
                      : fmt::format("раздела {} до этой отправки не было — новый раздел заводит "
                                    "администратор; {} не администратор",
                                    slug, whoText);
            refuse(fmt::format(
                "отклонено: {} в {} меняет {} — {}.\n"
                "  Правило: раздел меняют только редакторы отдела (editors в его index.md) и "
                "администраторы (admins в sufler.yaml).\n"
                "  {}; права взяты из {} до этой отправки.",
                what, update.ref, describeList(files), departmentText(rights, slug), reason,
                rightsName));
        }
        return refusedPaths;
    }

    // Names, kinds and sizes of every tree the new commits bring. False when any is refused.
    bool checkTrees(const RefUpdate& update, const std::vector<git_oid>& commits,
                    const Rights& rights) {
        bool clean = true;
        for (const auto& id : commits) {
            for (const auto& problem : trees.check(id)) {
                clean = false;
                refuse(fmt::format(
                    "отклонено: {} в {}: {} ({}) — {}.\n"
                    "  Правило: в базе знаний только обычные файлы и папки с именами, которые "
                    "примут индекс поиска, git и Windows.",
                    commitText(repo, id), update.ref, problem.path,
                    departmentText(rights, departmentOf(problem.path)), problem.rule));
            }
        }
        return clean;
    }

    void checkLint(const RefUpdate& update, const git_oid& newId, const LintFunction& lint) {
        TempFolder folder;
        materialise(repo, newId, folder.path(), {});
        LintResult result = lint(folder.path());
        if (result.passed) {
            return;
        }
        // Only the errors: warnings do not block a push.
        std::string lines;
        std::istringstream output(result.output);
        std::string line;
        size_t shown = 0;
        size_t total = 0;
        std::set<std::string> departments; // whose sections the errors are in, to name them
        while (std::getline(output, line)) {
            if (line.find(": error: ") == std::string::npos &&
                line.find("ошибка") == std::string::npos) {
                continue;
            }
            if (std::string slug = departmentOf(line.substr(0, line.find(':'))); !slug.empty()) {
                departments.insert(slug);
            }
            if (++total <= 15) {
                lines += "\n  " + line;
                ++shown;
            }
        }
        if (total > shown) {
            lines += fmt::format("\n  … и ещё {} ошибок", total - shown);
        }
        if (total == 0 && !result.output.empty()) {
            lines += "\n  " + result.output;
        }
        if (!departments.empty()) {
            std::string names;
            for (const auto& slug : departments) {
                names += (names.empty() ? "" : ", ") + slug;
            }
            lines += fmt::format("\n  Ошибки в разделах отделов: {}.", names);
        }
        refuse(fmt::format(
            "отклонено: после этой отправки база знаний в {} (коммит {}) содержит ошибки sufler "
            "lint.\n"
            "  Правило: в центральный репозиторий принимается только база знаний без ошибок; "
            "исправьте их и отправьте снова.{}",
            update.ref, shortId(newId), lines));
    }
};

std::set<std::string> commitTreeDiff(git_repository* repo, const std::optional<git_oid>& from,
                                     const git_oid& to) {
    auto treeOf = [&](const git_oid& id) {
        git::Commit commit;
        git::check(git_commit_lookup(commit.out(), repo, &id), "git: нет коммита");
        git::Tree tree;
        git::check(git_commit_tree(tree.out(), commit.get()),
                   "git: не удалось прочитать дерево коммита");
        return tree;
    };
    git::Tree toTree = treeOf(to);
    if (!from) {
        return diffPaths(repo, nullptr, toTree.get());
    }
    git::Tree fromTree = treeOf(*from);
    return diffPaths(repo, fromTree.get(), toTree.get());
}

const char* kNoPusher =
    "отклонено: git-сервер не сообщил хуку, кто отправляет изменения, а без этого нельзя "
    "проверить права.\n"
    "  Правило: хук судит по отправителю, которого называет сервер: GITEA_PUSHER_EMAIL (Gitea, "
    "Forgejo), GL_USERNAME (GitLab) или SUFLER_PUSHER (простой SSH-сервер: задайте его для "
    "каждого ключа в authorized_keys, например command=\"env SUFLER_PUSHER=ivanova@minsoc.example "
    "git-shell -c \\\"$SSH_ORIGINAL_COMMAND\\\"\" ssh-ed25519 …).\n"
    "  Судить по e-mail коммиттера можно только явно: sufler hook install --trust-committer — "
    "небезопасно, e-mail в коммите пишет кто угодно.";

} // namespace

std::vector<RefUpdate> parseRefUpdates(std::istream& in) {
    std::vector<RefUpdate> updates;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            continue;
        }
        std::istringstream fields(line);
        RefUpdate update;
        if (!(fields >> update.oldId >> update.newId >> update.ref) || update.oldId.size() != 40 ||
            update.newId.size() != 40) {
            throw Error(fmt::format(
                "стандартный ввод, строка {}: ожидалось «<старый> <новый> <ссылка>»: {}", number,
                line));
        }
        updates.push_back(std::move(update));
    }
    return updates;
}

std::optional<Pusher> pusherFromEnvironment() {
    for (const char* name : {"SUFLER_PUSHER", "GITEA_PUSHER_EMAIL", "GL_USERNAME"}) {
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
            return Pusher{value, name};
        }
    }
    return std::nullopt;
}

PushVerdict checkPush(const fs::path& repository, const std::vector<RefUpdate>& updates,
                      const std::optional<Pusher>& pusher, const LintFunction& lint,
                      const PushPolicy& policy) {
    git::Repository repo = git::Repository::open(repository);
    addQuarantine(repo.get(), repository);
    const std::vector<std::string> refs = referenceNames(repo.get());
    const std::string mainRef = defaultBranchName(repo.get());
    // Rights, and what a new branch is compared with: the default branch before this push.
    const std::optional<git_oid> base = defaultBranchCommit(repo.get(), refs);
    const std::string rightsName =
        base && refCommit(repo.get(), mainRef) ? mainRef : std::string("основной ветки");

    Judge judge{repo.get(), pusher, policy.trustCommitter, TreeChecker(repo.get()), {}, 0, {}};
    if (!pusher && !policy.trustCommitter) {
        judge.refuse(kNoPusher);
        return judge.verdict;
    }
    const Rights noRights;
    for (const auto& update : updates) {
        if (update.oldId == update.newId) {
            continue;
        }
        const bool deleting = update.newId == kZeroId;
        const bool creating = update.oldId == kZeroId;
        const bool isMain = update.ref == mainRef;
        const Rights& rights = base ? judge.rightsAt(*base) : noRights;

        if (deleting) {
            const auto actor = judge.actorFor(std::nullopt);
            if (isMain) {
                judge.refuse(fmt::format(
                    "отклонено: удаление {}.\n"
                    "  Правило: основную ветку базы знаний не удаляет никто, в том числе "
                    "администраторы.",
                    update.ref));
            } else if (!Judge::isAdmin(rights, actor)) {
                judge.refuse(fmt::format(
                    "отклонено: удаление {}.\n"
                    "  Правило: удалять ветки и метки могут только администраторы (admins в "
                    "sufler.yaml); {}.",
                    update.ref,
                    actor ? fmt::format("{} ({}) не администратор", actor->who, actor->source)
                          : std::string("отправитель неизвестен")));
            }
            continue;
        }

        // The commit the ref will name, through annotated tags.
        const git_oid newObject = git::fromHex(update.newId);
        git::Object object;
        git::Object peeled;
        if (git_object_lookup(object.out(), repo.get(), &newObject, GIT_OBJECT_ANY) < 0 ||
            git_object_peel(peeled.out(), object.get(), GIT_OBJECT_COMMIT) < 0) {
            judge.refuse(
                fmt::format("отклонено: {} указывает на {} — это не коммит.\n"
                            "  Правило: ветки и метки базы знаний указывают только на коммиты.",
                            update.ref, update.newId.substr(0, 7)));
            continue;
        }
        const git_oid newId = *git_object_id(peeled.get());
        const std::vector<git_oid> commits = newCommits(repo.get(), newId, refs);
        if (!judge.checkTrees(update, commits, rights)) {
            continue; // nothing of such a tree is written to disk, not even to lint it
        }
        const std::optional<git_oid> tipActorCommit =
            commits.empty() ? std::nullopt : std::optional<git_oid>(newId);
        const auto tipActor = judge.actorFor(tipActorCommit);

        if (isMain && !creating) {
            const git_oid oldId = git::fromHex(update.oldId);
            if (git_graph_descendant_of(repo.get(), &newId, &oldId) != 1 &&
                !Judge::isAdmin(rights, tipActor)) {
                judge.refuse(fmt::format(
                    "отклонено: {} — не продолжение {} ({}), а перезапись истории: коммиты "
                    "других отделов и администраторов пропали бы.\n"
                    "  Правило: историю основной ветки переписывают только администраторы "
                    "(admins в sufler.yaml); {}. Получите изменения (git pull --rebase) и "
                    "отправьте снова без --force.",
                    commitText(repo.get(), newId), update.ref, update.oldId.substr(0, 7),
                    tipActor
                        ? fmt::format("{} ({}) не администратор", tipActor->who, tipActor->source)
                        : std::string("отправитель неизвестен")));
                continue;
            }
        }

        if (base) {
            // Each new commit answers for its own change (for a merge, what differs from every
            // parent), so that no commit in main's history touches what its author could not.
            std::set<std::string> reported;
            for (const auto& id : commits) {
                git::Commit commit;
                git::check(git_commit_lookup(commit.out(), repo.get(), &id), "git: нет коммита");
                auto refused = judge.judgePaths(commitText(repo.get(), id), update,
                                                commitChanges(repo.get(), commit.get()), rights,
                                                judge.actorFor(id), rightsName);
                reported.insert(refused.begin(), refused.end());
            }
            // And the update as a whole: what the branch holds after it that it did not before,
            // so a merge of old commits or of another department's branch is judged too.
            if (update.ref.rfind("refs/heads/", 0) == 0) {
                std::set<std::string> paths;
                if (isMain) {
                    paths = commitTreeDiff(
                        repo.get(),
                        creating ? base : std::optional<git_oid>(git::fromHex(update.oldId)),
                        newId);
                } else {
                    // A draft branch answers for what it brings on top of where it left main:
                    // merging main into a draft, or starting one from an older main, brings
                    // nothing of the pusher's own; restoring old files against main does.
                    std::optional<git_oid> fork;
                    git_oid mergeBase;
                    if (git_merge_base(&mergeBase, repo.get(), &*base, &newId) == 0) {
                        fork = mergeBase;
                    }
                    paths = commitTreeDiff(repo.get(), fork, newId);
                    if (!creating) {
                        auto changed =
                            commitTreeDiff(repo.get(), git::fromHex(update.oldId), newId);
                        std::set<std::string> both;
                        std::set_intersection(paths.begin(), paths.end(), changed.begin(),
                                              changed.end(), std::inserter(both, both.begin()));
                        paths = std::move(both);
                    }
                }
                for (const auto& path : reported) {
                    paths.erase(path);
                }
                judge.judgePaths(fmt::format("обновление до {}", commitText(repo.get(), newId)),
                                 update, paths, rights, tipActor, rightsName);
            }
        }
        // Branches hold the KB; tags only name commits already judged above.
        if (update.ref.rfind("refs/heads/", 0) == 0) {
            judge.checkLint(update, newId, lint);
        }
    }
    if (judge.refused > kMaxMessages) {
        judge.verdict.messages.push_back(
            fmt::format("… и ещё {} нарушений", judge.refused - kMaxMessages));
    }
    return judge.verdict;
}

fs::path install(const fs::path& bareRepository, const fs::path& program, bool force,
                 const PushPolicy& policy) {
    git::Repository repo = git::Repository::open(bareRepository);
    if (!repo.isBare()) {
        throw Error(
            fmt::format("{}: не голый (bare) репозиторий — хук ставят в центральный репозиторий "
                        "на сервере, куда отделы отправляют изменения",
                        bareRepository.string()));
    }
    const fs::path hooks = fs::path(git_repository_path(repo.get())) / "hooks";
    std::error_code ec;
    const fs::path target = fs::is_directory(hooks / "pre-receive.d", ec)
                                ? hooks / "pre-receive.d" / "sufler"
                                : hooks / "pre-receive";
    if (fs::exists(target, ec) && !force) {
        std::ifstream in(target, std::ios::binary);
        std::stringstream existing;
        existing << in.rdbuf();
        if (existing.str().find(kMarker) == std::string::npos) {
            throw Error(fmt::format(
                "{}: здесь уже есть другой хук; добавьте в него вызов «{} hook pre-receive» "
                "или замените его (--force)",
                target.string(), program.string()));
        }
    }
    std::string quoted = "'";
    for (char c : program.string()) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    quoted += "'";
    fs::create_directories(target.parent_path(), ec);
    {
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out << "#!/bin/sh\n"
               "# Суфлёр: отделы меняют только свои разделы, база знаний остаётся без ошибок "
               "sufler lint.\n"
               "# Установлено командой `sufler hook install`; см. docs/staleness.md.\n"
            << "exec " << quoted << " hook pre-receive"
            << (policy.trustCommitter ? " --trust-committer" : "") << "\n";
        if (!out) {
            throw Error(fmt::format("{}: не удалось записать хук", target.string()));
        }
    }
    // git itself refuses trees with "..", ".git" and other malformed entries before the hook.
    git::Config config;
    git::check(git_repository_config(config.out(), repo.get()),
               "git: не удалось открыть настройки репозитория");
    git::check(git_config_set_bool(config.get(), "receive.fsckObjects", 1),
               "git: не удалось включить receive.fsckObjects");
    fs::permissions(target,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                        fs::perms::others_read | fs::perms::others_exec,
                    fs::perm_options::replace, ec);
    if (ec) {
        throw Error(fmt::format("{}: не удалось сделать хук исполняемым: {}", target.string(),
                                ec.message()));
    }
    return target;
}

} // namespace sufler::kb::hook
