#include "sufler/training/store.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace sufler::training;

namespace {

CallRecord recordFor(const std::string& id, const std::string& department, int transfers) {
    CallRecord r;
    r.question.entryId = id;
    r.question.department = department;
    r.question.words = "вопрос";
    r.openedEntries = {id};
    r.secondsToFind = 10;
    r.requiredDone = {"Поприветствовать"};
    r.surveyAnswered = true;
    r.transfers = transfers;
    return r;
}

} // namespace

TEST_CASE("training store keeps reading, studied commit and scored calls per trainee") {
    sufler::test::TempDir dir;
    auto path = storePathBeside(dir.path() / "journal.sqlite");
    CHECK(path.filename() == "training.sqlite");
    {
        auto store = TrainingStore::open(path);
        store.markRead("Петрова А. В.", "departments/zhku/faq.md#a");
        store.markRead("Петрова А. В.", "departments/zhku/faq.md#a"); // twice is once
        store.markRead("Сидоров И. И.", "departments/families/faq.md#b");
        CHECK_FALSE(store.lastStudiedCommit("Петрова А. В.").has_value());
        store.recordStudied("Петрова А. В.", "abc123");

        auto session = store.startSession("Петрова А. В.", "zhku");
        auto good = recordFor("departments/zhku/faq.md#a", "zhku", 0);
        store.recordCall(session, good, scoreCall(good));
        auto bad = recordFor("departments/zhku/faq.md#c", "zhku", 1);
        store.recordCall(session, bad, scoreCall(bad));
    }
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);

    auto store = TrainingStore::open(path); // reopened: everything is still there
    CHECK(store.trainees() == std::vector<std::string>{"Петрова А. В.", "Сидоров И. И."});
    CHECK(store.readIds("Петрова А. В.") == std::set<std::string>{"departments/zhku/faq.md#a"});
    CHECK(store.lastStudiedCommit("Петрова А. В.") == std::optional<std::string>("abc123"));
    auto report = store.report("Петрова А. В.");
    REQUIRE(report.sessions.size() == 1);
    CHECK(report.sessions[0].calls == 2);
    CHECK(report.sessions[0].department == "zhku");
    CHECK(report.sessions[0].score == Approx(190));
    CHECK(report.sessions[0].max == Approx(200));
    REQUIRE(report.calls.size() == 2);
    CHECK(report.calls[1].score == Approx(90));
    CHECK(store.report("Сидоров И. И.").sessions.empty());
}

TEST_CASE("training store: created for its owner only, a file others can read is refused") {
    sufler::test::TempDir dir;
    const auto path = dir.path() / "новая папка" / "training.sqlite";
    { (void)TrainingStore::open(path); }
    CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    ::chmod(path.c_str(), 0644);
    try {
        (void)TrainingStore::open(path);
        FAIL("a file others can read was opened");
    } catch (const std::exception& e) {
        const std::string message = e.what();
        CHECK(message.find(path.string()) != std::string::npos);
        CHECK(message.find("файл обучения") != std::string::npos);
        CHECK(message.find("chmod 600") != std::string::npos);
    }
}
