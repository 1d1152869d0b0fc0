// Cutting one Markdown file of the KB into entries, by the rules of kb-format.md.
#include "loader_internal.h"
#include "sufler/kb/markdown.h"
#include "text_util.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace sufler::kb::detail {

namespace {

constexpr std::string_view kOtherWordingsPrefix = "Также спрашивают:";

enum class FileKind { Department, Section, Contacts, Npa };

struct FileInfo {
    FileKind kind = FileKind::Section;
    EntryKind entryKind = EntryKind::Note;
    std::string department;
};

FileInfo classify(const std::string& path) {
    FileInfo info;
    const std::filesystem::path p(path);
    const std::string name = p.filename().string();
    if (startsWith(path, "directory/")) {
        info.kind = FileKind::Contacts;
        info.entryKind = EntryKind::Contact;
        return info;
    }
    if (startsWith(path, "departments/")) {
        info.department = p.parent_path().filename().string();
    }
    if (name == "index.md") {
        info.kind = FileKind::Department;
        info.entryKind = EntryKind::Department;
    } else if (name == "faq.md") {
        info.entryKind = EntryKind::Faq;
    } else if (name == "templates.md") {
        info.entryKind = EntryKind::Template;
    } else if (name == "cases.md") {
        info.entryKind = EntryKind::Case;
    } else if (name == "contacts.md") {
        info.kind = FileKind::Contacts;
        info.entryKind = EntryKind::Contact;
    } else if (name == "npa.md") {
        info.kind = FileKind::Npa;
        info.entryKind = EntryKind::Npa;
    }
    return info;
}

bool isBlank(std::string_view line) {
    return trim(line).empty();
}

// Source text of lines [first, last] (1-based, inclusive) minus the excluded ranges, with blank
// lines at both ends dropped.
std::string sourceOf(const std::vector<std::string_view>& lines, int first, int last,
                     const std::vector<std::pair<int, int>>& excluded = {}) {
    first = std::max(first, 1);
    last = std::min(last, static_cast<int>(lines.size()));
    std::vector<std::string_view> kept;
    for (int n = first; n <= last; ++n) {
        bool skip = std::any_of(excluded.begin(), excluded.end(),
                                [&](const auto& r) { return n >= r.first && n <= r.second; });
        if (!skip) {
            kept.push_back(lines[static_cast<std::size_t>(n - 1)]);
        }
    }
    while (!kept.empty() && isBlank(kept.front())) {
        kept.erase(kept.begin());
    }
    while (!kept.empty() && isBlank(kept.back())) {
        kept.pop_back();
    }
    std::string out;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (i > 0) {
            out.push_back('\n');
        }
        out.append(kept[i]);
    }
    return out;
}

std::vector<cmark_node*> children(cmark_node* parent) {
    std::vector<cmark_node*> out;
    for (cmark_node* n = cmark_node_first_child(parent); n != nullptr; n = cmark_node_next(n)) {
        out.push_back(n);
    }
    return out;
}

// The line of an inline node. Autolinks (`https://…` in plain text) come without a position:
// count the line breaks back to a sibling that has one, else to the enclosing block.
int inlineLine(cmark_node* node) {
    if (const int own = cmark_node_get_start_line(node); own > 0) {
        return own;
    }
    int breaks = 0;
    for (cmark_node* prev = cmark_node_previous(node); prev != nullptr;
         prev = cmark_node_previous(prev)) {
        const auto type = cmark_node_get_type(prev);
        if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
            ++breaks;
            continue;
        }
        if (const int line = cmark_node_get_start_line(prev); line > 0) {
            return line + breaks;
        }
    }
    for (cmark_node* up = cmark_node_parent(node); up != nullptr; up = cmark_node_parent(up)) {
        if (const int line = cmark_node_get_start_line(up); line > 0) {
            return line + breaks;
        }
    }
    return 0;
}

void collectLinks(cmark_node* doc, const std::string& path, std::vector<Link>& links) {
    CmarkIter iter(cmark_iter_new(doc));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_LINK) {
            continue;
        }
        const char* url = cmark_node_get_url(node);
        if (url == nullptr || *url == '\0') {
            continue;
        }
        links.push_back(Link{path, inlineLine(node), url});
    }
}

