// Drawing and editing the call card.
#include "console/call_card_view.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <fmt/format.h>

namespace sufler::console {

std::optional<CardField> cardFieldByName(std::string_view name) {
    const std::string key = lowerRu(name);
    static const std::pair<const char*, CardField> names[] = {
        {"телефон", CardField::Phone},
        {"пол", CardField::Sex},
        {"фио", CardField::CallerName},
        {"имя", CardField::CallerName},
        {"адрес", CardField::Note},
        {"год_рождения", CardField::BirthYear},
        {"муниципалитет", CardField::Municipality},
        {"муниципальное_образование", CardField::Municipality},
        {"вопрос", CardField::Question},
        {"тема", CardField::Question},
        {"организация", CardField::Organizations},
        {"специалист", CardField::Organizations},
        {"удобное_время", CardField::ConvenientHours},
        {"время", CardField::ConvenientHours},
        {"примечание", CardField::Note},
    };
    for (const auto& [known, field] : names)
        if (key == lowerRu(known))
            return field;
    return std::nullopt;
}

const char* cardFieldLabel(CardField field) {
    switch (field) {
    case CardField::Phone:
        return "Телефон";
    case CardField::Sex:
        return "Пол";
    case CardField::CallerName:
        return "ФИО";
    case CardField::BirthYear:
        return "Год рождения";
    case CardField::Municipality:
        return "Муниципалитет";
    case CardField::Question:
        return "Вопрос";
    case CardField::Organizations:
        return "Организации";
    case CardField::OperatorName:
        return "Специалист";
    case CardField::Note:
        return "Примечание";
    case CardField::ConvenientHours:
        return "Удобное время";
    }
    return "";
}

namespace {

// The sex as the register writes it: «м» or «ж».
std::string normaliseSex(const std::string& text) {
    const std::string lower = lowerRu(text);
    if (lower.rfind("м", 0) == 0 || lower.rfind("m", 0) == 0)
        return "м";
    if (lower.rfind("ж", 0) == 0 || lower.rfind("f", 0) == 0 || lower.rfind("w", 0) == 0)
        return "ж";
    return text;
}

} // namespace

CallCardView::Outcome CallCardView::draw(const ViewContext& context, CallCard& card) {
    Outcome outcome;
    const Fonts& fonts = context.fonts;
    ImGui::PushFont(fonts.heading2);
    ImGui::TextUnformatted("Карточка звонка");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("Ctrl+K");

    if (card.number == 0) {
        ImGui::Separator();
        ImGui::TextWrapped("Звонка нет. Ctrl+N — новый звонок.");
        m_state.anyFieldActive = false;
        m_state.activeField.reset();
        return outcome;
    }

    ImGui::PushFont(fonts.large);
    ImGui::TextUnformatted(formatDuration(card.elapsedSeconds()).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("Звонок № %d", card.number);
    ImGui::TextDisabled("%s%s", card.receivedAt.c_str(), card.closed ? " · завершён" : "");
    ImGui::EndGroup();

    const int transfers = static_cast<int>(card.transfers.size());
    ImGui::TextColored(transfers >= kMaxTransfers ? ImVec4(1, 0.6f, 0.3f, 1)
                                                  : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                       "Переводы: %d из %d", transfers, kMaxTransfers);
    for (const Transfer& transfer : card.transfers) {
        ImGui::TextDisabled("  → %s%s%s",
                            transfer.name.empty() ? "(по скрипту)" : transfer.name.c_str(),
                            transfer.phone.empty() ? "" : ", ", transfer.phone.c_str());
    }
    if (!card.deferredDue.empty())
        ImGui::TextColored(ImVec4(0.45f, 0.8f, 1, 1), "Обратный звонок до %s%s%s%s",
                           card.deferredDue.c_str(), card.deferredExtended ? " (продлён)" : "",
                           card.convenientHours.empty() ? "" : ", ", card.convenientHours.c_str());
    if (card.kbNoAnswer)
        ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "Отмечено: нет ответа в базе");
    ImGui::Separator();

    ImGui::BeginChild("card-fields", ImVec2(0, 0), false);
    bool anyActive = false;
    std::optional<CardField> activeField;
    const float labelWidth = fonts.baseSize * 8.5f;
    ImGui::BeginDisabled(card.closed);
    auto field = [&](CardField which, const char* label, std::string& value, const char* hint,
                     bool multiline = false) {
        ImGui::PushID(static_cast<int>(which));
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", label);
        ImGui::SameLine(labelWidth);
        if (m_state.focusRequested == which) {
            ImGui::SetKeyboardFocusHere();
            m_state.focusRequested.reset();
        }
        ImGui::SetNextItemWidth(-1);
        bool edited = false;
        if (multiline)
            edited = ImGui::InputTextMultiline("##v", &value, ImVec2(-1, fonts.baseSize * 3.2f));
        else
            edited = ImGui::InputTextWithHint("##v", hint, &value);
        if (ImGui::IsItemActive()) {
            anyActive = true;
            activeField = which;
        }
        const bool done = ImGui::IsItemDeactivatedAfterEdit();
        ImGui::PopID();
        if (edited)
            outcome.changed = true;
        return done;
    };

    field(CardField::Phone, "Телефон", card.phone, "номер позвонившего");
    if (field(CardField::Sex, "Пол", card.sex, "м / ж"))
        card.sex = normaliseSex(card.sex);
    field(CardField::CallerName, "ФИО", card.callerName, "Фамилия Имя Отчество");
    field(CardField::BirthYear, "Год рождения", card.birthYear, "например, 1956");
    const auto* base = context.kb();
    if (field(CardField::Municipality, "Муниципалитет", card.municipality, "начните вводить…") &&
        base) {
        // complete a prefix when exactly one municipality of sufler.yaml matches
        const std::string typed = lowerRu(card.municipality);
        const std::string* only = nullptr;
        int matches = 0;
        for (const std::string& name : base->profile.municipalities)
            if (!typed.empty() && lowerRu(name).rfind(typed, 0) == 0) {
                only = &name;
                ++matches;
            }
        if (matches == 1)
            card.municipality = *only;
    }
    if (base && !base->profile.municipalities.empty() && m_state.anyFieldActive) {
        std::string list;
        for (const std::string& name : base->profile.municipalities)
            list += (list.empty() ? "" : ", ") + name;
        ImGui::SetCursorPosX(labelWidth);
        ImGui::TextDisabled("%s", list.c_str());
    }
    field(CardField::Question, "Вопрос", card.question, "кратко, своими словами", true);
    field(CardField::Organizations, "Организации", card.organizations,
          "куда переведён, кому передан");
    field(CardField::OperatorName, "Специалист", card.operatorName, "ФИО принявшего звонок");
    field(CardField::Note, "Примечание", card.note, "", true);
    field(CardField::ConvenientHours, "Удобное время", card.convenientHours,
          "для обратного звонка (Ctrl+D)");
    ImGui::EndDisabled();

    // the marks the report counts, set by the scripts taken for them or Ctrl+Alt+1…4
    ImGui::TextDisabled("Отметки:");
    bool anyMark = false;
    for (int m = 0; m < kCardMarks; ++m) {
        const auto mark = static_cast<CardMark>(m);
        if (!markOf(card, mark))
            continue;
        anyMark = true;
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(1, 0.55f, 0.35f, 1), "● %s", cardMarkLabel(mark));
    }
    if (!anyMark) {
        ImGui::SameLine();
        ImGui::TextDisabled("нет (Ctrl+Alt+1…4)");
    }

