// The pre-receive hook with real `git push` into a real bare repository where `sufler hook
// install` put it: who may change which section, and no push that leaves lint errors.
#include "hook_fixture.h"
#include "sufler/kb/hook.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace sufler;
using namespace sufler::test;

TEST_CASE("hook: the first push into an empty repository is accepted when lint passes, refused "
          "when not") {
    Central good;
    good.seed(); // REQUIREs the push went through
    CHECK(fs::exists(good.bare / "hooks" / "pre-receive"));

    Central broken;
    broken.write("sufler.yaml", "organization: Минтруд Энской области\n");
    broken.write("departments/families/index.md", "---\nhead: Без названия\n---\n\nТекст.\n");
    broken.commitAs("it@minsoc.example", "База знаний без title");
    auto pushed = broken.push("SUFLER_PUSHER=it@minsoc.example");
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("sufler lint") != std::string::npos);
    CHECK(pushed.output.find("departments/families/index.md") != std::string::npos);
    // The central repository is still empty.
    CHECK(runCommand(clean("git -C " + quote(broken.bare.string()) + " rev-parse -q --verify main"),
                     true)
              .exitCode != 0);
}

TEST_CASE("hook: an editor of a section may push changes to it") {
    Central central;
    central.seed();
    central.write("departments/families/faq.md",
                  "## Как оформить единое пособие?\n\nЧерез Госуслуги, в МФЦ или в СФР.\n");
    central.commitAs("ivanova@minsoc.example", "Единое пособие: СФР");
    auto pushed = central.push("SUFLER_PUSHER=ivanova@minsoc.example");
    INFO(pushed.output);
    CHECK(pushed.exitCode == 0);
    CHECK(central.centralHead() == central.localHead());

    // Gitea and Forgejo name the pusher in GITEA_PUSHER_EMAIL; case does not matter.
    central.write("departments/families/faq.md",
                  "## Как оформить единое пособие?\n\nЧерез Госуслуги.\n");
    central.commitAs("ivanova@minsoc.example", "Единое пособие: только Госуслуги");
    pushed = central.push("GITEA_PUSHER_EMAIL=Ivanova@MinSoc.example");
    INFO(pushed.output);
    CHECK(pushed.exitCode == 0);

    // GitLab passes the login in GL_USERNAME: it counts when editors lists it.
    central.write("departments/zhku/faq.md",
                  "## Кому положена компенсация?\n\nВетеранам, инвалидам, многодетным.\n");
    central.commitAs("petrov@minsoc.example", "Компенсация: многодетные");
    pushed = central.push("GL_USERNAME=petrov");
    INFO(pushed.output);
    CHECK(pushed.exitCode == 0);
    CHECK(central.centralHead() == central.localHead());
}

TEST_CASE(
    "hook: a push into another department's section is refused, naming file, department and rule") {
    Central central;
    central.seed();
    const std::string before = central.centralHead();
    central.write("departments/families/faq.md", "## Как оформить единое пособие?\n\nНе знаю.\n");
    central.commitAs("petrov@minsoc.example", "Правка чужого раздела");
    auto pushed = central.push("GITEA_PUSHER_EMAIL=petrov@minsoc.example");
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("отклонено") != std::string::npos);
    CHECK(pushed.output.find("departments/families/faq.md") != std::string::npos);
    CHECK(pushed.output.find("families («Отдел социальных выплат семьям с детьми»)") !=
          std::string::npos);
    CHECK(pushed.output.find("editors") != std::string::npos);
    CHECK(pushed.output.find("petrov@minsoc.example (GITEA_PUSHER_EMAIL)") != std::string::npos);
    CHECK(central.centralHead() == before);

    // The pusher counts, not whoever wrote the commits: Petrov cannot push Ivanova's commit.
    central.resetToCentral();
    central.write("departments/families/faq.md", "## Как оформить единое пособие?\n\nЧерез МФЦ.\n");
    central.commitAs("ivanova@minsoc.example", "Единое пособие: МФЦ");
    CHECK(central.push("SUFLER_PUSHER=petrov@minsoc.example").exitCode != 0);

    // Without a pusher from the server nothing is accepted, and the message says how to name one.
    const std::string head = central.centralHead();
    pushed = central.push();
    INFO(pushed.output);
    CHECK(pushed.exitCode != 0);
    for (const char* variable : {"GITEA_PUSHER_EMAIL", "GL_USERNAME", "SUFLER_PUSHER"}) {
        CHECK(pushed.output.find(variable) != std::string::npos);
    }
    CHECK(pushed.output.find("--trust-committer") != std::string::npos);
    CHECK(central.centralHead() == head);
    pushed = central.push("GITEA_PUSHER_EMAIL=");
    CHECK(pushed.exitCode != 0);
    CHECK(central.centralHead() == head);

    // Trusting committers is the administrator's explicit, warned choice.
    auto installed =
        runCommand(clean(quote(binary("sufler").string()) + " hook install --trust-committer " +
                         quote(central.bare.string())),
                   true);
    CHECK(installed.exitCode == 0);
    CHECK(installed.output.find("внимание") != std::string::npos);
    pushed = central.push();
    INFO(pushed.output);
    CHECK(pushed.exitCode == 0);
    central.write("departments/families/faq.md", "## Как оформить единое пособие?\n\nЧерез СФР.\n");
    central.commitAs("petrov@minsoc.example", "Снова чужой раздел");
    pushed = central.push();
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("e-mail коммиттера") != std::string::npos);
}

