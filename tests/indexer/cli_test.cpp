// `sufler index` and `sufler search` as another program drives them.
#include "tiny_kb.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace sufler;

namespace {

std::string suflerCommand(const std::string& args) {
    return test::binary("sufler").string() + " " + args;
}

} // namespace

TEST_CASE("sufler search --json builds the index on first use and answers in the contract") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    auto common = "--kb " + kb.path().string() + " --db " + (db.path() / "idx").string();
    auto result = test::runCommand(suflerCommand("search " + common + " --json 181-фз"));
    REQUIRE(result.exitCode == 0);
    auto j = nlohmann::json::parse(result.output);
    CHECK(j["query"] == "181-фз");
    CHECK(j["corrected"].is_null());
    CHECK(j["total"].get<int>() >= 1);
    REQUIRE(!j["hits"].empty());
    const auto& hit = j["hits"][0];
    for (const char* key :
         {"id", "kind", "department", "title", "snippet", "path", "line", "score"}) {
        INFO(key);
        CHECK(hit.contains(key));
    }
    CHECK(hit["kind"] == "npa");
    CHECK(hit["department"] == "families");
    CHECK(hit["path"] == "departments/families/npa.md");

    auto corrected = nlohmann::json::parse(
        test::runCommand(suflerCommand("search " + common + " --json gjcj,bt")).output);
    CHECK(corrected["corrected"] == "пособие");
}

TEST_CASE("sufler index reports what it read — search filters and text output") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    auto common = "--kb " + kb.path().string() + " --db " + (db.path() / "idx").string();
    auto first = test::runCommand(suflerCommand("index " + common));
    REQUIRE(first.exitCode == 0);
    CHECK(first.output.find("прочитано файлов 8") != std::string::npos);
    auto second = test::runCommand(suflerCommand("index " + common));
    CHECK(second.output.find("прочитано файлов 0") != std::string::npos);

    auto text =
        test::runCommand(suflerCommand("search " + common + " --department guardianship опека"));
    REQUIRE(text.exitCode == 0);
    CHECK(text.output.find("Как оформить опеку над несовершеннолетним ребёнком?") !=
          std::string::npos);
    CHECK(text.output.find("families") == std::string::npos);

    auto badKind =
        test::runCommand(suflerCommand("search " + common + " --kind nonsense опека"), true);
    CHECK(badKind.exitCode != 0);
    CHECK(badKind.output.find("nonsense") != std::string::npos);
    auto noQuery = test::runCommand(suflerCommand("search " + common), true);
    CHECK(noQuery.exitCode != 0);
}

TEST_CASE("sufler search --stdin answers one JSON line per query line") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    auto common = "--kb " + kb.path().string() + " --db " + (db.path() / "idx").string();
    auto result = test::runCommand("printf 'опек\\nопека над\\n\\n552607\\n' | " +
                                   suflerCommand("search --stdin --limit 3 " + common));
    REQUIRE(result.exitCode == 0);
    std::istringstream lines(result.output);
    std::string line;
    std::vector<nlohmann::json> answers;
    while (std::getline(lines, line)) {
        answers.push_back(nlohmann::json::parse(line));
    }
    REQUIRE(answers.size() == 4);
    CHECK(answers[0]["query"] == "опек");
    CHECK(answers[1]["hits"].size() <= 3);
    CHECK(answers[2]["total"] == 0);
    CHECK(answers[3]["hits"][0]["kind"] == "contact");
}

TEST_CASE("sufler search says when the KB has no answer: confidence, the script, the agencies") {
    test::TempDir db;
    auto common = "--kb " + test::demoKb().string() + " --db " + (db.path() / "idx").string();
    auto answered = nlohmann::json::parse(
        test::runCommand(
            suflerCommand("search " + common + " --json как заказать социальное такси"))
            .output);
    CHECK(answered["confidence"].get<double>() >= 0.4);
    CHECK(answered["no_answer"] == false);
    CHECK(answered["hits"][0]["id"] == "departments/elderly/faq.md#как-заказать-социальное-такси");

    auto absent = nlohmann::json::parse(
        test::runCommand(suflerCommand("search " + common + " --json как получить загранпаспорт"))
            .output);
    CHECK(absent["confidence"].get<double>() < 0.4);
    CHECK(absent["no_answer"] == true);

    auto text =
        test::runCommand(suflerCommand("search " + common + " расписание электричек до города"));
    REQUIRE(text.exitCode == 0);
    CHECK(text.output.find("В базе нет ответа") != std::string::npos);
    CHECK(text.output.find("Сценарий «Вопрос вне компетенции министерства»") != std::string::npos);
    CHECK(text.output.find("Ведомства из справочника:") != std::string::npos);
    CHECK(text.output.find("Министерство транспорта") != std::string::npos);

    auto known = test::runCommand(suflerCommand("search " + common + " социальное такси"));
    CHECK(known.output.find("В базе нет ответа") == std::string::npos);
}
