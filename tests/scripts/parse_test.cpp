// Parsing of script files: front matter, steps, words, tasks, ways, actions, survey lists.
#include "sufler/core/text.h"
#include "sufler/scripts/script.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace sufler;
using namespace sufler::scripts;

namespace {

const char* kFull = R"(---
title: Проба
kind: incoming
start: Начало
description: Сценарий для проверки разбора
---

# Проба

Вводный текст не шаг.

## Начало

> Здравствуйте! Горячая линия {организация}, меня зовут {оператор}.
> Чем могу помочь?

> Вторая реплика.

Подсказка оператору: говорите спокойно.

- [ ] Выслушать абонента
- [ ] Записать [номер](sufler:card/телефон)
- [x] При необходимости задать уточняющие вопросы
- [ ] Уточнить адрес (необязательно)

Найти ответ: [поиск](<sufler:search/ЕДВ ветеранам>)

- [Вопрос понятен](#ответ)
- [Перевести](transfer.md#выбор)
- [К отложенному](deferred.md)
- [Справочник](../directory/agencies.md#пфр)

## Ответ

> Спасибо за обращение!

> Получен ли ответ на Ваш вопрос?

- [да](sufler:survey)
- [нет](sufler:survey)

[Завершить](sufler:end)

## Ответ

[Назад к началу](#начало)
)";

Script parseOk(const std::string& source, Diagnostics& diagnostics,
               const std::string& path = "scripts/probe.md") {
    auto script = parseScript(kb::ScriptFile{path, source}, diagnostics);
    REQUIRE(script.has_value());
    return *script;
}

bool hasDiagnostic(const Diagnostics& diagnostics, int line, const std::string& fragment,
                   Severity severity = Severity::Error) {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
        return d.line == line && d.severity == severity &&
               d.message.find(fragment) != std::string::npos;
    });
}

} // namespace

TEST_CASE("front matter gives title, kind, description and the start step") {
    Diagnostics diagnostics;
    const Script script = parseOk(kFull, diagnostics);
    CHECK(script.id == "probe");
    CHECK(script.path == "scripts/probe.md");
    CHECK(script.title == "Проба");
    CHECK(script.kind == ScriptKind::Incoming);
    CHECK(script.description == "Сценарий для проверки разбора");
    CHECK(script.start == "начало");
    CHECK(script.startLine == 4);
    CHECK(script.startStep().title == "Начало");
    CHECK_FALSE(hasErrors(diagnostics));
}

TEST_CASE("front matter's mark names the register's mark a script gives its call") {
    Diagnostics diagnostics;
    CHECK_FALSE(parseOk(kFull, diagnostics).mark.has_value());
    const Script aggressive = parseOk("---\ntitle: Агрессия\nkind: situational\nmark: "
                                      "aggressive\n---\n\n## Слушать\n\n> Слушаю.\n",
                                      diagnostics);
    CHECK(aggressive.mark == CallMark::Aggressive);
    CHECK_FALSE(hasErrors(diagnostics));
    for (const auto mark :
         {CallMark::Aggressive, CallMark::Complaint, CallMark::Urgent, CallMark::OutsideCompetence})
        CHECK(parseMarkName(markName(mark)) == mark);
    Diagnostics bad;
    const Script unknown = parseOk(
        "---\ntitle: Агрессия\nkind: situational\nmark: злой\n---\n\n## Слушать\n\n> Слушаю.\n",
        bad);
    CHECK_FALSE(unknown.mark.has_value());
    CHECK(hasDiagnostic(bad, 4, "неизвестная отметка звонка «злой»"));
}

TEST_CASE("headings of level two and deeper are steps with GitHub anchors and lines") {
    Diagnostics diagnostics;
    const Script script = parseOk(kFull, diagnostics);
    REQUIRE(script.steps.size() == 3);
    CHECK(script.steps[0].id == "probe#начало");
    CHECK(script.steps[0].line == 12);
    CHECK(script.steps[1].anchor == "ответ");
    CHECK(script.steps[1].line == 33);
    CHECK(script.steps[2].anchor == "ответ-1"); // a repeated heading gets -1, like GitHub
}

TEST_CASE("a heading that reads like a numbered anchor still gets an anchor of its own") {
    // Found by fuzzing (tests/fuzz/corpus/script/two-scripts.md): «Итог-1» after two «Итог»
    // took the anchor of the second, and a way to it led to the other step.
    Diagnostics diagnostics;
    const Script script =
        parseOk("---\ntitle: Т\nkind: situational\n---\n## Итог\n\n## Итог\n\n## Итог-1\n\n"
                "[дальше](#итог-1-1)\n",
                diagnostics);
    REQUIRE(script.steps.size() == 3);
    CHECK(script.steps[1].anchor == "итог-1");
    CHECK(script.steps[2].anchor == "итог-1-1");
    CHECK(script.steps[2].id == "probe#итог-1-1");
    CHECK_FALSE(hasErrors(diagnostics));
}

TEST_CASE("diagnostics stay UTF-8 when YAML or a link cuts a letter in two") {
    // Found by fuzzing (tests/fuzz/corpus/script/anchor-cut-letter.md): yaml-cpp quotes one
    // byte of «Ж», and «#%D0» decoded to half a letter; both reached the diagnostics.
    Diagnostics diagnostics;
    const auto script = parseScript(kb::ScriptFile{"scripts/probe.md", "---\ntitle: \"\\Ж\"\n"
                                                                       "---\n## Шаг\n\n"
                                                                       "[дальше](#%D0%BF%D0)\n"},
                                    diagnostics);
    REQUIRE(script.has_value());
    CHECK(hasDiagnostic(diagnostics, 2, "заголовок YAML не читается"));
    CHECK(hasDiagnostic(diagnostics, 6, "«#%D0%BF%D0»"));
    for (const auto& d : diagnostics) {
        INFO(d.format());
        CHECK(core::findInvalidUtf8(d.message) == std::string::npos);
    }
}

TEST_CASE("front matter with a Latin-1 escape or a key that is a list is read, not thrown") {
    // Found by fuzzing: yaml-cpp writes `\_` as the single byte A0. Seen while fixing that: a
    // key such as `[a]` threw out of the parser (and `sufler lint`) instead of being reported.
    Diagnostics diagnostics;
    const auto script = parseScript(
        kb::ScriptFile{"scripts/probe.md",
                       "---\ntitle: \"Проба\\_\"\nkind: incoming\n? [a]\n: 1\n---\n## Шаг\n"},
        diagnostics);
    REQUIRE(script.has_value());
    CHECK(script->title == "Проба\uFFFD");
    CHECK(hasDiagnostic(diagnostics, 4, "неизвестный ключ", Severity::Warning));
}

TEST_CASE("a step heading without letters or digits is an error: no link can lead there") {
    // Found by fuzzing (tests/fuzz/corpus/script/empty-heading.md): «##» alone made a step with
    // an empty anchor, which no way and no step id could name.
    Diagnostics diagnostics;
    const auto script = parseScript(
        kb::ScriptFile{"scripts/probe.md",
                       "---\ntitle: Т\nkind: situational\n---\n## Начало\n\n##\n\n## ???\n"},
        diagnostics);
    REQUIRE(script.has_value());
    REQUIRE(script->steps.size() == 3);
    CHECK(hasDiagnostic(diagnostics, 7, "пустой заголовок шага"));
    CHECK(hasDiagnostic(diagnostics, 9, "нет ни букв, ни цифр"));
    CHECK_FALSE(hasDiagnostic(diagnostics, 5, "заголов"));
}

TEST_CASE("a script file whose name holds «#» is refused with an error") {
    // Found by fuzzing: the id of a step of `scripts/a#b.md` is `a#b#шаг`, which names the
    // script `a`; its steps could be found by no id and no link.
    Diagnostics diagnostics;
    const auto script = parseScript(
        kb::ScriptFile{"scripts/a#b.md", "---\ntitle: Т\nkind: situational\n---\n## Шаг\n"},
        diagnostics);
    CHECK_FALSE(script.has_value());
    CHECK(hasDiagnostic(diagnostics, 0, "«#»"));
}

TEST_CASE("blockquotes are the words, one per paragraph, placeholders kept") {
    Diagnostics diagnostics;
    const Script script = parseOk(kFull, diagnostics);
    const Step& start = script.steps[0];
    REQUIRE(start.words.size() == 2);
    CHECK(start.words[0].text ==
          "Здравствуйте! Горячая линия {организация}, меня зовут {оператор}. Чем могу помочь?");
    CHECK(start.words[0].line == 14);
    CHECK(start.words[1].text == "Вторая реплика.");
    REQUIRE(start.hints.size() == 2);
    CHECK(start.hints[0] == "Подсказка оператору: говорите спокойно.");
}

TEST_CASE("task items are required unless marked optional, with their own actions") {
    Diagnostics diagnostics;
    const Script script = parseOk(kFull, diagnostics);
    const Step& start = script.steps[0];
    REQUIRE(start.tasks.size() == 4);
    CHECK(start.tasks[0].text == "Выслушать абонента");
    CHECK(start.tasks[0].required);
    CHECK(start.tasks[0].line == 21);
    CHECK(start.tasks[1].text == "Записать номер");
    REQUIRE(start.tasks[1].actions.size() == 1);
    CHECK(start.tasks[1].actions[0].kind == ActionKind::Card);
    CHECK(start.tasks[1].actions[0].argument == "телефон");
    CHECK_FALSE(start.tasks[2].required);
    CHECK(start.tasks[2].checkedInSource);
    CHECK(hasDiagnostic(diagnostics, 23, "[x]", Severity::Warning));
    CHECK_FALSE(start.tasks[3].required);
}

TEST_CASE("links become ways on, actions and references") {
    Diagnostics diagnostics;
    const Script script = parseOk(kFull, diagnostics);
    const Step& start = script.steps[0];
    REQUIRE(start.ways.size() == 3);
    CHECK(start.ways[0].label == "Вопрос понятен");
    CHECK(start.ways[0].kind == WayKind::Step);
    CHECK(start.ways[0].target == "probe#ответ");
    CHECK(start.ways[0].line == 28);
    CHECK(start.ways[1].kind == WayKind::Script);
    CHECK(start.ways[1].targetScript == "transfer");
    CHECK(start.ways[1].targetAnchor == "выбор");
    CHECK(start.ways[2].targetScript == "deferred");
    CHECK(start.ways[2].targetAnchor.empty());
    REQUIRE(start.references.size() == 1);
    CHECK(start.references[0].href == "../directory/agencies.md#пфр");
    REQUIRE(start.actions.size() == 1);
    CHECK(start.actions[0].kind == ActionKind::Search);
    CHECK(start.actions[0].argument == "ЕДВ ветеранам");
    CHECK(start.allActions().size() == 2);
}

TEST_CASE("a survey question is a blockquote followed by a list of sufler:survey options") {
    Diagnostics diagnostics;
    const Script script = parseOk(kFull, diagnostics);
    const Step& answer = script.steps[1];
    REQUIRE(answer.survey.size() == 1);
    CHECK(answer.survey[0].text == "Получен ли ответ на Ваш вопрос?");
    CHECK(answer.survey[0].line == 37);
    CHECK(answer.survey[0].options == std::vector<std::string>{"да", "нет"});
    CHECK(answer.isEnd());
    CHECK_FALSE(answer.isTransfer());
    // The quote with the question is also said.
    CHECK(answer.words.size() == 2);
}

TEST_CASE("unknown placeholders, actions and card fields are errors on their line") {
    const std::string source = R"(---
title: Ошибки
kind: situational
---

## Шаг

> Добрый день, {неведомое}.

- [ ] Сделать [что-то](sufler:fly)
- [ ] Заполнить [поле](sufler:card/цвет)

[Конец](sufler:end/сразу)
)";
    Diagnostics diagnostics;
    (void)parseOk(source, diagnostics);
    CHECK(hasDiagnostic(diagnostics, 8, "{неведомое}"));
    CHECK(hasDiagnostic(diagnostics, 10, "sufler:fly"));
    CHECK(hasDiagnostic(diagnostics, 11, "цвет"));
    CHECK(hasDiagnostic(diagnostics, 13, "sufler:end"));
    for (const auto& d : diagnostics) {
        CHECK(d.path == "scripts/probe.md");
    }
}

