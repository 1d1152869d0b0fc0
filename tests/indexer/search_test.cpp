// Search over a tiny KB: every kind of query an operator types.
#include "scoped_env.h"
#include "tiny_kb.h"

#include "sufler/indexer/search.h"

#include <catch2/catch.hpp>

#include <optional>

using namespace sufler;
using namespace sufler::indexer;

namespace {

// A KB the test writes into `kb`, indexed into `db`.
struct IndexedKb {
    test::TempDir kb;
    test::TempDir db;
    Diagnostics diagnostics;
    void index() { updateIndex(kb.path(), db.path(), diagnostics); }
    SearchResult search(const std::string& query, SearchOptions options = {}) {
        Searcher searcher(db.path());
        return searcher.search(query, options);
    }
};

struct Fixture : IndexedKb {
    Fixture() {
        test::writeTinyKb(kb);
        index();
    }
};

// 1-based rank of the first hit whose id starts with prefix; 0 when absent.
std::size_t rankOf(const SearchResult& result, const std::string& prefix) {
    for (std::size_t i = 0; i < result.hits.size(); ++i) {
        if (result.hits[i].id.rfind(prefix, 0) == 0) {
            return i + 1;
        }
    }
    return 0;
}

const std::string kEdinoe = "departments/families/faq.md#как-оформить-единое-пособие";
const std::string kOpeka = "departments/guardianship/faq.md#как-оформить-опеку";
const std::string kEdv = "departments/families/faq.md#кому-положена-ежемесячная";
const std::string kEdk = "departments/families/faq.md#что-такое-едк";
const std::string kIvanova = "departments/families/contacts.md#иванова";
const std::string kAct181 = "departments/families/npa.md#федеральный-закон-от-24111995--181";

} // namespace

TEST_CASE("exact title and morphology find the entry first") {
    Fixture f;
    CHECK(rankOf(f.search("как оформить единое пособие на ребёнка"), kEdinoe) == 1);
    CHECK(rankOf(f.search("единого пособия "), kEdinoe) == 1);
    CHECK(rankOf(f.search("оформление опеки над несовершеннолетними "), kOpeka) == 1);
}

TEST_CASE("other wordings count like the title") {
    Fixture f;
    CHECK(rankOf(f.search("универсальное пособие"), kEdinoe) == 1);
}

TEST_CASE("ё and е are the same letter, case does not matter") {
    Fixture f;
    CHECK(rankOf(f.search("РЕБЕНОК ЕДИНОЕ"), kEdinoe) >= 1);
    CHECK(rankOf(f.search("путевку в лагерь"),
                 "departments/families/faq.md#как-получить-путёвку") == 1);
    CHECK(rankOf(f.search("путёвку в лагерь"),
                 "departments/families/faq.md#как-получить-путёвку") == 1);
}

TEST_CASE("the last word is a prefix as the operator types") {
    Fixture f;
    CHECK(rankOf(f.search("опека над несовершенноле"), kOpeka) == 1);
    CHECK(rankOf(f.search("единое посо"), kEdinoe) == 1);
    CHECK(rankOf(f.search("опек"), kOpeka) >= 1);
    // A trailing space ends the word: no prefix then.
    auto complete = f.search("посо ");
    CHECK(complete.hits.empty());
    // One letter must not fail and finds title words that begin with it.
    CHECK_FALSE(f.search("о").hits.empty());
}

TEST_CASE("typos are corrected from the KB's own words") {
    Fixture f;
    auto result = f.search("пасобие на рибенка");
    REQUIRE(result.corrected);
    CHECK(*result.corrected == "пособие на ребенка");
    CHECK(rankOf(result, kEdinoe) == 1);
    // Known words are never corrected.
    CHECK_FALSE(f.search("единое пособие").corrected);
}

TEST_CASE("the wrong keyboard layout is recognised") {
    Fixture f;
    auto result = f.search("tlbyjt gjcj,bt");
    REQUIRE(result.corrected);
    CHECK(*result.corrected == "единое пособие");
    CHECK(rankOf(result, kEdinoe) == 1);
    // Half typed: the prefix converts too.
    auto partial = f.search("jgtr");
    REQUIRE(partial.corrected);
    CHECK(*partial.corrected == "опек");
    // And back: a Latin word typed on the Russian layout.
    auto latin = f.search("шмфтщмф");
    REQUIRE(latin.corrected);
    CHECK(*latin.corrected == "ivanova");
    CHECK(rankOf(latin, kIvanova) == 1);
}

