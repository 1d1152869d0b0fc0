#include "sufler/kb/markdown.h"

#include "sufler/core/error.h"

#include <cmark-gfm-core-extensions.h>

#include <mutex>

namespace sufler::kb {

namespace {

void attach(cmark_parser* parser, const char* name) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
        cmark_parser_attach_syntax_extension(parser, ext);
    }
}

bool isBlock(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_THEMATIC_BREAK:
        return true;
    default:
        return isType(node, "table_row") || isType(node, "table_header") || isType(node, "table");
    }
}

void appendSeparator(std::string& out, char sep) {
    if (!out.empty() && out.back() != '\n' && out.back() != sep) {
        out.push_back(sep);
    }
}

void collect(cmark_node* root, std::string& out, bool oneLine) {
    CmarkIter iter(cmark_iter_new(root));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        const bool enter = ev == CMARK_EVENT_ENTER;
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE:
            if (const char* lit = cmark_node_get_literal(node)) {
                out += lit;
            }
            break;
        case CMARK_NODE_CODE_BLOCK:
            if (const char* lit = cmark_node_get_literal(node)) {
                out += lit;
            }
            break;
        case CMARK_NODE_SOFTBREAK:
            out.push_back(' ');
            break;
        case CMARK_NODE_LINEBREAK:
            out.push_back(oneLine ? ' ' : '\n');
            break;
        default:
            if (isType(node, "table_cell")) {
                if (!enter && node != root) {
                    out += " | ";
                }
            } else if (!enter && isBlock(node) && node != root) {
                if (isType(node, "table_row") || isType(node, "table_header")) {
                    while (out.size() >= 3 && out.compare(out.size() - 3, 3, " | ") == 0) {
                        out.resize(out.size() - 3);
                    }
                }
                appendSeparator(out, oneLine ? ' ' : '\n');
            }
            break;
        }
    }
}

std::string collectTrimmed(cmark_node* node, bool oneLine) {
    std::string out;
    collect(node, out, oneLine);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    return out;
}

} // namespace

CmarkNode parseMarkdown(std::string_view text, unsigned extensions) {
    // Registration fills a global list without a lock: once, whichever thread parses first.
    static std::once_flag once;
    std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
    CmarkParser parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    if (!parser) {
        throw Error("cmark-gfm: не удалось создать разборщик Markdown");
    }
    if ((extensions & kMarkdownTable) != 0U) {
        attach(parser.get(), "table");
    }
    if ((extensions & kMarkdownTaskList) != 0U) {
        attach(parser.get(), "tasklist");
    }
    if ((extensions & kMarkdownAutolink) != 0U) {
        attach(parser.get(), "autolink");
    }
    if ((extensions & kMarkdownStrikethrough) != 0U) {
        attach(parser.get(), "strikethrough");
    }
    cmark_parser_feed(parser.get(), text.data(), text.size());
    CmarkNode document(cmark_parser_finish(parser.get()));
    if (!document) {
        throw Error("cmark-gfm: не удалось разобрать Markdown");
    }
    return document;
}

std::string plainText(cmark_node* node) {
    return collectTrimmed(node, false);
}

std::string inlineText(cmark_node* node) {
    return collectTrimmed(node, true);
}

bool isTaskItem(cmark_node* item) {
    return cmark_node_get_type(item) == CMARK_NODE_ITEM && isType(item, "tasklist");
}

bool isTaskChecked(cmark_node* item) {
    return isTaskItem(item) && cmark_gfm_extensions_get_tasklist_item_checked(item);
}

} // namespace sufler::kb
