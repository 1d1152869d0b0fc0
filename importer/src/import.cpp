// The import's run: walk the drive, convert each file, cut it into entries, merge them into the
// KB's files unit by unit against the manifest, write, commit one commit per department. The
// stages are in scan.cpp, convert_file.cpp and merge.cpp (stages.h).
#include "sufler/importer/import.h"

#include "stages.h"

#include "sufler/core/error.h"
#include "sufler/core/temp_folder.h"
#include "sufler/core/text.h"
#include "sufler/core/xlsx_reader.h"
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/paths.h"
#include "sufler/kb/review.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace sufler::importer {

namespace fs = std::filesystem;
using namespace detail;
using core::startsWith;
using core::toLowerUtf8;
using core::trimmed;

bool ImportReport::changedAnything() const {
    for (const auto& file : files) {
        for (const auto& entry : file.entries) {
            if (entry.change == EntryChange::Added || entry.change == EntryChange::Updated ||
                entry.change == EntryChange::Removed) {
                return true;
            }
        }
        if (!file.attachments.empty() && file.status == FileStatus::Imported) {
            return true;
        }
    }
    return !commits.empty();
}

namespace {

// --- committing ----------------------------------------------------------------------------

kb::git::Person whoImports(const std::optional<kb::git::Repository>& repo,
                           const ImportOptions& options) {
    if (options.author) {
        const auto identity = kb::parseIdentity(*options.author);
        if (!identity) {
            throw Error(fmt::format("--author: «{}» — нужно «Имя <email>»", *options.author));
        }
        return kb::git::personNow(identity->first, identity->second);
    }
    if (repo) {
        if (auto person = repo->configuredPerson()) {
            return *person;
        }
    }
    throw Error("не известно, от чьего имени делать коммиты импорта: задайте git config "
                "user.name и user.email или --author \"Имя <email>\"");
}

std::string relativeToRepo(const fs::path& kbRoot, const kb::git::Repository& repo,
                           const std::string& kbPath) {
    const fs::path rel = fs::relative(fs::weakly_canonical(kbRoot) / kbPath, repo.workdir());
    return rel.generic_string();
}

} // namespace

