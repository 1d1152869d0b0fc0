// Only the department's own acts actualise its section: real repositories made in temp folders,
// read by the loader as `sufler stale` reads them.
#include "fixture.h"
#include "sufler/kb/actualisation.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/staleness.h"

#include <catch2/catch.hpp>

using namespace sufler;
using namespace sufler::test;

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

kb::StaleReport reportOn(const StaleKb& kb, const char* today) {
    const auto base = kb::load(kb.root());
    REQUIRE(base.actsRead);
    return kb::staleReport(base, d(today));
}

// The default journal of whoever runs the tests must not leak into the report.
CommandResult runSufler(const TempDir& home, const std::string& arguments) {
    return runCommand("(HOME=" + quote(home.path().string()) +
                          " XDG_CONFIG_HOME=" + quote(home.path().string()) +
                          " XDG_DATA_HOME=" + quote((home.path() / "data").string()) + " " +
                          quote(binary("sufler").string()) + " " + arguments + ")",
                      true);
}

CommandResult git(const std::filesystem::path& dir, const std::string& arguments) {
    return runCommand("(git -C " + quote(dir.string()) + " " + arguments + ")", true);
}

constexpr const char* kFamiliesIndex = "departments/families/index.md";
constexpr const char* kFamiliesFaq = "departments/families/faq.md";

std::string familiesIndex(const std::string& editors, const std::string& extra = {}) {
    return "---\n"
           "title: Отдел социальных выплат семьям с детьми\n"
           "head: Иванова Мария Петровна\n"
           "editors: [" +
           editors + "]\n" + extra +
           "---\n\n"
           "Отдел назначает региональные пособия семьям с детьми.\n";
}

// A new question in families' faq.md: some change of the section.
void editFaq(const StaleKb& kb, const std::string& question) {
    const std::string before = readFile(kb.root() / kFamiliesFaq);
    kb.dir.write(kFamiliesFaq, before + "\n## " + question + "\n\nОтвет.\n");
}

} // namespace

TEST_CASE("actualisation: an admin's bulk commit leaves an overdue section overdue, named") {
    StaleKb kb;
    kb.writeStandard();
    // The admin's reformat touches families (overdue: the change of 10.11.2026 is unmet) and
    // zhku.
    kb.dir.write(kFamiliesFaq, "## Как оформить единое пособие?\n\n"
                               "Заявление подают через портал Госуслуг или в МФЦ.\n");
    kb.dir.write("departments/zhku/npa.md",
                 "## Законы\n\n"
                 "- Жилищный кодекс Российской Федерации.\n"
                 "- Федеральный закон от 24.11.1995 № 181-ФЗ «О социальной "
                 "защите инвалидов в Российской Федерации» (изм. 2026-11-20)\n");
    const std::string bulk =
        kb.commitBy({kFamiliesFaq, "departments/zhku/npa.md"}, "Единое оформление разделов",
                    utcSeconds("2026-11-21"), "Служба ИТ", "IT@minsoc.example");

    const auto report = reportOn(kb, "2026-11-25");
    const auto families = sectionOf(report, "families");
    CHECK(families.status == kb::StaleStatus::Overdue);
    CHECK(families.lastReview == d("2026-08-10"));
    REQUIRE(families.commit);
    CHECK(families.commit->authorEmail == "ivanova@minsoc.example");
    REQUIRE(families.foreignChange);
    CHECK(families.foreignChange->byAdmin); // admins compare without regard to case
    CHECK(families.foreignChange->count == 1);
    CHECK(families.foreignChange->commit.id == bulk);
    CHECK(families.foreignChangeRu() ==
          "изменён администратором 21.11.2026: Служба ИТ <IT@minsoc.example>, коммит " +
              bulk.substr(0, 7) +
              " «Единое оформление разделов» — не актуализация, дата не сдвинута");
    // The plain git fact stays what it is: the last commit that touched the folder.
    CHECK(kb::load(kb.root()).lastCommit.at("families").id == bulk);

    const auto zhku = sectionOf(report, "zhku");
    CHECK(zhku.lastReview == d("2026-10-21"));
    REQUIRE(zhku.foreignChange);
    CHECK(zhku.foreignChange->commit.id == bulk);

    // Every format says it.
    TempDir home;
    const std::string args =
        "stale --no-journal --kb " + quote(kb.root().string()) + " --today 2026-11-25";
    const auto text = runSufler(home, args);
    INFO(text.output);
    REQUIRE(text.exitCode == 0);
    CHECK(text.output.find(
              "    ~ изменён администратором 21.11.2026: Служба ИТ <IT@minsoc.example>") !=
          std::string::npos);
    CHECK(text.output.find("10.08.2026 (коммит") != std::string::npos);
    const auto md = runSufler(home, args + " --format md");
    CHECK(md.output.find("- изменён администратором 21.11.2026") != std::string::npos);
}

