#pragma once
// cmark-gfm behind RAII, and the small text helpers the scripts module shares inside itself.
#include <cmark-gfm.h>

#include <memory>
#include <string>
#include <string_view>

namespace sufler::scripts::detail {

struct NodeDeleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
// Owns a document tree; the nodes inside it are borrowed raw pointers.
using Document = std::unique_ptr<cmark_node, NodeDeleter>;

// Parses GFM with the task-list and table extensions. Never null.
[[nodiscard]] Document parseMarkdown(std::string_view text);

// True for a list item written `- [ ]` / `- [x]`.
[[nodiscard]] bool isTaskItem(cmark_node* item);
[[nodiscard]] bool isTaskChecked(cmark_node* item);

// Plain text of a node's inline content: links reduced to their text, breaks to spaces.
[[nodiscard]] std::string plainText(cmark_node* node);

[[nodiscard]] std::string trim(std::string_view text);
// Collapses runs of white space into one space and trims.
[[nodiscard]] std::string squeeze(std::string_view text);
// Lower case for ASCII and Cyrillic (А–Я, Ё), enough for the checks of the regulation.
[[nodiscard]] std::string lowerRu(std::string_view text);
// Decodes %XX escapes (links copied from a browser's address bar).
[[nodiscard]] std::string percentDecode(std::string_view text);

} // namespace sufler::scripts::detail
