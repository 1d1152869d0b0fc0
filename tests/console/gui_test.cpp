// sufler-app end to end: a real window under Xvfb, driven by the keyboard through xdotool.
// The keyboard layout is Russian (as at an operator's desk), so shortcuts are pressed on their
// physical keys (Ctrl+N is Ctrl+«т»), which is what the console must answer to.
#include "gui_harness.h"
#include "pg_server.h"
#include "temp_dir.h"

#include "sufler/journal/journal.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace sufler::test;
namespace fs = std::filesystem;

namespace {

const std::string kCaller = "Иванова Мария Петровна";
const std::string kPhone = "+7 903 555-12-34";
const std::string kFaq = "departments/zhku/faq.md#кто-имеет-право-на-субсидию-на-оплату-жку";
const std::string kTemplate =
    "departments/zhku/templates.md#разъяснение-порядка-назначения-субсидии-на-оплату-жку";
const std::string kContact = "departments/zhku/contacts.md#шилова-вера-анатольевна";

// Screenshots go where a failed run can be looked at: the build's tests folder.
fs::path shotDir() {
    const fs::path dir = fs::path(SUFLER_BIN_DIR).parent_path() / "tests" / "console-screenshots";
    fs::create_directories(dir);
    return dir;
}

bool contains(const Json& array, const std::string& value) {
    return std::find(array.begin(), array.end(), value) != array.end();
}

std::string step(const Json& state) {
    return state["script"].value("step", "");
}

// Departments overdue for review today, by the command line's staleness report. The demo is
// read through its working copy in the data folder the console was given (sufler/kb/demo.h).
std::set<std::string> overdueDepartments(const fs::path& data) {
    const auto result = runCommand("XDG_DATA_HOME=" + quote(data.string()) + " " +
                                   quote(binary("sufler").string()) + " stale --no-journal --kb " +
                                   quote(demoKb().string()) + " --format json");
    const Json report = Json::parse(result.output);
    std::set<std::string> overdue;
    for (const auto& section : report["sections"])
        if (section["status"] == "overdue")
            overdue.insert(section["department"].get<std::string>());
    return overdue;
}

std::string departmentOf(const std::string& id) {
    const std::string prefix = "departments/";
    if (id.rfind(prefix, 0) != 0)
        return {};
    return id.substr(prefix.size(), id.find('/', prefix.size()) - prefix.size());
}

// CPU time the process has used, in seconds (/proc/PID/stat: utime + stime).
double cpuSeconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
        if (i == 14 || i == 15)
            ticks += std::stol(field);
    return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Settings the window starts with: a fixed size and an operator's name.
void writeSettings(const ConsoleApp& app, int x, int y, int width, int height) {
    fs::create_directories(app.settingsFile().parent_path());
    std::ofstream(app.settingsFile())
        << "[window]\nx = " << x << "\ny = " << y << "\nwidth = " << width
        << "\nheight = " << height << "\n[operator]\nname = Оператор Смирнова\n";
}

// The settings of a console about to start in `home`, before it reads them.
void writeSettingsFor(const fs::path& home, const std::string& operatorName, int x = 0) {
    const fs::path file = home / "config" / "sufler" / "console.ini";
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "[window]\nx = " << x << "\ny = 0\nwidth = 1300\nheight = 850\n"
                        << "[operator]\nname = " << operatorName << "\n";
}

Json waitReady(ConsoleApp& app) {
    app.waitForWindow();
    // the first start indexes the demo KB in the background
    return app.waitFor(
        "индекс готов", [](const Json& s) { return s["indexReady"] == true; }, 60s);
}

// Waits until `where` has the keyboard («search», «card:ФИО»), then types: a field that only
// just got the keyboard is where a real operator's first letter goes, too.
void typeInto(ConsoleApp& app, const std::string& where, const std::string& text) {
    app.waitFor("клавиатура в " + where, [&](const Json& s) { return s["focus"] == where; });
    app.type(text);
}

// Types a query, waits for its results and opens `id` with the arrow keys and Enter.
void searchAndOpen(ConsoleApp& app, const std::string& query, const std::string& id) {
    app.key("ctrl+f");
    app.waitFor("клавиатура в поиске", [&](const Json& s) { return s["focus"] == "search"; });
    app.key("ctrl+a BackSpace");
    app.type(query);
    const Json found = app.waitFor("результаты «" + query + "»", [&](const Json& s) {
        return s["resultsFor"] == query && contains(s["results"], id);
    });
    const auto& results = found["results"];
    const auto position = std::find(results.begin(), results.end(), id) - results.begin();
    for (long i = 0; i < position; ++i)
        app.key("Down");
    app.waitFor("выбран " + id, [&](const Json& s) { return s["selected"] == id; });
    app.key("Return");
    app.waitFor("открыта запись " + id, [&](const Json& s) { return s["entry"] == id; });
}

// Greeting to needs discovery with the card filled: the part of a call before the search.
void startCallAndFillCard(ConsoleApp& app) {
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) {
        return s["call"]["active"] == true && step(s) == "incoming#приветствие";
    });
    app.key("ctrl+1 ctrl+2"); // the greeting's task items
    app.key("ctrl+k");
    typeInto(app, "card:Телефон", kPhone);
    app.key("Tab");
    typeInto(app, "card:Пол", "ж");
    app.key("Tab");
    typeInto(app, "card:ФИО", kCaller);
    app.key("Tab");
    typeInto(app, "card:Год рождения", "1956");
    app.key("Tab");
    typeInto(app, "card:Муниципалитет", "Каменск"); // completed from sufler.yaml when left
    app.key("Tab");
    app.waitFor("карточка заполнена", [](const Json& s) {
        const auto& call = s["call"];
        return call["phone"] == kPhone && call["sex"] == "ж" && call["callerName"] == kCaller &&
               call["birthYear"] == "1956" && call["municipality"] == "Каменский район";
    });
    app.key("alt+1");
    app.waitFor("шаг «Выяснение потребности»",
                [](const Json& s) { return step(s) == "incoming#выяснение-потребности"; });
    app.key("ctrl+5"); // «Кратко записать суть вопроса»: the task's link moves to the card
    typeInto(app, "card:Вопрос", "Субсидия на оплату ЖКУ пенсионерке");
    app.waitFor("вопрос в карточке", [](const Json& s) {
        return s["call"]["question"] == "Субсидия на оплату ЖКУ пенсионерке";
    });
}

} // namespace

