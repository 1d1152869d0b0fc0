// The journal on a real PostgreSQL server: what only a server engine has to show — its
// schema under several programs, its messages, a server that crashes mid-burst.
#include "pg.h"
#include "pg_store.h"
#include "scoped_env.h"
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/core/error.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/store.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <numeric>
#include <sys/stat.h>
#include <thread>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

// Sets an environment variable for the scope, as it was after.
using Env = test::ScopedEnv;

std::string openError(const std::string& where) {
    try {
        (void)Journal::open(where);
    } catch (const Error& e) {
        return e.what();
    }
    FAIL("opened: " << where);
    return {};
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("postgres: the journal names its server, database and user, never the password, and "
          "keeps this workstation's files in its data folder",
          "[journal][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    TempDir dir;
    const Env data("XDG_DATA_HOME", dir.path().string());
    // The test server trusts its socket: the password is taken and not checked.
    const std::string where = test::freshPgDatabase() + "&password=topsecret";
    const auto j = Journal::open(where);
    const std::string d = j.describe();
    CHECK(d.starts_with("PostgreSQL postgres@"));
    CHECK(has(d, "/t_"));
    CHECK_FALSE(has(d, "topsecret"));
    CHECK(j.localFile(".run.json").parent_path() == dir.path() / "sufler");
    CHECK(j.localFile(".run.json").filename().string().ends_with(".run.json"));
    CHECK_FALSE(has(j.localFile(".run.json").string(), "topsecret"));
    CHECK(localFolder(where) == dir.path() / "sufler");
    CHECK(isServerJournal(where));
    CHECK(isServerJournal("service=sufler"));
    CHECK_FALSE(isServerJournal((dir.path() / "journal.sqlite").string()));
    CHECK(j.schemaVersion() == PostgresJournalStore::knownSchemaVersion());
}

TEST_CASE("postgres: text a server cannot hold reads back with U+FFFD, the rest as typed",
          "[journal][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    auto j = Journal::open(test::freshPgDatabase());
    IncomingCall card;
    card.question = std::string("нулевой\0байт", 23);
    card.note = "\xff\xfe не UTF-8 \xc3\x28";
    card.callerName = "'); DROP TABLE incoming_calls; --";
    const auto back = j.incoming(j.startIncoming(card));
    REQUIRE(back);
    CHECK(back->question == "нулевой\xEF\xBF\xBDбайт");
    CHECK(back->note == "\xEF\xBF\xBD\xEF\xBF\xBD не UTF-8 \xEF\xBF\xBD(");
    CHECK(back->callerName == card.callerName);
}

TEST_CASE("postgres: a journal written by a newer program is refused and left as it is",
          "[journal][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    const std::string where = test::freshPgDatabase();
    { Journal::open(where).startIncoming({}); }
    const int newer = PostgresJournalStore::knownSchemaVersion() + 1;
    (void)test::pgQuery(where,
                        fmt::format("INSERT INTO schema_version (version) VALUES ({})", newer));
    const auto message = openError(where);
    CHECK(has(message, "новее программы"));
    CHECK(has(message, fmt::format("схема {}", newer)));
    CHECK(has(message, "обновите Суфлёр"));
    CHECK(test::pgQuery(where, "SELECT max(version) FROM schema_version") == std::to_string(newer));
    CHECK(test::pgQuery(where, "SELECT count(*) FROM incoming_calls") == "1");
}

TEST_CASE("postgres: programs opening a new database at once make its schema once",
          "[journal][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    for (int round = 0; round < 3; ++round) {
        const std::string where = test::freshPgDatabase();
        constexpr int kPrograms = 6;
        std::vector<std::string> problems(kPrograms);
        std::vector<std::thread> programs;
        for (int i = 0; i < kPrograms; ++i) {
            programs.emplace_back([&, i] {
                try {
                    auto j = Journal::open(where);
                    IncomingCall card;
                    card.receivedAt = "2026-11-05 10:00";
                    j.startIncoming(card);
                } catch (const std::exception& e) {
                    problems[static_cast<std::size_t>(i)] = e.what();
                }
            });
        }
        for (auto& t : programs) {
            t.join();
        }
        for (const auto& p : problems) {
            CHECK(p.empty());
        }
        CHECK(test::pgQuery(where, "SELECT count(*) FROM schema_version") ==
              std::to_string(PostgresJournalStore::knownSchemaVersion()));
        CHECK(test::pgQuery(where, "SELECT count(DISTINCT number) FROM incoming_calls") ==
              std::to_string(kPrograms));
    }
}

