#pragma once
// The window: GLFW and OpenGL 3 setup, ImGui with DejaVu fonts at the screen's scale, and the
// frame loop, which sleeps in glfwWaitEventsTimeout whenever nothing happens.
#include "console/console.h"
#include "console/fonts.h"
#include "console/settings.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

struct GLFWwindow;

namespace sufler::console {

class AppWindow {
public:
    // Initialises GLFW; on failure returns the one-line reason (no display).
    [[nodiscard]] static std::optional<std::string> initialise();
    static void terminate();

    // Creates the window with the saved geometry; throws sufler::Error when it cannot.
    AppWindow(Settings& settings, const std::filesystem::path& imguiIni);
    ~AppWindow();
    AppWindow(const AppWindow&) = delete;
    AppWindow& operator=(const AppWindow&) = delete;

    // Runs frames until the window closes or the console quits; saves settings when the
    // layout changes and at the end.
    void run(Console& console, std::chrono::steady_clock::time_point started,
             const std::filesystem::path& settingsFile);

    // Wakes the loop from another thread.
    static void wake();

private:
    void rebuildFonts();
    void feedQueuedInput();
    void keepCharactersOfJustActivatedField();
    void storeGeometry();

    Settings& m_settings;
    std::string m_imguiIni; // ImGui keeps the pointer
    GLFWwindow* m_window = nullptr;
    Fonts m_fonts;
    float m_scale = 0; // content scale × zoom the fonts were built for
};

} // namespace sufler::console