TEST_CASE("console: a whole call from greeting to survey, by keyboard, under Xvfb", "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path());
    writeSettings(app, 0, 0, 1600, 1000);
    const Json ready = waitReady(app);
    CHECK(ready["call"]["active"] == false);
    app.screenshot(shotDir() / "01-start.png");

    // F1: the key list over everything, and away again
    app.key("F1");
    app.waitFor("справка открыта", [](const Json& s) { return s["helpOpen"] == true; });
    app.screenshot(shotDir() / "02-help.png");
    app.key("F1");
    app.waitFor("справка закрыта", [](const Json& s) { return s["helpOpen"] == false; });

    startCallAndFillCard(app);

    // the search step puts the keyboard into the search box by itself
    app.key("alt+1");
    app.waitFor("шаг «Поиск ответа»", [](const Json& s) {
        return step(s) == "incoming#поиск-ответа" && s["script"]["ways"].size() == 3;
    });
    typeInto(app, "search", "субсидия жку");
    const Json answer = app.waitFor("результаты поиска", [](const Json& s) {
        return s["resultsFor"] == "субсидия жку" && !s["results"].empty();
    });
    CHECK(contains(answer["results"], kFaq));
    // results of overdue sections carry the mark, as `sufler stale` counts them
    const auto overdue = overdueDepartments(home.path() / "data");
    REQUIRE(answer["resultMarks"].size() == answer["results"].size());
    for (std::size_t i = 0; i < answer["results"].size(); ++i) {
        const std::string id = answer["results"][i];
        const std::string mark = answer["resultMarks"][i];
        INFO(id);
        CHECK((mark == "overdue") == overdue.count(departmentOf(id)) > 0);
    }
    searchAndOpen(app, "субсидия жку", kFaq);

    // a template, copied with the caller's name put in
    searchAndOpen(app, "шаблон разъяснение субсидии", kTemplate);
    app.key("ctrl+shift+c");
    const Json copied = app.waitFor("шаблон скопирован", [](const Json& s) {
        return s["clipboard"].get<std::string>().find(kCaller) != std::string::npos;
    });
    CHECK(copied["clipboard"].get<std::string>().find("{{ФИО}}") == std::string::npos);
    CHECK(copied["clipboard"].get<std::string>().find("субсидия на оплату жилого помещения") !=
          std::string::npos);

    // a contact: its phone large, and a transfer counted
    searchAndOpen(app, "Шилова", kContact);
    app.screenshot(shotDir() / "03-contact.png");
    app.key("ctrl+t");
    app.waitFor("перевод засчитан", [](const Json& s) {
        return s["call"]["transfers"] == 1 &&
               s["call"]["transferNames"][0].get<std::string>().find("Шилова") == 0;
    });

    // on through the script: answer (read from the entry found), summary, the survey, goodbye
    app.key("alt+1");
    app.waitFor("шаг «Ответ»", [](const Json& s) { return step(s) == "incoming#ответ"; });
    searchAndOpen(app, "субсидия жку", kFaq);
    // the picture of a call in progress (docs/screenshots/call.png is taken from it)
    app.screenshot(shotDir() / "call.png", true);
    app.key("ctrl+1");
    app.key("alt+1");
    app.waitFor("шаг «Обобщение»", [](const Json& s) { return step(s) == "incoming#обобщение"; });
    app.key("alt+1");
    app.waitFor("шаг «Опрос о качестве»",
                [](const Json& s) { return step(s) == "incoming#опрос-о-качестве"; });
    app.screenshot(shotDir() / "05-survey.png");
    app.key("1");
    app.key("1");
    app.waitFor("опрос пройден", [](const Json& s) {
        return s["call"]["survey"] == Json::array({"да", "удовлетворен"});
    });
    app.key("alt+1");
    app.waitFor("шаг «Прощание»", [](const Json& s) { return step(s) == "incoming#прощание"; });
    app.key("ctrl+e");
    const Json closed = app.waitFor("звонок завершён", [](const Json& s) {
        return s["call"]["closed"] == true && s["script"]["finished"] == true;
    });
    app.screenshot(shotDir() / "06-closed.png");
    // frames drawn while typing: well under a 60 Hz frame (the median; one slow frame of a
    // machine shared with a build is no failure of the console)
    const auto& metrics = closed["metrics"];
    CHECK(metrics["typingFrames"].get<int>() > 50);
    CHECK(metrics["typingFrameP50Ms"].get<double>() < 16.0);

    // what the journal keeps: the closed call with every field the operator typed
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
    auto journal = sufler::journal::Journal::open(app.journal());
    const auto calls = journal.incomingCalls();
    REQUIRE(calls.size() == 1);
    const auto& call = calls.front();
    CHECK(call.number == closed["call"]["number"].get<int>());
    CHECK(call.phone == kPhone);
    CHECK(call.gender == sufler::journal::Gender::Female);
    CHECK(call.callerName == kCaller);
    CHECK(call.callerBirthYear == "1956");
    CHECK(call.municipality == "Каменский район");
    CHECK(call.question == "Субсидия на оплату ЖКУ пенсионерке");
    CHECK(call.operatorName == "Оператор Смирнова");
    CHECK(call.department == "zhku");
    CHECK(call.script == "incoming");
    REQUIRE(call.transfers.size() == 1);
    CHECK(call.transfers[0].to.find("Шилова Вера Анатольевна") == 0);
    CHECK(call.survey.answered == sufler::journal::Answered::Yes);
    CHECK(call.survey.satisfaction == sufler::journal::Satisfaction::Satisfied);
    CHECK(std::count(call.entriesUsed.begin(), call.entriesUsed.end(), kFaq) >= 1);
    CHECK(std::count(call.entriesUsed.begin(), call.entriesUsed.end(), kTemplate) == 1);
    CHECK(std::count(call.entriesUsed.begin(), call.entriesUsed.end(), kContact) == 1);
    CHECK_FALSE(call.closedAt.empty());
    CHECK(call.source == "console");
}

TEST_CASE("console: kill -9 mid-call loses nothing typed, and the call comes back", "[gui]") {
    Xvfb x;
    TempDir home;
    {
        ConsoleApp app(x, home.path());
        writeSettings(app, 0, 0, 1400, 900);
        waitReady(app);
        startCallAndFillCard(app);
        // the last keystrokes, then at once the hard kill: what the console shows is committed
        app.key("ctrl+k");
        app.waitFor("клавиатура в телефоне",
                    [](const Json& s) { return s["focus"] == "card:Телефон"; });
        app.key("End"); // the field comes with its text selected
        app.type("8");
        app.waitFor("последняя цифра",
                    [](const Json& s) { return s["call"]["phone"] == kPhone + "8"; });
        // a callback is being arranged: the hours typed, not yet booked
        app.key("ctrl+d");
        typeInto(app, "card:Удобное время", "утром");
        app.waitFor("удобное время",
                    [](const Json& s) { return s["call"]["convenientHours"] == "утром"; });
        REQUIRE(app.stop(SIGKILL) == 128 + SIGKILL);
    }
    {
        // the journal as left by the killed process: the call open, every field there
        auto journal = sufler::journal::Journal::open(home.path() / "journal.sqlite");
        const auto open = journal.openCalls();
        REQUIRE(open.size() == 1);
        CHECK(open[0].phone == kPhone + "8");
        CHECK(open[0].callerName == kCaller);
        CHECK(open[0].callerBirthYear == "1956");
        CHECK(open[0].municipality == "Каменский район");
        CHECK(open[0].question == "Субсидия на оплату ЖКУ пенсионерке");
        CHECK(open[0].gender == sufler::journal::Gender::Female);
    }
    // restarted, the console takes the open call up again
    ConsoleApp again(x, home.path());
    again.waitForWindow();
    const Json resumed = again.waitFor("звонок восстановлен", [](const Json& s) {
        return s["call"]["active"] == true && s["call"]["phone"] == kPhone + "8";
    });
    again.screenshot(shotDir() / "07-resumed.png");
    CHECK(resumed["call"]["callerName"] == kCaller);
    CHECK(resumed["call"]["question"] == "Субсидия на оплату ЖКУ пенсионерке");
    CHECK(resumed["call"]["closed"] == false);
    CHECK(resumed["call"]["convenientHours"] == "утром");
    // the script goes on from the step it was on, still speaking to the caller by name
    CHECK(resumed["script"]["step"] == "incoming#выяснение-потребности");
    CHECK(resumed["script"]["path"].size() == 2);
    // kept beside the journal without the caller's data: that lives in the journal alone
    const std::string run = readFile(home.path() / "journal.sqlite.run.json");
    CHECK(run.find("выяснение-потребности") != std::string::npos);
    CHECK(run.find("Мария") == std::string::npos);
    CHECK(run.find("555-12") == std::string::npos);
    // and the resumed call is closed as any other: survey, then the card is final
    again.key("ctrl+e");
    again.answerSurvey(1, 2);
    again.key("ctrl+q");
    REQUIRE(again.waitExit(10s) == 0);
    auto journal = sufler::journal::Journal::open(home.path() / "journal.sqlite");
    CHECK(journal.openCalls().empty());
    const auto calls = journal.incomingCalls();
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].phone == kPhone + "8");
    CHECK(calls[0].survey.satisfaction == sufler::journal::Satisfaction::PartlySatisfied);
    CHECK_FALSE(fs::exists(home.path() / "journal.sqlite.run.json"));
}

