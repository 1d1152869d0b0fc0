// A campaign's report for its manager: the figures, by operator and by municipality, and — only
// when asked for, in a file of its owner alone — the call list with where each citizen is at.
#include "sufler/journal/campaigns.h"

#include "sufler/core/error.h"
#include "sufler/core/xlsx.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <fstream>
#include <variant>

namespace sufler::journal {

namespace {

using Cell = std::variant<std::string, int>;

// One table of the report, drawn the same in Markdown and in xlsx.
struct Block {
    std::string title;
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
};

std::vector<Cell> figureCells(std::string name, const CampaignFigures& f) {
    return {std::move(name), f.listed,      f.called,  f.reached,     f.informed,
            f.refused,       f.wrongNumber, f.pending, f.unreachable, f.attempts};
}

const std::vector<std::string> kFigureColumns = {
    "",           "В списке",        "Звонили",     "Дозвонились",    "Проинформированы",
    "Отказались", "Ошибочный номер", "Ещё звонить", "Не дозвонились", "Попыток"};

std::vector<Block> blocks(const CampaignReport& r, bool withPersonalData) {
    std::vector<Block> out;
    Block total{"Итоги", kFigureColumns, {figureCells("Всего", r.total)}};
    total.columns[0] = "";
    out.push_back(std::move(total));

    Block municipalities{"По муниципальным образованиям", kFigureColumns, {}};
    municipalities.columns[0] = "Муниципальное образование";
    for (const auto& [name, f] : r.byMunicipality) {
        municipalities.rows.push_back(figureCells(name, f));
    }
    out.push_back(std::move(municipalities));

    Block operators{"По операторам",
                    {"Оператор", "Попыток", "Дозвонился", "Проинформировал", "Отказались",
                     "Ошибочный номер", "Не дозвонился"},
                    {}};
    for (const auto& [name, f] : r.byOperator) {
        operators.rows.push_back(
            {name, f.attempts, f.reached, f.informed, f.refused, f.wrongNumber, f.notReached});
    }
    out.push_back(std::move(operators));

    if (withPersonalData) {
        Block list{"Список для обзвона",
                   {"№", "ФИО", "Телефон", "Муниципальное образование", "Категория", "Попыток",
                    "Итог", "Последний звонок", "Следующий звонок"},
                   {}};
        for (const auto& item : r.items) {
            const std::string result =
                item.lastResult ? std::string(campaignResultRu(*item.lastResult)) : "";
            const std::string next = item.finished ? "" : item.dueAt.substr(0, 16);
            list.rows.push_back({item.position, item.fullName, item.phone, item.municipality,
                                 item.category, item.attempts,
                                 item.finished && result.empty() ? "попытки исчерпаны" : result,
                                 item.lastAttemptAt.substr(0, 16), next});
        }
        out.push_back(std::move(list));
    }
    return out;
}

std::string headline(const Campaign& c) {
    return fmt::format("Кампания информирования № {}: {}", c.id, c.title);
}

std::string details(const Campaign& c) {
    return fmt::format("Мера поддержки в базе знаний: {}. Сценарий: {}. Создана {} ({}). "
                       "Промежуток между попытками: {}, попыток не больше {}. Статус: {}{}.",
                       c.entry.empty() ? "не указана" : c.entry,
                       c.script.empty() ? "не указан" : c.script, c.createdAt.substr(0, 16),
                       c.createdBy.empty() ? "автор не указан" : c.createdBy,
                       campaignIntervalRu(c.interval), c.maxAttempts, campaignStatusRu(c.status),
                       c.closedAt.empty() ? "" : " " + c.closedAt.substr(0, 16));
}

// A cell of a Markdown table: no line break, no `|` that would split it.
std::string mdCell(const Cell& cell) {
    if (const int* n = std::get_if<int>(&cell)) {
        return std::to_string(*n);
    }
    std::string out;
    for (const char c : std::get<std::string>(cell)) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n' || c == '\r') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::string campaignReportMarkdown(const CampaignReport& report, bool withPersonalData) {
    std::string out =
        fmt::format("# {}\n\n{}\n", headline(report.campaign), details(report.campaign));
    for (const auto& b : blocks(report, withPersonalData)) {
        out += fmt::format("\n## {}\n\n|", b.title);
        for (const auto& c : b.columns) {
            out += fmt::format(" {} |", c);
        }
        out += "\n|";
        for (std::size_t i = 0; i < b.columns.size(); ++i) {
            out += " --- |";
        }
        out += "\n";
        for (const auto& row : b.rows) {
            out += "|";
            for (const auto& c : row) {
                out += fmt::format(" {} |", mdCell(c));
            }
            out += "\n";
        }
    }
    return out;
}

void writeCampaignReport(const CampaignReport& report, core::ReportFormat format,
                         const std::filesystem::path& out, bool withPersonalData) {
    if (format != core::ReportFormat::Xlsx && format != core::ReportFormat::Markdown) {
        throw Error("отчёт о кампании пишется в xlsx или md");
    }
    // Figures alone name no citizen, yet the report goes to the manager alone either way.
    std::error_code ec;
    if (std::filesystem::exists(out, ec)) {
        std::filesystem::permissions(
            out, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, ec);
    }
    ensurePrivateFile(out, "отчёт о кампании информирования");
    if (format == core::ReportFormat::Markdown) {
        std::ofstream file(out, std::ios::binary | std::ios::trunc);
        file << campaignReportMarkdown(report, withPersonalData);
        file.close();
        if (!file) {
            throw Error(fmt::format("{}: не удалось записать отчёт о кампании", out.string()));
        }
        return;
    }
    xlsx::Workbook wb(out);
    lxw_format* bold = wb.addFormat();
    format_set_bold(bold);
    lxw_format* header = wb.addFormat();
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_border(header, LXW_BORDER_THIN);
    lxw_format* cell = wb.addFormat();
    format_set_text_wrap(cell);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);

