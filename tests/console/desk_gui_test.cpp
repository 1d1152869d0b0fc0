// sufler-app end to end at a real desk: who works at the console, the window on a small screen,
// the marks of a call, outgoing calls, a PBX's ring and a returning caller's history. A real
// window under Xvfb, driven by the keyboard through xdotool; read back from the state file, the
// settings and the journal.
#include "gui_harness.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <ctime>
#include <fstream>

using namespace sufler::test;
namespace fs = std::filesystem;

namespace {

// A copy of the demo KB whose sufler.yaml lists the hotline's operators.
fs::path kbWithOperators(const TempDir& dir) {
    const fs::path kb = dir.path() / "kb";
    fs::copy(demoKb(), kb, fs::copy_options::recursive);
    std::ofstream(kb / "sufler.yaml", std::ios::app)
        << "\noperators: [Петрова Анна Сергеевна, Смирнова Ольга Ивановна]\n";
    return kb;
}

void rememberOperator(const fs::path& home, const std::string& name) {
    const fs::path file = home / "config" / "sufler" / "console.ini";
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "[window]\nx = 0\ny = 0\nwidth = 1300\nheight = 850\n"
                        << "[operator]\nname = " << name << "\n";
}

// The window up with the keyboard, and the first index of the demo built.
void waitReady(ConsoleApp& app) {
    app.waitForWindow();
    app.waitFor(
        "индекс готов", [](const Json& s) { return s["indexReady"] == true; }, 60s);
}

std::string joined(const Json& words) {
    std::string out;
    for (const auto& line : words)
        out += line.get<std::string>() + "\n";
    return out;
}

} // namespace

TEST_CASE("console: who works at the console is asked at start, greets in the script, signs the "
          "card, and a call without a question needs a second Ctrl+E",
          "[gui]") {
    Xvfb x;
    TempDir dir;
    const fs::path kb = kbWithOperators(dir);
    const fs::path home = dir.path() / "home";
    rememberOperator(home, "Смирнова Ольга Ивановна");
    {
        ConsoleApp app(x, home, {}, kb);
        app.waitForWindow(15s, false);
        // the roster of sufler.yaml, the one who worked here last preselected
        const Json asked =
            app.waitFor("вопрос «Кто работает за пультом?» со списком", [](const Json& s) {
                const auto& prompt = s["operatorPrompt"];
                return prompt["open"] == true && prompt["names"].size() == 2 &&
                       s["focus"] == "operator";
            });
        CHECK(asked["operatorPrompt"]["names"][0] == "Петрова Анна Сергеевна");
        CHECK(asked["operatorPrompt"]["text"] == "Смирнова Ольга Ивановна");
        CHECK(asked["operatorPrompt"]["selected"] == 1);
        // nothing else takes the keys meanwhile: Ctrl+N starts no call
        app.key("ctrl+n");
        app.key("Up");
        app.waitFor("выбрана Петрова", [](const Json& s) {
            return s["operatorPrompt"]["text"] == "Петрова Анна Сергеевна";
        });
        CHECK(app.state()["call"]["active"] == false);
        app.key("Return");
        const Json taken = app.waitFor("оператор выбран", [](const Json& s) {
            return s["operatorPrompt"]["open"] == false &&
                   s["operator"] == "Петрова Анна Сергеевна";
        });
        CHECK(taken["operatorPrompt"]["unlisted"] == false);
        app.waitFor(
            "индекс готов", [](const Json& s) { return s["indexReady"] == true; }, 60s);

        // the greeting names her, the card is hers
        app.key("ctrl+n");
        const Json call = app.waitFor("звонок начат", [](const Json& s) {
            return s["call"]["active"] == true && !s["script"]["words"].empty();
        });
        CHECK(call["call"]["operatorName"] == "Петрова Анна Сергеевна");
        CHECK(joined(call["script"]["words"]).find("Меня зовут Петрова Анна Сергеевна") !=
              std::string::npos);

        // no question on the card: the first Ctrl+E asks, the second goes on to the survey
        app.key("ctrl+e");
        const Json warned = app.waitFor("предупреждение о пустом вопросе", [](const Json& s) {
            return s["message"].get<std::string>().find("Вопрос абонента не записан") !=
                   std::string::npos;
        });
        CHECK(warned["call"]["surveyMode"] == false);
        CHECK(warned["focus"] == "card:Вопрос");
        app.key("ctrl+e");
        app.answerSurvey(1, 1);
        app.key("ctrl+q");
        REQUIRE(app.waitExit(10s) == 0);
    }
    CHECK(readFile(home / "config" / "sufler" / "console.ini")
              .find("name = Петрова Анна Сергеевна") != std::string::npos);

    // a name not on the roster is taken, with a warning, and preselected the next time
    {
        ConsoleApp app(x, home, {}, kb);
        app.waitForWindow(15s, false);
        app.waitFor("вопрос с Петровой", [](const Json& s) {
            return s["operatorPrompt"]["open"] == true &&
                   s["operatorPrompt"]["text"] == "Петрова Анна Сергеевна" &&
                   s["focus"] == "operator" && s["operatorPrompt"]["names"].size() == 2;
        });
        app.key("ctrl+a BackSpace");
        app.type("Новикова Ирина");
        app.waitFor("не из списка", [](const Json& s) {
            return s["operatorPrompt"]["text"] == "Новикова Ирина" &&
                   s["operatorPrompt"]["unlisted"] == true;
        });
        app.key("Return");
        const Json taken = app.waitFor(
            "оператор Новикова", [](const Json& s) { return s["operator"] == "Новикова Ирина"; });
        CHECK(taken["message"].get<std::string>().find("нет в списке операторов") !=
              std::string::npos);
        app.key("ctrl+q");
        REQUIRE(app.waitExit(10s) == 0);
    }

    // without a name (Esc) the greeting is said without «Меня зовут …», never with {оператор}
    {
        ConsoleApp app(x, home, {}, kb);
        app.waitForWindow(15s, false);
        app.waitFor("вопрос с Новиковой", [](const Json& s) {
            return s["operatorPrompt"]["open"] == true &&
                   s["operatorPrompt"]["text"] == "Новикова Ирина" && s["focus"] == "operator";
        });
        app.key("Escape");
        app.waitFor("без имени", [](const Json& s) {
            return s["operatorPrompt"]["open"] == false && s["operator"] == "";
        });
        app.waitFor(
            "индекс готов", [](const Json& s) { return s["indexReady"] == true; }, 60s);
        app.key("ctrl+n");
        const Json call = app.waitFor("звонок начат", [](const Json& s) {
            return s["call"]["active"] == true && !s["script"]["words"].empty();
        });
        const std::string words = joined(call["script"]["words"]);
        INFO(words);
        CHECK(words.find('{') == std::string::npos);
        CHECK(words.find("Меня зовут") == std::string::npos);
        CHECK(words.find("Чем могу помочь?") != std::string::npos);
    }
}

