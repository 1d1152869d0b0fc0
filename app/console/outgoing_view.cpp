// The outgoing call's window: its card and the outgoing scripts.
#include "console/outgoing_view.h"

#include "console/overlay.h"

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace sufler::console {

void OutgoingView::start(OutgoingCard card) {
    m_state = State{};
    m_state.open = true;
    m_state.card = std::move(card);
    m_state.focusFirst = true;
}

void OutgoingView::chooseScript(int index) {
    if (index >= 0 && index < static_cast<int>(m_state.scripts.size()))
        m_state.script = index;
}

OutgoingView::Outcome OutgoingView::draw(const Fonts& fonts) {
    Outcome outcome;
    m_state.textActive = false;
    if (!m_state.open)
        return outcome;
    centerNextWindow(0.7f, 0.8f, ImGuiCond_Appearing);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("Исходящий звонок (Ctrl+Enter — записать, Esc — отмена)###outgoing", nullptr,
                     flags)) {
        OutgoingCard& card = m_state.card;
        ImGui::PushFont(fonts.heading2);
        ImGui::Text("Исходящий звонок · %s", card.startedAt.c_str());
        ImGui::PopFont();
        if (card.incomingNumber > 0)
            ImGui::TextDisabled("по входящему звонку № %d", card.incomingNumber);
        const float labelWidth = fonts.baseSize * 9;
        bool first = true;
        auto field = [&](const char* label, std::string& value, const char* hint) {
            ImGui::PushID(label);
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(label);
            ImGui::SameLine(labelWidth);
            if (first && m_state.focusFirst) {
                ImGui::SetKeyboardFocusHere();
                m_state.focusFirst = false;
            }
            first = false;
            ImGui::SetNextItemWidth(-1);
            if (ImGui::InputTextWithHint("##v", hint, &value))
                outcome.changed = true;
            if (ImGui::IsItemActive()) {
                m_state.textActive = true;
                m_state.activeField = label;
            }
            ImGui::PopID();
        };
        ImGui::BeginDisabled(m_state.saving);
        field("Специалист", card.calleeName, "ФИО специалиста, принявшего звонок");
        field("Его телефон", card.calleePhone, "номер, по которому звонили");
        field("Организация", card.organization, "организация и учреждение");
        field("Муниципалитет", card.municipality, "муниципальное образование");
        field("Вопрос", card.question, "кратко: о чём звонок");
        field("Оператор", card.operatorName, "ФИО осуществившего звонок");
        field("Примечание", card.note, "");
        ImGui::EndDisabled();
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::PushFont(fonts.bold);
        ImGui::TextUnformatted("Сценарии исходящего звонка");
        ImGui::PopFont();
        if (m_state.scripts.empty())
            ImGui::TextDisabled("В базе знаний нет сценариев исходящего звонка (kind: outgoing).");
        for (std::size_t i = 0; i < m_state.scripts.size(); ++i) {
            const OutgoingScript& script = m_state.scripts[i];
            const bool chosen = static_cast<int>(i) == m_state.script;
            const std::string label = i < 9
                                          ? fmt::format("Alt+{}  {}##os{}", i + 1, script.title, i)
                                          : fmt::format("{}##os{}", script.title, i);
            if (ImGui::Selectable(label.c_str(), chosen))
                m_state.script = static_cast<int>(i);
            if (!script.description.empty()) {
                ImGui::Indent(fonts.baseSize);
                ImGui::TextDisabled("%s", script.description.c_str());
                ImGui::Unindent(fonts.baseSize);
            }
        }
        if (m_state.script >= 0 && m_state.script < static_cast<int>(m_state.scripts.size())) {
            ImGui::Spacing();
            ImGui::PushFont(fonts.heading2);
            for (const std::string& words : m_state.scripts[m_state.script].words)
                ImGui::TextWrapped("%s", words.c_str());
            ImGui::PopFont();
        }
        ImGui::Spacing();
        ImGui::Separator();
        const FormFooter footer =
            drawFormFooter(m_state.saving, "Записать в журнал  (Ctrl+Enter)", "Отмена  (Esc)");
        outcome.finish = outcome.finish || footer.save;
        outcome.cancel = outcome.cancel || footer.cancel;
    }
    ImGui::End();
    return outcome;
}

} // namespace sufler::console
