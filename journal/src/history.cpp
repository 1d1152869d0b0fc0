// The printable list of a citizen's appeals: Markdown and xlsx.
#include "sufler/journal/history.h"

#include "sufler/core/error.h"
#include "sufler/core/markdown.h"
#include "sufler/core/regulations.h"
#include "sufler/core/xlsx.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <fstream>
#include <sys/stat.h>
#include <vector>

namespace sufler::journal {

namespace {

constexpr std::array<const char*, 8> kColumns = {
    "№ п/п",        "Дата и время",    "Краткое содержание вопроса",
    "Тема (отдел)", "Ответ получен",   "Оценка",
    "Специалист",   "Отложенный ответ"};

// «02.11.2026 10:00» from `2026-11-02 10:00:00`.
std::string shownTime(const std::string& timestamp) {
    if (timestamp.size() < 16) {
        return timestamp;
    }
    return fmt::format("{}.{}.{} {}", timestamp.substr(8, 2), timestamp.substr(5, 2),
                       timestamp.substr(0, 4), timestamp.substr(11, 5));
}

std::string deferredText(const HistoryCall& c) {
    if (!c.deferred) {
        return {};
    }
    const Deferred& d = *c.deferred;
    if (d.done()) {
        return fmt::format("ответ дан {}: {}", shownTime(d.answeredAt), d.result);
    }
    return fmt::format("ожидает ответа, срок {}", formatRussianDate(d.deadline()));
}

std::vector<std::string> row(const HistoryCall& c) {
    return {std::to_string(c.number),
            shownTime(c.receivedAt),
            c.question,
            c.department,
            std::string(answeredRu(c.survey.answered)),
            std::string(satisfactionRu(c.survey.satisfaction)),
            c.operatorName,
            deferredText(c)};
}

std::string openText(const HistoryOpenItem& item) {
    return fmt::format("звонок № {}: {} — обратный звонок до {}{}{}", item.callNumber,
                       item.question, formatRussianDate(item.due),
                       item.overdue ? " (просрочен)" : "",
                       item.claim ? ", взял: " + item.claim->operatorName : "");
}

std::string title(const CallerHistory& h, const Date& today) {
    return fmt::format("Обращения на горячую линию с телефона {} за {} лет: с {} по {}", h.phone,
                       regulations::kRetentionYears, formatRussianDate(h.since),
                       formatRussianDate(today));
}

std::vector<HistoryCall> oldestFirst(const CallerHistory& h) {
    std::vector<HistoryCall> calls(h.calls.rbegin(), h.calls.rend());
    return calls;
}

void makePrivate(const std::filesystem::path& out) {
    std::error_code ec;
    if (std::filesystem::exists(out, ec)) {
        std::filesystem::permissions(
            out, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, ec);
        if (ec) {
            throw Error(fmt::format("{}: не удалось закрыть файл от других пользователей: {}",
                                    out.string(), ec.message()));
        }
        return;
    }
    ensurePrivateFile(out, "файл с обращениями гражданина");
}

void writeXlsx(const CallerHistory& h, const Date& today, const std::filesystem::path& out) {
    xlsx::Workbook wb(out);
    lxw_worksheet* sheet = wb.addSheet("Обращения");
    lxw_format* bold = wb.addFormat();
    format_set_bold(bold);
    lxw_format* header = wb.addFormat();
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_border(header, LXW_BORDER_THIN);
    lxw_format* wrap = wb.addFormat();
    format_set_text_wrap(wrap);
    format_set_border(wrap, LXW_BORDER_THIN);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

    worksheet_write_string(sheet, 0, 0, xlsx::cellText(title(h, today)).c_str(), bold);
    constexpr std::array<double, 8> widths = {7, 16, 50, 16, 10, 14, 22, 36};
    for (lxw_col_t col = 0; col < widths.size(); ++col) {
        worksheet_set_column(sheet, col, col, widths[col], nullptr);
        worksheet_write_string(sheet, 2, col, kColumns[col], header);
    }
    lxw_row_t r = 3;
    for (const auto& c : oldestFirst(h)) {
        const auto cells = row(c);
        for (lxw_col_t col = 0; col < cells.size(); ++col) {
            worksheet_write_string(sheet, r, col, xlsx::cellText(cells[col]).c_str(), wrap);
        }
        ++r;
    }
    ++r;
    worksheet_write_string(sheet, r++, 0,
                           h.open.empty() ? "Незавершённых обращений нет." : "Не завершено:", bold);
    for (const auto& item : h.open) {
        worksheet_write_string(sheet, r++, 0, xlsx::cellText(openText(item)).c_str(), nullptr);
    }
    // printed: landscape, the table across the page width, the header on every page
    worksheet_set_landscape(sheet);
    worksheet_set_paper(sheet, 9); // A4
    worksheet_fit_to_pages(sheet, 1, 0);
    worksheet_repeat_rows(sheet, 2, 2);
    wb.close();
}

} // namespace

std::string historyMarkdown(const CallerHistory& h, const Date& today) {
    std::string out = "# " + title(h, today) + "\n\n";
    if (h.calls.empty()) {
        out += "Обращений нет.\n";
        return out;
    }
    out += "|";
    for (const char* c : kColumns) {
        out += fmt::format(" {} |", c);
    }
    out += "\n|";
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
        out += "---|";
    }
    out += "\n";
    for (const auto& c : oldestFirst(h)) {
        out += "|";
        for (const auto& v : row(c)) {
            out += " " + core::markdownCell(v) + " |";
        }
        out += "\n";
    }
    out += "\n";
    if (h.open.empty()) {
        out += "Незавершённых обращений нет.\n";
    } else {
        out += "## Не завершено\n\n";
        for (const auto& item : h.open) {
            out += "- " + core::markdownCell(openText(item)) + "\n";
        }
    }
    return out;
}

void writeHistory(const CallerHistory& history, const Date& today, core::ReportFormat format,
                  const std::filesystem::path& out) {
    makePrivate(out);
    if (format == core::ReportFormat::Xlsx) {
        writeXlsx(history, today, out);
        return;
    }
    if (format != core::ReportFormat::Markdown) {
        throw Error("список обращений пишется в xlsx или md");
    }
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << historyMarkdown(history, today);
    file.close();
    if (!file) {
        throw Error(fmt::format("{}: не удалось записать список обращений", out.string()));
    }
}

} // namespace sufler::journal
