// GLFW window, ImGui setup and the idle-friendly frame loop.
#include "console/app_window.h"

#include "sufler/core/error.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <vector>

namespace sufler::console {

namespace {

std::string g_glfwError;
std::atomic<bool> g_terminate{false};
std::atomic<unsigned> g_activity{0}; // bumped by every input event and every wake

// ImGui 1.86 reads key state once per frame, so a press and release arriving between two
// frames (a fast typist, xdotool) would never be seen. Key and character events are queued
// here and fed to ImGui in order, never letting a key go up in the same frame it went down.
struct InputEvent {
    enum class Type { Key, Char } type;
    int key = 0, scancode = 0, action = 0, mods = 0;
    unsigned codepoint = 0;
};
std::deque<InputEvent> g_input;
// SUFLER_CONSOLE_TRACE=1: every key and character event to stderr, to see what a test's keys did
const bool g_trace = [] {
    const char* trace = std::getenv("SUFLER_CONSOLE_TRACE");
    return trace && *trace && *trace != '0';
}();

void onError(int, const char* description) {
    g_glfwError = description ? description : "";
}

void onKey(GLFWwindow*, int key, int scancode, int action, int mods) {
    if (g_trace)
        std::fprintf(stderr, "key %d scancode %d action %d mods %d\n", key, scancode, action, mods);
    g_input.push_back({InputEvent::Type::Key, key, scancode, action, mods, 0});
    ++g_activity;
}
void onChar(GLFWwindow*, unsigned codepoint) {
    if (g_trace)
        std::fprintf(stderr, "char U+%04X\n", codepoint);
    g_input.push_back({InputEvent::Type::Char, 0, 0, 0, 0, codepoint});
    ++g_activity;
}
void onMouseButton(GLFWwindow* window, int button, int action, int mods) {
    ImGui_ImplGlfw_MouseButtonCallback(window, button, action, mods);
    ++g_activity;
}
void onScroll(GLFWwindow* window, double x, double y) {
    ImGui_ImplGlfw_ScrollCallback(window, x, y);
    ++g_activity;
}
void onFocus(GLFWwindow* window, int focused) {
    ImGui_ImplGlfw_WindowFocusCallback(window, focused);
    ++g_activity;
}
void onCursorEnter(GLFWwindow* window, int entered) {
    ImGui_ImplGlfw_CursorEnterCallback(window, entered);
    ++g_activity;
}
void onCursorPos(GLFWwindow*, double, double) {
    ++g_activity;
}
void onResize(GLFWwindow*, int, int) {
    ++g_activity;
}
void onScale(GLFWwindow*, float, float) {
    ++g_activity;
}
void onRefresh(GLFWwindow*) {
    ++g_activity;
}

// The work area (the screen less panels and docks) of the monitor holding `x`, `y`, or of the
// primary monitor; none without a monitor.
WorkArea workAreaAt(int x, int y) {
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    GLFWmonitor* chosen = glfwGetPrimaryMonitor();
    for (int i = 0; i < count; ++i) {
        int mx = 0, my = 0, mw = 0, mh = 0;
        glfwGetMonitorWorkarea(monitors[i], &mx, &my, &mw, &mh);
        if (x >= mx && y >= my && x < mx + mw && y < my + mh)
            chosen = monitors[i];
    }
    WorkArea area;
    if (chosen)
        glfwGetMonitorWorkarea(chosen, &area.x, &area.y, &area.width, &area.height);
    return area;
}

void onSignal(int) {
    g_terminate = true;
    glfwPostEmptyEvent(); // documented as callable from any thread
}

using SteadyClock = std::chrono::steady_clock;

double millisecondsSince(SteadyClock::time_point start) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

void applyStyle(float scale) {
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 4;
    style.FrameRounding = 3;
    style.ChildRounding = 4;
    style.ItemSpacing = ImVec2(8, 6);
    style.FramePadding = ImVec2(6, 4);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

} // namespace

std::optional<std::string> AppWindow::initialise() {
    glfwSetErrorCallback(onError);
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((!display || !*display) && (!wayland || !*wayland))
        return std::string("нет дисплея (переменная DISPLAY не задана)");
    if (!glfwInit())
        return "нет дисплея (" +
               (g_glfwError.empty() ? std::string("GLFW не запустился") : g_glfwError) + ")";
    return std::nullopt;
}

void AppWindow::terminate() {
    glfwTerminate();
}

void AppWindow::wake() {
    ++g_activity;
    glfwPostEmptyEvent();
}

AppWindow::AppWindow(Settings& settings, const std::filesystem::path& imguiIni)
    : m_settings(settings), m_imguiIni(imguiIni.string()) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_MAXIMIZED, settings.maximized ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    // the remembered size, never larger than the screen it opens on (a 1366×768 desk)
    const WorkArea area = workAreaAt(settings.x, settings.y);
    const Geometry first =
        fitToWorkArea({settings.x, settings.y, settings.width, settings.height}, area, {});
    m_window =
        glfwCreateWindow(first.width, first.height, "Суфлёр — пульт оператора", nullptr, nullptr);
    if (!m_window)
        throw Error("окно не создано (" + g_glfwError + ")");
    if (!settings.maximized) {
        // the size as created (scaled to the monitor) and the frame the window manager adds
        Geometry created = first;
        glfwGetWindowSize(m_window, &created.width, &created.height);
        Frame frame;
        glfwGetWindowFrameSize(m_window, &frame.left, &frame.top, &frame.right, &frame.bottom);
        const Geometry fitted = fitToWorkArea(created, area, frame);
        if (fitted.width != created.width || fitted.height != created.height)
            glfwSetWindowSize(m_window, fitted.width, fitted.height);
        glfwSetWindowPos(m_window, fitted.x, fitted.y);
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = m_imguiIni.c_str();
    io.ConfigInputTextCursorBlink = false; // an idle window draws nothing; a still caret is honest

    // the backend's callbacks are not installed: ours queue keys (see g_input) and forward the rest
    ImGui_ImplGlfw_InitForOpenGL(m_window, false);
    glfwSetKeyCallback(m_window, onKey);
    glfwSetCharCallback(m_window, onChar);
    glfwSetMouseButtonCallback(m_window, onMouseButton);
    glfwSetScrollCallback(m_window, onScroll);
    glfwSetWindowFocusCallback(m_window, onFocus);
    glfwSetCursorEnterCallback(m_window, onCursorEnter);
    glfwSetCursorPosCallback(m_window, onCursorPos);
    glfwSetFramebufferSizeCallback(m_window, onResize);
    glfwSetWindowContentScaleCallback(m_window, onScale);
    glfwSetWindowRefreshCallback(m_window, onRefresh);
    ImGui_ImplOpenGL3_Init("#version 130");

    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    rebuildFonts();
}

AppWindow::~AppWindow() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    if (m_window)
        glfwDestroyWindow(m_window);
}

void AppWindow::rebuildFonts() {
    float contentScale = 1, unused = 1;
    glfwGetWindowContentScale(m_window, &contentScale, &unused);
    const float scale = contentScale * m_settings.zoom;
    if (scale == m_scale)
        return;
    m_scale = scale;
    loadFonts(*ImGui::GetIO().Fonts, m_fonts, scale);
    applyStyle(scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void AppWindow::feedQueuedInput() {
    // Presses accumulate within a frame, but a release waits for the next frame once anything
    // went down in this one: the frame must see the key down, and with the modifiers held as
    // they were when it went down (xdotool lets Alt go before the 1 of Alt+1). A key that went
    // up in this frame and down again waits too: ImGui 1.86 would see it held, not pressed, and
    // the «е» just typed would swallow the Ctrl+E right after it.
    bool pressed = false;
    std::vector<int> released;
    while (!g_input.empty()) {
        const InputEvent& event = g_input.front();
        if (event.type == InputEvent::Type::Key) {
            if (event.action == GLFW_RELEASE && pressed)
                break;
            if (event.action == GLFW_PRESS &&
                std::find(released.begin(), released.end(), event.key) != released.end())
                break;
            if (event.action == GLFW_RELEASE)
                released.push_back(event.key);
            else
                pressed = true;
            ImGui_ImplGlfw_KeyCallback(m_window, event.key, event.scancode, event.action,
                                       event.mods);
            if (g_trace)
                std::fprintf(stderr, "frame %d: key %d action %d (ctrl %d alt %d shift %d)\n",
                             ImGui::GetFrameCount(), event.key, event.action,
                             ImGui::GetIO().KeyCtrl, ImGui::GetIO().KeyAlt,
                             ImGui::GetIO().KeyShift);
        } else {
            ImGui_ImplGlfw_CharCallback(m_window, event.codepoint);
        }
        g_input.pop_front();
    }
}

void AppWindow::keepCharactersOfJustActivatedField() {
    // A text field that takes the keyboard this frame (Tab, Ctrl+K, a script's link) ignores the
    // characters of the same frame, and ImGui drops them at the frame's end: what the operator
    // typed right after moving on would be lost. They are given to the field next frame instead.
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiContext& g = *GImGui;
    if (io.InputQueueCharacters.Size == 0 || !g.ActiveIdIsJustActivated || g.ActiveId == 0 ||
        g.InputTextState.ID != g.ActiveId)
        return;
    for (int i = io.InputQueueCharacters.Size - 1; i >= 0; --i)
        g_input.push_front({InputEvent::Type::Char, 0, 0, 0, 0, io.InputQueueCharacters[i]});
    io.InputQueueCharacters.resize(0);
}

void AppWindow::storeGeometry() {
    m_settings.maximized = glfwGetWindowAttrib(m_window, GLFW_MAXIMIZED) == GLFW_TRUE;
    if (!m_settings.maximized) {
        glfwGetWindowPos(m_window, &m_settings.x, &m_settings.y);
        glfwGetWindowSize(m_window, &m_settings.width, &m_settings.height);
    }
}

void AppWindow::run(Console& console, SteadyClock::time_point started,
                    const std::filesystem::path& settingsFile) {
    FrameStats stats;
    int extraFrames = 2; // ImGui settles focus and sizes over a frame or two
    unsigned seenActivity = g_activity.load();
    while (!glfwWindowShouldClose(m_window) && !console.quitRequested() && !g_terminate) {
        if (extraFrames > 0 || !g_input.empty())
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(console.idleTimeout());
        const auto frameStart = SteadyClock::now();
        if (g_activity.load() != seenActivity) {
            seenActivity = g_activity.load();
            extraFrames = 2;
        } else if (extraFrames > 0) {
            --extraFrames;
        }
        if (console.takeFontRebuild() || m_scale == 0)
            rebuildFonts();
        {
            float contentScale = 1, unused = 1;
            glfwGetWindowContentScale(m_window, &contentScale, &unused);
            if (contentScale * m_settings.zoom != m_scale)
                rebuildFonts();
        }
        feedQueuedInput();

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        const ImGuiIO& io = ImGui::GetIO();
        const bool typing = io.InputQueueCharacters.Size > 0 ||
                            ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE) ||
                            ImGui::IsKeyPressed(GLFW_KEY_DOWN) || ImGui::IsKeyPressed(GLFW_KEY_UP);
        console.frame(m_fonts, stats);
        keepCharactersOfJustActivatedField();
        ImGui::Render();
        int width = 0, height = 0;
        glfwGetFramebufferSize(m_window, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        stats.lastFrameMs = millisecondsSince(frameStart);
        if (typing) {
            stats.typingFrames.push_back(stats.lastFrameMs);
            if (stats.typingFrames.size() > 2000)
                stats.typingFrames.pop_front();
        }
        glfwSwapBuffers(m_window);
        if (stats.firstFrameMs < 0) {
            glFinish();
            stats.firstFrameMs = millisecondsSince(started);
            extraFrames = std::max(extraFrames, 1); // publishes the figure in the state file
        }
        if (!g_input.empty())
            extraFrames = std::max(extraFrames, 1);
        if (console.takeSettingsDirty()) {
            storeGeometry();
            saveSettings(settingsFile, m_settings);
        }
    }
    storeGeometry();
    saveSettings(settingsFile, m_settings);
}

} // namespace sufler::console
