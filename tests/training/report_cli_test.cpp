// `sufler training report` through the real binary, on a training.sqlite filled the way the
// console fills it: per trainee sessions, scores over time, weak departments, study progress.
#include "sufler/training/store.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace sufler;
using namespace sufler::training;

namespace {

CallRecord callOn(const std::string& id, const std::string& department, bool right) {
    CallRecord r;
    r.question = {id, department, "вопрос абонента", false};
    r.openedEntries = {right ? id : "departments/zhku/faq.md#другое"};
    if (right) {
        r.secondsToFind = 10;
    }
    r.requiredDone = {"Приветствие: назвать горячую линию"};
    r.surveyAnswered = true;
    return r;
}

void fill(const std::filesystem::path& journal) {
    auto store = TrainingStore::open(storePathBeside(journal));
    const std::string t = "Петрова А. В.";
    store.markRead(t, "departments/zhku/faq.md#кто-имеет-право-на-субсидию-на-оплату-жку");
    store.markRead(t,
                   "departments/zhku/faq.md#какие-документы-нужны-для-назначения-субсидии-на-жку");
    // first session: families all wrong (45 %), zhku right (100 %)
    auto s1 = store.startSession(t, "");
    for (int i = 0; i < 2; ++i) {
        auto bad = callOn("departments/families/faq.md#x" + std::to_string(i), "families", false);
        store.recordCall(s1, bad, scoreCall(bad));
    }
    auto good = callOn("departments/zhku/faq.md#y", "zhku", true);
    store.recordCall(s1, good, scoreCall(good));
    // second session: everything right
    auto s2 = store.startSession(t, "zhku");
    for (int i = 0; i < 2; ++i) {
        auto r = callOn("departments/zhku/faq.md#z" + std::to_string(i), "zhku", true);
        store.recordCall(s2, r, scoreCall(r));
    }
    store.markRead("Сидоров И. И.", "departments/families/faq.md#a");
}

std::string command(const std::filesystem::path& journal, const std::string& rest) {
    return test::binary("sufler").string() + " training report --journal '" + journal.string() +
           "' " + rest;
}

} // namespace

TEST_CASE("sufler training report: json, text and xlsx from training.sqlite beside the journal") {
    test::TempDir dir;
    const auto journal = dir.path() / "journal.sqlite";
    fill(journal);

    auto json = test::runCommand(command(journal, "--format json"));
    REQUIRE(json.exitCode == 0);
    auto doc = nlohmann::json::parse(json.output);
    REQUIRE(doc["trainees"].size() == 2);
    const auto& p = doc["trainees"][0];
    CHECK(p["trainee"] == "Петрова А. В.");
    CHECK(p["sessions"] == 2);
    CHECK(p["calls"] == 5);
    CHECK(p["percent"].get<double>() == Approx((45.0 * 2 + 100 * 3) / 5));
    REQUIRE(p["scores_over_time"].size() == 2);
    CHECK(p["scores_over_time"][0]["percent"].get<double>() == Approx((45.0 * 2 + 100) / 3));
    CHECK(p["scores_over_time"][1]["percent"].get<double>() == Approx(100));
    REQUIRE(p["weak_departments"].size() == 1);
    CHECK(p["weak_departments"][0]["department"] == "families");
    CHECK(p["weak_departments"][0]["calls"] == 2);
    CHECK(p["study"]["read"] == 2);
    CHECK(p["study"]["total"].get<int>() > 100); // the demo KB's entries
    const auto& s = doc["trainees"][1];
    CHECK(s["trainee"] == "Сидоров И. И.");
    CHECK(s["calls"] == 0);

    auto text = test::runCommand(command(journal, ""));
    REQUIRE(text.exitCode == 0);
    CHECK(text.output.find("Петрова А. В.") != std::string::npos);
    CHECK(text.output.find("учебных сессий: 2, звонков: 5, средний результат: 78 %") !=
          std::string::npos);
    CHECK(text.output.find("слабые разделы: families (45 %, звонков: 2)") != std::string::npos);

    const auto xlsx = dir.path() / "обучение.xlsx";
    auto written =
        test::runCommand(command(journal, "--format xlsx --out '" + xlsx.string() + "'"));
    REQUIRE(written.exitCode == 0);
    const std::string bytes = test::readFile(xlsx);
    REQUIRE(bytes.size() > 1000);
    CHECK(bytes.substr(0, 2) == "PK");
    const auto sheets = test::openInLibreOffice(xlsx);
    INFO(sheets.problem);
    REQUIRE_FALSE(sheets.csv.empty());
    bool trainee = false;
    for (const auto& [name, csv] : sheets.csv) {
        trainee = trainee || csv.find("Петрова А. В.") != std::string::npos;
    }
    CHECK(trainee);

    // xlsx without --out is refused with a reason; the journal itself was never created
    auto refused = test::runCommand(command(journal, "--format xlsx"), true);
    CHECK(refused.exitCode != 0);
    CHECK(refused.output.find("--out") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(journal));
}

TEST_CASE("sufler training report with no training yet says so") {
    test::TempDir dir;
    auto text = test::runCommand(command(dir.path() / "journal.sqlite", ""));
    CHECK(text.exitCode == 0);
    CHECK(text.output == "Обучение ещё не проводилось.\n");
}
