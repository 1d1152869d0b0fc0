// Drawing one step of a script run.
#include "console/script_view.h"
#include "console/call_session.h"

#include <imgui.h>

#include <fmt/format.h>

namespace sufler::console {

std::string actionTitle(const scripts::Action& action) {
    using scripts::ActionKind;
    switch (action.kind) {
    case ActionKind::Search:
        return action.argument.empty() ? "Поиск в базе" : "Поиск: " + action.argument;
    case ActionKind::Contacts:
        return action.argument.empty() ? "Поиск контакта" : "Контакт: " + action.argument;
    case ActionKind::Card:
        return "Карточка: " + action.argument;
    case ActionKind::Transfer:
        return "Перевод звонка";
    case ActionKind::Callback:
        return "Отложенный ответ";
    case ActionKind::Booking:
        return "Запись на консультацию (Ctrl+B)";
    case ActionKind::Survey:
        return "Опрос";
    case ActionKind::End:
        return "Завершить звонок (Ctrl+E)";
    }
    return action.label;
}

std::optional<std::size_t> ScriptView::pendingSurvey(const scripts::Runner& run) {
    return pendingScriptSurvey(run);
}

ScriptView::Outcome ScriptView::draw(const ViewContext& context, const scripts::Runner* run,
                                     bool callActive, const std::string& message) {
    Outcome outcome;
    const Fonts& fonts = context.fonts;
    if (!run) {
        ImGui::PushFont(fonts.heading2);
        ImGui::TextUnformatted("Скрипт разговора");
        ImGui::PopFont();
        ImGui::Separator();
        if (callActive)
            ImGui::TextWrapped("Звонок завершён. Ctrl+N — следующий звонок.");
        else
            ImGui::TextWrapped("Звонка нет. Ctrl+N — новый звонок: карточка, таймер и скрипт "
                               "входящего звонка.");
        if (ImGui::Button("Новый звонок  (Ctrl+N)"))
            outcome.newCall = true;
        if (!message.empty())
            ImGui::TextColored(ImVec4(1, 0.78f, 0.3f, 1), "%s", message.c_str());
        return outcome;
    }

    const scripts::Step& step = run->current();
    const bool stepChanged = step.id != m_state.lastStepId;
    m_state.lastStepId = step.id;

    ImGui::TextDisabled("%s", run->currentScript().title.c_str());
    ImGui::PushFont(fonts.heading2);
    ImGui::TextWrapped("%s", step.title.c_str());
    ImGui::PopFont();
    ImGui::Separator();

    ImGui::BeginChild("step", ImVec2(0, 0), false);
    if (stepChanged)
        ImGui::SetScrollY(0);

    // words to say: large, on a tinted band, so that they can be read aloud at a glance
    for (const std::string& words : run->words()) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
        ImGui::PushFont(fonts.heading2);
        const float width = ImGui::GetContentRegionAvail().x;
        const ImVec2 size =
            ImGui::CalcTextSize(words.c_str(), nullptr, false, width - fonts.baseSize);
        ImGui::BeginChild(ImGui::GetID(words.c_str()), ImVec2(0, size.y + fonts.baseSize * 0.9f),
                          false, ImGuiWindowFlags_NoScrollbar);
        ImGui::SetCursorPos(ImVec2(fonts.baseSize * 0.4f, fonts.baseSize * 0.35f));
        ImGui::PushTextWrapPos(width - fonts.baseSize * 0.4f);
        ImGui::TextUnformatted(words.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        ImGui::PopFont();
        ImGui::PopStyleColor();
    }

    // task items, numbered for Ctrl+1…9
    const auto tasks = run->tasks();
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const auto& task = tasks[i];
        bool done = task.done;
        const std::string label =
            fmt::format("{}{}##task{}", task.text, task.required ? "" : " (необязательно)", i);
        if (i < 9) {
            ImGui::TextDisabled("Ctrl+%zu", i + 1);
            ImGui::SameLine();
        }
        if (ImGui::Checkbox(label.c_str(), &done))
            outcome.toggleTask = i;
        for (const auto& action : task.actions) {
            ImGui::SameLine();
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::SmallButton(actionTitle(action).c_str()))
                outcome.action = action;
            ImGui::PopID();
        }
    }

    // the closing survey: answers by keys 1, 2, 3 in question order
    const auto& questions = run->surveyQuestions();
    const auto pending = pendingSurvey(*run);
    for (std::size_t q = 0; q < questions.size(); ++q) {
        ImGui::Spacing();
        ImGui::PushFont(fonts.bold);
        ImGui::TextWrapped("Опрос %zu. %s", q + 1, questions[q].text.c_str());
        ImGui::PopFont();
        const std::string answer = run->surveyAnswerInStep(q);
        for (std::size_t o = 0; o < questions[q].options.size(); ++o) {
            const std::string& option = questions[q].options[o];
            const bool chosen = option == answer;
            if (o)
                ImGui::SameLine();
            if (chosen)
                ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.2f, 0.55f, 0.3f, 1));
            const std::string label = pending == q
                                          ? fmt::format("{} {}##s{}_{}", o + 1, option, q, o)
                                          : fmt::format("{}##s{}_{}", option, q, o);
            if (ImGui::Button(label.c_str()))
                outcome.survey = std::make_pair(q, o);
            if (chosen)
                ImGui::PopStyleColor();
        }
    }
    if (pending)
        ImGui::TextDisabled("Клавиши 1–%zu — ответ абонента", questions[*pending].options.size());

    for (const std::string& hint : step.hints) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", run->fill(hint).c_str());
        ImGui::PopStyleColor();
    }

    // step-level actions
    for (std::size_t i = 0; i < run->actions().size(); ++i) {
        const auto& action = run->actions()[i];
        ImGui::PushID(static_cast<int>(1000 + i));
        if (ImGui::Button(actionTitle(action).c_str()))
            outcome.action = action;
        ImGui::PopID();
        ImGui::SameLine();
    }
    if (!run->actions().empty())
        ImGui::NewLine();

    ImGui::Spacing();
    ImGui::Separator();
    // the ways on, numbered for Alt+1…9
    const auto& ways = run->ways();
    for (std::size_t i = 0; i < ways.size(); ++i) {
        const auto check = run->check(i);
        ImGui::BeginDisabled(check != scripts::ChooseResult::Ok);
        const std::string label = i < 9 ? fmt::format("Alt+{}  {}##way{}", i + 1, ways[i].label, i)
                                        : fmt::format("{}##way{}", ways[i].label, i);
        if (ImGui::Button(label.c_str(), ImVec2(-1, 0)))
            outcome.way = i;
        ImGui::EndDisabled();
        if (check == scripts::ChooseResult::TransferLimit)
            ImGui::TextDisabled("  не более %d переводов за звонок", run->transferLimit());
    }
    if (run->canGoBack()) {
        if (ImGui::Button("Alt+←  Назад"))
            outcome.back = true;
    }
    if (run->finished())
        ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.5f, 1),
                           "Конец разговора: Ctrl+E — завершить звонок");
    if (!message.empty())
        ImGui::TextColored(ImVec4(1, 0.78f, 0.3f, 1), "%s", message.c_str());
    ImGui::EndChild();
    return outcome;
}

} // namespace sufler::console
