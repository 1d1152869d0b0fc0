#include "sufler/training/training.h"

namespace sufler::training {

std::vector<DepartmentProgress> studyPlan(const kb::KnowledgeBase& kb,
                                          const std::set<std::string>& readIds) {
    std::vector<DepartmentProgress> plan;
    for (const auto& department : kb.departments) {
        DepartmentProgress progress{department.slug, department.title, {}, {}};
        for (const auto& entry : kb.entries) {
            if (entry.department != department.slug) {
                continue;
            }
            (readIds.count(entry.id) ? progress.read : progress.left).push_back(entry.id);
        }
        plan.push_back(std::move(progress));
    }
    return plan;
}

} // namespace sufler::training
