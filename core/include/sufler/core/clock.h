#pragma once
// The one source of "now" for every module: the system clock, or — for tests and training —
// the moment given in the environment variable SUFLER_NOW, from which the clock runs on.
#include "sufler/core/date.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sufler::core {

using TimePoint = std::chrono::system_clock::time_point;

// The environment variable that sets the clock: `YYYY-MM-DDTHH:MM[:SS]`, local time
// (a space instead of `T` is accepted too).
inline constexpr const char* kNowVariable = "SUFLER_NOW";

// Now. Without SUFLER_NOW, the system clock. With it, the given moment at the first call and
// then running on at the real pace, so that timers, heartbeats and claims' lapses still work.
// Throws sufler::Error naming the variable when its value is not a valid moment.
[[nodiscard]] TimePoint now();

// `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD HH:MM[:SS]` as local time; nullopt when invalid.
[[nodiscard]] std::optional<TimePoint> parseLocalDateTime(std::string_view text);

// `when` in the local time zone, by strftime's `format` (`2026-11-24 12:50:07` by default).
[[nodiscard]] std::string formatLocal(TimePoint when, const char* format = "%Y-%m-%d %H:%M:%S");

// The local calendar day of `when`.
[[nodiscard]] Date localDate(TimePoint when);

} // namespace sufler::core
