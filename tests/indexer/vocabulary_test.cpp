// The shipped everyday-to-official vocabulary: it parses, has no duplicates or terms that stand
// for themselves, and its errors name the file and line.
#include "sufler/indexer/vocabulary.h"

#include <catch2/catch.hpp>

#include <string>

using namespace sufler;
using namespace sufler::indexer;

TEST_CASE("the shipped vocabulary parses and holds hundreds of associations") {
    const auto& vocabulary = everydayVocabulary();
    std::size_t associations = 0;
    std::size_t fillers = 0;
    for (const auto& a : vocabulary) {
        associations += a.official.size();
        fillers += a.official.empty() ? 1 : 0;
    }
    CHECK(associations >= 500);
    CHECK(fillers >= 50);
}

TEST_CASE("the shipped vocabulary has no duplicate, self or empty associations") {
    auto problems = vocabularyProblems(everydayVocabulary(), "everyday_ru.tsv");
    std::string all;
    for (const auto& p : problems) {
        all += p + "\n";
    }
    INFO(all);
    CHECK(problems.empty());
}

TEST_CASE("vocabulary problems are found and named by line") {
    auto parsed = parseVocabulary("# c\nпожар\tпогорельцы\nпожара\tпомощь\nинвалид\tинвалиды; "
                                  "инвалид по зрению\nи\tпособие\nденьги\tвыплата; выплата\n",
                                  "v.tsv");
    REQUIRE(parsed.size() == 5);
    auto problems = vocabularyProblems(parsed, "v.tsv");
    REQUIRE(problems.size() == 4);
    CHECK(problems[0] == "v.tsv:3: «пожара» уже есть в строке 2");
    CHECK(problems[1] == "v.tsv:4: термин «инвалиды» означает сами слова «инвалид»");
    CHECK(problems[2] == "v.tsv:5: «и» — одни служебные слова, поиск их не видит");
    CHECK(problems[3] == "v.tsv:6: термин «выплата» повторён");
}

TEST_CASE("a malformed vocabulary line is an error naming the file and line") {
    auto message = [](const std::string& text) {
        try {
            (void)parseVocabulary(text, "v.tsv");
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message("пожар погорельцы\n") ==
          "v.tsv:1: нет табуляции между повседневными словами и официальными терминами");
    CHECK(message("# c\n\nпожар\t\n") ==
          "v.tsv:3: нет официальных терминов (для слова-паразита пишется «-»)");
    CHECK(message("пожар\tпогорельцы;;помощь\n") == "v.tsv:1: пустой термин между «;»");
    CHECK(message("пожар\tпогорельцы\tлишнее\n") == "v.tsv:1: больше двух столбцов");
    CHECK(message("\tпогорельцы\n") == "v.tsv:1: пустые повседневные слова");
    auto ok = parseVocabulary("некому\t-\nпожар\tпогорельцы; помощь после пожара", "v.tsv");
    REQUIRE(ok.size() == 2);
    CHECK(ok[0].official.empty());
    CHECK(ok[1].line == 2);
    CHECK(ok[1].official == std::vector<std::string>{"погорельцы", "помощь после пожара"});
}
