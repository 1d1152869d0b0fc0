// The monthly report as an xlsx (libxlsxwriter): the two registers in the form of the
// Приложения and the analysis with charts.
#include "report_common.h"
#include "text_util.h"

#include "sufler/core/error.h"
#include "sufler/core/regulations.h"
#include "sufler/core/text.h"
#include "sufler/core/xlsx.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <string>
#include <vector>

namespace sufler::journal {

namespace {

using xlsx::cellText;

struct Formats {
    lxw_format* title = nullptr;
    lxw_format* header = nullptr;
    lxw_format* numbering = nullptr;
    lxw_format* cell = nullptr;
    lxw_format* bold = nullptr;
    lxw_format* number = nullptr;
};

Formats makeFormats(xlsx::Workbook& wb) {
    Formats f;
    f.title = wb.addFormat();
    format_set_bold(f.title);
    format_set_font_size(f.title, 13);
    f.header = wb.addFormat();
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_border(f.header, LXW_BORDER_THIN);
    format_set_align(f.header, LXW_ALIGN_CENTER);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(f.header, 0xDDEBF7);
    f.numbering = wb.addFormat();
    format_set_border(f.numbering, LXW_BORDER_THIN);
    format_set_align(f.numbering, LXW_ALIGN_CENTER);
    format_set_italic(f.numbering);
    f.cell = wb.addFormat();
    format_set_text_wrap(f.cell);
    format_set_border(f.cell, LXW_BORDER_THIN);
    format_set_align(f.cell, LXW_ALIGN_VERTICAL_TOP);
    f.bold = wb.addFormat();
    format_set_bold(f.bold);
    f.number = wb.addFormat();
    format_set_num_format(f.number, "0");
    return f;
}

void write(lxw_worksheet* ws, int row, int col, std::string_view text, lxw_format* format) {
    const std::string safe = cellText(text);
    const lxw_error rc = worksheet_write_string(ws, static_cast<lxw_row_t>(row),
                                                static_cast<lxw_col_t>(col), safe.c_str(), format);
    if (rc != LXW_NO_ERROR) {
        throw Error(
            fmt::format("отчёт xlsx: ячейка {}:{}: {}", row + 1, col + 1, lxw_strerror(rc)));
    }
}

void writeNumber(lxw_worksheet* ws, int row, int col, double value, lxw_format* format) {
    worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), value,
                           format);
}

// What every sheet prints with: A4, margins for a binder on the left, the page's number.
void pageSetup(lxw_worksheet* ws) {
    worksheet_set_paper(ws, 9);                    // A4
    worksheet_set_margins(ws, 0.8, 0.4, 0.6, 0.7); // inches
    worksheet_set_footer(ws, "&CСтраница &P из &N");
}

const char* const kSignature = "Начальник отдела  ______________________________";

void writeRegister(xlsx::Workbook& wb, const Formats& f, const char* sheetName,
                   const std::string& title, const std::vector<std::string>& titles,
                   const std::vector<std::vector<std::string>>& rows,
                   const std::vector<double>& widths) {
    lxw_worksheet* ws = wb.addSheet(sheetName);
    // Printed as the paper register: landscape, every column on the page (one page wide, as
    // many tall as it takes), the header rows again on every page.
    pageSetup(ws);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    write(ws, 0, 0, sheetName, f.bold);
    write(ws, 1, 0, title, f.title);
    const int headerRow = 3;
    for (std::size_t c = 0; c < titles.size(); ++c) {
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                             c < widths.size() ? widths[c] : 16, nullptr);
        write(ws, headerRow, static_cast<int>(c), titles[c], f.header);
        writeNumber(ws, headerRow + 1, static_cast<int>(c), static_cast<double>(c + 1),
                    f.numbering);
    }
    worksheet_set_row(ws, headerRow, 60, nullptr);
    worksheet_repeat_rows(ws, headerRow, headerRow + 1);
    worksheet_freeze_panes(ws, headerRow + 2, 0);
    int r = headerRow + 2;
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            write(ws, r, static_cast<int>(c), row[c], f.cell);
        }
        ++r;
    }
    // The signature under the register, as on the paper form.
    write(ws, r + 1, 0, kSignature, nullptr);
}

struct Block {
    int firstRow = 0; // first data row
    int lastRow = -1; // last data row; < firstRow when empty
};