TEST_CASE("synonyms of sufler.yaml work in both directions") {
    Fixture f;
    CHECK(rankOf(f.search("ЕДВ ветеранам "), kEdv) == 1);
    CHECK(rankOf(f.search("ЕДВ"), kEdv) == 1);
    // «ЖКУ» in the entry, «коммуналка» and «жилищно-коммунальные услуги» in the query.
    CHECK(rankOf(f.search("компенсация за коммуналку"), kEdk) >= 1);
    CHECK(rankOf(f.search("жилищно-коммунальные услуги "), kEdk) >= 1);
}

TEST_CASE("contacts by name, position, question and phone fragment") {
    Fixture f;
    CHECK(rankOf(f.search("Иванова"), kIvanova) == 1);
    CHECK(rankOf(f.search("начальник отдела"), kIvanova) == 1);
    CHECK(rankOf(f.search("жалоба на решение по пособию"), kIvanova) >= 1);
    for (std::string phone : {"55-26-07", "552607", "55 26 07", "2607"}) {
        INFO(phone);
        auto result = f.search(phone);
        CHECK(rankOf(result, kIvanova) == 1);
    }
    auto result = f.search("55-26-07");
    REQUIRE_FALSE(result.hits.empty());
    CHECK(result.hits[0].snippet.find("<mark>") != std::string::npos);
    CHECK(result.hits[0].snippet.find("Начальник отдела") != std::string::npos);
}

TEST_CASE("acts by number in any spelling and by title words") {
    Fixture f;
    for (std::string q : {"181-ФЗ", "№ 181-фз", "181 фз", "181фз", "№181"}) {
        INFO(q);
        CHECK(rankOf(f.search(q), kAct181) == 1);
    }
    CHECK(rankOf(f.search("о социальной защите инвалидов"), kAct181) == 1);
    CHECK(rankOf(f.search("2330"), "departments/families/npa.md#постановление") == 1);
}

TEST_CASE("snippets mark the matched words and escape the text") {
    Fixture f;
    auto result = f.search("социальный фонд");
    REQUIRE(rankOf(result, kEdinoe) >= 1);
    const auto& hit = result.hits[rankOf(result, kEdinoe) - 1];
    CHECK(hit.snippet.find("<mark>Социальный</mark> <mark>фонд</mark>") != std::string::npos);
    CHECK(hit.kind == kb::EntryKind::Faq);
    CHECK(hit.department == "families");
    CHECK(hit.path == "departments/families/faq.md");
    CHECK(hit.line > 0);
    CHECK(hit.score > 0);
}

TEST_CASE("department and kind filter, facets count per department") {
    Fixture f;
    auto all = f.search("оформить");
    CHECK(all.byDepartment.count("families") == 1);
    CHECK(all.byDepartment.count("guardianship") == 1);
    SearchOptions options;
    options.department = "guardianship";
    auto one = f.search("оформить", options);
    REQUIRE_FALSE(one.hits.empty());
    for (const auto& hit : one.hits) {
        CHECK(hit.department == "guardianship");
    }
    SearchOptions contacts;
    contacts.kind = kb::EntryKind::Contact;
    auto people = f.search("отдела", contacts);
    REQUIRE_FALSE(people.hits.empty());
    for (const auto& hit : people.hits) {
        CHECK(hit.kind == kb::EntryKind::Contact);
    }
    SearchOptions limited;
    limited.limit = 1;
    CHECK(f.search("пособие", limited).hits.size() == 1);
}

TEST_CASE("no query ever fails") {
    Fixture f;
    for (std::string q :
         {"", " ", "AND", "пособие AND", "NOT", "((( пособие", "\"единое", "-", "+", "*",
          "пособие -", "OR OR", "\"\"", "😀 пособие", "\xff\xfe", "единое NOT пособие", "a\tb", "№",
          "------", "опека OR",
          // Phones, sums, intent and filler words, glued words.
          "(8000", "(8000) )", ")(", "8 8 8 8 8 8 8 8 8 8 8 8 8 8 8", "1 000 000 000 000 руб",
          "999999999999 %", "%", "0 тыс", "миллион", "кто кому куда", "подскажите пожалуйста",
          "телефон", "опекаопекаопекаопекаопекаопекаопекаопекаопекаопека",
          "ааааааааааааааааааааааааааааааааааааааааааааааааааа"}) {
        INFO(q);
        CHECK_NOTHROW(f.search(q));
    }
    CHECK(rankOf(f.search("((( единое пособие"), kEdinoe) == 1);
    CHECK(rankOf(f.search("единое пособие AND"), kEdinoe) == 1);
}

