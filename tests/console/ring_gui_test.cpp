// A PBX's ring reaching a running sufler-app under Xvfb: `sufler call ring`, as a dialplan runs
// it, with the console's own $XDG_RUNTIME_DIR; what the console did is read from its state file.
#include "gui_harness.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

using namespace sufler::test;
namespace fs = std::filesystem;

namespace {

void waitReady(ConsoleApp& app) {
    app.waitForWindow();
    app.waitFor(
        "индекс готов", [](const Json& s) { return s["indexReady"] == true; }, 60s);
}

// `sufler call ring` for this console; returns its exit code.
int ring(const ConsoleApp& app, const std::string& phone, const std::string& line) {
    const auto result =
        runCommand("XDG_RUNTIME_DIR=" + quote(app.runtimeDir().string()) + " " +
                       quote(binary("sufler").string()) + " call ring --phone " + quote(phone) +
                       (line.empty() ? std::string() : " --line " + quote(line)),
                   true);
    INFO(result.output);
    CHECK(result.output.find(result.exitCode == 0 ? "передан пульту" : "не принят") !=
          std::string::npos);
    return result.exitCode;
}

// Tab from field to field until `where` has the keyboard, one key at a time: on a busy
// machine a burst of keys may arrive within one frame.
void tabTo(ConsoleApp& app, const std::string& where) {
    for (int i = 0; i < 12; ++i) {
        const std::string before = app.state()["focus"].get<std::string>();
        if (before == where)
            return;
        app.key("Tab");
        app.waitFor("следующее поле после " + before,
                    [&](const Json& s) { return s["focus"] != before && s["focus"] != ""; });
    }
}

} // namespace

TEST_CASE("console: a ring to an idle console opens a new call card with the number, and the "
          "caller's history shows on the next ring from the same phone",
          "[gui][ring]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
    waitReady(app);
    CHECK(app.state()["ring"]["listening"] == true);
    CHECK(app.state()["call"]["active"] == false);

    REQUIRE(ring(app, "8 (903) 555-12-34", "3") == 0);
    const Json opened = app.waitFor("карточка звонка с АТС", [](const Json& s) {
        return s["call"]["active"] == true && s["call"]["phone"] == "+7 903 555-12-34";
    });
    CHECK(opened["call"]["number"] == 1);
    CHECK(opened["call"]["operatorName"] == "Петрова Анна Сергеевна");
    CHECK(opened["ring"]["lastLine"] == "3");
    CHECK(opened["ring"]["waiting"].empty());
    CHECK(opened["message"].get<std::string>().find("Звонок с АТС: +7 903 555-12-34 (линия 3)") !=
          std::string::npos);
    app.waitFor("история по номеру прочитана", [](const Json& s) {
        return s["history"]["phone"] == "+79035551234" && s["history"]["calls"].empty();
    });
    // the call is said and ended as any other
    app.key("ctrl+k");
    app.waitFor("карточка", [](const Json& s) { return s["focus"] == "card:Телефон"; });
    tabTo(app, "card:Вопрос");
    app.typeWhere("card:Вопрос", "Компенсация за уголь");
    app.key("ctrl+e");
    app.answerSurvey(1, 1);

    // the same citizen rings again: a new card, and the first call under it
    REQUIRE(ring(app, "+79035551234", "") == 0);
    const Json again = app.waitFor("второй звонок и его история", [](const Json& s) {
        return s["call"]["number"] == 2 && s["call"]["closed"] == false &&
               s["history"]["calls"].size() == 1;
    });
    CHECK(again["call"]["phone"] == "+7 903 555-12-34");
    CHECK(again["history"]["calls"][0]["call"] == 1);
    CHECK(again["history"]["calls"][0]["question"] == "Компенсация за уголь");
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
    // the console took its socket with it: the PBX's command now says nobody listens
    const auto after =
        runCommand("XDG_RUNTIME_DIR=" + quote(app.runtimeDir().string()) + " " +
                       quote(binary("sufler").string()) + " call ring --phone 89035551234",
                   true);
    CHECK(after.exitCode == 4);
    CHECK(after.output.find("консоль суфлёра не запущена на этом рабочем месте") !=
          std::string::npos);
}