TEST_CASE("actualisation: the head's and the editors' commits count, as index.md lists them then") {
    StaleKb kb;
    kb.writeStandard();
    // The admin adds an editor on 1 September.
    kb.dir.write(kFamiliesIndex,
                 familiesIndex("ivanova@minsoc.example, Kuznetsova@Minsoc.example"));
    kb.commitAt({kFamiliesIndex}, "Новый редактор раздела семей", utcSeconds("2026-09-01"));

    SECTION("an editor's commit") {
        editFaq(kb, "Как получить выплату на третьего ребёнка?");
        const std::string act =
            kb.commitBy({kFamiliesFaq}, "Выплата на третьего ребёнка", utcSeconds("2026-11-20"),
                        "Кузнецова Ольга", "kuznetsova@minsoc.example");
        editFaq(kb, "Где взять справку?");
        kb.commitAt({kFamiliesFaq}, "Оформление", utcSeconds("2026-11-23"));

        const auto families = sectionOf(reportOn(kb, "2026-11-25"), "families");
        CHECK(families.lastReview == d("2026-11-20"));
        REQUIRE(families.commit);
        CHECK(families.commit->id == act);
        CHECK(families.status == kb::StaleStatus::Ok); // the change of 10.11.2026 is met
        REQUIRE(families.foreignChange);
        CHECK(families.foreignChange->commit.date == d("2026-11-23"));
    }
    SECTION("the head's commit, by name, from an address not in editors") {
        editFaq(kb, "Как получить выплату на третьего ребёнка?");
        const std::string act =
            kb.commitBy({kFamiliesFaq}, "Выплата на третьего ребёнка", utcSeconds("2026-11-20"),
                        "мария иванова", "maria@home.example");
        editFaq(kb, "Где взять справку?");
        kb.commitAt({kFamiliesFaq}, "Оформление", utcSeconds("2026-11-23"));

        const auto families = sectionOf(reportOn(kb, "2026-11-25"), "families");
        CHECK(families.lastReview == d("2026-11-20"));
        REQUIRE(families.commit);
        CHECK(families.commit->id == act);
        CHECK(families.status == kb::StaleStatus::Ok);
    }
    SECTION("one name alone is not the head") {
        editFaq(kb, "Как получить выплату на третьего ребёнка?");
        kb.commitBy({kFamiliesFaq}, "Выплата", utcSeconds("2026-11-20"), "Мария",
                    "maria@home.example");
        const auto families = sectionOf(reportOn(kb, "2026-11-25"), "families");
        CHECK(families.lastReview == d("2026-08-10"));
        CHECK(families.status == kb::StaleStatus::Overdue);
    }
    SECTION("an editor removed before the commit does not count") {
        kb.dir.write(kFamiliesIndex, familiesIndex("ivanova@minsoc.example"));
        kb.commitAt({kFamiliesIndex}, "Кузнецова больше не редактор", utcSeconds("2026-10-01"));
        editFaq(kb, "Как получить выплату на третьего ребёнка?");
        const std::string late =
            kb.commitBy({kFamiliesFaq}, "Выплата на третьего ребёнка", utcSeconds("2026-11-20"),
                        "Кузнецова Ольга", "kuznetsova@minsoc.example");

        const auto families = sectionOf(reportOn(kb, "2026-11-25"), "families");
        CHECK(families.lastReview == d("2026-08-10"));
        CHECK(families.status == kb::StaleStatus::Overdue);
        REQUIRE(families.foreignChange);
        CHECK(families.foreignChange->commit.id == late);
        CHECK_FALSE(families.foreignChange->byAdmin);
        CHECK(families.foreignChange->count == 3); // the two admin commits and hers
        CHECK(families.foreignChangeRu().rfind(
                  "изменён не сотрудником отдела 20.11.2026: Кузнецова Ольга", 0) == 0);
    }
    SECTION("an editor's commit that takes her off the list does not count") {
        kb.dir.write(kFamiliesIndex, familiesIndex("ivanova@minsoc.example"));
        editFaq(kb, "Как получить выплату на третьего ребёнка?");
        kb.commitBy({kFamiliesIndex, kFamiliesFaq}, "Ухожу из редакторов", utcSeconds("2026-11-20"),
                    "Кузнецова Ольга", "kuznetsova@minsoc.example");
        const auto families = sectionOf(reportOn(kb, "2026-11-25"), "families");
        CHECK(families.lastReview == d("2026-08-10"));
        CHECK(families.status == kb::StaleStatus::Overdue);
    }
}

