#include "sufler/indexer/text.h"

#include <catch2/catch.hpp>

using namespace sufler::indexer::text;

TEST_CASE("fold lowers case and turns ё into е") {
    CHECK(fold("ЁЛКА и Ёжик, Пособие ABC") == "елка и ежик, пособие abc");
    CHECK(fold("костылём") == "костылем");
}

TEST_CASE("tokenize splits letters from digits and keeps offsets") {
    std::string s = "№ 181фз: Пособие-на ребёнка";
    auto tokens = tokenize(s);
    REQUIRE(tokens.size() == 5);
    CHECK(tokens[0].word == "181");
    CHECK(tokens[1].word == "фз");
    CHECK(tokens[2].word == "пособие");
    CHECK(tokens[4].word == "ребенка");
    CHECK(s.substr(tokens[2].begin, tokens[2].end - tokens[2].begin) == "Пособие");
}

TEST_CASE("keyboard layout conversion in both directions") {
    CHECK(layoutToRussian("gjcj,bt") == "пособие");
    CHECK(layoutToRussian("Tlbyjt gjcj,bt") == "единое пособие");
    CHECK(layoutToLatin("пособие") == "gjcj,bt");
    CHECK(layoutToLatin("шмфтщмф") == "ivanova");
    CHECK(scriptOf("gjcj,bt") == Script::Latin);
    CHECK(scriptOf("пособие") == Script::Cyrillic);
    CHECK(scriptOf("123") == Script::None);
}

TEST_CASE("spelling keys are one byte per Cyrillic letter and round-trip") {
    auto key = spellingKey("пособие");
    CHECK(key.size() == 7);
    CHECK(spellingWord(key) == "пособие");
    CHECK(spellingWord(spellingKey("email")) == "email");
}

TEST_CASE("act numbers in every common spelling") {
    for (std::string s : {"№ 181-ФЗ", "181-фз", "181 фз", "№181-фз", "181фз", "закон № 181 – ФЗ"}) {
        std::string f = fold(s);
        auto acts = findActNumbers(f, tokenize(f));
        INFO(s);
        REQUIRE(acts.size() == 1);
        CHECK(acts[0].number == "181");
        CHECK(acts[0].suffix == "фз");
    }
    std::string plain = fold("постановление № 1466 от 2020 года");
    auto acts = findActNumbers(plain, tokenize(plain));
    REQUIRE(acts.size() == 1);
    CHECK(acts[0].number == "1466");
    CHECK(acts[0].suffix.empty());
    std::string none = "в 5 пунктах за 2026 год";
    CHECK(findActNumbers(none, tokenize(none)).empty());
}

TEST_CASE("phone runs and their digits") {
    auto runs = findPhones("Телефон: (8000) 55-26-07, доб. 12", 5);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].digits == "8000552607");
    CHECK(findPhones("от 24.11.1995 № 181-ФЗ", 5).empty());
    CHECK(findPhones("552607", 4).at(0).digits == "552607");
    CHECK(findPhones("55 26 07", 4).at(0).digits == "552607");
}

TEST_CASE("stopwords and helpers") {
    CHECK(isStopword("как"));
    CHECK_FALSE(isStopword("пособие"));
    CHECK(letterCount("пособие") == 7);
    CHECK(utf8Prefix("пособие", 3) == "пос");
    CHECK(htmlEscape("<a & b>") == "&lt;a &amp; b&gt;");
}

TEST_CASE("a fleeting vowel: the stem's other spellings") {
    using V = std::vector<std::string>;
    CHECK(fleetingVowelVariants("ребенок") == V{"ребенк"});
    CHECK(fleetingVowelVariants("ребенк") == V{"ребенок", "ребенек"});
    CHECK(fleetingVowelVariants("отец") == V{"отц"});
    CHECK(fleetingVowelVariants("отц") == V{"отоц", "отец"});
    CHECK(fleetingVowelVariants("пособ").empty());
    // Candidates only: the searcher keeps those the KB's index holds («срк» it never does).
    CHECK(fleetingVowelVariants("срок") == V{"срк"});
    CHECK(fleetingVowelVariants("паек").empty()); // «па-е-к»: the letter before «е» is a vowel
    CHECK(fleetingVowelVariants("181").empty());
    CHECK(fleetingVowelVariants("ок").empty());
}
