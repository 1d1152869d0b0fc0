// The monthly report: figures from the journal, and the text formats (csv, md, json).
#include "sufler/journal/report.h"

#include "sufler/journal/fields.h"

#include "report_common.h"
#include "text_util.h"

#include "sufler/core/csv.h"
#include "sufler/core/enum_names.h"
#include "sufler/core/error.h"
#include "sufler/core/markdown.h"
#include "sufler/core/regulations.h"
#include "sufler/core/text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <tuple>

namespace sufler::journal {

// The registers' columns are the card fields' (sufler/journal/fields.h).
const std::vector<std::string>& incomingRegisterTitles() {
    static const std::vector<std::string> titles = registerTitles(incomingFields());
    return titles;
}

const std::vector<std::string>& outgoingRegisterTitles() {
    static const std::vector<std::string> titles = registerTitles(outgoingFields());
    return titles;
}

extern const char* const kNotGiven;
const char* const kNotGiven = "(не указано)";

std::string displayTimestamp(const std::string& ts) {
    // `YYYY-MM-DD HH:MM:SS` → `DD.MM.YYYY HH:MM`, as the paper register writes it.
    if (ts.size() >= 16 && isTimestamp(ts)) {
        return fmt::format("{}.{}.{} {}", ts.substr(8, 2), ts.substr(5, 2), ts.substr(0, 4),
                           ts.substr(11, 5));
    }
    return ts;
}

std::vector<std::string> incomingRow(const IncomingCall& c) {
    return registerRow(c);
}

std::vector<std::string> outgoingRow(const OutgoingCall& c) {
    return registerRow(c);
}

std::string monthTitleRu(std::chrono::year_month month) {
    static const char* const names[] = {"январь",   "февраль", "март",   "апрель",
                                        "май",      "июнь",    "июль",   "август",
                                        "сентябрь", "октябрь", "ноябрь", "декабрь"};
    return fmt::format("{} {}", names[static_cast<unsigned>(month.month()) - 1],
                       static_cast<int>(month.year()));
}

std::string monthIso(std::chrono::year_month month) {
    return fmt::format("{:04}-{:02}", static_cast<int>(month.year()),
                       static_cast<unsigned>(month.month()));
}

std::vector<std::pair<std::string, std::string>> summaryRows(const MonthlyReport& r) {
    auto pct = [](int part, int whole) {
        return whole == 0 ? std::string("—") : fmt::format("{:.1f} %", 100.0 * part / whole);
    };
    const int surveyed = r.answered + r.notAnswered;
    const int rated = r.satisfied + r.partlySatisfied + r.notSatisfied;
    return {
        {"Входящих звонков", std::to_string(r.incomingTotal())},
        {"Исходящих звонков", std::to_string(r.outgoingTotal())},
        {"Ответ получен («да»)", std::to_string(r.answered)},
        {"Ответ не получен («нет»)", std::to_string(r.notAnswered)},
        {"Не ответили на вопрос о получении ответа", std::to_string(r.surveyNoReply)},
        {"Доля получивших ответ (из ответивших на опрос)", pct(r.answered, surveyed)},
        {"Удовлетворен", std::to_string(r.satisfied)},
        {"Частично удовлетворен", std::to_string(r.partlySatisfied)},
        {"Не удовлетворен", std::to_string(r.notSatisfied)},
        {"Не оценили работу консультанта", std::to_string(r.satisfactionNoReply)},
        {"Доля удовлетворенных (из оценивших)", pct(r.satisfied, rated)},
        {"Переключений всего", std::to_string(r.transfers)},
        {"Звонков с переключением", std::to_string(r.callsWithTransfers)},
        {"Отсроченных ответов", std::to_string(r.deferredTotal)},
        {"— из них дано в срок", std::to_string(r.deferredOnTime)},
        {"— дано с опозданием", std::to_string(r.deferredLate)},
        {"— ещё не дано", std::to_string(r.deferredOpen)},
        {fmt::format("— со сроком, продлённым до {} рабочих дней",
                     regulations::kMaxExtensionWorkingDays),
         std::to_string(r.deferredExtended)},
        {"Звонков без ответа в базе знаний", std::to_string(r.kbNotFound)},
        {"Срочных обращений", std::to_string(r.urgent)},
        {"Агрессивных звонков", std::to_string(r.aggressive)},
        {"Жалоб", std::to_string(r.complaints)},
        {"Вопросов вне компетенции министерства", std::to_string(r.outsideCompetence)},
        {"Средняя длительность звонка, мин:с",
         fmt::format("{}:{:02}", r.averageDurationSeconds / 60, r.averageDurationSeconds % 60)},
    };
}

std::vector<std::string> MonthlyReport::incomingTitles() const {
    return registerTitles(incomingFields(), options.municipalityTitle);
}

std::vector<std::string> MonthlyReport::outgoingTitles() const {
    return registerTitles(outgoingFields(), options.municipalityTitle);
}

std::string MonthlyReport::topicTitle(const std::string& slug) const {
    if (slug == kNotGiven) {
        return slug;
    }
    const auto it = options.departmentTitles.find(slug);
    return it == options.departmentTitles.end() ? slug : fmt::format("{} ({})", it->second, slug);
}

namespace {

std::vector<Count> sorted(const std::map<std::string, int>& counts) {
    std::vector<Count> out;
    for (const auto& [key, n] : counts) {
        out.push_back(Count{key, n});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Count& a, const Count& b) { return a.count > b.count; });
    return out;
}

std::string keyOf(const std::string& value) {
    const std::string t = core::trimmed(value);
    return t.empty() ? kNotGiven : t;
}

std::vector<std::string> splitOrganizations(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (const char c : text) {
        if (c == ';' || c == '\n') {
            if (!core::trimmed(current).empty()) {
                out.push_back(core::trimmed(current));
            }
            current.clear();
        } else {
            current += c;
        }
    }
    if (!core::trimmed(current).empty()) {
        out.push_back(core::trimmed(current));
    }
    return out;
}

// № п/п as the register needs it: the regulation numbers the calls of a register in the order
// they were received (or made), counted through the year. A call entered late — imported, or
// synced from a workstation's outbox — takes its place by time, and the calls after it move one
// down; the numbering starts at the year's first number the journal holds (1, or the first
// number of a paper register imported in the middle of the year). The journal's own numbers
// (`journal list`, the console) stay as given when the call was entered.
template <typename Call>
void numberByTime(std::vector<Call>& month, std::vector<Call> year, const std::string Call::*time) {
    const auto byTime = [time](const Call& a, const Call& b) {
        return std::tie(a.*time, a.id) < std::tie(b.*time, b.id);
    };
    std::sort(year.begin(), year.end(), byTime);
    int first = 0;
    for (const auto& c : year) {
        if (c.number > 0 && (first == 0 || c.number < first)) {
            first = c.number;
        }
    }
    std::map<CallId, int> numbers;
    for (std::size_t i = 0; i < year.size(); ++i) {
        numbers[year[i].id] = std::max(first, 1) + static_cast<int>(i);
    }
    std::sort(month.begin(), month.end(), byTime);
    for (auto& c : month) {
        c.number = numbers.at(c.id);
    }
}

} // namespace