// `{{name}}` placeholders in order of first appearance.
std::vector<std::string> findPlaceholders(std::string_view text) {
    std::vector<std::string> names;
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string_view::npos) {
        auto end = text.find("}}", pos + 2);
        if (end == std::string_view::npos) {
            break;
        }
        auto inner = text.substr(pos + 2, end - pos - 2);
        if (inner.find('{') == std::string_view::npos &&
            inner.find('\n') == std::string_view::npos) {
            std::string name(trim(inner));
            if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
                names.push_back(name);
            }
            pos = end + 2;
        } else {
            pos += 2;
        }
    }
    return names;
}

// «Также спрашивают: a; b» — the other wordings of a FAQ question, or nullopt.
std::optional<std::vector<std::string>> otherWordings(cmark_node* node) {
    if (cmark_node_get_type(node) != CMARK_NODE_BLOCK_QUOTE) {
        return std::nullopt;
    }
    std::string text = inlineText(node);
    std::string_view view = trim(text);
    if (!startsWith(view, kOtherWordingsPrefix)) {
        return std::nullopt;
    }
    view.remove_prefix(kOtherWordingsPrefix.size());
    return splitTrimmed(view, ';');
}

struct Heading {
    cmark_node* node;
    std::size_t index; // among the document's children
};

// faq.md, templates.md, cases.md and other notes: one entry per level-2 heading.
void parseSections(cmark_node* doc, const std::vector<std::string_view>& lines,
                   const std::string& path, const FileInfo& info, ParsedFile& out,
                   Diagnostics& diagnostics) {
    const auto nodes = children(doc);
    std::vector<Heading> headings;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (cmark_node_get_type(nodes[i]) == CMARK_NODE_HEADING &&
            cmark_node_get_heading_level(nodes[i]) == 2) {
            headings.push_back({nodes[i], i});
        }
    }
    AnchorSet anchors;
    for (std::size_t h = 0; h < headings.size(); ++h) {
        cmark_node* heading = headings[h].node;
        const int headingLine = cmark_node_get_start_line(heading);
        const int bodyFirst = cmark_node_get_end_line(heading) + 1;
        const bool last = h + 1 == headings.size();
        const int bodyLast = last ? static_cast<int>(lines.size())
                                  : cmark_node_get_start_line(headings[h + 1].node) - 1;
        const std::size_t endIndex = last ? nodes.size() : headings[h + 1].index;

        Entry entry;
        entry.kind = info.entryKind;
        entry.department = info.department;
        entry.path = path;
        entry.line = headingLine;
        entry.title = inlineText(heading);
        if (entry.title.empty()) {
            addDiagnostic(diagnostics, path, headingLine, Severity::Error,
                          "пустой заголовок раздела «## »: запись пропущена");
            continue;
        }
        entry.id = path + "#" + anchors.unique(entry.title);

        std::vector<std::pair<int, int>> excluded;
        std::string text;
        for (std::size_t i = headings[h].index + 1; i < endIndex; ++i) {
            cmark_node* node = nodes[i];
            if (info.entryKind == EntryKind::Faq) {
                if (auto wordings = otherWordings(node)) {
                    entry.otherWordings.insert(entry.otherWordings.end(), wordings->begin(),
                                               wordings->end());
                    excluded.emplace_back(cmark_node_get_start_line(node),
                                          cmark_node_get_end_line(node));
                    continue;
                }
            }
            std::string part = plainText(node);
            if (!part.empty()) {
                if (!text.empty()) {
                    text += '\n';
                }
                text += part;
            }
        }
        entry.markdown = sourceOf(lines, bodyFirst, bodyLast, excluded);
        entry.text = std::move(text);
        if (info.entryKind == EntryKind::Template) {
            entry.placeholders = findPlaceholders(entry.markdown);
        }
        out.entries.push_back(std::move(entry));
    }
}

// --- contact tables ---------------------------------------------------------------------