TEST_CASE("console: window size and position are kept between runs", "[gui]") {
    Xvfb x;
    TempDir home;
    {
        ConsoleApp app(x, home.path());
        writeSettings(app, 40, 30, 1200, 800);
        const std::string window = app.waitForWindow();
        const std::string geometry = app.x("xdotool getwindowgeometry " + window);
        CHECK(geometry.find("1200x800") != std::string::npos);
        app.x("xdotool windowsize --sync " + window + " 1100 700");
        app.x("xdotool windowmove --sync " + window + " 120 90");
        app.key("ctrl+q");
        REQUIRE(app.waitExit(10s) == 0);
        const std::string ini = readFile(app.settingsFile());
        CHECK(ini.find("width = 1100") != std::string::npos);
        CHECK(ini.find("height = 700") != std::string::npos);
    }
    ConsoleApp again(x, home.path());
    const std::string window = again.waitForWindow();
    const std::string geometry = again.x("xdotool getwindowgeometry " + window);
    CHECK(geometry.find("1100x700") != std::string::npos);
    CHECK(geometry.find("120,90") != std::string::npos);
    again.key("ctrl+q");
    CHECK(again.waitExit(10s) == 0);
}

TEST_CASE("console: without a display it says so in one line and exits non-zero", "[gui]") {
    TempDir home;
    const auto result = runCommand(
        "env -u DISPLAY -u WAYLAND_DISPLAY XDG_CONFIG_HOME=" + quote(home.path().string()) + " " +
            quote(binary("sufler-app").string()) + " --kb " + quote(demoKb().string()),
        true);
    CHECK(result.exitCode != 0);
    CHECK(std::count(result.output.begin(), result.output.end(), '\n') == 1);
    CHECK(result.output.find("дисплея") != std::string::npos);
}

TEST_CASE("console: idles without a busy loop, also with a call's timer running", "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path());
    waitReady(app);
    std::this_thread::sleep_for(1s); // the first frames and the index settle
    auto idleShare = [&] {
        const double before = cpuSeconds(app.pid());
        std::this_thread::sleep_for(3s);
        return (cpuSeconds(app.pid()) - before) / 3.0;
    };
    const double idle = idleShare();
    CHECK(idle < 0.05); // a busy loop would take a whole core
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) { return s["call"]["active"] == true; });
    const double timer = idleShare();
    CHECK(timer < 0.10); // two frames a second for the call timer
    WARN("ЦП в простое: " << idle * 100 << " %, со звонком: " << timer * 100 << " %");
}

// Figures for the README, not a check: build/tests/console_gui_tests "[.bench]"
TEST_CASE("console: figures — first frame, frame time while typing, memory", "[.bench]") {
    Xvfb x;
    TempDir home;
    for (const char* run : {"первый запуск (индекс строится)", "повторный запуск"}) {
        ConsoleApp app(x, home.path());
        waitReady(app);
        app.key("ctrl+f");
        app.waitFor("клавиатура в поиске", [](const Json& s) { return s["focus"] == "search"; });
        const std::string query = "ежемесячная денежная компенсация расходов на оплату жку "
                                  "ветеранам труда многодетным семьям";
        app.type(query);
        const Json state =
            app.waitFor("набран запрос", [&](const Json& s) { return s["resultsFor"] == query; });
        const auto& m = state["metrics"];
        std::printf("%s: первый кадр %.0f мс; кадр при наборе (%d кадров): медиана %.2f мс, "
                    "95%% %.2f мс, максимум %.2f мс; резидентная память %.0f МБ\n",
                    run, m["firstFrameMs"].get<double>(), m["typingFrames"].get<int>(),
                    m["typingFrameP50Ms"].get<double>(), m["typingFrameP95Ms"].get<double>(),
                    m["typingFrameMaxMs"].get<double>(), m["rssKb"].get<double>() / 1024.0);
        app.key("ctrl+q");
        CHECK(app.waitExit(10s) == 0);
    }
}

namespace {

const std::string kNewQuestion = "Положена ли компенсация за ремонт самовара?";
const std::string kNewId = "departments/zhku/faq.md#положена-ли-компенсация-за-ремонт-самовара";

void addQuestion(const fs::path& kb) {
    std::ofstream(kb / "departments" / "zhku" / "faq.md", std::ios::app)
        << "\n## " << kNewQuestion << "\n\nКомпенсация за ремонт самовара не предусмотрена.\n";
}

// Searches and waits until the results hold `id` (or, with `present` false, do not).
Json searchFor(ConsoleApp& app, const std::string& query, const std::string& id, bool present) {
    app.key("ctrl+f");
    app.waitFor("клавиатура в поиске", [](const Json& s) { return s["focus"] == "search"; });
    app.key("ctrl+a BackSpace");
    app.type(query);
    return app.waitFor("результаты «" + query + "»", [&](const Json& s) {
        return s["resultsFor"] == query && contains(s["results"], id) == present;
    });
}

} // namespace

TEST_CASE("console: the KB changes under a running console, a broken file leaves search on",
          "[gui]") {
    Xvfb x;
    TempDir home;
    const fs::path kb = home.path() / "kb";
    fs::copy(demoKb(), kb, fs::copy_options::recursive);
    ConsoleApp app(x, home.path() / "run", {"--poll", "0.3"}, kb);
    const int diagnostics = waitReady(app)["diagnostics"];
    searchFor(app, "самовар", kNewId, false);

    // a new question written into the working tree: re-indexed in the background
    addQuestion(kb);
    app.waitFor("база обновлена", [](const Json& s) { return s["kbGeneration"] >= 2; });
    // the same words are searched again against the new index
    app.waitFor("новый вопрос найден", [](const Json& s) {
        return s["resultsFor"] == "самовар" && contains(s["results"], kNewId);
    });

    // a file broken by an update: reported, the rest still served
    std::ofstream(kb / "departments" / "families" / "faq.md", std::ios::trunc)
        << "## Вопрос\n\n\xff\xfe не UTF-8\n";
    const Json broken = app.waitFor("замечание к базе", [&](const Json& s) {
        return s["diagnostics"].get<int>() > diagnostics;
    });
    CHECK(broken["indexReady"] == true);
    searchFor(app, "субсидия жку", kFaq, true);
    app.screenshot(shotDir() / "08-broken-file.png");
}

TEST_CASE("console: updates fetched from the KB's git remote are fast-forwarded and indexed",
          "[gui]") {
    Xvfb x;
    TempDir home;
    const fs::path remote = home.path() / "remote.git";
    const fs::path author = home.path() / "author";
    const fs::path kb = home.path() / "kb";
    const std::string git = "git -c user.name=Отдел -c user.email=head@minsoc.example "
                            "-c init.defaultBranch=main ";
    fs::copy(demoKb(), author, fs::copy_options::recursive);
    auto run = [](const std::string& command) {
        const auto result = runCommand(command, true);
        INFO(command << "\n" << result.output);
        REQUIRE(result.exitCode == 0);
    };
    run(git + "init -q --bare " + quote(remote.string()));
    run(git + "-C " + quote(author.string()) + " init -q");
    run(git + "-C " + quote(author.string()) + " add -A");
    run(git + "-C " + quote(author.string()) + " commit -q -m База");
    run(git + "-C " + quote(author.string()) + " push -q " + quote(remote.string()) + " HEAD:main");
    run(git + "clone -q -b main " + quote(remote.string()) + " " + quote(kb.string()));

    ConsoleApp app(x, home.path() / "run", {"--poll", "0.3", "--fetch", "1"}, kb);
    waitReady(app);
    searchFor(app, "самовар", kNewId, false);

    // a department head pushes a new question; the console fetches and fast-forwards
    addQuestion(author);
    run(git + "-C " + quote(author.string()) + " commit -q -am " + quote("Новый вопрос"));
    run(git + "-C " + quote(author.string()) + " push -q " + quote(remote.string()) + " HEAD:main");
    app.waitFor(
        "обновление из git найдено поиском",
        [](const Json& s) {
            return s["kbGeneration"].get<int>() >= 2 && s["resultsFor"] == "самовар" &&
                   contains(s["results"], kNewId);
        },
        30s);
    CHECK(readFile(kb / "departments" / "zhku" / "faq.md").find(kNewQuestion) !=
          std::string::npos); // the working tree itself moved on
}

