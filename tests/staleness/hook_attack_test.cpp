// The central repository's hook, tried as an attacker would: crafted trees (`git mktree`,
// `git commit-tree`), force-pushes, merges, symlinks and hostile names, all pushed for real.
// Every refused case also checks that the ref did not move and that nothing was written outside
// the hook's own temporary folder; the honest cases next to them stay accepted.
#include "hook_fixture.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace sufler;
using namespace sufler::test;

namespace {

namespace fs = std::filesystem;

// Ivanova edits families only; the administrator is it@.
const std::string kAttacker = "SUFLER_PUSHER=ivanova@minsoc.example";
const std::string kAdmin = "SUFLER_PUSHER=it@minsoc.example";

// Pushes `commit` to `ref` and checks the push was refused for the right reason, with the ref
// where it was and nothing written anywhere but the hook's folder (which is empty again).
void expectRefused(const Central& central, const std::string& commit, const std::string& ref,
                   const std::string& env, const std::vector<std::string>& said,
                   bool force = false) {
    const auto before = central.outside();
    const std::string refBefore =
        runCommand(
            clean("git -C " + quote(central.bare.string()) + " rev-parse -q --verify " + ref), true)
            .output;
    const auto pushed = central.pushObject(commit, ref, env, force);
    INFO(pushed.output);
    CHECK(pushed.exitCode != 0);
    for (const auto& text : said) {
        CHECK(pushed.output.find(text) != std::string::npos);
    }
    CHECK(
        runCommand(
            clean("git -C " + quote(central.bare.string()) + " rev-parse -q --verify " + ref), true)
            .output == refBefore);
    CHECK(central.outside() == before);
    CHECK(fs::is_empty(central.hookTmp));
}

void expectAccepted(const Central& central, const std::string& commit, const std::string& ref,
                    const std::string& env, bool force = false) {
    const auto pushed = central.pushObject(commit, ref, env, force);
    INFO(pushed.output);
    REQUIRE(pushed.exitCode == 0);
    CHECK(runCommand(clean("git -C " + quote(central.bare.string()) + " rev-parse " + ref), true)
              .output.substr(0, 40) == commit.substr(0, 40));
    CHECK(fs::is_empty(central.hookTmp));
}

// The tree of `rev` with `departments/families` replaced by `families` (a tree id).
std::string withFamilies(const Central& central, const std::string& rev,
                         const std::string& families) {
    const std::string zhku = central.line("rev-parse " + rev + ":departments/zhku");
    const std::string departments = central.tree({
        {"040000", families, "families"},
        {"040000", zhku, "zhku"},
    });
    return central.tree({
        {"100644", central.line("rev-parse " + rev + ":sufler.yaml"), "sufler.yaml"},
        {"100644", central.line("rev-parse " + rev + ":changes.yaml"), "changes.yaml"},
        {"040000", departments, "departments"},
    });
}

// The families folder of `rev` with one more entry.
std::string familiesWith(const Central& central, const std::string& rev,
                         const Central::Entry& extra) {
    return central.tree({
        {"100644", central.line("rev-parse " + rev + ":departments/families/index.md"), "index.md"},
        {"100644", central.line("rev-parse " + rev + ":departments/families/faq.md"), "faq.md"},
        extra,
    });
}

// A commit by the attacker on top of main that adds `extra` to her own section.
std::string ownSectionCommit(const Central& central, const Central::Entry& extra) {
    const std::string tree = withFamilies(central, "HEAD", familiesWith(central, "HEAD", extra));
    return central.commitTree(tree, {central.line("rev-parse HEAD")}, "ivanova@minsoc.example");
}

} // namespace

