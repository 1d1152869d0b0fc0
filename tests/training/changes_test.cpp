// «Что изменилось» on a temporary git repository with known commits (libgit2), through the
// library and through the real `sufler training changes`.
#include "sufler/kb/git.h"
#include "sufler/training/changes.h"
#include "sufler/training/store.h"

#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace sufler;
using namespace sufler::training;
using sufler::kb::git::Person;
using sufler::kb::git::Repository;
using sufler::test::TempDir;

namespace {

const char* kProfile = "organization: Министерство\nshort_name: Минтруд\nhotline: \"8-800\"\n";

const char* kZhkuV1 = R"(# Вопросы ЖКУ

## Кто имеет право на субсидию?

> Также спрашивают: субсидия на коммуналку

Доля расходов на ЖКУ — 22 процента дохода семьи.

Обязательно отсутствие задолженности.

## На какой срок назначается субсидия?

Субсидия назначается на шесть месяцев.
)";

// Q1's share changed, a new question appended; the second one untouched.
const char* kZhkuV2 = R"(# Вопросы ЖКУ

## Кто имеет право на субсидию?

> Также спрашивают: субсидия на коммуналку

Доля расходов на ЖКУ — 20 процентов дохода семьи.

Обязательно отсутствие задолженности.

## На какой срок назначается субсидия?

Субсидия назначается на шесть месяцев.

## Как получить компенсацию за газ?

Новая мера: компенсация 50 процентов стоимости газа, заявление через Госуслуги.
)";

const char* kFamiliesV1 = R"(# Вопросы семей

## Как получить пособие при рождении?

Заявление подаётся в Социальный фонд.

## Где получить справку о многодетности?

В управлении социальной защиты.
)";

const char* kFamiliesV2 = R"(# Вопросы семей

## Как получить пособие при рождении?

Заявление подаётся в Социальный фонд.
)";

struct History {
    std::string first, second, third;
};

// Three commits: the base, a change in zhku, a removal in families plus a non-entry file.
History makeHistory(const TempDir& dir, const std::string& kb) {
    auto repo = Repository::init(dir.path());
    auto commit = [&](const std::vector<std::string>& paths, const std::string& message,
                      std::int64_t time) {
        Person p{"Иванова", "ivanova@minsoc.example", time, 180};
        std::vector<std::string> full;
        for (const auto& path : paths) {
            full.push_back(kb + path);
        }
        return repo.commit(full, message, p, p);
    };
    dir.write(kb + "sufler.yaml", kProfile);
    dir.write(kb + "departments/zhku/index.md", "---\ntitle: ЖКУ\n---\n");
    dir.write(kb + "departments/zhku/faq.md", kZhkuV1);
    dir.write(kb + "departments/families/index.md", "---\ntitle: Семьи\n---\n");
    dir.write(kb + "departments/families/faq.md", kFamiliesV1);
    History h;
    h.first = commit({"sufler.yaml", "departments/zhku/index.md", "departments/zhku/faq.md",
                      "departments/families/index.md", "departments/families/faq.md"},
                     "Первая редакция", 1780000000);
    dir.write(kb + "departments/zhku/faq.md", kZhkuV2);
    h.second =
        commit({"departments/zhku/faq.md"}, "ЖКУ: новая мера — компенсация за газ", 1780100000);
    dir.write(kb + "departments/families/faq.md", kFamiliesV2);
    dir.write(kb + "sufler.yaml", std::string(kProfile) + "hotline_hours: \"9–18\"\n");
    h.third = commit({"departments/families/faq.md", "sufler.yaml"}, "Семьи: справка устарела",
                     1780200000);
    return h;
}

const EntryChange* find(const ChangesSince& changes, const std::string& title) {
    auto it = std::find_if(changes.entries.begin(), changes.entries.end(),
                           [&](const EntryChange& c) { return c.title == title; });
    return it == changes.entries.end() ? nullptr : &*it;
}

bool hasLine(const EntryChange& change, char mark, const std::string& part) {
    return std::any_of(change.diff.begin(), change.diff.end(), [&](const DiffLine& line) {
        return line.mark == mark && line.text.find(part) != std::string::npos;
    });
}

} // namespace