TEST_CASE("survey options must follow a question and be bare links") {
    const std::string source = R"(---
title: Опрос
kind: situational
---

## Шаг

Без цитаты:

- [да](sufler:survey)

> Вопрос?

- [да](sufler:survey) и ещё текст
- [нет](sufler:survey)

И ответ в тексте [да](sufler:survey).

[Конец](sufler:end)
)";
    Diagnostics diagnostics;
    const Script script = parseOk(source, diagnostics);
    CHECK(hasDiagnostic(diagnostics, 10, "сразу после цитаты"));
    CHECK(hasDiagnostic(diagnostics, 14, "одна ссылка"));
    CHECK(hasDiagnostic(diagnostics, 17, "пунктом списка"));
    REQUIRE(script.steps[0].survey.size() == 1);
    CHECK(script.steps[0].survey[0].options == std::vector<std::string>{"нет"});
}

TEST_CASE("front matter problems: missing, bad kind, unknown key, missing start step") {
    Diagnostics noFront;
    (void)parseOk("## Шаг\n\n[Конец](sufler:end)\n", noFront);
    CHECK(hasDiagnostic(noFront, 1, "YAML"));

    Diagnostics bad;
    const Script script =
        parseOk("---\ntitle: X\nkind: inbound\nstart: нет-такого\ncolour: red\n---\n\n## Шаг\n\n"
                "[Конец](sufler:end)\n",
                bad);
    CHECK(hasDiagnostic(bad, 3, "inbound"));
    CHECK(hasDiagnostic(bad, 4, "нет-такого"));
    CHECK(hasDiagnostic(bad, 5, "colour", Severity::Warning));
    CHECK(script.start == "шаг"); // falls back to the first step

    Diagnostics broken;
    (void)parseOk("---\ntitle: [unclosed\n---\n\n## Шаг\n\n[Конец](sufler:end)\n", broken);
    CHECK(hasErrors(broken));
    CHECK(broken.front().line >= 2);
}