namespace {

// «Position: 0,0 (screen: 0)\n  Geometry: 1366x768» → {x, y, width, height}
std::array<int, 4> geometryOf(const std::string& text) {
    std::array<int, 4> out{-1, -1, -1, -1};
    const auto position = text.find("Position: ");
    const auto geometry = text.find("Geometry: ");
    if (position != std::string::npos)
        std::sscanf(text.c_str() + position, "Position: %d,%d", &out[0], &out[1]);
    if (geometry != std::string::npos)
        std::sscanf(text.c_str() + geometry, "Geometry: %dx%d", &out[2], &out[3]);
    return out;
}

} // namespace

TEST_CASE("console: on a 1366×768 screen the window fits it, whatever size it was left at",
          "[gui]") {
    Xvfb x("1366x768x24");
    TempDir home;
    // no settings at all: the default size, no larger than the screen
    {
        ConsoleApp app(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
        const std::string window = app.waitForWindow();
        const auto g = geometryOf(app.x("xdotool getwindowgeometry " + window));
        INFO(g[0] << "," << g[1] << " " << g[2] << "x" << g[3]);
        CHECK(g[2] > 0);
        CHECK(g[2] <= 1366);
        CHECK(g[3] <= 768);
        CHECK(g[0] >= 0);
        CHECK(g[1] >= 0);
        CHECK(g[0] + g[2] <= 1366);
        CHECK(g[1] + g[3] <= 768);
        app.key("ctrl+q");
        REQUIRE(app.waitExit(10s) == 0);
    }
    // left larger than the screen and half off it (a wider monitor unplugged)
    rememberOperator(home.path(), "Петрова Анна Сергеевна");
    std::ofstream(home.path() / "config" / "sufler" / "console.ini")
        << "[window]\nx = 900\ny = 500\nwidth = 1900\nheight = 1000\n";
    {
        ConsoleApp app(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
        const std::string window = app.waitForWindow();
        const auto g = geometryOf(app.x("xdotool getwindowgeometry " + window));
        INFO(g[0] << "," << g[1] << " " << g[2] << "x" << g[3]);
        CHECK(g[2] == 1366);
        CHECK(g[3] == 768);
        CHECK(g[0] == 0);
        CHECK(g[1] == 0);
        app.waitFor("кадр", [](const Json& s) { return s.contains("operator"); });
        // made smaller and moved by the operator: kept for the next run as it is
        app.x("xdotool windowsize --sync " + window + " 1000 600");
        app.x("xdotool windowmove --sync " + window + " 200 100");
        app.key("ctrl+q");
        REQUIRE(app.waitExit(10s) == 0);
    }
    const std::string ini = readFile(home.path() / "config" / "sufler" / "console.ini");
    CHECK(ini.find("width = 1000") != std::string::npos);
    CHECK(ini.find("height = 600") != std::string::npos);
    ConsoleApp again(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
    const std::string window = again.waitForWindow();
    const auto g = geometryOf(again.x("xdotool getwindowgeometry " + window));
    CHECK(g == std::array<int, 4>{200, 100, 1000, 600});
}

namespace {

// `sufler report --format json` for this month of `journal`.
Json monthlyReport(const fs::path& journal) {
    const std::time_t now = std::time(nullptr);
    char month[16];
    std::strftime(month, sizeof month, "%Y-%m", std::localtime(&now));
    const auto result =
        runCommand(quote(binary("sufler").string()) + " report --journal " +
                   quote(journal.string()) + " --month " + month + " --format json");
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    return Json::parse(result.output);
}

// Ends the call (its empty question confirmed), answers the survey «да», «удовлетворен», closes
// the console and gives `sufler report --format json` of its journal.
Json endCallAndReport(ConsoleApp& app) {
    app.key("ctrl+e ctrl+e");
    app.answerSurvey(1, 1);
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
    return monthlyReport(app.journal());
}

// `sufler journal list --outgoing --json`: the journal of outgoing calls (Приложение 2).
Json outgoingRows(const fs::path& journal) {
    const auto listed =
        runCommand(quote(binary("sufler").string()) + " journal list --outgoing --json --journal " +
                   quote(journal.string()));
    INFO(listed.output);
    REQUIRE(listed.exitCode == 0);
    return Json::parse(listed.output);
}

} // namespace

TEST_CASE("console: taking the aggressive caller's script marks the call, a key marks it urgent, "
          "and the monthly report counts both",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
    waitReady(app);
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) {
        return s["call"]["active"] == true && s["script"]["step"] == "incoming#приветствие";
    });
    CHECK(app.state()["call"]["marks"].empty());
    app.key("alt+1");
    app.waitFor("выяснение потребности", [](const Json& s) {
        return s["script"]["step"] == "incoming#выяснение-потребности";
    });
    // «Абонент раздражён, говорит на повышенных тонах»: the aggressive caller's script
    const Json ways = app.state()["script"]["ways"];
    int way = 0;
    for (std::size_t i = 0; i < ways.size(); ++i)
        if (ways[i].get<std::string>().find("раздражён") != std::string::npos)
            way = static_cast<int>(i) + 1;
    REQUIRE(way > 0);
    app.key("alt+" + std::to_string(way));
    const Json marked = app.waitFor("отметка «агрессивный абонент»", [](const Json& s) {
        return s["script"]["id"] == "incoming" &&
               s["script"]["step"].get<std::string>().rfind("aggressive#", 0) == 0 &&
               s["call"]["marks"].size() == 1;
    });
    CHECK(marked["call"]["marks"][0] == "агрессивный абонент");
    // Ctrl+Alt+3: urgent, by a key; twice takes it off again, three times puts it back
    app.key("ctrl+alt+3");
    app.waitFor("срочное", [](const Json& s) { return s["call"]["marks"].size() == 2; });
    app.key("ctrl+alt+3");
    app.waitFor("срочное снято", [](const Json& s) { return s["call"]["marks"].size() == 1; });
    app.key("ctrl+alt+3");
    app.waitFor("срочное снова", [](const Json& s) { return s["call"]["marks"].size() == 2; });
    const Json report = endCallAndReport(app);
    INFO(report.dump(1));
    CHECK(report["incoming"]["total"] == 1);
    CHECK(report["incoming"]["aggressive"] == 1);
    CHECK(report["incoming"]["urgent"] == 1);
    CHECK(report["incoming"]["complaints"] == 0);
}

TEST_CASE("console: Ctrl+O takes the out-of-competence script, the call is saved with the mark and "
          "the monthly report counts it",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
    waitReady(app);
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) { return s["call"]["active"] == true; });
    CHECK(app.state()["call"]["marks"].empty());
    app.key("ctrl+o");
    const Json marked = app.waitFor("отметка «вне компетенции»",
                                    [](const Json& s) { return s["call"]["marks"].size() == 1; });
    CHECK(marked["call"]["marks"][0] == "вне компетенции");
    const Json report = endCallAndReport(app);
    INFO(report.dump(1));
    CHECK(report["incoming"]["total"] == 1);
    CHECK(report["incoming"]["outside_competence"] == 1);
    CHECK(report["incoming"]["aggressive"] == 0);
}

