// The pre-receive hook: ownership of sections by department and lint of what a push leaves.
#include "sufler/kb/hook.h"

#include "sufler/kb/error.h"
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"

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

using Odb = git::Handle<git_odb, git_odb_free>;
using Blob = git::Handle<git_blob, git_blob_free>;

constexpr std::string_view kZeroId = "0000000000000000000000000000000000000000";
// The comment every hook we write carries, so that reinstalling replaces our own hook only.
constexpr std::string_view kMarker = "Установлено командой `sufler hook install`";
constexpr size_t kMaxMessages = 20;

// A folder of its own under the system temp directory, removed with its contents.
class TempFolder {
public:
    TempFolder() {
        std::string pattern = (fs::temp_directory_path() / "sufler-hook-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw Error("не удалось создать временную папку для проверки отправки");
        }
        m_path = pattern;
    }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

std::string lower(std::string_view text) {
    std::string result(text);
    for (char& c : result) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return result;
}

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
    return lower(text);
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

// Writes the files of a commit's tree (all, or only those `wanted` accepts) under `dir`.
// Symbolic links and submodules are left out: a KB has neither, and a link must not lead the
// hook elsewhere.
void materialise(git_repository* repo, const git_oid& commitId, const fs::path& dir,
                 const std::function<bool(const std::string&)>& wanted) {
    git::Commit commit;
    git::check(git_commit_lookup(commit.out(), repo, &commitId), "git: нет коммита");
    git::Tree tree;
    git::check(git_commit_tree(tree.out(), commit.get()),
               "git: не удалось прочитать дерево коммита");
    struct Walk {
        git_repository* repo;
        const fs::path* dir;
        const std::function<bool(const std::string&)>* wanted;
        std::string error;
    } walk{repo, &dir, &wanted, {}};
    auto callback = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
        auto* w = static_cast<Walk*>(payload);
        if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
            git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) {
            return 0;
        }
        std::string path = std::string(root) + git_tree_entry_name(entry);
        if (*w->wanted && !(*w->wanted)(path)) {
            return 0;
        }
        Blob blob;
        if (git_blob_lookup(blob.out(), w->repo, git_tree_entry_id(entry)) < 0) {
            w->error = fmt::format("git: нет содержимого {}", path);
            return -1;
        }
        fs::path target = *w->dir / path;
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        std::ofstream out(target, std::ios::binary);
        out.write(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                  static_cast<std::streamsize>(git_blob_rawsize(blob.get())));
        if (!out) {
            w->error = fmt::format("не удалось записать {}", target.string());
            return -1;
        }
        return 0;
    };
    int rc = git_tree_walk(tree.get(), GIT_TREEWALK_PRE, callback, &walk);
    if (!walk.error.empty()) {
        throw Error(walk.error);
    }
    git::check(rc, "git: не удалось прочитать дерево");
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

struct Judge {
    git_repository* repo;
    const std::optional<Pusher>& pusher;
    PushVerdict verdict;
    size_t refused = 0;

    void refuse(std::string message) {
        verdict.accepted = false;
        if (++refused <= kMaxMessages) {
            verdict.messages.push_back(std::move(message));
        }
    }