TEST_CASE("console: the transfer branch of the script counts transfers, two at most", "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path());
    writeSettings(app, 0, 0, 1600, 1000);
    waitReady(app);
    startCallAndFillCard(app);
    app.key("alt+1");
    app.waitFor("шаг «Поиск ответа»",
                [](const Json& s) { return step(s) == "incoming#поиск-ответа"; });
    // «Нужен профильный специалист»: the step opens the directory in the search box
    app.key("alt+2");
    app.waitFor("шаг «Выбор специалиста»", [](const Json& s) {
        return step(s) == "transfer#выбор-специалиста" && s["focus"] == "search";
    });
    searchAndOpen(app, "Шилова", kContact);
    app.key("alt+1");
    app.waitFor("переключение засчитано скриптом", [](const Json& s) {
        return step(s) == "transfer#переключение" && s["call"]["transfers"] == 1 &&
               s["script"]["transferCount"] == 1;
    });
    // «Переключить звонок» ticked: the transfer gets the open contact's name, still one
    app.key("ctrl+3");
    app.waitFor("перевод назван", [](const Json& s) {
        return s["call"]["transfers"] == 1 &&
               s["call"]["transferNames"][0].get<std::string>().find("Шилова") == 0;
    });

    // the second and last one
    app.key("alt+2");
    app.waitFor("шаг «Второй выбор специалиста»",
                [](const Json& s) { return step(s) == "transfer#второй-выбор-специалиста"; });
    const std::string second = "departments/zhku/contacts.md#бондаренко-игорь-валентинович";
    searchAndOpen(app, "Бондаренко", second);
    app.key("alt+1");
    app.waitFor("второе переключение", [](const Json& s) {
        return step(s) == "transfer#второе-переключение" && s["call"]["transfers"] == 2;
    });
    app.key("ctrl+t");
    app.waitFor("второй перевод назван", [](const Json& s) {
        return s["call"]["transferNames"][1].get<std::string>().find("Бондаренко") == 0;
    });

    // a third is refused, whichever way it is asked for
    searchAndOpen(app, "Зайцева", "departments/zhku/contacts.md#зайцева-надежда-юрьевна");
    app.key("ctrl+t");
    const Json refused = app.waitFor("третий перевод не принят", [](const Json& s) {
        return s["message"].get<std::string>().find("Не более 2 переводов") == 0;
    });
    CHECK(refused["call"]["transfers"] == 2);
    app.screenshot(shotDir() / "09-two-transfers.png");

    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
    auto journal = sufler::journal::Journal::open(app.journal());
    const auto open = journal.openCalls();
    REQUIRE(open.size() == 1);
    REQUIRE(open[0].transfers.size() == 2);
    CHECK(open[0].transfers[0].to.find("Шилова Вера Анатольевна") == 0);
    CHECK(open[0].transfers[1].to.find("Бондаренко Игорь Валентинович") == 0);
}

namespace {

// Through the script as an operator goes: greeting, needs, search, «Ответ нельзя дать сразу».
void toDeferredScript(ConsoleApp& app) {
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) {
        return s["call"]["active"] == true && step(s) == "incoming#приветствие";
    });
    app.key("alt+1");
    app.waitFor("шаг «Выяснение потребности»",
                [](const Json& s) { return step(s) == "incoming#выяснение-потребности"; });
    app.key("alt+1");
    app.waitFor("шаг «Поиск ответа»",
                [](const Json& s) { return step(s) == "incoming#поиск-ответа"; });
    app.key("alt+3");
    app.waitFor("скрипт отложенного ответа",
                [](const Json& s) { return step(s) == "deferred#контакты-для-ответа"; });
}

sufler::Date dayBefore(sufler::Date day, int days) {
    return sufler::Date(std::chrono::sys_days(day) - std::chrono::days(days));
}

} // namespace

TEST_CASE("console: a deferred answer booked from the script lands in the journal with its due "
          "date",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path());
    writeSettings(app, 0, 0, 1400, 900);
    waitReady(app);
    toDeferredScript(app);
    // the step's first link gives the phone field the keyboard
    typeInto(app, "card:Телефон", kPhone);
    // «Уточнить удобное время»: its link moves the keyboard to the card's field
    app.key("ctrl+2");
    typeInto(app, "card:Удобное время", "с 14 до 17");
    app.waitFor("удобное время в карточке",
                [](const Json& s) { return s["call"]["convenientHours"] == "с 14 до 17"; });
    app.key("alt+1");
    app.waitFor("шаг «Срок ответа»",
                [](const Json& s) { return step(s) == "deferred#срок-ответа"; });
    CHECK(app.state()["call"]["deferredDue"] == "");
    // «Поставить обратный звонок» (sufler:callback) books it in the journal
    app.key("ctrl+2");
    const Json booked = app.waitFor("обратный звонок назначен", [](const Json& s) {
        return !s["call"]["deferredDue"].get<std::string>().empty();
    });
    app.screenshot(shotDir() / "10-deferred.png");
    const std::string due = booked["call"]["deferredDue"];
    // the operator is told the date to say to the caller
    CHECK(booked["message"].get<std::string>().find(due) != std::string::npos);
    // a second booking of the same call is refused, the first stays
    app.key("ctrl+d");
    app.waitFor("повторно не назначается", [](const Json& s) {
        return s["message"].get<std::string>().find("уже назначен") != std::string::npos;
    });
    // «Уже ясно, что нужен письменный запрос»: the step's callback link extends the deadline
    app.key("alt+2");
    app.waitFor("шаг «Продление срока»",
                [](const Json& s) { return step(s) == "deferred#продление-срока"; });
    app.key("ctrl+2");
    const Json extended = app.waitFor(
        "срок продлён", [](const Json& s) { return s["call"]["deferredExtended"] == true; });
    const std::string extendedTo = extended["call"]["deferredDue"];
    CHECK(extendedTo != due);
    app.key("ctrl+shift+d"); // once only
    app.waitFor("повторно не продлевается", [](const Json& s) {
        return s["message"].get<std::string>().find("уже продлён") != std::string::npos;
    });
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);

    auto journal = sufler::journal::Journal::open(app.journal());
    const auto calls = journal.incomingCalls();
    REQUIRE(calls.size() == 1);
    const auto deferred = journal.deferredAnswers();
    REQUIRE(deferred.size() == 1);
    CHECK(deferred[0].callId == calls[0].id);
    CHECK(deferred[0].phone == kPhone);
    CHECK(deferred[0].convenientHours == "с 14 до 17");
    // the next working day after the call's day by the production calendar
    const auto callDay = sufler::parseDate(calls[0].receivedAt.substr(0, 10));
    REQUIRE(callDay);
    CHECK(deferred[0].createdOn == *callDay);
    CHECK(deferred[0].due == sufler::core::WorkCalendar().addWorkingDays(*callDay, 1));
    CHECK(sufler::formatRussianDate(deferred[0].due) == due);
    CHECK_FALSE(deferred[0].done());
    REQUIRE(deferred[0].extendedTo);
    CHECK(*deferred[0].extendedTo ==
          sufler::core::WorkCalendar().addWorkingDays(deferred[0].due, 10));
    CHECK(sufler::formatRussianDate(*deferred[0].extendedTo) == extendedTo);
    CHECK(deferred[0].callerInformed);
    CHECK_FALSE(deferred[0].extensionReason.empty());
}

