#pragma once
// The index's folder on disk (index_folder.cpp): what is found there, and a rebuild beside it
// swapped in whole.
#include <xapian.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace sufler::indexer::detail {

// A sibling of dbDir for a rebuild: `<name>.new-<pid>-<n>` or `<name>.old-<pid>-<n>`.
[[nodiscard]] std::filesystem::path besideIndex(const std::filesystem::path& dbDir,
                                                std::string_view what);
// Siblings left by a rebuild whose process died (killed mid-build): nobody will swap them in.
void removeAbandoned(const std::filesystem::path& dbDir);
// Only a folder that holds an index (or nothing) is ever replaced: a mistyped --db must not
// send someone's documents away with the old index. Throws sufler::Error otherwise.
void requireIndexFolder(const std::filesystem::path& dbDir);
// Puts the folder `fresh` where dbDir is. On Linux the two are exchanged in one step, so that
// dbDir always holds a whole index; `fresh` then holds the old one, for the caller to remove.
void swapInto(const std::filesystem::path& fresh, const std::filesystem::path& dbDir);

// Removes a folder at scope exit: the rebuild's own, whether it failed half-way or now holds
// the index it replaced.
class FolderRemover {
public:
    explicit FolderRemover(std::filesystem::path folder) : m_folder(std::move(folder)) {}
    ~FolderRemover();
    FolderRemover(const FolderRemover&) = delete;
    FolderRemover& operator=(const FolderRemover&) = delete;

private:
    std::filesystem::path m_folder;
};

// What is found of the index on disk before deciding: a reader when it opens whole, what is
// damaged when it does not, neither when there is none.
struct Found {
    std::unique_ptr<Xapian::Database> reader;
    std::string damage;
};
[[nodiscard]] Found inspect(const std::filesystem::path& dbDir, bool verify);

// `idx/` names the folder idx: its siblings are made from the name.
[[nodiscard]] std::filesystem::path indexFolder(const std::filesystem::path& given);

} // namespace sufler::indexer::detail
