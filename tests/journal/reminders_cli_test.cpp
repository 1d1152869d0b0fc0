// `sufler schedule reminders|remind` through the real program, on the demo KB's schedules, a
// journal file and the clock set by SUFLER_NOW.
#include "support.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace sufler;
using sufler::test::TempDir;

namespace {

struct Run {
    int code = 0;
    std::string out;
    std::string err;
};

// Runs `sufler ARGS` on the demo KB and the test's journal with SUFLER_NOW at `now`.
Run runSufler(const TempDir& dir, const std::string& args, const std::string& now) {
    const auto err = dir.path() / "stderr.txt";
    const auto r = test::runCommand(fmt::format(
        "SUFLER_NOW='{}' {} {} --journal '{}' 2>'{}'", now, test::binary("sufler").string(), args,
        (dir.path() / "journal.sqlite").string(), err.string()));
    return Run{r.exitCode, r.output, test::readFile(err)};
}

std::string kb() {
    return fmt::format(" --kb '{}'", test::demoKb().string());
}

} // namespace

TEST_CASE("sufler schedule reminders: due a day before, recorded, then gone", "[reminders][cli]") {
    TempDir dir;
    auto booked =
        runSufler(dir,
                  "schedule book --specialist guardianship/gordeev --at '2026-12-08 10:45' "
                  "--name 'Петрова Анна Ивановна' --phone '+7 900 111-22-33'" +
                      kb(),
                  "2026-12-07T10:00");
    REQUIRE(booked.code == 0);

    auto early = runSufler(dir, "schedule reminders --json" + kb(), "2026-12-07T10:44");
    REQUIRE(early.code == 0);
    CHECK(nlohmann::json::parse(early.out).empty());

    auto due = runSufler(dir, "schedule reminders --json" + kb(), "2026-12-07T10:46");
    REQUIRE(due.code == 0);
    const auto list = nlohmann::json::parse(due.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["booking"] == 1);
    CHECK(list[0]["offset"] == "за 1 день");
    CHECK(list[0]["specialist_name"] == "юрист Гордеев Игорь Павлович");
    CHECK(list[0]["phone"] == "+7 900 111-22-33");

    auto bad =
        runSufler(dir, "schedule remind 1 --result позвонили --operator 'Смирнова О. В.'" + kb(),
                  "2026-12-07T10:50");
    CHECK(bad.code != 0);
    CHECK(bad.err.find("--result") != std::string::npos);

    auto reached =
        runSufler(dir, "schedule remind 1 --result reached --operator 'Смирнова О. В.'" + kb(),
                  "2026-12-07T10:50");
    INFO(reached.err);
    REQUIRE(reached.code == 0);
    CHECK(reached.out.find("напомнили") != std::string::npos);

    auto after = runSufler(dir, "schedule reminders" + kb(), "2026-12-07T10:51");
    CHECK(after.out.find("нет") != std::string::npos);
    auto outgoing = runSufler(dir, "journal list --outgoing", "2026-12-07T10:51");
    CHECK(outgoing.out.find("напоминание о консультации 08.12.2026 10:45") != std::string::npos);

    // the two-hours one comes the next morning
    auto morning = runSufler(dir, "schedule reminders" + kb(), "2026-12-08T08:45");
    CHECK(morning.out.find("за 2 часа") != std::string::npos);

    auto wrongClock = runSufler(dir, "schedule reminders" + kb(), "завтра");
    CHECK(wrongClock.code != 0);
    CHECK(wrongClock.err.find("SUFLER_NOW") != std::string::npos);
}
