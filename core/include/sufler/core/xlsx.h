#pragma once
// One owner of libxlsxwriter's workbook for every report the managers get (staleness, the
// monthly report, training). close() writes the file; a workbook abandoned by an exception is
// freed without writing a half-made file.
#include "sufler/core/date.h"

#include <filesystem>
#include <string>
#include <string_view>

#include <xlsxwriter.h>

namespace sufler::xlsx {

class Workbook {
public:
    explicit Workbook(const std::filesystem::path& path); // throws sufler::Error
    ~Workbook();
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    [[nodiscard]] lxw_workbook* get() const { return m_workbook; }
    [[nodiscard]] lxw_worksheet* addSheet(const std::string& name); // throws sufler::Error
    [[nodiscard]] lxw_format* addFormat() { return workbook_add_format(m_workbook); }
    // A chart of LXW_CHART_* type, owned by the workbook; throws sufler::Error.
    [[nodiscard]] lxw_chart* addChart(uint8_t type);
    void close(); // writes the file; throws sufler::Error with libxlsxwriter's reason

private:
    std::string m_path;
    lxw_workbook* m_workbook = nullptr;
};

[[nodiscard]] lxw_datetime toExcel(const Date& date);

// What a cell can hold: valid UTF-8 (U+FFFD for a byte that is not), no control characters
// XML forbids (shown as \xNN), at most Excel's 32767 characters. Text typed by people is
// otherwise written as typed.
[[nodiscard]] std::string cellText(std::string_view text);

} // namespace sufler::xlsx