TEST_CASE("facets of a large result are counted on a sample and add up to the total") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    // 3,000 entries with the same word, two thirds in one department: more than the sample.
    for (int file = 0; file < 60; ++file) {
        std::string slug = file % 3 == 0 ? "guardianship" : "zhku";
        std::string text = "# Заметки\n\n";
        for (int i = 0; i < 50; ++i) {
            text += "## Заметка " + std::to_string(file * 50 + i) + " про справку\n\nТекст.\n\n";
        }
        kb.write("departments/" + slug + "/notes-" + std::to_string(file) + ".md", text);
    }
    Diagnostics diagnostics;
    updateIndex(kb.path(), db.path(), diagnostics);
    Searcher searcher(db.path());
    auto result = searcher.search("справка ");
    REQUIRE(result.total >= 2900);
    std::size_t sum = 0;
    for (const auto& [department, count] : result.byDepartment) {
        sum += count;
    }
    CHECK(sum > result.total * 9 / 10);
    CHECK(sum < result.total * 11 / 10);
    double share = static_cast<double>(result.byDepartment["zhku"]) / static_cast<double>(sum);
    CHECK(share > 0.55);
    CHECK(share < 0.78);
    // A narrow query is counted exactly.
    SearchOptions options;
    options.department = "families";
    auto narrow = searcher.search("пособие", options);
    REQUIRE(narrow.byDepartment.size() == 1);
    CHECK(narrow.byDepartment["families"] == narrow.total);
}

TEST_CASE("typed letter by letter, a word being typed is never corrected and always finds") {
    Fixture f;
    Searcher searcher(f.db.path());
    for (std::string query : {"оформить единое пособие на ребенка", "несовершеннолетним",
                              "ежемесячная денежная выплата ветеранам"}) {
        for (std::size_t i = 1; i <= query.size(); ++i) {
            if (i < query.size() && (static_cast<unsigned char>(query[i]) & 0xC0u) == 0x80u) {
                continue; // inside a letter
            }
            std::string typed = query.substr(0, i);
            INFO(typed);
            auto result = searcher.search(typed);
            CHECK_FALSE(result.corrected);
            CHECK_FALSE(result.hits.empty());
        }
    }
}

namespace {

// A KB with a guardianship FAQ given by the test, beside a section on other matters (so that
// words of guardianship are not in every entry), for ranking tests.
struct RankingFixture : IndexedKb {
    explicit RankingFixture(const std::string& faq) {
        kb.write("sufler.yaml", "organization: Министерство социальной защиты Энской области\n");
        kb.write("departments/guardianship/index.md",
                 "---\ntitle: Отдел опеки\n---\n\nОтдел опеки и попечительства.\n");
        kb.write("departments/guardianship/faq.md", "# Вопросы\n\n" + faq);
        kb.write("departments/zhku/index.md",
                 "---\ntitle: Отдел субсидий\n---\n\nСубсидии на оплату жилья.\n");
        kb.write("departments/zhku/faq.md", R"(# Вопросы

## Как получить субсидию на оплату жилья?

Субсидию назначают, если расходы на оплату превышают долю дохода семьи.

## На какой срок назначается субсидия?

Субсидия назначается на шесть месяцев.

## Куда жаловаться на управляющую компанию?

В жилищную инспекцию области.

## Положена ли компенсация за капремонт?

Компенсация взноса на капремонт положена одиноким пенсионерам старше 70 лет.

## Как оплатить коммунальные услуги без комиссии?

Без комиссии принимают платежи кассы расчётного центра.

## Что делать, если счётчик сломался?

Сообщите в управляющую компанию и замените прибор учёта.
)");
        updateIndex(kb.path(), db.path(), diagnostics);
    }
    SearchResult search(const std::string& query) {
        Searcher searcher(db.path());
        return searcher.search(query, {});
    }
};

const std::string kFaq = "departments/guardianship/faq.md#";

} // namespace

