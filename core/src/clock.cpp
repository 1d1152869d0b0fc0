#include "sufler/core/clock.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <mutex>

namespace sufler::core {

namespace {

bool digitsAt(std::string_view text, std::size_t from, std::size_t count) {
    if (text.size() < from + count) {
        return false;
    }
    for (std::size_t i = from; i < from + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
    }
    return true;
}

int number(std::string_view text, std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// The variable's value as last read, the moment it gives, and when it was read: the clock
// runs on from there. Re-read when the value changes (a test may set it again).
struct Override {
    std::mutex mutex;
    std::string value;
    TimePoint given{};
    std::chrono::steady_clock::time_point readAt{};
};

Override& nowOverride() {
    static Override instance;
    return instance;
}

} // namespace

std::optional<TimePoint> parseLocalDateTime(std::string_view text) {
    // 0123456789012345678
    // YYYY-MM-DDTHH:MM:SS
    if (text.size() != 16 && text.size() != 19) {
        return std::nullopt;
    }
    if (!digitsAt(text, 0, 4) || text[4] != '-' || !digitsAt(text, 5, 2) || text[7] != '-' ||
        !digitsAt(text, 8, 2) || (text[10] != 'T' && text[10] != ' ') || !digitsAt(text, 11, 2) ||
        text[13] != ':' || !digitsAt(text, 14, 2)) {
        return std::nullopt;
    }
    int seconds = 0;
    if (text.size() == 19) {
        if (text[16] != ':' || !digitsAt(text, 17, 2)) {
            return std::nullopt;
        }
        seconds = number(text, 17, 2);
    }
    const auto day = parseDate(text.substr(0, 10));
    const int hours = number(text, 11, 2);
    const int minutes = number(text, 14, 2);
    if (!day || hours > 23 || minutes > 59 || seconds > 59) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = static_cast<int>(day->year()) - 1900;
    tm.tm_mon = static_cast<int>(static_cast<unsigned>(day->month())) - 1;
    tm.tm_mday = static_cast<int>(static_cast<unsigned>(day->day()));
    tm.tm_hour = hours;
    tm.tm_min = minutes;
    tm.tm_sec = seconds;
    tm.tm_isdst = -1; // whatever the zone says for that day
    const std::time_t t = std::mktime(&tm);
    if (t == static_cast<std::time_t>(-1)) {
        return std::nullopt;
    }
    return std::chrono::system_clock::from_time_t(t);
}

TimePoint now() {
    const char* set = std::getenv(kNowVariable);
    if (set == nullptr || *set == '\0') {
        return std::chrono::system_clock::now();
    }
    Override& o = nowOverride();
    const std::lock_guard lock(o.mutex);
    if (o.value != set) {
        const auto given = parseLocalDateTime(set);
        if (!given) {
            throw Error(fmt::format("{}: «{}» — ожидается дата и время ГГГГ-ММ-ДДTЧЧ:ММ[:СС], "
                                    "например 2026-11-24T09:30",
                                    kNowVariable, set));
        }
        o.value = set;
        o.given = *given;
        o.readAt = std::chrono::steady_clock::now();
    }
    return o.given + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                         std::chrono::steady_clock::now() - o.readAt);
}

std::string formatLocal(TimePoint when, const char* format) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buffer[64];
    const std::size_t n = std::strftime(buffer, sizeof buffer, format, &tm);
    return std::string(buffer, n);
}

Date localDate(TimePoint when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm local{};
    localtime_r(&t, &local);
    return Date{std::chrono::year{local.tm_year + 1900},
                std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)},
                std::chrono::day{static_cast<unsigned>(local.tm_mday)}};
}

} // namespace sufler::core
