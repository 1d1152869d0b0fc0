// The Markdown and text helpers kb shares with the modules built on it (scripts, the CLI).
#include "sufler/core/text.h"
#include "sufler/kb/markdown.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace sufler;

int countLinks(cmark_node* root) {
    int links = 0;
    kb::CmarkIter iter(cmark_iter_new(root));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        if (ev == CMARK_EVENT_ENTER &&
            cmark_node_get_type(cmark_iter_get_node(iter.get())) == CMARK_NODE_LINK) {
            ++links;
        }
    }
    return links;
}

std::vector<cmark_node*> listItems(cmark_node* root) {
    std::vector<cmark_node*> items;
    for (cmark_node* block = cmark_node_first_child(root); block != nullptr;
         block = cmark_node_next(block)) {
        if (cmark_node_get_type(block) != CMARK_NODE_LIST) {
            continue;
        }
        for (cmark_node* item = cmark_node_first_child(block); item != nullptr;
             item = cmark_node_next(item)) {
            items.push_back(item);
        }
    }
    return items;
}

} // namespace

TEST_CASE("markdown: autolinks only when the caller asks for them", "[markdown]") {
    const std::string text = "Портал: https://www.gosuslugi.ru и [МФЦ](https://mfc.example)\n";
    const kb::CmarkNode all = kb::parseMarkdown(text);
    CHECK(countLinks(all.get()) == 2);
    const kb::CmarkNode noAutolink =
        kb::parseMarkdown(text, kb::kMarkdownTable | kb::kMarkdownTaskList);
    CHECK(countLinks(noAutolink.get()) == 1);
}

TEST_CASE("markdown: task items and their marks", "[markdown]") {
    const kb::CmarkNode doc = kb::parseMarkdown("- [x] паспорт\n- [ ] СНИЛС\n- справка\n");
    const auto items = listItems(doc.get());
    REQUIRE(items.size() == 3);
    CHECK(kb::isTaskItem(items[0]));
    CHECK(kb::isTaskChecked(items[0]));
    CHECK(kb::isTaskItem(items[1]));
    CHECK_FALSE(kb::isTaskChecked(items[1]));
    CHECK_FALSE(kb::isTaskItem(items[2]));
    CHECK_FALSE(kb::isTaskItem(doc.get()));

    const kb::CmarkNode plain = kb::parseMarkdown("- [x] паспорт\n", kb::kMarkdownTable);
    const auto plainItems = listItems(plain.get());
    REQUIRE(plainItems.size() == 1);
    CHECK_FALSE(kb::isTaskItem(plainItems[0]));
}

TEST_CASE("markdown: plain and one-line text of a node", "[markdown]") {
    const kb::CmarkNode doc = kb::parseMarkdown(
        "Первая *строка*\nвторая\n\n| Кто | Телефон |\n|---|---|\n| МФЦ | 112 |\n");
    CHECK(kb::plainText(doc.get()) == "Первая строка вторая\nКто | Телефон\nМФЦ | 112");
    CHECK(kb::inlineText(cmark_node_first_child(doc.get())) == "Первая строка вторая");
}

TEST_CASE("text: percent escapes are decoded, stray percent signs kept", "[text]") {
    CHECK(core::percentDecode("departments/soc/faq.md#%D0%BF%D0%B5%D0%BD%D1%81%D0%B8%D1%8F") ==
          "departments/soc/faq.md#пенсия");
    CHECK(core::percentDecode("a%20b%2Fc") == "a b/c");
    CHECK(core::percentDecode("100%") == "100%");
    CHECK(core::percentDecode("%zz%4") == "%zz%4");
    CHECK(core::percentDecode("") == "");
    // Found by fuzzing: escapes of half a letter, or of Windows-1251, made text that was not
    // UTF-8 (and diagnostics that quoted it); such a target stays as written.
    CHECK(core::percentDecode("#%D0%BF%D0") == "#%D0%BF%D0");
    CHECK(core::percentDecode("%EF%F0") == "%EF%F0");
}

TEST_CASE("text: bytes that are not UTF-8 become U+FFFD, the rest stays", "[text]") {
    CHECK(core::toValidUtf8("unknown escape character: \xD0") ==
          "unknown escape character: \xEF\xBF\xBD");
    CHECK(core::toValidUtf8("Ж\xC0\xAFж") == "Ж\xEF\xBF\xBD\xEF\xBF\xBDж");
    CHECK(core::toValidUtf8("Пенсия") == "Пенсия");
    CHECK(core::toValidUtf8("") == "");
}

TEST_CASE("text: the first invalid UTF-8 byte is found, valid text has none", "[text]") {
    CHECK(core::findInvalidUtf8("Пенсия ёлка €") == std::string_view::npos);
    CHECK(core::findInvalidUtf8("") == std::string_view::npos);
    CHECK(core::findInvalidUtf8("ab\xC2") == 2);                     // cut short
    CHECK(core::findInvalidUtf8("a\xC0\xAF") == 1);                  // overlong '/'
    CHECK(core::findInvalidUtf8("ok \xED\xA0\x80") == 3);            // a surrogate
    CHECK(core::findInvalidUtf8("\xF4\x90\x80\x80") == 0);           // past U+10FFFF
    CHECK(core::findInvalidUtf8("Да\xC2\xEE\xEF\xF0\xEE\xF1") == 4); // Windows-1251 after UTF-8
}