struct ColumnAlias {
    std::string_view lower;
    std::string_view canonical;
};
constexpr ColumnAlias kColumnAliases[] = {
    {"фио", "ФИО"},         {"должность", "Должность"}, {"организация", "Организация"},
    {"телефон", "Телефон"}, {"email", "Email"},         {"e-mail", "Email"},
    {"адрес", "Адрес"},     {"кабинет", "Кабинет"},     {"часы работы", "Часы работы"},
    {"вопросы", "Вопросы"},
};

std::string canonicalColumn(std::string_view header) {
    const std::string lower = toLowerUtf8(trim(header));
    for (const auto& alias : kColumnAliases) {
        if (alias.lower == lower) {
            return std::string(alias.canonical);
        }
    }
    return std::string(trim(header));
}

// Cells of a table row as written in the source (to see rows GFM silently pads or cuts).
int sourceCellCount(std::string_view line) {
    line = trim(line);
    if (line.empty()) {
        return 0;
    }
    int pipes = 0;
    bool inCode = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\') {
            ++i;
        } else if (line[i] == '`') {
            inCode = !inCode;
        } else if (line[i] == '|' && !inCode) {
            ++pipes;
        }
    }
    int cells = pipes + 1;
    if (line.front() == '|') {
        --cells;
    }
    if (line.size() > 1 && line.back() == '|' && line[line.size() - 2] != '\\') {
        --cells;
    }
    return cells;
}

bool looksLikeTableRow(std::string_view line) {
    line = trim(line);
    return line.size() > 1 && line.front() == '|';
}

void parseTable(cmark_node* table, const std::vector<std::string_view>& lines,
                const std::string& path, const FileInfo& info, AnchorSet& anchors, ParsedFile& out,
                Diagnostics& diagnostics) {
    const int tableLine = cmark_node_get_start_line(table);
    std::vector<std::string> columns;
    auto rows = children(table);
    if (rows.empty()) {
        return;
    }
    for (cmark_node* cell : children(rows.front())) {
        columns.push_back(canonicalColumn(inlineText(cell)));
    }
    const auto has = [&](std::string_view name) {
        return std::find(columns.begin(), columns.end(), name) != columns.end();
    };
    if (!has("ФИО") && !has("Организация")) {
        addDiagnostic(diagnostics, path, tableLine, Severity::Error,
                      "в таблице контактов нет столбца «ФИО» или «Организация»: записи названы "
                      "по первому столбцу");
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
        cmark_node* row = rows[r];
        const int rowLine = cmark_node_get_start_line(row);
        if (rowLine >= 1 && rowLine <= static_cast<int>(lines.size())) {
            const int written = sourceCellCount(lines[static_cast<std::size_t>(rowLine - 1)]);
            if (written > static_cast<int>(columns.size())) {
                addDiagnostic(diagnostics, path, rowLine, Severity::Error,
                              fmt::format("в строке таблицы {} ячеек, а столбцов {}: лишние "
                                          "ячейки потеряны",
                                          written, columns.size()));
            } else if (written < static_cast<int>(columns.size())) {
                addDiagnostic(
                    diagnostics, path, rowLine, Severity::Warning,
                    fmt::format("в строке таблицы {} ячеек из {}", written, columns.size()));
            }
        }
        Entry entry;
        entry.kind = EntryKind::Contact;
        entry.department = info.department;
        entry.path = path;
        entry.line = rowLine;
        auto cells = children(row);
        std::string firstValue;
        for (std::size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
            std::string value = inlineText(cells[c]);
            if (value.empty()) {
                continue;
            }
            if (firstValue.empty()) {
                firstValue = value;
            }
            entry.fields.emplace_back(columns[c], value);
        }
        if (entry.fields.empty()) {
            continue; // an empty row
        }
        std::string name(entry.field("ФИО"));
        if (name.empty()) {
            name = entry.field("Организация");
        }
        if (name.empty()) {
            if (has("ФИО") || has("Организация")) {
                addDiagnostic(diagnostics, path, rowLine, Severity::Warning,
                              "в строке не заполнены ни «ФИО», ни «Организация»");
            }
            name = firstValue;
        }
        entry.title = name;
        entry.id = path + "#" + anchors.unique(name);
        for (const auto& [column, value] : entry.fields) {
            entry.markdown += fmt::format("- **{}:** {}\n", column, value);
            entry.text += fmt::format("{}: {}\n", column, value);
        }
        if (!entry.markdown.empty()) {
            entry.markdown.pop_back();
            entry.text.pop_back();
        }
        out.entries.push_back(std::move(entry));
    }
}

