// Units of a KB file, cut where the loader cuts entries (kb/src/entries.cpp).
#include "kb_file.h"

#include "split.h"

#include "sufler/core/markdown.h"
#include "sufler/core/text.h"
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"

#include <git2.h>

namespace sufler::importer::detail {

namespace {

using core::startsWith;
using core::trim;
using core::trimmed;

std::string joinLines(const std::vector<std::string_view>& lines, std::size_t from,
                      std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
        out += lines[i];
        out += '\n';
    }
    return out;
}

std::string withoutTrailingBlank(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

bool isTableLine(std::string_view line) {
    return startsWith(trim(line), "|");
}

// The act's text without a final «(изм. …)», as the loader anchors it.
std::string actText(std::string_view item) {
    std::string_view t = trim(item);
    const auto open = t.rfind("(изм.");
    if (open != std::string_view::npos && t.back() == ')') {
        t = trim(t.substr(0, open));
    }
    return std::string(t);
}

} // namespace

std::string unitTitle(const Unit& unit, FileShape shape, const std::vector<std::string>& columns) {
    const std::string_view text = unit.text;
    const std::string_view first = text.substr(0, text.find('\n'));
    switch (shape) {
    case FileShape::Sections:
        return trimmed(first.substr(2));
    case FileShape::List:
        return actText(first.substr(2));
    case FileShape::Table: {
        const auto cells = tableCells(first);
        std::string fio;
        std::string org;
        std::string any;
        for (std::size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
            const std::string column = contactColumn(columns[c]);
            if (column == "ФИО" && fio.empty()) {
                fio = cells[c];
            } else if (column == "Организация" && org.empty()) {
                org = cells[c];
            }
            if (any.empty()) {
                any = cells[c];
            }
        }
        return !fio.empty() ? fio : !org.empty() ? org : any;
    }
    }
    return {};
}

void KbFile::rekey() {
    kb::AnchorSet anchors;
    for (auto& unit : units) {
        unit.key = anchors.unique(unitTitle(unit, shape, columns));
    }
}

KbFile parseKbFile(std::string_view text, FileShape shape) {
    KbFile file;
    file.shape = shape;
    const auto lines = core::splitLines(text);
    std::size_t i = 0;
    if (shape == FileShape::Sections) {
        bool fence = false;
        std::size_t start = lines.size();
        std::vector<std::size_t> starts;
        for (std::size_t n = 0; n < lines.size(); ++n) {
            if (startsWith(trim(lines[n]), "```")) {
                fence = !fence;
            }
            if (!fence && startsWith(lines[n], "## ")) {
                starts.push_back(n);
            }
        }
        start = starts.empty() ? lines.size() : starts.front();
        file.head = joinLines(lines, 0, start);
        for (std::size_t s = 0; s < starts.size(); ++s) {
            const std::size_t end = s + 1 < starts.size() ? starts[s + 1] : lines.size();
            file.units.push_back(Unit{{}, withoutTrailingBlank(joinLines(lines, starts[s], end))});
        }
    } else if (shape == FileShape::Table) {
        // The first table: a header, a `|---|` line, rows.
        for (; i + 1 < lines.size(); ++i) {
            if (isTableLine(lines[i]) && isTableLine(lines[i + 1]) &&
                trim(lines[i + 1]).find_first_not_of("|-: ") == std::string_view::npos) {
                break;
            }
        }
        if (i + 1 >= lines.size()) {
            file.head = std::string(text);
            return file;
        }
        file.head = joinLines(lines, 0, i);
        file.columns = tableCells(lines[i]);
        std::size_t n = i + 2;
        for (; n < lines.size() && isTableLine(lines[n]); ++n) {
            file.units.push_back(Unit{{}, std::string(trim(lines[n]))});
        }
        file.tail = joinLines(lines, n, lines.size());
    } else {
        for (; i < lines.size() && !startsWith(lines[i], "- "); ++i) {
        }
        file.head = joinLines(lines, 0, i);
        std::size_t n = i;
        while (n < lines.size() && startsWith(lines[n], "- ")) {
            std::string item(lines[n]);
            ++n;
            while (n < lines.size() && startsWith(lines[n], "  ") && !trim(lines[n]).empty()) {
                item += "\n" + std::string(lines[n]);
                ++n;
            }
            file.units.push_back(Unit{{}, item});
        }
        file.tail = joinLines(lines, n, lines.size());
    }
    file.rekey();
    return file;
}

std::string KbFile::render() const {
    std::string out = head;
    if (shape == FileShape::Sections) {
        if (!out.empty() && out.back() != '\n') {
            out += '\n';
        }
        for (const auto& unit : units) {
            if (!out.empty() &&
                out.substr(out.size() - std::min<std::size_t>(2, out.size())) != "\n\n") {
                out += '\n';
            }
            out += unit.text + "\n";
        }
        return out;
    }
    if (shape == FileShape::Table) {
        if (columns.empty()) {
            return out;
        }
        std::string header = "|";
        std::string separator = "|";
        for (const auto& c : columns) {
            header += " " + c + " |";
            separator += "---|";
        }
        out += header + "\n" + separator + "\n";
    }
    for (const auto& unit : units) {
        out += unit.text + "\n";
    }
    if (!tail.empty() && shape == FileShape::Table && !startsWith(tail, "\n")) {
        out += "\n";
    }
    out += tail;
    return out;
}

std::string tableRow(const std::vector<std::string>& columns,
                     const std::vector<std::pair<std::string, std::string>>& fields,
                     std::vector<std::string>& lost) {
    std::string row = "|";
    std::vector<bool> used(fields.size(), false);
    for (const auto& column : columns) {
        const std::string canonical = contactColumn(column);
        std::string value;
        for (std::size_t f = 0; f < fields.size(); ++f) {
            if (!used[f] && fields[f].first == canonical && !canonical.empty()) {
                value = fields[f].second;
                used[f] = true;
                break;
            }
        }
        row += " " + core::markdownCell(value, core::CellBreak::Space) + " |";
    }
    for (std::size_t f = 0; f < fields.size(); ++f) {
        if (!used[f]) {
            lost.push_back(fields[f].first);
        }
    }
    return row;
}

std::string unitHash(std::string_view text) {
    kb::git::ensureInit();
    git_oid id;
    kb::git::check(git_odb_hash(&id, text.data(), text.size(), GIT_OBJECT_BLOB),
                   "git: не удалось вычислить хеш");
    return kb::git::toHex(id);
}

} // namespace sufler::importer::detail