TEST_CASE("postgres: a server older than the program needs is refused, naming both versions",
          "[journal][postgres]") {
    CHECK_NOTHROW(pg::checkServerVersion(150018, "PostgreSQL x"));
    CHECK_NOTHROW(pg::checkServerVersion(130000, "PostgreSQL x"));
    try {
        pg::checkServerVersion(120017, "PostgreSQL postgres@db:5432/sufler");
        FAIL("accepted");
    } catch (const Error& e) {
        const std::string message = e.what();
        CHECK(has(message, "PostgreSQL postgres@db:5432/sufler"));
        CHECK(has(message, "12.17"));
        CHECK(has(message, "13 или новее"));
    }
}

TEST_CASE("postgres: a wrong or missing password is said so, with where passwords go, and the "
          "right one from ~/.pgpass gets in",
          "[journal][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    TempDir dir;
    test::PgServer server;
    const std::string where = server.createDatabase();
    { (void)Journal::open(where); }
    server.requirePassword("s3cret-pass");
    const auto passfile = dir.path() / "pgpass";
    const Env pgpass("PGPASSFILE", passfile.string());

    auto message = openError(where + "&password=wrong-guess");
    CHECK(has(message, "неверный пароль пользователя postgres"));
    CHECK(has(message, "~/.pgpass"));
    CHECK_FALSE(has(message, "wrong-guess"));
    CHECK_FALSE(has(message, "\n"));

    message = openError(where);
    CHECK(has(message, "требует пароль"));
    CHECK(has(message, "~/.pgpass"));

    {
        std::ofstream out(passfile);
        out << "*:*:*:postgres:s3cret-pass\n";
    }
    ::chmod(passfile.c_str(), 0600);
    auto j = Journal::open(where);
    CHECK(j.incomingCalls().empty());
}

TEST_CASE("postgres: a database that is not there is named", "[journal][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    const std::string where = test::pgUriWithDatabase(test::freshPgDatabase(), "no_such_db");
    const auto message = openError(where);
    CHECK(has(message, "базы данных no_such_db на сервере нет"));
}

TEST_CASE("postgres: a server crash mid-burst loses no committed call and doubles none, and the "
          "writers carry on once it is back",
          "[journal][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    test::PgServer server;
    const std::string where = server.createDatabase();
    auto reader = Journal::open(where);

    struct Attempt {
        std::string tag;
        bool reported = false; // the journal said it was saved
    };
    constexpr int kWriters = 4;
    std::atomic<bool> stop{false};
    std::atomic<bool> restarted{false};
    std::vector<std::vector<Attempt>> attempts(kWriters);
    std::vector<int> savedAfterRestart(kWriters, 0);
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            auto j = Journal::open(where);
            auto& mine = attempts[static_cast<std::size_t>(w)];
            for (int i = 0; !stop; ++i) {
                IncomingCall card;
                card.receivedAt = "2026-11-05 10:00";
                card.question = fmt::format("w{}-{}", w, i);
                Attempt a{card.question, false};
                try {
                    const auto id = j.startIncoming(card);
                    card.note = "карточка";
                    j.saveCard(id, card);
                    a.reported = true;
                    if (restarted) {
                        ++savedAfterRestart[static_cast<std::size_t>(w)];
                    }
                } catch (const Error&) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                }
                mine.push_back(a);
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    server.crash();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server.restart();
    restarted = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    stop = true;
    for (auto& t : writers) {
        t.join();
    }

    // The reader's connection broke while it sat idle: a read finds a new one by itself.
    std::vector<IncomingCall> calls;
    REQUIRE_NOTHROW(calls = reader.incomingCalls());
    std::map<std::string, int> kept;
    for (const auto& c : calls) {
        ++kept[c.question];
    }
    int reported = 0;
    int failed = 0;
    for (const auto& mine : attempts) {
        for (const auto& a : mine) {
            INFO(a.tag);
            if (a.reported) {
                ++reported;
                CHECK(kept[a.tag] == 1); // saved: there, once
            } else {
                ++failed;
                CHECK(kept[a.tag] <= 1); // refused: there at most once (its commit may have
                                         // landed as the server went)
            }
        }
    }
    CHECK(reported > 0);
    CHECK(failed > 0); // the crash did come mid-burst
    for (const int n : savedAfterRestart) {
        CHECK(n > 0);
    }
    // The numbers of what is there run 1..N: a rolled-back call gave its number back.
    std::vector<int> numbers;
    for (const auto& c : calls) {
        numbers.push_back(c.number);
    }
    std::sort(numbers.begin(), numbers.end());
    std::vector<int> expected(numbers.size());
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(numbers == expected);
}

