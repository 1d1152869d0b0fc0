// Writing a checked tree out for the hook's lint: see hook_tree.h.
#include "hook_tree.h"

#include "sufler/core/error.h"
#include "sufler/core/unique_fd.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sufler::kb::hook::detail {

namespace fs = std::filesystem;
using core::UniqueFd;

namespace {
using Blob = git::Handle<git_blob, git_blob_free>;
} // namespace

void materialise(git_repository* repo, const git_oid& commitId, const fs::path& dir,
                 const std::function<bool(const std::string&)>& wanted) {
    git::Commit commit;
    git::check(git_commit_lookup(commit.out(), repo, &commitId), "git: нет коммита");
    git::Tree root;
    git::check(git_commit_tree(root.out(), commit.get()),
               "git: не удалось прочитать дерево коммита");
    UniqueFd top(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (top.get() < 0) {
        throw Error(fmt::format("не удалось открыть {}", dir.string()));
    }
    std::function<void(git_tree*, int, const std::string&, size_t)> write =
        [&](git_tree* tree, int folder, const std::string& prefix, size_t depth) {
            const size_t count = git_tree_entrycount(tree);
            for (size_t i = 0; i < count; ++i) {
                const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
                const std::string name = git_tree_entry_name(entry);
                const std::string path = prefix + name;
                if (auto problem = nameProblem(name, prefix.empty())) {
                    throw Error(fmt::format("{}: {}", path, *problem));
                }
                const git_filemode_t mode = git_tree_entry_filemode(entry);
                if (mode == GIT_FILEMODE_TREE) {
                    if (depth + 1 > kMaxDepth) {
                        throw Error(
                            fmt::format("{}: вложенность папок больше {}", path, kMaxDepth));
                    }
                    git::Tree sub;
                    git::check(git_tree_lookup(sub.out(), repo, git_tree_entry_id(entry)),
                               fmt::format("git: не удалось прочитать папку {}", path));
                    if (::mkdirat(folder, name.c_str(), 0700) != 0 && errno != EEXIST) {
                        throw Error(fmt::format("не удалось создать папку {}", path));
                    }
                    UniqueFd child(::openat(folder, name.c_str(),
                                            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                    if (child.get() < 0) {
                        throw Error(fmt::format("не удалось открыть папку {}", path));
                    }
                    write(sub.get(), child.get(), path + "/", depth + 1);
                    continue;
                }
                if (mode != GIT_FILEMODE_BLOB || (wanted && !wanted(path))) {
                    continue; // links, submodules and executables are refused before this
                }
                Blob blob;
                if (git_blob_lookup(blob.out(), repo, git_tree_entry_id(entry)) < 0) {
                    throw Error(fmt::format("git: нет содержимого {}", path));
                }
                UniqueFd file(::openat(folder, name.c_str(),
                                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
                if (file.get() < 0) {
                    throw Error(fmt::format("не удалось записать {}", path));
                }
                const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
                size_t left = static_cast<size_t>(git_blob_rawsize(blob.get()));
                while (left > 0) {
                    const ssize_t written = ::write(file.get(), data, left);
                    if (written <= 0) {
                        throw Error(fmt::format("не удалось записать {}", path));
                    }
                    data += written;
                    left -= static_cast<size_t>(written);
                }
            }
        };
    write(root.get(), top.get(), "", 0);
}

} // namespace sufler::kb::hook::detail
