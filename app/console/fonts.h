#pragma once
// The console's fonts: DejaVu with Cyrillic and the typographic signs Russian text uses
// (— … № « »). Sizes are multiples of one base size, which follows the screen's scale.
struct ImFont;
struct ImFontAtlas;

namespace sufler::console {

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* italic = nullptr;
    ImFont* mono = nullptr;
    ImFont* heading1 = nullptr; // entry title, level-1/2 headings
    ImFont* heading2 = nullptr; // level-3+ headings
    ImFont* large = nullptr;    // a contact's phone number, the call timer
    float baseSize = 0;         // pixels of the regular font
};

// Base size of the regular font in points at scale 1.
inline constexpr float kBaseFontSize = 16.0f;

// Fills the atlas (cleared first) with every font at scale × zoom. Returns false when the
// DejaVu files are missing; then ImGui's built-in font stands in for all of them.
bool loadFonts(ImFontAtlas& atlas, Fonts& fonts, float scale);

// The glyph ranges every font is built with (Default + Cyrillic + signs); static storage.
[[nodiscard]] const unsigned short* consoleGlyphRanges();

} // namespace sufler::console
