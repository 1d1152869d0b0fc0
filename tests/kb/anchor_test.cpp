#include "kb_fixture.h"

#include <catch2/catch.hpp>

using sufler::kb::makeAnchor;

TEST_CASE("anchors keep Cyrillic and drop punctuation", "[kb][anchor]") {
    CHECK(makeAnchor("Как оформить компенсацию ЖКУ?") == "как-оформить-компенсацию-жку");
    CHECK(makeAnchor("Ёлка и ЁЖ") == "ёлка-и-ёж");
    CHECK(makeAnchor("Федеральный закон № 442-ФЗ «Об основах»") ==
          "федеральный-закон--442-фз-об-основах");
    CHECK(makeAnchor("Пособие — кому положено") == "пособие--кому-положено");
    CHECK(makeAnchor("Step_1: Hello, World!") == "step_1-hello-world");
    CHECK(makeAnchor("a  b") == "a--b");
    CHECK(makeAnchor("Выплата 2026 г. (до 31.12)") == "выплата-2026-г-до-3112");
    CHECK(makeAnchor("Café Ünïcode") == "café-ünïcode");
    CHECK(makeAnchor("{{ФИО}} & [ссылка]") == "фио--ссылка");
}

TEST_CASE("duplicate headings in one file get -1, -2", "[kb][anchor]") {
    sufler::test::TempDir dir;
    sufler::test::writeMinimalKb(dir);
    dir.write("departments/families/faq.md", "## Итоги\n\nа\n\n## Итоги\n\nб\n\n## Итоги\n\nв\n\n"
                                             "## Итоги-1\n\nг\n");
    dir.write("departments/families/cases.md", "## Итоги\n\nд\n");
    auto kb = sufler::kb::load(dir.path());
    REQUIRE(kb.findEntry("departments/families/faq.md#итоги") != nullptr);
    CHECK(kb.findEntry("departments/families/faq.md#итоги")->markdown == "а");
    CHECK(kb.findEntry("departments/families/faq.md#итоги-1")->markdown == "б");
    CHECK(kb.findEntry("departments/families/faq.md#итоги-2")->markdown == "в");
    // A heading whose own anchor is taken counts up from itself (as GitHub does).
    CHECK(kb.findEntry("departments/families/faq.md#итоги-1-1")->markdown == "г");
    // Anchors are per file.
    CHECK(kb.findEntry("departments/families/cases.md#итоги")->markdown == "д");
}

TEST_CASE("an entry's id does not depend on other entries of other titles", "[kb][anchor]") {
    sufler::test::TempDir dir;
    sufler::test::writeMinimalKb(dir);
    dir.write("departments/families/faq.md", "## Первый\n\nа\n\n## Второй\n\nб\n");
    auto before = sufler::kb::load(dir.path());
    dir.write("departments/families/faq.md", "## Новый\n\nн\n\n## Первый\n\nа\n\n## Второй\n\nб\n");
    auto after = sufler::kb::load(dir.path());
    CHECK(before.findEntry("departments/families/faq.md#второй") != nullptr);
    CHECK(after.findEntry("departments/families/faq.md#второй") != nullptr);
    CHECK(after.findEntry("departments/families/faq.md#второй")->line == 9);
}
