#pragma once
// The trainer's report: per trainee, sessions, scores over time, weak departments, study progress.
#include "sufler/kb/model.h"
#include "sufler/training/store.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace sufler::training {

struct DepartmentScore {
    std::string department;
    int calls = 0;
    double percent = 0;
};

struct TraineeSummary {
    std::string trainee;
    int sessions = 0;
    int calls = 0;
    double percent = 0;                                   // all calls' points over their maximum
    std::vector<std::pair<std::string, double>> overTime; // session start → percent
    std::vector<DepartmentScore> weakDepartments;         // below 70 %, weakest first
    std::size_t read = 0;                                 // KB entries studied
    std::size_t total = 0;                                // KB entries to study
};

constexpr double kWeakPercent = 70.0;

[[nodiscard]] std::vector<TraineeSummary> summarize(const TrainingStore& store,
                                                    const kb::KnowledgeBase& kb);

[[nodiscard]] std::string renderText(const std::vector<TraineeSummary>& report);
[[nodiscard]] std::string renderJson(const std::vector<TraineeSummary>& report);
void writeXlsx(const std::vector<TraineeSummary>& report, const std::filesystem::path& out);

} // namespace sufler::training