TEST_CASE("console: an outgoing call started and finished from the keyboard lands in the journal "
          "of outgoing calls and in the monthly report's Приложение 2",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
    waitReady(app);
    // made for the caller on the line: a specialist of another organisation (seed 003)
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) {
        return s["call"]["active"] == true && s["call"]["number"] == 1;
    });
    app.key("F5");
    const Json opened = app.waitFor("окно исходящего звонка", [](const Json& s) {
        return s["outgoing"]["open"] == true && s["focus"] == "outgoing:Специалист";
    });
    CHECK(opened["outgoing"]["incoming"] == 1);
    CHECK(opened["outgoing"]["operator"] == "Петрова Анна Сергеевна");
    const Json offered = opened["outgoing"]["scripts"];
    CHECK(offered.size() >= 3); // the specialist, the callback with the answer, informing
    int specialist = 0;
    for (std::size_t i = 0; i < offered.size(); ++i)
        if (offered[i] == "outgoing-specialist")
            specialist = static_cast<int>(i) + 1;
    REQUIRE(specialist > 0);
    // the incoming call's keys do not act meanwhile: Ctrl+N starts nothing
    const auto typeInto = [&](const std::string& field, const std::string& text) {
        app.waitFor("клавиатура в поле «" + field + "»",
                    [&](const Json& s) { return s["focus"] == "outgoing:" + field; });
        app.type(text);
    };
    typeInto("Специалист", "Кузнецова Ольга Петровна");
    app.key("Tab");
    typeInto("Его телефон", "+7 900 111-22-33");
    app.key("Tab");
    typeInto("Организация", "Отделение Социального фонда");
    app.key("Tab");
    app.waitFor("муниципалитет",
                [](const Json& s) { return s["focus"] == "outgoing:Муниципалитет"; });
    app.key("Tab");
    typeInto("Вопрос", "Перерасчёт пенсии по просьбе абонента");
    app.key("alt+" + std::to_string(specialist));
    const Json shown = app.waitFor("сценарий звонка специалисту", [](const Json& s) {
        return s["outgoing"]["script"] == "outgoing-specialist" &&
               s["outgoing"]["question"] == "Перерасчёт пенсии по просьбе абонента";
    });
    std::string words;
    for (const auto& line : shown["outgoing"]["words"])
        words += line.get<std::string>();
    CHECK(words.find("Петрова Анна Сергеевна") != std::string::npos);
    CHECK(words.find('{') == std::string::npos);
    CHECK(shown["call"]["number"] == 1);
    app.key("ctrl+Return");
    const Json saved = app.waitFor("исходящий записан", [](const Json& s) {
        return s["outgoing"]["open"] == false &&
               s["message"].get<std::string>().find("Исходящий звонок № 1 записан") !=
                   std::string::npos;
    });
    CHECK(saved["call"]["active"] == true); // the incoming call goes on
    // one more, with no incoming call: Esc leaves it unregistered
    app.key("F5");
    app.waitFor("окно снова", [](const Json& s) { return s["focus"] == "outgoing:Специалист"; });
    app.type("Никто");
    app.key("Escape");
    app.waitFor("не записан", [](const Json& s) {
        return s["outgoing"]["open"] == false &&
               s["message"].get<std::string>().find("не записан") != std::string::npos;
    });
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);

    const Json rows = outgoingRows(app.journal());
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["contact"] == "Кузнецова Ольга Петровна, +7 900 111-22-33");
    CHECK(rows[0]["organization"] == "Отделение Социального фонда");
    CHECK(rows[0]["question"] == "Перерасчёт пенсии по просьбе абонента");
    CHECK(rows[0]["operator"] == "Петрова Анна Сергеевна");
    CHECK(rows[0]["incoming"].is_number());
    CHECK(rows[0]["source"] == "console");
    const Json report = monthlyReport(app.journal());
    CHECK(report["outgoing"]["total"] == 1);
    // Приложение 2 of the report as an operator prints it (md) names the specialist
    const auto md = runCommand(quote(binary("sufler").string()) + " report --with-personal-data " +
                               "--journal " + quote(app.journal().string()) + " --month " +
                               report["month"].get<std::string>());
    CHECK(md.output.find("Перерасчёт пенсии по просьбе абонента") != std::string::npos);
}