void parseContacts(cmark_node* doc, const std::vector<std::string_view>& lines,
                   const std::string& path, const FileInfo& info, ParsedFile& out,
                   Diagnostics& diagnostics) {
    AnchorSet anchors;
    bool anyTable = false;
    CmarkIter iter(cmark_iter_new(doc));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        if (ev != CMARK_EVENT_ENTER) {
            continue;
        }
        if (isType(node, "table")) {
            anyTable = true;
            parseTable(node, lines, path, info, anchors, out, diagnostics);
        } else if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH) {
            // Pipe rows that GFM did not take for a table: usually the `|---|` line is missing
            // or the header and the separator have different numbers of cells.
            const int first = cmark_node_get_start_line(node);
            const int last = cmark_node_get_end_line(node);
            int pipeRows = 0;
            for (int n = first; n <= last && n <= static_cast<int>(lines.size()); ++n) {
                if (n >= 1 && looksLikeTableRow(lines[static_cast<std::size_t>(n - 1)])) {
                    ++pipeRows;
                }
            }
            if (pipeRows >= 2) {
                addDiagnostic(diagnostics, path, first, Severity::Error,
                              "строки с «|» не читаются как таблица: под строкой заголовков "
                              "нужна строка-разделитель вида |---|---| с тем же числом "
                              "столбцов");
            }
        }
    }
    if (!anyTable) {
        addDiagnostic(diagnostics, path, 0, Severity::Warning,
                      "в файле контактов нет ни одной таблицы");
    }
}

// --- npa.md -------------------------------------------------------------------------------

struct AmendSuffix {
    std::string_view before; // the item's text without the suffix
    std::string dates;       // inside the parentheses, after «изм.»
    bool found = false;
};

AmendSuffix findAmendSuffix(std::string_view text) {
    AmendSuffix result;
    text = trim(text);
    result.before = text;
    if (text.empty() || text.back() != ')') {
        return result;
    }
    for (std::string_view marker : {"(изм.", "(Изм.", "(изм ", "(Изм "}) {
        auto pos = text.rfind(marker);
        if (pos == std::string_view::npos) {
            continue;
        }
        result.found = true;
        result.before = trim(text.substr(0, pos));
        result.dates = std::string(
            trim(text.substr(pos + marker.size(), text.size() - 1 - pos - marker.size())));
        return result;
    }
    return result;
}

