// The demo as a KB of its own: its working copy, its history, and that the program's sources
// are never committed into. Every run has XDG_DATA_HOME in a temp folder.
#include "fixture.h"
#include "sufler/core/error.h"
#include "sufler/kb/actualisation.h"
#include "sufler/kb/demo.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/review.h"
#include "sufler/kb/staleness.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace sufler;
using namespace sufler::test;
namespace fs = std::filesystem;

namespace {

Date d(const char* text) {
    return *parseDate(text);
}

kb::SectionStaleness sectionOf(const kb::StaleReport& report, const std::string& slug) {
    for (const auto& section : report.sections) {
        if (section.department == slug) {
            return section;
        }
    }
    FAIL("no section " << slug);
    throw;
}

CommandResult git(const fs::path& dir, const std::string& arguments) {
    return runCommand("(git -C " + quote(dir.string()) + " " + arguments + ")", true);
}

// `sufler` with a home and a data folder of its own; stdout and stderr apart when asked.
CommandResult runSufler(const TempDir& home, const std::string& arguments, bool withStderr = true) {
    return runCommand("(HOME=" + quote(home.path().string()) +
                          " XDG_CONFIG_HOME=" + quote(home.path().string()) +
                          " XDG_DATA_HOME=" + quote((home.path() / "data").string()) + " " +
                          quote(binary("sufler").string()) + " " + arguments + ")",
                      withStderr);
}

// XDG_DATA_HOME for this process, put back afterwards.
class DataHome {
public:
    explicit DataHome(const fs::path& path) {
        if (const char* old = std::getenv("XDG_DATA_HOME")) {
            m_old = old;
        }
        setenv("XDG_DATA_HOME", path.c_str(), 1);
    }
    ~DataHome() {
        if (m_old) {
            setenv("XDG_DATA_HOME", m_old->c_str(), 1);
        } else {
            unsetenv("XDG_DATA_HOME");
        }
    }
    DataHome(const DataHome&) = delete;
    DataHome& operator=(const DataHome&) = delete;

private:
    std::optional<std::string> m_old;
};

} // namespace

TEST_CASE("demo: the working copy's history shows every status, on any day") {
    const auto shipped = kb::load(demoKb(), {.withGit = false});
    // Around the new year holidays, the May ones, a leap day, and plain days.
    for (const char* day :
         {"2026-12-06", "2027-01-12", "2027-05-04", "2028-02-29", "2026-11-24", "2029-06-18"}) {
        INFO(day);
        const Date today = d(day);
        TempDir dir;
        const fs::path copy = dir.path() / "demo-kb";
        kb::demo::buildWorkingCopy(demoKb(), copy, today);

        CHECK(git(copy, "status --porcelain").output.empty());
        const auto base = kb::load(copy);
        REQUIRE(base.actsRead);
        CHECK_FALSE(hasErrors(base.diagnostics));
        // The same entries as shipped: only dates differ.
        REQUIRE(base.entries.size() == shipped.entries.size());
        for (size_t i = 0; i < base.entries.size(); ++i) {
            CHECK(base.entries[i].id == shipped.entries[i].id);
        }
        const auto report = kb::staleReport(base, today);

        for (const char* slug : {"veterans", "zhku", "disability"}) {
            INFO(slug);
            const auto section = sectionOf(report, slug);
            CHECK(section.status == kb::StaleStatus::Overdue);
            REQUIRE(section.foreignChange);
            CHECK(section.foreignChange->byAdmin);
            CHECK(section.foreignChange->commit.summary ==
                  "Отметки об изменении нормативных актов по сведениям юридического отдела");
            CHECK(section.foreignChange->commit.date < today);
            CHECK(section.lastReview < section.foreignChange->commit.date);
        }
        // A change notice of the last days, still within its ten working days.
        const auto families = sectionOf(report, "families");
        CHECK(families.status == kb::StaleStatus::Due);
        bool recentChange = false;
        for (const auto& requirement : families.requirements) {
            if (requirement.rule == kb::RequirementRule::Change && requirement.due &&
                !requirement.overdue) {
                recentChange = true;
                CHECK(*requirement.date < today);
                CHECK(kb::workCalendar(base.profile).workingDaysBetween(*requirement.date, today) <=
                      10);
            }
        }
        CHECK(recentChange);
        const auto never = sectionOf(report, "guardianship");
        CHECK(never.status == kb::StaleStatus::Unreviewed);
        CHECK_FALSE(never.lastReview);
        for (const char* slug : {"elderly", "employment", "lowincome"}) {
            INFO(slug);
            CHECK(sectionOf(report, slug).status == kb::StaleStatus::Ok);
        }

        // Each date comes from the department's own people as the shipped index.md lists them.
        for (const auto& section : report.sections) {
            if (!section.commit) {
                continue;
            }
            INFO(section.department);
            const auto* department = shipped.findDepartment(section.department);
            REQUIRE(department != nullptr);
            CHECK((kb::headIsAuthor(department->head, section.commit->authorName,
                                    section.commit->authorEmail) ||
                   kb::listsAuthor(department->editors, section.commit->authorName,
                                   section.commit->authorEmail)));
            CHECK_FALSE(section.asDepartment);
            CHECK(section.commit->date < today);
        }
    }
}

