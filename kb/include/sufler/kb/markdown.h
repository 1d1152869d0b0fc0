#pragma once
// cmark-gfm behind RAII, once for every module that reads Markdown: parsing a text with the
// GFM extensions of the KB format, and reading plain text and task-list marks out of nodes.
// Modules that include this header link cmark-gfm through sufler_kb.
#include <cmark-gfm.h>

#include <memory>
#include <string>
#include <string_view>

namespace sufler::kb {

struct CmarkNodeDeleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CmarkParserDeleter {
    void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct CmarkIterDeleter {
    void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

// A document tree owns its nodes; the nodes inside it are borrowed raw pointers.
using CmarkNode = std::unique_ptr<cmark_node, CmarkNodeDeleter>;
using CmarkParser = std::unique_ptr<cmark_parser, CmarkParserDeleter>;
using CmarkIter = std::unique_ptr<cmark_iter, CmarkIterDeleter>;

// The GFM extensions a parse attaches, as bit flags.
enum MarkdownExtension : unsigned {
    kMarkdownTable = 1U << 0U,
    kMarkdownTaskList = 1U << 1U,
    kMarkdownAutolink = 1U << 2U,
    kMarkdownStrikethrough = 1U << 3U,
    kMarkdownAllExtensions =
        kMarkdownTable | kMarkdownTaskList | kMarkdownAutolink | kMarkdownStrikethrough,
};

// Parses GitHub-flavoured Markdown with the given extensions (by default tables, task lists,
// autolinks and strikethrough, as the KB format). Line numbers of the nodes are those of
// `text`. Never null; throws sufler::Error when cmark-gfm cannot parse.
[[nodiscard]] CmarkNode parseMarkdown(std::string_view text,
                                      unsigned extensions = kMarkdownAllExtensions);

// The node's text without markup: inline text joined, blocks separated by new lines,
// table cells by " | ".
[[nodiscard]] std::string plainText(cmark_node* node);

// The text of a heading or a paragraph on one line (soft breaks become spaces).
[[nodiscard]] std::string inlineText(cmark_node* node);

[[nodiscard]] inline bool isType(cmark_node* node, std::string_view typeString) {
    const char* name = cmark_node_get_type_string(node);
    return name != nullptr && typeString == name;
}

// True for a list item written `- [ ]` / `- [x]` (needs the task-list extension).
[[nodiscard]] bool isTaskItem(cmark_node* item);
[[nodiscard]] bool isTaskChecked(cmark_node* item);

} // namespace sufler::kb
