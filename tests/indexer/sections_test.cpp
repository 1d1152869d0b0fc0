// An edit of one entry of a large file: only the `## ` sections whose text changed are parsed,
// and the index then holds what parsing the whole file gives — ids, lines, titles, snippets.
#include "tiny_kb.h"

#include "sufler/indexer/search.h"
#include "sufler/kb/kb.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <chrono>
#include <string>
#include <vector>

using namespace sufler;
using namespace sufler::indexer;

namespace {

const std::string kFile = "departments/families/faq.md";

// Distinct words, so that each entry is found by its own title.
const std::vector<std::string> kWords = {
    "автобус", "берёза",     "ветер",   "горизонт",  "дорога",     "ёлка",     "журнал",
    "здание",  "игрушка",    "капуста", "лестница",  "молоко",     "наушники", "окно",
    "пальто",  "ракета",     "самовар", "телевизор", "утюг",       "фонарь",   "холодильник",
    "цветок",  "чайник",     "шкаф",    "щётка",     "экскаватор", "юбка",     "ящерица",
    "аптека",  "библиотека", "вокзал",  "гараж",     "диван",      "забор",    "кровать",
    "лодка",   "машина",     "ножницы", "облако",    "подушка"};

std::string entryText(std::size_t n, const std::string& extra = {}) {
    return fmt::format("## Как оформить {} номер {}?\n\nОтвет про {} для семьи.{}\n\n", kWords[n],
                       n, kWords[n], extra);
}

// A file of 40 FAQ entries; `edit(n)` gives the extra text of entry n.
template <typename Edit>
std::string faqFile(Edit edit, const std::string& head = "# Вопросы семей\n\n") {
    std::string text = head;
    for (std::size_t n = 0; n < kWords.size(); ++n) {
        text += edit(n);
    }
    return text;
}

void rewrite(const test::TempDir& dir, const std::string& path, const std::string& content) {
    auto full = dir.write(path, content);
    std::filesystem::last_write_time(full, std::filesystem::last_write_time(full) +
                                               std::chrono::seconds(2));
}

UpdateStats update(const test::TempDir& kb, const test::TempDir& db) {
    Diagnostics diagnostics;
    return updateIndex(kb.path(), db.path(), diagnostics);
}

const Hit* hitOf(const SearchResult& result, const std::string& id) {
    for (const auto& hit : result.hits) {
        if (hit.id == id) {
            return &hit;
        }
    }
    return nullptr;
}

// The index in db holds the file as the loader parses it whole, and as an index built from
// scratch holds it.
void checkAgreesWithWholeFile(const test::TempDir& kb, const test::TempDir& db) {
    Diagnostics diagnostics;
    const auto entries = kb::loadFileEntries(kb.path(), kFile, diagnostics);
    REQUIRE(diagnostics.empty());
    test::TempDir fresh;
    const auto rebuilt = updateIndex(kb.path(), fresh.path(), diagnostics);
    CHECK(update(kb, db).entries == rebuilt.entries);
    Searcher ours(db.path());
    Searcher scratch(fresh.path());
    SearchOptions options;
    options.asYouType = false;
    options.limit = 50;
    for (const auto& entry : entries) {
        INFO(entry.id);
        const auto result = ours.search(entry.title, options);
        const Hit* hit = hitOf(result, entry.id);
        REQUIRE(hit != nullptr);
        CHECK(hit->line == entry.line);
        CHECK(hit->title == entry.title);
        const auto other = scratch.search(entry.title, options);
        const Hit* expected = hitOf(other, entry.id);
        REQUIRE(expected != nullptr);
        CHECK(hit->snippet == expected->snippet);
        CHECK(hit->line == expected->line);
    }
}

} // namespace

TEST_CASE("an entry of a large file edited: its section alone is parsed, the others keep theirs") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    rewrite(kb, kFile, faqFile([](std::size_t n) { return entryText(n); }));
    const auto first = update(kb, db);
    REQUIRE(first.rebuilt);

    // One body edited.
    rewrite(kb, kFile, faqFile([](std::size_t n) {
                return entryText(n, n == 20 ? " Справку выдают в МФЦ." : "");
            }));
    auto edited = update(kb, db);
    CHECK(edited.filesRead == 1);
    CHECK(edited.entriesParsed == 1);
    CHECK(edited.entriesWritten == 1);
    CHECK(edited.entriesMoved == 0);
    checkAgreesWithWholeFile(kb, db);
    {
        Searcher searcher(db.path());
        auto found = searcher.search("справку выдают в мфц");
        REQUIRE_FALSE(found.hits.empty());
        CHECK(found.hits.front().id == kFile + "#как-оформить-холодильник-номер-20");
    }

    // A line added to entry 10: the 29 entries below it move, none of them is parsed.
    rewrite(kb, kFile, faqFile([](std::size_t n) {
                return entryText(n, n == 20   ? " Справку выдают в МФЦ."
                                    : n == 10 ? "\n\nЗаявление подают лично."
                                              : "");
            }));
    auto grown = update(kb, db);
    CHECK(grown.entriesParsed == 1);
    CHECK(grown.entriesWritten == 1);
    CHECK(grown.entriesMoved == 29);
    checkAgreesWithWholeFile(kb, db);

    // A new entry between two others, and one deleted.
    rewrite(kb, kFile, faqFile([](std::size_t n) {
                if (n == 30) {
                    return std::string();
                }
                std::string text = entryText(n, n == 20 ? " Справку выдают в МФЦ." : "");
                if (n == 5) {
                    text += "## Куда сдать макулатуру?\n\nВ пункт приёма вторсырья.\n\n";
                }
                return text;
            }));
    auto reshaped = update(kb, db);
    CHECK(reshaped.entriesParsed == 2); // the new one, and entry 10 without its added line
    CHECK(reshaped.entries == first.entries);
    checkAgreesWithWholeFile(kb, db);
    Searcher searcher(db.path());
    CHECK(hitOf(searcher.search("как оформить облако"), kFile + "#как-оформить-облако-номер-38") !=
          nullptr);
    CHECK(hitOf(searcher.search("как оформить аптека"), kFile + "#как-оформить-аптека-номер-28") !=
          nullptr);
    CHECK(hitOf(searcher.search("как оформить гараж номер 31"),
                kFile + "#как-оформить-гараж-номер-31") != nullptr);
    CHECK(hitOf(searcher.search("как оформить вокзал номер 30"),
                kFile + "#как-оформить-вокзал-номер-30") == nullptr);
    CHECK_FALSE(searcher.search("макулатуру").hits.empty());
}

