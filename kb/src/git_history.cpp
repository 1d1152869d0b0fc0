// The git facts of a KB: for every department, the last commit that touched its folder and who
// actualised it (docs/staleness.md) — one walk of HEAD's first-parent history, newest first.
#include "history_internal.h"
#include "loader_internal.h"
#include "sufler/kb/git.h"

#include <fmt/format.h>
#include <set>

namespace sufler::kb::detail {

using git::childId;

namespace {

using Blob = git::Handle<git_blob, git_blob_free>;

std::string hex(const git_oid& id) {
    return git::toHex(id);
}

bool sameId(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
    if (a.has_value() != b.has_value()) {
        return false;
    }
    return !a || git_oid_equal(&*a, &*b) == 1;
}

// The id of whatever sits at `path` in a commit's tree (a folder only, when `folder`); nullopt
// when nothing does.
std::optional<git_oid> pathId(git_commit* commit, const std::string& path, bool folder = false) {
    if (commit == nullptr) {
        return std::nullopt;
    }
    git::Tree tree;
    git::check(git_commit_tree(tree.out(), commit), "git: не удалось прочитать дерево коммита");
    git::TreeEntry entry;
    const int rc = git_tree_entry_bypath(entry.out(), tree.get(), path.c_str());
    if (rc == GIT_ENOTFOUND) {
        return std::nullopt;
    }
    git::check(rc, "git: не удалось прочитать дерево коммита");
    if (folder && git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
        return std::nullopt;
    }
    return *git_tree_entry_id(entry.get());
}

// The id of <slug>/index.md inside a departments tree; nullopt when there is none.
std::optional<git_oid> indexIn(git_repository* repo, const git_tree* departments,
                               const std::string& slug) {
    if (departments == nullptr) {
        return std::nullopt;
    }
    const git_tree_entry* folder = git_tree_entry_byname(departments, slug.c_str());
    if (folder == nullptr || git_tree_entry_type(folder) != GIT_OBJECT_TREE) {
        return std::nullopt;
    }
    git::Tree tree;
    git::check(git_tree_lookup(tree.out(), repo, git_tree_entry_id(folder)),
               "git: не удалось прочитать дерево");
    const git_tree_entry* index = git_tree_entry_byname(tree.get(), "index.md");
    if (index == nullptr) {
        return std::nullopt;
    }
    return *git_tree_entry_id(index);
}

git::Tree lookupTree(git_repository* repo, const std::optional<git_oid>& id) {
    git::Tree tree;
    if (id) {
        git::check(git_tree_lookup(tree.out(), repo, &*id), "git: не удалось прочитать дерево");
    }
    return tree;
}

std::string authorName(git_commit* commit) {
    const git_signature* author = git_commit_author(commit);
    return author->name != nullptr ? author->name : "";
}

std::string authorEmail(git_commit* commit) {
    const git_signature* author = git_commit_author(commit);
    return author->email != nullptr ? author->email : "";
}

// How a commit counts for a section.
enum class Act { None, Own, AsDepartment, Merged };

// What the walk still looks for in one section.
struct Pending {
    bool touched = false; // the last commit that changed the folder is known
    bool actFound = false;
    std::optional<Date> headMark; // `reviewed:` of HEAD's index.md
    bool markOpen = false;        // headMark is set and the commit that wrote it is not found yet
    [[nodiscard]] bool done() const { return touched && actFound && !markOpen; }
};

class HistoryWalk {
public:
    HistoryWalk(const git::Repository& repo, std::string prefix)
        : m_repo(repo), m_reader(repo, prefix), m_departments(prefix + "departments") {}