TEST_CASE("a word with a fleeting vowel finds its other forms") {
    // The stemmer keeps «ребенок» apart from «ребёнка», «ребёнком»; «отец» from «отца».
    RankingFixture f(R"(## Как оформить опеку над ребёнком?

Заявление подаётся в орган опеки.

## Ребёнок остался без родителей: что делать?

Сообщите в орган опеки.

## Может ли отец забрать ребёнка?

Отец вправе обратиться в суд.

## Какие документы нужны от отца?

Паспорт отца и свидетельство о рождении.
)");
    auto result = f.search("ребенок ");
    CHECK(rankOf(result, kFaq + "как-оформить-опеку") >= 1);
    CHECK(rankOf(result, kFaq + "может-ли-отец") >= 1);
    CHECK(rankOf(f.search("отец "), kFaq + "какие-документы") >= 1);
    CHECK(rankOf(f.search("отца "), kFaq + "может-ли-отец") >= 1);
}

TEST_CASE("an entry that holds every word asked for comes before one rich in a single word") {
    RankingFixture f(R"(## Как оформить опеку?

Опеку над несовершеннолетним устанавливает орган опеки.

## Работа для несовершеннолетних

Центр занятости помогает найти работу на лето.

## Что делает орган опеки?

Орган опеки проверяет условия жизни подопечных.

## Как снять опеку?

Опека прекращается по решению органа опеки.

## Чем опека отличается от попечительства?

Опека устанавливается до 14 лет, попечительство — с 14 до 18.

## Нужно ли согласие органа опеки на продажу квартиры?

Да, орган опеки даёт предварительное разрешение.

## Как продлить опеку?

Опека не требует продления.
)");
    auto result = f.search("опека несовершеннолетний ");
    CHECK(rankOf(result, kFaq + "как-оформить-опеку") == 1);
    CHECK(rankOf(result, kFaq + "работа-для") > 1);
}

TEST_CASE("a finished preposition typed last does not pull in words that begin with it") {
    RankingFixture f(R"(## Как оформить опеку?

Заявление подаётся в орган опеки.

## Как снять опеку?

Опека прекращается по решению органа опеки.

## Можно ли оформить опеку срочно?

Предварительная опека устанавливается в течение суток.

## Какая надбавка к пенсии положена?

Надбавку назначает Социальный фонд.
)");
    auto result = f.search("опека над");
    CHECK(rankOf(result, kFaq + "какая-надбавка") > 3); // after the three on опека
    // Still a prefix: «надбав» finds it.
    CHECK(rankOf(f.search("надбав"), kFaq + "какая-надбавка") == 1);
}

TEST_CASE("the title that is the question comes before a long answer that repeats its words") {
    RankingFixture f(R"(## Какую роль играет орган опеки в спорах о месте жительства ребёнка?

Орган опеки обследует условия жизни ребёнка у каждого из родителей. Представитель опеки
даёт суду заключение о том, с кем ребёнку лучше жить. Опека учитывает мнение ребёнка старше
десяти лет. Ребёнок может быть выслушан в суде. Ребёнка не разлучают с братьями. Акт опеки
об условиях жизни ребёнка прикладывается к делу; опека проверяет и жильё ребёнка.

## Как оформить опеку над ребёнком?

Обратитесь с заявлением и документами.
)");
    CHECK(rankOf(f.search("опека над ребёнком"), kFaq + "как-оформить-опеку") == 1);
    CHECK(rankOf(f.search("опеку над ребенком "), kFaq + "как-оформить-опеку") == 1);
}

