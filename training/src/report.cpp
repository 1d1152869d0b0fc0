#include "sufler/training/report.h"

#include "sufler/core/xlsx.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

namespace sufler::training {

namespace {

double percentOf(double score, double max) {
    return max > 0 ? 100.0 * score / max : 0.0;
}

} // namespace

std::vector<TraineeSummary> summarize(const TrainingStore& store, const kb::KnowledgeBase& kb) {
    std::vector<TraineeSummary> out;
    for (const auto& name : store.trainees()) {
        auto report = store.report(name);
        TraineeSummary s;
        s.trainee = name;
        s.sessions = static_cast<int>(report.sessions.size());
        double score = 0, max = 0;
        for (const auto& session : report.sessions) {
            if (session.calls > 0) {
                s.overTime.emplace_back(session.startedAt, percentOf(session.score, session.max));
            }
        }
        std::map<std::string, std::pair<double, double>> byDepartment;
        std::map<std::string, int> callsByDepartment;
        for (const auto& call : report.calls) {
            score += call.score;
            max += call.max;
            byDepartment[call.department].first += call.score;
            byDepartment[call.department].second += call.max;
            ++callsByDepartment[call.department];
        }
        s.calls = static_cast<int>(report.calls.size());
        s.percent = percentOf(score, max);
        for (const auto& [department, points] : byDepartment) {
            double p = percentOf(points.first, points.second);
            if (p < kWeakPercent) {
                s.weakDepartments.push_back({department, callsByDepartment[department], p});
            }
        }
        std::sort(s.weakDepartments.begin(), s.weakDepartments.end(),
                  [](const auto& a, const auto& b) { return a.percent < b.percent; });
        for (const auto& entry : kb.entries) {
            if (entry.department.empty()) {
                continue;
            }
            ++s.total;
            s.read += report.readIds.count(entry.id);
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::string renderText(const std::vector<TraineeSummary>& report) {
    if (report.empty()) {
        return "Обучение ещё не проводилось.\n";
    }
    std::string out;
    for (const auto& s : report) {
        out += fmt::format("{}\n", s.trainee);
        out += fmt::format("  изучено записей базы знаний: {} из {}\n", s.read, s.total);
        out += fmt::format("  учебных сессий: {}, звонков: {}, средний результат: {:.0f} %\n",
                           s.sessions, s.calls, s.percent);
        for (const auto& [when, percent] : s.overTime) {
            out += fmt::format("    {}  {:.0f} %\n", when, percent);
        }
        if (!s.weakDepartments.empty()) {
            out += "  слабые разделы:";
            for (const auto& d : s.weakDepartments) {
                out += fmt::format(" {} ({:.0f} %, звонков: {})", d.department, d.percent, d.calls);
            }
            out += "\n";
        }
    }
    return out;
}

std::string renderJson(const std::vector<TraineeSummary>& report) {
    nlohmann::json trainees = nlohmann::json::array();
    for (const auto& s : report) {
        nlohmann::json over = nlohmann::json::array();
        for (const auto& [when, percent] : s.overTime) {
            over.push_back({{"started", when}, {"percent", percent}});
        }
        nlohmann::json weak = nlohmann::json::array();
        for (const auto& d : s.weakDepartments) {
            weak.push_back(
                {{"department", d.department}, {"calls", d.calls}, {"percent", d.percent}});
        }
        trainees.push_back({{"trainee", s.trainee},
                            {"sessions", s.sessions},
                            {"calls", s.calls},
                            {"percent", s.percent},
                            {"scores_over_time", over},
                            {"weak_departments", weak},
                            {"study", {{"read", s.read}, {"total", s.total}}}});
    }
    return nlohmann::json{{"trainees", trainees}}.dump(2) + "\n";
}

void writeXlsx(const std::vector<TraineeSummary>& report, const std::filesystem::path& out) {
    xlsx::Workbook book(out);
    lxw_format* header = book.addFormat();
    format_set_bold(header);
    format_set_bg_color(header, 0xDDEBF7);
    lxw_format* percent = book.addFormat();
    format_set_num_format(percent, "0\" %\"");

    lxw_worksheet* summary = book.addSheet("Обучаемые");
    const char* titles[] = {"Обучаемый",         "Сессий",          "Звонков",
                            "Средний результат", "Изучено записей", "Всего записей",
                            "Слабые разделы"};
    for (int c = 0; c < 7; ++c) {
        worksheet_write_string(summary, 0, c, titles[c], header);
    }
    worksheet_set_column(summary, 0, 0, 28, nullptr);
    worksheet_set_column(summary, 1, 5, 14, nullptr);
    worksheet_set_column(summary, 6, 6, 40, nullptr);
    worksheet_freeze_panes(summary, 1, 0);

    lxw_worksheet* over = book.addSheet("Результаты по сессиям");
    const char* overTitles[] = {"Обучаемый", "Начало сессии", "Результат"};
    for (int c = 0; c < 3; ++c) {
        worksheet_write_string(over, 0, c, overTitles[c], header);
    }
    worksheet_set_column(over, 0, 1, 28, nullptr);
    worksheet_freeze_panes(over, 1, 0);

    lxw_row_t row = 1, overRow = 1;
    for (const auto& s : report) {
        std::string weak;
        for (const auto& d : s.weakDepartments) {
            weak +=
                fmt::format("{}{} ({:.0f} %)", weak.empty() ? "" : ", ", d.department, d.percent);
        }
        worksheet_write_string(summary, row, 0, s.trainee.c_str(), nullptr);
        worksheet_write_number(summary, row, 1, s.sessions, nullptr);
        worksheet_write_number(summary, row, 2, s.calls, nullptr);
        worksheet_write_number(summary, row, 3, s.percent, percent);
        worksheet_write_number(summary, row, 4, static_cast<double>(s.read), nullptr);
        worksheet_write_number(summary, row, 5, static_cast<double>(s.total), nullptr);
        worksheet_write_string(summary, row, 6, weak.c_str(), nullptr);
        ++row;
        for (const auto& [when, value] : s.overTime) {
            worksheet_write_string(over, overRow, 0, s.trainee.c_str(), nullptr);
            worksheet_write_string(over, overRow, 1, when.c_str(), nullptr);
            worksheet_write_number(over, overRow, 2, value, percent);
            ++overRow;
        }
    }
    worksheet_autofilter(summary, 0, 0, row > 1 ? row - 1 : 0, 6);
    book.close();
}

} // namespace sufler::training
