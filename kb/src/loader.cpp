// Reads a KB from disk: the layout of kb-format.md, file by file, collecting diagnostics.
#include "loader_internal.h"
#include "sufler/kb/kb.h"
#include "text_util.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <tuple>

namespace sufler::kb {

namespace fs = std::filesystem;

namespace detail {

void addDiagnostic(Diagnostics& out, std::string path, int line, Severity severity,
                   std::string message) {
    out.push_back(Diagnostic{std::move(path), line, severity, std::move(message)});
}

std::optional<std::string> readKbFile(const fs::path& root, const std::string& relativePath,
                                      std::uintmax_t maxFileSize, Diagnostics& diagnostics) {
    // A name the index or a checkout cannot hold is skipped whole, not half indexed.
    const fs::path rel(relativePath);
    if (auto problem = nameToSkip(rel.filename().string(), !rel.has_parent_path(), false)) {
        addDiagnostic(diagnostics, relativePath, 0, Severity::Error, *problem);
        return std::nullopt;
    }
    std::string problem;
    auto read = readRegularFile(root, relativePath, maxFileSize, problem);
    if (!read) {
        addDiagnostic(diagnostics, relativePath, 0, Severity::Error, std::move(problem));
        return std::nullopt;
    }
    std::string text = std::move(*read);
    if (!normalizeKbText(text, relativePath, diagnostics)) {
        return std::nullopt;
    }
    return text;
}

bool normalizeKbText(std::string& text, const std::string& relativePath, Diagnostics& diagnostics) {
    if (startsWith(text, "\xEF\xBB\xBF")) {
        text.erase(0, 3);
    }
    if (auto bad = core::findInvalidUtf8(text); bad != std::string::npos) {
        addDiagnostic(diagnostics, relativePath, lineOfOffset(text, bad), Severity::Error,
                      "файл не в кодировке UTF-8 (сохраните его в UTF-8): пропущен");
        return false;
    }
    if (text.find('\r') != std::string::npos) {
        // A lone CR (old Mac files) ends a line too, for cmark-gfm and editors alike.
        std::string normalized;
        normalized.reserve(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                continue;
            }
            normalized.push_back(text[i] == '\r' ? '\n' : text[i]);
        }
        text = std::move(normalized);
    }
    return true;
}

void readGitHistory(KnowledgeBase& kb); // git_history.cpp

} // namespace detail