TEST_CASE("console: F4 lists the callbacks due today and overdue from the journal", "[gui]") {
    Xvfb x;
    TempDir home;
    const sufler::Date today = sufler::todayLocal();
    const sufler::core::WorkCalendar calendar;
    {
        // calls of earlier days with deferred answers: one overdue, one answered, and one due
        // today when today is a working day
        auto journal = sufler::journal::Journal::open(home.path() / "journal.sqlite");
        auto add = [&](sufler::Date day, const std::string& phone, const std::string& question) {
            sufler::journal::IncomingCall call;
            call.receivedAt = sufler::formatIsoDate(day) + " 10:15:00";
            call.phone = phone;
            call.question = question;
            call.source = "cli";
            return journal.addIncoming(call);
        };
        const auto overdue = add(dayBefore(today, 20), "+7 900 111-11-11", "Пособие на ребёнка");
        journal.deferAnswer(overdue, "+7 900 111-11-11", "утром");
        const auto answered = add(dayBefore(today, 15), "+7 900 222-22-22", "Выплата ветерану");
        journal.deferAnswer(answered, "+7 900 222-22-22", "вечером");
        journal.completeDeferred(answered, "ответ дан");
        if (calendar.isWorkingDay(today))
            for (int back = 1; back <= 12; ++back)
                if (calendar.addWorkingDays(dayBefore(today, back), 1) == today) {
                    const auto dueToday =
                        add(dayBefore(today, back), "+7 900 333-33-33", "Субсидия ЖКУ");
                    journal.deferAnswer(dueToday, "+7 900 333-33-33", "после обеда");
                    break;
                }
    }
    const bool expectToday = calendar.isWorkingDay(today);
    ConsoleApp app(x, home.path());
    writeSettings(app, 0, 0, 1400, 900);
    waitReady(app);
    app.key("F4");
    const Json shown = app.waitFor("очередь обратных звонков", [](const Json& s) {
        return s["callbacksOpen"] == true && s["callbacksLoaded"] == true;
    });
    app.screenshot(shotDir() / "11-callbacks.png");
    const auto& rows = shown["callbacks"];
    REQUIRE(rows.size() == (expectToday ? 2u : 1u));
    // oldest deadline first: the overdue one, marked
    CHECK(rows[0]["phone"] == "+7 900 111-11-11");
    CHECK(rows[0]["convenientHours"] == "утром");
    CHECK(rows[0]["question"] == "Пособие на ребёнка");
    CHECK(rows[0]["overdue"] == true);
    CHECK(rows[0]["due"] ==
          sufler::formatRussianDate(calendar.addWorkingDays(dayBefore(today, 20), 1)));
    if (expectToday) {
        CHECK(rows[1]["phone"] == "+7 900 333-33-33");
        CHECK(rows[1]["overdue"] == false);
        CHECK(rows[1]["due"] == sufler::formatRussianDate(today));
    }
    for (const auto& row : rows)
        CHECK(row["phone"] != "+7 900 222-22-22"); // answered: not in the queue
    app.key("Escape");
    app.waitFor("очередь закрыта", [](const Json& s) { return s["callbacksOpen"] == false; });

    // Ctrl+D without the script: it asks for what is missing, then books
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) { return s["call"]["active"] == true; });
    app.key("ctrl+d");
    typeInto(app, "card:Телефон", "+7 900 444-44-44");
    app.key("ctrl+d");
    typeInto(app, "card:Удобное время", "в любое время");
    app.key("ctrl+d");
    app.waitFor("обратный звонок назначен",
                [](const Json& s) { return !s["call"]["deferredDue"].get<std::string>().empty(); });
    // the queue is loaded again after the booking: due the next working day, it is shown as
    // one of the next days', after those due now
    app.key("F4");
    const Json again = app.waitFor("очередь снова", [&](const Json& s) {
        return s["callbacksOpen"] == true && s["callbacks"].size() == rows.size() + 1;
    });
    const auto& booked = again["callbacks"][rows.size()];
    CHECK(booked["phone"] == "+7 900 444-44-44");
    CHECK(booked["upcoming"] == true);
    CHECK(booked["overdue"] == false);
    CHECK(booked["due"] == again["call"]["deferredDue"]);
    for (std::size_t i = 0; i < rows.size(); ++i)
        CHECK(again["callbacks"][i]["upcoming"] == false);
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
}

TEST_CASE("console: F4 records a callback's result in the journal — arrows, Enter, the text, "
          "Enter — and extends another's deadline",
          "[gui]") {
    Xvfb x;
    TempDir home;
    const sufler::Date today = sufler::todayLocal();
    const std::string kFirstPhone = "+7 900 555-55-55";
    const std::string kSecondPhone = "+7 900 666-66-66";
    const std::string kResult = "Разъяснили: нужна справка о доходах за три месяца";
    const std::string kReason = "Нужен письменный запрос в отдел";
    sufler::journal::CallId first = 0, second = 0;
    int secondNumber = 0;
    {
        // two overdue callbacks, whatever day today is: the older deadline comes first; the
        // older one stays overdue after ten more working days, holidays and all
        auto journal = sufler::journal::Journal::open(home.path() / "journal.sqlite");
        auto add = [&](sufler::Date day, const std::string& phone, const std::string& question) {
            sufler::journal::IncomingCall call;
            call.receivedAt = sufler::formatIsoDate(day) + " 11:20:00";
            call.phone = phone;
            call.question = question;
            call.source = "cli";
            const auto id = journal.addIncoming(call);
            journal.deferAnswer(id, phone, "днём");
            return id;
        };
        first = add(dayBefore(today, 40), kFirstPhone, "Компенсация за газ");
        second = add(dayBefore(today, 10), kSecondPhone, "Пособие по уходу за ребёнком");
        secondNumber = journal.incoming(second)->number;
    }
    ConsoleApp app(x, home.path());
    writeSettings(app, 0, 0, 1400, 900);
    waitReady(app);
    // search results on screen too: the arrows must move the queue in front, not these
    typeInto(app, "search", "субсидия");
    const Json searched = app.waitFor("результаты поиска", [](const Json& s) {
        return s["resultsFor"] == "субсидия" && s["results"].size() > 1;
    });
    const std::string searchSelected = searched["selected"];
    app.key("F4");
    const Json shown = app.waitFor("очередь из двух звонков", [](const Json& s) {
        return s["callbacksOpen"] == true && s["callbacks"].size() == 2 &&
               s["callbackSelected"] == 0;
    });
    REQUIRE(shown["callbacks"][0]["phone"] == kFirstPhone);
    REQUIRE(shown["callbacks"][1]["phone"] == kSecondPhone);
    CHECK(shown["callbackResultOpen"] == false);

    // ↓ selects the second, ↑ goes back, ↓ again; it stops at the last row
    app.key("Down");
    app.waitFor("выбран второй", [](const Json& s) { return s["callbackSelected"] == 1; });
    app.key("Up");
    app.waitFor("выбран первый", [](const Json& s) { return s["callbackSelected"] == 0; });
    app.key("Down Down");
    app.waitFor("выбран второй, дальше некуда",
                [](const Json& s) { return s["callbackSelected"] == 1; });
    CHECK(app.state()["selected"] == searchSelected);

    // Enter: the result field for that call, with the keyboard in it
    app.key("Return");
    app.waitFor("поле результата для второго звонка", [&](const Json& s) {
        return s["callbackResultOpen"] == true && s["callbackResultFor"] == secondNumber &&
               s["focus"] == "callbacks:result";
    });
    // an empty result is refused, the field stays open and keeps the keyboard
    app.key("Return");
    const Json refused = app.waitFor("пустой результат не принят", [](const Json& s) {
        return s["message"].get<std::string>().find("Результат не записан") == 0;
    });
    CHECK(refused["callbackResultOpen"] == true);
    CHECK(refused["callbacks"].size() == 2);
    typeInto(app, "callbacks:result", kResult);
    app.waitFor("результат набран",
                [&](const Json& s) { return s["callbackResultText"] == kResult; });
    app.screenshot(shotDir() / "12-callback-result.png");
    app.key("Return");
    const Json recorded = app.waitFor("результат записан, очередь обновлена", [&](const Json& s) {
        return s["message"] == "Результат записан: звонок № " + std::to_string(secondNumber) &&
               s["callbacks"].size() == 1 && s["callbackResultOpen"] == false;
    });
    CHECK(recorded["callbacks"][0]["phone"] == kFirstPhone);
    CHECK(recorded["callbackSelected"] == 0);

    // Ctrl+Shift+D on the row left: its deadline, with a reason, which an empty field is not
    app.key("ctrl+shift+d");
    app.waitFor("поле причины продления", [](const Json& s) {
        return s["callbackEdit"] == "extend" && s["focus"] == "callbacks:result";
    });
    app.key("Return");
    app.waitFor("продление без причины не принято", [](const Json& s) {
        return s["message"].get<std::string>().find("Срок не продлён") == 0 &&
               s["callbackEdit"] == "extend";
    });
    typeInto(app, "callbacks:result", kReason);
    app.waitFor("причина набрана",
                [&](const Json& s) { return s["callbackResultText"] == kReason; });
    app.key("Return");
    const Json extended = app.waitFor("срок продлён", [](const Json& s) {
        return s["message"].get<std::string>().find("Срок продлён: звонок №") == 0 &&
               s["callbackResultOpen"] == false && s["callbacks"].size() == 1 &&
               s["callbacks"][0]["extended"] == true;
    });
    app.screenshot(shotDir() / "13-callback-extended.png");
    const std::string extendedTo = extended["callbacks"][0]["due"];
    CHECK(extended["message"].get<std::string>().find(extendedTo) != std::string::npos);
    app.key("ctrl+shift+d"); // once only
    app.waitFor("повторно не продлевается", [](const Json& s) {
        return s["message"].get<std::string>().find("уже продлён") != std::string::npos &&
               s["callbackResultOpen"] == false;
    });

    // Esc: the first cancels the field, the second closes the queue
    app.key("Return");
    app.waitFor("поле открыто для первого", [](const Json& s) {
        return s["callbackResultOpen"] == true && s["focus"] == "callbacks:result";
    });
    app.type("не дозвонились");
    app.waitFor("набрано",
                [](const Json& s) { return s["callbackResultText"] == "не дозвонились"; });
    app.key("Escape");
    app.waitFor("поле закрыто, очередь открыта", [](const Json& s) {
        return s["callbackResultOpen"] == false && s["callbacksOpen"] == true;
    });
    app.key("Escape");
    app.waitFor("очередь закрыта", [](const Json& s) { return s["callbacksOpen"] == false; });
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);

    // the journal file itself: the second call answered with the text, the first still open
    auto journal = sufler::journal::Journal::open(app.journal());
    const auto answered = journal.deferred(second);
    REQUIRE(answered);
    CHECK(answered->done());
    CHECK(answered->result == kResult);
    CHECK(answered->answeredAt.substr(0, 10) == sufler::formatIsoDate(today));
    const auto waiting = journal.deferred(first);
    REQUIRE(waiting);
    CHECK_FALSE(waiting->done());
    CHECK(waiting->result.empty());
    REQUIRE(waiting->extendedTo);
    CHECK(*waiting->extendedTo == sufler::core::WorkCalendar().addWorkingDays(waiting->due, 10));
    CHECK(sufler::formatRussianDate(*waiting->extendedTo) == extendedTo);
    CHECK(waiting->extensionReason == kReason);
    CHECK(waiting->callerInformed);
    CHECK_FALSE(answered->extendedTo); // the answered one was not touched by the extension
    const auto due = journal.callbacksDue(today);
    REQUIRE(due.size() == 1);
    CHECK(due[0].deferred.callId == first);
}

