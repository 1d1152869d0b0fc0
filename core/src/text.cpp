// UTF-8 and string helpers every module shares.
#include "sufler/core/text.h"

#include "sufler/core/error.h"

#include <iconv.h>

#include <algorithm>

namespace sufler::core {

int lineOfOffset(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(
                   std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string_view trim(std::string_view text) {
    const char* ws = " \t\r\n\f\v";
    auto b = text.find_first_not_of(ws);
    if (b == std::string_view::npos) {
        return {};
    }
    auto e = text.find_last_not_of(ws);
    text = text.substr(b, e - b + 1);
    // A no-break space (U+00A0) is common in text pasted from office documents.
    while (text.size() >= 2 && text.substr(0, 2) == "\xC2\xA0") {
        text.remove_prefix(2);
    }
    while (text.size() >= 2 && text.substr(text.size() - 2) == "\xC2\xA0") {
        text.remove_suffix(2);
    }
    return text;
}

std::string trimmed(std::string_view text) {
    return std::string(trim(text));
}

std::vector<std::string> splitTrimmed(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(separator, start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        auto part = trim(text.substr(start, end - start));
        if (!part.empty()) {
            parts.emplace_back(part);
        }
        start = end + 1;
    }
    return parts;
}

char32_t decodeUtf8(std::string_view text, std::size_t& pos) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
        ++pos;
        return c;
    }
    std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || pos + len > text.size()) {
        ++pos;
        return 0xFFFD;
    }
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[pos + k]) & 0x3F);
    }
    pos += len;
    return cp;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

namespace {
char32_t lowerCodePoint(char32_t cp) {
    if (cp >= U'A' && cp <= U'Z') {
        return cp + 0x20;
    }
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) { // Latin-1 capitals
        return cp + 0x20;
    }
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) { // Greek capitals
        return cp + 0x20;
    }
    if (cp >= 0x410 && cp <= 0x42F) { // А..Я
        return cp + 0x20;
    }
    if (cp >= 0x400 && cp <= 0x40F) { // Ѐ..Џ, Ё among them
        return cp + 0x50;
    }
    return cp;
}
} // namespace

std::string toLowerUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t before = pos;
        char32_t cp = decodeUtf8(text, pos);
        if (cp == 0xFFFD) {
            out.append(text.substr(before, pos - before));
            continue;
        }
        appendUtf8(out, lowerCodePoint(cp));
    }
    return out;
}

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::size_t findInvalidUtf8(std::string_view text) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        char32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) {
            return i;
        }
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

std::string percentDecode(std::string_view text) {
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int high = hex(text[i + 1]);
            const int low = hex(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out += static_cast<char>(high * 16 + low);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    if (findInvalidUtf8(out) != std::string::npos) {
        return std::string(text);
    }
    return out;
}

std::string toValidUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (;;) {
        const std::size_t bad = findInvalidUtf8(text);
        if (bad == std::string_view::npos) {
            out.append(text);
            return out;
        }
        out.append(text.substr(0, bad));
        out.append("\xEF\xBF\xBD");
        text.remove_prefix(bad + 1);
    }
}

std::string cp1251ToUtf8(std::string_view text) {
    iconv_t cd = iconv_open("UTF-8", "CP1251");
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        throw Error("нет перекодировки из Windows-1251 (iconv)");
    }
    std::string out(text.size() * 3 + 16, '\0');
    char* in = const_cast<char*>(text.data());
    std::size_t inLeft = text.size();
    char* dst = out.data();
    std::size_t outLeft = out.size();
    while (inLeft > 0) {
        if (iconv(cd, &in, &inLeft, &dst, &outLeft) == static_cast<std::size_t>(-1)) {
            // 0x98 has no character in CP1251: keep going with a replacement mark.
            if (inLeft > 0 && outLeft >= 3) {
                ++in;
                --inLeft;
                *dst++ = '\xEF';
                *dst++ = '\xBF';
                *dst++ = '\xBD';
                outLeft -= 3;
                continue;
            }
            iconv_close(cd);
            throw Error("не удалось перекодировать текст из Windows-1251");
        }
    }
    iconv_close(cd);
    out.resize(out.size() - outLeft);
    return out;
}

} // namespace sufler::core