TEST_CASE("a file without steps is not a script") {
    Diagnostics diagnostics;
    const auto script = parseScript(
        kb::ScriptFile{"scripts/empty.md", "---\ntitle: Пусто\nkind: incoming\n---\n\nТекст.\n"},
        diagnostics);
    CHECK_FALSE(script.has_value());
    CHECK(hasDiagnostic(diagnostics, 1, "ни одного шага"));
}

TEST_CASE("links to missing steps of the same file and of other scripts are errors") {
    const std::vector<kb::ScriptFile> files{
        {"scripts/a.md", "---\ntitle: A\nkind: situational\n---\n\n## Один\n\n"
                         "- [Дальше](#два)\n- [В B](b.md#нет)\n- [В C](c.md)\n- [В B](b.md)\n"},
        {"scripts/b.md", "---\ntitle: B\nkind: situational\n---\n\n## Старт\n\n"
                         "[Конец](sufler:end)\n"},
    };
    Diagnostics diagnostics;
    const ScriptSet set = ScriptSet::load(files, diagnostics);
    CHECK(hasDiagnostic(diagnostics, 8, "#два"));
    CHECK(hasDiagnostic(diagnostics, 9, "b.md#нет"));
    CHECK(hasDiagnostic(diagnostics, 10, "c.md"));
    const Step* one = set.findStep("a#один");
    REQUIRE(one != nullptr);
    CHECK(one->ways[3].target == "b#старт"); // `b.md` alone resolves to its start
    CHECK(set.findStep("b") == &set.find("b")->startStep());
    CHECK(set.scriptOf(*one) == set.find("a"));
}

