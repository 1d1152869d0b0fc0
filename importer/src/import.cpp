// The import's run: walk the drive, convert each file, cut it into entries, merge them into the
// KB's files unit by unit against the manifest, write, commit one commit per department.
#include "sufler/importer/import.h"

#include "convert.h"
#include "kb_file.h"
#include "split.h"

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

// --- names -------------------------------------------------------------------------------

std::string transliterate(std::string_view text) {
    static const std::map<char32_t, std::string_view> table = {
        {U'а', "a"},  {U'б', "b"},  {U'в', "v"},    {U'г', "g"}, {U'д', "d"},  {U'е', "e"},
        {U'ё', "e"},  {U'ж', "zh"}, {U'з', "z"},    {U'и', "i"}, {U'й', "i"},  {U'к', "k"},
        {U'л', "l"},  {U'м', "m"},  {U'н', "n"},    {U'о', "o"}, {U'п', "p"},  {U'р', "r"},
        {U'с', "s"},  {U'т', "t"},  {U'у', "u"},    {U'ф', "f"}, {U'х', "kh"}, {U'ц', "ts"},
        {U'ч', "ch"}, {U'ш', "sh"}, {U'щ', "shch"}, {U'ъ', ""},  {U'ы', "y"},  {U'ь', ""},
        {U'э', "e"},  {U'ю', "iu"}, {U'я', "ia"}};
    const std::string lower = toLowerUtf8(text);
    std::string out;
    std::size_t pos = 0;
    while (pos < lower.size()) {
        const char32_t cp = core::decodeUtf8(lower, pos);
        if ((cp >= U'a' && cp <= U'z') || (cp >= U'0' && cp <= U'9')) {
            out.push_back(static_cast<char>(cp));
        } else if (auto it = table.find(cp); it != table.end()) {
            out += it->second;
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
        if (out.size() >= 60) {
            break;
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

bool isSlug(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

std::string folded(std::string_view text) {
    std::string lower = toLowerUtf8(core::trim(text));
    std::string out;
    std::size_t pos = 0;
    while (pos < lower.size()) {
        char32_t cp = core::decodeUtf8(lower, pos);
        core::appendUtf8(out, cp == U'ё' ? U'е' : cp);
    }
    return out;
}

std::string readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void writeAll(const fs::path& file, std::string_view text) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
        throw Error(fmt::format("{}: не удалось записать файл", file.string()));
    }
}

std::string yamlQuoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c == '\n' ? ' ' : c);
    }
    return out + "\"";
}

// --- the department map --------------------------------------------------------------------

std::map<std::string, std::string> readMap(const fs::path& file) {
    std::map<std::string, std::string> map;
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (const YAML::Exception& e) {
        throw Error(fmt::format("{}:{}: ошибка YAML: {}", file.string(), e.mark.line + 1,
                                core::toValidUtf8(e.msg)));
    }
    if (root.IsNull()) {
        return map;
    }
    if (!root.IsMap()) {
        throw Error(fmt::format("{}: ожидались строки «папка: отдел» (например, «Отдел семей: "
                                "families»)",
                                file.string()));
    }
    for (const auto& item : root) {
        const std::string folder = item.first.as<std::string>();
        const std::string slug = item.second.IsScalar() ? item.second.as<std::string>() : "";
        if (!isSlug(slug)) {
            throw Error(fmt::format("{}:{}: «{}»: отдел должен быть именем папки раздела — "
                                    "строчные латинские буквы, цифры и «-» (например, families)",
                                    file.string(), item.first.Mark().line + 1, folder));
        }
        map[folded(folder)] = slug;
    }
    return map;
}

