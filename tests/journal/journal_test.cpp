// The journal library: schema, file mode, round trips of every field, deferred answers, flags,
// purge.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/core/error.h"
#include "sufler/journal/journal.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sys/stat.h>
#include <thread>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

// The steps of the SQLite schema (kMigrations of sqlite_store.cpp): a new step raises it.
constexpr int kLatestSchema = 12;

Date day(const char* text) {
    return *parseDate(text);
}

std::string pragma(const std::filesystem::path& file, const char* name) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, (std::string("PRAGMA ") + name).c_str(), -1, &s, nullptr);
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW) {
        out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

} // namespace

TEST_CASE("journal: a new file is private, in WAL mode and at the latest schema") {
    TempDir dir;
    const auto file = dir.path() / "sub" / "journal.sqlite";
    {
        auto j = Journal::open(file);
        CHECK(j.schemaVersion() == kLatestSchema);
        j.startIncoming({});
    }
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(pragma(file, "journal_mode") == "wal");
    CHECK(pragma(file, "user_version") == std::to_string(kLatestSchema));
    // Reopening migrates nothing and keeps the data.
    auto again = Journal::open(file);
    CHECK(again.schemaVersion() == kLatestSchema);
    CHECK(again.openCalls().size() == 1);
}

TEST_CASE("journal: a file others can read is refused") {
    TempDir dir;
    const auto file = dir.path() / "journal.sqlite";
    { (void)Journal::open(file); }
    ::chmod(file.c_str(), 0644);
    CHECK_THROWS_AS(Journal::open(file), Error);
    try {
        (void)Journal::open(file);
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("chmod 600") != std::string::npos);
    }
}

TEST_CASE("journal: a journal from a newer program is refused, not damaged") {
    TempDir dir;
    const auto file = dir.path() / "journal.sqlite";
    { (void)Journal::open(file); }
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    CHECK_THROWS_AS(Journal::open(file), Error);
    CHECK(pragma(file, "user_version") == "99");
}

TEST_CASE("journal: a journal of schema 1 is migrated with its calls kept") {
    TempDir dir;
    const auto file = dir.path() / "journal.sqlite";
    const auto card = test::fullCard(3);
    CallId id = 0;
    {
        auto j = Journal::open(file);
        id = j.addIncoming(card);
    }
    // Make it a file of the first released schema: without the indexes of step 2.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "DROP INDEX incoming_by_time; DROP INDEX outgoing_by_time; "
                         "DROP INDEX deferred_open; DROP INDEX flags_by_department; "
                         "DROP INDEX empty_by_department; PRAGMA user_version = 1",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    REQUIRE(pragma(file, "user_version") == "1");

    auto j = Journal::open(file);
    CHECK(j.schemaVersion() == kLatestSchema);
    const auto back = j.incoming(id);
    REQUIRE(back);
    auto expected = card;
    expected.id = id;
    CHECK(*back == expected);
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                       "('incoming_by_time', 'outgoing_by_time', 'deferred_open', "
                       "'flags_by_department', 'empty_by_department')",
                       -1, &s, nullptr);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    CHECK(sqlite3_column_int(s, 0) == 5);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

TEST_CASE("journal: every field of the card round-trips, hostile text included") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    for (int seed = 0; seed < static_cast<int>(test::hostileTexts().size()); ++seed) {
        const auto& text = test::hostileTexts()[static_cast<std::size_t>(seed)];
        INFO("text #" << seed);
        IncomingCall card = test::fullCard(seed, text);
        const CallId id = j.startIncoming({});
        j.saveCard(id, card);
        const auto back = j.incoming(id);
        REQUIRE(back);
        // A server keeps text as PostgreSQL text holds it; the lists are JSON text on both
        // engines, which escapes a NUL byte.
        IncomingCall expected = test::fullCard(seed, test::storedText(engine, text));
        expected.entriesUsed = card.entriesUsed;
        expected.transfers = card.transfers;
        expected.id = id;
        expected.number = back->number; // the journal keeps the number it assigned
        if (text.find('\xff') != std::string::npos) {
            // Lists are kept as JSON: bytes that are not UTF-8 become U+FFFD there, the rest stays.
            REQUIRE(back->entriesUsed.size() == 2);
            CHECK(back->entriesUsed[1].find("\xEF\xBF\xBD не UTF-8") != std::string::npos);
            expected.entriesUsed[1] = back->entriesUsed[1];
            REQUIRE(back->transfers.size() == 2);
            expected.transfers[0].note = back->transfers[0].note;
        }
        CHECK(back->closedAt.empty());
        CHECK(*back == expected);
    }
    // The tables are still there after all that text.
    CHECK(j.incomingCalls().size() == test::hostileTexts().size());
}

