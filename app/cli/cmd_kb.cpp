// `sufler lint` (checks a KB) and `sufler show` (prints one entry).
#include "cli/commands.h"
#include "cli/common.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"
#include "sufler/kb/kb.h"
#include "sufler/scripts/lint.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace sufler::cli {

namespace {

namespace fs = std::filesystem;

bool hasScheme(std::string_view target) {
    // `https:`, `mailto:`, `tel:`… — anything with a scheme is not a file of the KB.
    const auto colon = target.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return false;
    }
    return std::all_of(target.begin(), target.begin() + static_cast<long>(colon), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '-' || c == '.';
    });
}

// Links inside the KB must lead to a file that exists and, for entry files, to an entry.
void checkLinks(const kb::KnowledgeBase& base, Diagnostics& out) {
    std::set<std::string> entryFiles;
    for (const auto& entry : base.entries) {
        if (entry.kind != kb::EntryKind::Department) {
            entryFiles.insert(entry.path);
        }
    }
    for (const auto& link : base.links) {
        std::string_view target = link.target;
        if (hasScheme(target) || target.substr(0, 2) == "//") {
            continue;
        }
        const auto hash = target.find('#');
        std::string filePart = core::percentDecode(target.substr(0, hash));
        const std::string anchor =
            hash == std::string_view::npos ? "" : core::percentDecode(target.substr(hash + 1));
        if (auto query = filePart.find('?'); query != std::string::npos) {
            filePart.resize(query);
        }
        std::string resolved;
        if (filePart.empty()) {
            resolved = link.path;
        } else {
            const fs::path base_dir =
                filePart.front() == '/' ? fs::path() : fs::path(link.path).parent_path();
            const fs::path joined =
                (base_dir / fs::path(filePart.front() == '/' ? filePart.substr(1) : filePart))
                    .lexically_normal();
            resolved = joined.generic_string();
            if (!resolved.empty() && resolved.back() == '/') {
                resolved.pop_back();
            }
            if (resolved.empty() || resolved == "." || resolved.rfind("..", 0) == 0) {
                out.push_back(
                    {link.path, link.line, Severity::Warning,
                     fmt::format("ссылка «{}» ведёт за пределы базы знаний", link.target)});
                continue;
            }
            std::error_code ec;
            if (!fs::exists(base.root / resolved, ec)) {
                out.push_back({link.path, link.line, Severity::Error,
                               fmt::format("ссылка «{}» ведёт на несуществующий файл {}",
                                           link.target, resolved)});
                continue;
            }
        }
        if (anchor.empty() || entryFiles.count(resolved) == 0) {
            continue;
        }
        const std::string id = resolved + "#" + anchor;
        if (base.findEntry(id) == nullptr) {
            out.push_back({link.path, link.line, Severity::Error,
                           fmt::format("ссылка «{}»: в {} нет записи с якорем #{}", link.target,
                                       resolved, anchor)});
        }
    }
}

void checkDuplicateIds(const kb::KnowledgeBase& base, Diagnostics& out) {
    std::map<std::string, const kb::Entry*> seen;
    for (const auto& entry : base.entries) {
        auto [it, inserted] = seen.emplace(entry.id, &entry);
        if (!inserted) {
            out.push_back({entry.path, entry.line, Severity::Error,
                           fmt::format("запись с идентификатором {} уже есть (строка {})", entry.id,
                                       it->second->line)});
        }
    }
}

// Two headings (rows, acts) of one file with the same anchor are legal — the second gets
// `-1` — but its id then depends on the order of the file: a head who renames or removes the
// first silently moves every link and journal record to the other. Worth a warning.
void checkRepeatedAnchors(const kb::KnowledgeBase& base, Diagnostics& out) {
    std::map<std::string, int> firstLine; // `path#anchor` → line of the entry that has it
    for (const auto& entry : base.entries) {
        if (entry.kind != kb::EntryKind::Department) {
            firstLine.emplace(entry.id, entry.line);
        }
    }
    for (const auto& entry : base.entries) {
        const auto hash = entry.id.find('#');
        if (entry.kind == kb::EntryKind::Department || hash == std::string::npos) {
            continue;
        }
        const std::string own = kb::makeAnchor(entry.title);
        if (entry.id.compare(hash + 1, std::string::npos, own) == 0) {
            continue;
        }
        const auto first = firstLine.find(entry.path + "#" + own);
        if (first == firstLine.end() || first->second == entry.line) {
            continue;
        }
        out.push_back({entry.path, entry.line, Severity::Warning,
                       fmt::format("«{}» повторяет запись из строки {}: идентификатор этой "
                                   "записи — {}, он сменится, если ту запись переименуют или "
                                   "удалят; дайте записям разные заголовки",
                                   entry.title, first->second, entry.id)});
    }
}

