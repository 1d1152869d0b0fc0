// What a working copy may hold besides the KB: pipes, links to devices, names no index or
// checkout can hold, files over the limit. None of it may hang the loader, exhaust memory or
// keep the rest from loading, and `sufler lint` names each with its path.
#include "kb_fixture.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <functional>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sufler;
using sufler::test::TempDir;

namespace {

// Runs `body` in a child process within `seconds` and 2 GB of memory: the loader once waited on
// a pipe for ever and read /dev/zero until memory ran out, and a test must fail, not hang.
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

kb::LoadOptions withoutGit() {
    kb::LoadOptions options;
    options.withGit = false;
    return options;
}

void writeFamilies(const TempDir& dir) {
    test::writeMinimalKb(dir);
    dir.write("departments/families/faq.md", "## Как оформить пособие?\n\nЧерез МФЦ.\n");
}

void requireFamiliesLoaded(const kb::KnowledgeBase& kb) {
    REQUIRE(kb.findEntry("departments/families/faq.md#как-оформить-пособие") != nullptr);
    REQUIRE(kb.findDepartment("families") != nullptr);
}

std::string dump(const kb::KnowledgeBase& kb) {
    std::string out;
    for (const auto& line : test::formatted(kb.diagnostics)) {
        out += line + "\n";
    }
    return out;
}

bool hasMessage(const kb::KnowledgeBase& kb, std::string_view path, std::string_view words) {
    return std::any_of(kb.diagnostics.begin(), kb.diagnostics.end(), [&](const Diagnostic& d) {
        return d.path == path && d.severity == Severity::Error &&
               d.message.find(words) != std::string::npos;
    });
}

} // namespace

TEST_CASE("a pipe named faq.md and a link to /dev/zero: reported, never read, the rest loads",
          "[kb][files]") {
    TempDir dir;
    writeFamilies(dir);
    dir.write("departments/zhku/index.md", "---\ntitle: Отдел ЖКУ\n---\n");
    REQUIRE(mkfifo((dir.path() / "departments/zhku/faq.md").c_str(), 0644) == 0);
    std::filesystem::create_symlink("/dev/zero", dir.path() / "departments/zhku/contacts.md");
    std::filesystem::create_symlink("/dev/zero", dir.path() / "sufler-extra.md");

    REQUIRE(finishesInTime([&] { (void)kb::load(dir.path(), withoutGit()); }, 20));
    auto kb = kb::load(dir.path(), withoutGit());
    INFO(dump(kb));
    CHECK(hasMessage(kb, "departments/zhku/faq.md", "именованный канал"));
    CHECK(hasMessage(kb, "departments/zhku/contacts.md", "символическая ссылка"));
    // Outside the folders the loader reads: the tree check still names it.
    CHECK(hasMessage(kb, "sufler-extra.md", "символическая ссылка"));
    CHECK(kb.findDepartment("zhku") != nullptr);
    requireFamiliesLoaded(kb);
}

TEST_CASE("names no index or checkout can hold: the file is skipped with its path, the rest "
          "loads",
          "[kb][files]") {
    TempDir dir;
    writeFamilies(dir);
    const std::string longName = std::string(226, 'a') + ".md"; // 229 bytes: over Xapian's key
    dir.write("departments/families/" + longName, "## Длинное имя\n\nТекст.\n");
    dir.write("departments/families/tab\tname.md", "## Табуляция\n\nТекст.\n");
    dir.write("departments/families/back\\slash.md", "## Косая\n\nТекст.\n");
    const std::string longSlug(201, 'd');
    dir.write("departments/" + longSlug + "/index.md", "---\ntitle: Отдел\n---\n");

    auto kb = kb::load(dir.path(), withoutGit());
    INFO(dump(kb));
    CHECK(hasMessage(kb, "departments/families/" + longName, "длиннее 200 байт"));
    CHECK(kb.findEntry("departments/families/" + longName + "#длинное-имя") == nullptr);
    CHECK(hasMessage(kb, "departments/families/tab\tname.md", "управляющий символ"));
    CHECK(kb.findEntry("departments/families/tab\tname.md#табуляция") == nullptr);
    CHECK(hasMessage(kb, "departments/families/back\\slash.md", "косая черта"));
    CHECK(hasMessage(kb, "departments/" + longSlug, "длиннее 200 байт"));
    CHECK(kb.findDepartment(longSlug) == nullptr);
    requireFamiliesLoaded(kb);
    // What is kept has no such name left: every id fits the index with room for its anchor.
    for (const auto& entry : kb.entries) {
        CHECK(entry.path.size() < 245);
    }
}

