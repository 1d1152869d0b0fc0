// Telephone numbers as people type them, reduced to one matching key.
#include "sufler/core/phone.h"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using sufler::core::displayPhone;
using sufler::core::isFullPhone;
using sufler::core::normalizePhone;

TEST_CASE("phone: one Russian mobile number however it is written") {
    const std::vector<std::string> spellings = {
        "+7 (900) 123-45-67",
        "+79001234567",
        "89001234567",
        "9001234567",
        "8 900 123 45 67",
        "7 900 123 45 67",
        "8(900)1234567",
        "+7-900-123-45-67",
        "  8 900 123-45-67 ",
        "8.900.123.45.67",
        "+7 900 123 45 67",
        "7(900)123-45-67",
        "8\xC2\xA0"
        "900\xC2\xA0"
        "123\xC2\xA0"
        "45\xC2\xA0"
        "67", // no-break spaces from a document
        "8 900 123\xE2\x80\x93"
        "45\xE2\x80\x93"
        "67", // en dashes
    };
    for (const auto& s : spellings) {
        INFO(s);
        CHECK(normalizePhone(s) == "+79001234567");
    }
}

TEST_CASE("phone: city numbers with their area code, toll-free numbers") {
    CHECK(normalizePhone("8 (4932) 12-34-56") == "+74932123456");
    CHECK(normalizePhone("(4932) 12-34-56") == "+74932123456");
    CHECK(normalizePhone("+7 4932 123456") == "+74932123456");
    CHECK(normalizePhone("8 (3852) 55-66-77") == "+73852556677");
    CHECK(normalizePhone("8-800-200-47-00") == "+78002004700");
    CHECK(normalizePhone("88002004700") == "+78002004700");
}

TEST_CASE("phone: foreign numbers keep their country code") {
    CHECK(normalizePhone("+375 29 123-45-67") == "+375291234567");
    CHECK(normalizePhone("+49 30 1234567") == "+49301234567");
    CHECK(normalizePhone("+380 (44) 123 45 67") == "+380441234567");
    // dialled abroad from Russia
    CHECK(normalizePhone("8 10 375 29 123-45-67") == "+375291234567");
    CHECK(normalizePhone("00 49 30 1234567") == "+49301234567");
    CHECK(isFullPhone(normalizePhone("+375 29 123-45-67")));
}

TEST_CASE("phone: a local number without its area code stays digits") {
    CHECK(normalizePhone("12-34-56") == "123456");
    CHECK(normalizePhone("2-34-56") == "23456");
    CHECK(normalizePhone("123-45-67") == "1234567");
    CHECK_FALSE(isFullPhone(normalizePhone("12-34-56")));
    // and is not mistaken for a full number
    CHECK(normalizePhone("12-34-56") != normalizePhone("8 (4932) 12-34-56"));
}

TEST_CASE("phone: what is not one number gives no key") {
    const std::vector<std::string> garbage = {
        "",
        "   ",
        "нет",
        "не сказала",
        "8 900 123 45 67 доб. 12",
        "89001234567, 89007654321",
        "+7 900 123 45 6",   // nine national digits
        "+7 900 123 45 678", // eleven
        "1234",              // too short
        "8900123456789",     // too long for Russia, no +
        "+12",               // too short for any country
        "+1234567890123456", // longer than E.164
        "9001234567+",       // a plus after the digits
        "0001234567",        // ten digits no area code starts with
        "++79001234567",
        "8 900 123 45 67 (сын)",
    };
    for (const auto& s : garbage) {
        INFO(s);
        CHECK(normalizePhone(s).empty());
    }
}

TEST_CASE("phone: a different number gives a different key") {
    CHECK(normalizePhone("89001234567") != normalizePhone("89001234568"));
    CHECK(normalizePhone("+375291234567") != normalizePhone("+79001234567"));
}

TEST_CASE("phone: a key is shown as people read it and normalises back to itself") {
    CHECK(displayPhone("+79001234567") == "+7 900 123-45-67");
    CHECK(displayPhone("+375291234567") == "+375291234567"); // a foreign number as it is
    CHECK(displayPhone("123456") == "123456");               // local digits as they are
    for (const std::string key : {"+79001234567", "+74932123456", "+375291234567", "123456"})
        CHECK(normalizePhone(displayPhone(key)) == key);
}