TEST_CASE("placeholders are filled from values and a phrase without its value is said without it") {
    Values values{{"оператор", "Анна"}, {"организация", "Минтруд"}};
    CHECK(fillPlaceholders("Линия {организация}, я {оператор}. {абонент}?", values) ==
          "Линия Минтруд, я Анна.");
    // the demo's own words, with the operator's name and the caller's unknown
    const Values noNames{{"организация", "Минтруд"}, {"абонент", ""}};
    CHECK(fillPlaceholders("Здравствуйте! Горячая линия: {организация}. Меня зовут {оператор}. "
                           "Чем могу помочь?",
                           noNames) == "Здравствуйте! Горячая линия: Минтруд. Чем могу помочь?");
    CHECK(fillPlaceholders("Здравствуйте! {организация}, горячая линия, меня зовут {оператор}. "
                           "Могу я поговорить с {абонент}?",
                           noNames) == "Здравствуйте! Минтруд, горячая линия.");
    CHECK(fillPlaceholders("{абонент}, расскажите, пожалуйста, что произошло. Я Вас слушаю.",
                           noNames) == "Расскажите, пожалуйста, что произошло. Я Вас слушаю.");
    CHECK(fillPlaceholders("Итак, {абонент}, подведу итог нашего разговора.", noNames) ==
          "Итак, подведу итог нашего разговора.");
    CHECK(fillPlaceholders("Слушаю Вас, {абонент}.", noNames) == "Слушаю Вас.");
    CHECK(fillPlaceholders("{абонент}, одну минуту… я уточню {тема}!", noNames) == "Одну минуту…");
    CHECK(fillPlaceholders("{абонент}, по теме «{тема}».", {{"абонент", "Мария Ивановна"}}) == "");
    CHECK(fillPlaceholders("{абонент}, ёлки; иначе {оператор}.", noNames) == "Ёлки.");
    // the same text with every value known is only filled
    const Values all{
        {"организация", "Минтруд"}, {"оператор", "Анна"}, {"абонент", "Мария Ивановна"}};
    CHECK(fillPlaceholders("Итак, {абонент}, меня зовут {оператор}.", all) ==
          "Итак, Мария Ивановна, меня зовут Анна.");
    for (const char* text : {"Меня зовут {оператор}.", "{абонент}, привет", "{неизвестное}, да.",
                             "А {x}. Б, {y}; в."}) {
        INFO(text);
        CHECK(fillPlaceholders(text, {}).find('{') == std::string::npos);
    }
    CHECK(fillPlaceholders("Шаблон {{ФИО}} не трогаем", values) == "Шаблон {{ФИО}} не трогаем");
    // a value that ends its sentence is not given a second full stop
    CHECK(fillPlaceholders("Как добраться: {путь}. До встречи.",
                           {{"путь", "Автобус 5, третий этаж."}}) ==
          "Как добраться: Автобус 5, третий этаж. До встречи.");
    CHECK(fillPlaceholders("Как добраться: {путь}.", {{"путь", "Автобус 5"}}) ==
          "Как добраться: Автобус 5.");
    CHECK(placeholdersIn("{а} и {б_в} и {не это} и {{г}}") == std::vector<std::string>{"а", "б_в"});
    kb::Profile profile;
    profile.organization = "Министерство";
    profile.hotline = "8-800";
    const Values fromProfile = profileValues(profile);
    CHECK(fromProfile.at("организация") == "Министерство");
    CHECK(fromProfile.at("организация_кратко") == "Министерство");
    CHECK(fromProfile.at("телефон_линии") == "8-800");
    CHECK_FALSE(fromProfile.contains("часы_работы"));
}

TEST_CASE("names of script kinds and sufler: actions round-trip through the vocabulary") {
    for (const auto kind : {ScriptKind::Incoming, ScriptKind::Outgoing, ScriptKind::Situational}) {
        CHECK(parseScriptKind(kindName(kind)) == kind);
    }
    CHECK(kindTitleRu(ScriptKind::Outgoing) == "исходящий звонок");
    CHECK_FALSE(parseScriptKind("Incoming").has_value());
    CHECK(kindName(static_cast<ScriptKind>(9)) == "situational");

    for (const auto action :
         {ActionKind::Search, ActionKind::Contacts, ActionKind::Card, ActionKind::Transfer,
          ActionKind::Callback, ActionKind::Booking, ActionKind::Survey, ActionKind::End}) {
        CHECK(parseActionName(actionName(action)) == action);
    }
    CHECK(actionName(ActionKind::Callback) == "callback");
    CHECK_FALSE(parseActionName("finish").has_value());
    CHECK_FALSE(parseActionName("").has_value());
    CHECK(actionName(static_cast<ActionKind>(99)) == "search");
}