void checkContactColumns(const kb::KnowledgeBase& base, Diagnostics& out) {
    const auto& known = kb::knownContactColumns();
    std::set<std::pair<std::string, std::string>> reported;
    for (const auto& entry : base.entries) {
        if (entry.kind != kb::EntryKind::Contact) {
            continue;
        }
        for (const auto& field : entry.fields) {
            const std::string& column = field.first;
            if (std::find(known.begin(), known.end(), column) != known.end()) {
                continue;
            }
            if (reported.emplace(entry.path, column).second) {
                out.push_back({entry.path, entry.line, Severity::Warning,
                               fmt::format("неизвестный столбец «{}» — показывается как есть; "
                                           "известные: ФИО, Должность, Организация, Телефон, "
                                           "Email, Адрес, Кабинет, Часы работы, Вопросы",
                                           column)});
            }
        }
    }
}

// Code-point Levenshtein distance, for suggesting ids close to a mistyped one.
std::size_t distance(const std::u32string& a, const std::u32string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::u32string toU32(std::string_view text) {
    std::u32string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        char32_t cp = len == 1 ? c : c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        for (std::size_t k = 1; k < len && i + k < text.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::vector<std::string> closeIds(const kb::KnowledgeBase& base, const std::string& id) {
    const std::u32string wanted = toU32(id);
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& entry : base.entries) {
        std::size_t score = distance(wanted, toU32(entry.id));
        const bool contains = entry.id.find(id) != std::string::npos ||
                              (!id.empty() && id.find(entry.id) != std::string::npos);
        if (contains) {
            score = std::min<std::size_t>(score, 1);
        }
        scored.emplace_back(score, entry.id);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    const std::size_t limit = std::max<std::size_t>(4, wanted.size() / 3);
    for (const auto& [score, candidate] : scored) {
        if (out.size() == 5 || score > limit) {
            break;
        }
        out.push_back(candidate);
    }
    return out;
}

// What a KB holds, per department and in all: the figures a department head or the IT staff
// check a KB against (the demo's minimums, a section left half written).
void printStats(const kb::KnowledgeBase& base) {
    struct Counts {
        std::size_t faq = 0, wordings = 0, templates = 0, contacts = 0, npa = 0, cases = 0,
                    notes = 0;
        void add(const kb::Entry& entry) {
            switch (entry.kind) {
            case kb::EntryKind::Faq:
                ++faq;
                wordings += entry.otherWordings.empty() ? 0 : 1;
                break;
            case kb::EntryKind::Template:
                ++templates;
                break;
            case kb::EntryKind::Contact:
                ++contacts;
                break;
            case kb::EntryKind::Npa:
                ++npa;
                break;
            case kb::EntryKind::Case:
                ++cases;
                break;
            case kb::EntryKind::Note:
                ++notes;
                break;
            case kb::EntryKind::Department:
                break;
            }
        }
    };
    std::map<std::string, Counts> byDepartment;
    std::map<std::string, std::size_t> directory; // file → contacts
    Counts total;
    for (const auto& entry : base.entries) {
        total.add(entry);
        if (!entry.department.empty()) {
            byDepartment[entry.department].add(entry);
        } else if (entry.kind == kb::EntryKind::Contact) {
            ++directory[entry.path];
        }
    }
    static const std::vector<std::string> parts{"index.md",    "faq.md", "templates.md",
                                                "contacts.md", "npa.md", "cases.md"};
    fmt::print("{:<16} {:>5} {:>12} {:>8} {:>9} {:>5} {:>8} {:>8}  {}\n", "отдел", "FAQ",
               "с формулир.", "шаблоны", "контакты", "НПА", "примеры", "заметки", "нет файлов");
    std::size_t complete = 0;
    for (const auto& dept : base.departments) {
        const Counts& c = byDepartment[dept.slug];
        std::vector<std::string> missing;
        for (const auto& part : parts) {
            const std::string file = "departments/" + dept.slug + "/" + part;
            const bool present =
                part == "index.md"
                    ? dept.hasIndex
                    : std::find(dept.files.begin(), dept.files.end(), file) != dept.files.end();
            if (!present) {
                missing.push_back(part);
            }
        }
        complete += missing.empty() ? 1 : 0;
        fmt::print("{:<16} {:>5} {:>12} {:>8} {:>9} {:>5} {:>8} {:>8}  {}\n", dept.slug, c.faq,
                   c.wordings, c.templates, c.contacts, c.npa, c.cases, c.notes,
                   missing.empty() ? "—" : fmt::format("{}", fmt::join(missing, ", ")));
    }
    std::size_t directoryContacts = 0;
    for (const auto& [file, count] : directory) {
        fmt::print("справочник {}: контактов {}\n", file, count);
        directoryContacts += count;
    }
    fmt::print("Итого: отделов {} (со всеми шестью файлами {}); вопросов-ответов {} (с другими "
               "формулировками {}), шаблонов {}, контактов {} (в отделах {}, в справочнике {}), "
               "НПА {}, примеров {}, заметок {}; сценариев {}; муниципальных образований {}; "
               "групп синонимов {}\n",
               base.departments.size(), complete, total.faq, total.wordings, total.templates,
               total.contacts, total.contacts - directoryContacts, directoryContacts, total.npa,
               total.cases, total.notes, base.scripts.size(), base.profile.municipalities.size(),
               base.profile.synonyms.size());
}

void printEntry(const kb::KnowledgeBase& base, const kb::Entry& entry) {
    fmt::print("{}\n", entry.title);
    fmt::print("Вид: {} ({})\n", kb::kindTitleRu(entry.kind), kb::kindName(entry.kind));
    if (!entry.department.empty()) {
        const kb::Department* dept = base.findDepartment(entry.department);
        if (dept != nullptr && dept->title != dept->slug) {
            fmt::print("Отдел: {} — {}\n", entry.department, dept->title);
        } else {
            fmt::print("Отдел: {}\n", entry.department);
        }
    } else if (entry.path.rfind("directory/", 0) == 0) {
        fmt::print("Справочник: {}\n", entry.path);
    }
    fmt::print("Файл: {}:{}\n", entry.path, entry.line);
    fmt::print("Идентификатор: {}\n", entry.id);
    if (!entry.otherWordings.empty()) {
        fmt::print("Также спрашивают: {}\n", fmt::join(entry.otherWordings, "; "));
    }
    if (!entry.placeholders.empty()) {
        std::vector<std::string> marked;
        for (const auto& name : entry.placeholders) {
            marked.push_back("{{" + name + "}}");
        }
        fmt::print("Заполнить: {}\n", fmt::join(marked, ", "));
    }
    if (entry.amended) {
        fmt::print("Изменён: {}\n", formatIsoDate(*entry.amended));
    }
    if (!entry.fields.empty()) {
        fmt::print("\n");
        for (const auto& [column, value] : entry.fields) {
            fmt::print("{}: {}\n", column, value);
        }
        return;
    }
    if (!entry.markdown.empty()) {
        fmt::print("\n{}\n", entry.markdown);
    }
}

} // namespace

void registerKbCommands(CLI::App& app, Outcome& outcome) {
    auto kbPath = std::make_shared<std::string>();

    CLI::App* lint = app.add_subcommand("lint", "проверить базу знаний");
    addKbOption(lint, *kbPath);
    auto stats = std::make_shared<bool>(false);
    lint->add_flag("--stats", *stats,
                   "после замечаний вывести, сколько чего в базе: по отделам и всего");
    lint->callback([kbPath, stats, &outcome] {
        const fs::path root = resolveKb(*kbPath);
        kb::KnowledgeBase base = kb::load(root);
        Diagnostics all = base.diagnostics;
        checkDuplicateIds(base, all);
        checkRepeatedAnchors(base, all);
        checkLinks(base, all);
        checkContactColumns(base, all);
        Diagnostics scriptDiagnostics = scripts::lintScripts(base);
        all.insert(all.end(), scriptDiagnostics.begin(), scriptDiagnostics.end());
        std::stable_sort(all.begin(), all.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::tie(a.path, a.line) < std::tie(b.path, b.line);
        });
        std::size_t errors = 0;
        for (const auto& d : all) {
            fmt::print("{}\n", d.format());
            errors += d.severity == Severity::Error ? 1 : 0;
        }
        if (*stats) {
            printStats(base);
        }
        std::fflush(stdout);
        fmt::print(stderr,
                   "sufler lint: {}: ошибок {}, предупреждений {}; отделов {}, записей {}, "
                   "сценариев {}\n",
                   root.string(), errors, all.size() - errors, base.departments.size(),
                   base.entries.size(), base.scripts.size());
        outcome.exitCode = errors > 0 ? 1 : 0;
    });

    auto id = std::make_shared<std::string>();
    CLI::App* show = app.add_subcommand("show", "показать одну запись базы знаний");
    addKbOption(show, *kbPath);
    show->add_option("id", *id, "идентификатор записи: <путь>#<якорь>")->required();
    show->callback([kbPath, id, &outcome] {
        const fs::path root = resolveKb(*kbPath);
        kb::LoadOptions options;
        options.withGit = false;
        kb::KnowledgeBase base = kb::load(root, options);
        std::string wanted = *id;
        const kb::Entry* entry = base.findEntry(wanted);
        if (entry == nullptr) {
            wanted = core::percentDecode(wanted);
            entry = base.findEntry(wanted);
        }
        if (entry == nullptr) {
            const auto close = closeIds(base, wanted);
            std::string hint;
            if (!close.empty()) {
                hint = fmt::format("; возможно: {}", fmt::join(close, ", "));
            }
            fmt::print(stderr, "sufler show: нет записи «{}»{}\n", wanted, hint);
            outcome.exitCode = 1;
            return;
        }
        printEntry(base, *entry);
        outcome.exitCode = 0;
    });
}

} // namespace sufler::cli
