#include "gui_harness.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace sufler::test {

ClockAt::ClockAt(const std::string& now) {
    ::setenv("SUFLER_NOW", now.c_str(), 1);
}

ClockAt::~ClockAt() {
    ::unsetenv("SUFLER_NOW");
}

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// fork + execvp with `env` overriding the environment; stdout and stderr go to `output`
// (or /dev/null). Returns the child's pid.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            const fs::path& output, int keepFd = -1) {
    std::vector<std::string> environment;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        const std::string name = entry.substr(0, entry.find('='));
        bool overridden = false;
        for (const auto& set : env)
            overridden = overridden || set.substr(0, set.find('=')) == name;
        if (!overridden)
            environment.push_back(entry);
    }
    for (const auto& set : env)
        if (set.find('=') != std::string::npos && set.back() != '=')
            environment.push_back(set); // «NAME=» removes NAME
    std::vector<char*> args, envp;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& e : environment)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    const std::string out = output.empty() ? std::string("/dev/null") : output.string();

    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        setpgid(0, 0); // its own group: a stray child never gets the test's signals
        const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        const int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) {
            dup2(devnull, 0);
            close(devnull);
        }
        for (int other = 3; other < 256; ++other)
            if (other != keepFd)
                close(other);
        environ = envp.data();
        execvp(args[0], args.data());
        _exit(127);
    }
    return pid;
}

// waitpid with a deadline; returns the exit code (128+signal when killed), -1 on timeout.
int waitChild(pid_t pid, std::chrono::milliseconds timeout) {
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

// SUFLER_CONSOLE_TEST_KB: another copy of the demo KB (e.g. with local changes).
fs::path kbForTests() {
    const char* other = std::getenv("SUFLER_CONSOLE_TEST_KB");
    return other && *other ? fs::path(other) : demoKb();
}

} // namespace

std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

int colourCount(const fs::path& png, const std::string& crop) {
    const auto result =
        runCommand("convert " + quote(png.string()) +
                   (crop.empty() ? "" : " -crop " + crop + " +repage") + " -format %k info:");
    if (result.exitCode != 0)
        return -1;
    try {
        return std::stoi(result.output);
    } catch (const std::exception&) {
        return -1;
    }
}

// ------------------------------------------------------------------ Xvfb

Xvfb::Xvfb(const std::string& screen) {
    int fds[2];
    if (pipe(fds) != 0)
        throw std::runtime_error("pipe failed");
    m_pid = spawn({"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", screen,
                   "-nolisten", "tcp", "-noreset"},
                  {}, {}, fds[1]);
    close(fds[1]);
    // the server writes its display number when it is ready for clients
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
    if (number.empty() || number.find('\n') == std::string::npos) {
        const int code = waitChild(m_pid, 1s);
        if (code == -1) {
            kill(m_pid, SIGKILL);
            waitChild(m_pid, 5s);
        }
        m_pid = -1;
        throw std::runtime_error(code == 127 ? "Xvfb не найден (tools/install-deps.sh ставит xvfb)"
                                             : "Xvfb не запустился");
    }
    m_display = ":" + number.substr(0, number.find('\n'));
    // The Russian layout, as at an operator's desk: xdotool types Cyrillic without remapping
    // keys on the fly (which loses characters); -noreset keeps it while no client is connected.
    const auto layout = runCommand("DISPLAY=" + m_display + " setxkbmap -layout ru", true);
    if (layout.exitCode != 0)
        throw std::runtime_error("setxkbmap не сработал: " + layout.output);
}

Xvfb::~Xvfb() {
    if (m_pid > 0) {
        kill(m_pid, SIGTERM);
        if (waitChild(m_pid, 5s) == -1) {
            kill(m_pid, SIGKILL);
            waitChild(m_pid, 5s);
        }
    }
}

// ------------------------------------------------------------------ the console

