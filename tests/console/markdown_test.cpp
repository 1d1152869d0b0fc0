// Markdown parsed once into blocks of styled spans (what the entry panel draws each frame).
#include "console/markdown_view.h"

#include <catch2/catch.hpp>

using namespace sufler::console;

namespace {

const Block* find(const MarkdownDocument& document, Block::Kind kind, int nth = 0) {
    for (const Block& block : document.blocks)
        if (block.kind == kind && nth-- == 0)
            return &block;
    return nullptr;
}

} // namespace

TEST_CASE("markdown: headings, emphasis, lists, tasks, tables and links", "[markdown]") {
    const auto document = MarkdownDocument::parse(R"(# Субсидия на ЖКУ

Назначается **на шесть месяцев**, *не дольше*; код `ЕДК` и ~~старый порядок~~.

- первый пункт
- второй пункт с [ссылкой](faq.md#кто-имеет-право)

1. раз
2. два

- [x] спросить ФИО
- [ ] записать телефон

| Документ | Срок |
|---|---|
| Заявление | 10 дней |

> Цитата — «как есть»…
)");
    const Block* heading = find(document, Block::Kind::Heading);
    REQUIRE(heading);
    CHECK(heading->level == 1);

    const Block* paragraph = find(document, Block::Kind::Paragraph);
    REQUIRE(paragraph);
    std::uint8_t styles = 0;
    for (const Span& span : paragraph->spans)
        styles |= span.style;
    CHECK((styles & Bold));
    CHECK((styles & Italic));
    CHECK((styles & Code));
    CHECK((styles & Strike));

    const Block* second = find(document, Block::Kind::ListItem, 1);
    REQUIRE(second);
    CHECK(second->bullet == "•");
    bool link = false;
    for (const Span& span : second->spans)
        link = link || ((span.style & Link) && span.href == "faq.md#кто-имеет-право");
    CHECK(link);
    REQUIRE(document.links.size() == 1);

    const Block* numbered = find(document, Block::Kind::ListItem, 3);
    REQUIRE(numbered);
    CHECK(numbered->bullet == "2.");

    CHECK(document.taskCount == 2);
    const Block* task = find(document, Block::Kind::ListItem, 4);
    REQUIRE(task);
    CHECK(task->task == 0);
    CHECK(task->checked);

    const Block* table = find(document, Block::Kind::Table);
    REQUIRE(table);
    CHECK(table->headerRow);
    REQUIRE(table->rows.size() == 2);
    CHECK(table->rows[1].size() == 2);

    const std::string text = document.plainText();
    CHECK(text.find("[x] спросить ФИО") != std::string::npos);
    CHECK(text.find("[ ] записать телефон") != std::string::npos);
    CHECK(text.find("Заявление | 10 дней") != std::string::npos);
    CHECK(text.find("Цитата — «как есть»…") != std::string::npos);
}

TEST_CASE("markdown: search snippets mark the matched words", "[markdown]") {
    const auto spans = parseSnippet("…право на <mark>субсидию</mark> &amp; &quot;льготы&quot;…");
    std::string marked, all;
    for (const Span& span : spans) {
        all += span.text;
        if (span.style & Marked)
            marked += span.text;
    }
    CHECK(marked == "субсидию");
    CHECK(all == "…право на субсидию & \"льготы\"…");
}

TEST_CASE("markdown: raw HTML and odd input are shown safely", "[markdown]") {
    const auto document =
        MarkdownDocument::parse("<script>alert(1)</script>\n\nтекст <b>жирный</b>\n\n|a|\n|-|\n");
    const std::string text = document.plainText();
    CHECK(text.find("<script>") == std::string::npos);
    CHECK(text.find("текст") != std::string::npos);
    CHECK(MarkdownDocument::parse("").blocks.empty());
}