namespace {

// A KB that speaks as the regulations do, for the caller's own words.
struct CallerFixture : IndexedKb {
    CallerFixture() {
        kb.write("sufler.yaml", "organization: Министерство социальной защиты Энской области\n");
        kb.write("departments/crisis/index.md",
                 "---\ntitle: Отдел помощи в кризисных ситуациях\n---\n\nКризисные ситуации.\n");
        kb.write("departments/crisis/faq.md", R"(# Вопросы

## Как получить социальное пособие на погребение?

Пособие на погребение выплачивает управление социальной защиты в размере 9 500 рублей.

## Куда обратиться женщине, пострадавшей от насилия в семье?

Кризисный центр для женщин и социальная гостиница принимают круглосуточно.

## Что такое ранняя помощь?

Ранняя помощь детям с нарушением развития до трёх лет, 15 % занятий оплачивает семья.

## Как оформить похороны близкого человека?

Похороны оформляет специализированная служба по вопросам похоронного дела.

## Как получить компенсацию за дрова?

Компенсация на твёрдое топливо: 12 тысяч рублей в год.
)");
        kb.write("departments/crisis/contacts.md", R"(# Контакты

| ФИО | Должность | Телефон | Вопросы |
|---|---|---|---|
| Орлова Вера Павловна | Консультант | (8000) 55-32-21 | Пособие на погребение, гарантированный перечень услуг |
| Зуева Анна Игоревна | Специалист | (8000) 55-40-10 | Твёрдое топливо, компенсация за дрова |
)");
        index();
    }
};

const std::string kCrisis = "departments/crisis/faq.md#";
const std::string kPogrebenie = kCrisis + "как-получить-социальное-пособие-на-погребение";

} // namespace

TEST_CASE("the caller's everyday words find the official terms, the words themselves win") {
    CallerFixture f;
    CHECK(rankOf(f.search("деньги на похороны мамы "), kPogrebenie) <= 2);
    CHECK(rankOf(f.search("муж бьет выгнал из дома "),
                 kCrisis + "куда-обратиться-женщине-пострадавшей-от-насилия") == 1);
    CHECK(rankOf(f.search("ребенок в три года не говорит "), kCrisis + "что-такое-ранняя-помощь") ==
          1);
    // «похороны» is in a title itself: that entry comes before the one the vocabulary adds.
    auto exact = f.search("похороны ");
    CHECK(rankOf(exact, kCrisis + "как-оформить-похороны") == 1);
    CHECK(rankOf(exact, kPogrebenie) == 2);
}

TEST_CASE("whom to transfer to: the contact that holds the question comes first") {
    CallerFixture f;
    auto who = f.search("кто у вас по пособию на погребение");
    REQUIRE_FALSE(who.hits.empty());
    CHECK(who.hits.front().id == "departments/crisis/contacts.md#орлова-вера-павловна");
    CHECK(rankOf(who, kPogrebenie) == 2);
    auto whom = f.search("кому переключить насчёт дров");
    REQUIRE_FALSE(whom.hits.empty());
    CHECK(whom.hits.front().id == "departments/crisis/contacts.md#зуева-анна-игоревна");
    // Without the words of a transfer the answer comes first.
    CHECK(rankOf(f.search("пособие на погребение "), kPogrebenie) == 1);
}

TEST_CASE("sums, percents and phones as callers say them") {
    CallerFixture f;
    for (const char* query : {"9500 рублей", "9 500 руб", "9500 р"}) {
        INFO(query);
        CHECK(rankOf(f.search(query), kPogrebenie) == 1);
    }
    CHECK(rankOf(f.search("12 тыс"), kCrisis + "как-получить-компенсацию-за-дрова") == 1);
    CHECK(rankOf(f.search("15 проц"), kCrisis + "что-такое-ранняя-помощь") == 1);
    CHECK(rankOf(f.search("15%"), kCrisis + "что-такое-ранняя-помощь") == 1);
    for (const char* query : {"55 32 21", "8 8000 553221", "+7 (8000) 55-32-21"}) {
        INFO(query);
        CHECK(rankOf(f.search(query), "departments/crisis/contacts.md#орлова") == 1);
    }
}

TEST_CASE("glued words are split, filler words of speech are left out") {
    CallerFixture f;
    auto glued = f.search("компенсациязадрова");
    CHECK(glued.corrected == std::optional<std::string>("компенсация за дрова"));
    CHECK(rankOf(glued, kCrisis + "как-получить-компенсацию-за-дрова") == 1);
    // «подскажите пожалуйста можно ли вообще» says nothing: the same first hit as without it.
    CHECK(rankOf(f.search("подскажите пожалуйста можно ли вообще компенсацию за дрова "),
                 kCrisis + "как-получить-компенсацию-за-дрова") == 1);
}

TEST_CASE("confidence: high when the first hit holds the question, low when the KB does not know") {
    CallerFixture f;
    CHECK(f.search("пособие на погребение ").confidence >= kNoAnswerBelow);
    CHECK(f.search("как получить загранпаспорт ").confidence < kNoAnswerBelow);
    CHECK(f.search("техосмотр автомобиля ").confidence < kNoAnswerBelow);
    CHECK(f.search("").confidence == 0.0);
}

