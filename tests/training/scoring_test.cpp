#include "sufler/training/training.h"

#include <catch2/catch.hpp>

#include <set>

using namespace sufler;
using namespace sufler::training;

namespace {

kb::KnowledgeBase smallKb() {
    kb::KnowledgeBase base;
    for (const char* slug : {"families", "zhku"}) {
        kb::Department d;
        d.slug = slug;
        d.title = std::string("Отдел ") + slug;
        base.departments.push_back(d);
        for (int i = 0; i < 5; ++i) {
            kb::Entry e;
            e.kind = kb::EntryKind::Faq;
            e.department = slug;
            e.title = "Вопрос " + std::to_string(i) + " " + slug;
            e.id = std::string("departments/") + slug + "/faq.md#q" + std::to_string(i);
            e.otherWordings = {"иначе " + std::to_string(i)};
            base.entries.push_back(e);
        }
        kb::Entry tmpl;
        tmpl.kind = kb::EntryKind::Template;
        tmpl.department = slug;
        tmpl.id = std::string("departments/") + slug + "/templates.md#t";
        base.entries.push_back(tmpl);
    }
    return base;
}

CallRecord perfectCall() {
    CallRecord r;
    r.question.entryId = "departments/families/faq.md#q1";
    r.question.department = "families";
    r.openedEntries = {"departments/zhku/faq.md#q0", "departments/families/faq.md#q1"};
    r.secondsToFind = 12;
    r.requiredDone = {"Поприветствовать", "Назвать себя", "Уточнить вопрос", "Подвести итог"};
    r.surveyAnswered = true;
    r.transfers = 0;
    return r;
}

} // namespace

TEST_CASE("a perfect simulated call scores full marks") {
    Score s = scoreCall(perfectCall());
    CHECK(s.max() == Approx(100));
    CHECK(s.total() == Approx(100));
    for (const auto& part : s.parts) {
        CHECK(part.missed.empty());
    }
}

TEST_CASE("skipping the greeting loses exactly its share of the script") {
    CallRecord r = perfectCall();
    r.requiredDone = {"Уточнить вопрос", "Подвести итог"};
    r.requiredMissed = {"Поприветствовать", "Назвать себя"};
    Score s = scoreCall(r);
    CHECK(s.total() == Approx(100 - 25.0 / 2));
    REQUIRE(s.parts[2].missed.find("Поприветствовать") != std::string::npos);
}

TEST_CASE("opening the wrong entry loses the entry and the time") {
    CallRecord r = perfectCall();
    r.openedEntries = {"departments/zhku/faq.md#q0"};
    r.secondsToFind.reset();
    Score s = scoreCall(r);
    CHECK(s.total() == Approx(100 - 40 - 15));
    CHECK(s.parts[0].missed.find("departments/families/faq.md#q1") != std::string::npos);
}

TEST_CASE("time to find is scored between 30 and 120 seconds") {
    CallRecord r = perfectCall();
    r.secondsToFind = 75;
    CHECK(scoreCall(r).total() == Approx(100 - 7.5));
    r.secondsToFind = 200;
    CHECK(scoreCall(r).total() == Approx(85));
}

TEST_CASE("a transfer counts right only for another department's question") {
    CallRecord r = perfectCall();
    r.transfers = 1;
    CHECK(scoreCall(r).total() == Approx(90));
    r.question.transferExpected = true;
    CHECK(scoreCall(r).total() == Approx(100));
    r.transfers = 0;
    CHECK(scoreCall(r).total() == Approx(90));
}

TEST_CASE("a missing survey loses its points") {
    CallRecord r = perfectCall();
    r.surveyAnswered = false;
    CHECK(scoreCall(r).total() == Approx(90));
}

TEST_CASE("questions are drawn from FAQ entries without repeats") {
    auto base = smallKb();
    std::mt19937 rng(7);
    auto mixed = drawQuestions(base, 10, {}, rng);
    REQUIRE(mixed.size() == 10);
    std::set<std::string> ids;
    for (const auto& q : mixed) {
        ids.insert(q.entryId);
        const auto* entry = base.findEntry(q.entryId);
        REQUIRE(entry != nullptr);
        CHECK(entry->kind == kb::EntryKind::Faq);
        CHECK((q.words == entry->title || q.words == entry->otherWordings[0]));
        CHECK_FALSE(q.transferExpected);
    }
    CHECK(ids.size() == 10);
    // More than the KB holds: every FAQ once, no more.
    CHECK(drawQuestions(base, 50, {}, rng).size() == 10);
}

TEST_CASE("department practice marks other departments' questions for transfer") {
    auto base = smallKb();
    std::mt19937 rng(3);
    DrawOptions options;
    options.department = "zhku";
    options.otherDepartmentShare = 0.5;
    auto qs = drawQuestions(base, 10, options, rng);
    REQUIRE(qs.size() == 10);
    int others = 0;
    for (const auto& q : qs) {
        CHECK(q.transferExpected == (q.department != "zhku"));
        others += q.transferExpected ? 1 : 0;
    }
    CHECK(others == 5); // all 10 FAQs drawn, five of them the other department's
}

TEST_CASE("the study plan splits each department into read and left") {
    auto base = smallKb();
    auto plan =
        studyPlan(base, {"departments/families/faq.md#q0", "departments/zhku/templates.md#t"});
    REQUIRE(plan.size() == 2);
    CHECK(plan[0].department == "families");
    CHECK(plan[0].read.size() == 1);
    CHECK(plan[0].left.size() == 5);
    CHECK(plan[1].read == std::vector<std::string>{"departments/zhku/templates.md#t"});
}
