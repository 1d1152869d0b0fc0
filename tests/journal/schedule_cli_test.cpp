// `sufler schedule …` through the real program, on the demo KB's schedules and a journal file.
#include "support.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

using namespace sufler;
using sufler::test::TempDir;

namespace {

struct Run {
    int code = 0;
    std::string out;
    std::string err;
};

class ScheduleCli {
public:
    explicit ScheduleCli(const TempDir& dir) : m_dir(dir) {}
    // Runs `sufler schedule ARGS` on the demo KB with the clock at `now`.
    Run operator()(const std::string& args, const std::string& now = "2026-12-07 09:40") const {
        const auto err = m_dir.path() / "stderr.txt";
        const auto r = test::runCommand(fmt::format(
            "{} schedule {} --journal '{}' --kb '{}' --now '{}' 2>'{}'",
            test::binary("sufler").string(), args, (m_dir.path() / "journal.sqlite").string(),
            test::demoKb().string(), now, err.string()));
        return Run{r.exitCode, r.output, test::readFile(err)};
    }

private:
    const TempDir& m_dir;
};

int mode(const std::filesystem::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return static_cast<int>(st.st_mode & 0777);
}

} // namespace

TEST_CASE("sufler schedule: free slots, booking, a taken slot refused with the next free ones",
          "[schedule][cli]") {
    TempDir dir;
    ScheduleCli schedule(dir);

    auto free = schedule("free --specialist guardianship/gordeev --days 3 --json");
    REQUIRE(free.code == 0);
    const auto json = nlohmann::json::parse(free.out);
    CHECK(json["specialist"] == "guardianship/gordeev");
    CHECK(json["role"] == "юрист");
    CHECK(json["place"] == "г. Энск, пл. Советов, д. 3, каб. 306");
    // Monday 7 December has no reception; Tuesday 8th 09:00–13:00 around the 10:30 break.
    REQUIRE(json["free"].size() == 7);
    CHECK(json["free"][0] == "2026-12-08 09:00");
    CHECK(json["free"][3] == "2026-12-08 10:45");

    auto booked = schedule("book --specialist gordeev --at '2026-12-08 09:00' --name 'Петрова Анна "
                           "Ивановна' --phone '+7 900 111-22-33' --topic 'опека над внуком'");
    REQUIRE(booked.code == 0);
    CHECK(booked.out.find("Записано: № ") != std::string::npos);
    CHECK(booked.out.find("08.12.2026 вторник 09:00") != std::string::npos);
    CHECK(booked.out.find("Как добраться: ") != std::string::npos);

    auto taken = schedule("book --specialist gordeev --at '2026-12-08 09:00' --name 'Иванов Пётр' "
                          "--phone '89001234567'");
    CHECK(taken.code == 1);
    CHECK(taken.err.find("Не записано: 08.12.2026 (вторник) в 09:00 к Гордеев Игорь Павлович уже "
                         "записан другой гражданин") != std::string::npos);
    CHECK(taken.err.find("Ближайшее свободное время:\n  08.12.2026 вторник 09:30") !=
          std::string::npos);

    auto vacation = schedule("book --specialist gordeev --at '2026-12-22 09:00' --name 'Иванов Пётр' "
                             "--phone '89001234567'");
    CHECK(vacation.code == 1);
    CHECK(vacation.err.find("22.12.2026 Гордеев Игорь Павлович не принимает") != std::string::npos);

    free = schedule("free --specialist guardianship/gordeev --days 3 --json");
    CHECK(nlohmann::json::parse(free.out)["free"][0] == "2026-12-08 09:30");

    auto unknown = schedule("free --specialist nobody");
    CHECK(unknown.code != 0);
    CHECK(unknown.err.find("«nobody» — нет в расписаниях базы знаний (есть: ") !=
          std::string::npos);
    CHECK(unknown.err.find("guardianship/gordeev") != std::string::npos);
}

TEST_CASE("sufler schedule: move, cancel and the specialist's day sheet behind the personal-data "
          "flag",
          "[schedule][cli]") {
    TempDir dir;
    ScheduleCli schedule(dir);
    REQUIRE(schedule("book --specialist gordeev --at '2026-12-10 14:00' --name 'Петрова Анна' "
                     "--phone '+7 900 111-22-33' --topic 'опека'")
                .code == 0);
    REQUIRE(schedule("book --specialist gordeev --at '2026-12-10 14:30' --name 'Сидоров Олег' "
                     "--phone '+7 900 444-55-66'")
                .code == 0);
    auto moved = schedule("move 1 --at '2026-12-10 14:30'");
    CHECK(moved.code == 1);
    CHECK(moved.err.find("уже записан другой гражданин") != std::string::npos);
    moved = schedule("move 1 --at '2026-12-10 15:00'");
    REQUIRE(moved.code == 0);
    CHECK(moved.out.find("запись № 1 заменена записью № ") != std::string::npos);
    auto cancelled = schedule("cancel 2 --reason 'передумал'");
    CHECK(cancelled.code == 0);
    CHECK(cancelled.out.find("Запись отменена: № 2") != std::string::npos);
    auto again = schedule("cancel 2");
    CHECK(again.code != 0);
    CHECK(again.err.find("уже не действует: запись отменена") != std::string::npos);

    const auto md = dir.path() / "day.md";
    auto refused =
        schedule(fmt::format("day --specialist gordeev --date 2026-12-10 --out '{}'", md.string()));
    CHECK(refused.code != 0);
    CHECK(refused.err.find("--with-personal-data") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(md));

    auto sheet = schedule(fmt::format(
        "day --specialist gordeev --date 2026-12-10 --out '{}' --with-personal-data", md.string()));
    REQUIRE(sheet.code == 0);
    CHECK(mode(md) == 0600);
    const auto text = test::readFile(md);
    CHECK(text.find("# Приём Гордеев Игорь Павлович (юрист), 10.12.2026 (четверг)") !=
          std::string::npos);
    CHECK(text.find("| 15:00–15:30 | Петрова Анна | +7 900 111-22-33 | опека |") !=
          std::string::npos);
    CHECK(text.find("| 14:30–15:00 | свободно |") != std::string::npos); // cancelled: free again
    CHECK(text.find("| 14:00–14:30 | свободно |") != std::string::npos); // moved away

    const auto xlsx = dir.path() / "day.xlsx";
    REQUIRE(schedule(fmt::format("day --specialist gordeev --date 2026-12-10 --format xlsx --out "
                                 "'{}' --with-personal-data",
                                 xlsx.string()))
                .code == 0);
    CHECK(mode(xlsx) == 0600);
    CHECK(test::zipHas(xlsx, "xl/worksheets/sheet1.xml"));
}