TEST_CASE("postgres: a card's drafts, not yet on disk when saved, are kept by the close that "
          "follows when the server crashes right after it",
          "[journal][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    test::PgServer server;
    const std::string where = server.createDatabase();
    CallId id = 0;
    std::string typed;
    {
        auto j = Journal::open(where);
        IncomingCall card;
        card.receivedAt = "2026-11-05 10:00";
        id = j.startIncoming(card);
        for (int word = 0; word < 30; ++word) {
            card.question += fmt::format("слово{} ", word);
            j.saveDraft(id, card);
        }
        typed = card.question;
        j.closeCall(id, Survey{Answered::Yes, Satisfaction::Satisfied});
    }
    server.crash();
    server.restart();
    const auto call = Journal::open(where).incoming(id);
    REQUIRE(call);
    CHECK(call->question == typed);
    CHECK_FALSE(call->closedAt.empty());
}

TEST_CASE("postgres: init-server makes the roles: an operator records calls and callbacks but "
          "cannot purge, a manager can",
          "[journal][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    const std::string where = test::freshPgDatabase();
    const auto init = test::runCommand(fmt::format("'{}' journal init-server --journal '{}' 2>&1",
                                                   test::binary("sufler").string(), where));
    INFO(init.output);
    REQUIRE(init.exitCode == 0);
    CHECK(has(init.output, "журнал готов"));
    // Login roles of two people (roles belong to the whole server: named after the database).
    const std::string db =
        where.substr(where.find(":///") + 4, where.find('?') - where.find(":///") - 4);
    const std::string op = "op_" + db;
    const std::string manager = "mgr_" + db;
    (void)test::pgQuery(where, fmt::format("CREATE ROLE {} LOGIN IN ROLE sufler_operator", op));
    (void)test::pgQuery(where, fmt::format("CREATE ROLE {} LOGIN IN ROLE sufler_manager", manager));
    const auto as = [&](const std::string& user) {
        std::string uri = where;
        const auto at = uri.find("user=postgres");
        REQUIRE(at != std::string::npos);
        return uri.replace(at, 13, "user=" + user);
    };

    auto j = Journal::open(as(op), core::WorkCalendar{});
    IncomingCall card;
    card.receivedAt = "2020-11-05 10:00";
    card.question = "пособие";
    const auto id = j.startIncoming(card);
    card.note = "перезвонить";
    j.saveCard(id, card);
    j.deferAnswer(id, "+7 900 000-00-00", "");
    j.completeDeferred(id, "Разъяснили", "2020-11-06 10:00");
    j.flagEntry(KbFlag{0, FlagKind::NoAnswer, "", "pensions", id, "", "", ""});
    CHECK(j.incomingCalls().size() == 1);
    CHECK_THROWS_WITH(j.purgeBefore(*parseDate("2026-01-01")),
                      Catch::Contains("нет на это прав") && Catch::Contains(op));
    CHECK(j.incomingCalls().size() == 1);

    auto m = Journal::open(as(manager));
    CHECK(m.purgeBefore(*parseDate("2026-01-01")).incoming == 1);
    CHECK(m.incomingCalls().empty());
}