// The interactive mode's question for a folder the map does not name, asked once: the answer
// goes into the map for the rest of the run and, unless it is a dry run, into the map file.
std::string askOnce(const ImportOptions& options, const std::string& folder,
                    std::map<std::string, std::string>& folderMap, ImportReport& report) {
    const std::string key = folded(folder);
    if (const auto known = folderMap.find(key); known != folderMap.end()) {
        return known->second;
    }
    std::string slug = core::trimmed(options.askDepartment(folder));
    if (!isSlug(slug)) {
        slug.clear(); // not a section's name: the folder is left out, as an empty answer does
    }
    folderMap[key] = slug;
    if (slug.empty()) {
        return slug;
    }
    report.answered.emplace_back(folder, slug);
    if (options.mapFile && !options.dryRun) {
        YAML::Emitter line;
        line << YAML::BeginMap << YAML::Key << folder << YAML::Value << slug << YAML::EndMap;
        std::ofstream out(*options.mapFile, std::ios::binary | std::ios::app);
        out << line.c_str() << '\n';
        if (!out) {
            throw Error(fmt::format("{}: не удалось дописать ответ", options.mapFile->string()));
        }
    }
    return slug;
}

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

Manifest readManifest(const fs::path& file) {
    Manifest manifest;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        return manifest;
    }
    try {
        const auto json = nlohmann::json::parse(readAll(file));
        for (const auto& [path, source] : json.at("sources").items()) {
            ManifestSource s;
            s.hash = source.at("hash").get<std::string>();
            s.department = source.value("department", "");
            for (const auto& e : source.at("entries")) {
                s.entries.push_back(ManifestEntry{e.at("file"), e.at("key"), e.at("hash"),
                                                  e.value("kind", ""), e.value("title", "")});
            }
            for (const auto& a : source.value("attachments", nlohmann::json::array())) {
                s.attachments.push_back(a.get<std::string>());
            }
            manifest[path] = std::move(s);
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: сведения о прошлом импорте не читаются ({}) — восстановите "
                                "файл из git",
                                file.string(), e.what()));
    }
    return manifest;
}

std::string manifestText(const Manifest& manifest) {
    nlohmann::ordered_json sources = nlohmann::ordered_json::object();
    for (const auto& [path, source] : manifest) {
        nlohmann::ordered_json entries = nlohmann::ordered_json::array();
        for (const auto& e : source.entries) {
            entries.push_back({{"file", e.file},
                               {"key", e.key},
                               {"hash", e.hash},
                               {"kind", e.kind},
                               {"title", e.title}});
        }
        sources[path] = {{"hash", source.hash},
                         {"department", source.department},
                         {"entries", entries},
                         {"attachments", source.attachments}};
    }
    nlohmann::ordered_json root = {{"format", 1}, {"sources", sources}};
    return root.dump(2) + "\n";
}

// --- walking the drive ---------------------------------------------------------------------

enum class SourceType { Word, Convertible, Sheet, ConvertibleSheet, Pdf, Text, Unknown };

SourceType typeOf(const fs::path& path) {
    const std::string ext = toLowerUtf8(path.extension().string());
    if (ext == ".docx") {
        return SourceType::Word;
    }
    if (ext == ".doc" || ext == ".odt" || ext == ".rtf") {
        return SourceType::Convertible;
    }
    if (ext == ".xlsx") {
        return SourceType::Sheet;
    }
    if (ext == ".xls" || ext == ".ods") {
        return SourceType::ConvertibleSheet;
    }
    if (ext == ".pdf") {
        return SourceType::Pdf;
    }
    if (ext == ".txt" || ext == ".md") {
        return SourceType::Text;
    }
    return SourceType::Unknown;
}

struct Found {
    fs::path path;
    std::string relative; // '/'-separated, UTF-8 as on the drive
    std::string topFolder;
    SourceType type = SourceType::Unknown;
};

struct Walk {
    std::vector<Found> files;
    std::vector<SourceOutcome> skipped;
};

SourceOutcome skippedFile(std::string relative, std::string reason) {
    SourceOutcome out;
    out.path = std::move(relative);
    out.status = FileStatus::Skipped;
    out.reason = std::move(reason);
    return out;
}

// A path as the report shows it: a path too long to read is cut in the middle.
std::string displayName(const fs::path& relative) {
    const std::string text = core::toValidUtf8(relative.generic_string());
    if (text.size() <= 400) {
        return text;
    }
    std::size_t head = 150;
    while (head < text.size() && (static_cast<unsigned char>(text[head]) & 0xC0) == 0x80) {
        ++head;
    }
    std::size_t tail = text.size() - 150;
    while (tail < text.size() && (static_cast<unsigned char>(text[tail]) & 0xC0) == 0x80) {
        ++tail;
    }
    return text.substr(0, head) + "…" + text.substr(tail);
}

