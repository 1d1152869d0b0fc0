// console.ini: window geometry, layout, zoom and the operator's name kept between runs.
#include "console/settings.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

using namespace sufler::console;

TEST_CASE("settings: what is saved comes back", "[settings]") {
    sufler::test::TempDir dir;
    Settings settings;
    settings.x = 120;
    settings.y = 90;
    settings.width = 1100;
    settings.height = 700;
    settings.maximized = true;
    settings.leftFraction = 0.25f;
    settings.rightFraction = 0.35f;
    settings.scriptFraction = 0.5f;
    settings.zoom = 1.21f;
    settings.operatorName = "Смирнова Анна Ивановна";
    const auto file = dir.path() / "sub" / "console.ini";
    REQUIRE(saveSettings(file, settings));
    const Settings loaded = loadSettings(file);
    CHECK(loaded.x == 120);
    CHECK(loaded.y == 90);
    CHECK(loaded.width == 1100);
    CHECK(loaded.height == 700);
    CHECK(loaded.maximized);
    CHECK(loaded.leftFraction == Approx(0.25f));
    CHECK(loaded.rightFraction == Approx(0.35f));
    CHECK(loaded.scriptFraction == Approx(0.5f));
    CHECK(loaded.zoom == Approx(1.21f));
    CHECK(loaded.operatorName == "Смирнова Анна Ивановна");
}

TEST_CASE("settings: a missing or hand-broken file gives sane values", "[settings]") {
    sufler::test::TempDir dir;
    CHECK(loadSettings(dir.path() / "none.ini") == Settings{});
    const auto file = dir.write("console.ini", "[window]\nwidth = много\nheight = 10\nleft = 5\n"
                                               "zoom = -3\nчто-то странное\nname\n");
    const Settings loaded = loadSettings(file);
    CHECK(loaded.width == Settings{}.width); // not a number: the default
    CHECK(loaded.height >= 360);             // too small to use: the least that works
    CHECK(loaded.leftFraction <= 0.6f);
    CHECK(loaded.zoom >= 0.6f);
}

TEST_CASE("settings: the window fits the screen it opens on", "[settings]") {
    const WorkArea desk{0, 0, 1366, 768};
    const Frame frame{2, 28, 2, 2};
    // the old default, larger than a 1366×768 screen: no larger than the room, wholly on it
    const Geometry fitted = fitToWorkArea({-1, -1, 1400, 860}, desk, frame);
    CHECK(fitted.width == 1362);
    CHECK(fitted.height == 738);
    CHECK(fitted.x == 2);
    CHECK(fitted.y == 28);
    // one that fits keeps its size and place
    CHECK(fitToWorkArea({100, 80, 1000, 600}, desk, frame) == Geometry{100, 80, 1000, 600});
    // never placed: the middle of the screen
    CHECK(fitToWorkArea({-1, -1, 1000, 600}, desk, {}) == Geometry{183, 84, 1000, 600});
    // left on a monitor that is gone, or hanging off the edge: moved back onto this one
    CHECK(fitToWorkArea({2500, 900, 1000, 600}, desk, {}) == Geometry{366, 168, 1000, 600});
    // a panel at the top: the work area starts below it
    CHECK(fitToWorkArea({0, 0, 800, 600}, {0, 40, 1366, 728}, {}) == Geometry{0, 40, 800, 600});
    // no monitor known: as remembered
    CHECK(fitToWorkArea({10, 20, 3000, 2000}, {}, frame) == Geometry{10, 20, 3000, 2000});
}