TEST_CASE("hook: outside departments/ only administrators, who may change anything") {
    Central central;
    central.seed();
    central.write("changes.yaml",
                  "- date: 2026-11-20\n  departments: [zhku]\n  what: Новые тарифы\n");
    central.commitAs("ivanova@minsoc.example", "Уведомление об изменении");
    auto pushed = central.push("SUFLER_PUSHER=ivanova@minsoc.example");
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("changes.yaml") != std::string::npos);
    CHECK(pushed.output.find("вне разделов отделов") != std::string::npos);
    CHECK(pushed.output.find("admins") != std::string::npos);

    // A new section is made by an administrator.
    central.resetToCentral();
    central.write("departments/pensions/index.md", "---\ntitle: Отдел пенсий\n---\n\nПенсии.\n");
    central.commitAs("ivanova@minsoc.example", "Новый раздел");
    pushed = central.push("SUFLER_PUSHER=ivanova@minsoc.example");
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("новый раздел заводит администратор") != std::string::npos);

    // The administrator changes all of it at once.
    central.write("changes.yaml",
                  "- date: 2026-11-20\n  departments: [zhku]\n  what: Новые тарифы\n");
    central.write("departments/zhku/faq.md",
                  "## Кому положена компенсация?\n\nСм. новые тарифы.\n");
    central.commitAs("it@minsoc.example", "Тарифы и новый раздел");
    pushed = central.push("SUFLER_PUSHER=it@minsoc.example");
    INFO(pushed.output);
    CHECK(pushed.exitCode == 0);
    CHECK(central.centralHead() == central.localHead());
}

TEST_CASE("hook: rights come from the branch before the push, and lint errors are refused") {
    Central central;
    central.seed();
    // Petrov adds himself to the editors of families and uses that in the same push.
    std::string index = kIndexFamilies;
    index.replace(index.find("[ivanova@minsoc.example]"), 24,
                  "[ivanova@minsoc.example, petrov@minsoc.example]");
    central.write("departments/families/index.md", index);
    central.commitAs("petrov@minsoc.example", "Себя в редакторы");
    central.write("departments/families/faq.md",
                  "## Как оформить единое пособие?\n\nПравка Петрова.\n");
    central.commitAs("petrov@minsoc.example", "Правка раздела");
    auto pushed = central.push("SUFLER_PUSHER=petrov@minsoc.example");
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("departments/families/index.md") != std::string::npos);
    CHECK(pushed.output.find("departments/families/faq.md") != std::string::npos);
    CHECK(pushed.output.find("до этой отправки") != std::string::npos);

    // Ivanova may edit her section, but not leave it without a title.
    central.resetToCentral();
    central.write("departments/families/index.md",
                  "---\nhead: Иванова Мария Петровна\neditors: [ivanova@minsoc.example]\n"
                  "---\n\nТекст.\n");
    central.commitAs("ivanova@minsoc.example", "Без заголовка");
    const std::string before = central.centralHead();
    pushed = central.push("SUFLER_PUSHER=ivanova@minsoc.example");
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("ошибки sufler lint") != std::string::npos);
    CHECK(pushed.output.find("departments/families/index.md:") != std::string::npos);
    CHECK(pushed.output.find("Ошибки в разделах отделов: families.") != std::string::npos);
    CHECK(central.centralHead() == before);
}