TEST_CASE("agencies for a question the KB does not answer: rows of directory/ only") {
    test::TempDir kb;
    test::TempDir db;
    kb.write("sufler.yaml", "organization: Министерство социальной защиты Энской области\n");
    kb.write("departments/lowincome/index.md",
             "---\ntitle: Отдел адресной помощи\n---\n\nМалоимущие семьи.\n");
    kb.write("departments/lowincome/contacts.md", R"(# Контакты

| ФИО | Должность | Телефон | Вопросы |
|---|---|---|---|
| Белова Ирина Олеговна | Консультант | (8000) 55-10-10 | Копия паспорта для заявления о помощи |
)");
    kb.write("directory/agencies.md", R"(# Ведомства

| Организация | Телефон | Вопросы |
|---|---|---|
| Управление по вопросам миграции УМВД | (8000) 47-00-00 | Паспорт гражданина, загранпаспорт, регистрация по месту жительства |
| Органы ЗАГС | (8000) 35-60-70 | Регистрация рождения и брака |
)");
    Diagnostics diagnostics;
    updateIndex(kb.path(), db.path(), diagnostics);
    Searcher searcher(db.path());
    const auto asked = searcher.search("как получить загранпаспорт паспорт ");
    REQUIRE(asked.hits.size() >= 2); // the department's contact is found by the plain search
    const auto agencies = searcher.search("как получить загранпаспорт паспорт ", agencySearch());
    REQUIRE_FALSE(agencies.hits.empty());
    CHECK(agencies.hits[0].id == "directory/agencies.md#управление-по-вопросам-миграции-умвд");
    for (const auto& hit : agencies.hits) {
        CHECK(hit.path.rfind("directory/", 0) == 0);
        CHECK(hit.department.empty());
    }
    CHECK(agencies.hits.size() <= 3);
}

namespace {

// A department with contacts for the whole region and for single towns and districts, and
// contacts of another department whose positions say «специалист».
struct TransferFixture : IndexedKb {
    TransferFixture() {
        kb.write("sufler.yaml", R"(organization: Министерство социальной защиты Северской области
synonyms:
  - [социальный контракт, соцконтракт]
  - [социальное такси, соцтакси]
)");
        kb.write("departments/fuel/index.md",
                 "---\ntitle: Отдел компенсаций за топливо\n---\n\nТвёрдое топливо.\n");
        kb.write("departments/fuel/faq.md", R"(# Вопросы

## Как получить компенсацию за дрова?

Компенсацию за твёрдое топливо назначает управление социальной защиты по месту жительства.

## Как заказать социальное такси?

Социальное такси заказывают по телефону диспетчера за сутки до поездки. Социальное такси возит
инвалидов и пенсионеров к врачу; стоимость поездки на социальном такси — 50 рублей.
)");
        kb.write("departments/fuel/contacts.md", R"(# Контакты

| ФИО | Должность | Телефон | Адрес | Вопросы |
|---|---|---|---|---|
| Гусева Алла Игоревна | Начальник отдела компенсаций управления социальной защиты населения по г. Северску | (8000) 44-10-01 | г. Северск, ул. Мира, д. 1 | Компенсация за дрова жителям Северска |
| Лобанов Пётр Ильич | Специалист по компенсациям управления социальной защиты населения по Озёрному району | (8000) 44-20-02 | с. Озёрное, ул. Лесная, д. 2 | Компенсация за дрова жителям Озёрного района |
| Титова Нина Сергеевна | Консультант отдела | (8000) 55-30-03 | г. Северск, пр. Победы, д. 5 | Твёрдое топливо: компенсация за дрова и уголь, газовое оборудование |
| Зимина Ада Львовна | Диспетчер службы «Социальное такси» | (8000) 41-77-00 | г. Северск, ул. Мира, д. 3 | Заказ и отмена поездок на социальном такси жителям Северска |
)");
        kb.write("departments/poverty/index.md",
                 "---\ntitle: Отдел адресной помощи\n---\n\nМалоимущие семьи.\n");
        kb.write("departments/poverty/faq.md", R"(# Вопросы

## Что такое социальный контракт?

Социальный контракт заключают с малоимущей семьёй на поиск работы или своё дело.

## Какая помощь положена погорельцам?

Семье, потерявшей жильё при пожаре, выплачивают единовременную помощь.
)");
        kb.write("departments/poverty/contacts.md", R"(# Контакты

| ФИО | Должность | Телефон | Вопросы |
|---|---|---|---|
| Белых Анна Ильинична | Начальник территориального отдела по г. Северску | (8000) 44-40-00 | Приём заявлений жителям Северска |
| Карпов Лев Ильич | Начальник отдела | (8000) 55-40-00 | Жалобы на решения управлений |
| Рогова Ольга Павловна | Заместитель начальника отдела | (8000) 55-40-01 | Социальный контракт: условия, бизнес-план |
| Кошкин Иван Львович | Главный специалист отдела | (8000) 55-40-02 | Справка о признании семьи малоимущей |
| Пастухова Ирина Олеговна | Ведущий специалист отдела | (8000) 55-40-03 | Государственная социальная помощь, доходы семьи |
| Сафина Дина Ринатовна | Специалист первой категории | (8000) 55-40-04 | Единовременная помощь в трудной ситуации |
| Юдин Максим Андреевич | Специалист-эксперт | (8000) 55-40-05 | Обжалование отказов |
| Пономарёв Артём Олегович | Ведущий специалист-эксперт | (8000) 55-40-06 | Проверка документов о доходах |
)");
        index();
    }
};

const std::string kFuel = "departments/fuel/contacts.md#";

} // namespace

