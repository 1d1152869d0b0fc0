#pragma once
// What the console keeps between runs: window geometry, panel layout, zoom and the operator's
// name, in $XDG_CONFIG_HOME/sufler/console.ini (ImGui's own state goes to imgui.ini beside it).
#include <filesystem>
#include <string>

namespace sufler::console {

struct Settings {
    int x = -1, y = -1; // -1: let the window manager place it
    int width = 1400, height = 860;
    bool maximized = false;
    float leftFraction = 0.30f;   // search column, share of the window width
    float rightFraction = 0.30f;  // script and call card column
    float scriptFraction = 0.55f; // script panel, share of the right column's height
    float zoom = 1.0f;            // on top of the screen's scale
    std::string operatorName; // «ФИО специалиста, принявшего звонок»

    bool operator==(const Settings&) const = default;
};

// $XDG_CONFIG_HOME/sufler, or ~/.config/sufler.
[[nodiscard]] std::filesystem::path configDir();

// Missing or unreadable file → defaults; unknown keys are ignored.
[[nodiscard]] Settings loadSettings(const std::filesystem::path& file);
// Creates the folder; returns false when the file cannot be written.
bool saveSettings(const std::filesystem::path& file, const Settings& settings);

} // namespace sufler::console
