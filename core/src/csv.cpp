// The product's one CSV writer and one strict CSV reader.
#include "sufler/core/csv.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

namespace sufler::core {

namespace {

bool isTrigger(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Text that csvGuard marks: it starts like a formula once any leading apostrophes are off.
bool needsGuard(std::string_view text) {
    const auto first = text.find_first_not_of('\'');
    return first != std::string_view::npos && isTrigger(text[first]);
}

std::string separatorName(char separator) {
    return separator == '\t' ? std::string("табуляций") : fmt::format("«{}»", separator);
}

// A cell's text cut for a message on one line.
std::string excerpt(std::string_view text) {
    std::string out;
    std::size_t chars = 0;
    for (const char c : text) {
        const bool lead = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (lead && chars == 40) {
            return out + "…";
        }
        chars += lead ? 1 : 0;
        out += c == '\r' || c == '\n' || c == '\t' ? ' ' : c;
    }
    return out;
}

// Where a quoted cell that spans lines sits, for the check after the whole file is read.
struct MultiLineCell {
    std::size_t record = 0;
    std::size_t cell = 0;
    int openLine = 0;
    int closeLine = 0;
};

} // namespace

bool startsLikeFormula(std::string_view text) {
    return !text.empty() && isTrigger(text.front());
}

std::string csvGuard(std::string_view text) {
    return needsGuard(text) ? "'" + std::string(text) : std::string(text);
}

std::string csvUnguard(std::string_view text) {
    if (text.size() > 1 && text.front() == '\'' && needsGuard(text.substr(1))) {
        return std::string(text.substr(1));
    }
    return std::string(text);
}

CsvWriter::CsvWriter() : m_text("\xEF\xBB\xBF") {}

void CsvWriter::cell(const CsvCell& cell) {
    if (m_rowStarted) {
        m_text += ';';
    }
    m_rowStarted = true;
    // A number the program formatted itself can hold neither a formula nor a separator.
    const std::string value = cell.isNumber() ? cell.text() : csvGuard(cell.text());
    if (value.find_first_of(";\"\r\n") == std::string::npos) {
        m_text += value;
        return;
    }
    m_text += '"';
    for (const char c : value) {
        m_text += c;
        if (c == '"') {
            m_text += '"';
        }
    }
    m_text += '"';
}

void CsvWriter::endRow() {
    m_text += "\r\n";
    m_rowStarted = false;
}

void CsvWriter::row(std::initializer_list<CsvCell> cells) {
    for (const auto& c : cells) {
        cell(c);
    }
    endRow();
}

char detectCsvSeparator(std::string_view text) {
    static constexpr std::array<char, 3> kCandidates = {';', '\t', ','};
    std::array<std::size_t, 3> best{};
    std::array<std::size_t, 3> current{};
    bool quoted = false;
    int lines = 0;
    for (std::size_t i = 0; i <= text.size() && lines < 50; ++i) {
        const char c = i < text.size() ? text[i] : '\n';
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            for (std::size_t k = 0; k < kCandidates.size(); ++k) {
                best[k] = std::max(best[k], current[k]);
                current[k] = 0;
            }
            ++lines;
        } else if (!quoted) {
            for (std::size_t k = 0; k < kCandidates.size(); ++k) {
                current[k] += c == kCandidates[k] ? 1 : 0;
            }
        }
    }
    std::size_t chosen = 0;
    for (std::size_t k = 1; k < kCandidates.size(); ++k) {
        if (best[k] > best[chosen]) {
            chosen = k;
        }
    }
    return kCandidates[chosen];
}

std::vector<CsvRecord> parseCsv(std::string_view text, char separator, std::string_view source) {
    enum class State { FieldStart, Unquoted, Quoted, AfterQuote };
    std::vector<CsvRecord> records;
    std::vector<MultiLineCell> multiLine;
    CsvRecord record{1, {}, {}};
    std::string cell;
    State state = State::FieldStart;
    bool recordStarted = false;
    int line = 1;
    int quoteLine = 0; // where the quoted cell being read opened

    const auto endCell = [&] {
        if (state == State::AfterQuote && quoteLine != line) {
            multiLine.push_back({records.size(), record.cells.size(), quoteLine, line});
        }
        record.cells.push_back(std::move(cell));
        cell.clear();
        state = State::FieldStart;
    };
    const auto endRecord = [&](int nextLine) {
        endCell();
        records.push_back(std::move(record));
        record = CsvRecord{nextLine, {}, {}};
        recordStarted = false;
    };

    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool crlf = c == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
        const bool lineEnd = c == '\n' || c == '\r';
        recordStarted = true;
        if (state == State::Quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else {
                    state = State::AfterQuote;
                }
            } else if (lineEnd) {
                cell += crlf ? "\r\n" : std::string(1, c);
                i += crlf ? 1 : 0;
                ++line;
            } else {
                cell += c;
            }
            continue;
        }
        if (c == separator) {
            endCell();
        } else if (lineEnd) {
            i += crlf ? 1 : 0;
            endRecord(line + 1);
            ++line;
        } else if (state == State::FieldStart && c == '"') {
            state = State::Quoted;
            quoteLine = line;
        } else if (state == State::AfterQuote) {
            // `"abc"def`: RFC 4180 has no such cell. On one line the damage stays in this record;
            // across lines it is the mark of a quote that was never closed.
            const std::size_t column = record.cells.size() + 1;
            if (quoteLine != line) {
                throw Error(fmt::format(
                    "{}:{}: кавычка в начале ячейки {} открыта в этой строке и закрывается только "
                    "в строке {}, а после неё идёт «{}» — похоже, кавычка не закрыта и забрала "
                    "в одну ячейку строки {}–{}; исправьте файл",
                    source, quoteLine, column, line,
                    excerpt(text.substr(i, text.find_first_of("\r\n", i) - i)), quoteLine + 1,
                    line));
            }
            if (record.problem.empty()) {
                const std::size_t end = text.find_first_of(std::string{separator, '\r', '\n'}, i);
                record.problem = fmt::format(
                    "после закрывающей кавычки ячейки {} идёт «{}» — ячейка в кавычках должна "
                    "кончаться кавычкой",
                    column, excerpt(text.substr(i, end == std::string_view::npos ? end : end - i)));
            }
            cell += c;
            state = State::Unquoted;
        } else {
            cell += c;
            state = State::Unquoted;
        }
    }
    if (state == State::Quoted) {
        throw Error(fmt::format("{}:{}: кавычка в начале ячейки {} не закрыта до конца файла — "
                                "всё после неё попало бы в одну ячейку; закройте кавычку или "
                                "уберите её",
                                source, quoteLine, record.cells.size() + 1));
    }
    if (recordStarted) {
        endRecord(line);
    }

    // A quote left open may also close cleanly at a later quote. What it swallowed is then a
    // cell whose lines hold as many separators as records do; typed text does not look so.
    std::map<std::size_t, int> widths;
    for (const auto& r : records) {
        if (r.cells.size() >= 2) {
            ++widths[r.cells.size()];
        }
    }
    std::size_t width = 0;
    int seen = 0;
    for (const auto& [w, n] : widths) {
        if (n >= seen) {
            width = w;
            seen = n;
        }
    }
    const std::size_t limit = std::max<std::size_t>(3, (width + 1) / 2);
    for (const auto& m : multiLine) {
        const std::string& value = records[m.record].cells[m.cell];
        std::size_t most = 0;
        for (std::size_t begin = 0; begin <= value.size();) {
            std::size_t end = value.find_first_of("\r\n", begin);
            if (end == std::string::npos) {
                end = value.size();
            }
            most =
                std::max(most, static_cast<std::size_t>(std::count(
                                   value.begin() + static_cast<std::ptrdiff_t>(begin),
                                   value.begin() + static_cast<std::ptrdiff_t>(end), separator)));
            begin = end + 1;
        }
        if (most >= limit) {
            throw Error(fmt::format(
                "{}:{}: кавычка в начале ячейки {} открыта в этой строке и закрывается только в "
                "строке {}; в ячейку попали строки с {} разделителями {}, как у записей таблицы, "
                "— похоже, кавычка не закрыта; исправьте файл",
                source, m.openLine, m.cell + 1, m.closeLine, most, separatorName(separator)));
        }
    }
    return records;
}

} // namespace sufler::core