void walkFolder(const fs::path& root, const fs::path& relative, Walk& walk, int depth) {
    const fs::path dir = root / relative;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        walk.skipped.push_back(skippedFile(
            displayName(relative.empty() ? fs::path(".") : relative),
            ec == std::errc::filename_too_long
                ? "путь длиннее предела файловой системы — папка не прочитана; сократите имена "
                  "папок"
                : fmt::format("папка не читается: {}", ec.message())));
        return;
    }
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
            break;
        }
        entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& entry : entries) {
        const std::string name = entry.path().filename().string();
        const fs::path rel = relative / name;
        const std::string shown = displayName(rel);
        std::error_code statusEc;
        const auto status = entry.symlink_status(statusEc);
        if (statusEc == std::errc::filename_too_long) {
            walk.skipped.push_back(skippedFile(
                shown, "путь длиннее предела файловой системы — не прочитан; сократите имена "
                       "папок"));
            continue;
        }
        if (startsWith(name, "~$")) {
            walk.skipped.push_back(skippedFile(shown, "временный файл Word/Excel (файл "
                                                      "блокировки открытого документа)"));
            continue;
        }
        if (startsWith(name, ".")) {
            walk.skipped.push_back(skippedFile(shown, "скрытый файл или папка"));
            continue;
        }
        if (fs::is_symlink(status)) {
            walk.skipped.push_back(skippedFile(shown, "символическая ссылка — не переносится"));
            continue;
        }
        if (core::findInvalidUtf8(name) != std::string::npos) {
            walk.skipped.push_back(
                skippedFile(shown, "имя не в UTF-8 (скопировано с диска без перекодировки имён) — "
                                   "переименуйте файл"));
            continue;
        }
        if (fs::is_directory(status)) {
            if (depth >= 32) {
                walk.skipped.push_back(skippedFile(shown, "слишком глубокая вложенность папок"));
                continue;
            }
            walkFolder(root, rel, walk, depth + 1);
            continue;
        }
        if (!fs::is_regular_file(status)) {
            walk.skipped.push_back(skippedFile(shown, "не обычный файл"));
            continue;
        }
        const std::string lower = toLowerUtf8(name);
        if (lower == "thumbs.db" || lower == "desktop.ini") {
            walk.skipped.push_back(skippedFile(shown, "служебный файл Windows"));
            continue;
        }
        Found found;
        found.path = root / rel;
        found.relative = shown;
        found.type = typeOf(rel);
        const std::string generic = rel.generic_string();
        if (generic.find('/') != std::string::npos) {
            found.topFolder = generic.substr(0, generic.find('/'));
        }
        if (found.type == SourceType::Unknown) {
            walk.skipped.push_back(skippedFile(
                shown, fmt::format("формат «{}» не переносится (переносятся .docx, .doc, .odt, "
                                   ".rtf, .xlsx, .xls, .ods, .pdf, .txt)",
                                   rel.extension().string().empty()
                                       ? "без расширения"
                                       : core::toValidUtf8(rel.extension().string()))));
            continue;
        }
        walk.files.push_back(std::move(found));
    }
}

// --- converting one file -------------------------------------------------------------------

struct Converted {
    std::string problem;
    std::string note; // «перекодирован из Windows-1251», «проверить: текст из PDF»
    SplitDocument split;
    std::vector<std::pair<fs::path, std::string>> media; // extracted file → its name in files/
    std::vector<core::Table> sheets;
    bool isDirectory = false; // an Excel directory, not a document
};