TEST_CASE("console: a second console on the same journal does not take over the first's live call",
          "[gui]") {
    // the journal a file, or a team's register on the test PostgreSQL server
    const std::string engine = GENERATE(as<std::string>{}, "sqlite", "postgres");
    if (engine == "postgres" && !sufler::test::pgAvailable())
        return;
    INFO("engine: " << engine);
    Xvfb x;
    TempDir homeA, homeB;
    const std::string where = engine == "sqlite" ? (homeA.path() / "journal.sqlite").string()
                                                 : sufler::test::freshPgDatabase();
    writeSettingsFor(homeA.path(), "Оператор Смирнова");
    ConsoleApp a(x, homeA.path(), {"--journal", where});
    waitReady(a);
    startCallAndFillCard(a);
    const int number = a.state()["call"]["number"];
    REQUIRE(number > 0);

    // another workstation (its own data folder) opens the same journal file
    writeSettingsFor(homeB.path(), "Оператор Петров", 100);
    ConsoleApp b(x, homeB.path(), {"--journal", where});
    waitReady(b);
    b.waitFor("очередь прочитана из журнала",
              [](const Json& s) { return s["callbacksLoaded"] == true; });
    // the resume would have come with the queue's first reading: give it a moment more
    std::this_thread::sleep_for(1500ms);
    const Json other = b.state();
    CHECK(other["call"]["active"] == false);
    CHECK(other["message"].get<std::string>().find("не был завершён") == std::string::npos);
    CHECK(readFile(homeB.path() / "app.log").find("не был завершён") == std::string::npos);

    // the first console goes on with its call and closes it; nobody else wrote into it
    a.focus();
    a.key("ctrl+e");
    a.answerSurvey(1, 1);
    b.focus();
    b.key("ctrl+q");
    REQUIRE(b.waitExit(10s) == 0);
    a.focus();
    a.key("ctrl+q");
    REQUIRE(a.waitExit(10s) == 0);
    auto journal = sufler::journal::Journal::open(where);
    CHECK(journal.openCalls().empty());
    const auto calls = journal.incomingCalls();
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].number == number);
    CHECK(calls[0].phone == kPhone);
    CHECK(calls[0].question == "Субсидия на оплату ЖКУ пенсионерке");
    CHECK(calls[0].survey.answered == sufler::journal::Answered::Yes);
}

TEST_CASE("console: the journal's server stops mid-call, the operator goes on, the card waits on "
          "the workstation and reaches the server once it is back",
          "[gui][postgres]") {
    if (!sufler::test::pgAvailable())
        return;
    sufler::test::PgServer pg; // a server of the test's own: it is crashed and restarted
    const std::string where = pg.createDatabase();
    Xvfb x;
    TempDir home;
    writeSettingsFor(home.path(), "Оператор Смирнова");
    ConsoleApp a(x, home.path(), {"--journal", where});
    waitReady(a);
    startCallAndFillCard(a);
    const int number = a.state()["call"]["number"];
    REQUIRE(number == 1); // the server numbered it

    pg.crash();
    a.type(", и про уголь на зиму"); // the question field still has the keyboard
    a.waitFor("нет связи с сервером", [](const Json& s) {
        return s["message"].get<std::string>().find(
                   "нет связи с сервером журнала — записи сохраняются на этом компьютере") !=
               std::string::npos;
    });
    a.key("ctrl+e");
    a.answerSurvey(1, 1);

    pg.restart();
    a.waitFor("связь восстановлена", [](const Json& s) {
        return s["message"].get<std::string>().find("Связь с сервером журнала восстановлена") !=
               std::string::npos;
    });
    auto journal = sufler::journal::Journal::open(where);
    const auto calls = journal.incomingCalls();
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].number == number);
    CHECK(calls[0].question == "Субсидия на оплату ЖКУ пенсионерке, и про уголь на зиму");
    CHECK_FALSE(calls[0].closedAt.empty());
    CHECK(calls[0].survey.answered == sufler::journal::Answered::Yes);
    a.key("ctrl+q");
    REQUIRE(a.waitExit(10s) == 0);
}

