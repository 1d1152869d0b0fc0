#include "console/overlay.h"

namespace sufler::console {

void centerNextWindow(float widthShare, float heightShare, ImGuiCond cond) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                   viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                            cond, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(
        ImVec2(viewport->WorkSize.x * widthShare, viewport->WorkSize.y * heightShare), cond);
}

FormFooter drawFormFooter(bool saving, const char* saveLabel, const char* cancelLabel) {
    FormFooter clicked;
    if (saving) {
        ImGui::TextDisabled("Записывается в журнал…");
        return clicked;
    }
    clicked.save = ImGui::Button(saveLabel);
    ImGui::SameLine();
    clicked.cancel = ImGui::Button(cancelLabel);
    return clicked;
}

} // namespace sufler::console
