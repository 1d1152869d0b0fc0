// Staleness marks: colour and words per status.
#include "console/staleness_view.h"

#include "sufler/core/date.h"

#include <imgui.h>

namespace sufler::console {

namespace {

ImVec4 statusColor(kb::StaleStatus status) {
    switch (status) {
    case kb::StaleStatus::Overdue:
        return ImVec4(1.0f, 0.42f, 0.36f, 1.0f);
    case kb::StaleStatus::Due:
        return ImVec4(1.0f, 0.78f, 0.30f, 1.0f);
    case kb::StaleStatus::Unreviewed:
        return ImVec4(0.75f, 0.75f, 0.75f, 1.0f);
    case kb::StaleStatus::Ok:
        return ImVec4(0.45f, 0.85f, 0.50f, 1.0f);
    }
    return ImVec4(1, 1, 1, 1);
}

} // namespace

bool StalenessView::drawMark(const kb::SectionStaleness* section) {
    if (!section)
        return false;
    const char* text = nullptr;
    switch (section->status) {
    case kb::StaleStatus::Overdue:
        text = "⚠ просрочено";
        break;
    case kb::StaleStatus::Due:
        text = "скоро срок";
        break;
    case kb::StaleStatus::Unreviewed:
        text = "не проверялось";
        break;
    case kb::StaleStatus::Ok:
        return false;
    }
    ImGui::TextColored(statusColor(section->status), "%s", text);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", sectionLine(*section).c_str());
    return true;
}

std::string StalenessView::sectionLine(const kb::SectionStaleness& section) {
    std::string line =
        "Раздел «" + section.title + "»: " + std::string(kb::statusTitleRu(section.status));
    line += "; последняя актуализация: ";
    line += section.lastReview ? formatRussianDate(*section.lastReview) : std::string("нет");
    const std::string source = section.reviewSourceRu();
    if (section.lastReview && !source.empty())
        line += " (" + source + ")";
    if (section.due)
        line += "; срок: " + formatRussianDate(*section.due);
    return line;
}

void StalenessView::drawSectionLine(const kb::SectionStaleness* section, const Fonts& fonts) {
    if (!section)
        return;
    ImGui::PushFont(fonts.regular);
    ImGui::PushStyleColor(ImGuiCol_Text, statusColor(section->status));
    ImGui::TextWrapped("%s", sectionLine(*section).c_str());
    ImGui::PopStyleColor();
    for (const auto& requirement : section->requirements) {
        if (!requirement.overdue)
            continue;
        ImGui::TextDisabled("  • %s", requirement.text.c_str());
    }
    ImGui::PopFont();
}

} // namespace sufler::console
