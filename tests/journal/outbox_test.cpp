// The outbox of a workstation: what was written while the journal's server could not be reached
// reaches it once, in order, and survives a kill -9 of the program.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/error.h"
#include "sufler/journal/outbox.h"

#include <catch2/catch.hpp>

#include <algorithm>
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

namespace {

OutgoingCall offlineOutgoing(const std::string& contact, std::optional<CallId> incoming) {
    OutgoingCall out;
    out.calleeContact = contact;
    out.municipality = "Вичуга";
    out.question = "уточнить порядок компенсации";
    out.organization = "УСЗН";
    out.operatorName = "Иванова";
    out.note = "без связи с сервером";
    out.incomingId = incoming;
    out.source = "console";
    return out;
}

} // namespace

TEST_CASE("outbox: outgoing calls made offline reach the register once, numbered there, each "
          "linked to its incoming call (one started offline, one the server's)",
          "[journal][outbox]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Journal server = test::freshJournal(engine, dir.path());
    const CallId online = server.startIncoming(offlineCard(1));
    server.addOutgoing(offlineOutgoing("Петров, УСЗН", {})); // № 1 of the year is taken

    const auto file = dir.path() / "outbox.sqlite";
    const auto before = dir.path() / "outbox-before.sqlite";
    {
        Outbox outbox(file);
        const CallId local = outbox.startCall(offlineCard(2));
        OutgoingCall forLocal = offlineOutgoing("Сидорова, ПФР, +7 900 000-00-01", local);
        forLocal.calledAt = "2026-12-03 10:05:00";
        outbox.addOutgoing(forLocal);
        outbox.addOutgoing(offlineOutgoing("Кузнецов, МФЦ", online)); // calledAt: now
        outbox.addOutgoing(offlineOutgoing("Орлова, администрация", {}));
        CHECK(outbox.pending() == 4);
    }
    // what a crash right after the server's commit leaves behind
    std::filesystem::copy_file(file, before);

    Outbox outbox(file);
    const Outbox::Sent sent = outbox.flush(server);
    CHECK(sent.operations == 4);
    REQUIRE(sent.calls.size() == 1);
    const CallId sentCall = sent.calls[0].second;
    REQUIRE(sent.outgoing.size() == 3);
    CHECK(outbox.pending() == 0);

    const auto first = server.outgoing(sent.outgoing[0]);
    REQUIRE(first.has_value());
    CHECK(first->number == 2); // the server numbers it, after the row it had
    CHECK(first->calledAt == "2026-12-03 10:05:00");
    CHECK(first->calleeContact == "Сидорова, ПФР, +7 900 000-00-01");
    CHECK(first->municipality == "Вичуга");
    CHECK(first->question == "уточнить порядок компенсации");
    CHECK(first->organization == "УСЗН");
    CHECK(first->operatorName == "Иванова");
    CHECK(first->note == "без связи с сервером");
    CHECK(first->incomingId == sentCall); // the local call's server id, not the local one
    const auto second = server.outgoing(sent.outgoing[1]);
    REQUIRE(second.has_value());
    CHECK(second->number == 3);
    CHECK(second->incomingId == online);
    CHECK_FALSE(second->calledAt.empty());
    const auto third = server.outgoing(sent.outgoing[2]);
    REQUIRE(third.has_value());
    CHECK_FALSE(third->incomingId.has_value());
    CHECK(server.outgoingCalls().size() == 4);

    // Sent again from the copy taken before: found by their keys, nothing doubled.
    Outbox replay(before);
    const Outbox::Sent again = replay.flush(server);
    CHECK(again.operations == 4);
    CHECK(again.outgoing == sent.outgoing);
    CHECK(server.outgoingCalls().size() == 4);
    CHECK(server.incomingCalls().size() == 2);
}