ConsoleApp::ConsoleApp(const Xvfb& x, fs::path home, std::vector<std::string> extraArgs,
                       const fs::path& kb)
    : m_x(x), m_home(std::move(home)), m_journal(m_home / "journal.sqlite") {
    fs::create_directories(m_home);
    // its own runtime folder, as a session's is: the socket of the PBX's ring is there
    fs::create_directories(runtimeDir());
    fs::permissions(runtimeDir(), fs::perms::owner_all, fs::perm_options::replace);
    std::error_code ec;
    fs::remove(stateFile(), ec);
    std::vector<std::string> argv = {binary("sufler-app").string(), "--kb",
                                     (kb.empty() ? kbForTests() : kb).string(), "--state-file",
                                     stateFile().string()};
    const auto named = std::find(extraArgs.begin(), extraArgs.end(), "--journal");
    if (named != extraArgs.end() && std::next(named) != extraArgs.end())
        m_journal = *std::next(named);
    else
        argv.insert(argv.end(), {"--journal", m_journal.string()});
    argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
    m_pid = spawn(argv,
                  {"DISPLAY=" + x.display(),
                   "WAYLAND_DISPLAY=", "XDG_CONFIG_HOME=" + (m_home / "config").string(),
                   "XDG_CACHE_HOME=" + (m_home / "cache").string(),
                   "XDG_DATA_HOME=" + (m_home / "data").string(),
                   "XDG_RUNTIME_DIR=" + runtimeDir().string()},
                  m_home / "app.log");
}

ConsoleApp::~ConsoleApp() {
    if (m_pid > 0 && m_exitCode < 0) {
        kill(m_pid, SIGKILL);
        waitChild(m_pid, 5s);
    }
}

bool ConsoleApp::running() {
    if (m_exitCode >= 0)
        return false;
    const int code = waitChild(m_pid, 0ms);
    if (code >= 0) {
        m_exitCode = code;
        return false;
    }
    return true;
}

std::string ConsoleApp::stderrText() const {
    return readFile(m_home / "app.log");
}

Json ConsoleApp::state() const {
    std::ifstream in(stateFile());
    if (!in)
        return Json();
    try {
        return Json::parse(in);
    } catch (const std::exception&) {
        return Json(); // written by rename, so this is only a missing file
    }
}

Json ConsoleApp::waitFor(const std::string& what, const std::function<bool(const Json&)>& ready,
                         std::chrono::milliseconds timeout) {
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
        if (!running())
            FAIL("sufler-app вышел (код " << m_exitCode << ") в ожидании: " << what << "\n"
                                          << stderrText());
        if (Clock::now() > deadline) {
            // the end of the program's output (with SUFLER_CONSOLE_TRACE=1, its key events)
            std::string log = stderrText();
            if (log.size() > 4000)
                log = log.substr(log.size() - 4000);
            FAIL("не дождались: " << what << "\nпоследнее состояние: " << last.dump(1)
                                  << "\nвывод sufler-app:\n"
                                  << log);
        }
        std::this_thread::sleep_for(25ms);
    }
}

std::string ConsoleApp::x(const std::string& command) const {
    const auto result = runCommand("DISPLAY=" + m_x.display() + " " + command, true);
    if (result.exitCode != 0)
        FAIL(command << " → код " << result.exitCode << ": " << result.output);
    return result.output;
}

std::string ConsoleApp::waitForWindow(std::chrono::milliseconds timeout,
                                      bool answerOperatorPrompt) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const auto found =
            runCommand("DISPLAY=" + m_x.display() + " xdotool search --onlyvisible --name " +
                       quote("Суфлёр") + " 2>/dev/null");
        if (found.exitCode == 0 && !found.output.empty()) {
            // several consoles on one display: the window whose _NET_WM_PID is this process
            std::vector<std::string> windows;
            for (std::size_t at = 0; at < found.output.size();) {
                const auto end = found.output.find('\n', at);
                const std::string line = found.output.substr(
                    at, end == std::string::npos ? std::string::npos : end - at);
                if (!line.empty())
                    windows.push_back(line);
                at = end == std::string::npos ? found.output.size() : end + 1;
            }
            bool pidsKnown = false; // a window without _NET_WM_PID is told by being the only one
            for (const auto& window : windows) {
                const auto pid = runCommand("DISPLAY=" + m_x.display() + " xdotool getwindowpid " +
                                            window + " 2>/dev/null");
                pidsKnown = pidsKnown || pid.exitCode == 0;
                if (pid.exitCode == 0 && std::atoi(pid.output.c_str()) == m_pid)
                    m_window = window;
            }
            if (m_window.empty() && !pidsKnown && windows.size() == 1)
                m_window = windows.front();
            if (!m_window.empty())
                break;
        }
        if (!running())
            FAIL("sufler-app вышел до появления окна (код " << m_exitCode << ")\n" << stderrText());
        if (Clock::now() > deadline)
            FAIL("окно sufler-app не появилось");
        std::this_thread::sleep_for(50ms);
    }
    // no window manager under Xvfb: the window gets the keyboard explicitly
    focus();
    if (answerOperatorPrompt) {
        const Json first =
            waitFor("первый кадр", [](const Json& s) { return s.contains("operatorPrompt"); });
        if (first["operatorPrompt"]["open"] == true) {
            waitFor("поле ФИО", [](const Json& s) { return s["focus"] == "operator"; });
            key(first["operatorPrompt"]["text"].get<std::string>().empty() ? "Escape" : "Return");
            waitFor("оператор выбран",
                    [](const Json& s) { return s["operatorPrompt"]["open"] == false; });
        }
    }
    return m_window;
}