TEST_CASE("console: a shortcut pressed right after its own letter was typed is not lost, "
          "however fast the keys come",
          "[gui]") {
    Xvfb x;
    TempDir home;
    writeSettingsFor(home.path(), "Оператор Смирнова");
    ConsoleApp app(x, home.path());
    waitReady(app);
    startCallAndFillCard(app);
    // «у» sits on the E key: its release and the E of Ctrl+E come between two frames. 2 ms
    // apart, not 0: GLFW drops a press with the same X timestamp as the last press of that key
    // (taken for an input method's duplicate), and a person never presses one key twice within
    // a millisecond; a frame is 16 ms or more.
    for (int round = 0; round < 3; ++round) {
        app.key("e ctrl+e", 2);
        app.waitFor("опрос после «у» и Ctrl+E",
                    [](const Json& s) { return s["call"]["surveyMode"] == true; });
        app.key("Escape");
        app.waitFor("опрос закрыт", [](const Json& s) { return s["call"]["surveyMode"] == false; });
        app.key("ctrl+k");
        app.waitFor("карточка", [](const Json& s) {
            return s["focus"].get<std::string>().rfind("card:", 0) == 0;
        });
    }
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);
}

TEST_CASE("console: a callback taken in one console shows as taken in the other's F4 within "
          "seconds, and is not taken twice",
          "[gui]") {
    Xvfb x;
    TempDir homeA, homeB, shared;
    const auto journalFile = shared.path() / "journal.sqlite";
    sufler::journal::CallId id = 0;
    int number = 0;
    {
        auto journal = sufler::journal::Journal::open(journalFile);
        sufler::journal::IncomingCall call;
        call.receivedAt = sufler::formatIsoDate(dayBefore(sufler::todayLocal(), 20)) + " 10:00:00";
        call.phone = "+7 900 121-21-21";
        call.question = "Компенсация за газ";
        call.source = "cli";
        id = journal.addIncoming(call);
        journal.deferAnswer(id, call.phone, "днём");
        number = journal.incoming(id)->number;
    }
    writeSettingsFor(homeA.path(), "Оператор Смирнова");
    writeSettingsFor(homeB.path(), "Оператор Петров", 100);
    ConsoleApp a(x, homeA.path(), {"--journal", journalFile.string()});
    waitReady(a);
    ConsoleApp b(x, homeB.path(), {"--journal", journalFile.string()});
    waitReady(b);
    auto queueOpen = [](const Json& s) {
        return s["callbacksOpen"] == true && s["callbacks"].size() == 1;
    };
    b.key("F4");
    const Json freeInB = b.waitFor("очередь во втором пульте", queueOpen);
    CHECK(freeInB["callbacks"][0]["takenBy"] == "");
    a.focus();
    a.key("F4");
    a.waitFor("очередь в первом пульте", queueOpen);

    // Enter in the first console takes it; the field for the result opens there
    a.key("Return");
    a.waitFor("взят первым пультом", [](const Json& s) {
        return s["callbackResultOpen"] == true && s["callbacks"].size() == 1 &&
               s["callbacks"][0]["takenBy"] == "Оператор Смирнова" &&
               s["callbacks"][0]["takenHere"] == true;
    });
    const auto takenAt = std::chrono::steady_clock::now();
    // the other console, doing nothing, shows it taken
    const Json seen = b.waitFor(
        "второй пульт видит «взял»",
        [](const Json& s) { return s["callbacks"][0]["takenBy"] == "Оператор Смирнова"; }, 5s);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - takenAt).count();
    WARN("взятый звонок виден в другом пульте через " << seconds << " с");
    CHECK(seconds < 2.0);
    CHECK(seen["callbacks"][0]["takenHere"] == false);
    b.screenshot(shotDir() / "14-callback-taken-elsewhere.png");

    // Enter in the second console: refused, naming who has it
    b.focus();
    b.key("Return");
    const Json refused = b.waitFor("второй пульт не взял", [](const Json& s) {
        return s["message"].get<std::string>().find("Обратный звонок не взят") == 0;
    });
    const std::string said = refused["message"];
    CHECK(said.find("Оператор Смирнова") != std::string::npos);
    CHECK(said.find("№ " + std::to_string(number)) != std::string::npos);
    CHECK(refused["callbackResultOpen"] == false);

    // the first records the result: the row leaves the other console's queue too
    a.focus();
    typeInto(a, "callbacks:result", "Разъяснили порядок компенсации");
    a.key("Return");
    a.waitFor("результат записан", [](const Json& s) { return s["callbacks"].size() == 0; });
    b.waitFor(
        "во втором пульте строки больше нет",
        [](const Json& s) { return s["callbacks"].size() == 0; }, 5s);
    for (ConsoleApp* app : {&a, &b}) {
        app->focus();
        app->key("ctrl+q");
        REQUIRE(app->waitExit(10s) == 0);
    }
    auto journal = sufler::journal::Journal::open(journalFile);
    const auto answered = journal.deferred(id);
    REQUIRE(answered);
    CHECK(answered->done());
    CHECK(answered->result == "Разъяснили порядок компенсации");
    REQUIRE(answered->claim);
    CHECK(answered->claim->operatorName == "Оператор Смирнова");
}

TEST_CASE("console: «ответ устарел», «нет ответа в базе» and searches that found nothing go to "
          "the journal",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path());
    writeSettings(app, 0, 0, 1400, 900);
    waitReady(app);
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) { return s["call"]["active"] == true; });
    searchAndOpen(app, "субсидия жку", kFaq);
    app.key("ctrl+u");
    app.waitFor("запись отмечена", [](const Json& s) { return contains(s["flagged"], kFaq); });
    app.key("ctrl+u"); // twice: flagged once
    app.waitFor("уже отмечена", [](const Json& s) {
        return s["message"].get<std::string>().find("уже отмечена") != std::string::npos;
    });
    // a search that finds nothing, typed letter by letter, then the operator moves on
    const std::string nothing = "щывзхъжэ";
    app.key("ctrl+f");
    app.waitFor("клавиатура в поиске", [&](const Json& s) { return s["focus"] == "search"; });
    app.key("ctrl+a BackSpace");
    app.type(nothing);
    app.waitFor("ничего не найдено",
                [&](const Json& s) { return s["resultsFor"] == nothing && s["results"].empty(); });
    app.key("ctrl+k");
    app.waitFor("клавиатура в карточке",
                [](const Json& s) { return s["focus"] == "card:Телефон"; });
    app.waitFor("пустой поиск записан",
                [&](const Json& s) { return s["emptySearchRecorded"] == nothing; });
    // another one, and the operator just stops typing: recorded after the pause
    const std::string nothingElse = "ъхзщшгнек";
    app.key("ctrl+f");
    app.waitFor("клавиатура в поиске", [&](const Json& s) { return s["focus"] == "search"; });
    app.key("ctrl+a BackSpace");
    app.type(nothingElse);
    app.waitFor("записан после паузы", [&](const Json& s) {
        return s["emptySearchRecorded"] == nothingElse && s["focus"] == "search";
    });
    app.key("ctrl+k");
    app.waitFor("клавиатура в карточке",
                [](const Json& s) { return s["focus"] == "card:Телефон"; });
    app.key("ctrl+shift+n");
    app.waitFor("звонок отмечен", [](const Json& s) { return s["call"]["kbNoAnswer"] == true; });
    app.key("ctrl+q");
    REQUIRE(app.waitExit(10s) == 0);

    auto journal = sufler::journal::Journal::open(app.journal());
    const auto calls = journal.incomingCalls();
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].kbAnswer == sufler::journal::KbAnswer::NotFound);
    const auto flags = journal.flags();
    REQUIRE(flags.size() == 2);
    int outdated = 0, noAnswer = 0;
    for (const auto& flag : flags) {
        REQUIRE(flag.callId);
        CHECK(*flag.callId == calls[0].id);
        if (flag.kind == sufler::journal::FlagKind::Outdated) {
            ++outdated;
            CHECK(flag.entryId == kFaq);
            CHECK(flag.department == "zhku");
        } else {
            ++noAnswer;
            CHECK(flag.department == "zhku"); // the call's topic: the entry opened
        }
    }
    CHECK(outdated == 1);
    CHECK(noAnswer == 1);
    // the query as the operator left it, once: not every prefix typed on the way, not the
    // search that found something
    const auto searches = journal.emptySearches();
    REQUIRE(searches.size() == 2);
    CHECK(searches[0].query == nothing);
    CHECK(searches[1].query == nothingElse);
    CHECK(searches[0].department == "zhku");
    REQUIRE(searches[0].callId);
    CHECK(*searches[0].callId == calls[0].id);
    // and the department heads' listing shows them
    const auto listed =
        runCommand(quote(binary("sufler").string()) + " journal flags --json --journal " +
                   quote(app.journal().string()));
    REQUIRE(listed.exitCode == 0);
    const Json byDepartment = Json::parse(listed.output);
    CHECK(byDepartment["zhku"]["outdated"] == 1);
    CHECK(byDepartment["zhku"]["no_answer"] == 1);
    CHECK(byDepartment["zhku"]["empty_searches"] == 2);
}

