// cmark-gfm AST → blocks of spans (once per entry), and the drawing of those blocks.
#include "console/markdown_view.h"

#include "sufler/kb/markdown.h"

#include <cmark-gfm.h>
#include <imgui.h>

#include <algorithm>
#include <memory>

namespace sufler::console {

namespace {

// ---------------------------------------------------------------- parsing

std::string_view typeString(cmark_node* node) {
    const char* type = cmark_node_get_type_string(node);
    return type ? type : "";
}

void appendSpan(std::vector<Span>& spans, std::string text, std::uint8_t style,
                const std::string& href) {
    if (text.empty())
        return;
    if (!spans.empty() && spans.back().style == style && spans.back().href == href) {
        spans.back().text += text;
        return;
    }
    spans.push_back({std::move(text), style, href});
}

void collectInlines(cmark_node* node, std::uint8_t style, const std::string& href,
                    std::vector<Span>& spans, std::vector<std::string>& links) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        switch (cmark_node_get_type(child)) {
        case CMARK_NODE_TEXT:
            appendSpan(spans, cmark_node_get_literal(child), style, href);
            break;
        case CMARK_NODE_SOFTBREAK:
            appendSpan(spans, " ", style, href);
            break;
        case CMARK_NODE_LINEBREAK:
            appendSpan(spans, "\n", style, href);
            break;
        case CMARK_NODE_CODE:
            appendSpan(spans, cmark_node_get_literal(child), style | Code, href);
            break;
        case CMARK_NODE_EMPH:
            collectInlines(child, style | Italic, href, spans, links);
            break;
        case CMARK_NODE_STRONG:
            collectInlines(child, style | Bold, href, spans, links);
            break;
        case CMARK_NODE_LINK: {
            const char* url = cmark_node_get_url(child);
            const std::string target = url ? url : "";
            links.push_back(target);
            collectInlines(child, style | Link, target, spans, links);
            break;
        }
        case CMARK_NODE_IMAGE:
            collectInlines(child, style | Italic, href, spans, links);
            break;
        case CMARK_NODE_HTML_INLINE:
            break; // raw HTML is not shown
        default:
            if (typeString(child) == "strikethrough")
                collectInlines(child, style | Strike, href, spans, links);
            else
                collectInlines(child, style, href, spans, links);
        }
    }
}

struct BlockContext {
    int indent = 0;
    bool quote = false;
};

void collectBlocks(cmark_node* node, BlockContext context, MarkdownDocument& document);
void collectOne(cmark_node* child, BlockContext context, MarkdownDocument& document);

void collectItem(cmark_node* item, const std::string& bullet, BlockContext context,
                 MarkdownDocument& document) {
    Block head;
    head.kind = Block::Kind::ListItem;
    head.indent = context.indent;
    head.quote = context.quote;
    head.bullet = bullet;
    if (kb::isTaskItem(item)) {
        head.task = document.taskCount++;
        head.checked = kb::isTaskChecked(item);
    }
    BlockContext inner{context.indent + 1, context.quote};
    bool first = true;
    for (cmark_node* child = cmark_node_first_child(item); child; child = cmark_node_next(child)) {
        if (first && cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH) {
            collectInlines(child, Plain, "", head.spans, document.links);
            document.blocks.push_back(std::move(head));
            first = false;
            continue;
        }
        if (first) {
            document.blocks.push_back(head); // an item that starts with a list or code
            first = false;
        }
        if (cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH) {
            Block more;
            more.indent = inner.indent;
            more.quote = context.quote;
            collectInlines(child, Plain, "", more.spans, document.links);
            document.blocks.push_back(std::move(more));
        } else {
            collectOne(child, inner, document);
        }
    }
    if (first)
        document.blocks.push_back(std::move(head)); // empty item
}

void collectBlocks(cmark_node* node, BlockContext context, MarkdownDocument& document) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child))
        collectOne(child, context, document);
}

