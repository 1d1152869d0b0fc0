#pragma once
// Writing Markdown (GFM) tables: what every report and file with a table escapes the same way.
#include <string>
#include <string_view>

namespace sufler::core {

// What a line break inside a cell becomes: `<br>` where people read the table (reports), a
// space where the text is read back as data (a KB file, a sheet of the schedule).
enum class CellBreak { Br, Space };

// The text as one cell of a table row: `|` escaped, a line break as `lineBreak` says, a carriage
// return dropped (it would end the row), any other control character but a tab written as
// \xNN so that nothing vanishes unseen.
[[nodiscard]] std::string markdownCell(std::string_view text, CellBreak lineBreak = CellBreak::Br);

} // namespace sufler::core