MonthlyReport buildMonthlyReport(const Journal& journal, std::chrono::year_month month,
                                 const ReportOptions& options) {
    MonthlyReport r;
    r.month = month;
    r.options = options;
    const Period period = Period::month(month);
    r.incoming = journal.incomingCalls(period);
    r.outgoing = journal.outgoingCalls(period);
    const Period yearToDate{Date{month.year() / std::chrono::January / 1}, period.to};
    numberByTime(r.incoming, journal.incomingCalls(yearToDate), &IncomingCall::receivedAt);
    numberByTime(r.outgoing, journal.outgoingCalls(yearToDate), &OutgoingCall::calledAt);

    std::map<std::string, int> topic, municipality, organization, oper, day;
    for (Date d = *period.from; d <= *period.to;
         d = Date{std::chrono::sys_days(d) + std::chrono::days(1)}) {
        day[formatIsoDate(d)] = 0;
    }
    long long durations = 0;
    int timed = 0;
    for (const auto& c : r.incoming) {
        topic[keyOf(c.department)]++;
        municipality[keyOf(c.municipality)]++;
        oper[keyOf(c.operatorName)]++;
        const auto orgs = splitOrganizations(c.organizations);
        if (orgs.empty()) {
            organization[kNotGiven]++;
        }
        for (const auto& o : orgs) {
            organization[o]++;
        }
        day[c.receivedAt.substr(0, 10)]++;
        switch (c.survey.answered) {
        case Answered::Yes:
            ++r.answered;
            break;
        case Answered::No:
            ++r.notAnswered;
            break;
        default:
            ++r.surveyNoReply;
            break;
        }
        switch (c.survey.satisfaction) {
        case Satisfaction::Satisfied:
            ++r.satisfied;
            break;
        case Satisfaction::PartlySatisfied:
            ++r.partlySatisfied;
            break;
        case Satisfaction::NotSatisfied:
            ++r.notSatisfied;
            break;
        default:
            ++r.satisfactionNoReply;
            break;
        }
        r.transfers += static_cast<int>(c.transfers.size());
        r.callsWithTransfers += c.transfers.empty() ? 0 : 1;
        r.urgent += c.urgent ? 1 : 0;
        r.aggressive += c.aggressive ? 1 : 0;
        r.complaints += c.complaint ? 1 : 0;
        r.outsideCompetence += c.outsideCompetence ? 1 : 0;
        if (c.durationSeconds > 0) {
            durations += c.durationSeconds;
            ++timed;
        }
        if (c.kbAnswer == KbAnswer::NotFound) {
            ++r.kbNotFound;
            r.unanswered.emplace_back(keyOf(c.department), c.question);
        }
    }
    r.averageDurationSeconds = timed == 0 ? 0 : static_cast<int>(durations / timed);
    r.byTopic = sorted(topic);
    r.byMunicipality = sorted(municipality);
    r.byOrganization = sorted(organization);
    r.byOperator = sorted(oper);
    for (const auto& [d, n] : day) {
        r.byDay.push_back(Count{d, n});
    }

    for (const auto& d : journal.deferredAnswers(period)) {
        ++r.deferredTotal;
        r.deferredExtended += d.extendedTo ? 1 : 0;
        if (!d.done()) {
            ++r.deferredOpen;
        } else if (d.onTime()) {
            ++r.deferredOnTime;
        } else {
            ++r.deferredLate;
        }
    }
    r.signals = journal.departmentSignals(period);
    for (const auto& e : journal.emptySearches({}, period)) {
        r.emptySearchQueries.push_back(
            fmt::format("{}: {}", e.department.empty() ? "все отделы" : e.department, e.query));
    }

    if (!options.withPersonalData) {
        for (auto& c : r.incoming) {
            c.phone.clear();
            c.callerName.clear();
            c.callerBirthYear.clear();
        }
        for (auto& c : r.outgoing) {
            c.calleeContact.clear();
        }
    }
    return r;
}

