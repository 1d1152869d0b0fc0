#pragma once
// One simulated call as it happens, and a mixed exam or department practice of several. The
// console reports what the trainee does (entries opened, transfers) and hands over the real
// script run at the end; this turns it into a CallRecord and scores it. No window, no journal:
// tests drive a whole call through it exactly as the console does.
#include "sufler/scripts/runner.h"
#include "sufler/training/training.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sufler::training {

class SimulatedCall {
public:
    using Clock = std::chrono::steady_clock;

    SimulatedCall(Question question, Clock::time_point started);

    [[nodiscard]] const Question& question() const { return m_question; }
    // An entry opened at `at`; the first time the right one is opened stops the clock.
    void opened(const std::string& entryId, Clock::time_point at);
    void transferred() { ++m_transfers; }
    [[nodiscard]] bool found() const { return m_secondsToFind.has_value(); }

    // What the call was: required script items from the run's adherence (a run that stopped
    // before its end misses «довести разговор до прощания»), the survey asked when both of its
    // questions were answered in the run or on the call card, transfers as counted here or by
    // the run's transfer steps, whichever is more. Without a run every script item is missed.
    [[nodiscard]] CallRecord finish(const scripts::Runner* run, bool cardSurveyComplete) const;

private:
    Question m_question;
    Clock::time_point m_started;
    std::vector<std::string> m_opened;
    std::optional<double> m_secondsToFind;
    int m_transfers = 0;
};

// The result of one call, for the result screen and the store.
struct CallResult {
    CallRecord record;
    Score score;
};

// Department practice or a mixed exam: questions drawn up front, taken one by one.
class Exam {
public:
    Exam(std::string trainee, std::string department, std::vector<Question> questions);

    [[nodiscard]] const std::string& trainee() const { return m_trainee; }
    [[nodiscard]] const std::string& department() const { return m_department; } // "" = mixed
    [[nodiscard]] std::size_t size() const { return m_questions.size(); }
    [[nodiscard]] std::size_t taken() const { return m_results.size(); }
    [[nodiscard]] bool done() const { return m_results.size() >= m_questions.size(); }
    // The question of the next call; nullopt when all are taken.
    [[nodiscard]] std::optional<Question> next() const;
    const CallResult& record(CallRecord record); // scores the current call, moves on
    [[nodiscard]] const std::vector<CallResult>& results() const { return m_results; }
    [[nodiscard]] double total() const;
    [[nodiscard]] double max() const;

private:
    std::string m_trainee;
    std::string m_department;
    std::vector<Question> m_questions;
    std::vector<CallResult> m_results;
};

} // namespace sufler::training
