// The rules of a call without a window: the session over the real journal (a SQLite file in a
// temp folder), its worker tasks run in the test's thread.
#include "console/call_session.h"
#include "console/journal_client.h"

#include "sufler/journal/journal.h"
#include "sufler/kb/model.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <deque>

using namespace sufler;
using namespace sufler::console;

namespace {

const char* kIncoming = R"(---
title: Входящий звонок
kind: incoming
---

## Приветствие

> Горячая линия, слушаю Вас.

- [Вопрос ясен](#итог)
- [Нужен специалист](#перевод)

## Перевод

> Соединяю Вас со специалистом.

- [ ] Переключить [звонок](sufler:transfer)

- [Ещё специалист](#перевод)
- [Звонок вернулся](#итог)

## Итог

> Получен ли ответ на Ваш вопрос?

- [да](sufler:survey)
- [нет](sufler:survey)

> Оцените качество работы консультанта

- [удовлетворен](sufler:survey)
- [частично удовлетворен](sufler:survey)
- [не удовлетворен](sufler:survey)

[Завершить разговор](sufler:end)
)";

std::shared_ptr<const KbSnapshot> makeSnapshot() {
    auto snapshot = std::make_shared<KbSnapshot>();
    snapshot->kb = std::make_shared<kb::KnowledgeBase>();
    Diagnostics diagnostics;
    snapshot->scripts = std::make_shared<const scripts::ScriptSet>(
        scripts::ScriptSet::load({{"scripts/incoming.md", kIncoming}}, diagnostics));
    return snapshot;
}

kb::Entry contact(std::string id, std::string name, std::string phone) {
    kb::Entry entry;
    entry.id = "departments/szn/contacts.md#" + std::move(id);
    entry.kind = kb::EntryKind::Contact;
    entry.department = "szn";
    entry.title = name;
    entry.fields = {{"ФИО", std::move(name)},
                    {"Организация", "Отдел соцзащиты"},
                    {"Телефон", std::move(phone)}};
    return entry;
}

// A console without a window: the journal's worker tasks run at once, what they hand back
// to the UI waits until `drain`, as it waits for the next frame in the console.
struct Desk {
    std::filesystem::path journalPath;
    std::deque<std::function<void()>> forUi;
    std::vector<std::string> messages;
    std::vector<CardField> focused;
    std::unique_ptr<JournalClient> client;
    std::unique_ptr<CallSession> session;

    // `dataFolder`: the workstation's (its id and lock); the journal's folder when not given.
    explicit Desk(std::filesystem::path path, std::filesystem::path dataFolder = {})
        : journalPath(std::move(path)) {
        TaskQueue tasks{[](std::function<void()> task) { task(); },
                        [this](std::function<void()> task) { forUi.push_back(std::move(task)); }};
        client = std::make_unique<JournalClient>(
            journalPath, std::move(tasks), [this](std::string text) { say(std::move(text)); },
            dataFolder.empty() ? journalPath.parent_path() : dataFolder);
        SessionHooks hooks;
        hooks.message = [this](std::string text) { say(std::move(text)); };
        hooks.focusField = [this](CardField field) { focused.push_back(field); };
        session = std::make_unique<CallSession>(*client, std::move(hooks));
        session->setSnapshot(makeSnapshot());
    }

    void say(std::string text) { messages.push_back(std::move(text)); }
    void drain() {
        while (!forUi.empty()) {
            auto task = std::move(forUi.front());
            forUi.pop_front();
            task();
        }
    }
    [[nodiscard]] const std::string& lastMessage() const {
        static const std::string none;
        return messages.empty() ? none : messages.back();
    }
    // One frame: what changed is saved, what came back is taken in.
    void frame() {
        session->saveIfChanged();
        drain();
    }
    void choose(const std::string& label) {
        const auto& ways = session->run()->ways();
        for (std::size_t i = 0; i < ways.size(); ++i)
            if (ways[i].label == label) {
                session->chooseWay(i);
                frame();
                return;
            }
        FAIL("no way «" << label << "» at " << session->run()->current().id);
    }
};

std::vector<journal::IncomingCall> calls(const std::filesystem::path& path) {
    return journal::Journal::open(path).incomingCalls();
}

} // namespace

TEST_CASE("call session: a whole call — numbered by the journal, the script, the survey, closed",
          "[session]") {
    test::TempDir dir;
    Desk desk(dir.path() / "journal.sqlite");
    auto& session = *desk.session;

    session.newCall("Иванова А. А.");
    desk.drain();
    REQUIRE(session.card().active);
    CHECK(session.card().number == 1); // the journal's number of the year
    REQUIRE(session.run());
    CHECK(session.run()->current().id == "incoming#приветствие");
    {
        const auto stored = calls(desk.journalPath);
        REQUIRE(stored.size() == 1);
        CHECK(stored[0].closedAt.empty());
        CHECK(stored[0].operatorName == "Иванова А. А.");
    }

    session.card().phone = "+7 900 000-00-01";
    session.card().question = "Как оформить пособие?";
    session.cardChanged();
    desk.choose("Вопрос ясен");
    CHECK(session.run()->current().id == "incoming#итог");

    // Ctrl+E before the survey: it asks the first question instead of closing
    session.endCall();
    CHECK(session.surveyMode());
    CHECK_FALSE(session.card().closed);
    CHECK(desk.lastMessage().find("Получен ли ответ на Ваш вопрос?") != std::string::npos);

    // the script step's survey takes the digits first; the card gets the same answers
    session.setSurveyMode(false);
    CHECK(session.surveyKeysActive());
    session.answerSurvey(0); // да
    session.answerSurvey(1); // частично удовлетворен
    desk.frame();
    CHECK(session.card().survey[0] == 0);
    CHECK(session.card().survey[1] == 1);
    CHECK(session.card().surveyComplete());

    session.endCall();
    desk.drain();
    CHECK(session.card().closed);
    CHECK(desk.lastMessage().find("Звонок № 1 завершён") != std::string::npos);

    const auto stored = calls(desk.journalPath);
    REQUIRE(stored.size() == 1);
    CHECK_FALSE(stored[0].closedAt.empty());
    CHECK(stored[0].phone == "+7 900 000-00-01");
    CHECK(stored[0].question == "Как оформить пособие?");
    CHECK(stored[0].script == "incoming");
    CHECK(stored[0].survey.answered == journal::Answered::Yes);
    CHECK(stored[0].survey.satisfaction == journal::Satisfaction::PartlySatisfied);
    CHECK(journal::Journal::open(desk.journalPath).openCalls().empty());

    // the next call gets the next number
    session.newCall("Иванова А. А.");
    desk.drain();
    CHECK(session.card().number == 2);
}

TEST_CASE("call session: transfers — a script step counts one, Ctrl+T names it, the third is "
          "refused",
          "[session]") {
    test::TempDir dir;
    Desk desk(dir.path() / "journal.sqlite");
    auto& session = *desk.session;
    session.newCall("Петров П. П.");
    desk.drain();

    desk.choose("Нужен специалист");
    REQUIRE(session.card().transfers.size() == 1);
    CHECK(session.card().transfers[0].viaScript);
    CHECK(session.card().transfers[0].name.empty());

    // on the transfer step, Ctrl+T on a contact names the transfer the step counted
    const kb::Entry first = contact("sidorov", "Сидоров С. С.", "+7 900 111-11-11");
    session.transfer(&first, "Соцзащита");
    REQUIRE(session.card().transfers.size() == 1);
    CHECK(session.card().transfers[0].name == "Сидоров С. С.");
    CHECK(session.card().organizations == "Отдел соцзащиты");
    CHECK(desk.lastMessage() == "Перевод 1 из 2: Сидоров С. С. +7 900 111-11-11");

    desk.choose("Звонок вернулся");
    const kb::Entry second = contact("orlova", "Орлова О. О.", "+7 900 222-22-22");
    session.transfer(&second, "Соцзащита");
    CHECK(session.card().transfers.size() == 2);

    // the third is refused (the script's ways: the next test)
    const kb::Entry third = contact("kuznetsov", "Кузнецов К. К.", "+7 900 333-33-33");
    session.transfer(&third, "Соцзащита");
    CHECK(session.card().transfers.size() == 2);
    CHECK(desk.lastMessage() == "Не более 2 переводов за звонок");

    desk.frame();
    const auto stored = calls(desk.journalPath);
    REQUIRE(stored.size() == 1);
    REQUIRE(stored[0].transfers.size() == 2);
    CHECK(stored[0].transfers[0].to == "Сидоров С. С., Отдел соцзащиты");
    CHECK(stored[0].transfers[1].to == "Орлова О. О., Отдел соцзащиты");

    // a contact is needed, and a call
    session.transfer(nullptr, "");
    CHECK(desk.lastMessage().find("Откройте контакт") != std::string::npos);
}

TEST_CASE("call session: transfers by the script alone stop at two", "[session]") {
    test::TempDir dir;
    Desk desk(dir.path() / "journal.sqlite");
    auto& session = *desk.session;
    session.newCall("Петров П. П.");
    desk.choose("Нужен специалист");
    desk.choose("Ещё специалист");
    CHECK(session.card().transfers.size() == 2);
    const auto step = session.run()->current().id;
    desk.choose("Ещё специалист");
    CHECK(desk.lastMessage() == "Не более 2 переводов за звонок");
    CHECK(session.card().transfers.size() == 2);
    CHECK(session.run()->current().id == step);
    // back over a transfer step: that transfer did not happen
    session.scriptBack();
    CHECK(session.card().transfers.size() == 1);
}

TEST_CASE("call session: a console that did not close takes its call up again, card and step",
          "[session]") {
    test::TempDir dir;
    const auto path = dir.path() / "journal.sqlite";
    int number = 0;
    {
        Desk desk(path);
        desk.session->newCall("Иванова А. А.");
        desk.drain();
        number = desk.session->card().number;
        desk.session->card().phone = "+7 900 000-00-02";
        desk.session->card().callerName = "Смирнова Мария";
        desk.session->cardChanged();
        desk.choose("Нужен специалист");
        desk.frame();
        // the process dies here: no close(), no survey
    }
    REQUIRE(std::filesystem::exists(path.string() + ".run.json"));

    Desk desk(path);
    auto& session = *desk.session;
    session.resume();
    desk.drain();
    REQUIRE(session.card().active);
    CHECK_FALSE(session.card().closed);
    CHECK(session.card().number == number);
    CHECK(session.card().phone == "+7 900 000-00-02");
    CHECK(session.card().callerName == "Смирнова Мария");
    REQUIRE(session.card().transfers.size() == 1);
    CHECK(session.card().transfers[0].viaScript);
    REQUIRE(session.run());
    CHECK(session.run()->current().id == "incoming#перевод");
    CHECK(desk.lastMessage().find("скрипт на том же шаге") != std::string::npos);

    // the call goes on where it was and is closed once, with its survey
    desk.choose("Звонок вернулся");
    session.card().question = "Выплата многодетным";
    session.cardChanged();
    session.answerSurvey(1); // нет
    session.answerSurvey(2); // не удовлетворен
    session.endCall();
    desk.drain();
    CHECK(session.card().closed);
    const auto stored = calls(path);
    REQUIRE(stored.size() == 1);
    CHECK_FALSE(stored[0].closedAt.empty());
    CHECK(stored[0].survey.answered == journal::Answered::No);
    CHECK_FALSE(std::filesystem::exists(path.string() + ".run.json"));

    // nothing left open: the next start takes nothing up
    Desk later(path);
    later.session->resume();
    later.drain();
    CHECK_FALSE(later.session->card().active);
}

TEST_CASE("call session: a second console on the same journal does not take the first's live "
          "call",
          "[session]") {
    test::TempDir dir;
    const auto path = dir.path() / "journal.sqlite";
    Desk first(path, dir.path() / "desk-a");
    first.session->newCall("Иванова А. А.");
    first.drain();
    const int number = first.session->card().number;
    first.session->card().question = "Пособие на ребёнка";
    first.session->cardChanged();
    first.frame();

    // another workstation: nothing of its own to take back
    Desk second(path, dir.path() / "desk-b");
    second.session->resume();
    second.drain();
    CHECK_FALSE(second.session->card().active);
    for (const auto& said : second.messages)
        CHECK(said.find("не был завершён") == std::string::npos);
    // a second console of the same workstation, the first still running: not taken either
    Desk same(path, dir.path() / "desk-a");
    same.session->resume();
    same.drain();
    CHECK_FALSE(same.session->card().active);

    // the first goes on and closes its call; the card is as it typed it
    first.session->card().note = "перезвонить не нужно";
    first.session->cardChanged();
    first.frame();
    first.session->answerSurvey(0);
    first.session->answerSurvey(0);
    first.session->endCall();
    first.drain();
    const auto stored = calls(path);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].number == number);
    CHECK(stored[0].question == "Пособие на ребёнка");
    CHECK(stored[0].note == "перезвонить не нужно");
    CHECK_FALSE(stored[0].closedAt.empty());
}

TEST_CASE("call session: a deferred answer needs the phone and the hours, is booked once and "
          "extended once",
          "[session]") {
    test::TempDir dir;
    Desk desk(dir.path() / "journal.sqlite");
    auto& session = *desk.session;

    session.deferAnswer();
    CHECK(desk.lastMessage() == "Звонка нет: Ctrl+N — новый звонок");

    session.newCall("Иванова А. А.");
    desk.drain();
    session.deferAnswer();
    REQUIRE_FALSE(desk.focused.empty());
    CHECK(desk.focused.back() == CardField::Phone);
    session.card().phone = "+7 900 000-00-03";
    session.cardChanged();
    session.deferAnswer();
    CHECK(desk.focused.back() == CardField::ConvenientHours);
    CHECK(session.card().deferredDue.empty());

    session.card().convenientHours = "после 17:00";
    session.cardChanged();
    session.deferAnswer();
    desk.drain();
    REQUIRE_FALSE(session.card().deferredDue.empty());
    CHECK(desk.lastMessage().find("Обратный звонок назначен: до " + session.card().deferredDue) ==
          0);

    auto journal = journal::Journal::open(desk.journalPath);
    const auto stored = journal.incomingCalls();
    REQUIRE(stored.size() == 1);
    const auto deferred = journal.deferred(stored[0].id);
    REQUIRE(deferred);
    CHECK(deferred->phone == "+7 900 000-00-03");
    CHECK(deferred->convenientHours == "после 17:00");
    CHECK(formatRussianDate(deferred->due) == session.card().deferredDue);

    session.deferAnswer();
    CHECK(desk.lastMessage().find("Обратный звонок уже назначен") == 0);

    const std::string due = session.card().deferredDue;
    session.extendDeferred();
    desk.drain();
    CHECK(session.card().deferredExtended);
    CHECK(session.card().deferredDue != due);
    const auto extended = journal::Journal::open(desk.journalPath).deferred(stored[0].id);
    REQUIRE(extended);
    REQUIRE(extended->extendedTo);
    CHECK(formatRussianDate(*extended->extendedTo) == session.card().deferredDue);
    session.extendDeferred();
    CHECK(desk.lastMessage().find("Срок уже продлён") == 0);
}

TEST_CASE("call session: a call with no question is closed only once the operator confirms it",
          "[session]") {
    test::TempDir dir;
    Desk desk(dir.path() / "journal.sqlite");
    auto& session = *desk.session;
    session.newCall("Иванова А. А.");
    desk.drain();
    desk.choose("Вопрос ясен");
    session.answerSurvey(0);
    session.answerSurvey(0);
    desk.frame();
    REQUIRE(session.card().surveyComplete());
    session.card().question = "  ";
    session.cardChanged();

    // the first Ctrl+E says what is missing and puts the keyboard in the question field
    session.endCall();
    desk.frame();
    CHECK_FALSE(session.card().closed);
    CHECK(desk.lastMessage().find("Вопрос абонента не записан") != std::string::npos);
    REQUIRE_FALSE(desk.focused.empty());
    CHECK(desk.focused.back() == CardField::Question);
    CHECK(calls(desk.journalPath)[0].closedAt.empty());
    // the second closes it as it is
    session.endCall();
    desk.frame();
    CHECK(session.card().closed);
    CHECK_FALSE(calls(desk.journalPath)[0].closedAt.empty());

    // the next call asks again; one with its question written is closed at once
    session.newCall("Иванова А. А.");
    desk.drain();
    desk.choose("Вопрос ясен");
    session.answerSurvey(0);
    session.answerSurvey(0);
    session.endCall();
    CHECK_FALSE(session.card().closed);
    session.card().question = "Субсидия ЖКУ";
    session.cardChanged();
    session.endCall();
    desk.frame();
    CHECK(session.card().closed);
}
