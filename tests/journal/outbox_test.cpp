// The outbox of a workstation: what was written while the journal's server could not be reached
// reaches it once, in order, and survives a kill -9 of the program.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/error.h"
#include "sufler/journal/outbox.h"

#include <catch2/catch.hpp>

#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

IncomingCall offlineCard(int seed) {
    IncomingCall c = test::fullCard(seed, "вопрос без связи");
    c.id = 0;
    c.number = 0;
    c.closedAt.clear();
    c.source.clear();
    c.durationSeconds = 0;
    c.survey = {};
    c.receivedAt = "2026-12-03 10:0" + std::to_string(seed % 10) + ":00";
    return c;
}

// Every field the console fills, the way the server keeps them (id, number, source aside).
void checkSameCard(const IncomingCall& stored, const IncomingCall& written) {
    IncomingCall a = stored;
    IncomingCall b = written;
    a.id = b.id = 0;
    a.number = b.number = 0;
    a.source = b.source = "";
    a.closedAt = b.closedAt = "";
    a.survey = b.survey = {};
    a.durationSeconds = b.durationSeconds = 0;
    CHECK(a == b);
}

// Flushes until the server takes it (a restarted server's first answer may be the broken
// connection's).
Outbox::Sent flushWhenBack(Outbox& outbox, Journal& server) {
    for (int attempt = 0;; ++attempt) {
        try {
            return outbox.flush(server);
        } catch (const Error&) {
            if (attempt == 20) {
                throw;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
    }
}

} // namespace

TEST_CASE("outbox: a call written offline reaches the journal once, numbered there, with its "
          "survey, deferred answer and signals",
          "[journal][outbox]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Journal server = test::freshJournal(engine, dir.path());
    server.startIncoming(offlineCard(1)); // № 1 of the year is taken already

    Outbox outbox(dir.path() / "outbox.sqlite");
    const IncomingCall card = offlineCard(2);
    const CallId local = outbox.startCall(card);
    CHECK(Outbox::isLocal(local));
    IncomingCall edited = card;
    edited.question = "вопрос, дописанный без связи";
    outbox.saveCard(local, edited);
    outbox.deferAnswer(local, "+7 900 123-45-67", "после обеда");
    outbox.closeCall(local, Survey{Answered::No, Satisfaction::PartlySatisfied},
                     "2026-12-03 10:12:30");
    KbFlag flag;
    flag.kind = FlagKind::NoAnswer;
    flag.callId = local;
    flag.note = "нет ответа про уголь";
    flag.operatorName = "Иванова";
    flag.createdAt = "2026-12-03 10:11:00";
    outbox.flagEntry(flag);
    outbox.recordEmptySearch("уголь на зиму", "", local, "2026-12-03 10:10:00");
    CHECK(outbox.pending() == 6);
    CHECK(outbox.card(local)->question == "вопрос, дописанный без связи");

    const Outbox::Sent sent = outbox.flush(server);
    CHECK(sent.operations == 6);
    REQUIRE(sent.calls.size() == 1);
    CHECK(sent.calls[0].first == local);
    const CallId id = sent.calls[0].second;
    CHECK(outbox.serverId(local) == id);
    CHECK(outbox.pending() == 0);

    const auto stored = server.incoming(id);
    REQUIRE(stored.has_value());
    CHECK(stored->number == 2);
    CHECK(stored->receivedAt == "2026-12-03 10:02:00");
    CHECK(stored->closedAt == "2026-12-03 10:12:30");
    CHECK(stored->survey == Survey{Answered::No, Satisfaction::PartlySatisfied});
    checkSameCard(*stored, edited);
    const auto deferred = server.deferred(id);
    REQUIRE(deferred.has_value());
    CHECK(deferred->phone == "+7 900 123-45-67");
    const auto flags = server.flags();
    REQUIRE(flags.size() == 1);
    CHECK(flags[0].callId == id);
    CHECK(flags[0].createdAt == "2026-12-03 10:11:00");
    const auto searches = server.emptySearches();
    REQUIRE(searches.size() == 1);
    CHECK(searches[0].callId == id);
    CHECK(searches[0].at == "2026-12-03 10:10:00");

    // Nothing waits: sending again adds nothing.
    CHECK(outbox.flush(server).operations == 0);
    CHECK(server.incomingCalls().size() == 2);
}

TEST_CASE("outbox: sent again after a failure between the server's commit and the outbox's, "
          "nothing is doubled",
          "[journal][outbox]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Journal server = test::freshJournal(engine, dir.path());
    const auto file = dir.path() / "outbox.sqlite";
    {
        Outbox outbox(file);
        const CallId local = outbox.startCall(offlineCard(3));
        outbox.saveCard(local, offlineCard(3));
        outbox.closeCall(local, Survey{Answered::Yes, Satisfaction::Satisfied});
        outbox.deferAnswer(local, "89001234567", "");
        KbFlag flag;
        flag.kind = FlagKind::Outdated;
        flag.entryId = "departments/pensions/faq.md#x";
        flag.callId = local;
        outbox.flagEntry(flag);
        outbox.recordEmptySearch("пособие на погребение", "", local);
    }
    // The outbox as it was before sending: what a crash right after the server's commit
    // leaves behind.
    const auto before = dir.path() / "outbox-before.sqlite";
    std::filesystem::copy_file(file, before);
    {
        Outbox outbox(file);
        CHECK(outbox.flush(server).operations == 6);
    }
    Outbox replay(before);
    CHECK(replay.flush(server).operations == 6);
    CHECK(server.incomingCalls().size() == 1);
    CHECK(server.deferredAnswers().size() == 1);
    CHECK(server.flags().size() == 1);
    CHECK(server.emptySearches().size() == 1);
    CHECK(server.incomingCalls()[0].number == 1);
}

TEST_CASE("outbox: a kill -9 while offline loses nothing written", "[journal][outbox]") {
    TempDir dir;
    const auto file = dir.path() / "outbox.sqlite";
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        Outbox outbox(file);
        const CallId local = outbox.startCall(offlineCard(4));
        IncomingCall card = offlineCard(4);
        card.question = "последнее, что успели записать";
        outbox.saveCard(local, card);
        raise(SIGKILL); // no destructor, no flush of anything
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);

    Outbox outbox(file);
    CHECK(outbox.pending() == 2);
    CHECK(outbox.card(-1)->question == "последнее, что успели записать");
    Journal server = test::freshJournal(dir.path());
    CHECK(outbox.flush(server).calls.size() == 1);
    CHECK(server.incomingCalls().at(0).question == "последнее, что успели записать");
    CHECK(std::filesystem::status(file).permissions() ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("outbox: the server stops mid-call, the card waits on the workstation and reaches "
          "the server once it is back, as one row with its number",
          "[journal][outbox][postgres]") {
    if (!test::pgAvailable()) {
        return;
    }
    test::PgServer pg;
    const std::string uri = pg.createDatabase();
    TempDir dir;
    Journal server = Journal::open(uri);
    IncomingCall card = offlineCard(5);
    const CallId id = server.startIncoming(card);
    card.question = "записано до сбоя";
    server.saveCard(id, card);

    pg.crash();
    card.question = "дописано, пока сервера нет";
    CHECK_THROWS_AS(server.saveCard(id, card), Error);
    Outbox outbox(dir.path() / "outbox.sqlite");
    outbox.saveCard(id, card);
    outbox.closeCall(id, Survey{Answered::Yes, Satisfaction::Satisfied});
    // The next call starts while the server is still down.
    const CallId local = outbox.startCall(offlineCard(6));
    outbox.closeCall(local, Survey{Answered::No, Satisfaction::NotSatisfied});
    CHECK_THROWS_AS(outbox.flush(server), Error);
    CHECK(outbox.pending() == 4);

    pg.restart();
    const Outbox::Sent sent = flushWhenBack(outbox, server);
    CHECK(outbox.pending() == 0);
    REQUIRE(sent.calls.size() == 1);
    const auto calls = server.incomingCalls();
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].id == id);
    CHECK(calls[0].number == 1);
    CHECK(calls[0].question == "дописано, пока сервера нет");
    CHECK_FALSE(calls[0].closedAt.empty());
    CHECK(calls[1].id == sent.calls[0].second);
    CHECK(calls[1].number == 2);
    CHECK(calls[1].survey.answered == Answered::No);
}
