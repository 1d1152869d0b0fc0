// A file cut at its `## ` lines by a scan of its lines, far cheaper than parsing it: what the
// scan cannot follow as cmark does makes the whole file parsed instead.
#include "sections.h"

#include "schema.h"

#include <fmt/format.h>

#include <charconv>
#include <unordered_set>

namespace sufler::indexer::detail {
namespace {

std::size_t indentOf(std::string_view line) {
    std::size_t n = 0;
    while (n < line.size() && line[n] == ' ') {
        ++n;
    }
    return n;
}

bool isBlank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

// A line of one repeated character (`---`, `===`), spaces around it allowed.
bool isRuleOf(std::string_view line, char c) {
    std::size_t count = 0;
    for (char ch : line) {
        if (ch == c) {
            ++count;
        } else if (ch != ' ' && ch != '\t') {
            return false;
        }
    }
    return count > 0;
}

// What makes the cut unlike cmark's blocks; `afterText`: the line before is not blank.
bool unsafeLine(std::string_view line, bool afterText) {
    const std::size_t indent = indentOf(line);
    if (indent >= 4) {
        return false; // indented code, or a paragraph's continuation: never a block start
    }
    std::string_view rest = line.substr(indent);
    if (rest.starts_with("```") || rest.starts_with("~~~") || rest.starts_with("<") ||
        (rest.starts_with("[") && rest.find("]:") != std::string_view::npos)) {
        return true;
    }
    if (indent > 0 && rest.starts_with("#")) {
        return true;
    }
    return afterText && (isRuleOf(rest, '-') || isRuleOf(rest, '='));
}

bool isSectionStart(std::string_view line) {
    return line.starts_with("## ") || line.starts_with("##\t") || line == "##";
}

} // namespace

std::optional<std::vector<Section>> cutSections(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF") || text.find('\r') != std::string_view::npos) {
        return std::nullopt;
    }
    std::vector<Section> sections;
    sections.push_back({0, 0, 1, {}});
    bool afterText = false;
    int number = 1;
    for (std::size_t at = 0; at < text.size(); ++number) {
        std::size_t end = text.find('\n', at);
        end = end == std::string_view::npos ? text.size() : end + 1;
        std::string_view line = text.substr(at, end - at);
        if (line.ends_with('\n')) {
            line.remove_suffix(1);
        }
        if (unsafeLine(line, afterText)) {
            return std::nullopt;
        }
        if (isSectionStart(line)) {
            sections.back().end = at;
            sections.push_back({at, 0, number, {}});
        }
        afterText = !isBlank(line);
        at = end;
    }
    sections.back().end = text.size();
    for (auto& section : sections) {
        section.hash =
            fmt::format("{:016x}", fnv1a(text.substr(section.begin, section.end - section.begin)));
    }
    return sections;
}

std::string encodeSections(const std::string& callers, const std::vector<StoredSection>& sections) {
    std::string out = callers;
    out += '\n';
    for (const auto& section : sections) {
        out += section.hash;
        out += '\t';
        out += std::to_string(section.line);
        for (const auto& id : section.ids) {
            out += '\t';
            out += id;
        }
        out += '\n';
    }
    return out;
}

StoredSections decodeSections(std::string_view value) {
    StoredSections out;
    const std::size_t head = value.find('\n');
    if (head == std::string_view::npos) {
        return out;
    }
    out.callers = std::string(value.substr(0, head));
    value.remove_prefix(head + 1);
    auto& sections = out.sections;
    while (!value.empty()) {
        std::size_t end = value.find('\n');
        std::string_view line = value.substr(0, end);
        value.remove_prefix(end == std::string_view::npos ? value.size() : end + 1);
        std::vector<std::string_view> fields;
        for (std::size_t at = 0;;) {
            std::size_t tab = line.find('\t', at);
            fields.push_back(line.substr(at, tab == std::string_view::npos ? tab : tab - at));
            if (tab == std::string_view::npos) {
                break;
            }
            at = tab + 1;
        }
        StoredSection section;
        if (fields.size() < 2 ||
            std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), section.line)
                    .ec != std::errc{}) {
            sections.clear(); // not ours: the file is parsed whole
            return out;
        }
        section.hash = std::string(fields[0]);
        for (std::size_t i = 2; i < fields.size(); ++i) {
            section.ids.emplace_back(fields[i]);
        }
        sections.push_back(std::move(section));
    }
    return out;
}

std::string sectionsMetaKey(std::string_view path) {
    return boundedTerm(fmt::format("sections:{}", path));
}

bool idsIndependent(const std::vector<std::string>& ids) {
    std::unordered_set<std::string_view> seen;
    for (const auto& id : ids) {
        if (id.find_first_of("\t\n") != std::string::npos || !seen.insert(id).second) {
            return false;
        }
    }
    for (const auto& id : ids) {
        // `x-1` beside `x`: a repeated heading's anchor, which depends on the headings above.
        std::size_t digits = id.size();
        while (digits > 0 && id[digits - 1] >= '0' && id[digits - 1] <= '9') {
            --digits;
        }
        if (digits < id.size() && digits > 0 && id[digits - 1] == '-' &&
            seen.count(std::string_view(id).substr(0, digits - 1)) != 0) {
            return false;
        }
    }
    return true;
}

} // namespace sufler::indexer::detail
