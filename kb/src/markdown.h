#pragma once
// cmark-gfm behind RAII: parsing a Markdown text with the GFM extensions the KB format uses,
// and reading plain text out of a node (internal to the kb module).
#include <cmark-gfm.h>

#include <memory>
#include <string>
#include <string_view>

namespace sufler::kb::detail {

struct CmarkNodeDeleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CmarkParserDeleter {
    void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct CmarkIterDeleter {
    void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

using CmarkNode = std::unique_ptr<cmark_node, CmarkNodeDeleter>;
using CmarkParser = std::unique_ptr<cmark_parser, CmarkParserDeleter>;
using CmarkIter = std::unique_ptr<cmark_iter, CmarkIterDeleter>;

// Parses GitHub-flavoured Markdown (tables, task lists, autolinks, strikethrough).
// Line numbers of the nodes are those of `text`.
[[nodiscard]] CmarkNode parseMarkdown(std::string_view text);

// The node's text without markup: inline text joined, blocks separated by new lines,
// table cells by " | ".
[[nodiscard]] std::string plainText(cmark_node* node);

// The text of a heading or a paragraph on one line (soft breaks become spaces).
[[nodiscard]] std::string inlineText(cmark_node* node);

[[nodiscard]] inline bool isType(cmark_node* node, std::string_view typeString) {
    const char* name = cmark_node_get_type_string(node);
    return name != nullptr && typeString == name;
}

} // namespace sufler::kb::detail
