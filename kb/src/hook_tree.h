#pragma once
// What the hook reads of a pushed tree before anything is written: every entry's name, kind,
// size and depth (TreeChecker); and writing a checked tree out for lint without ever leaving
// the folder given (materialise). Internal to kb's hook.
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/paths.h"

#include <filesystem>
#include <fmt/format.h>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::kb::hook::detail {

// ASCII letters lower-cased: e-mails, and names as case-insensitive file systems compare them.
inline std::string asciiLower(std::string_view text) {
    std::string result(text);
    for (char& c : result) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return result;
}

// A path's problem that the hook refuses: the file, and the rule in words.
struct TreeProblem {
    std::string path;
    std::string rule;
};

// Checks every tree a push brings: names, file kinds, sizes, depth. Trees already found clean
// are not read again (a push of many commits shares most of its trees).
class TreeChecker {
public:
    explicit TreeChecker(git_repository* repo) : m_repo(repo) {
        git::check(git_repository_odb(m_odb.out(), repo), "git: не удалось открыть базу объектов");
    }

    // Problems of the tree of commit `id`; empty when every entry may be in a KB.
    [[nodiscard]] std::vector<TreeProblem> check(const git_oid& commitId) {
        git::Commit commit;
        git::check(git_commit_lookup(commit.out(), m_repo, &commitId), "git: нет коммита");
        std::vector<TreeProblem> problems;
        m_entries = 0;
        walk(*git_commit_tree_id(commit.get()), "", 0, problems);
        return problems;
    }

private:
    // Far more files than any KB has; more is a push meant to wear the server out.
    static constexpr size_t kMaxEntries = 200000;

    void walk(const git_oid& treeId, const std::string& prefix, size_t depth,
              std::vector<TreeProblem>& problems) {
        if (m_clean.count(git::toHex(treeId)) != 0) {
            return;
        }
        git::Tree tree;
        git::check(git_tree_lookup(tree.out(), m_repo, &treeId),
                   fmt::format("git: не удалось прочитать папку {}", prefix));
        const size_t before = problems.size();
        const size_t count = git_tree_entrycount(tree.get());
        std::set<std::string> seen; // names as Windows and macOS compare them
        for (size_t i = 0; i < count; ++i) {
            if (++m_entries > kMaxEntries) {
                problems.push_back(
                    {prefix, fmt::format("в отправке больше {} файлов и папок", kMaxEntries)});
                return;
            }
            const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
            const std::string name = git_tree_entry_name(entry);
            const std::string path = prefix + name;
            if (auto problem = nameProblem(name, prefix.empty())) {
                problems.push_back({path, *problem});
                continue;
            }
            if (path.size() > kMaxPathBytes) {
                problems.push_back({path, fmt::format("путь длиннее {} байт", kMaxPathBytes)});
                continue;
            }
            if (!seen.insert(asciiLower(name)).second) {
                problems.push_back({path, "два имени, различающиеся только регистром букв: в "
                                          "Windows и macOS это один файл"});
                continue;
            }
            const git_filemode_t mode = git_tree_entry_filemode(entry);
            const git_oid* id = git_tree_entry_id(entry);
            switch (mode) {
            case GIT_FILEMODE_TREE:
                if (depth + 1 > kMaxDepth) {
                    problems.push_back(
                        {path, fmt::format("вложенность папок больше {}", kMaxDepth)});
                } else {
                    walk(*id, path + "/", depth + 1, problems);
                }
                break;
            case GIT_FILEMODE_BLOB: {
                size_t size = 0;
                git_object_t type = GIT_OBJECT_INVALID;
                git::check(git_odb_read_header(&size, &type, m_odb.get(), id),
                           fmt::format("git: нет содержимого {}", path));
                if (size > m_maxBytes) {
                    problems.push_back({path, fmt::format("файл больше {} МБ ({} байт)",
                                                          m_maxBytes / (1024 * 1024), size)});
                }
                break;
            }
            case GIT_FILEMODE_BLOB_EXECUTABLE:
                problems.push_back({path, "исполняемый файл (в базе знаний только обычные "
                                          "файлы: chmod -x и git add --chmod=-x)"});
                break;
            case GIT_FILEMODE_LINK:
                problems.push_back({path, "символическая ссылка (в базе знаний только обычные "
                                          "файлы и папки)"});
                break;
            case GIT_FILEMODE_COMMIT:
                problems.push_back({path, "подмодуль git (в базе знаний только обычные файлы "
                                          "и папки)"});
                break;
            default:
                problems.push_back({path, fmt::format("неизвестный вид записи git ({:o})",
                                                      static_cast<unsigned>(mode))});
                break;
            }
        }
        if (problems.size() == before) {
            m_clean.insert(git::toHex(treeId));
        }
    }

    git_repository* m_repo;
    git::Handle<git_odb, git_odb_free> m_odb;
    std::set<std::string> m_clean;
    size_t m_entries = 0;
    const std::uintmax_t m_maxBytes = LoadOptions{}.maxFileSize;
};

// Writes the files of a commit's tree (all, or only those `wanted` accepts) under `dir`, which
// must be a fresh, empty folder. Every name is checked again and every file and folder is made
// relative to its parent's descriptor, never following a link and never replacing anything:
// whatever a crafted tree holds, nothing is written outside `dir`.
void materialise(git_repository* repo, const git_oid& commitId, const std::filesystem::path& dir,
                 const std::function<bool(const std::string&)>& wanted);

} // namespace sufler::kb::hook::detail