ImportReport importDrive(const ImportOptions& options) {
    ImportReport report;
    report.source = options.source;
    report.kb = options.kb;
    report.dryRun = options.dryRun;
    std::error_code ec;
    if (!fs::is_directory(options.source, ec)) {
        throw Error(fmt::format("{}: папки нет или она не читается", options.source.string()));
    }
    if (!options.department.empty() && !isSlug(options.department)) {
        throw Error(fmt::format("--department {}: имя раздела — строчные латинские буквы, цифры "
                                "и «-»",
                                options.department));
    }
    std::map<std::string, std::string> folderMap;
    if (options.mapFile) {
        // a map file named for the answers of the interactive mode may not exist yet
        if (!options.askDepartment || fs::exists(*options.mapFile, ec)) {
            folderMap = readMap(*options.mapFile);
        }
    }

    const bool kbExists = fs::is_directory(options.kb, ec);
    std::optional<kb::git::Repository> repo;
    if (kbExists) {
        repo = kb::git::Repository::discover(options.kb);
    }
    kb::git::Person author;
    if (!options.dryRun) {
        if (!kbExists) {
            fs::create_directories(options.kb);
        }
        if (!repo) {
            repo = kb::git::Repository::init(options.kb);
        }
        author = whoImports(repo, options);
        report.author = fmt::format("{} <{}>", author.name, author.email);
    }

    Limits limits;
    limits.process.time = options.timeLimit;
    limits.unpackedBytes = options.maxUnpackedBytes;
    limits.textBytes = options.maxTextBytes;
    limits.process.fileBytes = options.maxUnpackedBytes;

    Walk walk;
    walkFolder(options.source, {}, walk, 0);
    Manifest manifest = readManifest(options.kb / kManifestName);
    Workspace ws{options.kb, {}, {}, {}};
    std::set<std::string> newDepartments; // sections the import creates: title from the folder
    std::map<std::string, std::string> departmentTitles;

    for (const Found& found : walk.files) {
        SourceOutcome outcome;
        outcome.path = found.relative;
        const bool sheet =
            found.type == SourceType::Sheet || found.type == SourceType::ConvertibleSheet;
        std::string slug = options.department;
        if (slug.empty() && !found.topFolder.empty()) {
            if (auto it = folderMap.find(folded(found.topFolder)); it != folderMap.end()) {
                slug = it->second;
            } else if (isSlug(found.topFolder)) {
                slug = found.topFolder;
            }
        }
        if (slug.empty() && !sheet && !found.topFolder.empty() && options.askDepartment) {
            slug = askOnce(options, found.topFolder, folderMap, report);
        }
        if (slug.empty() && !sheet) {
            outcome.status = FileStatus::Skipped;
            if (found.topFolder.empty()) {
                outcome.reason = "файл лежит вне папок отделов — укажите отдел: --department";
            } else {
                outcome.reason = fmt::format("папка «{}» не сопоставлена отделу — добавьте её в "
                                             "файл --map",
                                             found.topFolder);
                if (std::find(report.unknownFolders.begin(), report.unknownFolders.end(),
                              found.topFolder) == report.unknownFolders.end()) {
                    report.unknownFolders.push_back(found.topFolder);
                }
            }
            report.files.push_back(std::move(outcome));
            continue;
        }
        outcome.department = sheet ? "справочник" : slug;
        const auto size = fs::file_size(found.path, ec);
        if (ec || size > options.maxSourceBytes) {
            outcome.status = FileStatus::Failed;
            outcome.reason = ec ? fmt::format("файл не читается: {}", ec.message())
                                : fmt::format("файл больше {} МБ — не переносится; разделите его",
                                              options.maxSourceBytes / (1024 * 1024));
            report.files.push_back(std::move(outcome));
            continue;
        }
        const std::string hash = unitHash(readAll(found.path));
        if (auto it = manifest.find(found.relative); it != manifest.end() &&
                                                     it->second.hash == hash &&
                                                     it->second.department == outcome.department) {
            outcome.status = FileStatus::Unchanged;
            outcome.reason = "не изменился с прошлого импорта";
            report.files.push_back(std::move(outcome));
            continue;
        }
        const std::string stem = [&] {
            std::string s = transliterate(found.path.stem().string());
            return s.empty() ? std::string("dokument") : s;
        }();
        Converted converted = convertFile(found, options, limits, stem);
        if (!converted.problem.empty()) {
            outcome.status = FileStatus::Failed;
            outcome.reason = converted.problem;
            report.files.push_back(std::move(outcome));
            continue;
        }
        outcome.reason = converted.note;
        outcome.guesses = converted.split.guesses;
        for (const auto& left : converted.split.leftOver) {
            outcome.guesses.push_back(fmt::format("текст вне записей не перенесён: «{}»", left));
        }
        std::vector<Produced> produced;
        if (converted.isDirectory) {
            DirectoryRows rows = directoryRows(converted.sheets);
            outcome.guesses.insert(outcome.guesses.end(), rows.guesses.begin(), rows.guesses.end());
            const std::string file = "directory/" + stem + ".md";
            for (auto& row : rows.rows) {
                Produced p;
                p.file = file;
                p.shape = FileShape::Table;
                p.kind = "контакт";
                for (const auto& [column, value] : row) {
                    if (column == "ФИО" || (p.title.empty() && column == "Организация")) {
                        p.title = value;
                    }
                }
                if (p.title.empty()) {
                    p.title = row.front().second;
                }
                p.fields = std::move(row);
                produced.push_back(std::move(p));
            }
        } else {
            produced = producedOf(converted.split, slug);
            if (!fs::exists(options.kb / "departments" / slug / "index.md", ec) &&
                !departmentTitles.count(slug)) {
                departmentTitles[slug] = found.topFolder.empty() ? slug : found.topFolder;
            }
            const std::string filesDir = "departments/" + slug + "/files/";
            for (const auto& [extracted, name] : converted.media) {
                const std::string kbPath = filesDir + name;
                ws.copies[kbPath] = readAll(extracted);
                outcome.attachments.push_back(kbPath);
            }
        }
        if (produced.empty() && outcome.attachments.empty()) {
            outcome.guesses.push_back("в документе не найдено ни вопросов, ни шаблонов, ни "
                                      "контактов, ни актов — перенесите его вручную");
        }
        const std::string department = outcome.department;
        mergeSource(ws, manifest, found.relative, std::move(produced), outcome);
        ManifestSource& record = manifest[found.relative];
        record.hash = hash;
        record.department = department;
        record.attachments = outcome.attachments;
        report.files.push_back(std::move(outcome));
    }
    for (auto& skipped : walk.skipped) {
        report.files.push_back(std::move(skipped));
    }
    std::sort(report.files.begin(), report.files.end(),
              [](const SourceOutcome& a, const SourceOutcome& b) { return a.path < b.path; });
    // Sources gone from the drive: their entries stay, the report says so.
    for (const auto& [path, source] : manifest) {
        const bool present = std::any_of(report.files.begin(), report.files.end(),
                                         [&](const SourceOutcome& f) { return f.path == path; });
        if (!present) {
            SourceOutcome gone;
            gone.path = path;
            gone.department = source.department;
            gone.status = FileStatus::Skipped;
            gone.reason = "файла больше нет на диске; перенесённые из него записи оставлены в "
                          "базе — удалите их вручную, если они больше не нужны";
            report.files.push_back(std::move(gone));
        }
    }

    // The same question in documents of different sections (or files): from the manifest, so
    // unchanged files take part too.
    std::map<std::string, std::set<std::string>> byQuestion;
    std::map<std::string, std::string> titles;
    for (const auto& [path, source] : manifest) {
        for (const auto& e : source.entries) {
            if (e.kind == "вопрос") {
                const std::string key = kb::makeAnchor(folded(e.title));
                byQuestion[key].insert(fmt::format("{} ({})", path, source.department));
                titles.emplace(key, e.title);
            }
        }
    }
    for (const auto& file : report.files) {
        for (const auto& e : file.entries) {
            if (e.change == EntryChange::Duplicate && e.kind == "вопрос") {
                const std::string key = kb::makeAnchor(folded(e.title));
                byQuestion[key].insert(fmt::format("{} ({})", file.path, file.department));
                titles.emplace(key, e.title);
            }
        }
    }
    for (const auto& [key, sources] : byQuestion) {
        if (sources.size() > 1) {
            report.duplicates.push_back(
                Duplicate{titles[key], std::vector<std::string>(sources.begin(), sources.end())});
        }
    }

    if (options.dryRun) {
        return report;
    }

    // Write: new sections' index.md, the KB files that changed, attachments, the manifest.
    std::set<std::string> written;
    for (const auto& [slug, title] : departmentTitles) {
        const bool producesAnything =
            std::any_of(ws.changedFiles.begin(), ws.changedFiles.end(), [&](const std::string& f) {
                return startsWith(f, "departments/" + slug + "/");
            });
        if (!producesAnything) {
            continue;
        }
        const std::string path = "departments/" + slug + "/index.md";
        writeAll(options.kb / path,
                 fmt::format("---\ntitle: {}\n---\n\nРаздел перенесён с сетевого диска (папка "
                             "«{}»). Опишите здесь, за что отвечает отдел, и укажите в заголовке "
                             "руководителя (head) и редакторов (editors).\n",
                             yamlQuoted(title), title));
        written.insert(path);
    }
    for (const auto& path : ws.changedFiles) {
        writeAll(options.kb / path, ws.files.at(path).render());
        written.insert(path);
    }
    for (const auto& [path, bytes] : ws.copies) {
        const fs::path target = options.kb / path;
        if (!fs::exists(target, ec) || readAll(target) != bytes) {
            writeAll(target, bytes);
            written.insert(path);
        }
    }
    if (!fs::exists(options.kb / "sufler.yaml", ec)) {
        writeAll(options.kb / "sufler.yaml", "organization: \"Укажите название организации\"\n");
        written.insert("sufler.yaml");
    }
    const std::string manifestNow = manifestText(manifest);
    const fs::path manifestFile = options.kb / kManifestName;
    if (!fs::exists(manifestFile, ec) || readAll(manifestFile) != manifestNow) {
        writeAll(manifestFile, manifestNow);
        written.insert(kManifestName);
    }

    // One commit per section, then one for the directories, the profile and the manifest.
    std::map<std::string, std::vector<std::string>> bySection;
    std::vector<std::string> rest;
    for (const auto& path : written) {
        if (startsWith(path, "departments/")) {
            const auto slash = path.find('/', 12);
            bySection[path.substr(12, slash - 12)].push_back(
                relativeToRepo(options.kb, *repo, path));
        } else {
            rest.push_back(relativeToRepo(options.kb, *repo, path));
        }
    }
    const std::string sourceName = core::toValidUtf8(options.source.filename().string());
    for (const auto& [slug, paths] : bySection) {
        const std::string id = repo->commit(
            paths,
            fmt::format("Импорт с сетевого диска: раздел {}\n\nПеренесено командой sufler "
                        "import-drive из папки «{}».\n",
                        slug, sourceName),
            author, author);
        report.commits.push_back(CommitMade{slug, id});
    }
    if (!rest.empty()) {
        const std::string id = repo->commit(
            rest,
            fmt::format("Импорт с сетевого диска: справочники и сведения об импорте\n\n"
                        "Перенесено командой sufler import-drive из папки «{}».\n",
                        sourceName),
            author, author);
        report.commits.push_back(CommitMade{"справочники и сведения об импорте", id});
    }
    return report;
}

bool isSectionName(std::string_view name) {
    return isSlug(name);
}

} // namespace sufler::importer