void collectOne(cmark_node* child, BlockContext context, MarkdownDocument& document) {
    switch (cmark_node_get_type(child)) {
    case CMARK_NODE_PARAGRAPH: {
        Block block;
        block.indent = context.indent;
        block.quote = context.quote;
        collectInlines(child, Plain, "", block.spans, document.links);
        document.blocks.push_back(std::move(block));
        break;
    }
    case CMARK_NODE_HEADING: {
        Block block;
        block.kind = Block::Kind::Heading;
        block.level = cmark_node_get_heading_level(child);
        block.indent = context.indent;
        block.quote = context.quote;
        collectInlines(child, Plain, "", block.spans, document.links);
        document.blocks.push_back(std::move(block));
        break;
    }
    case CMARK_NODE_LIST: {
        const bool ordered = cmark_node_get_list_type(child) == CMARK_ORDERED_LIST;
        int number = cmark_node_get_list_start(child);
        for (cmark_node* item = cmark_node_first_child(child); item; item = cmark_node_next(item)) {
            const std::string bullet = ordered ? std::to_string(number++) + "." : "•";
            collectItem(item, bullet, context, document);
        }
        break;
    }
    case CMARK_NODE_BLOCK_QUOTE:
        collectBlocks(child, {context.indent + 1, true}, document);
        break;
    case CMARK_NODE_CODE_BLOCK: {
        Block block;
        block.kind = Block::Kind::Code;
        block.indent = context.indent;
        block.quote = context.quote;
        block.code = cmark_node_get_literal(child);
        while (!block.code.empty() && block.code.back() == '\n')
            block.code.pop_back();
        document.blocks.push_back(std::move(block));
        break;
    }
    case CMARK_NODE_THEMATIC_BREAK: {
        Block block;
        block.kind = Block::Kind::Rule;
        document.blocks.push_back(std::move(block));
        break;
    }
    case CMARK_NODE_HTML_BLOCK:
        break;
    default:
        if (typeString(child) == "table") {
            Block block;
            block.kind = Block::Kind::Table;
            block.indent = context.indent;
            for (cmark_node* row = cmark_node_first_child(child); row; row = cmark_node_next(row)) {
                std::vector<TableCell> cells;
                for (cmark_node* cell = cmark_node_first_child(row); cell;
                     cell = cmark_node_next(cell)) {
                    TableCell tableCell;
                    collectInlines(cell, Plain, "", tableCell.spans, document.links);
                    cells.push_back(std::move(tableCell));
                }
                if (block.rows.empty() && typeString(row) == "table_header")
                    block.headerRow = true;
                block.rows.push_back(std::move(cells));
            }
            document.blocks.push_back(std::move(block));
        } else {
            collectBlocks(child, context, document);
        }
    }
}

} // namespace

MarkdownDocument MarkdownDocument::parse(std::string_view markdown) {
    MarkdownDocument document;
    kb::CmarkNode root;
    try {
        root = kb::parseMarkdown(markdown); // the KB format's extensions, as the loader reads
    } catch (const std::exception&) {
        return document; // nothing to draw rather than a broken frame
    }
    collectBlocks(root.get(), {}, document);
    return document;
}

namespace {

std::string spansText(const std::vector<Span>& spans) {
    std::string text;
    for (const Span& span : spans)
        text += span.text;
    return text;
}

} // namespace

std::string MarkdownDocument::plainText() const {
    std::string text;
    for (const Block& block : blocks) {
        if (!text.empty())
            text += '\n';
        text.append(static_cast<std::size_t>(block.indent) * 2, ' ');
        switch (block.kind) {
        case Block::Kind::Code:
            text += block.code;
            break;
        case Block::Kind::Rule:
            text += "—";
            break;
        case Block::Kind::Table:
            for (std::size_t r = 0; r < block.rows.size(); ++r) {
                if (r)
                    text += '\n';
                for (std::size_t c = 0; c < block.rows[r].size(); ++c)
                    text += (c ? " | " : "") + spansText(block.rows[r][c].spans);
            }
            break;
        case Block::Kind::ListItem:
            if (block.task >= 0)
                text += block.checked ? "[x] " : "[ ] ";
            else if (!block.bullet.empty())
                text += block.bullet + " ";
            text += spansText(block.spans);
            break;
        default:
            text += spansText(block.spans);
        }
    }
    return text;
}

