#include "sufler/training/changes.h"

#include "sufler/core/enum_names.h"
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <map>

namespace sufler::training {

namespace {

namespace fs = std::filesystem;

constexpr auto kChangeKinds = std::to_array<core::EnumName<ChangeKind>>({
    {ChangeKind::Added, "added", "новая"},
    {ChangeKind::Changed, "changed", "изменена"},
    {ChangeKind::Removed, "removed", "удалена"},
});
using Blob = kb::git::Handle<git_blob, git_blob_free>;
using Patch = kb::git::Handle<git_patch, git_patch_free>;

// The files that hold entries, as the loader lists them: departments/<slug>/*.md, directory/*.md.
bool isEntryFile(const std::string& rel) {
    if (rel.size() < 4 || rel.compare(rel.size() - 3, 3, ".md") != 0) {
        return false;
    }
    const auto slashes = std::count(rel.begin(), rel.end(), '/');
    return (rel.rfind("departments/", 0) == 0 && slashes == 2) ||
           (rel.rfind("directory/", 0) == 0 && slashes == 1);
}

std::string blobText(const kb::git::Repository& repo, const git_oid& id) {
    if (git_oid_is_zero(&id)) {
        return {};
    }
    Blob blob;
    kb::git::check(git_blob_lookup(blob.out(), repo.get(), &id),
                   "git: не удалось прочитать файл из истории");
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

std::vector<DiffLine> lineDiff(const std::string& before, const std::string& after) {
    git_diff_options options;
    git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
    options.context_lines = 2;
    Patch patch;
    kb::git::check(git_patch_from_buffers(patch.out(), before.data(), before.size(), nullptr,
                                          after.data(), after.size(), nullptr, &options),
                   "git: не удалось сравнить версии записи");
    std::vector<DiffLine> out;
    const std::size_t hunks = git_patch_num_hunks(patch.get());
    for (std::size_t h = 0; h < hunks; ++h) {
        if (h > 0) {
            out.push_back({' ', "…"});
        }
        const int lines = git_patch_num_lines_in_hunk(patch.get(), h);
        for (int l = 0; l < lines; ++l) {
            const git_diff_line* line = nullptr;
            kb::git::check(
                git_patch_get_line_in_hunk(&line, patch.get(), h, static_cast<std::size_t>(l)),
                "git: не удалось прочитать сравнение");
            if (line->origin != GIT_DIFF_LINE_CONTEXT && line->origin != GIT_DIFF_LINE_ADDITION &&
                line->origin != GIT_DIFF_LINE_DELETION) {
                continue; // "\ No newline at end of file" and the like
            }
            std::string text(line->content, line->content_len);
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
                text.pop_back();
            }
            out.push_back({line->origin, std::move(text)});
        }
    }
    return out;
}

// The KB folder relative to the work tree, '/'-separated, with a trailing '/' (empty at the top).
std::string kbPrefix(const kb::git::Repository& repo, const fs::path& kbRoot) {
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(kbRoot, ec);
    const fs::path rel = root.lexically_relative(repo.workdir());
    if (rel.empty() || rel == ".") {
        return {};
    }
    return rel.generic_string() + "/";
}

} // namespace

const char* changeKindRu(ChangeKind kind) {
    // The titles are literals, so their data() ends in a NUL.
    return core::enumRow(kChangeKinds, kind, ChangeKind::Changed).titleRu.data();
}

std::string entryMarkdown(const kb::Entry& entry) {
    std::string out = "## " + entry.title + "\n";
    if (!entry.otherWordings.empty()) {
        out += "\nТакже спрашивают:\n";
        for (const auto& wording : entry.otherWordings) {
            out += "- " + wording + "\n";
        }
    }
    for (const auto& [column, value] : entry.fields) {
        out += column + ": " + value + "\n";
    }
    if (!entry.markdown.empty()) {
        out += "\n" + entry.markdown;
        if (out.back() != '\n') {
            out += "\n";
        }
    }
    return out;
}

std::optional<std::string> headCommit(const fs::path& kbRoot) {
    auto repo = kb::git::Repository::discover(kbRoot);
    if (!repo) {
        return std::nullopt;
    }
    auto head = repo->headId();
    return head ? std::optional<std::string>(kb::git::toHex(*head)) : std::nullopt;
}

ChangesSince changesSince(const fs::path& kbRoot, const std::string& from) {
    auto repo = kb::git::Repository::discover(kbRoot);
    if (!repo) {
        throw Error(
            fmt::format("{}: база знаний не в git — изменения не отследить", kbRoot.string()));
    }
    const auto head = repo->headId();
    if (!head) {
        throw Error(fmt::format("{}: в репозитории ещё нет коммитов", kbRoot.string()));
    }
    // Any revision git understands: a full or short id, a tag, HEAD~3.
    kb::git::Object fromObject;
    if (git_revparse_single(fromObject.out(), repo->get(), from.c_str()) < 0) {
        throw Error(fmt::format("«{}»: такого коммита нет в истории базы знаний", from));
    }
    kb::git::Object peeled;
    kb::git::check(git_object_peel(peeled.out(), fromObject.get(), GIT_OBJECT_COMMIT),
                   fmt::format("«{}»: это не коммит", from));
    const git_oid fromId = *git_object_id(peeled.get());
    auto fromCommit = repo->lookupCommit(fromId);
    auto headCommitHandle = repo->lookupCommit(*head);

    ChangesSince out;
    out.from = kb::git::toHex(fromId);
    out.to = kb::git::toHex(*head);
    const std::string prefix = kbPrefix(*repo, kbRoot);
    for (const auto& id : kb::git::commitsBetween(*repo, fromId, *head)) {
        auto commit = repo->lookupCommit(id);
        // a KB kept in a larger repository: only the commits that touched the KB
        const auto paths = kb::git::changedPaths(*repo, commit.get());
        if (!prefix.empty() &&
            std::none_of(paths.begin(), paths.end(),
                         [&](const std::string& path) { return path.rfind(prefix, 0) == 0; })) {
            continue;
        }
        const auto info = kb::git::describeCommit(commit.get());
        out.commits.push_back({info.id, formatIsoDate(info.date), info.authorName, info.summary});
    }

    kb::git::Tree oldTree, newTree;
    kb::git::check(git_commit_tree(oldTree.out(), fromCommit.get()),
                   "git: не удалось прочитать дерево коммита");
    kb::git::check(git_commit_tree(newTree.out(), headCommitHandle.get()),
                   "git: не удалось прочитать дерево коммита");
    kb::git::Diff diff;
    kb::git::check(
        git_diff_tree_to_tree(diff.out(), repo->get(), oldTree.get(), newTree.get(), nullptr),
        "git: не удалось сравнить деревья");

    const std::size_t deltas = git_diff_num_deltas(diff.get());
    for (std::size_t i = 0; i < deltas; ++i) {
        const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
        // Each side on its own: a rename is the old file's entries gone and the new one's added.
        std::vector<kb::Entry> before, after;
        auto side = [&](const git_diff_file& file, std::vector<kb::Entry>& entries) {
            if (file.path == nullptr || git_oid_is_zero(&file.id)) {
                return;
            }
            std::string path = file.path;
            if (path.rfind(prefix, 0) != 0) {
                return;
            }
            std::string rel = path.substr(prefix.size());
            if (!isEntryFile(rel)) {
                return;
            }
            entries = kb::parseFileEntries(rel, blobText(*repo, file.id), out.diagnostics);
        };
        side(delta->old_file, before);
        side(delta->new_file, after);

        std::map<std::string, const kb::Entry*> oldById;
        for (const auto& entry : before) {
            oldById[entry.id] = &entry;
        }
        for (const auto& entry : after) {
            auto found = oldById.find(entry.id);
            const std::string now = entryMarkdown(entry);
            if (found == oldById.end()) {
                out.entries.push_back({ChangeKind::Added, entry.id, entry.title, entry.department,
                                       entry.kind, lineDiff("", now)});
                continue;
            }
            const std::string then = entryMarkdown(*found->second);
            oldById.erase(found);
            if (then != now) {
                out.entries.push_back({ChangeKind::Changed, entry.id, entry.title, entry.department,
                                       entry.kind, lineDiff(then, now)});
            }
        }
        for (const auto& entry : before) {
            if (oldById.count(entry.id)) {
                out.entries.push_back({ChangeKind::Removed, entry.id, entry.title, entry.department,
                                       entry.kind, lineDiff(entryMarkdown(entry), "")});
            }
        }
    }
    std::stable_sort(out.entries.begin(), out.entries.end(),
                     [](const EntryChange& a, const EntryChange& b) {
                         // directory/ entries (no department) after the sections
                         if (a.department.empty() != b.department.empty()) {
                             return b.department.empty();
                         }
                         return a.department < b.department;
                     });
    return out;
}

std::string renderChanges(const ChangesSince& changes, bool withDiff) {
    std::string out = fmt::format("Изменения базы знаний с {} по {}: коммитов {}, записей {}\n",
                                  changes.from.substr(0, 10), changes.to.substr(0, 10),
                                  changes.commits.size(), changes.entries.size());
    for (const auto& commit : changes.commits) {
        out += fmt::format("  {} {} {} — {}\n", commit.id.substr(0, 10), commit.date, commit.author,
                           commit.summary);
    }
    if (changes.entries.empty()) {
        out += "Записи не менялись: переобучение не нужно.\n";
    }
    std::string department = "\x01";
    for (const auto& change : changes.entries) {
        if (change.department != department) {
            department = change.department;
            out += fmt::format("\n[{}]\n", department.empty() ? "справочник" : department);
        }
        out += fmt::format("{} ({}): {}\n  {}\n", changeKindRu(change.kind),
                           kb::kindTitleRu(change.entryKind), change.title, change.id);
        if (withDiff) {
            for (const auto& line : change.diff) {
                out += fmt::format("    {} {}\n", line.mark, line.text);
            }
        }
    }
    for (const auto& diagnostic : changes.diagnostics) {
        out += diagnostic.format() + "\n";
    }
    return out;
}

} // namespace sufler::training