TEST_CASE("console: a ring during a call waits in the status line without taking the keyboard, "
          "and F7 opens its card",
          "[gui][ring]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
    waitReady(app);
    app.key("ctrl+n");
    app.waitFor("звонок 1", [](const Json& s) { return s["call"]["number"] == 1; });
    app.key("ctrl+k");
    app.typeWhere("card:Телефон", "8 900 111 22 33");
    app.waitFor("телефон набран",
                [](const Json& s) { return s["call"]["phone"] == "8 900 111 22 33"; });
    tabTo(app, "card:Вопрос");
    app.typeWhere("card:Вопрос", "Пособие");

    REQUIRE(ring(app, "+7 903 555-12-34", "SIP/100-0000001") == 0);
    const Json waiting = app.waitFor(
        "входящий ждёт", [](const Json& s) { return s["ring"]["waiting"].size() == 1; });
    CHECK(waiting["ring"]["status"].get<std::string>().find(
              "входящий: +7 903 555-12-34 (линия SIP/100-0000001)") != std::string::npos);
    // the call in progress is as it was, and the keyboard still types into it
    CHECK(waiting["call"]["number"] == 1);
    CHECK(waiting["call"]["phone"] == "8 900 111 22 33");
    CHECK(waiting["focus"] == "card:Вопрос");
    app.type(" на ребёнка");
    app.waitFor("вопрос дописан", [](const Json& s) {
        return s["call"]["question"] == "Пособие на ребёнка" && s["call"]["number"] == 1;
    });
    CHECK(app.state()["ring"]["waiting"].size() == 1);
    app.screenshot(home.path() / "ring-waiting.png");

    // F7: the call on the card is not ended by one key — the first press warns
    app.key("F7");
    app.waitFor("предупреждение", [](const Json& s) {
        return s["message"].get<std::string>().find("F7 ещё раз") != std::string::npos;
    });
    CHECK(app.state()["call"]["number"] == 1);
    CHECK(app.state()["ring"]["waiting"].size() == 1);
    app.key("F7");
    const Json taken = app.waitFor("карточка входящего", [](const Json& s) {
        return s["call"]["number"] == 2 && s["call"]["phone"] == "+7 903 555-12-34";
    });
    CHECK(taken["ring"]["waiting"].empty());
    CHECK(taken["ring"]["status"] == "");
    CHECK(taken["ring"]["lastLine"] == "SIP/100-0000001");
    app.waitFor("история по номеру прочитана",
                [](const Json& s) { return s["history"]["phone"] == "+79035551234"; });
}

TEST_CASE("console: a ring to a console in training is shown as another operator's call and F7 "
          "does not take it into training",
          "[gui][ring]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--training", "--seed", "5"});
    app.waitForWindow();
    app.waitFor("имя обучаемого", [](const Json& s) {
        return s["training"]["screen"] == "name" && s["training"]["nameActive"].get<bool>();
    });
    app.type("Обучаемая Тестова");
    app.key("Return");
    app.waitFor(
        "меню обучения и индекс",
        [](const Json& s) {
            return s["training"]["screen"] == "menu" && s["indexReady"].get<bool>();
        },
        60s);
    CHECK(app.state()["ring"]["listening"] == true);

    // the PBX is told the call is not taken here (code 5), so that it goes on to another operator
    REQUIRE(ring(app, "+7 903 555-77-88", "5") == 5);
    const Json shown = app.waitFor("звонок с АТС показан",
                                   [](const Json& s) { return s["ring"]["waiting"].size() == 1; });
    const std::string status = shown["ring"]["status"];
    CHECK(status.find("+7 903 555-77-88 (линия 5)") != std::string::npos);
    CHECK(status.find("идёт обучение — звонок примет другой оператор") != std::string::npos);
    CHECK(status.find("F7 — принять") == std::string::npos);
    CHECK(shown["message"].get<std::string>().find("идёт обучение") != std::string::npos);
    CHECK(shown["call"]["active"] == false); // no card opened for the citizen

    // free work with the KB (the menu closed): F7 acts there, and refuses
    app.key("F2");
    app.waitFor("меню закрыто", [](const Json& s) { return s["training"]["overlay"] == false; });
    app.key("F7");
    const Json refused = app.waitFor("F7 не принимает звонок", [](const Json& s) {
        return s["message"].get<std::string>().find("Идёт обучение: звонок с АТС здесь не "
                                                    "принимается") != std::string::npos;
    });
    CHECK(refused["call"]["active"] == false);
    CHECK(refused["ring"]["waiting"].size() == 1);
    CHECK(refused["ring"]["lastPhone"] == "");
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
}