TEST_CASE("hook: reading pushed refs and installing") {
    std::istringstream in(
        "0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 "
        "refs/heads/main\n\n");
    auto updates = kb::hook::parseRefUpdates(in);
    REQUIRE(updates.size() == 1);
    CHECK(updates[0].ref == "refs/heads/main");
    std::istringstream bad("abc def refs/heads/main\n");
    CHECK_THROWS_WITH(kb::hook::parseRefUpdates(bad), Catch::Contains("строка 1"));

    TempDir dir;
    REQUIRE(runCommand(clean("git init -q --bare " + quote((dir.path() / "g.git").string())), true)
                .exitCode == 0);
    // Gitea and Forgejo keep their own hook in pre-receive and run the scripts of pre-receive.d.
    fs::create_directories(dir.path() / "g.git/hooks/pre-receive.d");
    auto written = kb::hook::install(dir.path() / "g.git", "/usr/local/bin/sufler", false);
    CHECK(written == dir.path() / "g.git/hooks/pre-receive.d/sufler");
    CHECK(readFile(written).find("exec '/usr/local/bin/sufler' hook pre-receive\n") !=
          std::string::npos);
    // git itself refuses malformed objects before the hook sees them.
    CHECK(runCommand(clean("git -C " + quote((dir.path() / "g.git").string()) +
                           " config receive.fsckObjects"),
                     true)
              .output.find("true") != std::string::npos);
    CHECK((fs::status(written).permissions() & fs::perms::owner_exec) != fs::perms::none);
    // Someone else's hook is not replaced without --force; ours is.
    dir.write("g.git/hooks/pre-receive.d/sufler", "#!/bin/sh\nexit 0\n");
    CHECK_THROWS_WITH(kb::hook::install(dir.path() / "g.git", "/usr/local/bin/sufler", false),
                      Catch::Contains("--force"));
    CHECK_NOTHROW(kb::hook::install(dir.path() / "g.git", "/usr/local/bin/sufler", true));
    CHECK_NOTHROW(kb::hook::install(dir.path() / "g.git", "/usr/local/bin/sufler", false));

    auto notBare = runCommand(
        clean(quote(binary("sufler").string()) + " hook install " + quote(dir.path().string())),
        true);
    CHECK(notBare.exitCode != 0);
}

TEST_CASE("hook: a department's schedule.md is its own, and a broken one is refused") {
    Central central;
    central.seed();
    const std::string schedule = R"(---
specialists:
  - id: kudryavtseva
    name: Кудрявцева Анна Сергеевна
    role: специалист по семейным вопросам
    slot: 30
    hours:
      пн: 09:00-13:00
---
)";
    central.write("departments/families/schedule.md", schedule);
    central.commitAs("ivanova@minsoc.example", "Расписание приёма");
    auto pushed = central.push("GITEA_PUSHER_EMAIL=ivanova@minsoc.example");
    INFO(pushed.output);
    CHECK(pushed.exitCode == 0);

    // Another department's editor may not change it.
    const std::string before = central.centralHead();
    central.write("departments/families/schedule.md",
                  std::string(schedule).replace(schedule.find("09:00-13:00"), 11, "09:00-18:00"));
    central.commitAs("petrov@minsoc.example", "Чужое расписание");
    pushed = central.push("GITEA_PUSHER_EMAIL=petrov@minsoc.example");
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("departments/families/schedule.md") != std::string::npos);
    CHECK(central.centralHead() == before);

    // The department's own schedule with overlapping hours is refused by lint, naming the line.
    central.resetToCentral();
    central.write("departments/families/schedule.md",
                  std::string(schedule).replace(schedule.find("09:00-13:00"), 11,
                                                "09:00-13:00, 12:00-14:00"));
    central.commitAs("ivanova@minsoc.example", "Расписание с ошибкой");
    pushed = central.push("GITEA_PUSHER_EMAIL=ivanova@minsoc.example");
    CHECK(pushed.exitCode != 0);
    CHECK(pushed.output.find("departments/families/schedule.md:8") != std::string::npos);
    CHECK(central.centralHead() == before);
}
