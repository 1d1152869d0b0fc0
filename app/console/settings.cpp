// console.ini: `key = value` lines under [window], [layout] and [operator].
#include "console/settings.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

namespace sufler::console {

namespace {

std::string trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
        return {};
    const auto end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

template <typename T> void parseNumber(const std::string& value, T& out) {
    try {
        if constexpr (std::is_same_v<T, int>)
            out = std::stoi(value);
        else
            out = std::stof(value);
    } catch (const std::exception&) {
        // keep the default: a hand-edited file must not stop the console
    }
}

float clampFraction(float value, float low, float high) {
    return value < low ? low : (value > high ? high : value);
}

} // namespace

Geometry fitToWorkArea(Geometry window, const WorkArea& area, const Frame& frame) {
    if (area.width <= 0 || area.height <= 0)
        return window;
    const int roomWidth = area.width - frame.left - frame.right;
    const int roomHeight = area.height - frame.top - frame.bottom;
    window.width = std::max(1, std::min(window.width, roomWidth));
    window.height = std::max(1, std::min(window.height, roomHeight));
    const int lowX = area.x + frame.left, highX = area.x + area.width - frame.right - window.width;
    const int lowY = area.y + frame.top,
              highY = area.y + area.height - frame.bottom - window.height;
    if (window.x < 0 || window.y < 0) { // never placed: the middle of the screen
        window.x = lowX + (highX - lowX) / 2;
        window.y = lowY + (highY - lowY) / 2;
    }
    window.x = std::clamp(window.x, lowX, std::max(lowX, highX));
    window.y = std::clamp(window.y, lowY, std::max(lowY, highY));
    return window;
}

std::filesystem::path configDir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "sufler";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".config" / "sufler";
    return std::filesystem::temp_directory_path() / "sufler";
}

Settings loadSettings(const std::filesystem::path& file) {
    Settings settings;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '[')
            continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        const std::string key = trim(line.substr(0, eq));
        const std::string value = trim(line.substr(eq + 1));
        if (key == "x")
            parseNumber(value, settings.x);
        else if (key == "y")
            parseNumber(value, settings.y);
        else if (key == "width")
            parseNumber(value, settings.width);
        else if (key == "height")
            parseNumber(value, settings.height);
        else if (key == "maximized")
            settings.maximized = value == "1" || value == "true";
        else if (key == "left")
            parseNumber(value, settings.leftFraction);
        else if (key == "right")
            parseNumber(value, settings.rightFraction);
        else if (key == "script")
            parseNumber(value, settings.scriptFraction);
        else if (key == "zoom")
            parseNumber(value, settings.zoom);
        else if (key == "name")
            settings.operatorName = value;
    }
    settings.width = std::max(settings.width, 480);
    settings.height = std::max(settings.height, 360);
    settings.leftFraction = clampFraction(settings.leftFraction, 0.15f, 0.6f);
    settings.rightFraction = clampFraction(settings.rightFraction, 0.15f, 0.6f);
    settings.scriptFraction = clampFraction(settings.scriptFraction, 0.2f, 0.8f);
    settings.zoom = clampFraction(settings.zoom, 0.6f, 2.5f);
    return settings;
}

bool saveSettings(const std::filesystem::path& file, const Settings& settings) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    const auto temporary = file.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        if (!out)
            return false;
        out << "# Суфлёр: окно и панели пульта оператора\n"
            << "[window]\n"
            << "x = " << settings.x << "\ny = " << settings.y << "\nwidth = " << settings.width
            << "\nheight = " << settings.height << "\nmaximized = " << (settings.maximized ? 1 : 0)
            << "\n\n[layout]\n"
            << "left = " << settings.leftFraction << "\nright = " << settings.rightFraction
            << "\nscript = " << settings.scriptFraction << "\nzoom = " << settings.zoom
            << "\n\n[operator]\nname = " << settings.operatorName << "\n";
        if (!out)
            return false;
    }
    std::filesystem::rename(temporary, file, ec);
    return !ec;
}

} // namespace sufler::console
