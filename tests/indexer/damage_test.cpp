// No single file or damaged index takes search down: an index Xapian finds damaged is rebuilt
// beside the old one and swapped in, while readers keep the old; files that are not regular,
// or whose paths no key can hold, are reported and the rest is indexed; a search that cannot
// answer fails with the reason instead of «nothing found».
#include "tiny_kb.h"

#include "sufler/indexer/search.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <sstream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace sufler;
using namespace sufler::indexer;
namespace fs = std::filesystem;

namespace {

bool finds(Searcher& searcher, const std::string& query, const std::string& idPrefix) {
    for (const auto& hit : searcher.search(query).hits) {
        if (hit.id.rfind(idPrefix, 0) == 0) {
            return true;
        }
    }
    return false;
}

const std::string kBenefit = "departments/families/faq.md#как-оформить-единое-пособие";

void truncateToHalf(const fs::path& file) {
    fs::resize_file(file, fs::file_size(file) / 2);
}

// Garbage over the head of every block from `first` on, the size unchanged: damage that only
// reading the blocks finds.
void garble(const fs::path& file, std::uintmax_t first = 0) {
    const auto size = fs::file_size(file);
    std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
    const std::string junk(64, '\xff');
    for (std::uintmax_t at = first * 8192; at < size; at += 8192) {
        out.seekp(static_cast<std::streamoff>(at));
        out.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
}

// Folders a rebuild leaves beside dbDir (it should leave none once it is done).
std::vector<std::string> siblings(const fs::path& dbDir) {
    std::vector<std::string> found;
    const std::string prefix = dbDir.filename().string() + ".";
    for (const auto& entry : fs::directory_iterator(dbDir.parent_path())) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0) {
            found.push_back(name);
        }
    }
    return found;
}

// Runs `body` in a child within `seconds` and 2 GB of memory: a pipe once blocked the index for
// ever and /dev/zero was read until memory ran out; the test must fail rather than hang.
bool finishesInTime(const std::function<void()>& body, unsigned seconds) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        alarm(seconds);
        const rlim_t memory = 2ULL * 1024 * 1024 * 1024;
        const rlimit limit{memory, memory};
        setrlimit(RLIMIT_AS, &limit);
        try {
            body();
        } catch (...) {
            _exit(1);
        }
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Enough files that building their index takes a few seconds, long enough to be killed in.
void writeManyNotes(const test::TempDir& kb) {
    for (int i = 0; i < 300; ++i) {
        std::string body = "# Заметки\n\n";
        for (int k = 0; k < 20; ++k) {
            body += "## Вопрос " + std::to_string(i) + " номер " + std::to_string(k) +
                    "\n\nОтвет про выплату номер " + std::to_string(i * 100 + k) + ".\n\n";
        }
        kb.write("departments/extra/note" + std::to_string(i) + ".md", body);
    }
    kb.write("departments/extra/index.md", "---\ntitle: Дополнительный отдел\n---\n\nТекст.\n");
}

std::string suflerCommand(const std::string& args) {
    return test::binary("sufler").string() + " " + args;
}

} // namespace

TEST_CASE("a half-truncated postlist.glass: found by the next run, rebuilt beside, swapped in",
          "[indexer][damage]") {
    test::TempDir kb;
    test::TempDir cache;
    test::writeTinyKb(kb);
    const fs::path dbDir = cache.path() / "idx";
    Diagnostics diagnostics;
    const auto first = updateIndex(kb.path(), dbDir, diagnostics);
    truncateToHalf(dbDir / "postlist.glass");

    // Refused rather than searched: Xapian itself only notices when a query reads there.
    CHECK_THROWS_AS(Searcher(dbDir), IndexDamaged);

    std::string reported;
    UpdateOptions options;
    options.onRebuild = [&](const std::string& damage) { reported = damage; };
    const auto repaired = updateIndex(kb.path(), dbDir, diagnostics, options);
    CHECK(repaired.rebuilt);
    CHECK(repaired.damage.find("postlist.glass") != std::string::npos);
    CHECK(reported == repaired.damage);
    CHECK(repaired.entries == first.entries);
    CHECK(siblings(dbDir).empty());
    Searcher searcher(dbDir);
    CHECK(finds(searcher, "единое пособие", kBenefit));
    CHECK(updateIndex(kb.path(), dbDir, diagnostics).filesRead == 0);
}