TEST_CASE("what a cut at `## ` lines cannot follow makes the file parsed whole") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    const std::size_t all = kWords.size();

    SECTION("a heading that repeats another: its id depends on the headings above") {
        rewrite(kb, kFile, faqFile([](std::size_t n) { return entryText(n); }));
        (void)update(kb, db);
        // Entry 3 now has the title of entry 30: its anchor gets `-1` in the whole file.
        rewrite(kb, kFile, faqFile([](std::size_t n) {
                    return n == 3 ? entryText(30, " Другой текст.") : entryText(n);
                }));
        auto stats = update(kb, db);
        CHECK(stats.entriesParsed >= all); // the changed section first, then the whole file
        checkAgreesWithWholeFile(kb, db);
        Searcher searcher(db.path());
        CHECK(hitOf(searcher.search("другой текст"), kFile + "#как-оформить-вокзал-номер-30") !=
              nullptr);
        CHECK(hitOf(searcher.search("вокзал номер 30"),
                    kFile + "#как-оформить-вокзал-номер-30-1") != nullptr);
        // While the repeat stays, every edit parses the file whole.
        rewrite(kb, kFile, faqFile([](std::size_t n) {
                    return n == 3 ? entryText(30, " Другой текст.")
                                  : entryText(n, n == 7 ? " Ещё." : "");
                }));
        CHECK(update(kb, db).entriesParsed >= all);
        checkAgreesWithWholeFile(kb, db);
    }
    SECTION("a code fence whose lines look like headings") {
        rewrite(kb, kFile, faqFile([](std::size_t n) {
                    return entryText(n, n == 2 ? "\n\n```\n## не заголовок\n```" : "");
                }));
        (void)update(kb, db);
        rewrite(kb, kFile, faqFile([](std::size_t n) {
                    return entryText(n, n == 2 ? "\n\n```\n## не заголовок\n```"
                                               : (n == 9 ? " Ещё." : ""));
                }));
        CHECK(update(kb, db).entriesParsed == all);
        checkAgreesWithWholeFile(kb, db);
        Searcher searcher(db.path());
        for (const auto& hit : searcher.search("не заголовок").hits) {
            CHECK(hit.title != "не заголовок");
        }
    }
    SECTION("a setext heading, which a line of dashes under text makes") {
        rewrite(kb, kFile, faqFile([](std::size_t n) { return entryText(n); }));
        (void)update(kb, db);
        rewrite(kb, kFile, faqFile([](std::size_t n) {
                    return entryText(n, n == 12 ? "\nСкрытый вопрос\n---" : "");
                }));
        CHECK(update(kb, db).entriesParsed >= all);
        checkAgreesWithWholeFile(kb, db);
    }
    SECTION("the text above the first entry changed") {
        rewrite(kb, kFile, faqFile([](std::size_t n) { return entryText(n); }));
        (void)update(kb, db);
        rewrite(
            kb, kFile,
            faqFile([](std::size_t n) { return entryText(n); }, "# Вопросы\n\nВступление.\n\n"));
        CHECK(update(kb, db).entriesParsed == all);
        checkAgreesWithWholeFile(kb, db);
    }
    SECTION("a section that the loader reports") {
        rewrite(kb, kFile, faqFile([](std::size_t n) { return entryText(n); }));
        (void)update(kb, db);
        rewrite(kb, kFile, faqFile([](std::size_t n) {
                    return n == 4 ? std::string("## Сломанный \xFF\xFE вопрос\n\nТекст.\n\n")
                                  : entryText(n);
                }));
        Diagnostics diagnostics;
        auto stats = updateIndex(kb.path(), db.path(), diagnostics);
        // Not UTF-8: the whole file is skipped, as the loader skips it, and said so by line.
        REQUIRE(diagnostics.size() == 1);
        CHECK(diagnostics.front().path == kFile);
        CHECK(diagnostics.front().line > 1);
        CHECK(stats.entriesParsed == 0);
        Searcher searcher(db.path());
        CHECK(kb::loadFileEntries(kb.path(), kFile, diagnostics).empty());
        CHECK(hitOf(searcher.search("как оформить автобус номер 0"),
                    kFile + "#как-оформить-автобус-номер-0") == nullptr);
    }
}