TEST_CASE("journal: added calls keep number and closing time, numbers run per year") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    IncomingCall a = test::fullCard(1);
    a.number = 0;
    a.receivedAt = "2026-12-31 23:59";
    a.closedAt = "2027-01-01 00:05";
    const auto idA = j.addIncoming(a);
    IncomingCall b = a;
    b.receivedAt = "01.01.2027 08:00";
    const auto idB = j.addIncoming(b);
    IncomingCall c = a;
    c.receivedAt = "2027-01-02 09:00:00";
    const auto idC = j.addIncoming(c);
    CHECK(j.incoming(idA)->number == 1);
    CHECK(j.incoming(idB)->number == 1);
    CHECK(j.incoming(idC)->number == 2);
    CHECK(j.incoming(idA)->receivedAt == "2026-12-31 23:59:00");
    CHECK(j.incoming(idB)->receivedAt == "2027-01-01 08:00:00");
    CHECK(j.incoming(idA)->closedAt == "2027-01-01 00:05:00");
    IncomingCall bad = a;
    bad.receivedAt = "вчера";
    CHECK_THROWS_AS(j.addIncoming(bad), Error);
}

TEST_CASE("journal: outgoing calls round-trip with hostile text") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    const auto incomingId = j.startIncoming({});
    for (const auto& text : test::hostileTexts()) {
        OutgoingCall c;
        c.calledAt = "2026-11-05 11:30:00";
        c.calleeContact = "Кузнецов И. И., 8 (800) 000-00-00 " + text;
        c.municipality = text;
        c.question = text;
        c.organization = "УСЗН " + text;
        c.operatorName = "Сидорова О. В.";
        c.note = text;
        c.incomingId = incomingId;
        c.source = "cli";
        const auto id = j.addOutgoing(c);
        auto back = j.outgoing(id);
        REQUIRE(back);
        OutgoingCall expected = c;
        expected.id = id;
        expected.number = back->number;
        for (auto* field : {&expected.calleeContact, &expected.municipality, &expected.question,
                            &expected.organization, &expected.note}) {
            *field = test::storedText(engine, *field);
        }
        CHECK(*back == expected);
    }
    OutgoingCall orphan;
    orphan.incomingId = 424242;
    CHECK_THROWS_AS(j.addOutgoing(orphan), Error);
}

TEST_CASE("journal: more than two transfers are refused and nothing is saved") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    const auto id = j.startIncoming({});
    IncomingCall card = test::fullCard(3);
    card.transfers.push_back(Transfer{"третий", "", ""});
    CHECK_THROWS_AS(j.saveCard(id, card), Error);
    CHECK(j.incoming(id)->transfers.empty());
    CHECK_THROWS_AS(j.saveCard(999, test::fullCard(1)), Error);
}

TEST_CASE("journal: closing a call records the survey and the duration") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    IncomingCall card;
    card.receivedAt = nowTimestamp();
    const auto id = j.startIncoming(card);
    CHECK(j.openCalls().size() == 1);
    j.closeCall(id, Survey{Answered::No, Satisfaction::NotSatisfied});
    const auto back = j.incoming(id);
    CHECK(back->survey.answered == Answered::No);
    CHECK(back->survey.satisfaction == Satisfaction::NotSatisfied);
    CHECK_FALSE(back->closedAt.empty());
    CHECK(back->durationSeconds >= 0);
    CHECK(j.openCalls().empty());
}

TEST_CASE("journal: saves from another thread while reading") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    const auto id = j.startIncoming({});
    std::thread worker([&] {
        IncomingCall card;
        for (int i = 0; i < 50; ++i) {
            card.question += "я";
            j.saveCard(id, card);
        }
    });
    for (int i = 0; i < 50; ++i) {
        (void)j.incomingCalls();
    }
    worker.join();
    std::string expected;
    for (int i = 0; i < 50; ++i) {
        expected += "я";
    }
    CHECK(j.incoming(id)->question == expected);
}