// Image links of pandoc (`![](…/media/x.png)`, `<img src="…">`) → `files/<stem>-x.png`.
std::string relinkImages(const std::string& markdown, const fs::path& mediaDir,
                         const std::string& stem,
                         std::vector<std::pair<fs::path, std::string>>& media) {
    const std::string prefix = fs::absolute(mediaDir).string() + "/";
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const auto found = markdown.find(prefix, pos);
        if (found == std::string::npos) {
            out += markdown.substr(pos);
            break;
        }
        auto end = markdown.find_first_of(")\" \n", found);
        if (end == std::string::npos) {
            end = markdown.size();
        }
        const fs::path file = markdown.substr(found, end - found);
        const std::string name = stem + "-" + transliterate(file.stem().string()) +
                                 toLowerUtf8(file.extension().string());
        media.emplace_back(file, name);
        out += markdown.substr(pos, found - pos) + "files/" + name;
        pos = end;
    }
    // Sized images come as raw HTML: the KB's Markdown keeps the link only.
    std::string result;
    pos = 0;
    while (true) {
        const auto img = out.find("<img src=\"", pos);
        if (img == std::string::npos) {
            result += out.substr(pos);
            break;
        }
        const auto srcStart = img + 10;
        const auto srcEnd = out.find('"', srcStart);
        const auto close = out.find('>', srcEnd == std::string::npos ? img : srcEnd);
        if (srcEnd == std::string::npos || close == std::string::npos) {
            result += out.substr(pos);
            break;
        }
        result +=
            out.substr(pos, img - pos) + "![](" + out.substr(srcStart, srcEnd - srcStart) + ")";
        pos = close + 1;
    }
    return result;
}

// LibreOffice opens any bytes as a text document: a .doc that is no Word file must be refused
// before it, not imported as gibberish.
std::optional<std::string> notWhatItSays(const fs::path& file, const std::string& ext) {
    const std::string head = readAll(file).substr(0, 8);
    const bool ole = isOleContainer(file);
    const bool zip = startsWith(head, "PK\x03\x04");
    const bool rtf = startsWith(head, "{\\rtf");
    bool fits = true;
    if (ext == ".doc") {
        fits = ole || rtf || zip; // Word saves RTF and .docx under .doc too
    } else if (ext == ".xls") {
        fits = ole || zip;
    } else if (ext == ".odt" || ext == ".ods") {
        fits = zip;
    } else if (ext == ".rtf") {
        fits = rtf;
    } else if (ext == ".pdf") {
        fits = startsWith(head, "%PDF");
    }
    if (fits) {
        return std::nullopt;
    }
    return fmt::format("файл повреждён: по содержимому это не {} (возможно, он обрезан при "
                       "копировании или это файл другого формата)",
                       ext);
}

