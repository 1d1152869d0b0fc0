// The citizen across calls through the real `sufler` program: `journal history`, the printable
// list of appeals, the callback's outgoing row in `journal list --outgoing`.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/journal/journal.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sys/stat.h>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string shq(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// `sufler ARGS --journal WHERE` with stderr; ARGS quoted for the shell already.
test::CommandResult runSufler(const std::string& where, const std::string& args) {
    return test::runCommand(fmt::format("{} {} --journal {} 2>&1",
                                        shq(test::binary("sufler").string()), args, shq(where)));
}

unsigned mode(const fs::path& file) {
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// Two calls from one citizen, written two ways, the first with a callback pending; a third
// from someone else.
void twoCalls(Journal& j) {
    j.setCalendar(core::WorkCalendar{});
    IncomingCall c1;
    c1.receivedAt = "2026-12-01 10:00";
    c1.phone = "8 (900) 123-45-67";
    c1.callerName = "Смирнова Е. В.";
    c1.question = "субсидия на ЖКУ";
    c1.operatorName = "Иванова А. А.";
    c1.closedAt = "2026-12-01 10:07";
    const CallId id1 = j.addIncoming(c1);
    j.deferAnswer(id1, "", "");
    IncomingCall c2 = c1;
    c2.receivedAt = "2026-12-03 09:00";
    c2.phone = "+7 900 123 45 67";
    c2.question = "единое пособие | на детей";
    c2.survey.answered = Answered::Yes;
    c2.closedAt = "2026-12-03 09:04";
    j.addIncoming(c2);
    IncomingCall other = c1;
    other.phone = "8 900 765 43 21";
    other.question = "чужой вопрос";
    j.addIncoming(other);
}

} // namespace

TEST_CASE("citizen cli: journal history lists a citizen's calls and what is open, the phone "
          "written any way") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    {
        auto j = Journal::open(where);
        twoCalls(j);
    }
    const auto text = runSufler(where, "journal history --phone 9001234567 --today 2026-12-06");
    INFO(text.output);
    REQUIRE(text.exitCode == 0);
    CHECK(text.output.find("+79001234567") != std::string::npos);
    CHECK(text.output.find("субсидия на ЖКУ") != std::string::npos);
    CHECK(text.output.find("единое пособие") != std::string::npos);
    CHECK(text.output.find("чужой вопрос") == std::string::npos);
    CHECK(text.output.find("Не завершено: обратный звонок по звонку № 1") != std::string::npos);
    CHECK(text.output.find("ПРОСРОЧЕН") != std::string::npos);

    const auto json =
        runSufler(where, "journal history --phone '+7 (900) 123-45-67' --today 2026-12-06 --json");
    REQUIRE(json.exitCode == 0);
    const auto h = nlohmann::json::parse(json.output);
    CHECK(h["phone"] == "+79001234567");
    CHECK(h["since"] == "2021-12-06");
    REQUIRE(h["calls"].size() == 2);
    CHECK(h["calls"][0]["question"] == "единое пособие | на детей");
    CHECK(h["calls"][0]["answered"] == "да");
    CHECK(h["calls"][1]["deferred"]["due"] == "2026-12-02");
    REQUIRE(h["open"].size() == 1);
    CHECK(h["open"][0]["due"] == "2026-12-02");
    CHECK(h["open"][0]["overdue"] == true);

    const auto bad = runSufler(where, "journal history --phone 'не помню'");
    CHECK(bad.exitCode != 0);
    CHECK(bad.output.find("не номер телефона") != std::string::npos);
}

TEST_CASE("citizen cli: the list of appeals is written only with --with-personal-data, "
          "readable by its owner alone") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    {
        auto j = Journal::open(where);
        twoCalls(j);
    }
    const auto md = dir.path() / "обращения.md";
    const auto refused = runSufler(where, fmt::format("journal history --phone 89001234567 "
                                                      "--today 2026-12-06 --format md --out {}",
                                                      shq(md.string())));
    CHECK(refused.exitCode != 0);
    CHECK(refused.output.find("--with-personal-data") != std::string::npos);
    CHECK_FALSE(fs::exists(md));

    // an existing file others could read is closed before the data goes in
    {
        std::ofstream(md) << "старое";
        ::chmod(md.c_str(), 0644);
    }
    const auto written = runSufler(where, fmt::format("journal history --phone 89001234567 --today "
                                                      "2026-12-06 --format md --out {} "
                                                      "--with-personal-data",
                                                      shq(md.string())));
    INFO(written.output);
    REQUIRE(written.exitCode == 0);
    CHECK(mode(md) == 0600);
    const auto text = test::readFile(md);
    CHECK(text.find("с 06.12.2021 по 06.12.2026") != std::string::npos);
    CHECK(text.find("| 1 | 01.12.2026 10:00 | субсидия на ЖКУ |") != std::string::npos);
    CHECK(text.find("единое пособие \\| на детей") != std::string::npos);
    CHECK(text.find("## Не завершено") != std::string::npos);
    CHECK(text.find("чужой") == std::string::npos);
    CHECK(text.find("старое") == std::string::npos);

    const auto xlsx = dir.path() / "обращения.xlsx";
    REQUIRE(runSufler(where, fmt::format("journal history --phone 89001234567 --today 2026-12-06 "
                                         "--format xlsx --out {} --with-personal-data",
                                         shq(xlsx.string())))
                .exitCode == 0);
    CHECK(mode(xlsx) == 0600);
    const auto sheets = test::openInLibreOffice(xlsx);
    INFO(sheets.problem);
    REQUIRE(sheets.csv.count("Обращения") == 1);
    const auto& sheet = sheets.csv.at("Обращения");
    CHECK(sheet.find("субсидия на ЖКУ") != std::string::npos);
    CHECK(sheet.find("единое пособие | на детей") != std::string::npos);
    CHECK(sheet.find("чужой") == std::string::npos);
}

TEST_CASE("citizen cli: a callback answered from the command line is listed among outgoing "
          "calls") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    {
        auto j = Journal::open(where);
        twoCalls(j);
    }
    CHECK(runSufler(where, "journal list --outgoing --json").output.find("обратный") ==
          std::string::npos);
    const auto answered = runSufler(where, "journal answer 1 --result 'субсидия назначена' --at "
                                           "'2026-12-02 11:00' --operator 'Петров П. П.'");
    INFO(answered.output);
    REQUIRE(answered.exitCode == 0);
    const auto listed = runSufler(where, "journal list --outgoing --json");
    REQUIRE(listed.exitCode == 0);
    const auto out = nlohmann::json::parse(listed.output);
    REQUIRE(out.size() == 1);
    CHECK(out[0]["incoming"] == 1);
    CHECK(out[0]["note"] == "обратный звонок с ответом");
    CHECK(out[0]["operator"] == "Петров П. П.");
    CHECK(out[0]["question"] == "субсидия на ЖКУ");
    CHECK(out[0]["called_at"] == "2026-12-02 11:00:00");
}
