#include "sufler/core/xlsx.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"

#include <fmt/format.h>

namespace sufler::xlsx {

Workbook::Workbook(const std::filesystem::path& path)
    : m_path(path.string()), m_workbook(workbook_new(m_path.c_str())) {
    if (m_workbook == nullptr) {
        throw Error(fmt::format("{}: не удалось создать книгу xlsx", m_path));
    }
}

Workbook::~Workbook() {
    if (m_workbook != nullptr) {
        lxw_workbook_free(m_workbook);
    }
}

lxw_worksheet* Workbook::addSheet(const std::string& name) {
    lxw_worksheet* sheet = workbook_add_worksheet(m_workbook, name.c_str());
    if (sheet == nullptr) {
        throw Error(fmt::format("{}: не удалось добавить лист «{}»", m_path, name));
    }
    return sheet;
}

lxw_chart* Workbook::addChart(uint8_t type) {
    lxw_chart* chart = workbook_add_chart(m_workbook, type);
    if (chart == nullptr) {
        throw Error(fmt::format("{}: не удалось добавить диаграмму", m_path));
    }
    return chart;
}

void Workbook::close() {
    lxw_error rc = workbook_close(m_workbook); // frees the workbook whatever it returns
    m_workbook = nullptr;
    if (rc != LXW_NO_ERROR) {
        throw Error(fmt::format("{}: не удалось записать xlsx: {}", m_path, lxw_strerror(rc)));
    }
}

lxw_datetime toExcel(const Date& date) {
    return lxw_datetime{static_cast<int>(date.year()),
                        static_cast<int>(static_cast<unsigned>(date.month())),
                        static_cast<int>(static_cast<unsigned>(date.day())),
                        0,
                        0,
                        0.0};
}

std::string cellText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t chars = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (chars >= 32000) {
            out += "…";
            break;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t n = c < 0x80             ? 1
                        : (c & 0xE0) == 0xC0 ? 2
                        : (c & 0xF0) == 0xE0 ? 3
                        : (c & 0xF8) == 0xF0 ? 4
                                             : 0;
        if (n == 0 || i + n > text.size() ||
            core::findInvalidUtf8(text.substr(i, n)) != std::string_view::npos) {
            out += "\xEF\xBF\xBD"; // U+FFFD for a byte that is not UTF-8
            ++i;
            ++chars;
            continue;
        }
        if (n == 1 && (c < 0x20 || c == 0x7F) && c != '\n' && c != '\t') {
            if (c != '\r') {
                out += fmt::format("\\x{:02X}", c);
            }
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
        ++chars;
    }
    return out;
}

} // namespace sufler::xlsx