void parseNpa(cmark_node* doc, const std::vector<std::string_view>& lines, const std::string& path,
              const FileInfo& info, ParsedFile& out, Diagnostics& diagnostics) {
    AnchorSet anchors;
    for (cmark_node* list : children(doc)) {
        if (cmark_node_get_type(list) != CMARK_NODE_LIST) {
            continue;
        }
        for (cmark_node* item : children(list)) {
            const int itemLine = cmark_node_get_start_line(item);
            cmark_node* first = cmark_node_first_child(item);
            if (first == nullptr) {
                continue;
            }
            const std::string headText = inlineText(first);
            AmendSuffix suffix = findAmendSuffix(headText);
            Entry entry;
            entry.kind = EntryKind::Npa;
            entry.department = info.department;
            entry.path = path;
            entry.line = itemLine;
            entry.title = std::string(suffix.before);
            if (entry.title.empty()) {
                continue;
            }
            if (!suffix.found && (headText.find("(изм.") != std::string::npos ||
                                  headText.find("(Изм.") != std::string::npos)) {
                addDiagnostic(diagnostics, path, itemLine, Severity::Warning,
                              "«(изм. ДАТА)» учитывается, только когда стоит в самом конце "
                              "первого абзаца пункта");
            }
            if (suffix.found) {
                std::vector<std::string> parts;
                for (auto& p : splitTrimmed(suffix.dates, ',')) {
                    for (auto& q : splitTrimmed(p, ';')) {
                        parts.push_back(q);
                    }
                }
                if (parts.empty()) {
                    addDiagnostic(diagnostics, path, itemLine, Severity::Error,
                                  "в «(изм. …)» нет даты; ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ");
                }
                for (const auto& part : parts) {
                    auto date = parseDate(part);
                    if (!date) {
                        addDiagnostic(diagnostics, path, itemLine, Severity::Error,
                                      fmt::format("неверная дата изменения «{}»: ожидается "
                                                  "ГГГГ-ММ-ДД или ДД.ММ.ГГГГ",
                                                  part));
                    } else if (!entry.amended || *entry.amended < *date) {
                        entry.amended = *date;
                    }
                }
            }
            entry.id = path + "#" + anchors.unique(entry.title);
            // The item's source without its list marker.
            const int contentColumn = cmark_node_get_start_column(first);
            const int last = cmark_node_get_end_line(item);
            std::vector<std::string> body;
            for (int n = itemLine; n <= last && n <= static_cast<int>(lines.size()); ++n) {
                std::string_view line = lines[static_cast<std::size_t>(n - 1)];
                const auto cut = static_cast<std::size_t>(std::max(contentColumn - 1, 0));
                if (n == itemLine) {
                    line = line.substr(std::min(cut, line.size()));
                } else {
                    std::size_t k = 0;
                    while (k < cut && k < line.size() && line[k] == ' ') {
                        ++k;
                    }
                    line.remove_prefix(k);
                }
                body.emplace_back(line);
            }
            while (!body.empty() && isBlank(body.back())) {
                body.pop_back();
            }
            for (std::size_t i = 0; i < body.size(); ++i) {
                entry.markdown += (i ? "\n" : "") + body[i];
            }
            entry.text = plainText(item);
            out.entries.push_back(std::move(entry));
        }
    }
}

// --- index.md -------------------------------------------------------------------------------

// Strings from yaml-cpp go through toValidUtf8: it writes the escapes `\_` and `\N` of a quoted
// scalar as single Latin-1 bytes.
std::vector<std::string> stringList(const YAML::Node& node) {
    std::vector<std::string> out;
    if (node.IsSequence()) {
        for (const auto& item : node) {
            if (item.IsScalar()) {
                out.push_back(core::toValidUtf8(item.as<std::string>()));
            }
        }
    } else if (node.IsScalar()) {
        for (auto& part : splitTrimmed(core::toValidUtf8(node.as<std::string>()), ',')) {
            out.push_back(part);
        }
    }
    return out;
}

int yamlLine(const YAML::Node& node, int firstLine) {
    const YAML::Mark mark = node.Mark();
    return mark.line >= 0 ? mark.line + firstLine : firstLine;
}

