#pragma once
// A central bare repository with the hook installed by `sufler hook install`, and a clone to
// push from: the hook is tested with real `git push`.
#include "fixture.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace sufler::test {

namespace fs = std::filesystem;

// A shell command with none of the server variables the runner of the tests may have set.
inline std::string clean(const std::string& command) {
    return "(env -u SUFLER_PUSHER -u GITEA_PUSHER_EMAIL -u GL_USERNAME " + command + ")";
}

inline constexpr const char* kIndexFamilies =
    "---\n"
    "title: Отдел социальных выплат семьям с детьми\n"
    "head: Иванова Мария Петровна\n"
    "editors: [ivanova@minsoc.example]\n"
    "---\n\n"
    "Отдел назначает региональные пособия семьям с детьми.\n";

// A central bare repository with the hook installed, and a clone to work in.
struct Central {
    TempDir dir;
    fs::path bare = dir.path() / "kb.git";
    fs::path work = dir.path() / "work";
    // The hook's TMPDIR: the only place it may write to, empty again after every push.
    fs::path hookTmp = dir.path() / "hook-tmp";

    Central() {
        REQUIRE(runCommand(
                    clean("git init -q --bare --initial-branch=main " + quote(bare.string())), true)
                    .exitCode == 0);
        auto installed = runCommand(
            clean(quote(binary("sufler").string()) + " hook install " + quote(bare.string())),
            true);
        INFO(installed.output);
        REQUIRE(installed.exitCode == 0);
        REQUIRE(installed.output.find("Хук установлен") != std::string::npos);
        REQUIRE(
            runCommand(clean("git clone -q " + quote(bare.string()) + " " + quote(work.string())),
                       true)
                .exitCode == 0);
        fs::create_directories(hookTmp);
        git("config user.name 'Служба ИТ'");
        git("config user.email it@minsoc.example");
    }

    CommandResult git(const std::string& arguments, const std::string& env = {}) const {
        return runCommand(clean(env + " git -C " + quote(work.string()) + " " + arguments), true);
    }

    void write(const std::string& path, const std::string& content) const {
        fs::create_directories((work / path).parent_path());
        std::ofstream out(work / path, std::ios::binary);
        out << content;
    }

    // Commits everything as `email` (author and committer).
    void commitAs(const std::string& email, const std::string& message) const {
        REQUIRE(git("add -A").exitCode == 0);
        auto result = git("commit -q -m " + quote(message),
                          "GIT_AUTHOR_NAME=Тест GIT_AUTHOR_EMAIL=" + email +
                              " GIT_COMMITTER_NAME=Тест GIT_COMMITTER_EMAIL=" + email);
        INFO(result.output);
        REQUIRE(result.exitCode == 0);
    }

    CommandResult push(const std::string& env = {}) const {
        return git("push origin HEAD:main", env + " TMPDIR=" + quote(hookTmp.string()));
    }

    // Pushes `commit` (any object id) to `ref` of the central repository.
    CommandResult pushObject(const std::string& commit, const std::string& ref,
                             const std::string& env, bool force = false) const {
        return git(std::string("push ") + (force ? "-f " : "") + "origin " + commit + ":" + ref,
                   env + " TMPDIR=" + quote(hookTmp.string()));
    }