namespace {

// Waits until `where` has the keyboard («card:Телефон»…), then types.
// Call № 1 from +7 (903) 555-12-34 whose answer is promised as a callback, closed with its
// survey; returns the callback's deadline as the card shows it.
std::string callWithCallback(ConsoleApp& app) {
    app.key("ctrl+n");
    app.waitFor("звонок 1", [](const Json& s) { return s["call"]["number"] == 1; });
    app.key("ctrl+k");
    app.typeWhere("card:Телефон", "+7 (903) 555-12-34");
    for (int i = 0; i < 5; ++i)
        app.key("Tab");
    app.typeWhere("card:Вопрос", "Компенсация за уголь");
    app.key("ctrl+d"); // no convenient hours yet: the field gets the keyboard
    app.typeWhere("card:Удобное время", "после обеда");
    app.key("ctrl+d");
    const std::string due = app.waitFor("обратный звонок назначен", [](const Json& s) {
        return !s["call"]["deferredDue"].get<std::string>().empty();
    })["call"]["deferredDue"];
    // nothing earlier from this number
    CHECK(app.state()["history"]["calls"].empty());
    app.key("ctrl+e");
    app.answerSurvey(2, 1);
    return due;
}

} // namespace

TEST_CASE("console: a second call from the same phone, however written, shows the first one and "
          "its pending callback, and Ctrl+H opens its card read-only",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
    waitReady(app);
    // the first call: a question the answer to which is promised for tomorrow
    const std::string due = callWithCallback(app);

    // the second: the same number spelled another way; the history is there as it is typed in
    app.key("ctrl+n");
    app.waitFor("звонок 2", [](const Json& s) { return s["call"]["number"] == 2; });
    app.key("ctrl+k");
    app.typeWhere("card:Телефон", "8 903 555 12 34");
    const Json seen = app.waitFor("история звонившего", [](const Json& s) {
        return s["history"]["calls"].size() == 1 && s["history"]["open"].size() == 1;
    });
    CHECK(seen["history"]["phone"] == "+79035551234");
    CHECK(seen["history"]["calls"][0]["call"] == 1);
    CHECK(seen["history"]["calls"][0]["question"] == "Компенсация за уголь");
    CHECK(seen["history"]["calls"][0]["operator"] == "Петрова Анна Сергеевна");
    CHECK(seen["history"]["calls"][0]["answered"] == "нет");
    CHECK(seen["history"]["open"][0]["call"] == 1);
    CHECK(seen["history"]["open"][0]["due"] == due);
    CHECK(seen["history"]["open"][0]["overdue"] == false);
    app.screenshot(home.path() / "history.png");
    app.key("ctrl+h");
    app.waitFor("карточка звонка 1", [](const Json& s) { return s["history"]["viewing"] == 1; });
    app.key("Escape");
    app.waitFor("карточка закрыта, история на месте", [](const Json& s) {
        return s["history"]["viewing"] == 0 && s["history"]["calls"].size() == 1;
    });
    // a number that is not this caller's: the history goes
    app.key("ctrl+k");
    app.waitFor("телефон", [](const Json& s) { return s["focus"] == "card:Телефон"; });
    app.key("ctrl+a BackSpace");
    app.type("+7 900 000 00 00");
    app.waitFor("другой номер", [](const Json& s) {
        return s["history"]["phone"] == "+79000000000" && s["history"]["calls"].empty();
    });
}

TEST_CASE("console: a callback answered from F4 adds its row to the journal of outgoing calls",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path(), {"--operator", "Петрова Анна Сергеевна"});
    waitReady(app);
    callWithCallback(app);

    app.key("F4");
    app.waitFor("очередь с обратным звонком", [](const Json& s) {
        return s["callbacksOpen"] == true && s["callbacks"].size() == 1;
    });
    app.key("Return");
    app.typeWhere("callbacks:result", "Компенсация назначена, выплата в декабре");
    app.key("Return");
    app.waitFor("результат записан", [](const Json& s) {
        return s["callbacks"].empty() &&
               s["message"].get<std::string>().find("Результат записан") != std::string::npos;
    });
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);

    const Json rows = outgoingRows(app.journal());
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["incoming"].is_number());
    CHECK(rows[0]["operator"] == "Петрова Анна Сергеевна");
    CHECK(rows[0]["contact"].get<std::string>().find("555-12-34") != std::string::npos);
    CHECK(monthlyReport(app.journal())["outgoing"]["total"] == 1);
}
