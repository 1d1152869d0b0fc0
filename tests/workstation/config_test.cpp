// The workstation's sufler.conf: the system file, the user's over it, the command line over
// both; bad lines are refused naming the file and the line. Real files in a temporary HOME,
// read by the library and by the built `sufler` program.
#include "config/workstation_config.h"

#include "sufler/core/error.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <string>

namespace fs = std::filesystem;
using namespace sufler;
using sufler::test::TempDir;

namespace {

// HOME, XDG_CONFIG_HOME and SUFLER_SYSTEM_CONFIG for one test, restored after it.
class Environment {
public:
    Environment(const fs::path& home, const fs::path& systemFile) {
        save("HOME");
        save("XDG_CONFIG_HOME");
        save("SUFLER_SYSTEM_CONFIG");
        setenv("HOME", home.c_str(), 1);
        unsetenv("XDG_CONFIG_HOME");
        setenv("SUFLER_SYSTEM_CONFIG", systemFile.c_str(), 1);
    }
    ~Environment() {
        for (const auto& [name, value] : m_saved) {
            if (value) {
                setenv(name.c_str(), value->c_str(), 1);
            } else {
                unsetenv(name.c_str());
            }
        }
    }
    Environment(const Environment&) = delete;
    Environment& operator=(const Environment&) = delete;

private:
    void save(const std::string& name) {
        const char* value = std::getenv(name.c_str());
        m_saved.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
    }
    std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

// `sufler ARGS` with the test's environment; stdout and stderr.
test::CommandResult runSufler(const std::string& args) {
    return test::runCommand(fmt::format("'{}' {} 2>&1", test::binary("sufler").string(), args),
                            true);
}

} // namespace

TEST_CASE("workstation config: the user's file overrides the system file key by key") {
    TempDir dir;
    const fs::path home = dir.path() / "home";
    const fs::path system = dir.write("etc/sufler.conf", "# общий\n"
                                                         "kb = /srv/sufler/kb\n"
                                                         "repository = /srv/git/kb.git\n"
                                                         "journal = service=sufler\n"
                                                         "operator = Общий Оператор\n");
    dir.write("home/.config/sufler/sufler.conf", "\n  operator =  Иванова Анна Сергеевна  \n"
                                                 "kb = ~/kb\n");
    Environment env(home, system);

    const config::WorkstationConfig loaded = config::loadWorkstationConfig();
    CHECK(loaded.get(config::kOperator) == "Иванова Анна Сергеевна");
    CHECK(loaded.get(config::kKb) == (home / "kb").string()); // ~ is the user's home
    CHECK(loaded.get(config::kJournal) == "service=sufler");  // from the system file
    CHECK(loaded.get(config::kRepository) == "/srv/git/kb.git");
    CHECK(loaded.values.at("journal").file == system);
    CHECK(loaded.values.at("operator").line == 2);
    REQUIRE(loaded.files.size() == 2);

    SECTION("XDG_CONFIG_HOME moves the user's file") {
        dir.write("xdg/sufler/sufler.conf", "operator = Петров Пётр\n");
        setenv("XDG_CONFIG_HOME", (dir.path() / "xdg").c_str(), 1);
        CHECK(config::loadWorkstationConfig().get(config::kOperator) == "Петров Пётр");
    }
    SECTION("an empty value in the user's file takes the system's back") {
        dir.write("home/.config/sufler/sufler.conf", "journal =\n");
        CHECK_FALSE(config::loadWorkstationConfig().get(config::kJournal));
    }
}

TEST_CASE("workstation config: a bad line is refused with the file and the line") {
    TempDir dir;
    Environment env(dir.path() / "home", dir.path() / "none.conf");
    const auto refused = [&](const std::string& text) {
        const fs::path file = dir.write("bad.conf", text);
        config::WorkstationConfig config;
        try {
            config::readConfigFile(file, config);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    const std::string where = (dir.path() / "bad.conf").string();
    CHECK(refused("kb = /a\nоператор = Анна\n") ==
          where + ":2: неизвестный ключ «оператор»; допустимы: kb, repository, journal, operator");
    CHECK(refused("# x\n\nkb /srv/kb\n") ==
          where + ":3: нет «=»: строка настроек пишется как «ключ = значение»");
    CHECK(refused("kb = kb\n") == where + ":1: kb — нужен полный путь (/… или ~/…), а не «kb»");
    CHECK(refused("journal = journal.sqlite\n").starts_with(where + ":1: journal — нужен полный"));
    CHECK(refused("journal = postgresql://оператор@сервер/sufler\n") == "accepted");
    CHECK(refused("\xEF\xBB\xBFkb = /srv/kb\n") == "accepted"); // a BOM from Notepad
}

TEST_CASE("workstation config: sufler takes --kb, --journal and --operator from it, the "
          "command line wins") {
    TempDir dir;
    const fs::path home = dir.path() / "home";
    const fs::path journalFile = dir.path() / "journal.sqlite";
    const fs::path system = dir.write("etc/sufler.conf", fmt::format("kb = /nonexistent/kb\n"
                                                                     "journal = {}\n",
                                                                     journalFile.string()));
    dir.write("home/.config/sufler/sufler.conf",
              fmt::format("kb = {}\noperator = Иванова Анна\n", test::demoKb().string()));
    Environment env(home, system);

    // `sufler config` says what is in force and where it comes from.
    const auto shown = runSufler("config");
    REQUIRE(shown.exitCode == 0);
    CHECK_THAT(shown.output,
               Catch::Contains(fmt::format("kb = {}  # {}:1", test::demoKb().string(),
                                           (home / ".config/sufler/sufler.conf").string())));
    CHECK_THAT(shown.output, Catch::Contains(fmt::format("journal = {}  # {}:2",
                                                         journalFile.string(), system.string())));
    CHECK(runSufler("config operator").output == "Иванова Анна\n");
    CHECK(runSufler("config repository").exitCode == 1);

    // The configured KB is the default of --kb: the user's file over the system's.
    const auto linted = runSufler("lint");
    CHECK(linted.exitCode == 0);
    CHECK_THAT(linted.output, Catch::Contains(fs::weakly_canonical(test::demoKb()).string()));
    // The command line wins over both files.
    const auto given = runSufler("lint --kb /nonexistent/given");
    CHECK(given.exitCode == 2);
    CHECK_THAT(given.output, Catch::Contains("/nonexistent/given: нет такой папки базы знаний"));

    // The configured journal is the default of --journal, the operator of --operator.
    REQUIRE(runSufler("journal add question=Пособия").exitCode == 0);
    CHECK(fs::exists(journalFile));
    CHECK_FALSE(fs::exists(home / ".local/share/sufler/journal.sqlite"));
    const auto listed = runSufler("journal list");
    CHECK_THAT(listed.output, Catch::Contains("Пособия"));
    const fs::path other = dir.path() / "other.sqlite";
    REQUIRE(runSufler(fmt::format("journal add --journal '{}' question=Другое", other.string()))
                .exitCode == 0);
    CHECK(fs::exists(other));
    CHECK_THAT(runSufler("journal list").output, !Catch::Contains("Другое"));

    // A bad configuration stops every command with the file and the line.
    dir.write("home/.config/sufler/sufler.conf", "kb: /srv\n");
    const auto bad = runSufler("lint");
    CHECK(bad.exitCode == 2);
    CHECK_THAT(bad.output, Catch::Contains((home / ".config/sufler/sufler.conf").string() + ":1:"));
}

TEST_CASE("workstation config: a configured KB folder that is missing is cloned from the "
          "central repository") {
    TempDir dir;
    const fs::path home = dir.path() / "home";
    const fs::path central = dir.path() / "central.git";
    const fs::path clone = home / "kb";
    // A central repository holding the demo KB.
    REQUIRE(test::runCommand(
                fmt::format(
                    "set -e; git init -q -b main '{0}/src' && cp -r '{1}'/. '{0}/src' && "
                    "git -C '{0}/src' add -A && git -C '{0}/src' -c user.name=a -c user.email=a@b "
                    "commit -qm kb && git clone -q --bare '{0}/src' '{2}'",
                    dir.path().string(), test::demoKb().string(), central.string()))
                .exitCode == 0);
    const fs::path system =
        dir.write("etc/sufler.conf", fmt::format("kb = ~/kb\nrepository = {}\n", central.string()));
    Environment env(home, system);

    const auto linted = runSufler("lint");
    CHECK(linted.exitCode == 0);
    CHECK_THAT(linted.output, Catch::Contains("база знаний склонирована из " + central.string()));
    CHECK(fs::is_regular_file(clone / "sufler.yaml"));
    CHECK(fs::is_directory(clone / ".git"));
    // Once there, it is used as it is.
    CHECK_THAT(runSufler("lint").output, !Catch::Contains("склонирована"));

    // A repository that cannot be cloned says so and names the file that configures it.
    fs::remove_all(clone);
    dir.write("etc/sufler.conf", "kb = ~/kb\nrepository = /nonexistent/kb.git\n");
    const auto failed = runSufler("lint");
    CHECK(failed.exitCode == 2);
    CHECK_THAT(failed.output, Catch::Contains("не удалось клонировать"));
    CHECK_THAT(failed.output, Catch::Contains(system.string()));
}