TEST_CASE("demo: sufler stale without --kb makes the working copy once and says where") {
    TempDir home;
    const fs::path copy = home.path() / "data" / "sufler" / "demo-kb";
    const auto first = runSufler(home, "stale --no-journal", false);
    INFO(first.output);
    REQUIRE(first.exitCode == 0);
    for (const char* status : {"просрочено", "скоро срок", "не актуализировался", "в порядке",
                               "~ изменён администратором"}) {
        CHECK(first.output.find(status) != std::string::npos);
    }
    REQUIRE(fs::is_directory(copy / ".git"));
    CHECK(git(copy, "log --format=%ae").output.find("it@minsoc.example") != std::string::npos);

    // Said on stderr the first time only.
    const auto again = runSufler(home, "stale --no-journal 2>&1 >/dev/null", false);
    CHECK(again.output.empty());
    TempDir other;
    const auto made = runSufler(other, "stale --no-journal 2>&1 >/dev/null", false);
    CHECK(made.output.find("демонстрационная база знаний развёрнута в " +
                           (other.path() / "data" / "sufler" / "demo-kb").string()) !=
          std::string::npos);
}

TEST_CASE("demo: review --kb of the demo in a source tree commits into its working copy only") {
    // A Sufler source tree of its own, so that the real one is never at stake.
    TempDir source;
    fs::create_directories(source.path() / "kb");
    fs::copy(demoKb(), source.path() / "kb" / "demo", fs::copy_options::recursive);
    source.write("kb/include/sufler/kb/kb.h", "#pragma once\n");
    source.write("CMakeLists.txt", "project(sufler)\n");
    REQUIRE(git(source.path(), "init -q").exitCode == 0);
    REQUIRE(git(source.path(), "add -A").exitCode == 0);
    REQUIRE(git(source.path(),
                "-c user.name=Разработчик -c user.email=dev@example.org commit -q -m Исходники")
                .exitCode == 0);
    const std::string head = git(source.path(), "rev-parse HEAD").output;
    const fs::path demo = source.path() / "kb" / "demo";

    TempDir home;
    const fs::path copy = home.path() / "data" / "sufler" / "demo-kb";
    const auto review = runSufler(home, "review --kb " + quote(demo.string()) +
                                            " families --author 'Ларионова Елена Викторовна "
                                            "<larionova@minsoc.example>' -m 'Проверено'");
    INFO(review.output);
    REQUIRE(review.exitCode == 0);
    CHECK(review.output.find("работает с её рабочей копией " + copy.string()) != std::string::npos);
    // The sources are as they were.
    CHECK(git(source.path(), "rev-parse HEAD").output == head);
    CHECK(git(source.path(), "status --porcelain").output.empty());
    // The working copy has the review.
    CHECK(git(copy, "log -1 --format=%an%x7c%s").output ==
          "Ларионова Елена Викторовна|Проверено\n");

    // And the report on that path reads the working copy's history.
    const auto json =
        runSufler(home, "stale --no-journal --format json --kb " + quote(demo.string()), false);
    REQUIRE(json.exitCode == 0);
    const auto report = nlohmann::json::parse(json.output);
    bool found = false;
    for (const auto& section : report["sections"]) {
        if (section["department"] == "families") {
            found = true;
            CHECK(section["last_review"] == formatIsoDate(todayLocal()));
        }
        if (section["department"] == "zhku") {
            CHECK(section["non_department_change"]["by_admin"] == true);
        }
    }
    CHECK(found);

    // Commands that only read files read the shipped demo as it is.
    const auto lint = runSufler(home, "lint --kb " + quote(demo.string()));
    CHECK(lint.exitCode == 0);
    CHECK(lint.output.find("рабочей копией") == std::string::npos);
}

