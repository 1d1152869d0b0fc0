// Keeping the index current: only changed files are read, readers keep their state until
// reopen, an interrupted or damaged index is repaired by the next run.
#include "tiny_kb.h"

#include "sufler/indexer/search.h"
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace sufler;
using namespace sufler::indexer;

namespace {

bool finds(Searcher& searcher, const std::string& query, const std::string& idPrefix) {
    for (const auto& hit : searcher.search(query).hits) {
        if (hit.id.rfind(idPrefix, 0) == 0) {
            return true;
        }
    }
    return false;
}

// Makes sure the file's mtime moves even within the file system's time resolution.
void rewrite(const test::TempDir& dir, const std::string& path, const std::string& content) {
    auto full = dir.write(path, content);
    std::filesystem::last_write_time(full, std::filesystem::last_write_time(full) +
                                               std::chrono::seconds(2));
}

} // namespace

TEST_CASE("a second run reads nothing — an edited file is read again alone") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    Diagnostics diagnostics;
    auto first = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(first.rebuilt);
    // Every file with entries: three index.md, three faq.md, contacts.md and npa.md.
    CHECK(kb::listEntryFiles(kb.path()).size() == 8);
    CHECK(first.filesRead == 8);
    CHECK(first.entries > 10);

    auto second = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK_FALSE(second.rebuilt);
    CHECK(second.filesRead == 0);
    CHECK(second.entries == first.entries);

    rewrite(kb, "departments/zhku/faq.md", R"(# Вопросы

## Как получить субсидию на оплату коммуналки?

Субсидию назначают, если расходы превышают долю дохода семьи.

## Куда жаловаться на управляющую компанию?

В государственную жилищную инспекцию.
)");
    auto third = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(third.filesRead == 1);
    CHECK(third.entries == first.entries + 1);
    Searcher searcher(db.path());
    CHECK(finds(searcher, "жилищная инспекция", "departments/zhku/faq.md#куда-жаловаться"));

    // Same content, new mtime: nothing is re-indexed.
    rewrite(kb, "departments/zhku/faq.md", test::readFile(kb.path() / "departments/zhku/faq.md"));
    CHECK(updateIndex(kb.path(), db.path(), diagnostics).filesRead == 0);
}

TEST_CASE("an edited entry alone is written again, entries that moved keep their terms") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    Diagnostics diagnostics;
    auto first = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(first.entriesWritten == first.entries);

    // The first of the four FAQ entries is edited and grows by two lines: it alone is built
    // again, the three below it only get their new line numbers.
    rewrite(kb, "departments/families/faq.md", R"(# Вопросы

## Как оформить единое пособие на ребёнка?

> Также спрашивают: детские до 17 лет; универсальное пособие

Единое пособие назначает Социальный фонд. Заявление подаётся через Госуслуги или в МФЦ.

Пособие назначается на двенадцать месяцев, затем заявление подаётся снова.

## Кому положена ежемесячная денежная выплата ветеранам труда?

Выплата назначается ветеранам труда по заявлению в управлении социальной защиты.

## Что такое ЕДК?

ЕДК — компенсация расходов на оплату ЖКУ отдельным категориям граждан.

## Как получить путёвку в детский лагерь?

Путёвки выдаёт управление социальной защиты детям из семей в трудной жизненной ситуации.
)");
    auto second = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(second.filesRead == 1);
    CHECK(second.entriesWritten == 1);
    CHECK(second.entriesMoved == 3);
    CHECK(second.entries == first.entries);

    Searcher searcher(db.path());
    auto edited = searcher.search("двенадцать месяцев");
    REQUIRE_FALSE(edited.hits.empty());
    CHECK(edited.hits.front().id ==
          "departments/families/faq.md#как-оформить-единое-пособие-на-ребёнка");
    // A moved entry shows its new line, and is found by its words as before.
    auto moved = searcher.search("путёвку в детский лагерь");
    REQUIRE_FALSE(moved.hits.empty());
    CHECK(moved.hits.front().id ==
          "departments/families/faq.md#как-получить-путёвку-в-детский-лагерь");
    CHECK(moved.hits.front().line == 19); // was 17
    // The spelling data lost nothing of the entries that were not written: a typo in a title
    // word of one of them is still corrected.
    auto typo = searcher.search("путовку в лагерь");
    REQUIRE_FALSE(typo.hits.empty());
    CHECK(typo.hits.front().id ==
          "departments/families/faq.md#как-получить-путёвку-в-детский-лагерь");

    // Nothing changed but the file's time: nothing is written.
    rewrite(kb, "departments/families/faq.md",
            test::readFile(kb.path() / "departments/families/faq.md"));
    auto third = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(third.entriesWritten == 0);
    CHECK(third.entriesMoved == 0);
}

