#pragma once
// Training of new operators: simulated calls drawn from the KB, their scoring, and the study
// plan. Pure logic over the KB model; storage is in store.h, nothing here touches the journal.
#include "sufler/kb/model.h"

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace sufler::training {

// A caller's question for a simulated call: an FAQ's title or one of its other wordings.
struct Question {
    std::string entryId;           // the entry that answers it
    std::string department;        // the section it belongs to
    std::string words;             // what the "caller" says
    bool transferExpected = false; // the question is another department's than the one practised
};

struct DrawOptions {
    std::string department;            // practise one section; empty = mixed exam over all
    double otherDepartmentShare = 0.2; // with a department: share of questions from others
};

// Draws `count` questions without repeating an entry (as long as the KB has enough).
[[nodiscard]] std::vector<Question> drawQuestions(const kb::KnowledgeBase& kb, std::size_t count,
                                                  const DrawOptions& options, std::mt19937& rng);

// What the trainee did during one simulated call, as the console records it.
struct CallRecord {
    Question question;
    std::vector<std::string> openedEntries;  // in order
    std::optional<double> secondsToFind;     // from the start until the right entry was opened
    std::vector<std::string> requiredDone;   // required script items done (labels)
    std::vector<std::string> requiredMissed; // required script items not done (labels)
    bool surveyAnswered = false;             // both survey questions asked and answered
    int transfers = 0;
};

// Parts of the score, each with its weight; the total is their sum, out of 100.
struct ScorePart {
    std::string name; // «Найдена нужная запись», …
    double points = 0;
    double maxPoints = 0;
    std::string missed; // what was missed, for the result screen; empty when full marks
};

struct Score {
    std::vector<ScorePart> parts;
    [[nodiscard]] double total() const;
    [[nodiscard]] double max() const;
};

// Weights: the right entry 40, time to find it 15 (full within 30 s, none after 120 s),
// required script items 25 (in proportion), the survey 10, transfers 10.
[[nodiscard]] Score scoreCall(const CallRecord& record);

// The study plan of one trainee: per department, entries read and left.
struct DepartmentProgress {
    std::string department;
    std::string title;
    std::vector<std::string> read; // entry ids
    std::vector<std::string> left; // entry ids
};

[[nodiscard]] std::vector<DepartmentProgress> studyPlan(const kb::KnowledgeBase& kb,
                                                        const std::set<std::string>& readIds);

} // namespace sufler::training
