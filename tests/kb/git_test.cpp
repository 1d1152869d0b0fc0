// Git history on real repositories made with libgit2, with controlled dates and time zones.
#include "kb_fixture.h"

#include "sufler/kb/git.h"

#include <catch2/catch.hpp>

#include <chrono>

using namespace sufler;
using sufler::kb::git::Person;
using sufler::kb::git::Repository;
using sufler::test::TempDir;

namespace {

// Seconds since the epoch of a local wall-clock time in a zone `offsetMinutes` east of UTC.
std::int64_t at(int y, unsigned m, unsigned d, int hh, int mm, int offsetMinutes) {
    using namespace std::chrono;
    const sys_days date{year{y} / month{m} / std::chrono::day{d}};
    return date.time_since_epoch() / seconds{1} + hh * 3600 + mm * 60 - offsetMinutes * 60;
}

Person person(std::string name, std::int64_t time, int offsetMinutes) {
    return Person{name, name + "@minsoc.example", time, offsetMinutes};
}

std::string commitAt(Repository& repo, const std::vector<std::string>& paths,
                     const std::string& message, std::int64_t time, int offsetMinutes,
                     const std::string& who = "ivanova") {
    const Person p = person(who, time, offsetMinutes);
    return repo.commit(paths, message, p, p);
}

std::string iso(const Date& date) { return formatIsoDate(date); }

} // namespace

TEST_CASE("git: the commit's own local date, not UTC", "[kb][git]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/zhku/index.md", "---\ntitle: ЖКУ\n---\n");
    auto repo = Repository::init(dir.path());
    // 00:30 Moscow time on 2 March is still 1 March in UTC.
    const auto families = commitAt(repo, {"sufler.yaml", "departments/families/index.md"},
                                   "Первая редакция", at(2026, 3, 2, 0, 30, 180), 180);
    // 23:30 at UTC−5 on 1 March is already 2 March in UTC.
    const auto zhku = commitAt(repo, {"departments/zhku/index.md"}, "ЖКУ: раздел",
                               at(2026, 3, 1, 23, 30, -300), -300, "petrov");

    auto kb = kb::load(dir.path());
    REQUIRE(kb.inGit);
    CHECK(kb.gitError.empty());
    REQUIRE(kb.lastCommit.count("families") == 1);
    const auto& f = kb.lastCommit.at("families");
    CHECK(f.id == families);
    CHECK(iso(f.date) == "2026-03-02");
    CHECK(f.offsetMinutes == 180);
    CHECK(f.time == at(2026, 3, 2, 0, 30, 180));
    CHECK(f.authorName == "ivanova");
    CHECK(f.authorEmail == "ivanova@minsoc.example");
    CHECK(f.summary == "Первая редакция");
    const auto& z = kb.lastCommit.at("zhku");
    CHECK(z.id == zhku);
    CHECK(iso(z.date) == "2026-03-01");
    CHECK(z.offsetMinutes == -300);
    CHECK(z.authorEmail == "petrov@minsoc.example");
}

