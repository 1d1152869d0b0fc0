#pragma once
// A KB file as the import sees it: a head (the text before the first entry), the entries as
// units of text with their anchors, and what follows them. Only units are ever replaced or
// added; the rest of the file — whatever people wrote there — stays byte for byte.
#include <string>
#include <string_view>
#include <vector>

namespace sufler::importer::detail {

enum class FileShape {
    Sections, // faq.md, templates.md: a unit is a `## ` heading and what follows it
    Table,    // contacts.md, directory/*.md: a unit is a row of the first table
    List,     // npa.md: a unit is an item of the list
};

struct Unit {
    std::string key;  // the entry's anchor, as the loader makes it
    std::string text; // the unit as written, without trailing blank lines
};

struct KbFile {
    FileShape shape = FileShape::Sections;
    std::string head;
    std::vector<std::string> columns; // Table: the header's cells as written
    std::vector<Unit> units;
    std::string tail;

    // The file's text again: parse(render(x)) gives x back.
    [[nodiscard]] std::string render() const;
    // Anchors recomputed after units were added or removed (duplicates get `-1`, `-2`).
    void rekey();
};

[[nodiscard]] KbFile parseKbFile(std::string_view text, FileShape shape);

// The key a unit of this shape gets from its text (without the `-N` of a repeat).
[[nodiscard]] std::string unitTitle(const Unit& unit, FileShape shape,
                                    const std::vector<std::string>& columns);

// A table row for `columns` from values by contact column; `lost` gets the columns the table
// has no place for.
[[nodiscard]] std::string tableRow(const std::vector<std::string>& columns,
                                   const std::vector<std::pair<std::string, std::string>>& fields,
                                   std::vector<std::string>& lost);

// A content hash of a unit (git's blob id of its text): what the manifest keeps.
[[nodiscard]] std::string unitHash(std::string_view text);

} // namespace sufler::importer::detail
