// Table cells of every Markdown the program writes (reports, the day sheet, KB files).
#include "sufler/core/markdown.h"

#include <catch2/catch.hpp>

using sufler::core::CellBreak;
using sufler::core::markdownCell;

TEST_CASE("markdown: a cell's bar is escaped and its line breaks kept in one row") {
    CHECK(markdownCell("мать | отец") == "мать \\| отец");
    CHECK(markdownCell("первая\nвторая") == "первая<br>вторая");
    CHECK(markdownCell("первая\r\nвторая") == "первая<br>вторая");
    CHECK(markdownCell("первая\nвторая", CellBreak::Space) == "первая вторая");
    CHECK(markdownCell("первая\r\nвторая", CellBreak::Space) == "первая вторая");
    CHECK(markdownCell("одна\rстрока") == "однастрока");
}

TEST_CASE("markdown: a control character in a cell is shown, a tab stays") {
    CHECK(markdownCell("звонок\x07") == "звонок\\x07");
    CHECK(markdownCell("лист\x0Cдва", CellBreak::Space) == "лист\\x0Cдва");
    CHECK(markdownCell("а\tб") == "а\tб");
    CHECK(markdownCell("") == "");
}