Converted convertFile(const Found& found, const ImportOptions& options, const Limits& limits,
                      const std::string& stem) {
    Converted out;
    const core::TempFolder temp("sufler-import", "для конвертации");
    // The converters see a plain name in a folder of their own: nothing of the drive's names
    // (leading dashes, spaces, quotes) reaches their command lines or their output names.
    const std::string ext = toLowerUtf8(found.path.extension().string());
    const fs::path input = temp.path() / ("source" + ext);
    std::error_code ec;
    fs::copy_file(found.path, input, ec);
    if (ec) {
        out.problem = fmt::format("файл не читается: {}", ec.message());
        return out;
    }
    const fs::path profile = temp.path() / "office-profile";
    fs::path docx = input;
    SourceType type = found.type;
    if ((type == SourceType::Word || type == SourceType::Sheet) && isOleContainer(input)) {
        if (isEncryptedOffice(input)) {
            out.problem = "документ защищён паролем (зашифрованный файл Office) — снимите пароль "
                          "и сохраните заново";
            return out;
        }
        // An old .doc/.xls renamed: LibreOffice reads it as what it is.
        type = type == SourceType::Word ? SourceType::Convertible : SourceType::ConvertibleSheet;
    }
    if (auto problem = notWhatItSays(input, ext)) {
        out.problem = *problem;
        return out;
    }
    switch (type) {
    case SourceType::Convertible: {
        const Made made = convertWithOffice(input, "docx", temp.path() / "office", profile, limits);
        if (!made.problem.empty()) {
            out.problem = made.problem;
            return out;
        }
        docx = made.file;
        out.note = fmt::format("преобразован LibreOffice из {} в .docx",
                               type == found.type ? ext : "старого формата Word");
        [[fallthrough]];
    }
    case SourceType::Word: {
        if (auto problem = zipProblem(docx, limits.unpackedBytes)) {
            out.problem = *problem;
            return out;
        }
        const fs::path mediaDir = temp.path() / "media";
        const Made made = docxToMarkdown(docx, mediaDir, limits);
        if (!made.problem.empty()) {
            out.problem = made.problem;
            return out;
        }
        const std::string text = relinkImages(made.text, mediaDir, stem, out.media);
        out.split = splitDocument(text);
        return out;
    }
    case SourceType::ConvertibleSheet:
    case SourceType::Sheet: {
        fs::path xlsx = input;
        if (type == SourceType::ConvertibleSheet) {
            const Made made =
                convertWithOffice(input, "xlsx", temp.path() / "office", profile, limits);
            if (!made.problem.empty()) {
                out.problem = made.problem;
                return out;
            }
            xlsx = made.file;
            out.note = fmt::format("преобразован LibreOffice из {} в .xlsx", ext);
        }
        if (auto problem = zipProblem(xlsx, limits.unpackedBytes)) {
            out.problem = *problem;
            return out;
        }
        try {
            for (auto& table : core::readXlsx(xlsx)) {
                out.sheets.push_back(core::withMergedFilled(std::move(table)));
            }
        } catch (const Error& e) {
            out.problem = fmt::format("таблица не читается: {}",
                                      std::string(e.what()).substr(xlsx.string().size() + 2));
            return out;
        }
        out.isDirectory = true;
        return out;
    }
    case SourceType::Pdf: {
        const Made made = pdfToText(input, limits);
        if (!made.problem.empty()) {
            out.problem = made.problem;
            return out;
        }
        out.note = "текст извлечён из PDF (pdftotext): проверьте записи — разбивка и таблицы "
                   "PDF распознаются хуже, чем в Word";
        out.split = splitDocument(made.text);
        out.split.guesses.push_back("весь файл — текст из PDF: проверьте каждую запись");
        return out;
    }
    case SourceType::Text: {
        std::string text = readAll(input);
        if (startsWith(text, "\xEF\xBB\xBF")) {
            text.erase(0, 3);
        }
        if (core::findInvalidUtf8(text) != std::string::npos) {
            text = core::cp1251ToUtf8(text);
            out.note = "текст в кодировке Windows-1251 перекодирован в UTF-8";
        }
        if (text.size() > limits.textBytes) {
            out.problem = "текст слишком большой для одного файла базы знаний — разделите его";
            return out;
        }
        out.split = splitDocument(text);
        return out;
    }
    case SourceType::Unknown:
        break;
    }
    (void)options;
    out.problem = "формат не переносится";
    return out;
}

// --- Excel directories ---------------------------------------------------------------------

struct DirectoryRows {
    std::vector<std::vector<std::pair<std::string, std::string>>> rows;
    std::vector<std::string> guesses;
};