TEST_CASE("hook attack: '..' entries nested deep reach no file outside the hook's folder") {
    Central central;
    central.seed();
    const fs::path hook = central.bare / "hooks" / "pre-receive";
    const std::string hookText = readFile(hook);
    const fs::path canary = central.dir.path() / "escaped.txt";

    // departments/families/../../… (16 levels) then the absolute path of the repository's hooks:
    // written naively, the pushed "pre-receive" replaces the server's hook.
    const std::string payload = central.blob("#!/bin/sh\nexit 0\n");
    std::string inner = central.tree({
        {"100644", payload, "pre-receive"},
        {"100644", central.blob("escaped\n"), "escaped.txt"},
    });
    std::vector<std::string> components;
    for (const auto& part : fs::path(central.bare / "hooks").relative_path()) {
        components.push_back(part.string());
    }
    for (auto it = components.rbegin(); it != components.rend(); ++it) {
        inner = central.tree({{"040000", inner, *it}});
    }
    for (int i = 0; i < 16; ++i) {
        inner = central.tree({{"040000", inner, ".."}});
    }
    const std::string commit = ownSectionCommit(central, {"040000", inner, ".."});

    SECTION("git's own fsck, which the installer turns on, refuses it first") {
        expectRefused(central, commit, "refs/heads/main", kAttacker, {});
    }
    SECTION("the hook refuses it by itself, on a server where fsck is off") {
        REQUIRE(runCommand(clean("git -C " + quote(central.bare.string()) +
                                 " config receive.fsckObjects false"),
                           true)
                    .exitCode == 0);
        expectRefused(central, commit, "refs/heads/main", kAttacker,
                      {"отклонено", "refs/heads/main", "departments/families/..",
                       "ведёт за пределы папки", "раздел отдела families"});
        // Even an administrator's push of such a tree is refused: it is no KB.
        expectRefused(central, commit, "refs/heads/main", kAdmin, {"ведёт за пределы папки"});
        expectRefused(central, commit, "refs/heads/draft", kAttacker, {"refs/heads/draft"});
    }
    CHECK(readFile(hook) == hookText);
    CHECK_FALSE(fs::exists(canary));
    CHECK_FALSE(fs::exists(central.dir.path() / "hooks"));

    // The next honest push is still checked: the hook was not replaced.
    central.resetToCentral();
    central.write("departments/zhku/faq.md", "## Кому положена компенсация?\n\nВсем.\n");
    central.commitAs("ivanova@minsoc.example", "Чужой раздел");
    CHECK(central.push(kAttacker).exitCode != 0);
}

TEST_CASE("hook attack: '.', '..' and '.git' in any case inside one's own section") {
    Central central;
    central.seed();
    REQUIRE(runCommand(clean("git -C " + quote(central.bare.string()) +
                             " config receive.fsckObjects false"),
                       true)
                .exitCode == 0);
    const std::string text = central.blob("## Вопрос?\n\nОтвет.\n");
    const std::string config = central.tree({{"100644", central.blob("[core]\n"), "config"}});
    for (const auto& [entry, rule] : std::vector<std::pair<Central::Entry, std::string>>{
             {{"100644", text, ".."}, "ведёт за пределы папки"},
             {{"040000", config, ".."}, "ведёт за пределы папки"},
             {{"040000", config, "."}, "ведёт за пределы папки"},
             {{"040000", config, ".git"}, "служебной папки git"},
             {{"040000", config, ".GiT"}, "служебной папки git"},
             {{"040000", config, ".git."}, "служебной папки git"},
             {{"040000", config, "git~1"}, "служебной папки git"},
             {{"040000", config, ".g\xe2\x80\x8cit"}, "служебной папки git"}, // U+200C
             {{"100644", text, ".gitattributes"}, "только в корне"},
             {{"100644", text, "a\\b.md"}, "косая черта"},
             {{"100644", text, "nul.md"}, "зарезервированное"},
             {{"100644", text, "faq.md "}, "пробелом"},
             {{"100644", text, "bad\x01.md"}, "управляющий"},
             {{"100644", text, "bad\xff.md"}, "UTF-8"},
         }) {
        INFO(entry.name);
        expectRefused(central, ownSectionCommit(central, entry), "refs/heads/main", kAttacker,
                      {"departments/families/", rule});
    }
    // With git's fsck on, as installed, the clone everyone makes can never break.
    REQUIRE(runCommand(clean("git -C " + quote(central.bare.string()) +
                             " config receive.fsckObjects true"),
                       true)
                .exitCode == 0);
    expectRefused(central, ownSectionCommit(central, {"040000", config, ".git"}), "refs/heads/main",
                  kAttacker, {});
    const auto cloned = runCommand(clean("git clone -q " + quote(central.bare.string()) + " " +
                                         quote((central.dir.path() / "clone").string())),
                                   true);
    INFO(cloned.output);
    CHECK(cloned.exitCode == 0);
}

