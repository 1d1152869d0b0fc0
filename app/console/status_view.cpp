// The senior operator's panel: calls in progress, abandoned calls, today per operator, the queue.
#include "console/status_view.h"

#include "console/overlay.h"

#include "sufler/core/date.h"

#include <fmt/format.h>
#include <imgui.h>

namespace sufler::console {

namespace {

const ImVec4 kWarning(1, 0.45f, 0.35f, 1);
const ImVec4 kTaken(1, 0.7f, 0.3f, 1);

std::string holderText(const std::string& operatorName, const journal::Workstation& workstation) {
    return fmt::format("{}, рабочее место {}",
                       operatorName.empty() ? "оператор не указан" : operatorName,
                       workstation.host.empty() ? workstation.id : workstation.host);
}

void heading(const Fonts& fonts, const std::string& text) {
    ImGui::Spacing();
    if (fonts.bold)
        ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted(text.c_str());
    if (fonts.bold)
        ImGui::PopFont();
}

void drawInProgress(const Fonts& fonts, const journal::HotlineStatus& status,
                    const StatusView& view) {
    heading(fonts, fmt::format("На звонке сейчас: {}", status.inProgress.size()));
    if (status.inProgress.empty()) {
        ImGui::TextDisabled("никто не на звонке");
        return;
    }
    if (!ImGui::BeginTable("in-progress", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("Звонок", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 5);
    ImGui::TableSetupColumn("Оператор, рабочее место", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Идёт", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 5);
    ImGui::TableHeadersRow();
    for (const journal::CallInProgress& call : status.inProgress) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::Text("№ %d", call.held.call.number);
        ImGui::TableSetColumnIndex(1);
        const std::string who = call.held.holder ? holderText(call.held.holder->operatorName,
                                                              call.held.holder->workstation)
                                                 : call.held.call.operatorName;
        ImGui::TextWrapped("%s", who.c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(callDuration(view.secondsNow(call)).c_str());
    }
    ImGui::EndTable();
}

void drawAbandoned(const Fonts& fonts, const journal::HotlineStatus& status) {
    if (status.abandoned.empty())
        return;
    heading(fonts, fmt::format("Брошены (пульт закрылся, звонок не завершён): {}",
                               status.abandoned.size()));
    for (const journal::HeldCall& held : status.abandoned) {
        const std::string who =
            held.holder ? holderText(held.holder->operatorName, held.holder->workstation) : "";
        const std::string seen =
            held.holder && !held.holder->heartbeatAt.empty() ? held.holder->heartbeatAt : "—";
        ImGui::TextColored(kWarning, "№ %d  %s  последний признак жизни %s", held.call.number,
                           who.c_str(), seen.c_str());
    }
}

void drawToday(const Fonts& fonts, const journal::HotlineStatus& status) {
    heading(fonts, "Звонки сегодня по операторам");
    if (status.today.empty()) {
        ImGui::TextDisabled("звонков ещё не было");
        return;
    }
    if (!ImGui::BeginTable("today", 6,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("Оператор", ImGuiTableColumnFlags_WidthStretch);
    for (const char* name : {"Входящих", "Завершено", "Получили ответ", "Отложено", "Исходящих"})
        ImGui::TableSetupColumn(name, ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 8);
    ImGui::TableHeadersRow();
    for (const auto& [name, day] : status.today) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextWrapped("%s", name.c_str());
        const int figures[] = {day.incoming, day.closed, day.answered, day.deferred, day.outgoing};
        for (int column = 0; column < 5; ++column) {
            ImGui::TableSetColumnIndex(column + 1);
            ImGui::Text("%d", figures[column]);
        }
    }
    ImGui::EndTable();
}

void drawQueue(const Fonts& fonts, const journal::HotlineStatus& status) {
    const int overdue = status.overdue();
    heading(fonts, fmt::format("Очередь обратных звонков: {} (просрочено {})", status.queue.size(),
                               overdue));
    if (status.queue.empty()) {
        ImGui::TextDisabled("очередь пуста");
        return;
    }
    if (!ImGui::BeginTable("queue", 4,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("Срок", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 10);
    ImGui::TableSetupColumn("Звонок", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 5);
    ImGui::TableSetupColumn("Телефон", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 9);
    ImGui::TableSetupColumn("Кто взял", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const journal::Callback& callback : status.queue) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const std::string due = formatRussianDate(callback.deferred.deadline());
        if (callback.overdue)
            ImGui::TextColored(kWarning, "%s ⚠ просрочен", due.c_str());
        else if (callback.upcoming)
            ImGui::Text("%s, позже", due.c_str());
        else
            ImGui::Text("%s, сегодня", due.c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("№ %d", callback.callNumber);
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(callback.deferred.phone.c_str());
        ImGui::TableSetColumnIndex(3);
        if (const auto& claim = callback.deferred.claim)
            ImGui::TextColored(kTaken, "%s",
                               holderText(claim->operatorName, claim->workstation).c_str());
        else
            ImGui::TextDisabled("свободен");
    }
    ImGui::EndTable();
}

} // namespace

std::string callDuration(int seconds) {
    if (seconds >= 3600)
        return fmt::format("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

void StatusView::setStatus(journal::HotlineStatus status) {
    m_state.status = std::move(status);
    m_state.readAt = std::chrono::steady_clock::now();
    m_state.error.clear();
}

int StatusView::secondsNow(const journal::CallInProgress& call) const {
    const auto since = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::steady_clock::now() - m_state.readAt);
    return call.seconds + static_cast<int>(since.count());
}

void StatusView::draw(const Fonts& fonts) {
    if (!m_state.open)
        return;
    centerNextWindow(0.7f, 0.65f, ImGuiCond_Appearing);
    ImGui::SetNextWindowBgAlpha(0.97f); // the panels behind must not show through the tables
    bool open = true;
    if (ImGui::Begin("Горячая линия сейчас — панель старшего оператора (F6, Esc — закрыть)"
                     "###hotline-status",
                     &open, ImGuiWindowFlags_NoSavedSettings)) {
        if (!m_state.error.empty())
            ImGui::TextColored(kWarning, "Журнал не прочитан: %s", m_state.error.c_str());
        if (!m_state.status) {
            if (m_state.error.empty())
                ImGui::TextDisabled("Загрузка…");
        } else {
            const journal::HotlineStatus& status = *m_state.status;
            ImGui::TextDisabled("по журналу на %s", status.at.c_str());
            drawInProgress(fonts, status, *this);
            drawAbandoned(fonts, status);
            drawToday(fonts, status);
            drawQueue(fonts, status);
        }
    }
    ImGui::End();
    if (!open)
        m_state.open = false; // the window's ×
}

} // namespace sufler::console
