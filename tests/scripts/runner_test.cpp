// The runner: branches, back, transfers against the limit, placeholders, time, adherence,
// the survey, and a run serialised and resumed.
#include "sufler/scripts/runner.h"

#include <catch2/catch.hpp>

using namespace sufler;
using namespace sufler::scripts;
using namespace std::chrono_literals;

namespace {

const char* kMain = R"(---
title: Главный
kind: incoming
---

## Приветствие

> Горячая линия {организация}, меня зовут {оператор}. Как к Вам обращаться?

- [ ] Поздороваться
- [ ] Уточнить имя абонента (необязательно)

- [Вопрос ясен](#ответ)
- [Нужен специалист](transfer.md)
- [Сломанная ссылка](nowhere.md)

## Ответ

> {абонент}, отвечаю на вопрос по теме «{тема}».

- [ ] Найти ответ в [базе](sufler:search)
- [ ] Проверить, что абонент понял

- [К итогу](#итог)

## Итог

> Получен ли ответ на Ваш вопрос?

- [да](sufler:survey)
- [нет](sufler:survey)

> Оцените качество работы консультанта

- [удовлетворен](sufler:survey)
- [частично удовлетворен](sufler:survey)
- [не удовлетворен](sufler:survey)

> Спасибо за обращение!

[Завершить разговор](sufler:end)
)";

const char* kTransfer = R"(---
title: Перевод
kind: situational
---

## Переключение

> Соединяю Вас с {специалист}, {должность}.

- [ ] Назвать организацию, ФИО и должность
- [ ] Переключить [звонок](sufler:transfer)

- [Ещё специалист](#переключение)
- [Звонок вернулся](main.md#итог)
)";

std::shared_ptr<const ScriptSet> makeSet() {
    Diagnostics diagnostics;
    auto set = std::make_shared<const ScriptSet>(ScriptSet::load(
        {{"scripts/main.md", kMain}, {"scripts/transfer.md", kTransfer}}, diagnostics));
    return set;
}

// A clock the test moves by hand.
struct FakeClock {
    std::shared_ptr<TimePoint> time = std::make_shared<TimePoint>(TimePoint(1'700'000'000s));
    Clock clock() const {
        auto t = time;
        return [t] { return *t; };
    }
    void advance(std::chrono::milliseconds by) const { *time += by; }
};

std::size_t wayIndex(const Runner& runner, const std::string& label) {
    const auto& ways = runner.ways();
    for (std::size_t i = 0; i < ways.size(); ++i) {
        if (ways[i].label == label) {
            return i;
        }
    }
    FAIL("no way " << label);
    return 0;
}

} // namespace

TEST_CASE("a run starts at the start step with words filled from the call") {
    Runner runner(makeSet(), "main", {{"организация", "Минтруд"}, {"оператор", "Анна"}});
    CHECK(runner.current().id == "main#приветствие");
    CHECK(runner.script().id == "main");
    REQUIRE(runner.words().size() == 1);
    CHECK(runner.words()[0] == "Горячая линия Минтруд, меня зовут Анна. Как к Вам обращаться?");
    REQUIRE(runner.tasks().size() == 2);
    CHECK_FALSE(runner.tasks()[0].done);
    CHECK_FALSE(runner.tasks()[1].required);
    CHECK(runner.ways().size() == 3);
    CHECK_FALSE(runner.canGoBack());
    CHECK_FALSE(runner.finished());
    CHECK_THROWS_AS(Runner(makeSet(), "нет-такого"), Error);
}

TEST_CASE("placeholders not yet known are never shown raw and fill in once set") {
    Runner runner(makeSet(), "main");
    // no operator's name: the greeting is said without «меня зовут …»
    REQUIRE(runner.words().size() == 1);
    CHECK(runner.words()[0] == "Как к Вам обращаться?");
    REQUIRE(runner.choose(wayIndex(runner, "Вопрос ясен")) == ChooseResult::Ok);
    // nothing of the sentence is left without the caller and the topic: the step says nothing
    CHECK(runner.words().empty());
    runner.setValue("абонент", "Мария Ивановна");
    CHECK(runner.words().empty()); // an address alone is no phrase
    runner.setValue("тема", "ЕДВ");
    CHECK(runner.words()[0] == "Мария Ивановна, отвечаю на вопрос по теме «ЕДВ».");
}

TEST_CASE("branches and back: going back drops what was done in the abandoned branch") {
    Runner runner(makeSet(), "main");
    REQUIRE(runner.toggleTask(0));
    CHECK_FALSE(runner.toggleTask(7));
    REQUIRE(runner.choose(wayIndex(runner, "Вопрос ясен")) == ChooseResult::Ok);
    CHECK(runner.current().id == "main#ответ");
    REQUIRE(runner.setTask(0, true));
    CHECK(runner.tasks()[0].done);
    CHECK(runner.path() == std::vector<std::string>{"main#приветствие", "main#ответ"});

    REQUIRE(runner.back());
    CHECK(runner.current().id == "main#приветствие");
    CHECK(runner.tasks()[0].done); // the step returned to keeps its marks
    CHECK_FALSE(runner.back());    // nothing before the start

    REQUIRE(runner.choose(wayIndex(runner, "Вопрос ясен")) == ChooseResult::Ok);
    CHECK_FALSE(runner.tasks()[0].done); // the abandoned visit's mark is gone
    CHECK(runner.choose(99) == ChooseResult::NoSuchWay);
}

TEST_CASE("a way to a missing script is refused without moving") {
    Runner runner(makeSet(), "main");
    CHECK(runner.choose(wayIndex(runner, "Сломанная ссылка")) == ChooseResult::UnresolvedStep);
    CHECK(runner.current().id == "main#приветствие");
}

TEST_CASE("transfers are counted on the path and a third one is refused") {
    Runner runner(makeSet(), "main");
    CHECK(runner.transferCount() == 0);
    CHECK(runner.transferLimit() == 2);
    REQUIRE(runner.choose(wayIndex(runner, "Нужен специалист")) == ChooseResult::Ok);
    CHECK(runner.current().id == "transfer#переключение");
    CHECK(runner.currentScript().id == "transfer");
    CHECK(runner.transferCount() == 1);
    REQUIRE(runner.choose(wayIndex(runner, "Ещё специалист")) == ChooseResult::Ok);
    CHECK(runner.transferCount() == 2);

    const std::size_t again = wayIndex(runner, "Ещё специалист");
    CHECK(runner.check(again) == ChooseResult::TransferLimit);
    CHECK(runner.choose(again) == ChooseResult::TransferLimit);
    CHECK(runner.transferCount() == 2);
    CHECK(runner.path().size() == 3);

    // A way that is not a transfer stays open.
    CHECK(runner.check(wayIndex(runner, "Звонок вернулся")) == ChooseResult::Ok);
    // Going back undoes the second transfer, so another one is allowed again.
    REQUIRE(runner.back());
    CHECK(runner.transferCount() == 1);
    CHECK(runner.check(again) == ChooseResult::Ok);
}

TEST_CASE("time is measured per step with an injected clock, abandoned visits included") {
    FakeClock fake;
    Runner runner(makeSet(), "main", {}, fake.clock());
    fake.advance(5s);
    REQUIRE(runner.choose(wayIndex(runner, "Вопрос ясен")) == ChooseResult::Ok);
    fake.advance(30s);
    CHECK(runner.timeInCurrentStep() == 30s);
    REQUIRE(runner.back());
    fake.advance(2s);
    REQUIRE(runner.choose(wayIndex(runner, "Вопрос ясен")) == ChooseResult::Ok);
    fake.advance(10s);
    const auto times = runner.timeByStep();
    REQUIRE(times.size() == 2);
    CHECK(times[0].stepId == "main#приветствие");
    CHECK(times[0].title == "Приветствие");
    CHECK(times[0].spent == 7s);
    CHECK(times[1].stepId == "main#ответ");
    CHECK(times[1].spent == 40s);
    CHECK(runner.totalTime() == 47s);
}

TEST_CASE("adherence counts the required items on the path") {
    Runner runner(makeSet(), "main");
    runner.setTask(0, true);
    runner.setTask(1, true); // optional: not counted
    REQUIRE(runner.choose(wayIndex(runner, "Вопрос ясен")) == ChooseResult::Ok);
    runner.setTask(1, true);
    const Adherence adherence = runner.adherence();
    CHECK(adherence.required() == 3);
    REQUIRE(adherence.done.size() == 2);
    CHECK(adherence.done[0].text == "Поздороваться");
    CHECK(adherence.done[1].text == "Проверить, что абонент понял");
    REQUIRE(adherence.missed.size() == 1);
    CHECK(adherence.missed[0].stepTitle == "Ответ");
    CHECK(adherence.missed[0].text == "Найти ответ в базе");
    CHECK(adherence.ratio() == Approx(2.0 / 3.0));
}

TEST_CASE("the survey records one answer per question and ends the call") {
    Runner runner(makeSet(), "main");
    REQUIRE(runner.choose(wayIndex(runner, "Вопрос ясен")) == ChooseResult::Ok);
    REQUIRE(runner.choose(wayIndex(runner, "К итогу")) == ChooseResult::Ok);
    CHECK(runner.finished());
    REQUIRE(runner.surveyQuestions().size() == 2);
    CHECK(runner.recordSurvey(0, 1));
    CHECK(runner.recordSurvey(0, 0)); // changed mind: replaces
    CHECK(runner.recordSurvey(1, 1));
    CHECK_FALSE(runner.recordSurvey(1, 3));
    CHECK_FALSE(runner.recordSurvey(2, 0));
    CHECK(runner.surveyAnswerInStep(0) == "да");
    CHECK(runner.surveyAnswer("Получен ли ответ на Ваш вопрос?") == "да");
    CHECK(runner.surveyAnswer("Оцените качество работы консультанта") == "частично удовлетворен");
    const auto answers = runner.survey();
    REQUIRE(answers.size() == 2);
    CHECK(answers[0].stepId == "main#итог");
    REQUIRE(runner.back());
    CHECK(runner.survey().empty()); // answers of the abandoned step are dropped
}

TEST_CASE("a run serialises to text and resumes where it was") {
    FakeClock fake;
    auto set = makeSet();
    Runner runner(set, "main", {{"оператор", "Анна"}}, fake.clock());
    runner.setTask(0, true);
    fake.advance(3s);
    REQUIRE(runner.choose(wayIndex(runner, "Нужен специалист")) == ChooseResult::Ok);
    runner.setValue("специалист", "Петров П. П.");
    runner.setTask(1, true);
    fake.advance(4s);
    const std::string text = runner.serialize();
    CHECK(text.find("sufler-script-run") != std::string::npos);

    fake.advance(1s); // the console was down for a second
    Runner resumed = Runner::deserialize(set, text, fake.clock());
    CHECK(resumed.script().id == "main");
    CHECK(resumed.current().id == "transfer#переключение");
    CHECK(resumed.path() == runner.path());
    CHECK(resumed.transferCount() == 1);
    CHECK(resumed.values().at("специалист") == "Петров П. П.");
    CHECK(resumed.tasks()[1].done);
    CHECK_FALSE(resumed.tasks()[0].done);
    CHECK(resumed.timeInCurrentStep() == 5s);
    CHECK(resumed.timeByStep()[0].spent == 3s);
    CHECK(resumed.serialize() == text); // the state comes back whole
    REQUIRE(resumed.back());
    CHECK(resumed.current().id == "main#приветствие");
    CHECK(resumed.tasks()[0].done);

    CHECK_THROWS_AS(Runner::deserialize(set, "not json", fake.clock()), Error);
    CHECK_THROWS_AS(Runner::deserialize(set, R"({"format":"other"})", fake.clock()), Error);
    std::string renamed = text;
    renamed.replace(renamed.find("transfer#переключение"), std::string("transfer#").size(),
                    "transfer#x");
    CHECK_THROWS_AS(Runner::deserialize(set, renamed, fake.clock()), Error);
}

TEST_CASE("a detour to another script's start without a way there: back returns, a resumed run "
          "keeps it") {
    Runner runner(makeSet(), "main");
    REQUIRE(runner.current().id == "main#приветствие");
    CHECK_FALSE(runner.detour("нет-такого"));
    CHECK(runner.current().id == "main#приветствие");
    REQUIRE(runner.detour("transfer"));
    CHECK(runner.current().id == "transfer#переключение");
    CHECK(runner.currentScript().id == "transfer");
    CHECK(runner.script().id == "main"); // the call's script stays
    const Runner resumed = Runner::deserialize(makeSet(), runner.serialize());
    CHECK(resumed.path() == runner.path());
    REQUIRE(runner.back());
    CHECK(runner.current().id == "main#приветствие");
}