// ---------------------------------------------------------------- snippets

std::vector<Span> parseSnippet(std::string_view html) {
    std::vector<Span> spans;
    std::uint8_t style = Plain;
    std::string text;
    auto flush = [&] {
        appendSpan(spans, std::move(text), style, "");
        text.clear();
    };
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] == '<') {
            const auto close = html.find('>', i);
            if (close == std::string_view::npos) {
                text += html.substr(i);
                break;
            }
            const std::string_view tag = html.substr(i + 1, close - i - 1);
            if (tag == "mark" || tag == "/mark") {
                flush();
                style = tag == "mark" ? Marked : Plain;
            }
            i = close + 1;
            continue;
        }
        if (html[i] == '&') {
            const auto semi = html.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 10) {
                const std::string_view entity = html.substr(i + 1, semi - i - 1);
                std::string decoded;
                if (entity == "amp")
                    decoded = "&";
                else if (entity == "lt")
                    decoded = "<";
                else if (entity == "gt")
                    decoded = ">";
                else if (entity == "quot")
                    decoded = "\"";
                else if (entity == "apos" || entity == "#39")
                    decoded = "'";
                else if (entity == "nbsp")
                    decoded = " ";
                if (!decoded.empty()) {
                    text += decoded;
                    i = semi + 1;
                    continue;
                }
            }
        }
        text += html[i++];
    }
    flush();
    return spans;
}

// ---------------------------------------------------------------- drawing

namespace {

ImFont* fontFor(std::uint8_t style, const Fonts& fonts, ImFont* base) {
    if (style & Code)
        return fonts.mono;
    if (base != fonts.regular)
        return base; // headings keep their font
    if (style & Bold)
        return fonts.bold;
    if (style & Italic)
        return fonts.italic;
    return fonts.regular;
}

// Lays out words left to right, wrapping at the region's right edge, drawing straight into the
// window's draw list; one ImGui item covers the whole text.
class SpanLayout {
public:
    SpanLayout(float indent, float lineHeight) : m_lineHeight(lineHeight) {
        const ImVec2 start = ImGui::GetCursorScreenPos();
        m_left = start.x + indent;
        m_x = m_left;
        m_top = start.y;
        m_y = start.y;
        m_right = start.x + ImGui::GetContentRegionAvail().x;
        if (m_right < m_left + 40)
            m_right = m_left + 40;
        m_drawList = ImGui::GetWindowDrawList();
        const ImVec4 clip =
            m_drawList->GetClipRectMax().y > 0
                ? ImVec4(m_drawList->GetClipRectMin().x, m_drawList->GetClipRectMin().y,
                         m_drawList->GetClipRectMax().x, m_drawList->GetClipRectMax().y)
                : ImVec4(0, 0, 1e9f, 1e9f);
        m_clipTop = clip.y;
        m_clipBottom = clip.w;
        m_hoverable = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByPopup) &&
                      !ImGui::IsAnyItemActive();
    }

    void text(std::string_view text, ImFont* font, std::uint8_t style, const std::string& href) {
        std::size_t i = 0;
        while (i < text.size()) {
            if (text[i] == '\n') {
                newLine();
                ++i;
                continue;
            }
            // a word with the spaces after it
            std::size_t end = i;
            while (end < text.size() && text[end] != ' ' && text[end] != '\n')
                ++end;
            while (end < text.size() && text[end] == ' ')
                ++end;
            word(text.substr(i, end - i), font, style, href);
            i = end;
        }
    }

    void box(std::string_view glyph, ImFont* font, int task) {
        const ImVec2 at(m_x, m_y);
        word(glyph, font, Plain, "");
        const ImVec2 size =
            font->CalcTextSizeA(font->FontSize, 1e9f, 0, glyph.data(), glyph.data() + glyph.size());
        if (m_hoverable && ImGui::IsMouseHoveringRect(at, ImVec2(at.x + size.x, at.y + size.y))) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
                toggled = task;
        }
    }

    void finish() {
        const float height = (m_y - m_top) + m_lineHeight;
        ImGui::Dummy(ImVec2(std::max(1.0f, m_right - ImGui::GetCursorScreenPos().x), height));
    }

    std::optional<std::string> clicked;
    std::optional<int> toggled;

