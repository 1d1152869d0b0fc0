#pragma once
// The small text helpers the scripts module shares inside itself; cmark-gfm itself is wrapped
// once, in sufler/kb/markdown.h.
#include "sufler/kb/markdown.h"

#include <string>
#include <string_view>

namespace sufler::scripts::detail {

// Parses a script: GFM with tables, task lists and strikethrough, but no autolinks, since a bare
// address in a step's prose is neither a way to another step nor a reference to check.
[[nodiscard]] kb::CmarkNode parseScriptMarkdown(std::string_view text);

// Plain text of a node's inline content without nested lists and quotes (they belong to their
// own items): links reduced to their text, breaks to spaces, white space squeezed.
[[nodiscard]] std::string plainText(cmark_node* node);

// Collapses runs of white space into one space and trims.
[[nodiscard]] std::string squeeze(std::string_view text);

} // namespace sufler::scripts::detail