TEST_CASE("hook attack: force-pushes never rewind main, and nobody deletes it") {
    Central central;
    central.seed();
    central.write("departments/zhku/faq.md", "## Кому положена компенсация?\n\nВетеранам.\n");
    central.commitAs("petrov@minsoc.example", "ЖКУ: уточнение");
    REQUIRE(central.push("SUFLER_PUSHER=petrov@minsoc.example").exitCode == 0);
    const std::string main = central.line("rev-parse HEAD");
    const std::string previous = central.line("rev-parse HEAD~1");

    // Rewinding drops Petrov's commit; no new commit at all.
    expectRefused(central, previous, "refs/heads/main", kAttacker,
                  {"перезапись истории", "refs/heads/main", "ivanova@minsoc.example"}, true);
    // Reset, one honest commit of her own, force: still a rewind.
    central.git("reset -q --hard HEAD~1");
    central.write("departments/families/faq.md",
                  "## Как оформить единое пособие?\n\nЧерез Госуслуги.\n");
    central.commitAs("ivanova@minsoc.example", "Свой раздел");
    expectRefused(central, central.line("rev-parse HEAD"), "refs/heads/main", kAttacker,
                  {"перезапись истории"}, true);
    // Deleting main: refused for everyone, administrators included.
    expectRefused(central, "", "refs/heads/main", kAttacker, {"удаление refs/heads/main"}, true);
    expectRefused(central, "", "refs/heads/main", kAdmin, {"не удаляет никто"}, true);
    CHECK(central.centralHead().substr(0, 40) == main);

    // The administrator may repair history by force.
    expectAccepted(central, previous, "refs/heads/main", kAdmin, true);
}

TEST_CASE("hook attack: a merge cannot bring back old files or revoked rights") {
    Central central;
    central.seed();
    // Ivanova was an editor of zhku; the administrator then revoked it and changed zhku.
    central.write("departments/zhku/index.md",
                  "---\ntitle: Отдел мер социальной поддержки по оплате ЖКУ\n"
                  "head: Петров Пётр Петрович\n"
                  "editors: [petrov@minsoc.example, ivanova@minsoc.example]\n---\n\nЖКУ.\n");
    central.commitAs("it@minsoc.example", "Иванова — редактор ЖКУ");
    REQUIRE(central.push(kAdmin).exitCode == 0);
    const std::string withRights = central.line("rev-parse HEAD");
    central.write("departments/zhku/index.md",
                  "---\ntitle: Отдел мер социальной поддержки по оплате ЖКУ\n"
                  "head: Петров Пётр Петрович\n"
                  "editors: [petrov@minsoc.example]\n---\n\nЖКУ.\n");
    central.write("departments/zhku/faq.md", "## Кому положена компенсация?\n\nНовый ответ.\n");
    central.commitAs("it@minsoc.example", "Права отозваны");
    REQUIRE(central.push(kAdmin).exitCode == 0);
    const std::string main = central.line("rev-parse HEAD");

    // An "evil" merge: parents main and the old commit, the tree of the old commit for zhku.
    REQUIRE(central.git("checkout -q " + withRights + " -- departments/zhku").exitCode == 0);
    const std::string tree = central.line("write-tree");
    REQUIRE(central.git("reset -q --hard " + main).exitCode == 0);
    const std::string merge =
        central.commitTree(tree, {main, withRights}, "ivanova@minsoc.example", "Слияние");
    expectRefused(central, merge, "refs/heads/main", kAttacker,
                  {"departments/zhku/index.md", "departments/zhku/faq.md", "раздел отдела zhku",
                   "editors", "refs/heads/main"});
    // Nor through a draft branch of her own.
    expectRefused(central, merge, "refs/heads/ivanova-draft", kAttacker,
                  {"departments/zhku/index.md"});

    // An edit of another's section undone in the next commit still leaves that edit in history.
    central.write("departments/zhku/faq.md", "## Кому положена компенсация?\n\nНикому.\n");
    central.commitAs("ivanova@minsoc.example", "Чужой раздел");
    REQUIRE(central
                .git("revert --no-edit HEAD",
                     "GIT_AUTHOR_NAME=Т GIT_AUTHOR_EMAIL=ivanova@minsoc.example "
                     "GIT_COMMITTER_NAME=Т GIT_COMMITTER_EMAIL=ivanova@minsoc.example")
                .exitCode == 0);
    expectRefused(central, central.line("rev-parse HEAD"), "refs/heads/main", kAttacker,
                  {"departments/zhku/faq.md", "«Чужой раздел»"});
}