private:
    void newLine() {
        m_y += m_lineHeight;
        m_x = m_left;
    }

    void word(std::string_view word, ImFont* font, std::uint8_t style, const std::string& href) {
        const char* begin = word.data();
        const char* end = word.data() + word.size();
        // trailing spaces may hang past the edge
        const char* visibleEnd = end;
        while (visibleEnd > begin && visibleEnd[-1] == ' ')
            --visibleEnd;
        float visibleWidth = widthOf(font, begin, visibleEnd);
        if (m_x + visibleWidth > m_right && m_x > m_left)
            newLine();
        while (m_x + visibleWidth > m_right && begin < visibleEnd) {
            // a word longer than the line: break it where ImGui would
            const char* cut = font->CalcWordWrapPositionA(1.0f, begin, visibleEnd, m_right - m_x);
            if (cut <= begin)
                cut = begin + 1;
            while (cut < visibleEnd && (static_cast<unsigned char>(*cut) & 0xC0) == 0x80)
                ++cut; // never inside a UTF-8 sequence
            if (cut >= visibleEnd)
                break;
            draw(begin, cut, font, style, href);
            newLine();
            begin = cut;
            visibleWidth = widthOf(font, begin, visibleEnd);
        }
        draw(begin, end, font, style, href);
        m_x += widthOf(font, begin, end);
    }

    static float widthOf(ImFont* font, const char* begin, const char* end) {
        return font->CalcTextSizeA(font->FontSize, 1e9f, 0, begin, end).x;
    }

    void draw(const char* begin, const char* end, ImFont* font, std::uint8_t style,
              const std::string& href) {
        const ImVec2 size = font->CalcTextSizeA(font->FontSize, 1e9f, 0, begin, end);
        const float y = m_y + (m_lineHeight - font->FontSize) * 0.5f;
        if (y + size.y < m_clipTop || y > m_clipBottom)
            return; // off screen: nothing to draw, but the layout advances
        ImU32 color = ImGui::GetColorU32(ImGuiCol_Text);
        const ImVec2 min(m_x, y);
        const ImVec2 max(m_x + size.x, y + size.y);
        if (style & Marked)
            m_drawList->AddRectFilled(min, max, IM_COL32(255, 214, 90, 110), 2.0f);
        if (style & Code)
            m_drawList->AddRectFilled(min, max, ImGui::GetColorU32(ImGuiCol_FrameBg), 2.0f);
        if (style & Link) {
            color = IM_COL32(90, 160, 255, 255);
            const bool hovered = m_hoverable && ImGui::IsMouseHoveringRect(min, max);
            if (hovered) {
                ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                m_drawList->AddLine(ImVec2(min.x, max.y), max, color);
                if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
                    clicked = href;
            }
        }
        m_drawList->AddText(font, font->FontSize, min, color, begin, end);
        if (style & Strike)
            m_drawList->AddLine(ImVec2(min.x, (min.y + max.y) * 0.5f),
                                ImVec2(max.x, (min.y + max.y) * 0.5f), color);
    }

    float m_lineHeight;
    float m_left = 0, m_right = 0, m_x = 0, m_y = 0, m_top = 0;
    float m_clipTop = 0, m_clipBottom = 0;
    bool m_hoverable = false;
    ImDrawList* m_drawList = nullptr;
};

float lineHeightFor(ImFont* font) {
    return font->FontSize * 1.3f;
}

std::optional<std::string> drawSpansWith(const std::vector<Span>& spans, const Fonts& fonts,
                                         ImFont* base, float indent,
                                         std::optional<int>* toggled = nullptr,
                                         const Block* taskBlock = nullptr, bool checked = false) {
    SpanLayout layout(indent, lineHeightFor(base));
    if (taskBlock)
        layout.box(checked ? "☑ " : "☐ ", fonts.regular, taskBlock->task);
    for (const Span& span : spans)
        layout.text(span.text, fontFor(span.style, fonts, base), span.style, span.href);
    layout.finish();
    if (toggled && layout.toggled)
        *toggled = layout.toggled;
    return layout.clicked;
}

} // namespace