TEST_CASE("a deleted file leaves the index with its entries") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    Diagnostics diagnostics;
    auto first = updateIndex(kb.path(), db.path(), diagnostics);
    std::filesystem::remove(kb.path() / "departments/guardianship/faq.md");
    auto second = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(second.filesRemoved == 1);
    CHECK(second.entries == first.entries - 2);
    Searcher searcher(db.path());
    CHECK_FALSE(finds(searcher, "опекуну", "departments/guardianship/faq.md"));
    // Its words leave the spelling data too: nothing corrects to a word that is gone.
    auto result = searcher.search("опекуну ");
    CHECK(result.hits.size() <= 2);
}

TEST_CASE("an open reader answers from its state until reopen") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    Diagnostics diagnostics;
    updateIndex(kb.path(), db.path(), diagnostics);
    Searcher reader(db.path());
    CHECK(finds(reader, "субсидию", "departments/zhku/faq.md#как-получить-субсидию"));

    rewrite(kb, "departments/zhku/faq.md", R"(# Вопросы

## Где узнать о капремонте?

В фонде капитального ремонта.
)");
    CHECK(updateIndex(kb.path(), db.path(), diagnostics).filesRead == 1);
    // Still the previous state.
    CHECK(finds(reader, "субсидию", "departments/zhku/faq.md#как-получить-субсидию"));
    CHECK_FALSE(finds(reader, "капремонт", "departments/zhku/faq.md#где-узнать"));
    reader.reopen();
    CHECK_FALSE(finds(reader, "субсидию", "departments/zhku/faq.md#как-получить-субсидию"));
    CHECK(finds(reader, "капремонт", "departments/zhku/faq.md#где-узнать"));
}

TEST_CASE("a writer killed mid-update leaves an index the next run completes") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    Diagnostics diagnostics;
    updateIndex(kb.path(), db.path(), diagnostics);
    // Many changed files make the update long enough to be killed in the middle.
    for (int i = 0; i < 300; ++i) {
        std::string body = "# Заметки\n\n";
        for (int k = 0; k < 20; ++k) {
            body += "## Вопрос " + std::to_string(i) + " номер " + std::to_string(k) +
                    "\n\nОтвет про выплату номер " + std::to_string(i * 100 + k) + ".\n\n";
        }
        kb.write("departments/extra/note" + std::to_string(i) + ".md", body);
    }
    kb.write("departments/extra/index.md", "---\ntitle: Дополнительный отдел\n---\n\nТекст.\n");
    for (int delayMs : {5, 40, 150}) {
        pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            Diagnostics ignored;
            updateIndex(kb.path(), db.path(), ignored);
            _exit(0);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        // Whatever state the kill left, the index opens and answers from a committed state.
        Searcher searcher(db.path());
        CHECK(finds(searcher, "единое пособие", "departments/families/faq.md#как-оформить"));
    }
    auto stats = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(stats.entries > 6000);
    Searcher searcher(db.path());
    CHECK(
        finds(searcher, "вопрос 299 номер 19", "departments/extra/note299.md#вопрос-299-номер-19"));
    CHECK(updateIndex(kb.path(), db.path(), diagnostics).filesRead == 0);
}

TEST_CASE("a damaged index is rebuilt by the next run") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    Diagnostics diagnostics;
    auto first = updateIndex(kb.path(), db.path(), diagnostics);
    for (const auto& file : std::filesystem::directory_iterator(db.path())) {
        std::ofstream(file.path(), std::ios::binary | std::ios::trunc) << "garbage";
    }
    auto again = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(again.rebuilt);
    CHECK(again.entries == first.entries);
    Searcher searcher(db.path());
    CHECK(finds(searcher, "единое пособие", "departments/families/faq.md#как-оформить"));
}

TEST_CASE("an index of another schema or KB is rebuilt — a missing one is an error to read") {
    test::TempDir kb;
    test::TempDir other;
    test::TempDir db;
    test::writeTinyKb(kb);
    test::writeTinyKb(other);
    Diagnostics diagnostics;
    updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(updateIndex(other.path(), db.path(), diagnostics).rebuilt);
    CHECK_THROWS_AS(Searcher(db.path() / "nothing-here"), Error);
}

TEST_CASE("the default index folder is in the user's cache, one per KB") {
    setenv("XDG_CACHE_HOME", "/tmp/sufler-cache-test", 1);
    auto a = defaultDbDir("/some/kb");
    auto b = defaultDbDir("/other/kb");
    CHECK(a.parent_path() == std::filesystem::path("/tmp/sufler-cache-test/sufler"));
    CHECK(a != b);
    CHECK(a == defaultDbDir("/some/kb"));
    unsetenv("XDG_CACHE_HOME");
}