Block writeCounts(lxw_worksheet* ws, const Formats& f, int& row, const std::string& title,
                  const std::vector<std::pair<std::string, int>>& counts) {
    write(ws, row, 0, title, f.header);
    write(ws, row, 1, "Звонков", f.header);
    ++row;
    Block block{row, row - 1};
    for (const auto& [key, n] : counts) {
        write(ws, row, 0, key, f.cell);
        writeNumber(ws, row, 1, n, f.cell);
        block.lastRow = row;
        ++row;
    }
    row += 1;
    return block;
}

struct Chart {
    uint8_t type = LXW_CHART_BAR;
    std::string title;
    Block block;
};

// A chart's size on the sheet, in rows of the default height: whole on a page with another.
constexpr int kChartRows = 18;
constexpr int kChartsPerPage = 2;

// The charts under the tables, two to a page with a page break before each pair, so none is
// cut across pages; returns the first row after them.
int placeCharts(xlsx::Workbook& wb, lxw_worksheet* ws, const char* sheet,
                const std::vector<Chart>& charts, int row, std::vector<lxw_row_t>& breaks) {
    int placed = 0;
    for (const auto& c : charts) {
        if (c.block.lastRow < c.block.firstRow) {
            continue; // nothing to draw
        }
        if (placed % kChartsPerPage == 0) {
            // A row of space after the break: a chart that starts on the break's line is drawn
            // (clipped) on the page above as well.
            breaks.push_back(static_cast<lxw_row_t>(row));
            ++row;
        }
        lxw_chart* chart = wb.addChart(c.type);
        lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(series, sheet, static_cast<lxw_row_t>(c.block.firstRow), 0,
                                    static_cast<lxw_row_t>(c.block.lastRow), 0);
        chart_series_set_values(series, sheet, static_cast<lxw_row_t>(c.block.firstRow), 1,
                                static_cast<lxw_row_t>(c.block.lastRow), 1);
        const std::string name = cellText(c.title);
        chart_title_set_name(chart, name.c_str());
        if (c.type == LXW_CHART_PIE) {
            chart_series_set_labels(series);
            chart_series_set_labels_options(series, LXW_FALSE, LXW_FALSE, LXW_TRUE);
        } else {
            chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        }
        lxw_chart_options options{};
        // 528 × 317 pixels: within the four columns (552 pixels), 16 rows of 20.
        options.x_scale = 1.1;
        options.y_scale = 1.1;
        worksheet_insert_chart_opt(ws, static_cast<lxw_row_t>(row), 0, chart, &options);
        row += kChartRows;
        ++placed;
    }
    return row;
}

std::vector<std::pair<std::string, int>> pairs(const std::vector<Count>& counts,
                                               const MonthlyReport* topics = nullptr) {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& c : counts) {
        out.emplace_back(topics ? topics->topicTitle(c.key) : c.key, c.count);
    }
    return out;
}

} // namespace

