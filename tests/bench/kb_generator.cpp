#include "kb_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string_view>

namespace fs = std::filesystem;

namespace sufler::bench {
namespace {

constexpr std::array<std::string_view, 18> kConsonants = {
    "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х", "ч", "ш"};
constexpr std::array<std::string_view, 6> kVowels = {"а", "о", "е", "и", "у", "я"};
constexpr std::array<std::string_view, 7> kCodas = {"", "", "", "н", "р", "ст", "л"};

// Endings by paradigm: nouns of the first and second declension, adjectives, verbs.
const std::vector<std::vector<std::string_view>> kParadigms = {
    {"а", "ы", "е", "у", "ой", "ами", "ах"},
    {"", "а", "у", "ом", "е", "ы", "ов", "ами"},
    {"ость", "ости", "остью", "остей"},
    {"ение", "ения", "ению", "ением", "ений"},
    {"ный", "ная", "ное", "ного", "ной", "ные", "ных", "ному"},
    {"ать", "ает", "ают", "ал", "ала", "ание"},
    {"ить", "ит", "ят", "ил", "ила", "ение"},
};

void writeFile(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::string capitalise(std::string s) {
    // The first letter of a sentence, for Cyrillic lower-case letters а–я (two bytes).
    if (s.size() >= 2) {
        auto b0 = static_cast<unsigned char>(s[0]);
        auto b1 = static_cast<unsigned char>(s[1]);
        unsigned cp = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
        if (cp >= 0x430 && cp <= 0x44F) {
            cp -= 0x20;
            s[0] = static_cast<char>(0xC0 | (cp >> 6));
            s[1] = static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return s;
}

} // namespace

WordSource::WordSource(std::size_t lemmas, std::uint32_t seed) : m_random(seed) {
    std::uniform_int_distribution<std::size_t> consonant(0, kConsonants.size() - 1);
    std::uniform_int_distribution<std::size_t> vowel(0, kVowels.size() - 1);
    std::uniform_int_distribution<std::size_t> coda(0, kCodas.size() - 1);
    std::uniform_int_distribution<int> syllables(1, 3);
    std::uniform_int_distribution<int> paradigm(0, static_cast<int>(kParadigms.size()) - 1);
    m_lemmas.reserve(lemmas);
    double total = 0;
    for (std::size_t r = 1; r <= lemmas; ++r) {
        Lemma lemma;
        int n = syllables(m_random);
        for (int k = 0; k < n; ++k) {
            lemma.root += kConsonants[consonant(m_random)];
            lemma.root += kVowels[vowel(m_random)];
        }
        lemma.root += kCodas[coda(m_random)];
        lemma.root += kConsonants[consonant(m_random)];
        lemma.paradigm = paradigm(m_random);
        m_lemmas.push_back(std::move(lemma));
        total += 1.0 / std::pow(static_cast<double>(r), 1.07);
        m_cumulative.push_back(total);
    }
}

std::string WordSource::word() {
    std::uniform_real_distribution<double> pick(0, m_cumulative.back());
    auto rank = static_cast<std::size_t>(
        std::lower_bound(m_cumulative.begin(), m_cumulative.end(), pick(m_random)) -
        m_cumulative.begin());
    const Lemma& lemma = m_lemmas[std::min(rank, m_lemmas.size() - 1)];
    const auto& endings = kParadigms[static_cast<std::size_t>(lemma.paradigm)];
    std::uniform_int_distribution<std::size_t> ending(0, endings.size() - 1);
    return lemma.root + std::string(endings[ending(m_random)]);
}

std::string WordSource::words(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) {
            out += ' ';
        }
        out += word();
    }
    return out;
}

GeneratedKb generateKb(const fs::path& root, std::size_t entries, std::uint32_t seed,
                       const GenerateOptions& options) {
    GeneratedKb kb;
    // A vocabulary that grows with the KB, as real ones do (Heaps' law, roughly).
    auto lemmas = static_cast<std::size_t>(40.0 * std::pow(static_cast<double>(entries), 0.6));
    WordSource words(std::max<std::size_t>(lemmas, 2000), seed);
    auto& random = words.random();
    std::uniform_int_distribution<int> titleLength(4, 8);
    const auto bodyWords = static_cast<int>(std::max<std::size_t>(options.bodyWords, 2));
    std::uniform_int_distribution<int> bodyLength(bodyWords / 2, bodyWords * 3 / 2);
    std::uniform_int_distribution<int> coin(0, 3);
    std::uniform_int_distribution<int> digits(0, 99);

    // A region's list of towns and districts, as the demo KB's: every query is matched to it.
    writeFile(root / "sufler.yaml",
              "organization: Министерство синтетической защиты Энской области\n"
              "municipalities: [Энск, Северогорск, Новоборск, Южногорск, Энский район, Заречный "
              "район, Приозёрный район, Верхнеречинский район, Каменский район, Луговской район, "
              "Сосновский район, Старопольский район]\n"
              "synonyms:\n  - [ЕДВ, ежемесячная денежная выплата]\n");
    kb.files = 1;
    const std::size_t kPerFile = std::max<std::size_t>(options.perFile, 1);
    constexpr std::size_t kContacts = 20;
    constexpr std::size_t kActs = 20;
    const std::size_t departments =
        options.departments != 0 ? options.departments : std::max<std::size_t>(10, entries / 5000);
    const std::size_t perDepartment = (entries + departments - 1) / departments;
    int actNumber = 100;
    for (std::size_t d = 0; d < departments && kb.entries < entries; ++d) {
        std::string slug = fmt::format("dep{:03}", d);
        fs::path dir = root / "departments" / slug;
        std::size_t budget = std::min(perDepartment, entries - kb.entries);
        writeFile(dir / "index.md", fmt::format("---\ntitle: Отдел {}\nhead: {}\n---\n\n{}.\n",
                                                capitalise(words.words(3)),
                                                capitalise(words.words(3)), words.words(40)));
        ++kb.files;
        ++kb.entries;
        --budget;

        std::string contacts =
            "# Контакты\n\n| ФИО | Должность | Телефон | Вопросы |\n|---|---|---|---|\n";
        for (std::size_t i = 0; i < kContacts && budget > 0; ++i, --budget, ++kb.entries) {
            contacts += fmt::format(
                "| {} {} {} | {} | (8000) {:02}-{:02}-{:02} | {} |\n", capitalise(words.word()),
                capitalise(words.word()), capitalise(words.word()), capitalise(words.words(3)),
                digits(random), digits(random), digits(random), capitalise(words.words(6)));
        }
        writeFile(dir / "contacts.md", contacts);
        ++kb.files;

        std::string acts = "# Нормативные акты\n\n";
        for (std::size_t i = 0; i < kActs && budget > 0; ++i, --budget, ++kb.entries) {
            acts += fmt::format("- Федеральный закон от 01.0{}.20{:02} № {}-ФЗ «{}»\n", 1 + i % 9,
                                digits(random), ++actNumber, capitalise(words.words(7)));
        }
        writeFile(dir / "npa.md", acts);
        ++kb.files;

        for (std::size_t f = 0; budget > 0; ++f) {
            std::string name = f == 0 ? "faq.md" : fmt::format("material-{:03}.md", f);
            std::string text = "# " + capitalise(words.words(3)) + "\n\n";
            for (std::size_t i = 0; i < kPerFile && budget > 0; ++i, --budget, ++kb.entries) {
                std::string title =
                    capitalise(words.words(static_cast<std::size_t>(titleLength(random))));
                kb.titles.push_back(title);
                text += "## " + title + "?\n\n";
                if (coin(random) == 0) {
                    text +=
                        "> Также спрашивают: " + words.words(4) + "; " + words.words(5) + "\n\n";
                }
                text +=
                    capitalise(words.words(static_cast<std::size_t>(bodyLength(random)))) + ".\n\n";
            }
            writeFile(dir / name, text);
            ++kb.files;
            if (f > 0) {
                kb.materialFiles.push_back("departments/" + slug + "/" + name);
            }
        }
    }
    return kb;
}

} // namespace sufler::bench
