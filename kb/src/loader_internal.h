#pragma once
// Parts of the loader shared between its source files (internal to the kb module).
#include "sufler/kb/kb.h"
#include "sufler/kb/model.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::kb::detail {

void addDiagnostic(Diagnostics& out, std::string path, int line, Severity severity,
                   std::string message);

// Reads a KB file (relative path) through readRegularFile (kb.h): refuses names the index or a
// checkout cannot hold, links, pipes and devices, files over the size limit, and text that is
// not UTF-8 (each a diagnostic, then nullopt). Strips a BOM and turns CRLF into LF, so line
// numbers match what editors show.
[[nodiscard]] std::optional<std::string> readKbFile(const std::filesystem::path& root,
                                                    const std::string& relativePath,
                                                    std::uintmax_t maxFileSize,
                                                    Diagnostics& diagnostics);

// The text of a KB file as the parsers get it, whether read from disk or from git: strips a
// BOM, refuses text that is not UTF-8 (a diagnostic, then false) and turns CRLF and lone CRs
// into LF, so line numbers match what editors show.
[[nodiscard]] bool normalizeKbText(std::string& text, const std::string& relativePath,
                                   Diagnostics& diagnostics);

// The KB holds regular files and folders only; a link is reported and skipped like this.
inline constexpr std::string_view kSymlinkProblem =
    "символическая ссылка (в базе знаний только обычные файлы и папки): пропущена — положите "
    "сюда сам файл";

// Why a file or folder of this name is skipped (paths.h rules), as a diagnostic; nullopt when
// the name is fine. `atRoot`: the name is directly in the KB's root.
[[nodiscard]] std::optional<std::string> nameToSkip(std::string_view name, bool atRoot,
                                                    bool folder);

// Everything under the root but .git, checked for what a KB may not hold (kb/paths.h names, links,
// pipes and devices, paths too long or deep, files over the size limit): what `sufler lint`
// and the push hook refuse, so that a department head sees it before pushing.
void checkTree(const std::filesystem::path& root, std::uintmax_t maxFileSize,
               Diagnostics& diagnostics);

struct FrontMatter {
    bool present = false;
    std::string yaml;  // the text between the `---` lines
    int firstLine = 0; // file line of the first YAML line
};

// Cuts YAML front matter off a Markdown text, replacing its lines by empty ones so that the
// line numbers of the rest stay those of the file.
[[nodiscard]] FrontMatter extractFrontMatter(std::string& text, const std::string& path,
                                             Diagnostics& diagnostics);

// What one KB file yields.
struct ParsedFile {
    std::vector<Entry> entries;
    std::optional<Department> department; // for departments/<slug>/index.md
    std::vector<Link> links;
};

// Parses the text of one Markdown file of the KB (after readKbFile).
[[nodiscard]] ParsedFile parseKbFile(const std::string& relativePath, std::string text,
                                     Diagnostics& diagnostics);

[[nodiscard]] Profile parseProfile(const std::string& text, const std::string& path,
                                   Diagnostics& diagnostics);
[[nodiscard]] std::vector<ChangeNotice>
parseChanges(const std::string& text, const std::string& path, Diagnostics& diagnostics);

} // namespace sufler::kb::detail
