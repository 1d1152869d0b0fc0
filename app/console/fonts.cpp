// Loads DejaVu Sans (regular, bold, oblique, mono) into the ImGui atlas.
#include "console/fonts.h"

#include <imgui.h>

#include <filesystem>
#include <string>

namespace sufler::console {

namespace {

const char* const kFontDir = "/usr/share/fonts/truetype/dejavu/";

ImFont* addFont(ImFontAtlas& atlas, const char* file, float size) {
    const std::string path = std::string(kFontDir) + file;
    if (!std::filesystem::exists(path))
        return nullptr;
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    return atlas.AddFontFromFileTTF(path.c_str(), size, &config, consoleGlyphRanges());
}

} // namespace

const unsigned short* consoleGlyphRanges() {
    static const ImWchar ranges[] = {
        0x0020, 0x00FF, // Basic Latin + Latin-1 (« » are here)
        0x0400, 0x052F, // Cyrillic + Cyrillic Supplement
        0x2010, 0x2027, // dashes — –, quotes „ “, bullet •, ellipsis …
        0x2030, 0x203A, // per mille, ‹ ›
        0x20BD, 0x20BD, // rouble sign ₽
        0x2116, 0x2116, // numero sign №
        0x2190, 0x2199, // arrows ← ↑ → ↓
        0x2212, 0x2212, // minus −
        0x2500, 0x257F, // box drawing
        0x25A0, 0x25FF, // geometric shapes ▶ ● ◆
        0x2610, 0x2612, // ballot boxes ☐ ☑ ☒
        0x26A0, 0x26A0, // warning sign ⚠
        0x2713, 0x2718, // check marks ✓ ✔ ✗
        0,
    };
    return ranges;
}

bool loadFonts(ImFontAtlas& atlas, Fonts& fonts, float scale) {
    atlas.Clear();
    const float base = kBaseFontSize * scale;
    fonts.baseSize = base;
    fonts.regular = addFont(atlas, "DejaVuSans.ttf", base);
    if (!fonts.regular) {
        ImFontConfig config;
        config.SizePixels = base;
        fonts.regular = atlas.AddFontDefault(&config);
        fonts.bold = fonts.italic = fonts.mono = fonts.heading1 = fonts.heading2 = fonts.large =
            fonts.regular;
        return false;
    }
    auto orRegular = [&](ImFont* font) { return font ? font : fonts.regular; };
    fonts.bold = orRegular(addFont(atlas, "DejaVuSans-Bold.ttf", base));
    fonts.italic = orRegular(addFont(atlas, "DejaVuSans-Oblique.ttf", base));
    fonts.mono = orRegular(addFont(atlas, "DejaVuSansMono.ttf", base * 0.95f));
    fonts.heading1 = orRegular(addFont(atlas, "DejaVuSans-Bold.ttf", base * 1.35f));
    fonts.heading2 = orRegular(addFont(atlas, "DejaVuSans-Bold.ttf", base * 1.15f));
    fonts.large = orRegular(addFont(atlas, "DejaVuSans-Bold.ttf", base * 2.0f));
    return true;
}

} // namespace sufler::console