TEST_CASE("a search that runs into damage throws IndexDamaged, never an empty result",
          "[indexer][damage]") {
    test::TempDir kb;
    test::TempDir cache;
    test::writeTinyKb(kb);
    const fs::path dbDir = cache.path() / "idx";
    Diagnostics diagnostics;
    updateIndex(kb.path(), dbDir, diagnostics);
    Searcher searcher(dbDir);
    REQUIRE(finds(searcher, "единое пособие", kBenefit));
    garble(dbDir / "postlist.glass");
    CHECK_THROWS_AS(searcher.search("опека над ребёнком"), IndexDamaged);

    // What a searcher found damaged is rebuilt on request, though the sizes still match.
    UpdateOptions options;
    options.rebuild = "найдено поиском";
    const auto repaired = updateIndex(kb.path(), dbDir, diagnostics, options);
    CHECK(repaired.rebuilt);
    CHECK(repaired.damage == "найдено поиском");
    searcher.reopen();
    CHECK(finds(searcher, "опека над ребёнком", "departments/guardianship/faq.md#как-оформить"));

    // Found by reading every block, when asked to check.
    garble(dbDir / "postlist.glass");
    options = {};
    options.verify = true;
    CHECK_FALSE(updateIndex(kb.path(), dbDir, diagnostics, options).damage.empty());
    Searcher rebuilt(dbDir);
    CHECK(finds(rebuilt, "единое пособие", kBenefit));
}

TEST_CASE("during a rebuild an open reader answers from the old index, after reopen from the "
          "new",
          "[indexer][damage]") {
    test::TempDir kb;
    test::TempDir cache;
    test::writeTinyKb(kb);
    const fs::path dbDir = cache.path() / "idx";
    Diagnostics diagnostics;
    updateIndex(kb.path(), dbDir, diagnostics);
    Searcher reader(dbDir);
    REQUIRE(finds(reader, "субсидию", "departments/zhku/faq.md#как-получить-субсидию"));

    auto file = kb.write("departments/zhku/faq.md", "# Вопросы\n\n## Где узнать о капремонте?\n\n"
                                                    "В фонде капитального ремонта.\n");
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(2));
    UpdateOptions options;
    options.rebuild = "проверка";
    REQUIRE(updateIndex(kb.path(), dbDir, diagnostics, options).rebuilt);
    // The old index's files are gone from the folder, yet the open reader still has them.
    CHECK(finds(reader, "субсидию", "departments/zhku/faq.md#как-получить-субсидию"));
    CHECK_FALSE(finds(reader, "капремонт", "departments/zhku/faq.md#где-узнать"));
    reader.reopen();
    CHECK(finds(reader, "капремонт", "departments/zhku/faq.md#где-узнать"));
    CHECK_FALSE(finds(reader, "субсидию", "departments/zhku/faq.md#как-получить-субсидию"));
}

TEST_CASE("a rebuild killed half-way leaves the previous index whole, the next clears its folder",
          "[indexer][damage]") {
    test::TempDir kb;
    test::TempDir other;
    test::TempDir cache;
    test::writeTinyKb(kb);
    test::writeTinyKb(other);
    writeManyNotes(other);
    const fs::path dbDir = cache.path() / "idx";
    Diagnostics diagnostics;
    updateIndex(kb.path(), dbDir, diagnostics);
    // Another KB in the same folder is built from scratch: killed at several points of it.
    for (int delayMs : {30, 300, 1000}) {
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            Diagnostics ignored;
            updateIndex(other.path(), dbDir, ignored);
            _exit(0);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        INFO("killed after " << delayMs << " ms");
        // The index in the folder is a whole one: the first KB's, or the other's if the child
        // got as far as the swap.
        Searcher searcher(dbDir);
        CHECK(finds(searcher, "единое пособие", kBenefit));
        if (delayMs == 30) {
            // Too early for 6000 entries to be built: the rebuild was cut off half-way.
            CHECK_FALSE(finds(searcher, "вопрос 299 номер 19", "departments/extra/"));
        }
    }
    const auto stats = updateIndex(other.path(), dbDir, diagnostics);
    CHECK(stats.entries > 6000);
    CHECK(siblings(dbDir).empty());
    Searcher searcher(dbDir);
    CHECK(
        finds(searcher, "вопрос 299 номер 19", "departments/extra/note299.md#вопрос-299-номер-19"));
}