namespace {

bool isSlug(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool isAscii(std::string_view name) {
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool isMarkdownName(const std::string& name) {
    return name.size() > 3 && name.front() != '.' && name.compare(name.size() - 3, 3, ".md") == 0;
}

// Markdown files directly inside a folder, sorted by name.
std::vector<std::string> markdownFiles(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (isMarkdownName(name) && !it->is_directory(ec)) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

struct Layout {
    std::vector<std::string> slugs;
    std::map<std::string, std::vector<std::string>> departmentFiles; // slug → relative paths
    std::vector<std::string> directoryFiles;
    std::vector<std::string> scriptFiles;
};

// A folder itself, not a link to one: the KB holds regular files and folders only.
bool isRealDirectory(const fs::path& path) {
    std::error_code ec;
    return fs::is_directory(fs::symlink_status(path, ec));
}

Layout scanLayout(const fs::path& root, Diagnostics* diagnostics) {
    Layout layout;
    std::error_code ec;
    const fs::path departments = root / "departments";
    fs::directory_iterator first; // a link to a folder is not walked: the tree check reports it
    if (isRealDirectory(departments)) {
        first = fs::directory_iterator(departments, ec);
    }
    for (fs::directory_iterator it = first, end; !ec && it != end; it.increment(ec)) {
        const std::string slug = it->path().filename().string();
        std::error_code dirEc;
        const auto status = it->symlink_status(dirEc);
        if (slug.empty() || slug.front() == '.' ||
            !(fs::is_directory(status) || fs::is_symlink(status))) {
            continue;
        }
        const std::string rel = "departments/" + slug;
        // Messages as the tree check words them, so that lint shows each problem once.
        if (fs::is_symlink(status)) {
            if (diagnostics) {
                detail::addDiagnostic(*diagnostics, rel, 0, Severity::Error,
                                      std::string(detail::kSymlinkProblem));
            }
            continue;
        }
        if (auto problem = detail::nameToSkip(slug, false, true)) {
            if (diagnostics) {
                detail::addDiagnostic(*diagnostics, rel, 0, Severity::Error, *problem);
            }
            continue;
        }
        if (!isSlug(slug) && diagnostics) {
            detail::addDiagnostic(*diagnostics, rel, 0, Severity::Error,
                                  "имя папки отдела должно состоять из строчных латинских букв, "
                                  "цифр и «-»");
        }
        layout.slugs.push_back(slug);
        auto& files = layout.departmentFiles[slug];
        for (const auto& name : markdownFiles(it->path())) {
            if (!isAscii(name) && diagnostics) {
                detail::addDiagnostic(*diagnostics, rel + "/" + name, 0, Severity::Warning,
                                      "имя файла должно быть латиницей");
            }
            files.push_back(rel + "/" + name);
        }
    }
    std::sort(layout.slugs.begin(), layout.slugs.end());
    if (isRealDirectory(root / "directory")) {
        for (const auto& name : markdownFiles(root / "directory")) {
            layout.directoryFiles.push_back("directory/" + name);
        }
    }
    if (isRealDirectory(root / "scripts")) {
        for (const auto& name : markdownFiles(root / "scripts")) {
            layout.scriptFiles.push_back("scripts/" + name);
        }
    }
    return layout;
}

void sortDiagnostics(Diagnostics& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::tie(a.path, a.line) < std::tie(b.path, b.line);
                     });
    // The tree check and the reading of a file may find the same problem: keep it once.
    std::set<std::tuple<std::string, int, Severity, std::string>> seen;
    std::erase_if(diagnostics, [&](const Diagnostic& d) {
        return !seen.emplace(d.path, d.line, d.severity, d.message).second;
    });
}

} // namespace

fs::path defaultKbRoot() {
    // Found beside the program, never by a path compiled in: installed, /usr/bin/sufler reads
    // /usr/share/sufler/demo-kb; in a build tree, build/bin and build/tests reach
    // build/share/sufler/demo-kb, a link to kb/demo that CMake makes.
    const fs::path relative = fs::path("share") / "sufler" / "demo-kb";
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        return fs::path("/usr") / relative;
    }
    fs::path dir = exe.parent_path();
    for (int up = 0; up < 3 && dir != dir.root_path(); ++up) {
        dir = dir.parent_path();
        if (fs::is_directory(dir / relative, ec)) {
            return dir / relative;
        }
    }
    // Where an installed program would have it, so that a message about it names that.
    return exe.parent_path().parent_path() / relative;
}

const std::vector<std::string>& knownContactColumns() {
    static const std::vector<std::string> columns = {"ФИО",     "Должность",   "Организация",
                                                     "Телефон", "Email",       "Адрес",
                                                     "Кабинет", "Часы работы", "Вопросы"};
    return columns;
}

