#pragma once
// What a mode of the console draws over the panels of a live call. The operator's mode adds
// nothing; training (training_mode.h) adds its screens — the name, the menu, the study plan,
// a simulated call's caller, the result. Console picks one in its constructor.
#include "console/fonts.h"

#include <nlohmann/json_fwd.hpp>

namespace sufler::console {

class ModeScreens {
public:
    virtual ~ModeScreens() = default;
    // Drawn after the console's own panels each frame.
    virtual void frame(const Fonts&) {}
    // A screen has the keyboard: the console's keys wait (the always-on ones act).
    [[nodiscard]] virtual bool overlayOpen() const { return false; }
    virtual void toggleMenu() {} // F2
    // Something is timed: the frame loop must tick.
    [[nodiscard]] virtual bool needsTicks() const { return false; }
    // Its part of the tests' state file.
    virtual void describe(nlohmann::json&) const {}
};

} // namespace sufler::console