TEST_CASE("console: the senior's panel (F6) shows another console's operator on a call within "
          "seconds, and today's calls, and without --senior the key says whom it is for",
          "[gui][senior]") {
    Xvfb x;
    TempDir homeOperator, homeSenior, shared;
    const auto journalFile = shared.path() / "journal.sqlite";
    writeSettingsFor(homeOperator.path(), "Оператор Смирнова");
    writeSettingsFor(homeSenior.path(), "Старшая Петрова", 100);
    ConsoleApp op(x, homeOperator.path(), {"--journal", journalFile.string()});
    waitReady(op);
    ConsoleApp senior(x, homeSenior.path(), {"--journal", journalFile.string(), "--senior"});
    waitReady(senior);

    // an operator's console: F6 opens nothing and says whom the panel is for
    op.focus();
    op.key("F6");
    const Json refused = op.waitFor("F6 без --senior", [](const Json& s) {
        return s["message"] == "панель старшего оператора — для старшего смены (sufler-app "
                               "--senior)";
    });
    CHECK(refused["seniorOpen"] == false);
    CHECK(refused["senior"].is_null());

    // the senior's console: the panel, read from the journal, nobody on a call yet
    senior.focus();
    senior.key("F6");
    const Json empty = senior.waitFor("панель старшего открыта", [](const Json& s) {
        return s["seniorOpen"] == true && s["senior"].is_object();
    });
    CHECK(empty["senior"]["inProgress"].empty());
    CHECK(empty["senior"]["today"].empty());
    CHECK(empty["seniorError"] == "");

    // the operator takes a call at once (long before the panel's next reading by the clock);
    // the senior, doing nothing, sees it by the journal's change feed
    op.focus();
    const auto startedAt = std::chrono::steady_clock::now();
    op.key("ctrl+n");
    const Json started = op.waitFor("звонок начат у оператора", [](const Json& s) {
        return s["call"]["active"] == true && s["call"]["number"].get<int>() > 0;
    });
    const Json seen = senior.waitFor(
        "старший видит оператора на звонке",
        [](const Json& s) {
            const Json& panel = s["senior"];
            return panel.is_object() && panel["inProgress"].size() == 1 &&
                   panel["today"].contains("Оператор Смирнова");
        },
        5s);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - startedAt).count();
    WARN("звонок оператора виден на панели старшего через " << seconds << " с");
    CHECK(seconds < 2.0);
    const Json& onCall = seen["senior"]["inProgress"][0];
    CHECK(onCall["operator"] == "Оператор Смирнова");
    CHECK(onCall["call"] == started["call"]["number"]);
    CHECK(seen["senior"]["today"]["Оператор Смирнова"]["incoming"] == 1);
    CHECK(seen["senior"]["today"]["Оператор Смирнова"]["closed"] == 0);
    // the call's duration goes on while the panel is open, between readings too
    const int firstSeconds = onCall["seconds"];
    const Json later = senior.waitFor(
        "длительность звонка растёт",
        [&](const Json& s) {
            return s["senior"]["inProgress"].size() == 1 &&
                   s["senior"]["inProgress"][0]["seconds"].get<int>() >= firstSeconds + 2;
        },
        8s);
    CHECK(later["senior"]["inProgress"][0]["shown"].get<std::string>().find(':') !=
          std::string::npos);
    senior.screenshot(shotDir() / "15-senior-panel.png");

    // the call ends: off the panel, counted as closed today
    op.focus();
    op.key("ctrl+e"); // no question on the card: the second Ctrl+E confirms it
    op.waitFor("вопрос не записан", [](const Json& s) {
        return s["message"].get<std::string>().find("Вопрос абонента не записан") !=
               std::string::npos;
    });
    op.key("ctrl+e");
    op.answerSurvey(1, 1);
    const Json after = senior.waitFor(
        "старший видит завершённый звонок",
        [](const Json& s) {
            return s["senior"]["inProgress"].empty() &&
                   s["senior"]["today"]["Оператор Смирнова"]["closed"] == 1;
        },
        5s);
    CHECK(after["senior"]["today"]["Оператор Смирнова"]["incoming"] == 1);
    CHECK(after["senior"]["today"]["Оператор Смирнова"]["answered"] == 1);

    // Esc closes the panel
    senior.focus();
    senior.key("Escape");
    senior.waitFor("панель закрыта", [](const Json& s) { return s["seniorOpen"] == false; });
    for (ConsoleApp* app : {&op, &senior}) {
        app->focus();
        app->key("ctrl+q");
        REQUIRE(app->waitExit(10s) == 0);
    }
}

TEST_CASE("console: a question the KB does not answer shows «в базе нет ответа» with the "
          "out-of-competence script on Ctrl+O and the agencies of the directory",
          "[gui]") {
    Xvfb x;
    TempDir home;
    ConsoleApp app(x, home.path());
    writeSettings(app, 0, 0, 1400, 900);
    waitReady(app);
    app.key("ctrl+n");
    app.waitFor("звонок начат", [](const Json& s) {
        return s["call"]["active"] == true && step(s) == "incoming#приветствие";
    });
    const auto ask = [&](const std::string& query, const std::string& what,
                         const std::function<bool(const Json&)>& ready) {
        app.key("ctrl+f");
        app.waitFor("клавиатура в поиске", [&](const Json& s) { return s["focus"] == "search"; });
        app.key("ctrl+a BackSpace");
        app.type(query);
        return app.waitFor(what,
                           [&](const Json& s) { return s["resultsFor"] == query && ready(s); });
    };
    // a question the KB answers: no banner, no agencies
    const Json answered = ask("субсидия жку", "ответ найден",
                              [](const Json& s) { return contains(s["results"], kFaq); });
    CHECK(answered["noAnswer"] == false);
    CHECK(answered["agencies"].empty());
    CHECK(answered["noAnswerScript"] == "");
    // one the KB does not: said so, the script offered, the agencies that fit
    const std::string transport =
        "directory/agencies.md#министерство-транспорта-и-дорожного-хозяйства-энской-области";
    const Json banner = ask("расписание электричек до города", "в базе нет ответа",
                            [](const Json& s) { return s["noAnswer"] == true; });
    CHECK(banner["noAnswerScript"] == "Вопрос вне компетенции министерства");
    CHECK(contains(banner["agencies"], transport));
    for (const auto& agency : banner["agencies"])
        CHECK(agency.get<std::string>().rfind("directory/", 0) == 0);
    app.screenshot(shotDir() / "no-answer.png", true);
    // one key: on to the script, and back to where the call was
    app.key("ctrl+o");
    app.waitFor("сценарий вне компетенции", [](const Json& s) {
        return step(s) == "out-of-competence#вопрос-вне-компетенции";
    });
    app.key("alt+BackSpace");
    app.waitFor("назад к приветствию",
                [](const Json& s) { return step(s) == "incoming#приветствие"; });
}