DirectoryRows directoryRows(const std::vector<core::Table>& sheets) {
    DirectoryRows out;
    for (const core::Table& sheet : sheets) {
        // The header: among the first rows, the last one with at least two known columns
        // (a merged «Контакты» above «Телефон | Кабинет» is one row higher).
        int headerRow = -1;
        std::vector<std::string> columns;
        for (std::size_t r = 0; r < sheet.rows.size() && r < 15; ++r) {
            std::vector<std::string> names;
            int known = 0;
            for (const auto& cell : sheet.rows[r].cells) {
                names.push_back(contactColumn(cell));
                known += names.back().empty() ? 0 : 1;
            }
            if (known >= 2) {
                if (headerRow >= 0 && static_cast<std::size_t>(headerRow) + 1 != r) {
                    break;
                }
                // Columns a lower header row leaves unnamed keep the name from above.
                for (std::size_t c = 0; c < names.size(); ++c) {
                    if (names[c].empty() && c < columns.size()) {
                        names[c] = columns[c];
                    }
                }
                headerRow = static_cast<int>(r);
                columns = std::move(names);
            } else if (headerRow >= 0) {
                break;
            }
        }
        if (headerRow < 0) {
            out.guesses.push_back(fmt::format(
                "лист «{}»: не найдены заголовки столбцов (ФИО, Должность, Телефон…) — лист не "
                "перенесён",
                sheet.name));
            continue;
        }
        const bool hasOrganization =
            std::find(columns.begin(), columns.end(), "Организация") != columns.end();
        std::string section;
        int count = 0;
        for (std::size_t r = static_cast<std::size_t>(headerRow) + 1; r < sheet.rows.size(); ++r) {
            const auto& cells = sheet.rows[r].cells;
            std::set<std::string> distinct;
            for (const auto& cell : cells) {
                if (!core::trim(cell).empty()) {
                    distinct.insert(trimmed(cell));
                }
            }
            if (distinct.empty()) {
                continue;
            }
            if (distinct.size() == 1 && cells.size() > 1 &&
                std::count_if(cells.begin(), cells.end(),
                              [](const std::string& c) { return !core::trim(c).empty(); }) != 1) {
                section = *distinct.begin(); // a merged row across the table: a department
                continue;
            }
            if (distinct.size() == 1 && columns.size() > 1 && !cells.empty() &&
                std::count_if(cells.begin(), cells.end(),
                              [](const std::string& c) { return !core::trim(c).empty(); }) == 1 &&
                !core::trim(cells[0]).empty() && contactColumn(columns[0]) == "ФИО" &&
                cells.size() == 1) {
                section = *distinct.begin();
                continue;
            }
            std::vector<std::pair<std::string, std::string>> row;
            for (std::size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
                if (!columns[c].empty() && !core::trim(cells[c]).empty()) {
                    row.emplace_back(columns[c], trimmed(cells[c]));
                }
            }
            if (row.empty()) {
                continue;
            }
            if (!hasOrganization && !section.empty()) {
                row.emplace_back("Организация", section);
            }
            out.rows.push_back(std::move(row));
            ++count;
        }
        std::string names;
        for (const auto& c : columns) {
            if (!c.empty() && names.find(c) == std::string::npos) {
                names += (names.empty() ? "" : ", ") + c;
            }
        }
        out.guesses.push_back(fmt::format("лист «{}» перенесён как контакты, строк: {} (столбцы: "
                                          "{}; заголовок — строка {})",
                                          sheet.name, count, names,
                                          sheet.rows[static_cast<std::size_t>(headerRow)].line));
    }
    return out;
}

// --- merging into the KB -------------------------------------------------------------------

struct Produced {
    std::string file; // KB path
    FileShape shape;
    std::string kind; // for the report
    std::string title;
    std::string text; // the unit as it is to be written (Table: filled in at merge time)
    std::vector<std::pair<std::string, std::string>> fields; // Table units
};

FileShape shapeOf(const std::string& file) {
    if (file.ends_with("/contacts.md") || startsWith(file, "directory/")) {
        return FileShape::Table;
    }
    if (file.ends_with("/npa.md")) {
        return FileShape::List;
    }
    return FileShape::Sections;
}

std::string newFileHead(const std::string& file) {
    if (startsWith(file, "directory/")) {
        return "# Справочник\n\nПеренесён с сетевого диска (sufler import-drive).\n\n";
    }
    if (file.ends_with("/faq.md")) {
        return "# Вопросы и ответы\n";
    }
    if (file.ends_with("/templates.md")) {
        return "# Шаблоны ответов\n";
    }
    if (file.ends_with("/contacts.md")) {
        return "# Контакты\n\n";
    }
    if (file.ends_with("/npa.md")) {
        return "# Нормативные правовые акты\n\n";
    }
    return "";
}

std::string sectionUnit(const std::string& title, const std::string& body) {
    return fmt::format("## {}\n\n{}", title, trimmed(body));
}

struct Workspace {
    fs::path kb;
    std::map<std::string, KbFile> files;       // loaded or new, by KB path
    std::set<std::string> changedFiles;        // KB paths to write
    std::map<std::string, std::string> copies; // KB path of an attachment → its bytes

