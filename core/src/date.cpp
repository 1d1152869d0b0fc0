#include "sufler/core/date.h"

#include "sufler/core/clock.h"

#include <charconv>
#include <ctime>
#include <fmt/format.h>

namespace sufler {

namespace {

bool readNumber(std::string_view text, int& out) {
    if (text.empty()) {
        return false;
    }
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

} // namespace

std::optional<Date> parseDate(std::string_view text) {
    int y = 0, m = 0, d = 0;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        if (!readNumber(text.substr(0, 4), y) || !readNumber(text.substr(5, 2), m) ||
            !readNumber(text.substr(8, 2), d)) {
            return std::nullopt;
        }
    } else if (text.size() == 10 && text[2] == '.' && text[5] == '.') {
        if (!readNumber(text.substr(0, 2), d) || !readNumber(text.substr(3, 2), m) ||
            !readNumber(text.substr(6, 4), y)) {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
              std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return date;
}

std::string formatIsoDate(const Date& date) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::string formatRussianDate(const Date& date) {
    return fmt::format("{:02}.{:02}.{:04}", static_cast<unsigned>(date.day()),
                       static_cast<unsigned>(date.month()), static_cast<int>(date.year()));
}

Date todayLocal() {
    return core::localDate(core::now());
}

} // namespace sufler
