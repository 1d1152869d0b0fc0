// `sufler review`: the `reviewed:` date committed alone, on real repositories made in temp folders.
#include "fixture.h"
#include "sufler/core/error.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/review.h"
#include "sufler/kb/staleness.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace sufler;
using namespace sufler::test;

namespace {

Date d(const char* text) {
    return *parseDate(text);
}

// Runs `sufler` with a home of its own, so that only the repository's config gives an identity.
CommandResult runIsolated(const TempDir& home, const std::string& arguments,
                          const std::string& environment = "") {
    return runCommand("(" + environment + " HOME=" + quote(home.path().string()) +
                          " XDG_CONFIG_HOME=" + quote(home.path().string()) +
                          " XDG_DATA_HOME=/nonexistent/sufler-test " +
                          quote(binary("sufler").string()) + " " + arguments + ")",
                      true);
}

CommandResult git(const std::filesystem::path& dir, const std::string& arguments) {
    return runCommand("(git -C " + quote(dir.string()) + " " + arguments + ")", true);
}

std::string today() {
    return formatIsoDate(todayLocal());
}

} // namespace

TEST_CASE("review: sets reviewed: and commits that one file with the identity of git config") {
    StaleKb kb;
    kb.writeStandard();
    TempDir home;
    REQUIRE(git(kb.root(), "config user.name 'Иванова Мария'").exitCode == 0);
    REQUIRE(git(kb.root(), "config user.email ivanova@minsoc.example").exitCode == 0);
    // Unrelated work in progress stays out of the review commit.
    kb.dir.write("departments/zhku/faq.md", "## Черновик\n\nЕщё не готово.\n");
    const std::string before = git(kb.root(), "rev-parse HEAD").output;

    auto result = runIsolated(home, "review --kb " + quote(kb.root().string()) +
                                        " families -m 'Проверено: изменений не требуется'");
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK(result.output.find("Актуализация раздела families записана: reviewed: " + today()) !=
          std::string::npos);

    const std::string index = readFile(kb.root() / "departments/families/index.md");
    CHECK(index.find("reviewed: " + today() + "\n---\n") != std::string::npos);
    CHECK(index.find("title: Отдел социальных выплат семьям с детьми\n") != std::string::npos);

    CHECK(git(kb.root(), "log -1 --format=%an%x7c%ae%x7c%s").output ==
          "Иванова Мария|ivanova@minsoc.example|Проверено: изменений не требуется\n");
    CHECK(git(kb.root(), "rev-parse HEAD~1").output == before);
    CHECK(git(kb.root(), "show --name-only --format= HEAD").output ==
          "departments/families/index.md\n");
    // The index matches the commit for that file; the draft and the section never committed
    // are still only in the work tree.
    CHECK(git(kb.root(), "status --porcelain").output ==
          "?? departments/new-dept/\n?? departments/zhku/faq.md\n");

    // The section now counts as reviewed today: the change of 10.11.2026 is met.
    auto base = kb::load(kb.root());
    const Date reviewDay = todayLocal();
    auto report = kb::staleReport(base, reviewDay);
    for (const auto& section : report.sections) {
        if (section.department == "families") {
            CHECK(section.lastReview == reviewDay);
            REQUIRE_FALSE(section.requirements.empty());
            CHECK(section.requirements[0].rule == kb::RequirementRule::Quarterly);
            CHECK(section.status == kb::StaleStatus::Ok);
        }
    }

    // A second review replaces the date rather than adding a second key.
    kb::ReviewOptions options;
    options.date = d("2030-01-15");
    auto again = kb::recordReview(kb.root(), "families", options);
    CHECK(again.date == d("2030-01-15"));
    const std::string twice = readFile(kb.root() / "departments/families/index.md");
    CHECK(twice.find("reviewed: 2030-01-15\n") != std::string::npos);
    CHECK(twice.find("reviewed: " + today()) == std::string::npos);
}

TEST_CASE("review: --author signs the review, the committer stays the configured one") {
    StaleKb kb;
    kb.writeStandard();
    TempDir home;
    REQUIRE(git(kb.root(), "config user.name 'Служба ИТ'").exitCode == 0);
    REQUIRE(git(kb.root(), "config user.email it@minsoc.example").exitCode == 0);
    auto result =
        runIsolated(home, "review --kb " + quote(kb.root().string()) +
                              " zhku --author 'Петров Пётр Петрович <petrov@minsoc.example>'");
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK(git(kb.root(), "log -1 --format=%an%x7c%ae%x7c%ce").output ==
          "Петров Пётр Петрович|petrov@minsoc.example|it@minsoc.example\n");
    // The default message names the section.
    CHECK(git(kb.root(), "log -1 --format=%s").output ==
          "Актуализация раздела zhku: изменений не потребовалось\n");

    auto bad =
        runIsolated(home, "review --kb " + quote(kb.root().string()) + " zhku --author petrov");
    CHECK(bad.exitCode != 0);
    CHECK(bad.output.find("«Имя <email>»") != std::string::npos);
}