std::vector<std::string> listEntryFiles(const std::filesystem::path& root) {
    Layout layout = scanLayout(root, nullptr);
    std::vector<std::string> files;
    for (const auto& slug : layout.slugs) {
        const auto& list = layout.departmentFiles[slug];
        files.insert(files.end(), list.begin(), list.end());
    }
    files.insert(files.end(), layout.directoryFiles.begin(), layout.directoryFiles.end());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<Entry> loadFileEntries(const std::filesystem::path& root,
                                   const std::string& relativePath, Diagnostics& diagnostics) {
    auto text = detail::readKbFile(root, relativePath, LoadOptions{}.maxFileSize, diagnostics);
    if (!text) {
        return {};
    }
    return detail::parseKbFile(relativePath, std::move(*text), diagnostics).entries;
}

std::vector<Entry> parseFileEntries(const std::string& relativePath, std::string text,
                                    Diagnostics& diagnostics) {
    if (!detail::normalizeKbText(text, relativePath, diagnostics)) {
        return {};
    }
    return detail::parseKbFile(relativePath, std::move(text), diagnostics).entries;
}

Profile loadProfile(const fs::path& root, Diagnostics& diagnostics, const LoadOptions& options) {
    std::error_code ec;
    if (!fs::exists(root / "sufler.yaml", ec)) {
        detail::addDiagnostic(diagnostics, "sufler.yaml", 0, Severity::Error,
                              "нет файла sufler.yaml (профиль организации)");
        return {};
    }
    if (auto text = detail::readKbFile(root, "sufler.yaml", options.maxFileSize, diagnostics)) {
        return detail::parseProfile(*text, "sufler.yaml", diagnostics);
    }
    return {};
}

KnowledgeBase load(const std::filesystem::path& root, const LoadOptions& options) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        throw Error(fmt::format("{}: нет такой папки базы знаний", root.string()));
    }
    KnowledgeBase kb;
    kb.root = fs::weakly_canonical(fs::absolute(root), ec);
    if (ec) {
        kb.root = fs::absolute(root);
    }
    Diagnostics& diagnostics = kb.diagnostics;

    kb.profile = loadProfile(kb.root, diagnostics, options);

    detail::checkTree(kb.root, options.maxFileSize, diagnostics);
    Layout layout = scanLayout(kb.root, &diagnostics);
    if (!isRealDirectory(kb.root / "departments")) {
        detail::addDiagnostic(diagnostics, "departments", 0, Severity::Error,
                              "нет папки departments с разделами отделов");
    }

    std::vector<std::string> files;
    for (const auto& slug : layout.slugs) {
        Department dept;
        dept.slug = slug;
        dept.title = slug;
        dept.files = layout.departmentFiles[slug];
        const std::string index = "departments/" + slug + "/index.md";
        if (std::find(dept.files.begin(), dept.files.end(), index) == dept.files.end()) {
            detail::addDiagnostic(diagnostics, "departments/" + slug, 0, Severity::Error,
                                  "у отдела нет файла index.md (название, руководитель, "
                                  "компетенция)");
        }
        files.insert(files.end(), dept.files.begin(), dept.files.end());
        kb.departments.push_back(std::move(dept));
    }
    files.insert(files.end(), layout.directoryFiles.begin(), layout.directoryFiles.end());
    std::sort(files.begin(), files.end());

    for (const auto& rel : files) {
        auto text = detail::readKbFile(kb.root, rel, options.maxFileSize, diagnostics);
        if (!text) {
            continue;
        }
        if (rel.ends_with("/schedule.md") && rel.starts_with("departments/")) {
            const std::string slug = fs::path(rel).parent_path().filename().string();
            auto specialists = parseSchedule(rel, slug, *text, diagnostics);
            std::move(specialists.begin(), specialists.end(), std::back_inserter(kb.specialists));
        }
        auto parsed = detail::parseKbFile(rel, std::move(*text), diagnostics);
        if (parsed.department) {
            auto it = std::find_if(
                kb.departments.begin(), kb.departments.end(),
                [&](const Department& d) { return d.slug == parsed.department->slug; });
            if (it != kb.departments.end()) {
                auto files = std::move(it->files);
                *it = std::move(*parsed.department);
                it->files = std::move(files);
            }
        }
        std::move(parsed.entries.begin(), parsed.entries.end(), std::back_inserter(kb.entries));
        std::move(parsed.links.begin(), parsed.links.end(), std::back_inserter(kb.links));
    }

    if (fs::exists(kb.root / "changes.yaml", ec)) {
        if (auto text =
                detail::readKbFile(kb.root, "changes.yaml", options.maxFileSize, diagnostics)) {
            kb.changes = detail::parseChanges(*text, "changes.yaml", diagnostics);
            for (const auto& notice : kb.changes) {
                for (const auto& slug : notice.departments) {
                    if (kb.findDepartment(slug) == nullptr) {
                        detail::addDiagnostic(diagnostics, "changes.yaml", notice.line,
                                              Severity::Warning,
                                              fmt::format("извещение называет отдел «{}», а "
                                                          "такой папки нет в departments/",
                                                          slug));
                    }
                }
            }
        }
    }

    for (const auto& rel : layout.scriptFiles) {
        if (auto text = detail::readKbFile(kb.root, rel, options.maxFileSize, diagnostics)) {
            kb.scripts.push_back(ScriptFile{rel, std::move(*text)});
        }
    }

    if (options.withGit) {
        detail::readGitHistory(kb);
    }
    sortDiagnostics(diagnostics);
    return kb;
}

} // namespace sufler::kb
