#include "text_util.h"

#include <algorithm>
#include <vector>

#include "sufler/core/date.h"
#include "sufler/core/error.h"
#include "sufler/core/text.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

namespace sufler::journal {

std::string lowerTrim(std::string_view text) {
    std::string squeezed;
    bool space = false;
    for (const char c : core::trim(text)) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space) {
            squeezed += ' ';
        }
        space = false;
        squeezed += c;
    }
    return core::toLowerUtf8(squeezed);
}

namespace {
struct Parsed {
    Date day;
    int h = 0, m = 0, s = 0;
};

bool digitsAt(std::string_view t, std::size_t pos, std::size_t n) {
    if (pos + n > t.size()) {
        return false;
    }
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (t[i] < '0' || t[i] > '9') {
            return false;
        }
    }
    return true;
}

int num(std::string_view t, std::size_t pos, std::size_t n) {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        v = v * 10 + (t[i] - '0');
    }
    return v;
}

std::optional<Parsed> parseTimestamp(std::string_view raw) {
    const std::string text = core::trimmed(raw);
    std::string_view t = text;
    std::size_t dateLen = 0;
    if (digitsAt(t, 0, 4) && t.size() >= 10 && t[4] == '-') {
        dateLen = 10;
    } else if (digitsAt(t, 0, 2) && t.size() >= 10 && t[2] == '.') {
        dateLen = 10;
    } else if (digitsAt(t, 0, 1) && t.size() >= 9 && t[1] == '.') {
        // «1.11.2026»: one-digit day as Excel may print it
        return parseTimestamp("0" + std::string(t));
    } else {
        return std::nullopt;
    }
    const auto day = parseDate(t.substr(0, dateLen));
    if (!day) {
        return std::nullopt;
    }
    Parsed p{*day};
    auto rest = t.substr(dateLen);
    if (rest.empty()) {
        return p;
    }
    if (rest[0] != ' ' && rest[0] != 'T') {
        return std::nullopt;
    }
    rest = rest.substr(1);
    while (!rest.empty() && rest[0] == ' ') {
        rest = rest.substr(1);
    }
    std::size_t hLen = digitsAt(rest, 0, 2) ? 2 : (digitsAt(rest, 0, 1) ? 1 : 0);
    if (hLen == 0 || rest.size() < hLen + 3 || rest[hLen] != ':' || !digitsAt(rest, hLen + 1, 2)) {
        return std::nullopt;
    }
    p.h = num(rest, 0, hLen);
    p.m = num(rest, hLen + 1, 2);
    std::size_t used = hLen + 3;
    if (rest.size() > used) {
        if (rest[used] != ':' || !digitsAt(rest, used + 1, 2)) {
            return std::nullopt;
        }
        p.s = num(rest, used + 1, 2);
        used += 3;
    }
    if (rest.size() != used || p.h > 23 || p.m > 59 || p.s > 59) {
        return std::nullopt;
    }
    return p;
}

std::int64_t epochSeconds(const Parsed& p) {
    const auto days = std::chrono::sys_days(p.day).time_since_epoch().count();
    return static_cast<std::int64_t>(days) * 86400 + p.h * 3600 + p.m * 60 + p.s;
}
} // namespace

bool isTimestamp(std::string_view text) {
    return parseTimestamp(text).has_value();
}

std::string normalizeTimestamp(std::string_view text) {
    const auto p = parseTimestamp(text);
    if (!p) {
        return std::string(text);
    }
    return fmt::format("{} {:02}:{:02}:{:02}", formatIsoDate(p->day), p->h, p->m, p->s);
}

int secondsBetween(std::string_view a, std::string_view b) {
    const auto pa = parseTimestamp(a);
    const auto pb = parseTimestamp(b);
    if (!pa || !pb) {
        return 0;
    }
    return static_cast<int>(epochSeconds(*pb) - epochSeconds(*pa));
}

std::string escapeForLine(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02X}", c);
        } else {
            out += ch;
        }
    }
    return out;
}

std::string foldName(std::string_view text) {
    std::string t(text);
    for (auto& c : t) {
        if (c == '.' || c == ',') {
            c = ' ';
        }
    }
    t = lowerTrim(t);
    for (std::size_t pos; (pos = t.find("ё")) != std::string::npos;) {
        t.replace(pos, std::string_view("ё").size(), "е");
    }
    return t;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    const auto points = [](std::string_view text) {
        std::u32string out;
        for (std::size_t pos = 0; pos < text.size();) {
            out += core::decodeUtf8(text, pos);
        }
        return out;
    };
    const std::u32string x = points(a);
    const std::u32string y = points(b);
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[y.size()];
}

} // namespace sufler::journal