    // the closing survey
    ImGui::Spacing();
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted("Опрос при завершении");
    ImGui::PopFont();
    const auto& questions = surveyQuestions();
    const auto next = card.nextSurveyQuestion();
    for (std::size_t q = 0; q < questions.size(); ++q) {
        const bool asking = m_state.surveyMode && next == q;
        ImGui::TextWrapped("%s%s", asking ? "▶ " : "", questions[q].text);
        const int answer = q < card.survey.size() && card.survey[q] ? *card.survey[q] : -1;
        for (std::size_t o = 0; o < questions[q].answers.size(); ++o) {
            if (o)
                ImGui::SameLine();
            const bool chosen = answer == static_cast<int>(o);
            if (chosen)
                ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.2f, 0.55f, 0.3f, 1));
            const std::string label =
                asking ? fmt::format("{} {}##c{}_{}", o + 1, questions[q].answers[o], q, o)
                       : fmt::format("{}##c{}_{}", questions[q].answers[o], q, o);
            if (ImGui::SmallButton(label.c_str()) && !card.closed)
                outcome.survey = std::make_pair(q, static_cast<int>(o));
            if (chosen)
                ImGui::PopStyleColor();
        }
    }
    if (m_state.surveyMode && next)
        ImGui::TextDisabled("Клавиши 1–%zu — ответ абонента", questions[*next].answers.size());
    if (!card.closed) {
        if (ImGui::Button("Завершить звонок  (Ctrl+E)"))
            outcome.endCall = true;
    } else {
        ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.5f, 1), "Звонок завершён и записан.");
    }
    ImGui::EndChild();
    m_state.anyFieldActive = anyActive;
    m_state.activeField = activeField;
    return outcome;
}

} // namespace sufler::console
