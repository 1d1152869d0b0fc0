// Training mode end to end: a real sufler-app --training in Xvfb, driven with the keyboard by
// xdotool — an entry studied from the plan, then a one-call exam taken on the real search and
// the real incoming script, the result screen photographed (ImageMagick) and checked not blank,
// and the score found in training.sqlite while the call journal stays untouched.
#include "sufler/training/store.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <poll.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// fork + exec with extra environment, output to `log`; the child gets its own process group.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            const std::string& log, int keepFd = -1) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        for (const auto& e : env) {
            const auto eq = e.find('=');
            if (eq + 1 == e.size())
                unsetenv(e.substr(0, eq).c_str());
            else
                setenv(e.substr(0, eq).c_str(), e.substr(eq + 1).c_str(), 1);
        }
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        for (int other = 3; other < 256; ++other)
            if (other != keepFd)
                close(other);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    return pid;
}

int reap(pid_t pid, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (done < 0)
            return -2;
        if (Clock::now() > deadline)
            return -1;
        std::this_thread::sleep_for(20ms);
    }
}

void stop(pid_t pid) {
    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    if (reap(pid, 5s) == -1) {
        kill(pid, SIGKILL);
        reap(pid, 5s);
    }
}

// Xvfb on a display it picks itself (-displayfd), with a us+ru keyboard for typing Cyrillic.
struct Server {
    pid_t pid = -1;
    std::string display;
    explicit Server(const fs::path& home) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        pid = spawn({"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", "1600x1000x24",
                     "-nolisten", "tcp", "-noreset"},
                    {}, (home / "xvfb.log").string(), fds[1]);
        close(fds[1]);
        std::string number;
        const auto deadline = Clock::now() + 15s;
        while (Clock::now() < deadline && number.find('\n') == std::string::npos) {
            pollfd p{fds[0], POLLIN, 0};
            if (poll(&p, 1, 100) > 0) {
                char buffer[32];
                const auto n = read(fds[0], buffer, sizeof buffer);
                if (n <= 0)
                    break;
                number.append(buffer, static_cast<std::size_t>(n));
            }
        }
        close(fds[0]);
        REQUIRE(number.find('\n') != std::string::npos); // Xvfb (xvfb package) started
        display = ":" + number.substr(0, number.find('\n'));
        REQUIRE(
            sufler::test::runCommand("DISPLAY=" + display + " setxkbmap -layout us,ru").exitCode ==
            0);
    }
    ~Server() { stop(pid); }
};

struct App {
    const Server& server;
    fs::path home;
    pid_t pid = -1;

