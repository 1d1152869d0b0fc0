// Fuzz target: one Markdown file of a KB department (front matter, sections, contact tables,
// lists of acts), read the way load() reads it, as each kind of file the format knows.
#include "fuzz_support.h"
#include "loader_internal.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

using namespace sufler;

namespace {

// The same text as each kind of file: index.md has front matter, faq/templates are cut into
// sections, contacts.md into table rows, npa.md into list items.
constexpr const char* kPaths[] = {
    "departments/fuzz/index.md",    "departments/fuzz/faq.md", "departments/fuzz/templates.md",
    "departments/fuzz/contacts.md", "departments/fuzz/npa.md",
};

void parseAs(const std::string& path, std::string text) {
    Diagnostics diagnostics;
    if (!kb::detail::normalizeKbText(text, path, diagnostics)) {
        fuzz::require(diagnostics.size() == 1, "text refused without one diagnostic");
        fuzz::checkDiagnostics(diagnostics, path, fuzz::lineCount(text));
        return;
    }
    const int lines = fuzz::lineCount(text);
    const auto parsed = kb::detail::parseKbFile(path, text, diagnostics);
    fuzz::checkDiagnostics(diagnostics, path, lines);

    std::set<std::string> ids;
    for (const auto& entry : parsed.entries) {
        const std::string where = fmt::format("{}:{} «{}»", path, entry.line, entry.id);
        fuzz::require(entry.id == path || entry.id.starts_with(path + "#"),
                      "an entry id does not start with its file", where);
        fuzz::require(ids.insert(entry.id).second, "two entries of a file share an id", where);
        fuzz::require(entry.path == path, "an entry names another file", where);
        fuzz::require(entry.line >= 1 && entry.line <= lines,
                      fmt::format("an entry on line {} of {}", entry.line, lines), where);
        fuzz::require(!entry.title.empty(), "an entry without a title", where);
        for (const std::string* s : {&entry.id, &entry.title, &entry.markdown, &entry.text}) {
            fuzz::checkUtf8(*s, where);
        }
        for (const auto& wording : entry.otherWordings) {
            fuzz::checkUtf8(wording, where);
        }
        for (const auto& [column, value] : entry.fields) {
            fuzz::checkUtf8(column, where);
            fuzz::checkUtf8(value, where);
        }
    }
    if (parsed.department) {
        fuzz::require(!parsed.department->title.empty(), "a department without a title");
        fuzz::require(parsed.department->reviewedLine >= 0 &&
                          parsed.department->reviewedLine <= lines,
                      "`reviewed:` on a line past the end");
        fuzz::checkUtf8(parsed.department->title, "a department title");
    }
    for (const auto& link : parsed.links) {
        fuzz::require(link.path == path, "a link names another file", link.target);
        fuzz::require(link.line >= 0 && link.line <= lines,
                      fmt::format("a link on line {} of {}", link.line, lines), link.target);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::bytes(data, size);
    for (const char* path : kPaths) {
        parseAs(path, text);
    }
    return 0;
}