std::optional<std::chrono::year_month> parseMonth(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') {
        return std::nullopt;
    }
    const auto d = parseDate(std::string(text) + "-01");
    if (!d) {
        return std::nullopt;
    }
    return d->year() / d->month();
}

namespace {

std::vector<std::string> numbering(std::size_t n) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i <= n; ++i) {
        out.push_back(std::to_string(i));
    }
    return out;
}

std::string renderCsv(const MonthlyReport& r) {
    core::CsvWriter out;
    out.row({"Приложение 1"});
    out.row({fmt::format("ЖУРНАЛ регистрации звонков, поступивших на телефон «горячей линии», {}",
                         monthTitleRu(r.month))});
    out.row(r.incomingTitles());
    out.row(numbering(r.incomingTitles().size()));
    for (const auto& c : r.incoming) {
        out.row(incomingRow(c));
    }
    out.blankRow();
    out.row({"Приложение 2"});
    out.row({fmt::format("ЖУРНАЛ регистрации исходящих звонков, {}", monthTitleRu(r.month))});
    out.row(r.outgoingTitles());
    out.row(numbering(r.outgoingTitles().size()));
    for (const auto& c : r.outgoing) {
        out.row(outgoingRow(c));
    }
    out.blankRow();
    out.row({fmt::format("Анализ звонков, {}", monthTitleRu(r.month))});
    out.row({"Показатель", "Значение"});
    for (const auto& [name, value] : summaryRows(r)) {
        out.row({name, value});
    }
    const auto section = [&](const std::string& title, const std::vector<Count>& counts,
                             bool topics) {
        out.blankRow();
        out.row({title, "Звонков"});
        for (const auto& c : counts) {
            out.row({topics ? r.topicTitle(c.key) : c.key, c.count});
        }
    };
    section("Тема (отдел)", r.byTopic, true);
    section("Муниципальное образование", r.byMunicipality, false);
    section("Организации и учреждения", r.byOrganization, false);
    section("Специалист", r.byOperator, false);
    section("День", r.byDay, false);
    out.blankRow();
    out.row({"Отдел", "«Ответ устарел»", "«Нет ответа в базе»", "Поиск без результатов"});
    for (const auto& [dep, s] : r.signals) {
        out.row({r.topicTitle(keyOf(dep)), s.outdated, s.noAnswer, s.emptySearches});
    }
    out.blankRow();
    out.row({"Вопросы, на которые в базе знаний не нашлось ответа", "Отдел"});
    for (const auto& [dep, q] : r.unanswered) {
        out.row({q, r.topicTitle(dep)});
    }
    return out.text();
}