TEST_CASE("the tree check covers everything but .git: links, pipes, devices, sizes",
          "[kb][files]") {
    TempDir dir;
    writeFamilies(dir);
    dir.write("files/form.pdf", std::string(2000, 'x'));
    dir.write("files/small.txt", "ok");
    dir.write("docs/readme.md", "Текст.\n");
    std::filesystem::create_symlink(dir.path() / "docs/readme.md", dir.path() / "docs/link.md");
    std::filesystem::create_directory_symlink(dir.path() / "docs", dir.path() / "docs-link");
    REQUIRE(mkfifo((dir.path() / "files/pipe").c_str(), 0644) == 0);
    // The repository's own folder is git's business.
    dir.write(".git/HEAD", "ref: refs/heads/main\n");
    REQUIRE(mkfifo((dir.path() / ".git/fifo").c_str(), 0644) == 0);
    std::filesystem::create_symlink("/dev/zero", dir.path() / ".git/zero");

    kb::LoadOptions options = withoutGit();
    options.maxFileSize = 1000;
    auto kb = kb::load(dir.path(), options);
    INFO(dump(kb));
    CHECK(hasMessage(kb, "files/form.pdf", "слишком большой"));
    CHECK(hasMessage(kb, "files/pipe", "именованный канал"));
    CHECK(hasMessage(kb, "docs/link.md", "символическая ссылка"));
    CHECK(hasMessage(kb, "docs-link", "символическая ссылка"));
    for (const auto& d : kb.diagnostics) {
        CHECK(d.path.rfind(".git", 0) != 0);
        CHECK(d.path != "files/small.txt");
        CHECK(d.path != "docs/readme.md");
    }
    requireFamiliesLoaded(kb);
}

TEST_CASE("departments/ itself a link: reported, not walked", "[kb][files]") {
    TempDir dir;
    TempDir elsewhere;
    writeFamilies(elsewhere);
    dir.write("sufler.yaml", test::kProfile);
    std::filesystem::create_directory_symlink(elsewhere.path() / "departments",
                                              dir.path() / "departments");
    auto kb = kb::load(dir.path(), withoutGit());
    INFO(dump(kb));
    CHECK(hasMessage(kb, "departments", "символическая ссылка"));
    CHECK(kb.departments.empty());
    CHECK(kb.entries.empty());
    CHECK(kb::listEntryFiles(dir.path()).empty());
}

TEST_CASE("readRegularFile: links on the way, pipes and the size limit refused with the reason",
          "[kb][files]") {
    TempDir dir;
    writeFamilies(dir);
    std::filesystem::create_directory_symlink(dir.path() / "departments/families",
                                              dir.path() / "departments/linked");
    REQUIRE(mkfifo((dir.path() / "pipe.md").c_str(), 0644) == 0);
    dir.write("exact.md", std::string(100, 'x'));
    dir.write("over.md", std::string(101, 'x'));

    std::string problem;
    CHECK_FALSE(kb::readRegularFile(dir.path(), "departments/linked/faq.md", 100, problem));
    CHECK(problem.find("символическая ссылка") != std::string::npos);
    REQUIRE(finishesInTime(
        [&] {
            std::string ignored;
            if (kb::readRegularFile(dir.path(), "pipe.md", 100, ignored)) {
                _exit(2);
            }
        },
        10));
    CHECK_FALSE(kb::readRegularFile(dir.path(), "pipe.md", 100, problem));
    CHECK(problem.find("именованный канал") != std::string::npos);
    auto exact = kb::readRegularFile(dir.path(), "exact.md", 100, problem);
    REQUIRE(exact);
    CHECK(exact->size() == 100);
    CHECK_FALSE(kb::readRegularFile(dir.path(), "over.md", 100, problem));
    CHECK(problem.find("слишком большой") != std::string::npos);
    CHECK_FALSE(kb::readRegularFile(dir.path(), "missing.md", 100, problem));
    CHECK(problem == "файл не найден");
    auto faq = kb::readRegularFile(dir.path(), "departments/families/faq.md", 100, problem);
    REQUIRE(faq);
    CHECK(*faq == "## Как оформить пособие?\n\nЧерез МФЦ.\n");
}

TEST_CASE("sufler lint names a pipe, a link to /dev/zero and a long name, in bounded time",
          "[kb][files][cli]") {
    TempDir dir;
    writeFamilies(dir);
    REQUIRE(mkfifo((dir.path() / "departments/families/x.md").c_str(), 0644) == 0);
    std::filesystem::create_symlink("/dev/zero", dir.path() / "departments/families/z.md");
    const std::string longName = std::string(226, 'b') + ".md";
    dir.write("departments/families/" + longName, "## Вопрос\n\nОтвет.\n");
    // `timeout`: the old loader never came back from the pipe.
    auto result =
        test::runCommand("ulimit -v 4000000; timeout 60 " + test::binary("sufler").string() +
                             " lint --kb '" + dir.path().string() + "'",
                         true);
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK(result.output.find("departments/families/x.md: error: именованный канал") !=
          std::string::npos);
    CHECK(result.output.find("departments/families/z.md: error: символическая ссылка") !=
          std::string::npos);
    CHECK(result.output.find("departments/families/" + longName + ": error: имя длиннее 200") !=
          std::string::npos);
    CHECK(result.output.find("ошибок 3,") != std::string::npos);
}
