#pragma once
// The call card panel: timer, number, transfers, the register's fields to fill, the survey.
#include "console/call_card.h"
#include "console/view_context.h"

#include <optional>
#include <string>
#include <utility>

namespace sufler::console {

class CallCardView {
public:
    struct State {
        std::optional<CardField> focusRequested;
        bool anyFieldActive = false;
        std::optional<CardField> activeField; // the field with the keyboard, as of the last frame
        bool surveyMode = false; // Ctrl+E with the survey not done: it asks the questions
    };

    struct Outcome {
        bool changed = false; // a field was edited: save the card
        std::optional<std::pair<std::size_t, int>> survey;
        bool endCall = false;
    };

    Outcome draw(const ViewContext& context, CallCard& card);

    void focus(CardField field) { m_state.focusRequested = field; }
    [[nodiscard]] bool anyFieldActive() const { return m_state.anyFieldActive; }
    [[nodiscard]] std::optional<CardField> activeField() const { return m_state.activeField; }
    void setSurveyMode(bool on) { m_state.surveyMode = on; }
    [[nodiscard]] bool surveyMode() const { return m_state.surveyMode; }

private:
    State m_state;
};

} // namespace sufler::console
