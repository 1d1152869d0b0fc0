// The key list, drawn over everything, grouped as the keymap groups it.
#include "console/help_overlay.h"

#include "console/keymap.h"
#include "console/overlay.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sufler::console {

void HelpOverlay::draw(const Fonts& fonts) {
    if (!m_state.open)
        return;
    centerNextWindow(0.62f, 0.8f, ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.97f);
    ImGui::SetNextWindowFocus();
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("Клавиши пульта (F1 — закрыть)###help", &m_state.open, flags)) {
        ImGui::PushFont(fonts.heading2);
        ImGui::TextUnformatted("Весь звонок — с клавиатуры");
        ImGui::PopFont();
        ImGui::Spacing();
        // in the order of a call; a group the table adds later comes after these
        std::vector<std::string> groups = {
            "Звонок", "Поиск", "Запись", "Скрипт", "Обратные звонки (F4)", "Окно"};
        for (const KeyHelp& line : Keymap::help())
            if (std::find(groups.begin(), groups.end(), line.group) == groups.end())
                groups.push_back(line.group);
        for (const std::string& group : groups) {
            const auto& lines = Keymap::help();
            if (std::none_of(lines.begin(), lines.end(),
                             [&](const KeyHelp& line) { return line.group == group; }))
                continue;
            ImGui::PushFont(fonts.bold);
            ImGui::TextUnformatted(group.c_str());
            ImGui::PopFont();
            if (ImGui::BeginTable(group.c_str(), 2, ImGuiTableFlags_RowBg)) {
                ImGui::TableSetupColumn("keys", ImGuiTableColumnFlags_WidthFixed,
                                        fonts.baseSize * 12.0f);
                ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
                for (const KeyHelp& line : Keymap::help()) {
                    if (line.group != group)
                        continue;
                    ImGui::TableNextRow();
                    ImGui::TableSetColumnIndex(0);
                    ImGui::PushFont(fonts.mono);
                    ImGui::TextUnformatted(line.keys.c_str());
                    ImGui::PopFont();
                    ImGui::TableSetColumnIndex(1);
                    ImGui::TextWrapped("%s", line.what.c_str());
                }
                ImGui::EndTable();
            }
            ImGui::Spacing();
        }
    }
    ImGui::End();
}

} // namespace sufler::console
