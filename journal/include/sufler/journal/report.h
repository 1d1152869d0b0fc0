#pragma once
// The monthly report to the ministry: the registers in the form of Приложения 1 and 2 and
// the analysis of the month's calls. Carries no personal data unless asked.
#include "sufler/core/report_format.h"
#include "sufler/journal/journal.h"

#include <array>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::journal {

// Column titles of the registers, as the Приложения write them, with the default municipality
// title (a report takes sufler.yaml's: MonthlyReport::incomingTitles).
[[nodiscard]] const std::vector<std::string>& incomingRegisterTitles(); // 10 columns
[[nodiscard]] const std::vector<std::string>& outgoingRegisterTitles(); // 8 columns

struct Count {
    std::string key; // a slug, a name, a day; «(не указано)» when the call has none
    int count = 0;
    bool operator==(const Count&) const = default;
};

struct ReportOptions {
    bool withPersonalData = false;
    std::string organization;                            // for the title
    std::map<std::string, std::string> departmentTitles; // slug → title, from the KB
    std::string municipalityTitle; // `municipality_title` of sufler.yaml; empty: the default
};

struct MonthlyReport {
    std::chrono::year_month month;
    ReportOptions options;
    // The registers' rows in the order of time, `number` the register's № п/п: the place in
    // the year's calls by time (not the order they were entered in). Personal data blanked
    // unless withPersonalData.
    std::vector<IncomingCall> incoming;
    std::vector<OutgoingCall> outgoing;

    std::vector<Count> byTopic; // department slug; most calls first
    std::vector<Count> byMunicipality;
    std::vector<Count> byOrganization; // «Организации и учреждения», split on `;` and new lines
    std::vector<Count> byOperator;
    std::vector<Count> byDay; // every day of the month, `YYYY-MM-DD`, in order

    int answered = 0;      // survey question 1: «да»
    int notAnswered = 0;   // «нет»
    int surveyNoReply = 0; // question 1 not answered by the caller
    int satisfied = 0;     // question 2
    int partlySatisfied = 0;
    int notSatisfied = 0;
    int satisfactionNoReply = 0;

    int transfers = 0; // all transfers
    int callsWithTransfers = 0;
    int urgent = 0;
    int aggressive = 0;
    int complaints = 0;
    int outsideCompetence = 0; // questions outside the ministry's competence
    int averageDurationSeconds = 0;

    int deferredTotal = 0; // booked in the month
    int deferredOnTime = 0;
    int deferredLate = 0;
    int deferredOpen = 0;
    int deferredExtended = 0;

    int kbNotFound = 0;                                          // calls the KB had no answer for
    std::vector<std::pair<std::string, std::string>> unanswered; // department, question
    std::map<std::string, DepartmentSignals> signals;            // flags and empty searches
    std::vector<std::string> emptySearchQueries;                 // «department: query»

    [[nodiscard]] int incomingTotal() const { return static_cast<int>(incoming.size()); }
    [[nodiscard]] int outgoingTotal() const { return static_cast<int>(outgoing.size()); }
    [[nodiscard]] std::string topicTitle(const std::string& slug) const;
    // The registers' column titles in this hotline's wording.
    [[nodiscard]] std::vector<std::string> incomingTitles() const;
    [[nodiscard]] std::vector<std::string> outgoingTitles() const;
};

[[nodiscard]] MonthlyReport buildMonthlyReport(const Journal& journal,
                                               std::chrono::year_month month,
                                               const ReportOptions& options = {});

// The monthly report is written as xlsx, csv, md or json (text is md).
using core::ReportFormat;
inline constexpr std::array<core::ReportFormat, 4> kMonthlyReportFormats = {
    core::ReportFormat::Xlsx, core::ReportFormat::Csv, core::ReportFormat::Markdown,
    core::ReportFormat::Json};
// `YYYY-MM`; nullopt when it is not a month.
[[nodiscard]] std::optional<std::chrono::year_month> parseMonth(std::string_view text);

// csv (`;`, UTF-8 with BOM, as Russian Excel opens it), md and json as text.
[[nodiscard]] std::string renderReport(const MonthlyReport& report, core::ReportFormat format);
// Any format to a file; xlsx only this way. Throws sufler::Error.
void writeReport(const MonthlyReport& report, core::ReportFormat format,
                 const std::filesystem::path& out);

} // namespace sufler::journal