TEST_CASE("whom to transfer to: «специалист», «сотрудник» after «переключите на» name no topic") {
    TransferFixture f;
    const std::string rogova = "departments/poverty/contacts.md#рогова";
    for (const char* query :
         {"переключите на специалиста по соцконтракту", "соедините с сотрудником по соцконтракту",
          "кто у вас специалист по социальному контракту",
          "переключить на кого-нибудь по соцконтракту"}) {
        INFO(query);
        CHECK(rankOf(f.search(query), rogova) == 1);
    }
    // Not after a transfer, «специалист» is a word of the question like any other.
    CHECK(rankOf(f.search("главный специалист отдела"), "departments/poverty/contacts.md#кошкин") ==
          1);
}

TEST_CASE("whom to transfer to: a contact of one town or district comes after the region's "
          "unless the question names its place") {
    TransferFixture f;
    auto general = f.search("кто по компенсации за дрова");
    CHECK(rankOf(general, kFuel + "титова") == 1);
    CHECK(rankOf(general, kFuel + "гусева") > 1);
    CHECK(rankOf(general, kFuel + "лобанов") > 1);
    // The town's own contact first; the region's, whose office stands in that town (its
    // address), is not taken for one.
    CHECK(rankOf(f.search("кто по компенсации за дрова в северске"), kFuel + "гусева") == 1);
    CHECK(rankOf(f.search("кому переключить по дровам озерный район"), kFuel + "лобанов") == 1);
    // The only contact for a question is whom to transfer to, whatever its territory.
    CHECK(rankOf(f.search("кто у вас по соцтакси"), kFuel + "зимина") == 1);
    // «Северской области» is the region, not the town.
    CHECK(rankOf(f.search("кто по компенсации за дрова в северской области"), kFuel + "титова") ==
          1);
}

TEST_CASE("whom to transfer to: when no contact holds the question, the head of the department "
          "that answers it comes right after the answer") {
    TransferFixture f;
    auto who = f.search("кто у вас по погорельцам");
    REQUIRE_FALSE(who.hits.empty());
    CHECK(who.hits.front().id == "departments/poverty/faq.md#какая-помощь-положена-погорельцам");
    // The head for the whole region, not the territorial one listed before.
    CHECK(rankOf(who, "departments/poverty/contacts.md#карпов") == 2);
    // Without the words of a transfer no contact is added.
    CHECK(rankOf(f.search("помощь погорельцам"), "departments/poverty/contacts.md#карпов") == 0);
}