TEST_CASE("actualisation: a review mark counts only when the department's act wrote it") {
    StaleKb kb;
    kb.writeStandard();
    // The admin sets the mark by hand.
    kb.dir.write(kFamiliesIndex, familiesIndex("ivanova@minsoc.example", "reviewed: 2026-11-22\n"));
    kb.commitAt({kFamiliesIndex}, "Отметка о проверке", utcSeconds("2026-11-22"));
    auto families = sectionOf(reportOn(kb, "2026-11-25"), "families");
    CHECK(families.lastReview == d("2026-08-10"));
    CHECK(families.origin == kb::ReviewOrigin::Commit);
    CHECK(families.status == kb::StaleStatus::Overdue);

    // The mark that came with a section brought in by the admin counts: a review made before
    // the history began (guardianship of the fixture).
    const auto guardianship = sectionOf(reportOn(kb, "2026-11-25"), "guardianship");
    CHECK(guardianship.lastReview == d("2026-11-20"));
    CHECK(guardianship.origin == kb::ReviewOrigin::Reviewed);

    // A mark written by the head's commit counts (here dated a day after the commit), and an
    // admin's reformat after it keeps it.
    kb.dir.write(kFamiliesIndex, familiesIndex("ivanova@minsoc.example", "reviewed: 2026-11-24\n"));
    kb.commitBy({kFamiliesIndex}, "Проверено", utcSeconds("2026-11-23"), "Иванова Мария Петровна",
                "ivanova@minsoc.example");
    kb.dir.write(kFamiliesIndex,
                 familiesIndex("'ivanova@minsoc.example'", "reviewed: 2026-11-24\n"));
    kb.commitAt({kFamiliesIndex}, "Оформление", utcSeconds("2026-11-24"));
    families = sectionOf(reportOn(kb, "2026-11-25"), "families");
    CHECK(families.lastReview == d("2026-11-24"));
    CHECK(families.origin == kb::ReviewOrigin::Reviewed);
    CHECK(families.status == kb::StaleStatus::Ok);
}

TEST_CASE("actualisation: a review trailer counts from an admin only") {
    StaleKb kb;
    kb.writeStandard();
    // petrov edits zhku, not families, and is no admin: his trailer is a forgery.
    editFaq(kb, "Как получить выплату на третьего ребёнка?");
    const std::string forged =
        kb.commitAt({kFamiliesFaq}, "Правка\n\nSufler-Review-As-Department: families\n",
                    utcSeconds("2026-11-20"), "petrov@minsoc.example");
    auto families = sectionOf(reportOn(kb, "2026-11-25"), "families");
    CHECK(families.lastReview == d("2026-08-10"));
    CHECK(families.status == kb::StaleStatus::Overdue);
    REQUIRE(families.foreignChange);
    CHECK(families.foreignChange->commit.id == forged);

    // The admin's, even on a commit that changes nothing, is the department's review.
    const std::string review =
        kb.commitAt({}, "Актуализация раздела families\n\nSufler-Review-As-Department: families\n",
                    utcSeconds("2026-11-22"));
    families = sectionOf(reportOn(kb, "2026-11-25"), "families");
    CHECK(families.lastReview == d("2026-11-22"));
    REQUIRE(families.commit);
    CHECK(families.commit->id == review);
    CHECK(families.asDepartment);
    CHECK(families.reviewSourceRu() ==
          "коммит " + review.substr(0, 7) + ", администратор от имени отдела");
    CHECK(families.status == kb::StaleStatus::Ok);
}