TEST_CASE("demo: the working copy stays, and is made again for a new version of the demo") {
    TempDir data;
    DataHome env(data.path());
    const fs::path root = data.path() / "sufler" / "demo-kb";

    auto first = kb::demo::prepareWorkingCopy(d("2026-12-07"));
    CHECK(first.made);
    CHECK(first.root == root);
    CHECK(first.notice.find("развёрнута в " + root.string()) != std::string::npos);
    auto same = kb::demo::prepareWorkingCopy(d("2026-12-07"));
    CHECK_FALSE(same.made);
    CHECK(same.notice.empty());

    // Days pass: it stays as it is, commit ids and all (a trainee's «studied» mark names one).
    const std::string before = git(root, "rev-parse HEAD").output;
    auto nextWeek = kb::demo::prepareWorkingCopy(d("2026-12-14"));
    CHECK_FALSE(nextWeek.made);
    CHECK(git(root, "rev-parse HEAD").output == before);

    // Someone worked in it: it stays as it is.
    kb::ReviewOptions options;
    options.author = "Корнилова Наталья Сергеевна <kornilova@minsoc.example>";
    const auto review = kb::recordReview(root, "elderly", options);
    auto later = kb::demo::prepareWorkingCopy(d("2026-12-20"));
    CHECK_FALSE(later.made);
    CHECK(git(root, "rev-parse HEAD").output == review.commitId + "\n");

    // A new version of the demo in the program: made again, the copy with work in it kept
    // beside it; one without is replaced.
    {
        std::ofstream stamp(root / ".git" / "sufler-demo", std::ios::trunc);
        stamp << "fingerprint 0\nday 2026-12-20\nhead 0\n";
    }
    auto upgraded = kb::demo::prepareWorkingCopy(d("2026-12-20"));
    CHECK(upgraded.made);
    CHECK(upgraded.notice.find("прежняя копия с вашими изменениями — " +
                               (data.path() / "sufler" / "demo-kb.prev").string()) !=
          std::string::npos);
    CHECK(git(data.path() / "sufler" / "demo-kb.prev", "rev-parse HEAD").output ==
          review.commitId + "\n");
    CHECK(git(root, "rev-parse HEAD").output != review.commitId + "\n");
    const std::string fresh = git(root, "rev-parse HEAD").output;
    {
        std::ofstream stamp(root / ".git" / "sufler-demo", std::ios::trunc);
        stamp << "fingerprint 0\nday 2026-12-20\nhead " << fresh;
    }
    auto again = kb::demo::prepareWorkingCopy(d("2026-12-21"));
    CHECK(again.made);
    CHECK(again.notice.find("прежняя копия") == std::string::npos);
    CHECK(git(data.path() / "sufler" / "demo-kb.prev", "rev-parse HEAD").output ==
          review.commitId + "\n");
    CHECK_FALSE(fs::exists(data.path() / "sufler" / fmt::format("demo-kb.old-{}", getpid())));

    // A folder of that name that is not the copy is not touched.
    fs::remove_all(root);
    fs::create_directories(root);
    data.write("sufler/demo-kb/моё.txt", "не трогать\n");
    CHECK_THROWS_WITH(kb::demo::prepareWorkingCopy(d("2026-12-20")),
                      Catch::Contains("не рабочая копия демонстрационной базы"));
    CHECK(readFile(root / "моё.txt") == "не трогать\n");
}

TEST_CASE("demo: the shipped demo is recognised by its place") {
    CHECK(kb::demo::isShipped(demoKb()));
    CHECK(kb::demo::isShipped(demoKb() / "departments" / ".."));
    TempDir copy;
    fs::copy(demoKb(), copy.path() / "kb", fs::copy_options::recursive);
    CHECK_FALSE(kb::demo::isShipped(copy.path() / "kb"));
    {
        DataHome env("/srv/data");
        CHECK(kb::demo::workingCopyPath() == fs::path("/srv/data/sufler/demo-kb"));
    }
    DataHome relative("relative/path"); // not absolute: ignored, as the XDG spec says
    CHECK(kb::demo::workingCopyPath() ==
          fs::path(std::getenv("HOME")) / ".local" / "share" / "sufler" / "demo-kb");
}
