#pragma once
// The script panel: the current step's words with placeholders filled, its task items to tick,
// the survey questions of a closing step, the ways on as numbered buttons, and back.
#include "console/view_context.h"
#include "sufler/scripts/runner.h"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace sufler::console {

class ScriptView {
public:
    struct State {
        std::string lastStepId; // to scroll to the top when the step changes
    };

    struct Outcome {
        std::optional<std::size_t> way;
        bool back = false;
        std::optional<std::size_t> toggleTask;
        std::optional<std::pair<std::size_t, std::size_t>> survey; // question, option
        std::optional<scripts::Action> action;
        bool newCall = false;
    };

    Outcome draw(const ViewContext& context, const scripts::Runner* run, bool callActive,
                 const std::string& message);

    // The first survey question of the current step still unanswered.
    [[nodiscard]] static std::optional<std::size_t> pendingSurvey(const scripts::Runner& run);

private:
    State m_state;
};

// «Поиск: льготы», «Перевод звонка», ... for an action's button.
[[nodiscard]] std::string actionTitle(const scripts::Action& action);

} // namespace sufler::console