    void run(const git_oid& head, const std::vector<std::string>& slugs, KnowledgeBase& kb) {
        git_repository* raw = m_repo.get();
        git::Commit headCommit = m_repo.lookupCommit(head);
        git::Tree headTree = lookupTree(raw, pathId(headCommit.get(), m_departments, true));
        std::map<std::string, Pending> pending;
        for (const auto& slug : slugs) {
            if (!childId(headTree.get(), slug)) {
                continue; // not committed: nothing of it is an act yet
            }
            const SectionPeople people = m_reader.people(headCommit.get(), slug);
            Pending state;
            state.headMark = people.reviewed;
            state.markOpen = people.reviewed.has_value();
            pending.emplace(slug, state);
            kb.acts[slug];
        }
        if (pending.empty()) {
            return;
        }

        git::Revwalk walk;
        git::check(git_revwalk_new(walk.out(), raw), "git: не удалось начать обход истории");
        git::check(git_revwalk_push(walk.get(), &head), "git: не удалось начать обход истории");
        // The first-parent line is the history of the branch itself: a merge counts on the day
        // it landed; who made what it brings is asked of the merged commits (actOf).
        git::check(git_revwalk_simplify_first_parent(walk.get()),
                   "git: не удалось начать обход истории");

        std::optional<git_oid> cachedCommit;
        std::optional<git_oid> cachedSubtree;
        git_oid id;
        int rc = 0;
        while ((rc = git_revwalk_next(&id, walk.get())) == 0) {
            git::Commit commit = m_repo.lookupCommit(id);
            std::optional<git_oid> current;
            if (cachedCommit && git_oid_equal(&*cachedCommit, &id) == 1) {
                current = cachedSubtree;
            } else {
                current = pathId(commit.get(), m_departments, true);
            }
            git::Commit parent;
            std::optional<git_oid> parentSubtree;
            if (git_commit_parentcount(commit.get()) > 0) {
                git::check(git_commit_parent(parent.out(), commit.get(), 0),
                           "git: нет родительского коммита");
                parentSubtree = pathId(parent.get(), m_departments, true);
                cachedCommit = *git_commit_id(parent.get());
                cachedSubtree = parentSubtree;
            }
            const auto trailers = reviewTrailers(git_commit_message(commit.get()));
            if (sameId(current, parentSubtree) && trailers.empty()) {
                continue;
            }
            git::Tree currentTree = lookupTree(raw, current);
            git::Tree parentTree = lookupTree(raw, parentSubtree);
            for (auto it = pending.begin(); it != pending.end();) {
                const std::string& slug = it->first;
                Pending& state = it->second;
                const auto here = childId(currentTree.get(), slug);
                const auto before = childId(parentTree.get(), slug);
                const bool changed = !sameId(here, before);
                const bool named = trailers.count(slug) > 0;
                if (changed || named) {
                    const Trees trees{currentTree.get(), parentTree.get()};
                    visit(commit.get(), trees, slug, changed, state, kb);
                }
                if (state.done()) {
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
            git::check(rc, "git: ошибка при обходе истории");
        }
    }

private:
    // The departments folder of a commit and of its first parent (either may be null).
    struct Trees {
        const git_tree* here;
        const git_tree* before;
    };

    // One commit that changed the section's folder or names it in a review trailer.
    void visit(git_commit* commit, const Trees& trees, const std::string& slug, bool changed,
               Pending& state, KnowledgeBase& kb) {
        git_repository* raw = m_repo.get();
        const auto indexHere = indexIn(raw, trees.here, slug);
        SectionActs& acts = kb.acts[slug];
        if (changed && !state.touched) {
            kb.lastCommit.emplace(slug, git::describeCommit(commit));
            state.touched = true;
        }
        std::optional<Act> act;
        auto isActHere = [&] {
            if (!act) {
                act = actOf(commit, slug, true, &indexHere);
            }
            return *act != Act::None;
        };
        if (!state.actFound) {
            if (isActHere()) {
                acts.lastAct = git::describeCommit(commit);
                acts.asDepartment = *act == Act::AsDepartment;
                state.actFound = true;
            } else if (changed) {
                // Newest first: the first one met is the one the report names.
                if (!acts.foreignChange) {
                    ForeignChange foreign;
                    foreign.commit = git::describeCommit(commit);
                    foreign.byAdmin = listsAuthor(m_reader.admins(commit), authorName(commit),
                                                  authorEmail(commit));
                    acts.foreignChange = std::move(foreign);
                }
                ++acts.foreignChange->count;
            }
        }
        if (state.markOpen && changed) {
            const auto indexBefore = indexIn(raw, trees.before, slug);
            if (!sameId(indexHere, indexBefore)) {
                const SectionPeople before = m_reader.peopleOf(indexBefore, slug);
                if (before.reviewed != state.headMark) {
                    // This commit wrote the mark HEAD has. It counts when the commit is an act,
                    // or when it brought the section in: then the mark records a review made
                    // before the history began (an import).
                    if (!before.present || isActHere()) {
                        acts.reviewed = state.headMark;
                    }
                    state.markOpen = false;
                }
            }
        }
    }

    // Whether a commit is the department's act for `slug`, and how: its author is the head or
    // an editor as the commit's own index.md lists them; or an admin of the commit's sufler.yaml
    // signed it as a review on the department's behalf; or it merges such a commit.
    // `indexId`, when known, saves reading the commit's tree for it.
    Act actOf(git_commit* commit, const std::string& slug, bool followMerges,
              const std::optional<git_oid>* indexId = nullptr) {
        const std::string name = authorName(commit);
        const std::string email = authorEmail(commit);
        const SectionPeople people =
            indexId != nullptr ? m_reader.peopleOf(*indexId, slug) : m_reader.people(commit, slug);
        if (people.includes(name, email)) {
            return Act::Own;
        }
        const auto trailers = reviewTrailers(git_commit_message(commit));
        if (auto it = trailers.find(slug); it != trailers.end() && it->second &&
                                           listsAuthor(m_reader.admins(commit), name, email)) {
            return Act::AsDepartment;
        }
        // A merge made by someone else lands what the department did on a branch.
        if (followMerges && git_commit_parentcount(commit) > 1 && mergedAct(commit, slug)) {
            return Act::Merged;
        }
        return Act::None;
    }

    bool mergedAct(git_commit* merge, const std::string& slug) {
        git::Revwalk walk;
        git::check(git_revwalk_new(walk.out(), m_repo.get()), "git: не удалось обойти слияние");
        const unsigned parents = git_commit_parentcount(merge);
        for (unsigned i = 1; i < parents; ++i) {
            git::check(git_revwalk_push(walk.get(), git_commit_parent_id(merge, i)),
                       "git: не удалось обойти слияние");
        }
        git::check(git_revwalk_hide(walk.get(), git_commit_parent_id(merge, 0)),
                   "git: не удалось обойти слияние");
        const std::string folder = m_departments + "/" + slug;
        for (const auto& id : git::walkAll(walk.get(), "git: не удалось обойти слияние")) {
            git::Commit merged = m_repo.lookupCommit(id);
            git::Commit parent;
            if (git_commit_parentcount(merged.get()) > 0) {
                git::check(git_commit_parent(parent.out(), merged.get(), 0),
                           "git: нет родительского коммита");
            }
            const bool changed =
                !sameId(pathId(merged.get(), folder), pathId(parent.get(), folder)) ||
                reviewTrailers(git_commit_message(merged.get())).count(slug) > 0;
            if (changed && actOf(merged.get(), slug, false) != Act::None) {
                return true;
            }
        }
        return false;
    }

    const git::Repository& m_repo;
    KbTreeReader m_reader;
    std::string m_departments;
};

} // namespace

KbTreeReader::KbTreeReader(const git::Repository& repo, std::string prefix)
    : m_repo(repo), m_prefix(std::move(prefix)) {}

std::optional<git_oid> KbTreeReader::fileId(git_commit* commit, const std::string& path) const {
    return pathId(commit, m_prefix + path);
}

std::string KbTreeReader::blobText(const git_oid& id) const {
    Blob blob;
    git::check(git_blob_lookup(blob.out(), m_repo.get(), &id),
               fmt::format("git: нет файла {}", hex(id)));
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<size_t>(git_blob_rawsize(blob.get())));
}

SectionPeople KbTreeReader::people(git_commit* commit, const std::string& slug) {
    return peopleOf(fileId(commit, indexPath(slug)), slug);
}

SectionPeople KbTreeReader::peopleOf(const std::optional<git_oid>& indexId,
                                     const std::string& slug) {
    if (!indexId) {
        return {};
    }
    const std::string key = hex(*indexId);
    if (auto it = m_people.find(key); it != m_people.end()) {
        return it->second;
    }
    SectionPeople people;
    people.present = true;
    const std::string path = indexPath(slug);
    std::string text = blobText(*indexId);
    Diagnostics ignored; // `sufler lint` reports the file as it is now; history is what it was
    if (normalizeKbText(text, path, ignored)) {
        ParsedFile parsed = parseKbFile(path, std::move(text), ignored);
        if (parsed.department) {
            people.head = parsed.department->head;
            people.editors = parsed.department->editors;
            people.reviewed = parsed.department->reviewed;
        }
    }
    return m_people.emplace(key, std::move(people)).first->second;
}

const std::vector<std::string>& KbTreeReader::admins(git_commit* commit) {
    const auto id = fileId(commit, "sufler.yaml");
    if (!id) {
        return m_noAdmins;
    }
    const std::string key = hex(*id);
    if (auto it = m_admins.find(key); it != m_admins.end()) {
        return it->second;
    }
    std::string text = blobText(*id);
    Diagnostics ignored;
    std::vector<std::string> admins;
    if (normalizeKbText(text, "sufler.yaml", ignored)) {
        admins = parseProfile(text, "sufler.yaml", ignored).admins;
    }
    return m_admins.emplace(key, std::move(admins)).first->second;
}

void readGitHistory(KnowledgeBase& kb) {
    namespace fs = std::filesystem;
    try {
        auto repo = git::Repository::discover(kb.root);
        if (!repo || repo->isBare()) {
            return; // not in git: the KB loads without dates
        }
        const fs::path workdir = repo->workdir();
        std::error_code ec;
        const fs::path relative = fs::relative(kb.root, workdir, ec);
        if (ec || relative.empty() || *relative.begin() == "..") {
            return;
        }
        std::string prefix = relative.generic_string();
        prefix = prefix == "." ? std::string() : prefix + "/";
        kb.inGit = true;
        const auto head = repo->headId();
        if (!head) {
            return; // nothing committed yet: the files' own marks are all there is
        }
        std::vector<std::string> slugs;
        for (const auto& dept : kb.departments) {
            slugs.push_back(dept.slug);
        }
        HistoryWalk(*repo, prefix).run(*head, slugs, kb);
        kb.actsRead = true;
    } catch (const Error& e) {
        kb.lastCommit.clear();
        kb.acts.clear();
        kb.actsRead = false;
        kb.gitError = e.what();
        addDiagnostic(
            kb.diagnostics, ".", 0, Severity::Warning,
            fmt::format("история git не прочитана, даты проверки неизвестны: {}", e.what()));
    }
}

} // namespace sufler::kb::detail
