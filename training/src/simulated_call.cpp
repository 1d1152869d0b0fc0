#include "sufler/training/simulated_call.h"

#include <algorithm>

namespace sufler::training {

namespace {

// The closing survey of the regulations has two questions (answer received; satisfaction).
constexpr std::size_t kSurveyQuestions = 2;

std::string label(const scripts::AdherenceItem& item) {
    return item.stepTitle.empty() ? item.text : item.stepTitle + ": " + item.text;
}

} // namespace

SimulatedCall::SimulatedCall(Question question, Clock::time_point started)
    : m_question(std::move(question)), m_started(started) {}

void SimulatedCall::opened(const std::string& entryId, Clock::time_point at) {
    if (!m_opened.empty() && m_opened.back() == entryId) {
        return; // the same entry again: one opening
    }
    m_opened.push_back(entryId);
    if (!m_secondsToFind && entryId == m_question.entryId) {
        m_secondsToFind = std::chrono::duration<double>(at - m_started).count();
    }
}

CallRecord SimulatedCall::finish(const scripts::Runner* run, bool cardSurveyComplete) const {
    CallRecord record;
    record.question = m_question;
    record.openedEntries = m_opened;
    record.secondsToFind = m_secondsToFind;
    record.transfers = m_transfers;
    if (run == nullptr) {
        record.requiredMissed.push_back("разговор по скрипту входящего звонка");
        record.surveyAnswered = cardSurveyComplete;
        return record;
    }
    const auto adherence = run->adherence();
    for (const auto& item : adherence.done) {
        record.requiredDone.push_back(label(item));
    }
    for (const auto& item : adherence.missed) {
        record.requiredMissed.push_back(label(item));
    }
    if (!run->finished()) {
        record.requiredMissed.push_back("довести разговор по скрипту до прощания");
    }
    record.surveyAnswered = cardSurveyComplete || run->survey().size() >= kSurveyQuestions;
    record.transfers = std::max(record.transfers, run->transferCount());
    return record;
}

Exam::Exam(std::string trainee, std::string department, std::vector<Question> questions)
    : m_trainee(std::move(trainee)), m_department(std::move(department)),
      m_questions(std::move(questions)) {}

std::optional<Question> Exam::next() const {
    if (done()) {
        return std::nullopt;
    }
    return m_questions[m_results.size()];
}

const CallResult& Exam::record(CallRecord record) {
    Score score = scoreCall(record);
    m_results.push_back({std::move(record), std::move(score)});
    return m_results.back();
}

double Exam::total() const {
    double sum = 0;
    for (const auto& result : m_results) {
        sum += result.score.total();
    }
    return sum;
}

double Exam::max() const {
    double sum = 0;
    for (const auto& result : m_results) {
        sum += result.score.max();
    }
    return sum;
}

} // namespace sufler::training
