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

} // namespace sufler::scripts::detail
