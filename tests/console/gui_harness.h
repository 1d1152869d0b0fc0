#pragma once
// A real X server (Xvfb) and a real `sufler-app` in it, driven by xdotool as an operator would
// drive it: keys and typed text only. What the console did is read back from its state file
// (--state-file), its journal and screenshots.
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sufler::test {

using namespace std::chrono_literals;
using Json = nlohmann::json;

// SUFLER_NOW for what this process starts from here on (the console and the command line), put
// back when it goes out of scope.
class ClockAt {
public:
    explicit ClockAt(const std::string& now);
    ~ClockAt();
    ClockAt(const ClockAt&) = delete;
    ClockAt& operator=(const ClockAt&) = delete;
};

// Xvfb on a free display (chosen by the server itself through -displayfd), with the Russian
// keyboard layout: xdotool types Cyrillic, digits and punctuation directly (Latin letters in
// typed text are not supported; shortcuts go through ConsoleApp::key).
class Xvfb {
public:
    // throws std::runtime_error when Xvfb is missing or does not start; `screen` as Xvfb's
    // -screen takes it (a 1366×768 desk: "1366x768x24")
    explicit Xvfb(const std::string& screen = "1600x1000x24");
    ~Xvfb();
    Xvfb(const Xvfb&) = delete;
    Xvfb& operator=(const Xvfb&) = delete;

    [[nodiscard]] const std::string& display() const { return m_display; } // ":N"

private:
    pid_t m_pid = -1;
    std::string m_display;
};

// One run of sufler-app with its own config, cache (the index) and data folders under `home`.
class ConsoleApp {
public:
    // `kb` empty: the demo KB. The journal is `home/journal.sqlite` unless `extraArgs` name one
    // (`--journal FILE`: two consoles on one journal).
    ConsoleApp(const Xvfb& x, std::filesystem::path home, std::vector<std::string> extraArgs = {},
               const std::filesystem::path& kb = {});
    ~ConsoleApp(); // SIGKILL when still running
    ConsoleApp(const ConsoleApp&) = delete;
    ConsoleApp& operator=(const ConsoleApp&) = delete;

    [[nodiscard]] pid_t pid() const { return m_pid; }
    [[nodiscard]] bool running();
    [[nodiscard]] const std::filesystem::path& journal() const { return m_journal; }
    [[nodiscard]] std::filesystem::path stateFile() const { return m_home / "state.json"; }
    // $XDG_RUNTIME_DIR of the console (0700): `sufler call ring` run with it reaches this one.
    [[nodiscard]] std::filesystem::path runtimeDir() const { return m_home / "run"; }
    [[nodiscard]] std::filesystem::path settingsFile() const {
        return m_home / "config" / "sufler" / "console.ini";
    }
    [[nodiscard]] std::string stderrText() const;

    // The last complete state the console wrote (null before the first).
    [[nodiscard]] Json state() const;
    // Polls the state file until `ready` holds; fails the test (with the last state and what was
    // awaited) after `timeout`, or at once when the program has exited.
    Json waitFor(const std::string& what, const std::function<bool(const Json&)>& ready,
                 std::chrono::milliseconds timeout = 15s);

    // Waits for the window, gives it the keyboard; returns the X window id. With several
    // consoles on one display, the window of this process. `answerOperatorPrompt`: «Кто
    // работает за пультом?» is answered as an operator would — Enter on the name preselected
    // (the one remembered in the settings), Esc when there is none.
    std::string waitForWindow(std::chrono::milliseconds timeout = 15s,
                              bool answerOperatorPrompt = true);
    // Gives this console's window the keyboard (several consoles on one display).
    void focus();
    // `xdotool key` with one or more key names («ctrl+n», «alt+1 Tab»); a Latin letter is
    // pressed on its physical key, whatever the layout puts there. `delayMs` 0 sends the keys
    // in one burst, as a fast typist does, so that several land in one frame.
    void key(const std::string& keys, int delayMs = 40);
    // Types text (UTF-8) into whatever has the keyboard.
    void type(const std::string& text);
    // Waits until `where` (the state's "focus", e.g. «callbacks:result») has the keyboard, then
    // types text into it.
    void typeWhere(const std::string& where, const std::string& text);
    // After Ctrl+E: waits for the survey, answers its two questions with the digits given and
    // waits for the call to be closed; returns that state.
    Json answerSurvey(int first, int second);
    // `import -window root` into `file`; checks the picture is not blank (many colours).
    void screenshot(const std::filesystem::path& file, bool windowOnly = false);

    // Sends `signal`; waits for the exit and returns the exit code (128+signal when killed).
    int stop(int signal, std::chrono::milliseconds timeout = 10s);
    // Waits for the program to exit on its own; returns the exit code, -1 on timeout.
    int waitExit(std::chrono::milliseconds timeout);

    // Runs an X client (xdotool, import...) on this display; returns its output, fails the test
    // when it exits non-zero.
    std::string x(const std::string& command) const;

private:
    const Xvfb& m_x;
    std::filesystem::path m_home;
    std::filesystem::path m_journal;
    pid_t m_pid = -1;
    int m_exitCode = -1;
    std::string m_window;
};

// Number of distinct colours in a PNG (ImageMagick): a blank screen has one or two.
[[nodiscard]] int colourCount(const std::filesystem::path& png, const std::string& crop = {});

// Shell-quotes one argument.
[[nodiscard]] std::string quote(const std::string& text);

} // namespace sufler::test