    KbFile& file(const std::string& path) {
        auto it = files.find(path);
        if (it != files.end()) {
            return it->second;
        }
        const fs::path onDisk = kb / path;
        std::error_code ec;
        KbFile loaded;
        if (fs::is_regular_file(onDisk, ec)) {
            loaded = parseKbFile(readAll(onDisk), shapeOf(path));
        } else {
            loaded.shape = shapeOf(path);
            loaded.head = newFileHead(path);
        }
        return files.emplace(path, std::move(loaded)).first->second;
    }
};

Unit* findUnit(KbFile& file, const std::string& key) {
    for (auto& unit : file.units) {
        if (unit.key == key) {
            return &unit;
        }
    }
    return nullptr;
}

// Which source produced each unit, over the whole manifest: for duplicates' messages.
std::string ownerOf(const Manifest& manifest, const std::string& file, const std::string& key) {
    for (const auto& [path, source] : manifest) {
        for (const auto& e : source.entries) {
            if (e.file == file && e.key == key) {
                return path;
            }
        }
    }
    return {};
}

// One source's entries into the KB's files, against what the manifest says it produced before.
void mergeSource(Workspace& ws, Manifest& manifest, const std::string& sourcePath,
                 std::vector<Produced> produced, SourceOutcome& outcome) {
    const ManifestSource before =
        manifest.count(sourcePath) ? manifest[sourcePath] : ManifestSource{};
    std::vector<ManifestEntry> recorded;
    std::set<std::pair<std::string, std::string>> producedKeys;

    for (auto& item : produced) {
        KbFile& file = ws.file(item.file);
        if (item.shape == FileShape::Table) {
            if (file.columns.empty()) {
                // A new table: the columns the source's rows use, in the format's order.
                std::set<std::string> used;
                for (const auto& other : produced) {
                    if (other.file == item.file) {
                        for (const auto& f : other.fields) {
                            used.insert(f.first);
                        }
                    }
                }
                for (const auto& c : contactColumnOrder()) {
                    if (used.count(c)) {
                        file.columns.push_back(c);
                    }
                }
            }
            std::vector<std::string> lost;
            item.text = tableRow(file.columns, item.fields, lost);
            if (!lost.empty()) {
                outcome.guesses.push_back(
                    fmt::format("«{}»: в таблице {} нет столбцов {} — эти значения не перенесены",
                                item.title, item.file, fmt::join(lost, ", ")));
            }
        }
        Unit probe{{}, item.text};
        kb::AnchorSet anchors;
        const std::string key = kb::makeAnchor(unitTitle(probe, item.shape, file.columns));
        EntryOutcome entry{item.file, key, item.title, item.kind, EntryChange::Added, {}};
        if (key.empty()) {
            outcome.guesses.push_back(fmt::format("{} «{}» без букв и цифр в названии — не "
                                                  "перенесён",
                                                  item.kind, item.title));
            continue;
        }
        if (!producedKeys.emplace(item.file, key).second) {
            entry.change = EntryChange::Duplicate;
            entry.note = "повторяется в этом же документе";
            outcome.entries.push_back(std::move(entry));
            continue;
        }
        const auto was =
            std::find_if(before.entries.begin(), before.entries.end(), [&](const ManifestEntry& e) {
                return e.file == item.file && e.key == key;
            });
        Unit* existing = findUnit(file, key);
        const std::string newHash = unitHash(item.text);
        if (existing == nullptr) {
            if (was != before.entries.end()) {
                // Imported before and deleted in the KB since: a person's decision stands.
                entry.change = EntryChange::Conflict;
                entry.note = "запись удалена в базе после прошлого импорта — не восстановлена";
                recorded.push_back(*was);
            } else {
                file.units.push_back(Unit{key, item.text});
                ws.changedFiles.insert(item.file);
                recorded.push_back(ManifestEntry{item.file, key, newHash, item.kind, item.title});
            }
            outcome.entries.push_back(std::move(entry));
            continue;
        }
        const std::string currentHash = unitHash(existing->text);
        if (was == before.entries.end()) {
            entry.change = EntryChange::Duplicate;
            const std::string owner = ownerOf(manifest, item.file, key);
            entry.note = owner.empty() ? fmt::format("в {} уже есть такая запись (написана в "
                                                     "базе) — не перенесена",
                                                     item.file)
                                       : fmt::format("такая запись уже перенесена из «{}» — не "
                                                     "перенесена повторно",
                                                     owner);
        } else if (currentHash != was->hash) {
            entry.change = EntryChange::Conflict;
            entry.note = "запись изменена в базе после импорта — оставлена как есть; сравните с "
                         "документом и перенесите нужное вручную";
            recorded.push_back(*was);
        } else if (currentHash == newHash) {
            entry.change = EntryChange::Unchanged;
            recorded.push_back(*was);
        } else {
            existing->text = item.text;
            ws.changedFiles.insert(item.file);
            entry.change = EntryChange::Updated;
            recorded.push_back(ManifestEntry{item.file, key, newHash, item.kind, item.title});
        }
        outcome.entries.push_back(std::move(entry));
    }
    // What the source gave before and gives no more: removed unless people changed it.
    for (const auto& old : before.entries) {
        if (producedKeys.count({old.file, old.key})) {
            continue;
        }
        KbFile& file = ws.file(old.file);
        Unit* existing = findUnit(file, old.key);
        if (existing == nullptr) {
            continue;
        }
        EntryOutcome entry{old.file, old.key, old.title, old.kind, EntryChange::Removed, {}};
        if (unitHash(existing->text) != old.hash) {
            entry.change = EntryChange::Conflict;
            entry.note = "в документе записи больше нет, но в базе её изменили — оставлена";
        } else {
            file.units.erase(file.units.begin() + (existing - file.units.data()));
            ws.changedFiles.insert(old.file);
        }
        outcome.entries.push_back(std::move(entry));
    }
    for (auto& [path, file] : ws.files) {
        if (ws.changedFiles.count(path)) {
            file.rekey();
        }
    }
    ManifestSource& after = manifest[sourcePath];
    after.entries = std::move(recorded);
}