TEST_CASE("a pipe, a link to /dev/zero and a name over the key limit: reported, the rest "
          "indexed",
          "[indexer][damage]") {
    test::TempDir kb;
    test::TempDir cache;
    test::writeTinyKb(kb);
    REQUIRE(mkfifo((kb.path() / "departments/families/x.md").c_str(), 0644) == 0);
    fs::create_symlink("/dev/zero", kb.path() / "departments/families/z.md");
    const std::string longName = std::string(226, 'a') + ".md"; // 229 bytes
    kb.write("departments/families/" + longName, "## Длинное имя файла\n\nТекст.\n");
    const fs::path dbDir = cache.path() / "idx";

    REQUIRE(finishesInTime(
        [&] {
            Diagnostics ignored;
            (void)updateIndex(kb.path(), dbDir, ignored);
        },
        30));
    fs::remove_all(dbDir);
    Diagnostics diagnostics;
    const auto stats = updateIndex(kb.path(), dbDir, diagnostics);
    auto reported = [&](const std::string& path) {
        return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
            return d.path == path && d.severity == Severity::Error;
        });
    };
    CHECK(reported("departments/families/x.md"));
    CHECK(reported("departments/families/z.md"));
    CHECK(reported("departments/families/" + longName));
    Searcher searcher(dbDir);
    CHECK(finds(searcher, "единое пособие", kBenefit));
    CHECK(searcher.search("длинное имя файла").hits.empty());
    // None of them is read again while it stays as it is.
    CHECK(stats.filesRead == 11);
    CHECK(updateIndex(kb.path(), dbDir, diagnostics).filesRead == 0);
}

TEST_CASE("a path longer than Xapian's keys, each name within limits, is indexed once",
          "[indexer][damage]") {
    test::TempDir kb;
    test::TempDir cache;
    test::writeTinyKb(kb);
    const std::string slug(150, 'a');
    const std::string name = std::string(150, 'b') + ".md";
    kb.write("departments/" + slug + "/index.md", "---\ntitle: Отдел с длинным именем\n---\n");
    kb.write("departments/" + slug + "/" + name, "## Самовар на кухне\n\nТекст.\n");
    const fs::path dbDir = cache.path() / "idx";
    Diagnostics diagnostics;
    const auto first = updateIndex(kb.path(), dbDir, diagnostics);
    CHECK(first.filesRead == 10);
    Searcher searcher(dbDir);
    CHECK(finds(searcher, "самовар", "departments/" + slug + "/" + name + "#самовар-на-кухне"));
    CHECK(updateIndex(kb.path(), dbDir, diagnostics).filesRead == 0);
    fs::remove(kb.path() / "departments" / slug / name);
    CHECK(updateIndex(kb.path(), dbDir, diagnostics).filesRemoved == 1);
    searcher.reopen();
    CHECK_FALSE(finds(searcher, "самовар", "departments/" + slug));
}

TEST_CASE("sufler index repairs a half-truncated postlist.glass, and search answers again",
          "[indexer][damage][cli]") {
    // The demo KB: its index is large enough that what `sufler index` reads first (the
    // metadata) lies in the half that is left, as in the issue.
    test::TempDir cache;
    const fs::path kb = cache.path() / "kb";
    fs::copy(test::demoKb(), kb, fs::copy_options::recursive);
    const fs::path dbDir = cache.path() / "idx";
    const std::string common = "--kb '" + kb.string() + "' --db '" + dbDir.string() + "'";
    REQUIRE(test::runCommand(suflerCommand("index " + common)).exitCode == 0);
    truncateToHalf(dbDir / "postlist.glass");

    auto index = test::runCommand(suflerCommand("index " + common), true);
    INFO(index.output);
    CHECK(index.exitCode == 0);
    CHECK(index.output.find("был повреждён") != std::string::npos);
    CHECK(index.output.find("построен заново") != std::string::npos);
    auto search = test::runCommand(suflerCommand("search --json " + common + " единое пособие"));
    INFO(search.output);
    REQUIRE(search.exitCode == 0);
    CHECK(nlohmann::json::parse(search.output)["total"].get<int>() >= 1);
}

