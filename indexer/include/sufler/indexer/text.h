#pragma once
// Text normalisation shared by indexing and querying: case and `ё` folding, word splitting,
// keyboard-layout conversion, act numbers and phone fragments. The index and the queries must
// cut text the same way, so both go through these functions.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::indexer::text {

// Lower case (ASCII and Cyrillic) with `ё` → `е`; other characters unchanged.
[[nodiscard]] std::string fold(std::string_view s);

struct Token {
    std::size_t begin = 0; // byte offsets in the source text
    std::size_t end = 0;
    std::string word; // folded
};

// Words: runs of letters or of digits (a change between the two splits a word, so that
// «181фз» gives «181» and «фз»). Stress marks and soft hyphens inside a word are dropped.
[[nodiscard]] std::vector<Token> tokenize(std::string_view s);

// Text typed on the wrong keyboard layout: ЙЦУКЕН letters typed on QWERTY keys («gjcj,bt» →
// «пособие»), and back.
[[nodiscard]] std::string layoutToRussian(std::string_view s);
[[nodiscard]] std::string layoutToLatin(std::string_view s);

enum class Script { None, Latin, Cyrillic, Mixed };
[[nodiscard]] Script scriptOf(std::string_view s); // letters only; layout punctuation ignored

// Xapian's spelling data works on byte trigrams; a Cyrillic letter is two bytes in UTF-8,
// which makes candidates coarse and slow. Spelling words are stored one byte per letter.
[[nodiscard]] std::string spellingKey(std::string_view foldedWord);
[[nodiscard]] std::string spellingWord(std::string_view key);

// An act number: «№ 181-ФЗ», «181-фз», «181 фз», «№ 1466».
struct ActNumber {
    std::string number; // digits
    std::string suffix; // folded type letters («фз»), may be empty
    std::size_t firstToken = 0;
    std::size_t lastToken = 0; // inclusive
};
[[nodiscard]] std::vector<ActNumber> findActNumbers(std::string_view s,
                                                    const std::vector<Token>& tokens);

// A run of digits with phone separators (space, '-', '(', ')', '+'), at least minDigits long.
struct PhoneRun {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string digits;
};
[[nodiscard]] std::vector<PhoneRun> findPhones(std::string_view s, std::size_t minDigits);

// A sum of money or a percentage in the text, as a caller says or the KB writes it: «17 200
// рублей», «17200 руб», «450 тысяч», «450 тыс. руб.», «1 млн», «22 процента», «22 проц», «18 %».
// value is the whole number of roubles, or of percent, in digits.
struct Amount {
    bool percent = false;
    std::string value;
    std::size_t firstToken = 0;
    std::size_t lastToken = 0; // inclusive: the unit word when there is one
};
[[nodiscard]] std::vector<Amount> findAmounts(std::string_view s, const std::vector<Token>& tokens);

// The Russian stemmer keeps a word with a fleeting vowel apart from its other forms
// («ребенок» → «ребенок», «ребенка» → «ребенк»; «отец», «отца»). The other spellings of a folded
// stem, to look up beside it: the vowel dropped, or «о»/«е» put back.
[[nodiscard]] std::vector<std::string> fleetingVowelVariants(std::string_view foldedStem);

[[nodiscard]] bool isStopword(std::string_view foldedWord);
[[nodiscard]] bool isDigits(std::string_view s);
[[nodiscard]] std::size_t letterCount(std::string_view utf8);
[[nodiscard]] std::string utf8Prefix(std::string_view utf8, std::size_t letters);
[[nodiscard]] std::string htmlEscape(std::string_view s);

} // namespace sufler::indexer::text
