// GitHub-style heading anchors, as kb-format.md defines them.
#include "sufler/kb/kb.h"
#include "text_util.h"

#include <fmt/format.h>

namespace sufler::kb {

namespace {

// Letters and digits of the scripts a Russian KB meets; punctuation and symbols are dropped
// (« » — № … are in these blocks but are not letters).
bool isWordChar(char32_t cp) {
    if (cp < 0x80) {
        return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') ||
               (cp >= U'0' && cp <= U'9') || cp == U'_';
    }
    if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) {
        return true;
    }
    if (cp >= 0xC0 && cp <= 0x24F) {
        return cp != 0xD7 && cp != 0xF7;
    }
    if (cp >= 0x300 && cp <= 0x36F) { // combining marks (a decomposed «й»)
        return true;
    }
    if (cp >= 0x370 && cp <= 0x3FF) {
        return cp != 0x375 && cp != 0x37E && cp != 0x384 && cp != 0x385 && cp != 0x387;
    }
    if (cp >= 0x400 && cp <= 0x52F) {
        return cp < 0x482 || cp > 0x489; // ҂ and the combining signs are not letters
    }
    return false;
}

} // namespace

std::string makeAnchor(std::string_view heading) {
    const std::string lower = detail::toLowerUtf8(heading);
    std::string out;
    out.reserve(lower.size());
    std::size_t pos = 0;
    while (pos < lower.size()) {
        const std::size_t before = pos;
        const char32_t cp = detail::decodeUtf8(lower, pos);
        if (cp == U' ') {
            out.push_back('-');
        } else if (cp == U'-' || isWordChar(cp)) {
            out.append(lower, before, pos - before);
        }
    }
    return out;
}

std::string AnchorSet::unique(std::string_view heading) {
    // github-slugger: on a clash, count up from the original anchor until the result is free.
    const std::string original = makeAnchor(heading);
    std::string result = original;
    while (m_occurrences.count(result)) {
        result = fmt::format("{}-{}", original, ++m_occurrences[original]);
    }
    m_occurrences[result] = 0;
    return result;
}

} // namespace sufler::kb
