#pragma once
// What every panel may read while drawing: fonts and the current KB snapshot.
#include "console/fonts.h"
#include "console/worker.h"

#include <string>
#include <string_view>

namespace sufler::console {

struct ViewContext {
    const Fonts& fonts;
    const KbSnapshot* snapshot = nullptr; // null until the first load

    [[nodiscard]] const kb::KnowledgeBase* kb() const {
        return snapshot ? snapshot->kb.get() : nullptr;
    }
    [[nodiscard]] const kb::SectionStaleness* section(const std::string& slug) const {
        if (!snapshot || slug.empty())
            return nullptr;
        const auto found = snapshot->sections.find(slug);
        return found == snapshot->sections.end() ? nullptr : &found->second;
    }
    [[nodiscard]] std::string departmentTitle(const std::string& slug) const {
        if (const auto* base = kb(); base && !slug.empty())
            if (const auto* department = base->findDepartment(slug))
                return department->title;
        return slug.empty() ? std::string("Справочник") : slug;
    }
};

} // namespace sufler::console