Department parseDepartmentFront(const FrontMatter& front, const std::string& path,
                                const std::string& slug, Diagnostics& diagnostics) {
    Department dept;
    dept.slug = slug;
    dept.hasIndex = true;
    if (!front.present) {
        addDiagnostic(diagnostics, path, 1, Severity::Error,
                      "нет заголовка (front matter) между строками «---» с полем title");
        dept.title = slug;
        return dept;
    }
    YAML::Node root;
    try {
        root = YAML::Load(front.yaml);
    } catch (const YAML::Exception& e) {
        const int line = e.mark.line >= 0 ? e.mark.line + front.firstLine : front.firstLine;
        addDiagnostic(diagnostics, path, line, Severity::Error,
                      fmt::format("ошибка YAML в заголовке: {}", core::toValidUtf8(e.msg)));
        dept.title = slug;
        return dept;
    }
    if (!root.IsMap()) {
        addDiagnostic(diagnostics, path, front.firstLine, Severity::Error,
                      "заголовок (front matter) должен состоять из полей «имя: значение»");
        dept.title = slug;
        return dept;
    }
    static const std::set<std::string> known = {"title", "head", "phone", "editors", "reviewed"};
    for (const auto& kv : root) {
        const auto key = core::toValidUtf8(kv.first.as<std::string>(""));
        const YAML::Node& value = kv.second;
        const int line = yamlLine(kv.first, front.firstLine);
        if (!known.count(key)) {
            addDiagnostic(diagnostics, path, line, Severity::Warning,
                          fmt::format("неизвестное поле заголовка «{}»", key));
            continue;
        }
        if (key == "editors") {
            dept.editors = stringList(value);
            continue;
        }
        if (!value.IsScalar()) {
            addDiagnostic(diagnostics, path, line, Severity::Error,
                          fmt::format("поле «{}» должно быть строкой", key));
            continue;
        }
        const auto text = std::string(trim(core::toValidUtf8(value.as<std::string>())));
        if (key == "title") {
            dept.title = text;
        } else if (key == "head") {
            dept.head = text;
        } else if (key == "phone") {
            dept.phone = text;
        } else if (key == "reviewed") {
            dept.reviewedLine = line;
            if (auto date = parseDate(text)) {
                dept.reviewed = *date;
            } else {
                addDiagnostic(diagnostics, path, line, Severity::Error,
                              fmt::format("неверная дата «{}»: ожидается ГГГГ-ММ-ДД или "
                                          "ДД.ММ.ГГГГ",
                                          text));
            }
        }
    }
    if (dept.title.empty()) {
        addDiagnostic(diagnostics, path, front.firstLine - 1, Severity::Error,
                      "в заголовке нет обязательного поля title (название отдела)");
        dept.title = slug;
    }
    return dept;
}

} // namespace

FrontMatter extractFrontMatter(std::string& text, const std::string& path,
                               Diagnostics& diagnostics) {
    FrontMatter front;
    auto isFence = [](std::string_view line, bool closing) {
        line = trim(line);
        return line == "---" || (closing && line == "...");
    };
    auto firstEnd = text.find('\n');
    if (firstEnd == std::string::npos ||
        !isFence(std::string_view(text).substr(0, firstEnd), false)) {
        return front;
    }
    std::size_t pos = firstEnd + 1;
    while (pos <= text.size()) {
        auto end = text.find('\n', pos);
        const auto lineEnd = end == std::string::npos ? text.size() : end;
        if (isFence(std::string_view(text).substr(pos, lineEnd - pos), true)) {
            front.present = true;
            front.firstLine = 2;
            front.yaml = text.substr(firstEnd + 1, pos - firstEnd - 1);
            // Blank the front matter but keep its newlines.
            for (std::size_t i = 0; i < lineEnd; ++i) {
                if (text[i] != '\n') {
                    text[i] = ' ';
                }
            }
            return front;
        }
        if (end == std::string::npos) {
            break;
        }
        pos = end + 1;
    }
    addDiagnostic(diagnostics, path, 1, Severity::Error,
                  "заголовок (front matter) не закрыт строкой «---»");
    return front;
}

ParsedFile parseKbFile(const std::string& relativePath, std::string text,
                       Diagnostics& diagnostics) {
    ParsedFile out;
    const FileInfo info = classify(relativePath);
    FrontMatter front = extractFrontMatter(text, relativePath, diagnostics);
    const auto lines = core::splitLines(text);
    CmarkNode doc = parseMarkdown(text);
    collectLinks(doc.get(), relativePath, out.links);

    switch (info.kind) {
    case FileKind::Department: {
        out.department = parseDepartmentFront(front, relativePath, info.department, diagnostics);
        Entry entry;
        entry.id = relativePath;
        entry.kind = EntryKind::Department;
        entry.department = info.department;
        entry.title = out.department->title;
        entry.path = relativePath;
        entry.line = 1;
        entry.markdown = sourceOf(lines, 1, static_cast<int>(lines.size()));
        entry.text = plainText(doc.get());
        out.entries.push_back(std::move(entry));
        break;
    }
    case FileKind::Section:
        parseSections(doc.get(), lines, relativePath, info, out, diagnostics);
        break;
    case FileKind::Contacts:
        parseContacts(doc.get(), lines, relativePath, info, out, diagnostics);
        break;
    case FileKind::Npa:
        parseNpa(doc.get(), lines, relativePath, info, out, diagnostics);
        break;
    }
    return out;
}

} // namespace sufler::kb::detail
