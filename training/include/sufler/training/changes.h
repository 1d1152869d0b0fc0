#pragma once
// «Что изменилось»: the entries added, changed or removed in the KB's git history since the
// commit a trainee studied last — the re-training list when a new service appears (seed 002,
// §15). Old and new versions of each changed file are read from git (libgit2), parsed as the
// loader parses files, and compared entry by entry; the difference is a line diff of the
// entry's Markdown.
#include "sufler/kb/model.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sufler::training {

enum class ChangeKind { Added, Changed, Removed };

[[nodiscard]] const char* changeKindRu(ChangeKind kind); // «новая», «изменена», «удалена»

struct DiffLine {
    char mark = ' '; // ' ' context, '+' added, '-' removed
    std::string text;
};

struct EntryChange {
    ChangeKind kind = ChangeKind::Changed;
    std::string id;
    std::string title;
    std::string department; // slug; empty for directory/ entries
    kb::EntryKind entryKind = kb::EntryKind::Note;
    std::vector<DiffLine> diff; // the entry's Markdown, old → new
};

struct CommitLine {
    std::string id; // full hex
    std::string date;
    std::string author;
    std::string summary;
};

struct ChangesSince {
    std::string from;                 // the commit studied last (hex)
    std::string to;                   // HEAD (hex)
    std::vector<CommitLine> commits;  // newest first
    std::vector<EntryChange> entries; // by department, then file order
    Diagnostics diagnostics;          // files of either version that did not parse cleanly
};

// HEAD of the repository the KB lives in (hex); nullopt when the KB is not in git or has no
// commits yet.
[[nodiscard]] std::optional<std::string> headCommit(const std::filesystem::path& kbRoot);

// The entries that differ between commit `from` and HEAD. Throws sufler::Error when the KB is
// not in git or `from` is not a commit of its repository.
[[nodiscard]] ChangesSince changesSince(const std::filesystem::path& kbRoot,
                                        const std::string& from);

// The entry as the diff shows it: its heading, other wordings and body.
[[nodiscard]] std::string entryMarkdown(const kb::Entry& entry);

// Plain text for the command line: each entry with its diff (`withDiff`) or just the list.
[[nodiscard]] std::string renderChanges(const ChangesSince& changes, bool withDiff);

} // namespace sufler::training