void writeXlsxReport(const MonthlyReport& r, const std::filesystem::path& out) {
    xlsx::Workbook wb(out);
    const Formats f = makeFormats(wb);

    std::vector<std::vector<std::string>> rows;
    for (const auto& c : r.incoming) {
        rows.push_back(incomingRow(c));
    }
    writeRegister(wb, f, "Приложение 1",
                  fmt::format("ЖУРНАЛ регистрации звонков, поступивших на телефон «горячей "
                              "линии», {}",
                              monthTitleRu(r.month)),
                  r.incomingTitles(), rows, {7, 17, 16, 6, 26, 22, 40, 24, 22, 20});
    rows.clear();
    for (const auto& c : r.outgoing) {
        rows.push_back(outgoingRow(c));
    }
    writeRegister(wb, f, "Приложение 2",
                  fmt::format("ЖУРНАЛ регистрации исходящих звонков, {}", monthTitleRu(r.month)),
                  r.outgoingTitles(), rows, {7, 17, 30, 22, 40, 24, 22, 20});

    const char* sheet = "Анализ";
    lxw_worksheet* ws = wb.addSheet(sheet);
    // Portrait at a fixed scale: a scale fitted to the page would cancel the page breaks that
    // keep each chart whole. The four columns and a chart fit the width at 80 % with room for
    // a wider font than Calibri (LibreOffice without Carlito sets text in DejaVu Sans).
    pageSetup(ws);
    worksheet_set_portrait(ws);
    worksheet_set_print_scale(ws, 80);
    worksheet_set_column(ws, 0, 0, 40, nullptr);
    worksheet_set_column(ws, 1, 3, 12, nullptr);
    int row = 0;
    write(ws, row++, 0, fmt::format("Анализ звонков на горячую линию, {}", monthTitleRu(r.month)),
          f.title);
    if (!r.options.organization.empty()) {
        write(ws, row++, 0, r.options.organization, nullptr);
    }
    ++row;
    write(ws, row, 0, "Показатель", f.header);
    write(ws, row, 1, "Значение", f.header);
    ++row;
    for (const auto& [name, value] : summaryRows(r)) {
        write(ws, row, 0, name, f.cell);
        // Counts as numbers, so a manager can compute with them; shares and times as text.
        if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos) {
            writeNumber(ws, row, 1, std::stod(value), f.cell);
        } else {
            write(ws, row, 1, value, f.cell);
        }
        ++row;
    }
    ++row;
    const Block topics = writeCounts(ws, f, row, "Тема (отдел)", pairs(r.byTopic, &r));
    const Block municipalities =
        writeCounts(ws, f, row, "Муниципальное образование", pairs(r.byMunicipality));
    writeCounts(ws, f, row, "Организации и учреждения", pairs(r.byOrganization));
    const Block operators = writeCounts(ws, f, row, "Специалист", pairs(r.byOperator));
    std::vector<std::pair<std::string, int>> days;
    for (const auto& d : r.byDay) {
        const auto date = parseDate(d.key);
        days.emplace_back(date ? formatRussianDate(*date) : d.key, d.count);
    }
    const Block byDay = writeCounts(ws, f, row, "День", days);
    const Block answered =
        writeCounts(ws, f, row, fmt::format("«{}»", regulations::kAnsweredQuestion),
                    {{std::string(regulations::kAnsweredAnswers[0]), r.answered},
                     {std::string(regulations::kAnsweredAnswers[1]), r.notAnswered},
                     {"не ответили", r.surveyNoReply}});
    const Block satisfaction =
        writeCounts(ws, f, row, fmt::format("«{}»", regulations::kSatisfactionQuestion),
                    {{std::string(regulations::kSatisfactionAnswers[0]), r.satisfied},
                     {std::string(regulations::kSatisfactionAnswers[1]), r.partlySatisfied},
                     {std::string(regulations::kSatisfactionAnswers[2]), r.notSatisfied},
                     {"не оценили", r.satisfactionNoReply}});
    const Block deferred = writeCounts(ws, f, row, "Отсроченные ответы",
                                       {{"дано в срок", r.deferredOnTime},
                                        {"дано с опозданием", r.deferredLate},
                                        {"ещё не дано", r.deferredOpen}});

    write(ws, row, 0, "Отдел: сигналы для базы знаний", f.header);
    write(ws, row, 1, "«Ответ устарел»", f.header);
    write(ws, row, 2, "«Нет ответа в базе»", f.header);
    write(ws, row, 3, "Поиск без результатов", f.header);
    ++row;
    for (const auto& [dep, s] : r.signals) {
        write(ws, row, 0, r.topicTitle(dep.empty() ? kNotGiven : dep), f.cell);
        writeNumber(ws, row, 1, s.outdated, f.cell);
        writeNumber(ws, row, 2, s.noAnswer, f.cell);
        writeNumber(ws, row, 3, s.emptySearches, f.cell);
        ++row;
    }
    ++row;
    write(ws, row, 0, "Вопросы, на которые в базе знаний не нашлось ответа", f.header);
    write(ws, row, 1, "Отдел", f.header);
    ++row;
    for (const auto& [dep, q] : r.unanswered) {
        write(ws, row, 0, q, f.cell);
        write(ws, row, 1, r.topicTitle(dep), f.cell);
        ++row;
    }

    // The charts under the tables, each whole on a page; the signature after them, at the end.
    std::vector<lxw_row_t> breaks;
    row = placeCharts(wb, ws, sheet,
                      {{LXW_CHART_BAR, "Звонки по темам", topics},
                       {LXW_CHART_BAR, "Звонки по муниципальным образованиям", municipalities},
                       {LXW_CHART_COLUMN, "Звонки по дням", byDay},
                       {LXW_CHART_PIE, "Получен ли ответ на вопрос", answered},
                       {LXW_CHART_PIE, "Оценка работы консультанта", satisfaction},
                       {LXW_CHART_PIE, "Отсроченные ответы: даны ли в срок", deferred},
                       {LXW_CHART_COLUMN, "Звонки по специалистам", operators}},
                      row + 1, breaks);
    write(ws, row + 1, 0, kSignature, nullptr);
    if (!breaks.empty()) {
        breaks.push_back(0); // the list's end
        worksheet_set_h_pagebreaks(ws, breaks.data());
    }

    wb.close();
}

} // namespace sufler::journal
