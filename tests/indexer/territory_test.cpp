// Territorial contacts recognised by the KB's own list of municipalities (sufler.yaml
// `municipalities`): offices named «УСЗН Северогорск», «Отдел соцзащиты (Новоборск)», «Заречный
// р-н, отдел субсидий», and a caller who says where they live in any form.
#include "temp_dir.h"

#include "sufler/indexer/search.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <vector>

using namespace sufler;
using namespace sufler::indexer;

namespace {

const std::string kProfile = R"(organization: Министерство социальной защиты Энской области
municipalities:
  - Энск
  - Северогорск
  - Новоборск
  - Сосновка
  - Южногорск
  - Энский район
  - Заречный р-н
)";

// The offices say nothing of «жителям …» or «… района»: only the list tells where they serve.
// Their addresses do not tell it either: the Заречный р-н office sits in Новоборск. The
// Северогорск office's questions are worded most fully, as the first office written often is.
const std::string kContacts = R"(# Контакты отдела субсидий

| ФИО | Должность | Организация | Телефон | Адрес | Вопросы |
|---|---|---|---|---|---|
| Титова Ирина Павловна | Начальник отдела | Министерство социальной защиты Энской области | (8000) 50-10-01 | г. Энск, ул. Советская, д. 1 | Субсидии на оплату жилья и коммунальных услуг, перерасчёт субсидии, разъяснения |
| Гусева Анна Петровна | Специалист по субсидиям на оплату жилья | УСЗН Северогорск | (8000) 51-20-02 | г. Северогорск, ул. Мира, д. 2 | Субсидии на оплату жилья и коммунальных услуг: приём заявлений, перерасчёт субсидии на оплату жилья |
|  | Специалист | Отдел соцзащиты (Новоборск) | (8000) 52-30-03 | г. Новоборск, ул. Мира, д. 3 | Субсидии |
| Лобанов Олег Ильич | Ведущий специалист | Заречный р-н, отдел субсидий | (8000) 53-40-04 | г. Новоборск, ул. Ленина, д. 5 | Субсидии на оплату жилья и коммунальных услуг, перерасчёт |
| Орлова Нина Сергеевна | Специалист по субсидиям на оплату жилья | Энский район, отдел субсидий | (8000) 54-50-05 | г. Энск, ул. Садовая, д. 4 | Субсидии на оплату жилья и коммунальных услуг |
| Зуева Дарья Олеговна | Специалист | Сосновское отделение соцзащиты | (8000) 55-60-06 |  | Субсидии на оплату жилья |
)";

const std::string kDir = "departments/subsidies/contacts.md#";
const std::string kRegion = kDir + "титова";
const std::string kSeverogorsk = kDir + "гусева";
const std::string kNovoborsk = kDir + "отдел-соцзащиты";
const std::string kZarechny = kDir + "лобанов";
const std::string kEnskyDistrict = kDir + "орлова";
const std::string kSosnovka = kDir + "зуева";