TEST_CASE("git: each department gets the last commit that touched its folder", "[kb][git]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/zhku/index.md", "---\ntitle: ЖКУ\n---\n");
    dir.write("departments/elderly/index.md", "---\ntitle: Пожилые\n---\n");
    auto repo = Repository::init(dir.path());
    const auto first = commitAt(repo,
                                {"sufler.yaml", "departments/families/index.md",
                                 "departments/zhku/index.md", "departments/elderly/index.md"},
                                "Все разделы", at(2026, 1, 15, 10, 0, 180), 180);
    dir.write("departments/zhku/faq.md", "## Вопрос\n\nОтвет.\n");
    const auto second = commitAt(repo, {"departments/zhku/faq.md"}, "ЖКУ: вопрос",
                                 at(2026, 4, 10, 12, 0, 180), 180);
    // Deleting a file is a change of the section too.
    std::filesystem::remove(dir.path() / "departments/elderly/index.md");
    dir.write("departments/elderly/index.md", "---\ntitle: Пожилые граждане\n---\n");
    const auto third = commitAt(repo, {"departments/elderly/index.md"}, "Пожилые: название",
                                at(2026, 5, 1, 9, 0, 180), 180);
    // Changes outside departments/ touch no section.
    dir.write("sufler.yaml", "organization: Другое название\n");
    dir.write("changes.yaml", "- date: 2026-06-01\n  departments: [zhku]\n  what: x\n");
    commitAt(repo, {"sufler.yaml", "changes.yaml"}, "Профиль", at(2026, 6, 1, 9, 0, 180), 180);
    // A department never committed has no date.
    dir.write("departments/new/index.md", "---\ntitle: Новый\n---\n");

    auto kb = kb::load(dir.path());
    REQUIRE(kb.inGit);
    CHECK(kb.lastCommit.at("families").id == first);
    CHECK(iso(kb.lastCommit.at("families").date) == "2026-01-15");
    CHECK(kb.lastCommit.at("zhku").id == second);
    CHECK(kb.lastCommit.at("elderly").id == third);
    CHECK(kb.lastCommit.count("new") == 0);

    // The same through the public one-walk function, slugs given explicitly.
    auto found =
        kb::git::lastCommitsPerDepartment(repo, "departments", {"families", "zhku", "nothing"});
    CHECK(found.size() == 2);
    CHECK(found.at("zhku").summary == "ЖКУ: вопрос");
}

TEST_CASE("git: a KB in a folder of a larger repository", "[kb][git]") {
    TempDir repoDir;
    repoDir.write("README.md", "репозиторий\n");
    repoDir.write("kb/sufler.yaml", test::kProfile);
    repoDir.write("kb/departments/families/index.md", test::kFamiliesIndex);
    repoDir.write("departments/families/index.md", "---\ntitle: Не та папка\n---\n");
    auto repo = Repository::init(repoDir.path());
    const auto c1 = commitAt(repo,
                             {"README.md", "kb/sufler.yaml", "kb/departments/families/index.md",
                              "departments/families/index.md"},
                             "Начало", at(2026, 2, 1, 12, 0, 0), 0);
    // A change to a same-named folder outside the KB does not count.
    repoDir.write("departments/families/index.md", "---\ntitle: Всё ещё не та\n---\n");
    commitAt(repo, {"departments/families/index.md"}, "Чужое", at(2026, 3, 1, 12, 0, 0), 0);
    auto kb = kb::load(repoDir.path() / "kb");
    REQUIRE(kb.inGit);
    CHECK(kb.lastCommit.at("families").id == c1);
}

TEST_CASE("git: a KB outside git loads without dates", "[kb][git]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    auto kb = kb::load(dir.path());
    CHECK_FALSE(kb.inGit);
    CHECK(kb.lastCommit.empty());
    CHECK(kb.gitError.empty());

    // And a repository without commits yet: in git, but no dates.
    auto repo = Repository::init(dir.path());
    auto unborn = kb::load(dir.path());
    CHECK(unborn.inGit);
    CHECK(unborn.lastCommit.empty());
    CHECK_FALSE(repo.headId().has_value());

    // withGit = false skips the history.
    commitAt(repo, {"departments/families/index.md"}, "x", at(2026, 1, 1, 12, 0, 0), 0);
    kb::LoadOptions options;
    options.withGit = false;
    auto plain = kb::load(dir.path(), options);
    CHECK_FALSE(plain.inGit);
    CHECK(plain.lastCommit.empty());
}