TEST_CASE("very long titles, words and digit runs do not stop the index") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    // Xapian refuses terms over 245 bytes: the id of this act is longer, and so is the word.
    std::string longTitle = "О внесении изменений в отдельные законодательные акты";
    for (int i = 0; i < 6; ++i) {
        longTitle += " Российской Федерации по вопросам социальной защиты инвалидов";
    }
    std::string longWord(300, 'a');
    std::string digits(40, '7');
    kb.write("departments/families/npa.md",
             "# Акты\n\n- Федеральный закон от 01.12.2014 № 419-ФЗ «" + longTitle +
                 "»\n- Приказ № " + digits + " «" + longWord + "»\n");
    Diagnostics diagnostics;
    auto stats = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(stats.filesRead == 8);
    Searcher searcher(db.path());
    auto result = searcher.search("419-ФЗ");
    REQUIRE_FALSE(result.hits.empty());
    CHECK(result.hits[0].id.rfind("departments/families/npa.md#федеральный-закон-от-01122014", 0) ==
          0);
    CHECK(result.hits[0].id.size() > 245); // the id itself is kept whole
    // Both long entries stay apart: each has its own id term.
    CHECK(updateIndex(kb.path(), db.path(), diagnostics).filesRead == 0);
    CHECK_NOTHROW(searcher.search(longWord));
    CHECK_NOTHROW(searcher.search(digits));
}

TEST_CASE("in a git work tree: a new commit, an uncommitted edit, a deletion, a checkout") {
    test::TempDir kb;
    test::TempDir db;
    test::writeTinyKb(kb);
    auto repo = kb::git::Repository::init(kb.path());
    kb::git::Person person{"Иванова Мария", "ivanova@minsoc.example", 1790000000, 180};
    std::vector<std::string> all = kb::listEntryFiles(kb.path());
    all.push_back("sufler.yaml");
    std::string first = repo.commit(all, "База знаний", person, person);
    Diagnostics diagnostics;
    REQUIRE(updateIndex(kb.path(), db.path(), diagnostics).filesRead == 8);
    Searcher reader(db.path());

    // A new commit changes one file: only it is read again.
    rewrite(kb, "departments/zhku/faq.md", R"(# Вопросы

## Где узнать о капремонте?

В фонде капитального ремонта.
)");
    person.time += 60;
    repo.commit({"departments/zhku/faq.md"}, "Капремонт", person, person);
    auto afterCommit = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(afterCommit.filesRead == 1);
    CHECK(afterCommit.filesRemoved == 0);
    reader.reopen();
    CHECK(finds(reader, "капремонт", "departments/zhku/faq.md#где-узнать-о-капремонте"));
    CHECK_FALSE(
        finds(reader, "субсидию коммуналки", "departments/zhku/faq.md#как-получить-субсидию"));

    // An edit in the work tree, not committed: searched as it is on disk.
    rewrite(kb, "departments/guardianship/faq.md", R"(# Вопросы

## Как стать приёмным родителем?

Пройти школу приёмных родителей.
)");
    auto afterEdit = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(afterEdit.filesRead == 1);
    reader.reopen();
    CHECK(
        finds(reader, "приёмным родителем", "departments/guardianship/faq.md#как-стать-приёмным"));
    CHECK_FALSE(finds(reader, "опекуну платят", "departments/guardianship/faq.md#сколько-платят"));

    // A file deleted and the deletion committed: its entries leave, nothing is read.
    std::filesystem::remove(kb.path() / "departments/families/contacts.md");
    person.time += 60;
    repo.commit({"departments/families/contacts.md"}, "Без контактов", person, person);
    auto afterDelete = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(afterDelete.filesRead == 0);
    CHECK(afterDelete.filesRemoved == 1);
    reader.reopen();
    CHECK_FALSE(finds(reader, "55-26-07", "departments/families/contacts.md"));

    // Back to the first commit (a forced checkout, as after `git checkout`): the three files
    // that differ are read again, the rest is left alone.
    kb::git::Object target;
    REQUIRE(git_revparse_single(target.out(), repo.get(), first.c_str()) == 0);
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_FORCE;
    REQUIRE(git_checkout_tree(repo.get(), target.get(), &options) == 0);
    auto afterCheckout = updateIndex(kb.path(), db.path(), diagnostics);
    CHECK(afterCheckout.filesRead == 3);
    CHECK(afterCheckout.filesRemoved == 0);
    reader.reopen();
    CHECK(finds(reader, "55-26-07", "departments/families/contacts.md#иванова"));
    CHECK(finds(reader, "опекуну платят", "departments/guardianship/faq.md#сколько-платят"));
    CHECK_FALSE(finds(reader, "капремонт", "departments/zhku/faq.md#где-узнать-о-капремонте"));
}