TEST_CASE("actualisation: sufler review --as-department, for admins only") {
    StaleKb kb;
    kb.writeStandard();
    TempDir home;
    const std::string review = "review --kb " + quote(kb.root().string()) + " families";
    REQUIRE(git(kb.root(), "config user.name 'Служба ИТ'").exitCode == 0);
    REQUIRE(git(kb.root(), "config user.email it@minsoc.example").exitCode == 0);
    const std::string before = git(kb.root(), "rev-parse HEAD").output;

    // An admin without the flag: refused, nothing written.
    auto plain = runSufler(home, review + " -m 'Проверено'");
    INFO(plain.output);
    CHECK(plain.exitCode != 0);
    CHECK(plain.output.find("администратор, но не руководитель и не редактор раздела families") !=
          std::string::npos);
    CHECK(plain.output.find("--as-department") != std::string::npos);
    CHECK(git(kb.root(), "rev-parse HEAD").output == before);
    CHECK(git(kb.root(), "status --porcelain").output == "?? departments/new-dept/\n");

    // Someone else, with or without it: refused.
    auto stranger =
        runSufler(home, review + " --as-department --author 'Петров Пётр <petrov@minsoc.example>'");
    CHECK(stranger.exitCode != 0);
    CHECK(stranger.output.find("не администратор") != std::string::npos);
    auto strangerPlain =
        runSufler(home, review + " --author 'Петров Пётр <petrov@minsoc.example>'");
    CHECK(strangerPlain.exitCode != 0);
    CHECK(strangerPlain.output.find(
              "не руководитель (head) и не редактор (editors) раздела families") !=
          std::string::npos);
    CHECK(git(kb.root(), "rev-parse HEAD").output == before);

    // The admin with the flag: recorded as the department's act.
    auto asDepartment =
        runSufler(home, review + " --as-department -m 'Проверено по поручению отдела'");
    INFO(asDepartment.output);
    REQUIRE(asDepartment.exitCode == 0);
    CHECK(asDepartment.output.find("Актуализация раздела families записана от имени отдела") !=
          std::string::npos);
    CHECK(git(kb.root(), "log -1 --format=%B").output ==
          "Проверено по поручению отдела\n\nSufler-Review-As-Department: families\n\n");
    const auto base = kb::load(kb.root());
    const auto families = sectionOf(kb::staleReport(base, todayLocal()), "families");
    CHECK(families.lastReview == todayLocal());
    CHECK(families.asDepartment);
    CHECK(families.status == kb::StaleStatus::Ok);

    // The department's own review carries its trailer too.
    auto own = runSufler(home, "review --kb " + quote(kb.root().string()) +
                                   " zhku --author 'Петров Пётр Петрович <petrov@minsoc.example>'");
    INFO(own.output);
    REQUIRE(own.exitCode == 0);
    CHECK(git(kb.root(), "log -1 '--format=%(trailers:key=Sufler-Review,valueonly)'").output ==
          "zhku\n\n");
}

TEST_CASE("actualisation: a merge lands what it brings, judged by who made it") {
    StaleKb kb;
    kb.writeStandard();
    const git_oid base = kb::git::fromHex(git(kb.root(), "rev-parse HEAD").output.substr(0, 40));
    auto side = [&](const std::string& name, const std::string& email) {
        editFaq(kb, "Вопрос с ветки");
        const std::string id =
            kb.commitBy({kFamiliesFaq}, "Правка на ветке", utcSeconds("2026-11-18"), name, email);
        // Back on the branch: the merge's first parent is `base`, its second the side commit.
        auto baseCommit = kb.repo.lookupCommit(base);
        auto sideCommit = kb.repo.lookupCommit(kb::git::fromHex(id));
        kb::git::Tree tree;
        kb::git::check(git_commit_tree(tree.out(), sideCommit.get()), "tree");
        const git_commit* parents[] = {baseCommit.get(), sideCommit.get()};
        auto sig = kb::git::makeSignature(
            {"Служба ИТ", "it@minsoc.example", utcSeconds("2026-11-20"), 180});
        git_oid merge;
        kb::git::check(git_commit_create(&merge, kb.repo.get(), nullptr, sig.get(), sig.get(),
                                         "UTF-8", "Слияние", tree.get(), 2, parents),
                       "merge");
        kb::git::check(git_repository_set_head_detached(kb.repo.get(), &merge), "head");
        return kb::git::toHex(merge);
    };
    SECTION("the department's work merged by the admin counts on the day it landed") {
        const std::string merge = side("Иванова Мария", "ivanova@minsoc.example");
        const auto families = sectionOf(reportOn(kb, "2026-11-25"), "families");
        CHECK(families.lastReview == d("2026-11-20"));
        REQUIRE(families.commit);
        CHECK(families.commit->id == merge);
        CHECK_FALSE(families.asDepartment);
    }
    SECTION("someone else's work merged by the admin does not") {
        side("Петров Пётр", "petrov@minsoc.example");
        const auto families = sectionOf(reportOn(kb, "2026-11-25"), "families");
        CHECK(families.lastReview == d("2026-08-10"));
        CHECK(families.status == kb::StaleStatus::Overdue);
    }
}