TEST_CASE("git: a merge counts on the day it lands on the branch", "[kb][git]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    dir.write("departments/zhku/index.md", "---\ntitle: ЖКУ\n---\n");
    auto repo = Repository::init(dir.path());
    const auto base = commitAt(repo, {"sufler.yaml", "departments/families/index.md",
                                      "departments/zhku/index.md"},
                               "База", at(2026, 1, 10, 12, 0, 180), 180);
    dir.write("departments/zhku/faq.md", "## В\n\nО.\n");
    const auto side = commitAt(repo, {"departments/zhku/faq.md"}, "Ветка",
                               at(2026, 1, 20, 12, 0, 180), 180);
    // Build a merge whose first parent is `base` and second `side`, with side's tree.
    git_oid baseId = kb::git::fromHex(base);
    git_oid sideId = kb::git::fromHex(side);
    auto baseCommit = repo.lookupCommit(baseId);
    auto sideCommit = repo.lookupCommit(sideId);
    kb::git::Tree tree;
    kb::git::check(git_commit_tree(tree.out(), sideCommit.get()), "tree");
    const git_commit* parents[] = {baseCommit.get(), sideCommit.get()};
    auto sig = kb::git::makeSignature(person("merger", at(2026, 2, 5, 12, 0, 180), 180));
    git_oid mergeId;
    kb::git::check(git_commit_create(&mergeId, repo.get(), nullptr, sig.get(), sig.get(), "UTF-8",
                                     "Слияние", tree.get(), 2, parents),
                   "merge");
    kb::git::check(git_repository_set_head_detached(repo.get(), &mergeId), "head");
    auto kb = kb::load(dir.path());
    CHECK(kb.lastCommit.at("zhku").id == kb::git::toHex(mergeId));
    CHECK(iso(kb.lastCommit.at("zhku").date) == "2026-02-05");
    CHECK(kb.lastCommit.at("families").id == base);
}

TEST_CASE("git: changed paths and the commits a push brings", "[kb][git]") {
    TempDir dir;
    test::writeMinimalKb(dir);
    auto repo = Repository::init(dir.path());
    const auto c1 = commitAt(repo, {"sufler.yaml", "departments/families/index.md"}, "1",
                             at(2026, 1, 1, 12, 0, 0), 0);
    dir.write("departments/families/faq.md", "## В\n\nО.\n");
    std::filesystem::remove(dir.path() / "sufler.yaml");
    const auto c2 = commitAt(repo, {"departments/families/faq.md", "sufler.yaml"}, "2",
                             at(2026, 1, 2, 12, 0, 0), 0);
    auto commit2 = repo.lookupCommit(kb::git::fromHex(c2));
    auto paths = kb::git::changedPaths(repo, commit2.get());
    std::sort(paths.begin(), paths.end());
    CHECK(paths == std::vector<std::string>{"departments/families/faq.md", "sufler.yaml"});
    auto commit1 = repo.lookupCommit(kb::git::fromHex(c1));
    CHECK(kb::git::changedPaths(repo, commit1.get()).size() == 2);

    const auto all = kb::git::commitsBetween(repo, std::nullopt, kb::git::fromHex(c2));
    REQUIRE(all.size() == 2);
    CHECK(kb::git::toHex(all[0]) == c2);
    const auto pushed = kb::git::commitsBetween(repo, kb::git::fromHex(c1), kb::git::fromHex(c2));
    REQUIRE(pushed.size() == 1);
    CHECK(kb::git::toHex(pushed[0]) == c2);
    CHECK_THROWS_AS(kb::git::fromHex("xyz"), sufler::Error);
}

TEST_CASE("git: local dates around midnight and before 1970", "[kb][git]") {
    CHECK(iso(kb::git::localDate(at(2026, 12, 31, 23, 59, 180), 180)) == "2026-12-31");
    CHECK(iso(kb::git::localDate(at(2027, 1, 1, 0, 0, 180), 180)) == "2027-01-01");
    CHECK(iso(kb::git::localDate(-1, 0)) == "1969-12-31");
    CHECK(iso(kb::git::localDate(0, -60)) == "1969-12-31");
}