    // One line of git's output, without the line end.
    [[nodiscard]] std::string line(const std::string& arguments) const {
        auto result = git(arguments);
        INFO(arguments << ": " << result.output);
        REQUIRE(result.exitCode == 0);
        std::string text = result.output;
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
            text.pop_back();
        }
        return text;
    }

    // A blob of the work repository holding `content`.
    [[nodiscard]] std::string blob(const std::string& content) const {
        const fs::path file = dir.path() / "blob.tmp";
        {
            std::ofstream out(file, std::ios::binary);
            out << content;
        }
        return line("hash-object -w " + quote(file.string()));
    }

    struct Entry {
        std::string mode; // "100644", "100755", "120000", "160000", "040000"
        std::string id;
        std::string name; // any bytes but '/' and NUL: what a crafted tree may hold
    };
    // A tree made with `git mktree`, which takes names git itself would never write.
    [[nodiscard]] std::string tree(const std::vector<Entry>& entries) const {
        const fs::path file = dir.path() / "tree.tmp";
        {
            std::ofstream out(file, std::ios::binary);
            for (const auto& entry : entries) {
                const char* type = entry.mode == "040000"   ? "tree"
                                   : entry.mode == "160000" ? "commit"
                                                            : "blob";
                out << entry.mode << ' ' << type << ' ' << entry.id << '\t' << entry.name << '\0';
            }
        }
        return line("mktree -z --missing < " + quote(file.string()));
    }

    // A commit made with `git commit-tree` as `email`.
    [[nodiscard]] std::string commitTree(const std::string& tree,
                                         const std::vector<std::string>& parents,
                                         const std::string& email,
                                         const std::string& message = "Правка") const {
        std::string arguments = "commit-tree " + tree;
        for (const auto& parent : parents) {
            arguments += " -p " + parent;
        }
        arguments += " -m " + quote(message);
        auto result = git(arguments, "GIT_AUTHOR_NAME=Тест GIT_AUTHOR_EMAIL=" + email +
                                         " GIT_COMMITTER_NAME=Тест GIT_COMMITTER_EMAIL=" + email);
        INFO(result.output);
        REQUIRE(result.exitCode == 0);
        return result.output.substr(0, 40);
    }

    // Every file and folder of the test's folder but the work clone and git's object store, with
    // its size: what a refused push must leave as it was.
    [[nodiscard]] std::map<std::string, std::uintmax_t> outside() const {
        std::map<std::string, std::uintmax_t> files;
        for (auto it = fs::recursive_directory_iterator(dir.path());
             it != fs::recursive_directory_iterator(); ++it) {
            const fs::path& path = it->path();
            if (path == work || path == bare / "objects") {
                it.disable_recursion_pending();
                continue;
            }
            std::error_code ec;
            files[path.string()] = it->is_regular_file(ec) ? it->file_size(ec) : 0;
        }
        return files;
    }

    [[nodiscard]] std::string centralHead() const {
        return runCommand(clean("git -C " + quote(bare.string()) + " rev-parse main"), true).output;
    }
    [[nodiscard]] std::string localHead() const { return git("rev-parse HEAD").output; }

    // Drops local commits the central repository refused.
    void resetToCentral() const { REQUIRE(git("reset -q --hard origin/main").exitCode == 0); }

    // The KB every case starts from, pushed by the administrator into the empty repository.
    void seed() {
        write("sufler.yaml",
              "organization: Министерство труда и социальной защиты населения Энской области\n"
              "admins: [it@minsoc.example]\n");
        write("changes.yaml",
              "- date: 2026-11-10\n"
              "  departments: [families]\n"
              "  what: С 1 января 2027 года меняется размер регионального пособия\n");
        write("departments/families/index.md", kIndexFamilies);
        write("departments/families/faq.md",
              "## Как оформить единое пособие?\n\nЧерез Госуслуги или в МФЦ.\n");
        write("departments/zhku/index.md",
              "---\n"
              "title: Отдел мер социальной поддержки по оплате ЖКУ\n"
              "head: Петров Пётр Петрович\n"
              "editors: [petrov@minsoc.example, petrov]\n"
              "---\n\n"
              "Компенсации расходов на оплату жилищно-коммунальных услуг.\n");
        write("departments/zhku/faq.md",
              "## Кому положена компенсация?\n\nВетеранам и инвалидам.\n");
        commitAs("it@minsoc.example", "База знаний");
        auto pushed = push("SUFLER_PUSHER=it@minsoc.example");
        INFO(pushed.output);
        REQUIRE(pushed.exitCode == 0);
        REQUIRE(centralHead() == localHead());
    }
};

} // namespace sufler::test
