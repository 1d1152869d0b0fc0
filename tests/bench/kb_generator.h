#pragma once
// Synthetic knowledge bases in the format of kb-format.md, for benchmarks: Russian-like words
// (roots of Cyrillic syllables with Russian endings, so that the stemmer has work to do), word
// frequencies following Zipf's law, departments with FAQ and other material files, contact
// tables with phone numbers and lists of acts with numbers.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace sufler::bench {

struct GeneratedKb {
    std::size_t entries = 0; // entries written (index.md bodies, FAQ entries, rows, acts)
    std::size_t files = 0;
    std::vector<std::string> titles;        // titles of FAQ and note entries, to type queries from
    std::vector<std::string> materialFiles; // relative paths of note files (for updates)
};

class WordSource {
public:
    WordSource(std::size_t lemmas, std::uint32_t seed);
    // A word form: a lemma drawn by Zipf's law, with one of its endings.
    [[nodiscard]] std::string word();
    // A sentence of n words.
    [[nodiscard]] std::string words(std::size_t n);
    std::mt19937& random() { return m_random; }

private:
    struct Lemma {
        std::string root;
        int paradigm = 0;
    };
    std::vector<Lemma> m_lemmas;
    std::vector<double> m_cumulative; // Zipf: weight of rank r is 1 / r^1.07
    std::mt19937 m_random;
};

// The shape of a synthetic KB.
struct GenerateOptions {
    std::size_t perFile = 50;    // entries per FAQ or material file
    std::size_t bodyWords = 40;  // words of an entry's body on average (±50 %)
    std::size_t departments = 0; // 0: one per 5,000 entries, at least 10
};

// Writes a KB of about `entries` entries under root (created; must be empty or absent).
GeneratedKb generateKb(const std::filesystem::path& root, std::size_t entries, std::uint32_t seed,
                       const GenerateOptions& options = {});

} // namespace sufler::bench