TEST_CASE("journal: a deferred answer is due the next working day, across holidays") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    const core::WorkCalendar calendar;
    j.setCalendar(calendar);
    struct Case {
        const char* call;
        const char* due;
    };
    // 31.12.2026 is a day off by the decree for 2026; 1–8 January are holidays, 9–10 January
    // 2027 a weekend. A Friday call is due on Monday.
    const Case cases[] = {
        {"2026-12-30 16:00", "2027-01-11"},
        {"2026-11-27 12:00", "2026-11-30"},
        {"2026-11-24 09:00", "2026-11-25"},
        {"2026-11-03 10:00", "2026-11-05"}, // 4 November, National Unity Day
    };
    for (const auto& c : cases) {
        INFO(c.call);
        IncomingCall card;
        card.receivedAt = c.call;
        card.phone = "+7 900 111-22-33";
        const auto id = j.startIncoming(card);
        const auto d = j.deferAnswer(id, "", "после 15:00");
        CHECK(formatIsoDate(d.due) == c.due);
        CHECK(d.phone == "+7 900 111-22-33");
        CHECK(*j.deferred(id) == d);
    }
}

TEST_CASE("journal: extensions, callbacks due and on-time answers") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    j.setCalendar(core::WorkCalendar{});
    IncomingCall card;
    card.receivedAt = "2026-11-16 10:00"; // Monday
    card.question = "Сроки выплаты";
    const auto a = j.startIncoming(card);
    const auto b = j.startIncoming(card);
    const auto c = j.startIncoming(card);
    j.deferAnswer(a, "+7 900 1", "утром");
    j.deferAnswer(b, "+7 900 2", "");
    j.deferAnswer(c, "+7 900 3", "");
    CHECK_THROWS_AS(j.deferAnswer(a, "", ""), Error);

    CHECK_THROWS_AS(j.extendDeferred(b, 11, "запрос в ПФР", true), Error);
    CHECK_THROWS_AS(j.extendDeferred(b, 3, "  ", true), Error);
    const auto extended = j.extendDeferred(b, 10, "письменный запрос в УСЗН", true);
    // Due Tuesday 17 November; ten working days later is 1 December.
    CHECK(formatIsoDate(extended.due) == "2026-11-17");
    CHECK(formatIsoDate(*extended.extendedTo) == "2026-12-01");
    CHECK(extended.callerInformed);

    auto due = j.callbacksDue(day("2026-11-17"));
    REQUIRE(due.size() == 2); // a and c; b is extended
    CHECK_FALSE(due[0].overdue);
    CHECK(due[0].question == "Сроки выплаты");
    due = j.callbacksDue(day("2026-11-18"));
    REQUIRE(due.size() == 2);
    CHECK(due[0].overdue);
    CHECK(j.callbacksDue(day("2026-11-16")).empty());

    j.completeDeferred(a, "Выплата 25-го числа", "2026-11-17 11:00");
    j.completeDeferred(c, "Перезвонили", "2026-11-18 09:00");
    CHECK(j.deferred(a)->onTime());
    CHECK_FALSE(j.deferred(c)->onTime());
    CHECK(j.callbacksDue(day("2026-11-30")).empty());
    CHECK(j.callbacksDue(day("2026-12-02")).size() == 1);
    CHECK_THROWS_AS(j.extendDeferred(a, 2, "поздно", true), Error);
    // One extension only, and a recorded result is never written over.
    CHECK_THROWS_AS(j.extendDeferred(b, 1, "ещё один запрос", true), Error);
    CHECK(formatIsoDate(*j.deferred(b)->extendedTo) == "2026-12-01");
    CHECK_THROWS_AS(j.completeDeferred(b, "  "), Error);
    CHECK_FALSE(j.deferred(b)->done());
    CHECK_THROWS_AS(j.completeDeferred(a, "Другой ответ"), Error);
    CHECK(j.deferred(a)->result == "Выплата 25-го числа");
}

