#pragma once
// F1: every key of the console, from the keymap's own table.
#include "console/fonts.h"

namespace sufler::console {

class HelpOverlay {
public:
    struct State {
        bool open = false;
    };

    void toggle() { m_state.open = !m_state.open; }
    void close() { m_state.open = false; }
    [[nodiscard]] bool isOpen() const { return m_state.open; }
    void draw(const Fonts& fonts);

private:
    State m_state;
};

} // namespace sufler::console