void mdTable(std::string& out, const std::vector<std::string>& head,
             const std::vector<std::vector<std::string>>& rows) {
    out += "|";
    for (const auto& h : head) {
        out += " " + core::markdownCell(h) + " |";
    }
    out += "\n|";
    for (std::size_t i = 0; i < head.size(); ++i) {
        out += "---|";
    }
    out += "\n";
    for (const auto& row : rows) {
        out += "|";
        for (const auto& cell : row) {
            out += " " + core::markdownCell(cell) + " |";
        }
        out += "\n";
    }
    out += "\n";
}

std::string renderMd(const MonthlyReport& r) {
    std::string out = fmt::format("# Звонки на горячую линию: {}\n\n", monthTitleRu(r.month));
    if (!r.options.organization.empty()) {
        out += r.options.organization + "\n\n";
    }
    if (!r.options.withPersonalData) {
        out += "Персональные данные позвонивших не включены (см. `--with-personal-data`).\n\n";
    }
    out += "## Анализ\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& [name, value] : summaryRows(r)) {
        rows.push_back({name, value});
    }
    mdTable(out, {"Показатель", "Значение"}, rows);
    const auto section = [&](const std::string& title, const std::string& column,
                             const std::vector<Count>& counts, bool topics) {
        out += "### " + title + "\n\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& c : counts) {
            rows.push_back({topics ? r.topicTitle(c.key) : c.key, std::to_string(c.count)});
        }
        mdTable(out, {column, "Звонков"}, rows);
    };
    section("По темам", "Тема (отдел)", r.byTopic, true);
    section("По муниципальным образованиям", "Муниципальное образование", r.byMunicipality, false);
    section("По организациям и учреждениям", "Организация", r.byOrganization, false);
    section("По специалистам", "Специалист", r.byOperator, false);
    section("По дням", "День", r.byDay, false);
    out += "### Чего нет в базе знаний\n\n";
    rows.clear();
    for (const auto& [dep, s] : r.signals) {
        rows.push_back({r.topicTitle(keyOf(dep)), std::to_string(s.outdated),
                        std::to_string(s.noAnswer), std::to_string(s.emptySearches)});
    }
    mdTable(out, {"Отдел", "«Ответ устарел»", "«Нет ответа в базе»", "Поиск без результатов"},
            rows);
    rows.clear();
    for (const auto& [dep, q] : r.unanswered) {
        rows.push_back({r.topicTitle(dep), q});
    }
    mdTable(out, {"Отдел", "Вопрос без ответа в базе"}, rows);

    out +=
        "## Приложение 1. Журнал регистрации звонков, поступивших на телефон «горячей линии»\n\n";
    rows.clear();
    rows.push_back(numbering(r.incomingTitles().size()));
    for (const auto& c : r.incoming) {
        rows.push_back(incomingRow(c));
    }
    mdTable(out, r.incomingTitles(), rows);
    out += "## Приложение 2. Журнал регистрации исходящих звонков\n\n";
    rows.clear();
    rows.push_back(numbering(r.outgoingTitles().size()));
    for (const auto& c : r.outgoing) {
        rows.push_back(outgoingRow(c));
    }
    mdTable(out, r.outgoingTitles(), rows);
    return out;
}

