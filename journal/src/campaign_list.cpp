// A campaign's call list read from a file: xlsx, or CSV as Russian Excel saves it (UTF-8 or
// Windows-1251, `;` or `,`), its columns found by their Russian titles.
#include "sufler/journal/campaigns.h"
#include "sufler/journal/import.h"

#include "text_util.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

namespace sufler::journal {

namespace {

enum class Column { Name, Phone, Municipality, Category, Note };

// Words a column title holds, per column, as the folded title (foldName: lower case, ё as е,
// dots as spaces) reads; the first column of a row to match a kind takes it. The phone is
// tried first: «Телефон заявителя» is a phone.
struct ColumnWords {
    Column column;
    std::array<std::string_view, 6> words;
};

constexpr std::array<ColumnWords, 5> kColumns = {{
    {Column::Phone, {"телефон", "тел", "номер телефона", "мобильный", "сотовый", ""}},
    {Column::Name, {"фио", "ф и о", "фамилия", "заявитель", "гражданин", "получатель"}},
    {Column::Municipality, {"район", "муниципал", "мо", "округ", "населенный пункт", "город"}},
    {Column::Category, {"категория", "льгота", "категории", "", "", ""}},
    {Column::Note, {"примечание", "комментарий", "примечания", "заметка", "", ""}},
}};

bool titleHas(const std::string& folded, std::string_view word) {
    if (word.empty()) {
        return false;
    }
    // a word of the title, or its start («телефон» in «телефон (мобильный)», «муниципал» in
    // «муниципальное образование»)
    for (std::size_t pos = folded.find(word); pos != std::string::npos;
         pos = folded.find(word, pos + 1)) {
        const bool starts = pos == 0 || folded[pos - 1] == ' ' || folded[pos - 1] == '(';
        const std::size_t end = pos + word.size();
        const bool whole = end == folded.size() || folded[end] == ' ' || folded[end] == ')';
        if (starts && (whole || word.size() > 3)) {
            return true;
        }
    }
    return false;
}

std::optional<Column> columnOf(const std::string& title) {
    const std::string folded = foldName(title);
    for (const auto& c : kColumns) {
        for (const auto word : c.words) {
            if (titleHas(folded, word)) {
                return c.column;
            }
        }
    }
    return std::nullopt;
}

struct Header {
    std::size_t row = 0;
    std::array<std::optional<std::size_t>, 5> columns; // by Column
};

// The first row (of the first ten) with a name column and a phone column.
std::optional<Header> findHeader(const core::Table& table) {
    for (std::size_t r = 0; r < std::min<std::size_t>(table.rows.size(), 10); ++r) {
        Header h;
        h.row = r;
        const auto& cells = table.rows[r].cells;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const auto column = columnOf(cells[c]);
            auto& slot = h.columns[static_cast<std::size_t>(column.value_or(Column::Name))];
            if (column && !slot) {
                slot = c;
            }
        }
        if (h.columns[static_cast<std::size_t>(Column::Name)] &&
            h.columns[static_cast<std::size_t>(Column::Phone)]) {
            return h;
        }
    }
    return std::nullopt;
}

std::string cell(const core::TableRow& row, const Header& h, Column column) {
    const auto at = h.columns[static_cast<std::size_t>(column)];
    return at && *at < row.cells.size() ? core::trimmed(row.cells[*at]) : std::string();
}

} // namespace

std::vector<CampaignContact> readCallList(const std::filesystem::path& file,
                                          std::vector<std::string>& problems) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::vector<core::Table> tables;
    if (extension == ".xlsx") {
        tables = core::readXlsx(file);
    } else if (extension == ".csv" || extension == ".txt") {
        tables.push_back(readCsv(file));
    } else {
        throw Error(fmt::format("{}: список для обзвона читается из xlsx или CSV, а не «{}»",
                                file.string(), extension));
    }
    for (const auto& table : tables) {
        const auto header = findHeader(table);
        if (!header) {
            continue;
        }
        std::vector<CampaignContact> out;
        for (std::size_t r = header->row + 1; r < table.rows.size(); ++r) {
            const auto& row = table.rows[r];
            const std::string source = fmt::format("{}:{}", file.string(), row.line);
            if (!row.problem.empty()) {
                problems.push_back(fmt::format("{}: {}", source, row.problem));
                continue;
            }
            if (std::all_of(row.cells.begin(), row.cells.end(),
                            [](const std::string& c) { return core::trim(c).empty(); })) {
                continue;
            }
            CampaignContact contact;
            contact.fullName = cell(row, *header, Column::Name);
            contact.phone = cell(row, *header, Column::Phone);
            contact.municipality = cell(row, *header, Column::Municipality);
            contact.category = cell(row, *header, Column::Category);
            contact.note = cell(row, *header, Column::Note);
            contact.source = source;
            out.push_back(std::move(contact));
        }
        return out;
    }
    throw Error(fmt::format("{}: не найдена строка заголовков списка — нужны столбцы «ФИО» и "
                            "«Телефон» (а также, если есть, «Район», «Категория», «Примечание»)",
                            file.string()));
}

} // namespace sufler::journal
