// Training mode end to end: a real sufler-app --training in Xvfb, driven with the keyboard by
// xdotool (the console tests' harness) — an entry studied from the plan, then a one-call exam
// taken on the real search and the real incoming script, the result screen photographed and
// checked not blank, and the score found in training.sqlite while the call journal stays
// untouched.
#include "sufler/training/store.h"

#include "gui_harness.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <string_view>
#include <thread>

using namespace sufler::test;
namespace fs = std::filesystem;

namespace {

// The caller's words as keys can type them: letters, digits and spaces.
std::string searchable(const std::string& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto c = static_cast<unsigned char>(words[i]);
        if (c >= 0x80 || std::isalnum(c) || c == ' ')
            out += words[i];
        else
            out += ' ';
    }
    // «» and — are multi-byte too: drop those
    for (const std::string_view sign : {"«", "»", "—", "–", "…", "№"}) {
        std::string kept;
        for (std::size_t at = 0; at < out.size();) {
            if (out.compare(at, sign.size(), sign) == 0) {
                kept += ' ';
                at += sign.size();
            } else {
                kept += out[at++];
            }
        }
        out = std::move(kept);
    }
    return out;
}

} // namespace

TEST_CASE("training mode under Xvfb: study an entry, take a one-call exam by keyboard, see the "
          "result") {
    TempDir home;
    Xvfb x;
    const std::string trainee = "Обучаемая Тестова";
    ConsoleApp app(x, home.path(),
                   {"--training", "--exam-calls", "1", "--seed", "5", "--read-seconds", "1"});
    app.waitForWindow();
    app.waitFor("the trainee's name asked", [](const Json& s) {
        return s["training"]["screen"] == "name" && s["training"]["nameActive"].get<bool>();
    });
    app.type(trainee);
    app.key("Return");
    app.waitFor(
        "the training menu and a ready index",
        [&](const Json& s) {
            return s["training"]["screen"] == "menu" && s["training"]["trainee"] == trainee &&
                   s["indexReady"].get<bool>() && s["kbGeneration"].get<int>() > 0;
        },
        30s);

    // «что изменилось» before any study: told to study the plan first; Esc back to the menu
    app.key("2");
    app.waitFor("the changes screen",
                [](const Json& s) { return s["training"]["screen"] == "changes"; });
    app.key("Escape");
    app.waitFor("the training menu again", [](const Json& s) {
        return s["training"]["screen"] == "menu" && s["indexReady"].get<bool>() &&
               s["kbGeneration"].get<int>() > 0;
    });

    // study: the plan, the first entry left, kept open until it counts as read
    app.key("1");
    app.waitFor("the study plan", [](const Json& s) { return s["training"]["screen"] == "plan"; });
    app.key("Return");
    app.waitFor("an entry read from the plan",
                [](const Json& s) { return s["training"]["read"].get<int>() == 1; });
    app.key("F2");
    app.waitFor("the menu again", [](const Json& s) {
        return s["training"]["screen"] == "menu" && s["training"]["overlay"].get<bool>();
    });

    // the exam: one simulated call on the real incoming script
    app.key("4");
    Json s = app.waitFor("a training call", [](const Json& s) {
        return s["training"]["screen"] == "call" && s["call"]["active"].get<bool>() &&
               s["script"]["id"] == "incoming";
    });
    const std::string expected = s["training"]["expected"];
    const std::string question = s["training"]["question"];
    REQUIRE_FALSE(expected.empty());

    // the greeting half done: the line and the name are not said
    app.key("ctrl+1 alt+1");
    app.waitFor("needs discovery",
                [](const Json& s) { return s["script"]["stepTitle"] == "Выяснение потребности"; });
    app.key("ctrl+1 ctrl+2 ctrl+3 ctrl+4 ctrl+5 ctrl+6 ctrl+7 alt+1"); // → searching
    app.waitFor("the search step",
                [](const Json& s) { return s["script"]["stepTitle"] == "Поиск ответа"; });
    app.key("ctrl+f");
    app.type(searchable(question));
    s = app.waitFor("the right entry among the results", [&](const Json& s) {
        if (s["resultsFor"] != s["query"] || s["query"].get<std::string>().empty())
            return false;
        for (const auto& id : s["results"])
            if (id == expected)
                return true;
        return false;
    });
    for (int i = 0; i < 20 && app.state()["selected"] != expected; ++i) {
        app.key("Down");
        std::this_thread::sleep_for(60ms);
    }
    app.key("Return");
    app.waitFor("the right entry opened", [&](const Json& s) {
        return s["entry"] == expected && s["training"]["found"].get<bool>();
    });

    app.key("ctrl+1 ctrl+2 alt+1"); // → the answer
    app.waitFor("the answer step",
                [](const Json& s) { return s["script"]["stepTitle"] == "Ответ"; });
    app.key("ctrl+1 ctrl+2 ctrl+3 alt+1"); // → summing up
    app.waitFor("summing up",
                [](const Json& s) { return s["script"]["stepTitle"] == "Обобщение"; });
    app.key("ctrl+1 ctrl+2 alt+1"); // → the survey
    app.waitFor("the survey",
                [](const Json& s) { return s["script"]["stepTitle"] == "Опрос о качестве"; });
    app.key("1");
    app.waitFor("the first survey answer",
                [](const Json& s) { return s["script"]["survey"].size() == 1; });
    app.key("1");
    app.waitFor("both survey answers", [](const Json& s) {
        return s["script"]["survey"].size() == 2 && s["call"]["survey"][1].is_string();
    });
    app.key("alt+1"); // → farewell
    app.waitFor("farewell", [](const Json& s) { return s["script"]["stepTitle"] == "Прощание"; });
    app.key("ctrl+1 ctrl+2 ctrl+e");

    s = app.waitFor("the result screen, stored", [](const Json& s) {
        return s["training"]["screen"] == "result" && s["training"]["storedCalls"] == 1;
    });
    const double score = s["training"]["lastScore"];
    const std::string missed = s["training"]["lastMissed"].dump();
    INFO("missed: " << missed);
    // all but one greeting item of the script (and perhaps a little time spent typing)
    CHECK(score < 100);
    CHECK(score > 80);
    CHECK(missed.find("Назвать горячую линию") != std::string::npos);
    CHECK(missed.find("нужная запись не открыта") == std::string::npos);
    CHECK(missed.find("анкеты") == std::string::npos);
    CHECK(s["training"]["lastExpected"] == expected);
    CHECK(s["call"]["closed"].get<bool>());

    std::this_thread::sleep_for(300ms); // the frame after the store's answer
    app.screenshot(fs::path(SUFLER_BIN_DIR).parent_path() / "tests" / "training-result.png");

    app.key("Return"); // the last call: on to the exam's total
    app.waitFor("the exam total",
                [](const Json& s) { return s["training"]["screen"] == "examEnd"; });
    // the trainer's report in the console: this exam is in it
    app.key("Return");
    app.waitFor("the menu after the exam", [](const Json& s) {
        return s["training"]["screen"] == "menu" && s["training"]["overlay"].get<bool>();
    });
    app.key("5");
    app.waitFor("the trainer's report with this exam", [&](const Json& s) {
        const std::string report = s["training"]["report"];
        return report.find(trainee) != std::string::npos &&
               report.find("учебных сессий: 1, звонков: 1") != std::string::npos;
    });
    app.key("ctrl+q");
    INFO("log: " << app.stderrText());
    CHECK(app.waitExit(10s) == 0);

    auto store = sufler::training::TrainingStore::open(home.path() / "training.sqlite");
    const auto report = store.report(trainee);
    REQUIRE(report.calls.size() == 1);
    CHECK(report.calls[0].entryId == expected);
    CHECK(report.calls[0].score == Approx(score));
    REQUIRE(report.sessions.size() == 1);
    CHECK(report.sessions[0].department.empty()); // a mixed exam
    CHECK(report.readIds.size() >= 1);      // the plan's entry; the answer too when it stayed open
    CHECK_FALSE(fs::exists(app.journal())); // nothing of training reached the call journal
}