std::vector<Produced> producedOf(const SplitDocument& split, const std::string& slug) {
    std::vector<Produced> out;
    const std::string dir = "departments/" + slug + "/";
    for (const auto& piece : split.pieces) {
        Produced p;
        p.title = piece.title;
        switch (piece.kind) {
        case PieceKind::Faq:
            p.file = dir + "faq.md";
            p.kind = "вопрос";
            p.text = sectionUnit(piece.title, piece.body);
            break;
        case PieceKind::Template:
            p.file = dir + "templates.md";
            p.kind = "шаблон";
            p.text = sectionUnit(piece.title, piece.body);
            break;
        case PieceKind::Npa:
            p.file = dir + "npa.md";
            p.kind = "акт";
            p.text = "- " + piece.title;
            break;
        case PieceKind::Contact:
            p.file = dir + "contacts.md";
            p.kind = "контакт";
            p.fields = piece.fields;
            for (const auto& [column, value] : piece.fields) {
                if (column == "ФИО" || (p.title.empty() && column == "Организация")) {
                    p.title = value;
                }
            }
            if (p.title.empty()) {
                p.title = piece.fields.front().second;
            }
            break;
        }
        p.shape = shapeOf(p.file);
        out.push_back(std::move(p));
    }
    return out;
}

// --- committing ----------------------------------------------------------------------------

kb::git::Person whoImports(const std::optional<kb::git::Repository>& repo,
                           const ImportOptions& options) {
    if (options.author) {
        const auto identity = kb::parseIdentity(*options.author);
        if (!identity) {
            throw Error(fmt::format("--author: «{}» — нужно «Имя <email>»", *options.author));
        }
        kb::git::Person person;
        person.name = identity->first;
        person.email = identity->second;
        person.time = static_cast<std::int64_t>(std::time(nullptr));
        std::tm local{};
        const std::time_t now = static_cast<std::time_t>(person.time);
        localtime_r(&now, &local);
        person.offsetMinutes = static_cast<int>(local.tm_gmtoff / 60);
        return person;
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
