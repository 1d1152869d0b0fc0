#pragma once
// One run of a conversation script during a call: where the operator is, what was said and
// done, the way back, transfers against the limit, time per step, adherence and the survey.
// A run serialises to text (JSON) and comes back from it, so that a console that crashed
// mid-call resumes where it was and the journal keeps what happened.
#include "sufler/scripts/script.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::scripts {

// Wall-clock time (so a resumed run in another process continues the same timeline).
using TimePoint = std::chrono::system_clock::time_point;
using Clock = std::function<TimePoint()>;

struct TaskState {
    std::string text; // placeholders filled
    bool required = true;
    bool done = false;
    std::vector<Action> actions;
    int line = 0;
};

struct SurveyAnswer {
    std::string stepId;
    std::string question; // as written in the script
    std::string answer;   // one of the question's options
};

struct StepTime {
    std::string stepId;
    std::string title;
    std::chrono::milliseconds spent{0}; // all visits, the abandoned ones included
};

struct AdherenceItem {
    std::string stepId;
    std::string stepTitle;
    std::string text; // task text, placeholders filled
};

// Required task items on the current path (steps the run went through and did not go back
// from): which were done and which were not.
struct Adherence {
    std::vector<AdherenceItem> done;
    std::vector<AdherenceItem> missed;
    [[nodiscard]] std::size_t required() const { return done.size() + missed.size(); }
    [[nodiscard]] double ratio() const; // 1.0 when nothing was required
};

enum class ChooseResult {
    Ok,
    NoSuchWay,      // index out of range
    TransferLimit,  // the target step is a transfer and the limit is already reached
    UnresolvedStep, // the way leads to a step that does not exist
};

class Runner {
public:
    static constexpr int kTransferLimit = 2; // regulation: at most two transfers per call

    // Starts `scriptId` at its start step. Throws sufler::Error when there is no such script.
    // The set is shared so that a KB reload elsewhere does not pull it from under the run.
    Runner(std::shared_ptr<const ScriptSet> scripts, std::string_view scriptId, Values values = {},
           Clock clock = {});

    // --- where the run is
    [[nodiscard]] const Script& script() const; // the script the run started with
    [[nodiscard]] const Step& current() const;
    [[nodiscard]] const Script& currentScript() const;
    [[nodiscard]] bool finished() const; // the current step is an end (sufler:end)
    // Step ids of the current path, from the start to the current step.
    [[nodiscard]] std::vector<std::string> path() const;

    // --- the current step, ready to show
    [[nodiscard]] std::vector<std::string> words() const; // blockquotes, placeholders filled
    [[nodiscard]] std::vector<TaskState> tasks() const;
    [[nodiscard]] const std::vector<Way>& ways() const;
    [[nodiscard]] const std::vector<Action>& actions() const; // step-level actions
    [[nodiscard]] const std::vector<SurveyQuestion>& surveyQuestions() const;
    // The answer recorded in the current step for question `question`, or empty.
    [[nodiscard]] std::string surveyAnswerInStep(std::size_t question) const;

    // --- moving
    // Whether choose(way) would succeed now (false for a transfer over the limit).
    [[nodiscard]] ChooseResult check(std::size_t way) const;
    ChooseResult choose(std::size_t way);
    // Goes on to the start of another script without a way there (the out-of-competence script
    // offered when the KB has no answer); back() returns. False when there is no such script.
    bool detour(std::string_view scriptId);
    [[nodiscard]] bool canGoBack() const;
    // Returns to the previous step of the path; the abandoned step's task marks and survey
    // answers are dropped (its time is kept in timeByStep). False at the start.
    bool back();

    // --- what the operator does in the current step
    bool toggleTask(std::size_t task); // false when out of range
    bool setTask(std::size_t task, bool done);
    // Records option `option` of question `question` of the current step; replaces an earlier
    // answer to the same question. False when out of range.
    bool recordSurvey(std::size_t question, std::size_t option);

    // --- placeholders
    [[nodiscard]] const Values& values() const { return m_values; }
    void setValue(std::string name, std::string value);
    [[nodiscard]] std::string fill(std::string_view text) const;

    // --- the call so far
    [[nodiscard]] int transferCount() const; // transfer steps on the current path
    [[nodiscard]] int transferLimit() const { return kTransferLimit; }
    [[nodiscard]] std::vector<SurveyAnswer> survey() const; // answers on the current path
    // The answer to a question by its text (e.g. «Получен ли ответ на Ваш вопрос?»), or empty.
    [[nodiscard]] std::string surveyAnswer(std::string_view question) const;
    [[nodiscard]] std::vector<StepTime> timeByStep() const; // in order of first visit
    [[nodiscard]] std::chrono::milliseconds timeInCurrentStep() const;
    [[nodiscard]] std::chrono::milliseconds totalTime() const; // since the run started
    [[nodiscard]] Adherence adherence() const;

    // --- persistence
    [[nodiscard]] std::string serialize() const; // one JSON object, UTF-8
    // Throws sufler::Error when the text is not a run or names steps the set no longer has.
    [[nodiscard]] static Runner deserialize(std::shared_ptr<const ScriptSet> scripts,
                                            std::string_view text, Clock clock = {});

private:
    struct Visit {
        const Step* step = nullptr;
        std::vector<bool> tasksDone;
        std::vector<int> survey; // per question: option index or -1
        TimePoint entered;
        int via = -1; // index of the way chosen in the previous step
    };
    struct TimeEntry {
        std::string stepId;
        std::chrono::milliseconds spent{0};
    };

    Runner(std::shared_ptr<const ScriptSet> scripts, Clock clock);
    void enter(const Step& step, int via);
    void leaveCurrent();
    [[nodiscard]] TimePoint now() const;
    [[nodiscard]] const Step* resolve(const Way& way) const;

    std::shared_ptr<const ScriptSet> m_scripts;
    Clock m_clock;
    const Script* m_script = nullptr;
    Values m_values;
    std::vector<Visit> m_path;
    std::vector<TimeEntry> m_times; // closed visits, in order of first visit
    TimePoint m_started;
};

} // namespace sufler::scripts
