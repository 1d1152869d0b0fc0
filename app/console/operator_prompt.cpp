// The start-of-shift question: who is at the workstation.
#include "console/operator_prompt.h"

#include "console/call_card.h"
#include "console/overlay.h"

#include "sufler/core/text.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace sufler::console {

void OperatorPrompt::add(const std::string& name) {
    const std::string clean = core::trimmed(name);
    if (clean.empty())
        return;
    const std::string key = lowerRu(clean);
    for (const std::string& known : m_state.names)
        if (lowerRu(known) == key)
            return;
    m_state.names.push_back(clean);
}

void OperatorPrompt::open(const std::string& last) {
    m_state.open = true;
    add(last);
    m_state.text = core::trimmed(last);
    m_state.selected = m_state.text.empty() ? -1 : 0;
    for (std::size_t i = 0; i < m_state.names.size(); ++i)
        if (m_state.names[i] == m_state.text)
            m_state.selected = static_cast<int>(i);
    m_state.focusText = true;
}

void OperatorPrompt::setListed(const std::vector<std::string>& operators) {
    m_state.listed = operators;
    // the roster of sufler.yaml first, in its order; names known only here after it
    std::vector<std::string> others = std::move(m_state.names);
    m_state.names.clear();
    for (const std::string& name : operators)
        add(name);
    for (const std::string& name : others)
        add(name);
    m_state.selected = -1;
    for (std::size_t i = 0; i < m_state.names.size(); ++i)
        if (lowerRu(m_state.names[i]) == lowerRu(core::trimmed(m_state.text)))
            m_state.selected = static_cast<int>(i);
}

void OperatorPrompt::moveSelection(int delta) {
    if (m_state.names.empty())
        return;
    const int count = static_cast<int>(m_state.names.size());
    m_state.selected = m_state.selected < 0 ? (delta > 0 ? 0 : count - 1)
                                            : std::clamp(m_state.selected + delta, 0, count - 1);
    m_state.text = m_state.names[static_cast<std::size_t>(m_state.selected)];
    m_state.focusText = true; // the field shows the chosen name, ready to be typed over
}

std::string OperatorPrompt::chosen() const {
    return core::trimmed(m_state.text);
}

bool OperatorPrompt::unlisted() const {
    if (m_state.listed.empty() || chosen().empty())
        return false;
    const std::string key = lowerRu(chosen());
    return std::none_of(m_state.listed.begin(), m_state.listed.end(),
                        [&](const std::string& name) { return lowerRu(name) == key; });
}

OperatorPrompt::Outcome OperatorPrompt::draw(const Fonts& fonts) {
    Outcome outcome;
    if (!m_state.open) {
        m_state.textActive = false;
        return outcome;
    }
    centerNextWindow(0.45f, 0.55f, ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.98f);
    ImGui::SetNextWindowFocus();
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("Кто работает за пультом?###operator", nullptr, flags)) {
        ImGui::PushFont(fonts.heading2);
        ImGui::TextUnformatted("Кто работает за пультом?");
        ImGui::PopFont();
        ImGui::TextWrapped("ФИО попадёт в карточки звонков и в приветствие скрипта.");
        if (m_state.focusText) {
            // an active field writes its own copy over the text each frame: it lets go, and
            // takes the keyboard again with the chosen name next frame
            if (m_state.textActive)
                ImGui::ClearActiveID();
            ImGui::SetKeyboardFocusHere();
            m_state.focusText = false;
        }
        ImGui::SetNextItemWidth(-1);
        ImGui::PushFont(fonts.heading2);
        if (ImGui::InputTextWithHint("##operator-name", "Фамилия Имя Отчество", &m_state.text,
                                     ImGuiInputTextFlags_AutoSelectAll)) {
            // typed: the list follows the name when it is there
            m_state.selected = -1;
            for (std::size_t i = 0; i < m_state.names.size(); ++i)
                if (lowerRu(m_state.names[i]) == lowerRu(chosen()))
                    m_state.selected = static_cast<int>(i);
        }
        ImGui::PopFont();
        m_state.textActive = ImGui::IsItemActive();
        if (unlisted())
            ImGui::TextColored(ImVec4(1, 0.7f, 0.3f, 1),
                               "Такого ФИО нет в списке операторов (sufler.yaml): проверьте "
                               "написание — оно попадёт в журнал как введено");
        ImGui::TextDisabled("↑/↓ — выбрать из списка, Enter — начать работу, Esc — без имени");
        ImGui::Separator();
        const float buttons = ImGui::GetFrameHeightWithSpacing() * 1.5f;
        ImGui::BeginChild("operator-list", ImVec2(0, -buttons), false);
        for (std::size_t i = 0; i < m_state.names.size(); ++i) {
            const bool selected = static_cast<int>(i) == m_state.selected;
            if (ImGui::Selectable(m_state.names[i].c_str(), selected)) {
                m_state.selected = static_cast<int>(i);
                m_state.text = m_state.names[i];
            }
            if (selected)
                ImGui::SetItemDefaultFocus();
        }
        if (m_state.names.empty())
            ImGui::TextDisabled("Список операторов пуст: впишите своё ФИО.");
        ImGui::EndChild();
        if (ImGui::Button("Начать работу  (Enter)"))
            outcome.confirm = true;
        ImGui::SameLine();
        if (ImGui::Button("Без имени  (Esc)"))
            outcome.skip = true;
    }
    ImGui::End();
    return outcome;
}

} // namespace sufler::console
