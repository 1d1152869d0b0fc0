#include "markdown.h"

namespace sufler::scripts::detail {

namespace {

void appendText(cmark_node* node, std::string& out) {
    for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
         child = cmark_node_next(child)) {
        switch (cmark_node_get_type(child)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE:
            if (const char* literal = cmark_node_get_literal(child)) {
                out += literal;
            }
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            out += ' ';
            break;
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
            appendText(child, out);
            break;
        case CMARK_NODE_LIST:
        case CMARK_NODE_BLOCK_QUOTE:
            break; // nested blocks belong to their own items
        default:
            appendText(child, out);
            break;
        }
    }
}

} // namespace

kb::CmarkNode parseScriptMarkdown(std::string_view text) {
    return kb::parseMarkdown(text, kb::kMarkdownTable | kb::kMarkdownTaskList |
                                       kb::kMarkdownStrikethrough);
}

std::string plainText(cmark_node* node) {
    std::string out;
    appendText(node, out);
    return squeeze(out);
}

std::string trim(std::string_view text) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && isSpace(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && isSpace(text.back())) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

std::string squeeze(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) {
            out += ' ';
        }
        space = false;
        out += c;
    }
    return out;
}

std::string lowerRu(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + 32);
            continue;
        }
        if (c == 0xD0 && i + 1 < text.size()) {
            const auto d = static_cast<unsigned char>(text[i + 1]);
            if (d >= 0x90 && d <= 0x9F) { // А..П → а..п
                out += static_cast<char>(0xD0);
                out += static_cast<char>(d + 0x20);
                ++i;
                continue;
            }
            if (d >= 0xA0 && d <= 0xAF) { // Р..Я → р..я
                out += static_cast<char>(0xD1);
                out += static_cast<char>(d - 0x20);
                ++i;
                continue;
            }
            if (d == 0x81) { // Ё → ё
                out += static_cast<char>(0xD1);
                out += static_cast<char>(0x91);
                ++i;
                continue;
            }
        }
        out += static_cast<char>(c);
    }
    return out;
}

} // namespace sufler::scripts::detail