    // Every new commit of the update, against the rights of `base` (the branch before the push).
    void checkOwnership(const RefUpdate& update, const git_oid& base, const std::string& baseName,
                        const std::vector<git_oid>& commits) {
        Rights rights = readRights(repo, base);
        for (const auto& id : commits) {
            git::Commit commit;
            git::check(git_commit_lookup(commit.out(), repo, &id), "git: нет коммита");
            std::string who;
            std::string whoSource;
            if (pusher) {
                who = pusher->identity;
                whoSource = pusher->source;
            } else {
                const git_signature* committer = git_commit_committer(commit.get());
                who = committer->email != nullptr ? committer->email : "";
                whoSource = "e-mail автора коммита (git-сервер не передал пользователя)";
            }
            if (listed(rights.admins, who)) {
                continue;
            }
            // Files this identity may not touch, grouped by department ("" = outside departments/).
            std::map<std::string, std::vector<std::string>> denied;
            for (const auto& path : commitChanges(repo, commit.get())) {
                std::string slug = departmentOf(path);
                auto editors = rights.editors.find(slug);
                if (!slug.empty() && editors != rights.editors.end() &&
                    listed(editors->second, who)) {
                    continue;
                }
                denied[slug].push_back(path);
            }
            const char* summary = git_commit_summary(commit.get());
            std::string commitText =
                fmt::format("коммит {} «{}» в {}", shortId(id), summary ? summary : "", update.ref);
            for (const auto& [slug, files] : denied) {
                if (slug.empty()) {
                    refuse(fmt::format(
                        "отклонено: {} меняет {} — это вне разделов отделов (departments/).\n"
                        "  Правило: вне departments/ изменения вносят только администраторы "
                        "(admins в sufler.yaml).\n"
                        "  {} ({}) не администратор; права взяты из {} до этой отправки.",
                        commitText, describeList(files), who, whoSource, baseName));
                    continue;
                }
                auto title = rights.titles.find(slug);
                std::string department = title != rights.titles.end() && !title->second.empty()
                                             ? fmt::format("{} («{}»)", slug, title->second)
                                             : slug;
                std::string reason =
                    title != rights.titles.end()
                        ? fmt::format(
                              "{} ({}) не указан в editors отдела (departments/{}/index.md)", who,
                              whoSource, slug)
                        : fmt::format("раздела {} до этой отправки не было — новый раздел заводит "
                                      "администратор; {} ({}) "
                                      "не администратор",
                                      slug, who, whoSource);
                refuse(fmt::format(
                    "отклонено: {} меняет {} — раздел отдела {}.\n"
                    "  Правило: раздел меняют только редакторы отдела (editors в его index.md) и "
                    "администраторы (admins в sufler.yaml).\n"
                    "  {}; права взяты из {} до этой отправки.",
                    commitText, describeList(files), department, reason, baseName));
            }
        }
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
                      const std::optional<Pusher>& pusher, const LintFunction& lint) {
    git::Repository repo = git::Repository::open(repository);
    addQuarantine(repo.get(), repository);
    const std::vector<std::string> refs = referenceNames(repo.get());
    const bool empty = std::none_of(refs.begin(), refs.end(), [&](const std::string& name) {
        return name != "HEAD" && refCommit(repo.get(), name).has_value();
    });

    Judge judge{repo.get(), pusher, {}, 0};
    for (const auto& update : updates) {
        if (update.oldId == update.newId) {
            continue;
        }
        const bool deleting = update.newId == kZeroId;
        const bool creating = update.oldId == kZeroId;
        std::optional<git_oid> base;
        std::string baseName = update.ref;
        if (!creating) {
            base = refCommit(repo.get(), update.ref);
            if (!base) {
                base = git::fromHex(update.oldId);
            }
        } else if (!empty) {
            base = defaultBranchCommit(repo.get(), refs);
            baseName = "основной ветки";
        }

        if (deleting) {
            Rights rights = base ? readRights(repo.get(), *base) : Rights{};
            if (!pusher || !listed(rights.admins, pusher->identity)) {
                judge.refuse(fmt::format(
                    "отклонено: удаление {}.\n"
                    "  Правило: удалять ветки и метки могут только администраторы (admins в "
                    "sufler.yaml); {}.",
                    update.ref,
                    pusher
                        ? fmt::format("{} ({}) не администратор", pusher->identity, pusher->source)
                        : std::string("git-сервер не передал пользователя")));
            }
            continue;
        }

        const git_oid newId = git::fromHex(update.newId);
        if (base) {
            judge.checkOwnership(update, *base, baseName, newCommits(repo.get(), newId, refs));
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

fs::path install(const fs::path& bareRepository, const fs::path& program, bool force) {
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
            << "exec " << quoted << " hook pre-receive\n";
        if (!out) {
            throw Error(fmt::format("{}: не удалось записать хук", target.string()));
        }
    }
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
