#pragma once
// `sufler import-drive`: a folder of the ministry's network drive (Word, Excel, PDF, text files
// in folders per department) made into a KB, with a report of what happened to every file.
// The rules of cutting documents into entries are heuristics (docs/import.md); every guess is
// reported. Re-running is safe: unchanged files change nothing, entries edited in the KB since
// the import are never overwritten (the manifest `.sufler-import.json` at the KB root records
// what each source file produced and the hash of each entry as written).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sufler::importer {

// The manifest's name at the KB root.
inline constexpr const char* kManifestName = ".sufler-import.json";

struct ImportOptions {
    std::filesystem::path source; // the copy of the network drive's folder
    std::filesystem::path kb;     // the KB root (made, with a git repository, when missing)
    std::optional<std::filesystem::path> mapFile; // YAML: top folder name → department slug
    std::string department;                       // every file goes to this section
    // The interactive mode: asked once for each top folder that neither the map nor its own
    // name places; returns the section's slug, or empty to leave the folder out. The answers
    // are appended to mapFile (made when missing), so a re-run asks nothing.
    std::function<std::string(const std::string& folder)> askDepartment;
    bool dryRun = false;               // write nothing into the KB
    std::optional<std::string> author; // «Имя <email>»; default: git config
    // Limits of every converter run and of what a document may give.
    std::chrono::seconds timeLimit{60};
    std::uint64_t maxSourceBytes = 100ull * 1024 * 1024;   // a source file
    std::uint64_t maxUnpackedBytes = 200ull * 1024 * 1024; // a .docx/.xlsx unpacked (zip bombs)
    std::uint64_t maxTextBytes = 4ull * 1024 * 1024;       // Markdown of one document
};

// What the import did with one entry.
enum class EntryChange { Added, Updated, Unchanged, Removed, Conflict, Duplicate };

struct EntryOutcome {
    std::string file;  // KB path: departments/families/faq.md
    std::string key;   // the entry's anchor (a table row's, a list item's)
    std::string title; // as written
    std::string kind;  // вопрос, шаблон, контакт, акт, заметка
    EntryChange change = EntryChange::Added;
    std::string note; // for a conflict or a duplicate: with what
};

enum class FileStatus { Imported, Unchanged, Skipped, Failed };

struct SourceOutcome {
    std::string path; // relative to the source folder
    std::string department;
    FileStatus status = FileStatus::Imported;
    std::string reason; // why skipped or failed; what was done (converted from …)
    std::vector<EntryOutcome> entries;
    std::vector<std::string> guesses;     // what to check by hand
    std::vector<std::string> attachments; // KB paths of images kept
};

struct Duplicate {
    std::string title;
    std::vector<std::string> sources; // «путь (отдел)»
};

struct CommitMade {
    std::string what; // the department's slug, or «справочники и сведения об импорте»
    std::string id; // full hex
};

struct ImportReport {
    std::filesystem::path source;
    std::filesystem::path kb;
    bool dryRun = false;
    std::vector<SourceOutcome> files;
    std::vector<std::string> unknownFolders; // top folders with no department in the map
    std::vector<std::pair<std::string, std::string>> answered; // folder → slug, asked this run
    std::vector<Duplicate> duplicates;
    std::vector<CommitMade> commits;
    std::string author; // «Имя <email>»

    // Whether the run changed any file of the KB.
    [[nodiscard]] bool changedAnything() const;
};

// Runs the import. Throws sufler::Error only when nothing can be done at all (no source folder,
// a map that cannot be read, no author for the commits); a bad file is a line of the report.
[[nodiscard]] ImportReport importDrive(const ImportOptions& options);

// Whether `name` can be a section's folder: lowercase Latin letters, digits and «-».
[[nodiscard]] bool isSectionName(std::string_view name);

// The report in Russian Markdown (import-report.md), also printed by the command.
[[nodiscard]] std::string formatReport(const ImportReport& report);

} // namespace sufler::importer
