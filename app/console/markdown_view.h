#pragma once
// Markdown for the screen: an entry's source is parsed once with cmark-gfm into a flat list of
// blocks of styled spans, and that list is drawn every frame with word wrapping. The same span
// drawing serves search snippets, whose matched words come marked.
#include "console/fonts.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::console {

enum SpanStyle : std::uint8_t {
    Plain = 0,
    Bold = 1,
    Italic = 2,
    Code = 4,
    Strike = 8,
    Link = 16,
    Marked = 32, // a search match
};

struct Span {
    std::string text;
    std::uint8_t style = Plain;
    std::string href; // for Link
};

struct TableCell {
    std::vector<Span> spans;
};

struct Block {
    enum class Kind { Paragraph, Heading, ListItem, Code, Table, Rule };
    Kind kind = Kind::Paragraph;
    int level = 0;      // heading level
    int indent = 0;     // nesting of lists and quotes
    bool quote = false; // inside a blockquote
    std::string bullet; // «•» or «3.» for list items; empty for a continuation paragraph
    int task = -1;      // -1 not a task item; otherwise the 0-based task number in the document
    bool checked = false;
    std::vector<Span> spans;
    std::string code; // Code blocks
    std::vector<std::vector<TableCell>> rows;
    bool headerRow = false; // the first row of `rows` is the header
};

struct MarkdownDocument {
    std::vector<Block> blocks;
    int taskCount = 0;
    std::vector<std::string> links; // every link target, in order of appearance

    [[nodiscard]] static MarkdownDocument parse(std::string_view markdown);
    // Plain text of the document (for tests and the clipboard).
    [[nodiscard]] std::string plainText() const;
};

// A search snippet: HTML-escaped text with <mark>…</mark> → spans (entities decoded).
[[nodiscard]] std::vector<Span> parseSnippet(std::string_view html);

// What the operator did with the drawn text this frame.
struct MarkdownInteraction {
    std::optional<std::string> clickedLink;
    std::optional<int> toggledTask; // task number clicked
};

// Draws styled spans wrapped at the content region's width; returns the link clicked.
std::optional<std::string> drawSpans(const std::vector<Span>& spans, const Fonts& fonts,
                                     float indent = 0);

// Draws a whole document. `taskChecked` overrides the document's own ticks, by task number
// (the operator ticks items during a call without touching the KB).
MarkdownInteraction drawMarkdown(const MarkdownDocument& document, const Fonts& fonts,
                                 const std::vector<bool>* taskChecked = nullptr);

} // namespace sufler::console