TEST_CASE("actualisation: who an item of editors, admins or head names") {
    CHECK(kb::namesAuthor("ivanova@minsoc.example", "Кто угодно", "Ivanova@Minsoc.Example"));
    CHECK(kb::namesAuthor("Иванова Мария <ivanova@minsoc.example>", "", "ivanova@minsoc.example"));
    CHECK_FALSE(kb::namesAuthor("ivanova@minsoc.example", "ivanova@minsoc.example",
                                "other@minsoc.example"));
    // A login (GitLab) is the author's name.
    CHECK(kb::namesAuthor("ivanova", "Ivanova", "m@x.example"));
    CHECK_FALSE(kb::namesAuthor("ivanova", "Иванова Мария", "ivanova@minsoc.example"));
    CHECK_FALSE(kb::namesAuthor("", "", ""));

    CHECK(kb::headIsAuthor("Иванова Мария Петровна", "Иванова Мария Петровна", "x@y.example"));
    CHECK(kb::headIsAuthor("Иванова Мария Петровна", "Мария Иванова", "x@y.example"));
    CHECK(kb::headIsAuthor("Фёдорова Алёна", "ФЕДОРОВА Алена", "x@y.example"));
    CHECK_FALSE(kb::headIsAuthor("Иванова Мария Петровна", "Мария", "x@y.example"));
    CHECK_FALSE(kb::headIsAuthor("Иванова Мария Петровна", "Мария Петрова", "x@y.example"));
    CHECK(kb::headIsAuthor("Иванова М. П. <ivanova@minsoc.example>", "Кто-то",
                           "IVANOVA@minsoc.example"));
    CHECK_FALSE(kb::headIsAuthor("ivanova@minsoc.example", "Иванова Мария", "maria@home.example"));

    CHECK(kb::reviewTrailers("Проверено\n\nSufler-Review: families\n") ==
          std::map<std::string, bool>{{"families", false}});
    CHECK(kb::reviewTrailers("Проверено\n\nSufler-Review-As-Department: zhku\n") ==
          std::map<std::string, bool>{{"zhku", true}});
    CHECK(kb::reviewTrailers("Sufler-Review: families — только в тексте").empty());
}

TEST_CASE("actualisation: a KB in a folder of a larger repository reads rights from that folder") {
    TempDir dir;
    auto repo = kb::git::Repository::init(dir.path());
    dir.write("README.md", "репозиторий\n");
    dir.write("kb/sufler.yaml", "organization: Минтруд\nadmins: [it@minsoc.example]\n");
    dir.write("kb/departments/families/index.md", familiesIndex("ivanova@minsoc.example"));
    // A same-named section outside the KB, where petrov is the editor: it decides nothing.
    dir.write("departments/families/index.md", familiesIndex("petrov@minsoc.example"));
    auto commit = [&](const std::vector<std::string>& paths, const std::string& message,
                      const char* day, const std::string& name, const std::string& email) {
        kb::git::Person person{name, email, utcSeconds(day), 180};
        return repo.commit(paths, message, person, person);
    };
    commit({"README.md", "kb/sufler.yaml", "kb/departments/families/index.md",
            "departments/families/index.md"},
           "Начало", "2026-08-01", "Служба ИТ", "it@minsoc.example");
    dir.write("kb/departments/families/faq.md", "## Вопрос\n\nОтвет.\n");
    const std::string act = commit({"kb/departments/families/faq.md"}, "Вопрос", "2026-09-01",
                                   "Иванова Мария", "ivanova@minsoc.example");
    dir.write("kb/departments/families/faq.md", "## Вопрос\n\nДругой ответ.\n");
    commit({"kb/departments/families/faq.md"}, "Правка", "2026-10-01", "Петров Пётр",
           "petrov@minsoc.example");

    auto base = kb::load(dir.path() / "kb");
    REQUIRE(base.actsRead);
    auto families = sectionOf(kb::staleReport(base, d("2026-10-05")), "families");
    REQUIRE(families.commit);
    CHECK(families.commit->id == act);
    REQUIRE(families.foreignChange);
    CHECK_FALSE(families.foreignChange->byAdmin);

    // The admin of kb/sufler.yaml reviews on the department's behalf.
    const std::string review = commit({}, "Проверено\n\nSufler-Review-As-Department: families\n",
                                      "2026-10-02", "Служба ИТ", "it@minsoc.example");
    base = kb::load(dir.path() / "kb");
    families = sectionOf(kb::staleReport(base, d("2026-10-05")), "families");
    REQUIRE(families.commit);
    CHECK(families.commit->id == review);
    CHECK(families.asDepartment);
}
