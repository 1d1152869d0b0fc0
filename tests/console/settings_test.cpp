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