TEST_CASE("hook attack: another department's draft branch merged into main by a non-editor") {
    Central central;
    central.seed();
    const std::string main = central.line("rev-parse HEAD");
    // Petrov keeps a draft of zhku on a branch of its own: allowed, he is its editor.
    central.write("departments/zhku/faq.md", "## Кому положена компенсация?\n\nЧерновик.\n");
    central.commitAs("petrov@minsoc.example", "ЖКУ: черновик");
    const std::string draft = central.line("rev-parse HEAD");
    expectAccepted(central, draft, "refs/heads/drafts/zhku", "SUFLER_PUSHER=petrov@minsoc.example");
    // But he may not start a branch that touches families.
    central.write("departments/families/faq.md", "## Как оформить единое пособие?\n\nЧерновик.\n");
    central.commitAs("petrov@minsoc.example", "Семьи: черновик");
    expectRefused(central, central.line("rev-parse HEAD"), "refs/heads/drafts/families",
                  "SUFLER_PUSHER=petrov@minsoc.example", {"departments/families/faq.md"});

    // Ivanova merges Petrov's draft into main: refused, it is zhku's change.
    REQUIRE(central.git("reset -q --hard " + main).exitCode == 0);
    central.write("departments/families/faq.md", "## Как оформить единое пособие?\n\nСвоё.\n");
    central.commitAs("ivanova@minsoc.example", "Своё");
    const std::string own = central.line("rev-parse HEAD");
    REQUIRE(central
                .git("merge -q --no-edit " + draft,
                     "GIT_AUTHOR_NAME=Т GIT_AUTHOR_EMAIL=ivanova@minsoc.example "
                     "GIT_COMMITTER_NAME=Т GIT_COMMITTER_EMAIL=ivanova@minsoc.example")
                .exitCode == 0);
    expectRefused(central, central.line("rev-parse HEAD"), "refs/heads/main", kAttacker,
                  {"departments/zhku/faq.md", "раздел отдела zhku", "обновление до"});

    // Petrov merges his own draft: accepted. Then Ivanova merges main into her draft: accepted,
    // since what it brings is already main's.
    REQUIRE(central.git("reset -q --hard " + main).exitCode == 0);
    REQUIRE(central.git("merge -q --ff-only " + draft).exitCode == 0);
    expectAccepted(central, draft, "refs/heads/main", "SUFLER_PUSHER=petrov@minsoc.example");
    REQUIRE(central.git("reset -q --hard " + own).exitCode == 0);
    expectAccepted(central, own, "refs/heads/drafts/families", kAttacker);
    REQUIRE(central
                .git("merge -q --no-edit " + draft,
                     "GIT_AUTHOR_NAME=Т GIT_AUTHOR_EMAIL=ivanova@minsoc.example "
                     "GIT_COMMITTER_NAME=Т GIT_COMMITTER_EMAIL=ivanova@minsoc.example")
                .exitCode == 0);
    expectAccepted(central, central.line("rev-parse HEAD"), "refs/heads/drafts/families",
                   kAttacker);
    // …and that draft, now holding only her own change beyond main, goes into main.
    expectAccepted(central, central.line("rev-parse HEAD"), "refs/heads/main", kAttacker);
}