TEST_CASE("outbox: the queries typed offline and the entries opened from them reach the search "
          "log once, linked to the call, without phone numbers",
          "[journal][outbox]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Journal server = test::freshJournal(engine, dir.path());
    const auto file = dir.path() / "outbox.sqlite";
    const auto before = dir.path() / "outbox-before.sqlite";
    {
        Outbox outbox(file);
        const CallId local = outbox.startCall(offlineCard(3));
        outbox.recordSearchUse("субсидия ЖКУ 89001234567", "departments/pensions/faq.md#subsidy",
                               local, "2026-12-03 10:03:00");
        outbox.recordSearchUse("89001234567", "departments/pensions/faq.md#subsidy", local);
        outbox.recordSearchUse("уголь на зиму", "departments/pensions/faq.md#coal", {},
                               "2026-12-03 10:04:00");
        CHECK(outbox.pending() == 3); // the number alone is not kept
    }
    std::filesystem::copy_file(file, before);

    Outbox outbox(file);
    const Outbox::Sent sent = outbox.flush(server);
    REQUIRE(sent.calls.size() == 1);
    auto uses = server.searchUses();
    REQUIRE(uses.size() == 2);
    std::sort(uses.begin(), uses.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    CHECK(uses[0].query == "субсидия ЖКУ");
    CHECK(uses[0].entryId == "departments/pensions/faq.md#subsidy");
    CHECK(uses[0].department == "pensions");
    CHECK(uses[0].callId == sent.calls[0].second);
    CHECK(uses[0].at == "2026-12-03 10:03:00");
    CHECK(uses[1].query == "уголь на зиму");
    CHECK_FALSE(uses[1].callId.has_value());

    Outbox replay(before);
    CHECK(replay.flush(server).operations == 3);
    CHECK(server.searchUses().size() == 2);
}

TEST_CASE("outbox: a callback answered while the server is away is recorded once, with its "
          "outgoing row, by the operator who took it — and waits while another holds it",
          "[journal][outbox]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Journal server = test::freshJournal(engine, dir.path());
    const CallId id = server.startIncoming(offlineCard(1));
    server.deferAnswer(id, "+7 900 555-12-34", "после 14:00");
    const Workstation here{"ws-here", "desk-1"};
    const ClaimResult taken = server.claimCallback(id, "Петрова", here);
    REQUIRE(taken.won);

    const auto file = dir.path() / "outbox.sqlite";
    const auto before = dir.path() / "outbox-before.sqlite";
    {
        Outbox outbox(file);
        outbox.completeCallback(id, "Компенсация назначена, выплата в декабре", taken.claim);
        CHECK(outbox.pending() == 1);
    }
    std::filesystem::copy_file(file, before);
    CHECK_FALSE(server.deferred(id)->done()); // nothing reached the server yet

    Outbox outbox(file);
    CHECK(outbox.flush(server).operations == 1);
    CHECK(outbox.pending() == 0);
    const auto answered = server.deferred(id);
    REQUIRE(answered.has_value());
    CHECK(answered->done());
    CHECK(answered->result == "Компенсация назначена, выплата в декабре");
    CHECK_FALSE(answered->answeredAt.empty());
    const auto rows = server.outgoingCalls();
    REQUIRE(rows.size() == 1); // the callback is a row of Приложение 2 too
    CHECK(rows[0].incomingId == id);
    CHECK(rows[0].operatorName == "Петрова");
    CHECK(rows[0].note == Journal::kCallbackNote);

    // Sent again (a crash before the outbox's commit): the first answer stays, no second row.
    Outbox replay(before);
    CHECK(replay.flush(server).operations == 1);
    CHECK(server.deferred(id)->result == "Компенсация назначена, выплата в декабре");
    CHECK(server.outgoingCalls().size() == 1);

    // Another operator took the callback meanwhile: refused, and it waits in the outbox.
    const CallId other = server.startIncoming(offlineCard(2));
    server.deferAnswer(other, "+7 900 555-00-00", "");
    const ClaimResult mine = server.claimCallback(other, "Петрова", here);
    REQUIRE(mine.won);
    server.releaseCallback(other, mine.claim);
    REQUIRE(server.claimCallback(other, "Сидорова", Workstation{"ws-there", "desk-2"}).won);
    Outbox waiting(dir.path() / "waiting.sqlite");
    waiting.completeCallback(other, "Ответ дан", mine.claim);
    CHECK_THROWS(waiting.flush(server));
    CHECK(waiting.pending() == 1);
    CHECK_FALSE(server.deferred(other)->done());
    CHECK(server.outgoingCalls().size() == 1);
}