TEST_CASE("review: under SUFLER_NOW the reviewed: date and the author's time are that moment") {
    StaleKb kb;
    kb.writeStandard();
    TempDir home;
    REQUIRE(git(kb.root(), "config user.name 'Служба ИТ'").exitCode == 0);
    REQUIRE(git(kb.root(), "config user.email it@minsoc.example").exitCode == 0);
    const auto result =
        runIsolated(home,
                    "review --kb " + quote(kb.root().string()) +
                        " zhku --author 'Петров Пётр Петрович <petrov@minsoc.example>'",
                    "SUFLER_NOW=2031-02-14T10:30");
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    CHECK(readFile(kb.root() / "departments/zhku/index.md").find("reviewed: 2031-02-14\n") !=
          std::string::npos);
    CHECK(git(kb.root(), "log -1 --format=%ad --date=format-local:%Y-%m-%dT%H:%M").output ==
          "2031-02-14T10:30\n");
}

TEST_CASE(
    "review: refuses clearly without a repository, an identity, a section, or with unsaved edits") {
    TempDir home;
    SECTION("no git repository") {
        TempDir plain;
        plain.write("sufler.yaml", "organization: Минтруд\n");
        plain.write("departments/families/index.md", "---\ntitle: Отдел\n---\n\nТекст.\n");
        auto result = runIsolated(home, "review --kb " + quote(plain.path().string()) +
                                            " families -m 'Проверено'");
        CHECK(result.exitCode != 0);
        CHECK(result.output.find("не в git-репозитории") != std::string::npos);
        // Nothing was written.
        CHECK(readFile(plain.path() / "departments/families/index.md").find("reviewed") ==
              std::string::npos);
    }
    SECTION("no identity") {
        StaleKb kb;
        kb.writeStandard();
        auto result = runIsolated(home, "review --kb " + quote(kb.root().string()) +
                                            " families -m 'Проверено'");
        CHECK(result.exitCode != 0);
        CHECK(result.output.find("не задан автор") != std::string::npos);
        CHECK(result.output.find("--author") != std::string::npos);
        CHECK(readFile(kb.root() / "departments/families/index.md").find("reviewed") ==
              std::string::npos);
    }
    SECTION("no such section") {
        StaleKb kb;
        kb.writeStandard();
        auto result =
            runIsolated(home, "review --kb " + quote(kb.root().string()) +
                                  " pensions --author 'Иванова <ivanova@minsoc.example>'");
        CHECK(result.exitCode != 0);
        CHECK(result.output.find("нет раздела «pensions»") != std::string::npos);
    }
    SECTION("uncommitted changes in index.md") {
        StaleKb kb;
        kb.writeStandard();
        kb.dir.write("departments/families/index.md",
                     "---\ntitle: Отдел выплат\n---\n\nНовый текст.\n");
        auto result =
            runIsolated(home, "review --kb " + quote(kb.root().string()) +
                                  " families --author 'Иванова <ivanova@minsoc.example>'");
        CHECK(result.exitCode != 0);
        CHECK(result.output.find("незакоммиченные изменения") != std::string::npos);
        CHECK(readFile(kb.root() / "departments/families/index.md").find("Новый текст") !=
              std::string::npos);
    }
}

TEST_CASE("review: the front matter edit keeps everything else byte for byte") {
    const Date day = d("2026-11-24");
    CHECK(kb::setReviewedDate("---\ntitle: A\nreviewed: 2026-01-10\nhead: B\n---\nТекст\n", day,
                              "x.md") ==
          "---\ntitle: A\nreviewed: 2026-11-24\nhead: B\n---\nТекст\n");
    CHECK(kb::setReviewedDate("---\ntitle: A\n---\n\n## reviewed: нет\n", day, "x.md") ==
          "---\ntitle: A\nreviewed: 2026-11-24\n---\n\n## reviewed: нет\n");
    CHECK(kb::setReviewedDate("---\r\ntitle: A\r\n---\r\nТекст\r\n", day, "x.md") ==
          "---\r\ntitle: A\r\nreviewed: 2026-11-24\r\n---\r\nТекст\r\n");
    // An indented key belongs to another mapping and is left alone.
    CHECK(kb::setReviewedDate("---\nmeta:\n  reviewed: 1\n---\n", day, "x.md") ==
          "---\nmeta:\n  reviewed: 1\nreviewed: 2026-11-24\n---\n");
    CHECK_THROWS_WITH(
        kb::setReviewedDate("Текст без front matter\n", day, "departments/a/index.md"),
        Catch::Contains("departments/a/index.md:1"));
    CHECK_THROWS_WITH(kb::setReviewedDate("---\ntitle: A\n", day, "departments/a/index.md"),
                      Catch::Contains("не закрыт"));
    CHECK(kb::parseIdentity("Иванова Мария <ivanova@minsoc.example>") ==
          std::make_pair(std::string("Иванова Мария"), std::string("ivanova@minsoc.example")));
    CHECK_FALSE(kb::parseIdentity("ivanova@minsoc.example").has_value());
}