TEST_CASE("что изменилось: entries added, changed and removed since a commit, with the diff") {
    TempDir dir;
    const History h = makeHistory(dir, "");
    REQUIRE(headCommit(dir.path()) == std::optional<std::string>(h.third));

    const ChangesSince changes = changesSince(dir.path(), h.first);
    CHECK(changes.from == h.first);
    CHECK(changes.to == h.third);
    REQUIRE(changes.commits.size() == 2);
    CHECK(changes.commits[0].id == h.third); // newest first
    CHECK(changes.commits[1].summary == "ЖКУ: новая мера — компенсация за газ");
    REQUIRE(changes.entries.size() == 3);
    CHECK(find(changes, "На какой срок назначается субсидия?") == nullptr); // untouched

    const EntryChange* changed = find(changes, "Кто имеет право на субсидию?");
    REQUIRE(changed != nullptr);
    CHECK(changed->kind == ChangeKind::Changed);
    CHECK(changed->department == "zhku");
    CHECK(changed->id == "departments/zhku/faq.md#кто-имеет-право-на-субсидию");
    CHECK(hasLine(*changed, '-', "22 процента"));
    CHECK(hasLine(*changed, '+', "20 процентов"));
    CHECK(hasLine(*changed, ' ', "Обязательно отсутствие задолженности"));
    CHECK_FALSE(hasLine(*changed, '+', "Обязательно"));

    const EntryChange* added = find(changes, "Как получить компенсацию за газ?");
    REQUIRE(added != nullptr);
    CHECK(added->kind == ChangeKind::Added);
    CHECK(hasLine(*added, '+', "компенсация 50 процентов"));

    const EntryChange* removed = find(changes, "Где получить справку о многодетности?");
    REQUIRE(removed != nullptr);
    CHECK(removed->kind == ChangeKind::Removed);
    CHECK(removed->department == "families");
    CHECK(std::all_of(removed->diff.begin(), removed->diff.end(),
                      [](const DiffLine& l) { return l.mark == '-'; }));
    // sections in order of their slugs
    CHECK(changes.entries.front().department == "families");

    // from the second commit only the removal is left; from HEAD nothing
    const ChangesSince later = changesSince(dir.path(), h.second);
    REQUIRE(later.entries.size() == 1);
    CHECK(later.entries[0].kind == ChangeKind::Removed);
    CHECK(changesSince(dir.path(), h.third).entries.empty());
    // a short id is understood; a commit that is not there is an error
    CHECK(changesSince(dir.path(), h.first.substr(0, 8)).entries.size() == 3);
    CHECK_THROWS_AS(changesSince(dir.path(), "0123456789abcdef0123"), Error);
}

TEST_CASE("что изменилось for a KB kept in a folder of a larger repository") {
    TempDir dir;
    const History h = makeHistory(dir, "kb/");
    // a commit outside the KB folder is not the trainee's business
    dir.write("README.md", "Репозиторий отдела\n");
    auto repo = Repository::open(dir.path());
    Person p{"Петров", "petrov@minsoc.example", 1780300000, 180};
    const auto outside = repo.commit({"README.md"}, "README", p, p);
    const ChangesSince changes = changesSince(dir.path() / "kb", h.first);
    CHECK(changes.to == outside);
    REQUIRE(changes.commits.size() == 2);
    CHECK(changes.commits[0].id == h.third);
    REQUIRE(changes.entries.size() == 3);
    const EntryChange* added = find(changes, "Как получить компенсацию за газ?");
    REQUIRE(added != nullptr);
    CHECK(added->id == "departments/zhku/faq.md#как-получить-компенсацию-за-газ");
}

TEST_CASE("sufler training changes: since the trainee's studied commit, then marked studied") {
    TempDir dir;
    const History h = makeHistory(dir, "kb/");
    const auto journal = dir.path() / "data" / "journal.sqlite";
    const std::string base = test::binary("sufler").string() + " training changes --kb '" +
                             (dir.path() / "kb").string() + "' --journal '" + journal.string() +
                             "' --trainee 'Петрова А. В.'";

    // never studied: told to study the whole plan
    auto never = test::runCommand(base);
    CHECK(never.exitCode == 0);
    CHECK(never.output.find("ещё не отмечал") != std::string::npos);

    TrainingStore::open(storePathBeside(journal)).recordStudied("Петрова А. В.", h.first);
    auto listed = test::runCommand(base);
    REQUIRE(listed.exitCode == 0);
    CHECK(listed.output.find("коммитов 2, записей 3") != std::string::npos);
    CHECK(listed.output.find("новая (Вопрос-ответ): Как получить компенсацию за газ?") !=
          std::string::npos);
    CHECK(listed.output.find("- Доля расходов на ЖКУ — 22 процента") != std::string::npos);
    CHECK(listed.output.find("+ Доля расходов на ЖКУ — 20 процентов") != std::string::npos);

    auto marked = test::runCommand(base + " --no-diff --mark-studied");
    REQUIRE(marked.exitCode == 0);
    CHECK(marked.output.find("+ Доля") == std::string::npos);
    CHECK(TrainingStore::open(storePathBeside(journal)).lastStudiedCommit("Петрова А. В.") ==
          std::optional<std::string>(h.third));
    auto after = test::runCommand(base);
    CHECK(after.output.find("Записи не менялись") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(journal));

    auto bad = test::runCommand(base + " --since nosuchcommit", true);
    CHECK(bad.exitCode != 0);
    CHECK(bad.output.find("nosuchcommit") != std::string::npos);
}

TEST_CASE("names of the kinds of change") {
    CHECK(std::string(changeKindRu(ChangeKind::Added)) == "новая");
    CHECK(std::string(changeKindRu(ChangeKind::Changed)) == "изменена");
    CHECK(std::string(changeKindRu(ChangeKind::Removed)) == "удалена");
}
