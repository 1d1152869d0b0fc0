// A whole simulated call driven end to end through the library, as the console drives it: a
// question drawn from the demo KB, the real incoming script run step by step, entries opened
// on a clock, the call scored and stored in training.sqlite beside (never in) the journal.
#include "sufler/kb/kb.h"
#include "sufler/scripts/runner.h"
#include "sufler/training/report.h"
#include "sufler/training/simulated_call.h"
#include "sufler/training/store.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <memory>

using namespace sufler;
using namespace sufler::training;
using namespace std::chrono_literals;

namespace {

struct Demo {
    kb::KnowledgeBase base = kb::load(test::demoKb(), {.withGit = false});
    std::shared_ptr<const scripts::ScriptSet> scripts;
    Demo() {
        Diagnostics diagnostics;
        scripts = std::make_shared<const scripts::ScriptSet>(
            scripts::ScriptSet::fromKb(base, diagnostics));
    }
};

const Demo& demo() {
    static const Demo d;
    return d;
}

struct Played {
    CallRecord record;
    std::size_t required = 0;         // required items on the steps the run went through
    std::size_t greetingRequired = 0; // ...of them in the first step
};

// Takes a call along the incoming script's main line (the first way of every step), ticking
// every task except the greeting's when `skipGreeting`, answering the survey, opening `opened`
// at the given seconds after the start.
Played play(const Question& question,
            const std::vector<std::pair<std::string, std::chrono::seconds>>& opened,
            bool skipGreeting, bool answerSurvey = true) {
    const auto started = SimulatedCall::Clock::now();
    SimulatedCall call(question, started);
    for (const auto& [id, at] : opened) {
        call.opened(id, started + at);
    }
    scripts::Runner run(demo().scripts, "incoming", scripts::profileValues(demo().base.profile));
    Played played;
    bool first = true;
    for (int guard = 0; guard < 30 && !run.finished(); ++guard) {
        const scripts::Step& step = run.current();
        std::size_t required = 0;
        for (const auto& task : step.tasks) {
            required += task.required ? 1 : 0;
        }
        played.required += required;
        if (first) {
            played.greetingRequired = required;
        }
        if (!(first && skipGreeting)) {
            for (std::size_t t = 0; t < step.tasks.size(); ++t) {
                run.setTask(t, true);
            }
        }
        if (answerSurvey) {
            for (std::size_t q = 0; q < step.survey.size(); ++q) {
                REQUIRE(run.recordSurvey(q, 0));
            }
        }
        first = false;
        REQUIRE_FALSE(run.ways().empty());
        REQUIRE(run.choose(0) == scripts::ChooseResult::Ok);
    }
    REQUIRE(run.finished());
    // the last step's tasks (farewell) are required too
    std::size_t last = 0;
    for (std::size_t t = 0; t < run.current().tasks.size(); ++t) {
        run.setTask(t, true);
        last += run.current().tasks[t].required ? 1 : 0;
    }
    played.required += last;
    played.record = call.finish(&run, false);
    return played;
}

Question firstFaqQuestion() {
    for (const auto& entry : demo().base.entries) {
        if (entry.kind == kb::EntryKind::Faq && !entry.department.empty()) {
            return Question{entry.id, entry.department, entry.title, false};
        }
    }
    FAIL("the demo KB has no FAQ");
    return {};
}

std::string otherFaq(const std::string& notThis) {
    for (const auto& entry : demo().base.entries) {
        if (entry.kind == kb::EntryKind::Faq && entry.id != notThis) {
            return entry.id;
        }
    }
    return {};
}

} // namespace

TEST_CASE("a perfect simulated call on the real incoming script scores full marks") {
    const Question q = firstFaqQuestion();
    const Played played = play(q, {{otherFaq(q.entryId), 5s}, {q.entryId, 20s}}, false);
    REQUIRE(played.required > 5);
    CHECK(played.record.requiredMissed.empty());
    CHECK(played.record.requiredDone.size() == played.required);
    CHECK(played.record.surveyAnswered);
    CHECK(played.record.transfers == 0);
    REQUIRE(played.record.secondsToFind.has_value());
    CHECK(*played.record.secondsToFind == Approx(20));
    const Score score = scoreCall(played.record);
    CHECK(score.total() == Approx(100));
    CHECK(score.max() == Approx(100));
}