struct TerritoryKb {
    test::TempDir kb;
    test::TempDir db;
    Diagnostics diagnostics;
    explicit TerritoryKb(const std::string& profile = kProfile) {
        kb.write("sufler.yaml", profile);
        kb.write("departments/subsidies/index.md",
                 "---\ntitle: Отдел субсидий\n---\n\nСубсидии на оплату жилья и коммунальных "
                 "услуг.\n");
        kb.write("departments/subsidies/contacts.md", kContacts);
        index();
    }
    UpdateStats index() { return updateIndex(kb.path(), db.path(), diagnostics); }
    [[nodiscard]] SearchResult search(const std::string& query) const {
        Searcher searcher(db.path());
        SearchOptions options;
        options.limit = 20;
        return searcher.search(query, options);
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

// The hits in the order found, with their scores (for a failure's message).
std::string order(const SearchResult& result) {
    std::string out;
    for (const auto& hit : result.hits) {
        out += hit.id.substr(hit.id.find('#') + 1) + " " + std::to_string(hit.score) + "\n";
    }
    return out;
}

// Each query finds `office`, before every one of `others`, and (firstOfAll) before any hit.
void checkOfficeFirst(const TerritoryKb& f, std::initializer_list<const char*> queries,
                      const std::string& office, std::initializer_list<std::string> others,
                      bool firstOfAll = false) {
    for (const char* query : queries) {
        auto result = f.search(query);
        INFO(query << "\n" << order(result));
        REQUIRE(rankOf(result, office) > 0);
        if (firstOfAll) {
            CHECK(rankOf(result, office) == 1);
        }
        for (const auto& other : others) {
            CHECK(rankOf(result, office) < rankOf(result, other));
        }
    }
}

} // namespace

TEST_CASE("a question naming a listed town in any form puts that town's office above the others'",
          "[territory]") {
    TerritoryKb f;
    checkOfficeFirst(f,
                     {"я из Новоборска, куда обратиться за субсидией на оплату жилья",
                      "кто у вас по субсидиям на оплату жилья, живу в Новоборске",
                      "новоборские пенсионеры, перерасчёт субсидии на оплату жилья кому "
                      "переключить"},
                     kNovoborsk, {kSeverogorsk, kZarechny});
    // And Северогорск's, named as an adjective, for a caller from Северогорск.
    auto severogorsk = f.search("кто по субсидиям на оплату жилья в северогорском управлении");
    INFO(order(severogorsk));
    CHECK(rankOf(severogorsk, kSeverogorsk) == 1);
}

TEST_CASE("no place named: the region's own contact first, then the offices", "[territory]") {
    TerritoryKb f;
    for (const char* query : {"кто у вас по субсидиям на оплату жилья и коммунальных услуг",
                              "кому переключить перерасчёт субсидии на оплату жилья"}) {
        auto result = f.search(query);
        INFO(query << "\n" << order(result));
        CHECK(rankOf(result, kRegion) == 1);
        for (const auto& office : {kSeverogorsk, kNovoborsk, kZarechny, kEnskyDistrict}) {
            CHECK(rankOf(result, office) > 1);
        }
    }
    // «Энской области» is the region, not the Энский район: it changes nothing of the order.
    auto ids = [](const SearchResult& result) {
        std::vector<std::string> out;
        for (const auto& hit : result.hits) {
            out.push_back(hit.id);
        }
        return out;
    };
    const auto region = f.search("кто у вас по субсидиям на оплату жилья по энской области");
    const auto anywhere = f.search("кто у вас по субсидиям на оплату жилья");
    INFO(order(region) << "\n" << order(anywhere));
    CHECK(ids(region) == ids(anywhere));
}

TEST_CASE("a district named with «район» in any form or «р-н» finds its office first among "
          "offices",
          "[territory]") {
    TerritoryKb f;
    checkOfficeFirst(f,
                     {"живу в Заречном районе, кто по субсидиям на оплату жилья",
                      "кто по субсидиям на оплату жилья заречный р-н",
                      "переключите по субсидии жителя Заречного района"},
                     kZarechny, {kSeverogorsk, kEnskyDistrict}, true);
    // «в Энском районе» is the district, whose office comes first.
    auto district = f.search("кто по субсидиям на оплату жилья в Энском районе");
    INFO(order(district));
    CHECK(rankOf(district, kEnskyDistrict) == 1);
}

TEST_CASE("a town not ending in «-ск» is known by its adjective", "[territory]") {
    TerritoryKb f;
    // «Сосновка» → «Сосновское отделение»: the stems differ, the adjective rule joins them.
    auto result = f.search("я из Сосновки, кто у вас по субсидиям на оплату жилья");
    INFO(order(result));
    CHECK(rankOf(result, kSosnovka) == 1);
}

TEST_CASE("an agency named by the region's adjective serves the region, not its capital",
          "[territory]") {
    // The capital Энск gives the region its name: «Энский центр» is the region's, the
    // «УСЗН г. Энска» the town's.
    TerritoryKb f;
    f.kb.write("departments/centre/index.md",
               "---\ntitle: Центр социальной помощи\n---\n\nЦентр.\n");
    f.kb.write("departments/centre/contacts.md", R"(# Контакты центра

| ФИО | Должность | Организация | Телефон | Вопросы |
|---|---|---|---|---|
| Белов Пётр Ильич | Специалист по компенсации | ГБУ «Энский центр социальной помощи» | (8000) 60-10-01 | Компенсация расходов на газификацию, перерасчёт компенсации за газификацию |
| Титов Олег Павлович | Начальник отдела | Министерство социальной защиты Энской области | (8000) 60-10-02 | Компенсация расходов на газификацию |
| Орлов Иван Олегович | Специалист | УСЗН г. Энска | (8000) 60-10-03 | Компенсация расходов на газификацию |
)");
    f.index();
    const std::string dir = "departments/centre/contacts.md#";
    // The centre's questions say more of it than the ministry's: first of the two.
    auto general = f.search("кто у вас по компенсации за газификацию");
    INFO(order(general));
    CHECK(rankOf(general, dir + "белов") == 1);
    CHECK(rankOf(general, dir + "титов") == 2);
    CHECK(rankOf(general, dir + "орлов") == 3);
    auto town = f.search("кто по компенсации за газификацию, я из Энска");
    INFO(order(town));
    CHECK(rankOf(town, dir + "орлов") == 1);
}

TEST_CASE("where the caller lives is not what is asked", "[territory]") {
    TerritoryKb f;
    // No entry names Южногорск, though the list does: the question is answered all the same.
    auto result = f.search("я из Южногорска, кто по субсидиям на оплату жилья");
    INFO(order(result));
    CHECK(result.confidence >= kNoAnswerBelow);
    CHECK(rankOf(result, kRegion) > 0);
    // A place alone still finds its office, and one no entry names finds nothing.
    CHECK(rankOf(f.search("телефон Новоборска"), kNovoborsk) == 1);
    CHECK(f.search("телефон Южногорска").noAnswer());
}

TEST_CASE("a changed list of municipalities takes effect at the next index run", "[territory]") {
    // With only Новоборск in the list the other offices serve the whole region as far as the
    // index can tell, and the one whose questions are worded most fully comes first.
    TerritoryKb f(R"(organization: Министерство социальной защиты Энской области
municipalities:
  - Новоборск
)");
    const std::string query = "кто у вас по субсидиям на оплату жилья и коммунальных услуг";
    auto before = f.search(query);
    INFO(order(before));
    CHECK(rankOf(before, kSeverogorsk) == 1);

    f.kb.write("sufler.yaml", kProfile);
    const UpdateStats stats = f.index();
    CHECK(stats.rebuilt);
    auto after = f.search(query);
    INFO(order(after));
    CHECK(rankOf(after, kRegion) == 1);
    CHECK(rankOf(f.search("кто по субсидиям на оплату жилья живу в заречном районе"), kZarechny) ==
          1);

    // An unchanged list leaves the index as it is.
    CHECK_FALSE(f.index().rebuilt);
    // A list taken out again: the offices are the region's again.
    f.kb.write("sufler.yaml", "organization: Министерство социальной защиты Энской области\n");
    CHECK(f.index().rebuilt);
    CHECK(rankOf(f.search(query), kSeverogorsk) == 1);
}

TEST_CASE("sufler index takes a changed list of municipalities in", "[territory]") {
    TerritoryKb f;
    const std::string common =
        "--kb " + f.kb.path().string() + " --db " + (f.db.path() / "cli").string();
    auto run = [&](const std::string& args) {
        return test::runCommand(test::binary("sufler").string() + " " + args);
    };
    auto firstHit = [&]() {
        auto result = run("search " + common +
                          " --json кто у вас по субсидиям на оплату жилья и коммунальных услуг");
        REQUIRE(result.exitCode == 0);
        auto j = nlohmann::json::parse(result.output);
        REQUIRE_FALSE(j["hits"].empty());
        return j["hits"][0]["id"].get<std::string>();
    };
    REQUIRE(run("index " + common).exitCode == 0);
    CHECK(firstHit().rfind(kRegion, 0) == 0);

    f.kb.write("sufler.yaml", "organization: Министерство социальной защиты Энской области\n");
    auto again = run("index " + common);
    REQUIRE(again.exitCode == 0);
    CHECK(again.output.find("построен заново") != std::string::npos);
    CHECK(firstHit().rfind(kSeverogorsk, 0) == 0);
}

TEST_CASE("a list of municipalities that is not a list is reported", "[territory]") {
    TerritoryKb f("organization: Министерство\nmunicipalities: Энск, Северогорск\n");
    bool reported = false;
    for (const auto& d : f.diagnostics) {
        reported = reported || (d.path == "sufler.yaml" && d.line == 2 &&
                                d.message.find("municipalities") != std::string::npos);
    }
    CHECK(reported);
}