TEST_CASE("hook attack: symlinks, submodules, executables and hostile sizes are refused") {
    Central central;
    central.seed();
    const std::string text = central.blob("## Вопрос?\n\nОтвет.\n");
    std::string deep = central.tree({{"100644", text, "faq.md"}});
    for (int i = 0; i < 40; ++i) {
        deep = central.tree({{"040000", deep, "d"}});
    }
    for (const auto& [entry, rule] : std::vector<std::pair<Central::Entry, std::string>>{
             {{"120000", central.blob("/etc/passwd"), "p.md"}, "символическая ссылка"},
             {{"120000", central.blob("/dev/zero"), "z.md"}, "символическая ссылка"},
             {{"160000", std::string(40, 'a'), "sub"}, "подмодуль"},
             {{"100755", text, "run.md"}, "исполняемый"},
             {{"100644", text, std::string(230, 'a') + ".md"}, "длиннее 200 байт"},
             {{"040000", deep, "deep"}, "вложенность"},
             {{"100644", central.blob(std::string(6 * 1024 * 1024, 'x')), "big.md"}, "файл больше"},
         }) {
        INFO(entry.name.substr(0, 20));
        expectRefused(central, ownSectionCommit(central, entry), "refs/heads/main", kAttacker,
                      {"departments/families/", rule});
    }
    // Two names that are one file on Windows and macOS.
    const std::string twins = withFamilies(
        central, "HEAD",
        central.tree({
            {"100644", central.line("rev-parse HEAD:departments/families/index.md"), "index.md"},
            {"100644", text, "FAQ.md"},
            {"100644", text, "faq.md"},
        }));
    expectRefused(
        central,
        central.commitTree(twins, {central.line("rev-parse HEAD")}, "ivanova@minsoc.example"),
        "refs/heads/main", kAttacker, {"регистром"});
    // A symlink made the ordinary way, by an editor in her own section.
    fs::create_symlink("/etc/passwd", central.work / "departments/families/p.md");
    central.commitAs("ivanova@minsoc.example", "Ссылка");
    expectRefused(central, central.line("rev-parse HEAD"), "refs/heads/main", kAttacker,
                  {"departments/families/p.md", "символическая ссылка"});
    // A mode change of her own file.
    central.resetToCentral();
    REQUIRE(central.git("update-index --chmod=+x departments/families/faq.md").exitCode == 0);
    REQUIRE(central
                .git("commit -q -m x",
                     "GIT_AUTHOR_NAME=Т GIT_AUTHOR_EMAIL=ivanova@minsoc.example "
                     "GIT_COMMITTER_NAME=Т GIT_COMMITTER_EMAIL=ivanova@minsoc.example")
                .exitCode == 0);
    expectRefused(central, central.line("rev-parse HEAD"), "refs/heads/main", kAttacker,
                  {"departments/families/faq.md", "исполняемый"});
    // A tag naming a tree rather than a commit.
    expectRefused(central, text, "refs/tags/blob", kAttacker, {"не коммит"});
}

TEST_CASE("hook attack: renames, many refs at once, and the honest pushes beside them") {
    Central central;
    central.seed();
    // Moving another department's file into one's own section deletes it there.
    REQUIRE(central.git("mv departments/zhku/faq.md departments/families/zhku.md").exitCode == 0);
    central.commitAs("ivanova@minsoc.example", "Перенос");
    expectRefused(central, central.line("rev-parse HEAD"), "refs/heads/main", kAttacker,
                  {"departments/zhku/faq.md", "раздел отдела zhku"});

    // Thirty branches in one push, one of them touching zhku: the whole push is refused.
    central.resetToCentral();
    std::string refspecs;
    for (int i = 0; i < 30; ++i) {
        central.write("departments/families/faq.md",
                      "## Как оформить единое пособие?\n\nВариант " + std::to_string(i) + ".\n");
        if (i == 17) {
            central.write("departments/zhku/faq.md", "## Кому положена компенсация?\n\nВсем.\n");
        }
        central.commitAs("ivanova@minsoc.example", "Вариант " + std::to_string(i));
        refspecs += " HEAD:refs/heads/v" + std::to_string(i);
    }
    const auto before = central.outside();
    auto pushed = central.git("push origin" + refspecs,
                              kAttacker + " TMPDIR=" + quote(central.hookTmp.string()));
    INFO(pushed.output);
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("departments/zhku/faq.md") != std::string::npos);
    CHECK(runCommand(clean("git -C " + quote(central.bare.string()) + " branch --list 'v*'"), true)
              .output.empty());
    CHECK(central.outside() == before);

    // The honest edits: her own section, fast-forward; tags of what main holds.
    central.resetToCentral();
    central.write("departments/families/faq.md",
                  "## Как оформить единое пособие?\n\nЧерез Госуслуги, МФЦ или СФР.\n");
    central.commitAs("ivanova@minsoc.example", "Своё");
    expectAccepted(central, central.line("rev-parse HEAD"), "refs/heads/main", kAttacker);
    expectAccepted(central, central.line("rev-parse HEAD"), "refs/tags/v1", kAttacker);
}
