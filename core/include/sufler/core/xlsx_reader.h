#pragma once
// Reading the cells of an xlsx (the journal's register import, the network-drive import):
// sheet names and order, shared and inline strings, numbers as written, merged ranges.
#include <filesystem>
#include <string>
#include <vector>

namespace sufler::core {

// A table read from a file, cells as text, with the line (CSV) or row (xlsx) of each row.
struct TableRow {
    int line = 0;
    std::vector<std::string> cells;
    std::string problem; // a CSV record that is not well formed: why
};

// A merged range of an xlsx sheet, 0-based and inclusive: the value sits in its first cell.
struct MergedRange {
    int firstRow = 0;
    int firstColumn = 0;
    int lastRow = 0;
    int lastColumn = 0;
};

struct Table {
    std::string name; // sheet name for xlsx; empty for CSV
    std::vector<TableRow> rows;
    std::vector<MergedRange> merged; // row numbers here are indexes into `rows`
};

// Every sheet of an xlsx, in workbook order; numbers as Excel stores them (dates are serials).
// Throws sufler::Error naming the file when it is no xlsx or a part is damaged or too large.
[[nodiscard]] std::vector<Table> readXlsx(const std::filesystem::path& file);

// The table with each merged range's value copied into every cell of the range, as a reader of
// the printed sheet sees it (a header «Контакты» over «Телефон» and «Кабинет»).
[[nodiscard]] Table withMergedFilled(Table table);

} // namespace sufler::core
