#pragma once
// The import's stages, one source file each: scan.cpp reads the drive, the department map and
// the manifest of the last import; convert_file.cpp makes one file into pieces (or directory
// rows); merge.cpp puts the pieces into the KB's files; import.cpp runs them and commits.
#include "sufler/importer/import.h"

#include "convert.h"
#include "kb_file.h"
#include "split.h"

#include "sufler/core/xlsx_reader.h"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sufler::importer::detail {

// --- names -------------------------------------------------------------------------------

[[nodiscard]] std::string transliterate(std::string_view text);

[[nodiscard]] bool isSlug(std::string_view name);

[[nodiscard]] std::string folded(std::string_view text);

[[nodiscard]] std::string readAll(const std::filesystem::path& file);

void writeAll(const std::filesystem::path& file, std::string_view text);

[[nodiscard]] std::string yamlQuoted(std::string_view text);

// --- the department map --------------------------------------------------------------------

[[nodiscard]] std::map<std::string, std::string> readMap(const std::filesystem::path& file);

// The interactive mode's question for a folder the map does not name, asked once: the answer
// goes into the map for the rest of the run and, unless it is a dry run, into the map file.
[[nodiscard]] std::string askOnce(const ImportOptions& options, const std::string& folder,
                                  std::map<std::string, std::string>& folderMap,
                                  ImportReport& report);

// --- the manifest --------------------------------------------------------------------------

struct ManifestEntry {
    std::string file;
    std::string key;
    std::string hash;
    std::string kind;
    std::string title;
};

struct ManifestSource {
    std::string hash;
    std::string department;
    std::vector<ManifestEntry> entries;
    std::vector<std::string> attachments;
};

using Manifest = std::map<std::string, ManifestSource>;

[[nodiscard]] Manifest readManifest(const std::filesystem::path& file);

[[nodiscard]] std::string manifestText(const Manifest& manifest);

// --- walking the drive ---------------------------------------------------------------------

enum class SourceType { Word, Convertible, Sheet, ConvertibleSheet, Pdf, Text, Unknown };

struct Found {
    std::filesystem::path path;
    std::string relative; // '/'-separated, UTF-8 as on the drive
    std::string topFolder;
    SourceType type = SourceType::Unknown;
};

struct Walk {
    std::vector<Found> files;
    std::vector<SourceOutcome> skipped;
};

void walkFolder(const std::filesystem::path& root, const std::filesystem::path& relative,
                Walk& walk, int depth);

// --- converting one file -------------------------------------------------------------------

struct Converted {
    std::string problem;
    std::string note; // «перекодирован из Windows-1251», «проверить: текст из PDF»
    SplitDocument split;
    std::vector<std::pair<std::filesystem::path, std::string>>
        media; // extracted file → its name in files/
    std::vector<core::Table> sheets;
    bool isDirectory = false; // an Excel directory, not a document
};

[[nodiscard]] Converted convertFile(const Found& found, const ImportOptions& options,
                                    const Limits& limits, const std::string& stem);

// --- Excel directories ---------------------------------------------------------------------

struct DirectoryRows {
    std::vector<std::vector<std::pair<std::string, std::string>>> rows;
    std::vector<std::string> guesses;
};

[[nodiscard]] DirectoryRows directoryRows(const std::vector<core::Table>& sheets);

// --- merging into the KB -------------------------------------------------------------------

struct Produced {
    std::string file; // KB path
    FileShape shape;
    std::string kind; // for the report
    std::string title;
    std::string text; // the unit as it is to be written (Table: filled in at merge time)
    std::vector<std::pair<std::string, std::string>> fields; // Table units
};

struct Workspace {
    std::filesystem::path kb;
    std::map<std::string, KbFile> files;       // loaded or new, by KB path
    std::set<std::string> changedFiles;        // KB paths to write
    std::map<std::string, std::string> copies; // KB path of an attachment → its bytes

    // The file at a KB path: read from the KB (or begun empty) on first use.
    KbFile& file(const std::string& path);
};

// One source's entries into the KB's files, against what the manifest says it produced before.
void mergeSource(Workspace& ws, Manifest& manifest, const std::string& sourcePath,
                 std::vector<Produced> produced, SourceOutcome& outcome);

[[nodiscard]] std::vector<Produced> producedOf(const SplitDocument& split, const std::string& slug);

} // namespace sufler::importer::detail
