#pragma once
// Which file and folder names a KB may hold. The central repository's hook refuses a push with
// any other name, and `sufler lint` reports them, so a department head sees it before pushing.
// A name must survive a checkout on Windows and macOS (department heads edit there), a Xapian
// key, and must never lead anything that writes the tree out of its folder.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sufler::kb {

// One component of a path, in bytes of UTF-8 (ext4 allows 255; the index's keys need room for
// the department and the entry's anchor beside it).
inline constexpr std::size_t kMaxNameBytes = 200;
// A whole path relative to the KB's root.
inline constexpr std::size_t kMaxPathBytes = 1024;
// Folders below the root: departments/<slug>/… needs three; the rest is room, not a need.
inline constexpr std::size_t kMaxDepth = 16;

// Why `name` (one path component, no '/') cannot be in a KB, in Russian; nullopt when it can.
// `atRoot`: names beginning with ".git" (.gitattributes, .gitignore) are the administrators'
// files at the root only.
[[nodiscard]] std::optional<std::string> nameProblem(std::string_view name, bool atRoot = false);

} // namespace sufler::kb
