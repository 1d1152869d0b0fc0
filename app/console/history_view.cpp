// A returning caller's earlier calls and what is still owed to them.
#include "console/history_view.h"

#include "console/overlay.h"

#include "sufler/core/date.h"

#include <fmt/format.h>
#include <imgui.h>

namespace sufler::console {

namespace {

// «24.11.2026 12:50» of `YYYY-MM-DD HH:MM:SS`
std::string shownTime(const std::string& at) {
    if (at.size() < 16)
        return at;
    return at.substr(8, 2) + "." + at.substr(5, 2) + "." + at.substr(0, 4) + " " + at.substr(11, 5);
}

std::string answeredText(const journal::HistoryCall& call) {
    if (!call.closed)
        return "не завершён";
    switch (call.survey.answered) {
    case journal::Answered::Yes:
        return "ответ получен";
    case journal::Answered::No:
        return "ответа не получил";
    case journal::Answered::Unknown:
        break;
    }
    return "опрос не проведён";
}

} // namespace

bool HistoryView::wants(const std::string& key) {
    if (key == m_state.asked)
        return false;
    m_state = State{};
    m_state.asked = key;
    return !key.empty();
}

void HistoryView::setHistory(journal::CallerHistory history) {
    if (history.phone != m_state.asked)
        return; // the number changed meanwhile: its own reading is on the way
    m_state.history = std::move(history);
    m_state.viewing = -1;
}

bool HistoryView::viewNext() {
    if (!m_state.history || m_state.history->calls.empty())
        return false;
    const int count = static_cast<int>(m_state.history->calls.size());
    m_state.viewing = (m_state.viewing + 1) % count;
    return true;
}

void HistoryView::draw(const Fonts& fonts) {
    if (!m_state.history || m_state.history->empty())
        return;
    const journal::CallerHistory& history = *m_state.history;
    ImGui::PushFont(fonts.bold);
    ImGui::TextColored(ImVec4(1, 0.8f, 0.35f, 1), "Звонил раньше: %zu (Ctrl+H — карточка)",
                       history.calls.size());
    ImGui::PopFont();
    for (const journal::HistoryOpenItem& item : history.open) {
        const std::string who =
            item.claim ? "взял: " + item.claim->operatorName : std::string("в очереди F4");
        ImGui::TextColored(item.overdue ? ImVec4(1, 0.4f, 0.4f, 1) : ImVec4(1, 0.65f, 0.3f, 1),
                           "● Обещан ответ по звонку № %d до %s%s — %s: %s", item.callNumber,
                           formatRussianDate(item.due).c_str(), item.overdue ? " (просрочен)" : "",
                           who.c_str(), item.question.c_str());
    }
    for (const journal::HistoryCall& call : history.calls)
        ImGui::TextDisabled("№ %d · %s · %s · %s · %s", call.number,
                            shownTime(call.receivedAt).c_str(), call.question.c_str(),
                            answeredText(call).c_str(), call.operatorName.c_str());
    ImGui::Separator();
}

void HistoryView::drawCard(const Fonts& fonts) {
    if (!m_state.history || m_state.viewing < 0 ||
        m_state.viewing >= static_cast<int>(m_state.history->calls.size()))
        return;
    const journal::HistoryCall& call =
        m_state.history->calls[static_cast<std::size_t>(m_state.viewing)];
    centerNextWindow(0.5f, 0.6f, ImGuiCond_Appearing);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
    const std::string title =
        fmt::format("Звонок № {} — только просмотр (Ctrl+H — предыдущий, Esc — закрыть)###earlier",
                    call.number);
    if (ImGui::Begin(title.c_str(), nullptr, flags)) {
        auto row = [&](const char* label, const std::string& value) {
            ImGui::TextDisabled("%s", label);
            ImGui::SameLine(fonts.baseSize * 10);
            ImGui::TextWrapped("%s", value.empty() ? "—" : value.c_str());
        };
        row("Поступил", shownTime(call.receivedAt));
        row("Телефон", call.phone);
        row("ФИО", call.callerName);
        row("Муниципалитет", call.municipality);
        row("Вопрос", call.question);
        row("Специалист", call.operatorName);
        row("Итог", answeredText(call));
        row("Оценка", std::string(journal::satisfactionRu(call.survey.satisfaction)));
        if (call.deferred) {
            const journal::Deferred& deferred = *call.deferred;
            row("Отложенный ответ",
                deferred.done() ? "дан " + shownTime(deferred.answeredAt) + ": " + deferred.result
                                : "до " + formatRussianDate(deferred.deadline()) +
                                      (deferred.claim ? ", взял: " + deferred.claim->operatorName
                                                      : std::string(", в очереди F4")));
        }
    }
    ImGui::End();
}

} // namespace sufler::console