    App(const Server& s, fs::path h, const std::vector<std::string>& extra) : server(s), home(h) {
        std::vector<std::string> argv = {sufler::test::binary("sufler-app").string(),
                                         "--kb",
                                         sufler::test::demoKb().string(),
                                         "--journal",
                                         journal().string(),
                                         "--state-file",
                                         (home / "state.json").string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        pid = spawn(argv,
                    {"DISPLAY=" + s.display,
                     "WAYLAND_DISPLAY=", "XDG_CONFIG_HOME=" + (home / "config").string(),
                     "XDG_CACHE_HOME=" + (home / "cache").string(),
                     "XDG_DATA_HOME=" + (home / "data").string()},
                    (home / "app.log").string());
    }
    ~App() {
        if (pid > 0) {
            kill(pid, SIGKILL);
            reap(pid, 5s);
        }
    }
    [[nodiscard]] fs::path journal() const { return home / "journal.sqlite"; }

    [[nodiscard]] Json state() const {
        std::ifstream in(home / "state.json");
        if (!in)
            return Json();
        try {
            return Json::parse(in);
        } catch (const std::exception&) {
            return Json();
        }
    }

    Json waitFor(const std::string& what, const std::function<bool(const Json&)>& ready,
                 std::chrono::milliseconds timeout = 20s) {
        const auto deadline = Clock::now() + timeout;
        Json last;
        for (;;) {
            last = state();
            try {
                if (!last.is_null() && ready(last))
                    return last;
            } catch (const std::exception&) {
                // a field not there yet
            }
            if (pid > 0 && reap(pid, 0ms) >= 0) {
                pid = -1;
                FAIL("sufler-app exited while waiting for "
                     << what << "\n"
                     << sufler::test::readFile(home / "app.log"));
            }
            if (Clock::now() > deadline) {
                auto log = sufler::test::readFile(home / "app.log");
                if (log.size() > 6000)
                    log = log.substr(log.size() - 6000);
                FAIL("timed out waiting for " << what << "\nlast state: " << last.dump(1)
                                              << "\nlog:\n"
                                              << log);
            }
            std::this_thread::sleep_for(25ms);
        }
    }

    std::string x(const std::string& command) const {
        const auto r = sufler::test::runCommand("DISPLAY=" + server.display + " " + command, true);
        INFO(command << " → " << r.output);
        REQUIRE(r.exitCode == 0);
        return r.output;
    }
    // Each of `keys` («ctrl+1 alt+1 Return»): a chord's modifier goes down first and up last.
    // (`xdotool key alt+1` lets the modifier go before the key, and a frame that sees both
    // would take a bare «1».)
    void key(const std::string& keys) const {
        std::string command = "xdotool";
        std::size_t start = 0;
        while (start < keys.size()) {
            auto end = keys.find(' ', start);
            if (end == std::string::npos)
                end = keys.size();
            const std::string chord = keys.substr(start, end - start);
            start = end + 1;
            if (chord.empty())
                continue;
            const auto plus = chord.rfind('+');
            if (plus == std::string::npos) {
                command += " key --delay 40 " + chord;
                continue;
            }
            const std::string mods = chord.substr(0, plus);
            std::string down, up;
            for (std::size_t at = 0; at <= mods.size();) {
                auto next = mods.find('+', at);
                if (next == std::string::npos)
                    next = mods.size();
                down += " keydown --delay 40 " + mods.substr(at, next - at);
                up = " keyup --delay 40 " + mods.substr(at, next - at) + up;
                at = next + 1;
            }
            command += down + " key --delay 40 " + chord.substr(plus + 1) + up;
        }
        x(command);
    }
    void type(const std::string& text) const { x("xdotool type --delay 25 -- " + quote(text)); }

    void focusWindow() {
        const auto deadline = Clock::now() + 20s;
        for (;;) {
            const auto found = sufler::test::runCommand("DISPLAY=" + server.display +
                                                        " xdotool search --onlyvisible --name " +
                                                        quote("Суфлёр") + " 2>/dev/null");
            if (found.exitCode == 0 && !found.output.empty()) {
                x("xdotool windowfocus --sync " + found.output.substr(0, found.output.find('\n')));
                return;
            }
            REQUIRE(Clock::now() < deadline);
            std::this_thread::sleep_for(50ms);
        }
    }
};

int colours(const fs::path& png) {
    const auto r = sufler::test::runCommand("convert " + quote(png.string()) + " -format %k info:");
    return r.exitCode == 0 ? std::atoi(r.output.c_str()) : -1;
}

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
    for (const char* sign : {"«", "»", "—", "–", "…", "№"})
        for (auto at = out.find(sign); at != std::string::npos; at = out.find(sign))
            out.replace(at, std::string(sign).size(), " ");
    return out;
}

} // namespace

TEST_CASE("training mode under Xvfb: study an entry, take a one-call exam by keyboard, see the "
          "result") {
    sufler::test::TempDir home;
    Server server(home.path());
    const std::string trainee = "Обучаемая Тестова";
    App app(server, home.path(),
            {"--training", "--exam-calls", "1", "--seed", "5", "--read-seconds", "1"});
    app.focusWindow();
    app.waitFor("the trainee's name asked", [](const Json& s) {
        return s["training"]["screen"] == "name" && s["training"]["nameActive"].get<bool>();
    });
    app.type(trainee);
    app.key("Return");
    app.waitFor("the training menu and a ready index", [&](const Json& s) {
        return s["training"]["screen"] == "menu" && s["training"]["trainee"] == trainee &&
               s["indexReady"].get<bool>() && s["kbGeneration"].get<int>() > 0;
    });

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
    const fs::path shot = fs::path(SUFLER_BIN_DIR).parent_path() / "tests" / "training-result.png";
    app.x("import -window root " + quote(shot.string()));
    CHECK(colours(shot) > 50); // a blank or single-colour screen means nothing was drawn

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
    const int exitCode = reap(app.pid, 10s);
    INFO("log: " << sufler::test::readFile(home.path() / "app.log"));
    CHECK(exitCode == 0);
    app.pid = -1;

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