void ConsoleApp::focus() {
    x("xdotool windowfocus --sync " + m_window);
}

namespace {

// The Russian layout's key on the place of a Latin letter: Ctrl+N is pressed on «т».
std::string onRussianLayout(const std::string& combo) {
    static const char* const cyrillic[26] = {
        "ef",   "i",  "es",  "ve",       "u",   "a",     "pe", "er",     "sha",
        "o",    "el", "de",  "softsign", "te",  "shcha", "ze", "shorti", "ka",
        "yeru", "ie", "ghe", "em",       "tse", "che",   "en", "ya"};
    const auto plus = combo.rfind('+');
    const std::string last = combo.substr(plus == std::string::npos ? 0 : plus + 1);
    if (last.size() != 1 || last[0] < 'a' || last[0] > 'z')
        return combo;
    std::string name = cyrillic[last[0] - 'a'];
    if (combo.find("shift+") != std::string::npos)
        for (char& c : name)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return combo.substr(0, combo.size() - 1) + "Cyrillic_" + name;
}

} // namespace

void ConsoleApp::key(const std::string& keys, int delayMs) {
    std::string translated;
    std::size_t start = 0;
    while (start < keys.size()) {
        auto end = keys.find(' ', start);
        if (end == std::string::npos)
            end = keys.size();
        if (end > start)
            translated += " " + onRussianLayout(keys.substr(start, end - start));
        start = end + 1;
    }
    x("xdotool key --delay " + std::to_string(delayMs) + translated);
}

Json ConsoleApp::answerSurvey(int first, int second) {
    waitFor("опрос", [](const Json& s) { return s["call"]["surveyMode"] == true; });
    key(std::to_string(first));
    key(std::to_string(second));
    return waitFor("звонок завершён", [](const Json& s) { return s["call"]["closed"] == true; });
}

void ConsoleApp::typeWhere(const std::string& where, const std::string& text) {
    waitFor("клавиатура в " + where, [&](const Json& s) { return s["focus"] == where; });
    type(text);
}

void ConsoleApp::type(const std::string& text) {
    x("xdotool type --delay 25 -- " + quote(text));
}

void ConsoleApp::screenshot(const fs::path& file, bool windowOnly) {
    fs::create_directories(file.parent_path());
    x("import -window " + (windowOnly && !m_window.empty() ? m_window : std::string("root")) + " " +
      quote(file.string()));
    const int colours = colourCount(file);
    INFO("снимок " << file.string());
    CHECK(colours > 50); // a blank or single-colour screen means nothing was drawn
}

int ConsoleApp::stop(int signal, std::chrono::milliseconds timeout) {
    if (!running())
        return m_exitCode;
    kill(m_pid, signal);
    return waitExit(timeout);
}

int ConsoleApp::waitExit(std::chrono::milliseconds timeout) {
    if (m_exitCode >= 0)
        return m_exitCode;
    const int code = waitChild(m_pid, timeout);
    if (code >= 0)
        m_exitCode = code;
    return code;
}

} // namespace sufler::test
