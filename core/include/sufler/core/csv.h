#pragma once
// CSV as Russian Excel opens and saves it. Every CSV the product writes goes through CsvWriter:
// `;` between cells, UTF-8 with a BOM, quotes as RFC 4180 has them, and no cell a spreadsheet
// would run as a formula. parseCsv reads one strictly, by physical lines, for the imports.
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <ranges>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::core {

// Text a spreadsheet would take for a formula (or a DDE command) when it opens a CSV: it
// begins with `=`, `+`, `-`, `@`, a tab or a carriage return (the OWASP rule).
[[nodiscard]] bool startsLikeFormula(std::string_view text);

// The text as a CSV cell that shows it but never runs it: an apostrophe before text that
// starts like a formula, and before apostrophes that precede such text, so that csvUnguard
// gives back exactly what was written.
[[nodiscard]] std::string csvGuard(std::string_view text);
// The inverse of csvGuard: one leading apostrophe off where csvGuard would have put it.
[[nodiscard]] std::string csvUnguard(std::string_view text);

// One cell: text (anything a person typed or the program wrote as words) is guarded; a number
// the program counted itself is written as the number, so a spreadsheet reads it as one, a
// negative one included.
class CsvCell {
public:
    CsvCell(std::string_view text) : m_text(text) {}
    CsvCell(const std::string& text) : m_text(text) {}
    CsvCell(const char* text) : m_text(text) {}
    template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>) CsvCell(T number)
        : m_text(std::to_string(number)), m_number(true) {}

    [[nodiscard]] const std::string& text() const { return m_text; }
    [[nodiscard]] bool isNumber() const { return m_number; }

private:
    std::string m_text;
    bool m_number = false;
};

// Builds a CSV text: the BOM first (Excel reads UTF-8 only with it), rows ended by CRLF.
class CsvWriter {
public:
    CsvWriter();

    void cell(const CsvCell& cell);
    void endRow();
    void row(std::initializer_list<CsvCell> cells);
    template <std::ranges::input_range Cells> void row(const Cells& cells) {
        for (const auto& c : cells) {
            cell(CsvCell(c));
        }
        endRow();
    }
    // An empty line between the blocks of a report.
    void blankRow() { endRow(); }

    [[nodiscard]] const std::string& text() const { return m_text; }

private:
    std::string m_text;
    bool m_rowStarted = false;
};

// One record of a CSV file.
struct CsvRecord {
    int line = 0; // the physical line it starts on, 1-based
    std::vector<std::string> cells;
    // Why the record is malformed though the rest of the file reads (text after the closing
    // quote of a cell on one line); empty when it is well formed.
    std::string problem;
};

// The separator of a CSV file: the one of `;`, tab and `,` that a line among the first ones
// holds most of (`;` on a tie, and when none is there).
[[nodiscard]] char detectCsvSeparator(std::string_view text);

// Reads CSV text (UTF-8, no BOM) as RFC 4180 has it: a cell either starts with a quote and ends
// with the quote that closes it, `""` standing for a quote, or holds no line break; a quote
// inside an unquoted cell is kept as a character, as Excel keeps it. LF, CRLF and a lone CR
// each end a line. Throws sufler::Error naming `source` and the line where the quote opened
// when a quote is never closed, or when a quoted cell spans lines and is followed by text or
// holds lines as full of separators as records are: a quote left open that swallowed the rows
// after it, which no reader can take apart again.
[[nodiscard]] std::vector<CsvRecord> parseCsv(std::string_view text, char separator,
                                              std::string_view source);

} // namespace sufler::core