TEST_CASE("journal: flags and empty searches are counted per department") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    IncomingCall card;
    card.department = "pensions";
    const auto call = j.startIncoming(card);
    j.flagEntry(KbFlag{0, FlagKind::Outdated, "departments/family-payments/faq.md#summa", "", call,
                       "сумма изменилась с 1 января", "Сидорова", ""});
    j.flagEntry(KbFlag{
        0, FlagKind::Outdated, "departments/family-payments/faq.md#srok", "", {}, "", "", ""});
    j.flagEntry(KbFlag{0, FlagKind::NoAnswer, "", "", call, "", "", ""});
    CHECK_THROWS_AS(j.flagEntry(KbFlag{0, FlagKind::Outdated, "", "", {}, "", "", ""}), Error);
    j.recordEmptySearch("льгота на газ", "pensions", call);
    j.recordEmptySearch("'; DELETE FROM kb_flags; --", "");
    j.recordEmptySearch("   ", "pensions"); // nothing typed: not a signal

    const auto signals = j.departmentSignals();
    REQUIRE(signals.count("family-payments"));
    CHECK(signals.at("family-payments").outdated == 2);
    CHECK(signals.at("pensions").noAnswer == 1); // from the call's topic
    CHECK(signals.at("pensions").emptySearches == 1);
    CHECK(signals.at("").emptySearches == 1);
    CHECK(j.flags("family-payments").size() == 2);
    CHECK(j.flags().size() == 3);
    CHECK(j.emptySearches().size() == 2);
    // «нет ответа в базе» marks the call itself.
    CHECK(j.incoming(call)->kbAnswer == KbAnswer::NotFound);
}

TEST_CASE("journal: purge removes what the retention period allows and nothing newer") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    IncomingCall oldCall = test::fullCard(1);
    oldCall.receivedAt = "2021-11-23 10:00";
    IncomingCall newCall = test::fullCard(2);
    newCall.receivedAt = "2021-11-24 10:00";
    const auto oldId = j.addIncoming(oldCall);
    const auto newId = j.addIncoming(newCall);
    j.setCalendar(core::WorkCalendar{});
    j.deferAnswer(oldId, "", "");
    OutgoingCall out;
    out.calledAt = "2021-01-10 10:00";
    j.addOutgoing(out);
    j.flagEntry(KbFlag{0, FlagKind::NoAnswer, "", "pensions", oldId, "Иванова просила", "",
                       "2021-11-23 10:01"});

    const auto r = j.purgeBefore(day("2021-11-24"));
    CHECK(r.incoming == 1);
    CHECK(r.outgoing == 1);
    CHECK(r.flags == 1);
    CHECK_FALSE(j.incoming(oldId));
    CHECK_FALSE(j.deferred(oldId));
    CHECK(j.incoming(newId));
    const auto flags = j.flags();
    REQUIRE(flags.size() == 1); // the signal for the KB stays, without the person
    CHECK_FALSE(flags[0].callId);
    CHECK(flags[0].note.empty());
}

TEST_CASE("names of the survey answers, genders and flags: every value, read back, and a cast "
          "integer") {
    CHECK(genderRu(Gender::Male) == "м");
    CHECK(genderRu(Gender::Female) == "ж");
    CHECK(genderRu(Gender::Unknown).empty());
    CHECK(answeredRu(Answered::Yes) == "да");
    CHECK(answeredRu(Answered::No) == "нет");
    CHECK(answeredRu(Answered::Unknown).empty());
    CHECK(satisfactionRu(Satisfaction::Satisfied) == "удовлетворен");
    CHECK(satisfactionRu(Satisfaction::PartlySatisfied) == "частично удовлетворен");
    CHECK(satisfactionRu(Satisfaction::NotSatisfied) == "не удовлетворен");
    CHECK(satisfactionRu(Satisfaction::Unknown).empty());

    // What the register writes, the import reads back as the same value.
    for (const auto g : {Gender::Unknown, Gender::Male, Gender::Female}) {
        CHECK(parseGender(genderRu(g)) == g);
    }
    for (const auto a : {Answered::Unknown, Answered::Yes, Answered::No}) {
        CHECK(parseAnswered(answeredRu(a)) == a);
    }
    for (const auto s : {Satisfaction::Unknown, Satisfaction::Satisfied,
                         Satisfaction::PartlySatisfied, Satisfaction::NotSatisfied}) {
        CHECK(parseSatisfaction(satisfactionRu(s)) == s);
    }

    CHECK(flagKindRu(FlagKind::Outdated) == "ответ устарел");
    CHECK(flagKindRu(FlagKind::NoAnswer) == "нет ответа в базе");
    CHECK(flagKindName(FlagKind::Outdated) == "outdated");
    CHECK(flagKindName(FlagKind::NoAnswer) == "no_answer");

    // A value read from a damaged file (an integer out of range) gets the empty name, and a
    // flag of an unknown kind reads as «нет ответа в базе».
    CHECK(genderRu(static_cast<Gender>(7)).empty());
    CHECK(answeredRu(static_cast<Answered>(7)).empty());
    CHECK(satisfactionRu(static_cast<Satisfaction>(7)).empty());
    CHECK(flagKindRu(static_cast<FlagKind>(7)) == "нет ответа в базе");
    CHECK(flagKindName(static_cast<FlagKind>(7)) == "no_answer");
}