nlohmann::json countsJson(const std::vector<Count>& counts) {
    auto obj = nlohmann::json::object();
    for (const auto& c : counts) {
        obj[c.key] = c.count;
    }
    return obj;
}

std::string renderJson(const MonthlyReport& r) {
    nlohmann::json j;
    j["month"] = monthIso(r.month);
    j["with_personal_data"] = r.options.withPersonalData;
    j["incoming"] = {
        {"total", r.incomingTotal()},
        {"by_municipality", countsJson(r.byMunicipality)},
        {"by_topic", countsJson(r.byTopic)},
        {"by_operator", countsJson(r.byOperator)},
        {"by_organization", countsJson(r.byOrganization)},
        {"by_day", countsJson(r.byDay)},
        {"answered", r.answered},
        {"not_answered", r.notAnswered},
        {"survey_no_reply", r.surveyNoReply},
        {"satisfied", r.satisfied},
        {"partly_satisfied", r.partlySatisfied},
        {"not_satisfied", r.notSatisfied},
        {"satisfaction_no_reply", r.satisfactionNoReply},
        {"transfers", r.transfers},
        {"calls_with_transfers", r.callsWithTransfers},
        {"urgent", r.urgent},
        {"aggressive", r.aggressive},
        {"complaints", r.complaints},
        {"outside_competence", r.outsideCompetence},
        {"kb_not_found", r.kbNotFound},
        {"average_duration_seconds", r.averageDurationSeconds},
    };
    j["outgoing"] = {{"total", r.outgoingTotal()}};
    j["deferred"] = {{"total", r.deferredTotal},
                     {"on_time", r.deferredOnTime},
                     {"late", r.deferredLate},
                     {"open", r.deferredOpen},
                     {"extended", r.deferredExtended}};
    auto signals = nlohmann::json::object();
    for (const auto& [dep, s] : r.signals) {
        signals[dep] = {{"outdated", s.outdated},
                        {"no_answer", s.noAnswer},
                        {"empty_searches", s.emptySearches}};
    }
    auto unanswered = nlohmann::json::array();
    for (const auto& [dep, q] : r.unanswered) {
        unanswered.push_back({{"department", dep}, {"question", q}});
    }
    j["kb"] = {
        {"signals", signals}, {"unanswered", unanswered}, {"empty_searches", r.emptySearchQueries}};
    auto in = nlohmann::json::array();
    for (const auto& c : r.incoming) {
        in.push_back(incomingRow(c));
    }
    auto outRows = nlohmann::json::array();
    for (const auto& c : r.outgoing) {
        outRows.push_back(outgoingRow(c));
    }
    j["registers"] = {{"incoming_titles", r.incomingTitles()},
                      {"incoming", in},
                      {"outgoing_titles", r.outgoingTitles()},
                      {"outgoing", outRows}};
    // Text as typed may hold invalid UTF-8: replaced, never a crash.
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace

std::string renderReport(const MonthlyReport& report, core::ReportFormat format) {
    switch (format) {
    case core::ReportFormat::Csv:
        return renderCsv(report);
    case core::ReportFormat::Text:
    case core::ReportFormat::Markdown:
        return renderMd(report);
    case core::ReportFormat::Json:
        return renderJson(report);
    case core::ReportFormat::Xlsx:
        break;
    }
    throw Error("отчёт xlsx пишется только в файл (--out FILE)");
}

void writeReport(const MonthlyReport& report, core::ReportFormat format,
                 const std::filesystem::path& out) {
    if (format == core::ReportFormat::Xlsx) {
        writeXlsxReport(report, out);
    } else {
        const std::string text = renderReport(report, format);
        std::ofstream file(out, std::ios::binary | std::ios::trunc);
        file << text;
        file.close();
        if (!file) {
            throw Error(fmt::format("{}: не удалось записать отчёт", out.string()));
        }
    }
    if (report.options.withPersonalData) {
        // Personal data out of the journal stays with its owner, like the journal itself.
        std::error_code ec;
        std::filesystem::permissions(
            out, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, ec);
        if (ec) {
            throw Error(fmt::format("{}: не удалось закрыть отчёт с персональными данными от "
                                    "других пользователей: {}",
                                    out.string(), ec.message()));
        }
    }
}

} // namespace sufler::journal
