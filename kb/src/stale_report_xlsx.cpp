// The staleness report as an xlsx workbook for managers, through libxlsxwriter.
#include "sufler/kb/stale_report.h"

#include "sufler/core/xlsx.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

namespace sufler::kb {

namespace {

struct Formats {
    lxw_format* header = nullptr;
    lxw_format* date = nullptr;
    lxw_format* wrap = nullptr;
    lxw_format* overdueDate = nullptr;
    lxw_format* status[4] = {nullptr, nullptr, nullptr, nullptr}; // by StaleStatus
};

Formats makeFormats(xlsx::Workbook& workbook) {
    Formats formats;
    formats.header = workbook.addFormat();
    format_set_bold(formats.header);
    format_set_bg_color(formats.header, 0xD9E1F2);
    format_set_border(formats.header, LXW_BORDER_THIN);
    format_set_text_wrap(formats.header);
    format_set_align(formats.header, LXW_ALIGN_VERTICAL_CENTER);

    formats.date = workbook.addFormat();
    format_set_num_format(formats.date, "dd.mm.yyyy");
    format_set_align(formats.date, LXW_ALIGN_VERTICAL_TOP);

    formats.overdueDate = workbook.addFormat();
    format_set_num_format(formats.overdueDate, "dd.mm.yyyy");
    format_set_font_color(formats.overdueDate, 0x9C0006);
    format_set_bold(formats.overdueDate);
    format_set_align(formats.overdueDate, LXW_ALIGN_VERTICAL_TOP);

    formats.wrap = workbook.addFormat();
    format_set_text_wrap(formats.wrap);
    format_set_align(formats.wrap, LXW_ALIGN_VERTICAL_TOP);

    // The usual Excel «bad / neutral / good» fills, grey for never reviewed.
    const struct {
        StaleStatus status;
        lxw_color_t fill;
        lxw_color_t font;
    } colours[] = {
        {StaleStatus::Overdue, 0xFFC7CE, 0x9C0006},
        {StaleStatus::Due, 0xFFEB9C, 0x9C5700},
        {StaleStatus::Unreviewed, 0xD9D9D9, 0x404040},
        {StaleStatus::Ok, 0xC6EFCE, 0x006100},
    };
    for (const auto& colour : colours) {
        lxw_format* format = workbook.addFormat();
        format_set_bg_color(format, colour.fill);
        format_set_font_color(format, colour.font);
        format_set_bold(format);
        format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
        formats.status[static_cast<int>(colour.status)] = format;
    }
    return formats;
}

void writeHeader(lxw_worksheet* sheet, const Formats& formats,
                 std::initializer_list<std::pair<const char*, double>> columns) {
    lxw_col_t col = 0;
    for (const auto& [title, width] : columns) {
        worksheet_write_string(sheet, 0, col, title, formats.header);
        worksheet_set_column(sheet, col, col, width, nullptr);
        ++col;
    }
    worksheet_set_row(sheet, 0, 30, nullptr);
}

void writeDate(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::optional<Date>& date,
               lxw_format* format) {
    if (date) {
        lxw_datetime value = xlsx::toExcel(*date);
        worksheet_write_datetime(sheet, row, col, &value, format);
    }
}

// The header stays in view and each column can be filtered.
void freezeAndFilter(lxw_worksheet* sheet, lxw_row_t lastRow, lxw_col_t lastCol) {
    worksheet_freeze_panes(sheet, 1, 0);
    worksheet_autofilter(sheet, 0, 0, lastRow, lastCol);
}

} // namespace

void writeStaleXlsx(const StaleReport& report, const std::filesystem::path& path,
                    std::string_view organization) {
    xlsx::Workbook workbook(path);
    Formats formats = makeFormats(workbook);

    lxw_worksheet* sections = workbook.addSheet("Разделы");
    writeHeader(sections, formats,
                {{"Отдел", 14},
                 {"Раздел", 40},
                 {"Руководитель", 28},
                 {"Последняя актуализация", 14},
                 {"Откуда", 18},
                 {"Статус", 20},
                 {"Ближайший срок", 14},
                 {"Открытые требования", 80},
                 {"Изменён не отделом", 50}});
    // Operators' signals from the call journal, when it was read: numbers, so they sort and filter.
    const bool withSignals = !report.signalsSource.empty();
    const lxw_col_t lastSectionCol = withSignals ? 12 : 8;
    if (withSignals) {
        const std::pair<const char*, double> columns[] = {{"Сигналы: «ответ устарел»", 14},
                                                          {"Сигналы: «нет ответа в базе»", 14},
                                                          {"Поиски без результата", 14},
                                                          {"Устаревшие ответы", 60}};
        lxw_col_t col = 9;
        for (const auto& [title, width] : columns) {
            worksheet_write_string(sections, 0, col, title, formats.header);
            worksheet_set_column(sections, col, col, width, nullptr);
            ++col;
        }
    }
    lxw_row_t row = 1;
    for (const auto& section : report.sections) {
        std::string reasons;
        for (const auto& requirement : section.requirements) {
            if (!reasons.empty()) {
                reasons += "\n";
            }
            reasons += requirement.due ? fmt::format("{} — срок {}", requirement.text,
                                                     formatRussianDate(*requirement.due))
                                       : requirement.text;
        }
        bool overdue = section.status == StaleStatus::Overdue;
        worksheet_write_string(sections, row, 0, section.department.c_str(), formats.wrap);
        worksheet_write_string(sections, row, 1, section.title.c_str(), formats.wrap);
        worksheet_write_string(sections, row, 2, section.head.c_str(), formats.wrap);
        writeDate(sections, row, 3, section.lastReview, formats.date);
        worksheet_write_string(sections, row, 4, section.reviewSourceRu().c_str(), formats.wrap);
        worksheet_write_string(sections, row, 5, std::string(statusTitleRu(section.status)).c_str(),
                               formats.status[static_cast<int>(section.status)]);
        writeDate(sections, row, 6, section.due, overdue ? formats.overdueDate : formats.date);
        worksheet_write_string(sections, row, 7, reasons.c_str(), formats.wrap);
        // A commit that moved no date: the manager sees who changed what the department owns.
        worksheet_write_string(sections, row, 8, section.foreignChangeRu().c_str(), formats.wrap);
        if (withSignals) {
            const SectionSignals signals = section.signals.value_or(SectionSignals{});
            worksheet_write_number(sections, row, 9, signals.outdated, formats.wrap);
            worksheet_write_number(sections, row, 10, signals.noAnswer, formats.wrap);
            worksheet_write_number(sections, row, 11, signals.emptySearches, formats.wrap);
            std::string entries;
            for (const auto& entry : signals.outdatedEntries) {
                entries += (entries.empty() ? "" : "\n") + entry;
            }
            worksheet_write_string(sections, row, 12, entries.c_str(), formats.wrap);
        }
        ++row;
    }
    freezeAndFilter(sections, row > 1 ? row - 1 : 1, lastSectionCol);

    lxw_worksheet* requirements = workbook.addSheet("Требования");
    writeHeader(requirements, formats,
                {{"Отдел", 14},
                 {"Раздел", 36},
                 {"Руководитель", 28},
                 {"Статус раздела", 20},
                 {"Правило", 22},
                 {"Дата события", 14},
                 {"Срок", 14},
                 {"Просрочено", 12},
                 {"Требование", 70},
                 {"Где записано", 30}});
    row = 1;
    for (const auto& section : report.sections) {
        for (const auto& requirement : section.requirements) {
            worksheet_write_string(requirements, row, 0, section.department.c_str(), formats.wrap);
            worksheet_write_string(requirements, row, 1, section.title.c_str(), formats.wrap);
            worksheet_write_string(requirements, row, 2, section.head.c_str(), formats.wrap);
            worksheet_write_string(requirements, row, 3,
                                   std::string(statusTitleRu(section.status)).c_str(),
                                   formats.status[static_cast<int>(section.status)]);
            worksheet_write_string(requirements, row, 4,
                                   std::string(ruleTitleRu(requirement.rule)).c_str(),
                                   formats.wrap);
            writeDate(requirements, row, 5, requirement.date, formats.date);
            writeDate(requirements, row, 6, requirement.due,
                      requirement.overdue ? formats.overdueDate : formats.date);
            worksheet_write_string(requirements, row, 7, requirement.overdue ? "да" : "нет",
                                   requirement.overdue ? formats.status[0] : formats.wrap);
            worksheet_write_string(requirements, row, 8, requirement.text.c_str(), formats.wrap);
            worksheet_write_string(requirements, row, 9, requirement.source.c_str(), formats.wrap);
            ++row;
        }
    }
    freezeAndFilter(requirements, row > 1 ? row - 1 : 1, 9);

    lxw_worksheet* about = workbook.addSheet("Календарь");
    writeHeader(about, formats, {{"Сведения", 28}, {"Значение", 100}});
    row = 1;
    worksheet_write_string(about, row, 0, "Отчёт на дату", nullptr);
    lxw_datetime today = xlsx::toExcel(report.today);
    worksheet_write_datetime(about, row++, 1, &today, formats.date);
    if (!organization.empty()) {
        worksheet_write_string(about, row, 0, "Организация", nullptr);
        worksheet_write_string(about, row++, 1, std::string(organization).c_str(), formats.wrap);
    }
    for (const auto& year : report.calendarYears) {
        worksheet_write_string(about, row, 0, fmt::format("Календарь на {} год", year.year).c_str(),
                               nullptr);
        std::string source = year.decreeSource.empty()
                                 ? "данных постановления нет — только статья 112 ТК РФ"
                                 : year.decreeSource;
        worksheet_write_string(about, row++, 1, source.c_str(), formats.wrap);
    }
    if (withSignals) {
        worksheet_write_string(about, row, 0, "Сигналы операторов", nullptr);
        std::string text =
            fmt::format("журнал звонков {}; считаются после последней актуализации раздела",
                        report.signalsSource);
        if (report.unassignedSignals.total() > 0) {
            text += fmt::format("; без раздела: {}", report.unassignedSignals.summaryRu());
        }
        worksheet_write_string(about, row++, 1, text.c_str(), formats.wrap);
    }
    worksheet_freeze_panes(about, 1, 0);

    workbook.close();
}

} // namespace sufler::kb
