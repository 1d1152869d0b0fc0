// Writing Markdown (GFM) tables.
#include "sufler/core/markdown.h"

#include <fmt/format.h>

namespace sufler::core {

std::string markdownCell(std::string_view text, CellBreak lineBreak) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n') {
            out += lineBreak == CellBreak::Br ? "<br>" : " ";
        } else if (c == '\r') {
            continue;
        } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
            out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace sufler::core
