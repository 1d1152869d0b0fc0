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

// A window's place and size in screen coordinates; x, y of -1: not placed yet.
struct Geometry {
    int x = -1, y = -1;
    int width = 0, height = 0;
    bool operator==(const Geometry&) const = default;
};
// The part of a monitor windows may take (the screen less panels); zero size when unknown.
struct WorkArea {
    int x = 0, y = 0;
    int width = 0, height = 0;
};
// What the window manager adds around the window's content.
struct Frame {
    int left = 0, top = 0, right = 0, bottom = 0;
};

// The window as it may open: no larger than the work area (its frame included), wholly on it
// (a position off the screen, a monitor unplugged, is moved back), centred when never placed.
// An unknown work area changes nothing.
[[nodiscard]] Geometry fitToWorkArea(Geometry window, const WorkArea& area, const Frame& frame);

// $XDG_CONFIG_HOME/sufler, or ~/.config/sufler.
[[nodiscard]] std::filesystem::path configDir();

// Missing or unreadable file → defaults; unknown keys are ignored.
[[nodiscard]] Settings loadSettings(const std::filesystem::path& file);
// Creates the folder; returns false when the file cannot be written.
bool saveSettings(const std::filesystem::path& file, const Settings& settings);

} // namespace sufler::console
