// core::now(): the system clock, or SUFLER_NOW's moment running on.
#include "sufler/core/clock.h"
#include "sufler/core/error.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>

using namespace sufler;
using namespace std::chrono_literals;

namespace {

// Sets SUFLER_NOW for one test and removes it after.
struct NowSet {
    explicit NowSet(const char* value) { ::setenv(core::kNowVariable, value, 1); }
    ~NowSet() { ::unsetenv(core::kNowVariable); }
    NowSet(const NowSet&) = delete;
    NowSet& operator=(const NowSet&) = delete;
};

} // namespace

TEST_CASE("a local date and time is read with T or a space, with or without seconds", "[clock]") {
    const auto t = core::parseLocalDateTime("2026-11-24T09:30");
    REQUIRE(t);
    CHECK(core::formatLocal(*t) == "2026-11-24 09:30:00");
    const auto spaced = core::parseLocalDateTime("2026-11-24 09:30:15");
    REQUIRE(spaced);
    CHECK(core::formatLocal(*spaced) == "2026-11-24 09:30:15");
    CHECK(core::localDate(*spaced) ==
          Date{std::chrono::year{2026}, std::chrono::November, std::chrono::day{24}});
    for (const char* bad : {"", "2026-11-24", "2026-11-24T9:30", "2026-02-30T10:00",
                            "2026-11-24T24:00", "2026-11-24T10:60", "2026-11-24T10:00:61",
                            "24.11.2026 10:00", "2026-11-24T10:00Z", "завтра"}) {
        INFO(bad);
        CHECK_FALSE(core::parseLocalDateTime(bad));
    }
}

TEST_CASE("without SUFLER_NOW the clock is the system's", "[clock]") {
    ::unsetenv(core::kNowVariable);
    const auto before = std::chrono::system_clock::now();
    const auto now = core::now();
    CHECK(now >= before);
    CHECK(now - before < 5s);
    CHECK(todayLocal() == core::localDate(std::chrono::system_clock::now()));
}

TEST_CASE("SUFLER_NOW sets the clock, which runs on from there", "[clock]") {
    const NowSet set("2031-03-15T09:30");
    const auto first = core::now();
    CHECK(core::formatLocal(first, "%Y-%m-%d %H:%M") == "2031-03-15 09:30");
    CHECK(todayLocal() == Date{std::chrono::year{2031}, std::chrono::March, std::chrono::day{15}});
    std::this_thread::sleep_for(50ms);
    const auto later = core::now();
    CHECK(later - first >= 50ms);
    CHECK(later - first < 5s);
}

TEST_CASE("SUFLER_NOW set again moves the clock again", "[clock]") {
    {
        const NowSet set("2031-03-15T09:30");
        CHECK(core::formatLocal(core::now(), "%H:%M") == "09:30");
    }
    const NowSet set("2031-03-16T18:05:07");
    CHECK(core::formatLocal(core::now()) == "2031-03-16 18:05:07");
}

TEST_CASE("a bad SUFLER_NOW is an error naming the variable and the value", "[clock]") {
    const NowSet set("2031-03-15");
    try {
        (void)core::now();
        FAIL("no error");
    } catch (const Error& e) {
        const std::string message = e.what();
        CHECK(message.find("SUFLER_NOW") != std::string::npos);
        CHECK(message.find("«2031-03-15»") != std::string::npos);
    }
}