std::optional<std::string> drawSpans(const std::vector<Span>& spans, const Fonts& fonts,
                                     float indent) {
    return drawSpansWith(spans, fonts, fonts.regular, indent);
}

MarkdownInteraction drawMarkdown(const MarkdownDocument& document, const Fonts& fonts,
                                 const std::vector<bool>* taskChecked) {
    MarkdownInteraction result;
    const float indentStep = fonts.baseSize * 1.4f;
    for (std::size_t index = 0; index < document.blocks.size(); ++index) {
        const Block& block = document.blocks[index];
        const float indent = indentStep * static_cast<float>(block.indent);
        const ImVec2 blockTop = ImGui::GetCursorScreenPos();
        std::optional<std::string> clicked;
        switch (block.kind) {
        case Block::Kind::Heading: {
            ImGui::Dummy(ImVec2(0, fonts.baseSize * 0.3f));
            ImFont* font = block.level <= 2 ? fonts.heading1 : fonts.heading2;
            clicked = drawSpansWith(block.spans, fonts, font, indent);
            break;
        }
        case Block::Kind::Paragraph:
            clicked = drawSpansWith(block.spans, fonts, fonts.regular, indent);
            break;
        case Block::Kind::ListItem: {
            if (block.task >= 0) {
                bool checked = block.checked;
                if (taskChecked && block.task < static_cast<int>(taskChecked->size()))
                    checked = (*taskChecked)[static_cast<std::size_t>(block.task)];
                clicked = drawSpansWith(block.spans, fonts, fonts.regular, indent,
                                        &result.toggledTask, &block, checked);
            } else {
                std::vector<Span> spans;
                spans.push_back({block.bullet + " ", Plain, ""});
                spans.insert(spans.end(), block.spans.begin(), block.spans.end());
                clicked = drawSpansWith(spans, fonts, fonts.regular, indent);
            }
            break;
        }
        case Block::Kind::Code: {
            ImGui::PushFont(fonts.mono);
            ImGui::SetCursorScreenPos(ImVec2(blockTop.x + indent, blockTop.y));
            ImGui::TextUnformatted(block.code.c_str());
            ImGui::PopFont();
            break;
        }
        case Block::Kind::Rule:
            ImGui::Separator();
            break;
        case Block::Kind::Table: {
            const int columns = block.rows.empty() ? 0 : static_cast<int>(block.rows[0].size());
            if (columns == 0)
                break;
            ImGui::PushID(static_cast<int>(index));
            if (ImGui::BeginTable("table", columns,
                                  ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                      ImGuiTableFlags_SizingStretchProp)) {
                for (std::size_t r = 0; r < block.rows.size(); ++r) {
                    const bool header = r == 0 && block.headerRow;
                    ImGui::TableNextRow(header ? ImGuiTableRowFlags_Headers : 0);
                    for (int c = 0; c < columns; ++c) {
                        ImGui::TableSetColumnIndex(c);
                        if (static_cast<std::size_t>(c) >= block.rows[r].size())
                            continue;
                        auto link = drawSpansWith(block.rows[r][c].spans, fonts,
                                                  header ? fonts.bold : fonts.regular, 0);
                        if (link)
                            clicked = link;
                    }
                }
                ImGui::EndTable();
            }
            ImGui::PopID();
            break;
        }
        }
        if (block.quote) {
            const ImVec2 blockBottom = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(
                ImVec2(blockTop.x + indent - indentStep * 0.6f, blockTop.y),
                ImVec2(blockTop.x + indent - indentStep * 0.45f, blockBottom.y),
                ImGui::GetColorU32(ImGuiCol_Separator));
        }
        if (clicked)
            result.clickedLink = clicked;
        // a little air between paragraphs, none inside lists
        const bool nextIsItem = index + 1 < document.blocks.size() &&
                                document.blocks[index + 1].kind == Block::Kind::ListItem &&
                                block.kind == Block::Kind::ListItem;
        if (!nextIsItem)
            ImGui::Dummy(ImVec2(0, fonts.baseSize * 0.35f));
    }
    return result;
}

} // namespace sufler::console