TEST_CASE("sufler search on a damaged index answers after a rebuild, never with total 0",
          "[indexer][damage][cli]") {
    // The demo KB: an index of many blocks, whose damage opening it does not notice.
    test::TempDir cache;
    const fs::path kb = cache.path() / "kb";
    fs::copy(test::demoKb(), kb, fs::copy_options::recursive);
    const fs::path dbDir = cache.path() / "idx";
    const std::string common = "--kb '" + kb.string() + "' --db '" + dbDir.string() + "'";
    REQUIRE(test::runCommand(suflerCommand("index " + common)).exitCode == 0);
    const fs::path postlist = dbDir / "postlist.glass";
    garble(postlist, fs::file_size(postlist) / 8192 / 2);
    auto search =
        test::runCommand("printf 'опека\\nпособие\\nпенсия\\nинвалидность\\nсубсидия\\n' | " +
                         suflerCommand("search --stdin " + common));
    INFO(search.output);
    REQUIRE(search.exitCode == 0);
    std::istringstream lines(search.output);
    std::string line;
    int answers = 0;
    while (std::getline(lines, line)) {
        CHECK(nlohmann::json::parse(line)["total"].get<int>() >= 1);
        ++answers;
    }
    CHECK(answers == 5);
}

TEST_CASE("sufler search with --db on a folder of other files: fails, the files stay",
          "[indexer][damage][cli]") {
    test::TempDir kb;
    test::TempDir cache;
    test::writeTinyKb(kb);
    cache.write("documents/notes.txt", "не индекс");
    const fs::path dbDir = cache.path() / "documents";
    auto search = test::runCommand(suflerCommand("search --kb '" + kb.path().string() + "' --db '" +
                                                 dbDir.string() + "' единое пособие"),
                                   true);
    INFO(search.output);
    CHECK(search.exitCode != 0);
    CHECK(search.output.find("Найдено: 0") == std::string::npos);
    CHECK(search.output.find(dbDir.string()) != std::string::npos);
    CHECK(fs::exists(dbDir / "notes.txt"));
}

TEST_CASE("sufler index and search with a pipe, a link to /dev/zero and a long name, in bounded "
          "time",
          "[indexer][damage][cli]") {
    test::TempDir kb;
    test::TempDir cache;
    test::writeTinyKb(kb);
    REQUIRE(mkfifo((kb.path() / "departments/families/x.md").c_str(), 0644) == 0);
    fs::create_symlink("/dev/zero", kb.path() / "departments/families/z.md");
    const std::string longName = std::string(226, 'c') + ".md";
    kb.write("departments/families/" + longName, "## Вопрос\n\nОтвет.\n");
    const fs::path dbDir = cache.path() / "idx";
    const std::string common = "--kb '" + kb.path().string() + "' --db '" + dbDir.string() + "'";
    // `timeout` and `ulimit`: the old indexer hung on the pipe and ran out of memory on
    // /dev/zero.
    auto index =
        test::runCommand("ulimit -v 4000000; timeout 60 " + suflerCommand("index " + common), true);
    INFO(index.output);
    CHECK(index.exitCode == 0);
    CHECK(index.output.find("departments/families/x.md: error:") != std::string::npos);
    CHECK(index.output.find("departments/families/z.md: error:") != std::string::npos);
    CHECK(index.output.find("departments/families/" + longName + ": error:") != std::string::npos);
    auto search = test::runCommand("timeout 60 " +
                                   suflerCommand("search --json " + common + " единое пособие"));
    INFO(search.output);
    REQUIRE(search.exitCode == 0);
    CHECK(nlohmann::json::parse(search.output)["total"].get<int>() >= 1);
}