TEST_CASE("skipping the greeting loses exactly the greeting's share of the script points") {
    const Question q = firstFaqQuestion();
    const Played played = play(q, {{q.entryId, 10s}}, true);
    REQUIRE(played.greetingRequired > 0);
    CHECK(played.record.requiredMissed.size() == played.greetingRequired);
    const Score score = scoreCall(played.record);
    const double lost =
        25.0 * static_cast<double>(played.greetingRequired) / static_cast<double>(played.required);
    CHECK(score.total() == Approx(100 - lost));
    CHECK(score.parts[2].missed.find("Приветствие") != std::string::npos);
    for (std::size_t i = 0; i < score.parts.size(); ++i) {
        if (i != 2) {
            CHECK(score.parts[i].points == Approx(score.parts[i].maxPoints));
        }
    }
}

TEST_CASE("opening only the wrong entry loses the entry and the time, and says which was right") {
    const Question q = firstFaqQuestion();
    const Played played = play(q, {{otherFaq(q.entryId), 8s}}, false);
    const Score score = scoreCall(played.record);
    CHECK(score.total() == Approx(100 - 40 - 15));
    CHECK(score.parts[0].missed.find(q.entryId) != std::string::npos);
}

TEST_CASE("a call ended before the survey loses the survey and the unfinished script") {
    const Question q = firstFaqQuestion();
    const auto started = SimulatedCall::Clock::now();
    SimulatedCall call(q, started);
    call.opened(q.entryId, started + 3s);
    scripts::Runner run(demo().scripts, "incoming");
    for (std::size_t t = 0; t < run.current().tasks.size(); ++t) {
        run.setTask(t, true);
    }
    const CallRecord record = call.finish(&run, false);
    CHECK_FALSE(record.surveyAnswered);
    CHECK(std::find(record.requiredMissed.begin(), record.requiredMissed.end(),
                    "довести разговор по скрипту до прощания") != record.requiredMissed.end());
    const Score score = scoreCall(record);
    CHECK(score.parts[3].points == 0);
    CHECK(score.total() < 90);
}

TEST_CASE("a mixed exam of ten calls is stored beside the journal and reported") {
    test::TempDir dir;
    const auto journal = dir.path() / "journal.sqlite";
    std::mt19937 rng(11);
    auto questions = drawQuestions(demo().base, 10, {}, rng);
    REQUIRE(questions.size() == 10);
    Exam exam("Новикова Е. П.", "", questions);
    {
        auto store = TrainingStore::open(storePathBeside(journal));
        const auto session = store.startSession(exam.trainee(), exam.department());
        int i = 0;
        while (auto q = exam.next()) {
            // every third call opens the wrong entry only
            const bool wrong = i++ % 3 == 2;
            const Played played =
                play(*q, {{wrong ? otherFaq(q->entryId) : q->entryId, 10s}}, false);
            const CallResult& result = exam.record(played.record);
            store.recordCall(session, result.record, result.score);
        }
    }
    CHECK(exam.done());
    CHECK(exam.taken() == 10);
    CHECK(exam.max() == Approx(1000));
    CHECK(exam.total() == Approx(1000 - 3 * 55));
    CHECK_FALSE(std::filesystem::exists(journal)); // nothing of training reaches the journal

    auto store = TrainingStore::open(storePathBeside(journal));
    auto summary = summarize(store, demo().base);
    REQUIRE(summary.size() == 1);
    CHECK(summary[0].calls == 10);
    CHECK(summary[0].sessions == 1);
    CHECK(summary[0].percent == Approx(83.5));
    REQUIRE(summary[0].overTime.size() == 1);
    CHECK(summary[0].overTime[0].second == Approx(83.5));
}
