// The import's first stage: names (slugs, folded folder names), the department map, the
// manifest of the last import, and the walk over the drive's files.
#include "stages.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sufler::importer::detail {

namespace fs = std::filesystem;
using core::startsWith;
using core::toLowerUtf8;

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

namespace {

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

} // namespace

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

} // namespace sufler::importer::detail