    const auto all = blocks(report, withPersonalData);
    const auto writeBlock = [&](lxw_worksheet* sheet, lxw_row_t& r, const Block& b) {
        worksheet_write_string(sheet, r++, 0, xlsx::cellText(b.title).c_str(), bold);
        for (lxw_col_t col = 0; col < b.columns.size(); ++col) {
            worksheet_write_string(sheet, r, col, xlsx::cellText(b.columns[col]).c_str(), header);
        }
        ++r;
        for (const auto& row : b.rows) {
            for (lxw_col_t col = 0; col < row.size(); ++col) {
                if (const int* n = std::get_if<int>(&row[col])) {
                    worksheet_write_number(sheet, r, col, *n, cell);
                } else {
                    worksheet_write_string(sheet, r, col,
                                           xlsx::cellText(std::get<std::string>(row[col])).c_str(),
                                           cell);
                }
            }
            ++r;
        }
        ++r;
    };
    lxw_worksheet* summary = wb.addSheet("Итоги");
    worksheet_set_column(summary, 0, 0, 32, nullptr);
    worksheet_set_column(summary, 1, 9, 15, nullptr);
    worksheet_write_string(summary, 0, 0, xlsx::cellText(headline(report.campaign)).c_str(), bold);
    worksheet_write_string(summary, 1, 0, xlsx::cellText(details(report.campaign)).c_str(),
                           nullptr);
    lxw_row_t r = 3;
    for (std::size_t i = 0; i < all.size() && i < 3; ++i) {
        writeBlock(summary, r, all[i]);
    }
    worksheet_set_landscape(summary);
    worksheet_set_paper(summary, 9);
    worksheet_fit_to_pages(summary, 1, 0);
    if (all.size() > 3) {
        lxw_worksheet* list = wb.addSheet("Список");
        constexpr std::array<double, 9> widths = {6, 34, 20, 26, 22, 10, 20, 18, 18};
        for (lxw_col_t col = 0; col < widths.size(); ++col) {
            worksheet_set_column(list, col, col, widths[col], nullptr);
        }
        lxw_row_t lr = 0;
        writeBlock(list, lr, all[3]);
        worksheet_set_landscape(list);
        worksheet_set_paper(list, 9);
        worksheet_fit_to_pages(list, 1, 0);
    }
    wb.close();
}

} // namespace sufler::journal
