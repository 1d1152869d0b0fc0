// Text helpers every module shares.
#include "sufler/core/text.h"

#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

using sufler::core::splitLines;
using Lines = std::vector<std::string_view>;

TEST_CASE("text: a text's lines, numbered from 1 as the files' lines are") {
    CHECK(splitLines("") == Lines{});
    CHECK(splitLines("одна") == Lines{"одна"});
    CHECK(splitLines("одна\n") == Lines{"одна"});
    CHECK(splitLines("одна\n\nтри\n") == Lines{"одна", "", "три"});
    CHECK(splitLines("\n") == Lines{""});
    // a '\r' is the reader's to drop: a table row or a heading is trimmed anyway
    CHECK(splitLines("а\r\nб") == Lines{"а\r", "б"});
}
