#pragma once
// Loading a KB from disk. Problems become diagnostics; nothing is thrown past the loader
// except for a root that does not exist at all.
#include "sufler/kb/model.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sufler::kb {

struct LoadOptions {
    bool withGit = true; // read the last commit per department through libgit2
    // Larger files are diagnosed and skipped without being read.
    std::uintmax_t maxFileSize = 5 * 1024 * 1024;
};

// Reads one file of a KB (path relative to the root) as the loader reads every file: no part
// of the path may be a symbolic link, the file must be a regular one — a pipe or a device is
// never waited on nor read without end — and it may hold at most maxFileSize bytes. Returns
// the bytes as they are; otherwise nullopt and, in `problem`, why (Russian, for a diagnostic).
[[nodiscard]] std::optional<std::string> readRegularFile(const std::filesystem::path& root,
                                                         const std::string& relativePath,
                                                         std::uintmax_t maxFileSize,
                                                         std::string& problem);

[[nodiscard]] KnowledgeBase load(const std::filesystem::path& root,
                                 const LoadOptions& options = {});

// Only the organisation profile, `<root>/sufler.yaml`, read and checked as load() does (for
// programs that need the lists and the calendar but not the entries).
[[nodiscard]] Profile loadProfile(const std::filesystem::path& root, Diagnostics& diagnostics,
                                  const LoadOptions& options = {});

// The Markdown files of the KB that hold entries (departments/*/*.md, directory/*.md),
// relative to the root and sorted. The indexer uses it to see what changed.
[[nodiscard]] std::vector<std::string> listEntryFiles(const std::filesystem::path& root);

// Entries of one file (relative path), for incremental re-indexing.
[[nodiscard]] std::vector<Entry> loadFileEntries(const std::filesystem::path& root,
                                                 const std::string& relativePath,
                                                 Diagnostics& diagnostics);

// Entries of one KB file given its text rather than reading it from disk (an older version
// read from git, for «что изменилось»), parsed exactly as the loader parses files.
// `relativePath` is the file's path in the KB (it makes the ids); a BOM and CRLF are handled
// as on disk; text that is not UTF-8 is a diagnostic and yields no entries.
[[nodiscard]] std::vector<Entry> parseFileEntries(const std::string& relativePath, std::string text,
                                                  Diagnostics& diagnostics);

// GitHub-style anchor of a heading: lower case, only letters, digits, space, '-', '_';
// spaces become '-'. Cyrillic stays.
[[nodiscard]] std::string makeAnchor(std::string_view heading);

// Unique anchors for the headings of one file, as GitHub assigns them: `x`, `x-1`, `x-2`…, and
// a heading that itself reads `x-1` after those gets `x-1-1`, so no two headings share one.
class AnchorSet {
public:
    [[nodiscard]] std::string unique(std::string_view heading);

private:
    std::map<std::string, int> m_occurrences;
};

// The column names of contact tables that the format defines (`ФИО`, `Телефон`, …), in the
// spelling the loader stores them in Entry::fields. Other columns are kept as written.
[[nodiscard]] const std::vector<std::string>& knownContactColumns();

// The default KB: the demo shipped with the program.
[[nodiscard]] std::filesystem::path defaultKbRoot();

} // namespace sufler::kb