namespace {

// A KB that knows the social taxi, not a taxi to the airport or a driving licence.
struct NoAnswerFixture : IndexedKb {
    NoAnswerFixture() {
        kb.write("sufler.yaml", "organization: Министерство социальной защиты Энской области\n");
        kb.write("departments/elderly/index.md",
                 "---\ntitle: Отдел социального обслуживания\n---\n\nПожилые люди и инвалиды.\n");
        kb.write("departments/elderly/faq.md", R"(# Вопросы

## Как заказать социальное такси?

Социальное такси возит пожилых людей и инвалидов в поликлинику. Вызвать социальное такси можно по
телефону диспетчера за сутки до поездки.

## Как оформить регистрацию по месту жительства в доме-интернате?

Регистрацию по месту жительства в доме-интернате оформляет администрация учреждения.

## Как получить путёвку в санаторий?

Путёвку получает пенсионер по заявлению; оформить её может дочь или сын по доверенности.

## Как получить компенсацию родительской платы за детский сад?

Компенсацию родительской платы назначает управление образования по заявлению родителя.

## Как продлить удостоверение многодетной семьи?

Удостоверение многодетной семьи продлевают в МФЦ по заявлению.

## Как получить услуги сиделки?

Сиделку направляет центр социального обслуживания после оценки нуждаемости.

## Как получить технические средства реабилитации?

Коляски, трости и слуховые аппараты выдаёт Социальный фонд по программе реабилитации.

## Что делать, если социальный работник плохо работает?

Жалобу на социального работника принимает директор центра социального обслуживания.
)");
        index();
    }
};

const std::string kTaxi = "departments/elderly/faq.md#как-заказать-социальное-такси";

} // namespace

TEST_CASE("no answer: a word no entry holds, nor begins as it is typed, is what the question "
          "is about") {
    NoAnswerFixture f;
    // The KB's «такси» and «вызвать» are not an answer about the airport: the entry stays
    // first, and is not taken for the answer. Still being typed, «аэропорта» is no mere few
    // letters either: no word of the KB begins with it, whatever it becomes.
    for (const char* query : {"вызвать такси до аэропорта ", "вызвать такси до аэропорта"}) {
        INFO(query);
        auto airport = f.search(query);
        CHECK(rankOf(airport, kTaxi) == 1);
        CHECK(airport.noAnswer());
    }
    CHECK_FALSE(f.search("вызвать социальное такси ").noAnswer());
    // A word the KB's words begin with is still what it seems to be.
    CHECK_FALSE(f.search("вызвать социальное так").noAnswer());
}

TEST_CASE("no answer: an everyday word held by its official term, and a form of a word of the "
          "KB, keep the answer") {
    NoAnswerFixture f;
    // «прописка» is «регистрация по месту жительства» in the vocabulary.
    auto registration = f.search("прописка в доме интернате у дедушки ");
    CHECK(rankOf(registration,
                 "departments/elderly/faq.md#как-оформить-регистрацию-по-месту-жительства") == 1);
    CHECK_FALSE(registration.noAnswer());
    // «дочке» stems to «дочк», the KB's «дочь» to «доч»: the same word.
    auto daughter = f.search("путевка в санаторий для дочки ");
    CHECK(rankOf(daughter, "departments/elderly/faq.md#как-получить-путёвку-в-санаторий") == 1);
    CHECK_FALSE(daughter.noAnswer());
}

TEST_CASE("no answer: a real word is not corrected into another word of the KB") {
    NoAnswerFixture f;
    // A dictionary of the language that knows «водительское» (hunspell's format).
    test::TempDir words;
    words.write("ru.aff", "SET UTF-8\n");
    words.write("ru.dic", "2\nводительское\nудостоверение\n");
    double kept = 0;
    {
        test::ScopedEnv dictionary("SUFLER_SPELLING_DICTIONARY", (words.path() / "ru").string());
        auto licence = f.search("продлить водительское удостоверение ");
        CHECK_FALSE(licence.corrected);
        kept = licence.confidence;
        // A typo the dictionary does not know is corrected as before.
        auto typo = f.search("компенсация радительской платы ");
        CHECK(typo.corrected == std::optional<std::string>("компенсация родительской платы "));
    }
    {
        // Without a dictionary every word the KB does not use may be a typo, as before.
        test::ScopedEnv none("SUFLER_SPELLING_DICTIONARY", "");
        auto licence = f.search("продлить водительское удостоверение ");
        CHECK(licence.corrected ==
              std::optional<std::string>("продлить родительской удостоверение "));
        // Kept as typed, the word no entry holds makes the first hit less sure.
        CHECK(kept < licence.confidence);
    }
}