TEST_CASE("journal: opening a new file waits while another program holds it, then gets in") {
    // Another workplace is creating the same new journal: its lock is held for a moment.
    TempDir dir;
    const auto file = dir.path() / "journal.sqlite";
    { std::ofstream(file.string()).flush(); }
    ::chmod(file.c_str(), 0600);
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE; CREATE TABLE t(x);", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    std::thread release([other] {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(other);
    });
    std::string problem;
    try {
        auto j = Journal::open(file);
        CHECK(j.schemaVersion() >= 1);
    } catch (const std::exception& e) {
        problem = e.what();
    }
    release.join();
    INFO(problem);
    CHECK(problem.empty());
}

TEST_CASE("journal: a transfer «по скрипту» in an older file becomes a transfer via the script") {
    TempDir dir;
    const auto file = dir.path() / "journal.sqlite";
    CallId id = 0;
    {
        auto j = Journal::open(file);
        IncomingCall card;
        card.transfers = {{"Орлова Е. Е., УСЗН", "uszn", "2-22-22", false}};
        id = j.startIncoming(card);
    }
    // As schema 2 wrote it: the marker where the person's name goes.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "UPDATE incoming_calls SET transfers = '[{\"to\":\"по скрипту\","
                         "\"department\":\"mfc\",\"note\":\"\"},{\"to\":\"Орлова Е. Е., УСЗН\","
                         "\"department\":\"uszn\",\"note\":\"2-22-22\"}]'; "
                         "PRAGMA user_version = 2",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);

    auto j = Journal::open(file);
    CHECK(j.schemaVersion() == kLatestSchema);
    const auto call = j.incoming(id);
    REQUIRE(call);
    REQUIRE(call->transfers.size() == 2);
    CHECK(call->transfers[0] == Transfer{"", "mfc", "", true});
    CHECK(call->transfers[1] == Transfer{"Орлова Е. Е., УСЗН", "uszn", "2-22-22", false});
    // A transfer via the script is kept as such from now on.
    auto card = *call;
    card.transfers[1] = {"", "", "", true};
    j.saveCard(id, card);
    CHECK(j.incoming(id)->transfers.at(1).viaScript);
}

TEST_CASE("journal: writers on several connections at once get numbers 1..N of the year, no gap "
          "and no duplicate") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    { (void)Journal::open(where); } // made once, so the writers race on numbers, not the schema
    constexpr int kWriters = 8;
    constexpr int kCallsEach = 15;
    std::vector<std::thread> writers;
    std::vector<std::string> problems(kWriters);
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            try {
                auto j = Journal::open(where); // a workstation of its own
                for (int i = 0; i < kCallsEach; ++i) {
                    IncomingCall card;
                    card.receivedAt = "2026-11-05 10:00";
                    card.question = fmt::format("оператор {} звонок {}", w, i);
                    if (i % 3 == 0) {
                        j.addIncoming(card);
                    } else {
                        j.startIncoming(card);
                    }
                    OutgoingCall out;
                    out.calledAt = "2026-11-05 10:05";
                    j.addOutgoing(out);
                }
            } catch (const std::exception& e) {
                problems[static_cast<std::size_t>(w)] = e.what();
            }
        });
    }
    for (auto& t : writers) {
        t.join();
    }
    for (const auto& p : problems) {
        CHECK(p.empty());
    }
    auto j = Journal::open(where);
    std::vector<int> incoming;
    for (const auto& c : j.incomingCalls()) {
        incoming.push_back(c.number);
    }
    std::vector<int> outgoing;
    for (const auto& c : j.outgoingCalls()) {
        outgoing.push_back(c.number);
    }
    std::sort(incoming.begin(), incoming.end());
    std::sort(outgoing.begin(), outgoing.end());
    std::vector<int> expected(kWriters * kCallsEach);
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(incoming == expected);
    CHECK(outgoing == expected);
    // The next year starts again at 1; a number given (an import) is kept and the next one
    // follows it.
    IncomingCall next;
    next.receivedAt = "2027-01-09 09:00";
    CHECK(j.incoming(j.startIncoming(next))->number == 1);
    next.number = 50;
    CHECK(j.incoming(j.addIncoming(next))->number == 50);
    next.number = 0;
    CHECK(j.incoming(j.startIncoming(next))->number == 51);
}
