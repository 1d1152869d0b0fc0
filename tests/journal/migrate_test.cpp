// `sufler journal migrate`: desks' SQLite journals into one register (on a server, or another
// file), once, with every kind of record and the links between them.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/core/error.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/migrate.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

IncomingCall call(const char* at, const std::string& question) {
    IncomingCall c;
    c.receivedAt = at;
    c.question = question;
    c.operatorName = "Сидорова О. В.";
    return c;
}

// Desk A: three calls of 2026 and one of 2027, a deferred answer extended and answered, an
// outgoing call about one of them, a flag on a call, a search that found nothing.
void fillDeskA(const std::string& file) {
    auto j = Journal::open(file, core::WorkCalendar{});
    const auto a1 = j.addIncoming(call("2026-11-02 09:00", "A: пособие"));
    j.addIncoming(call("2026-11-03 09:00", "A: субсидия"));
    auto closed = call("2026-11-04 09:00", "A: пенсия");
    closed.closedAt = "2026-11-04 09:10";
    closed.survey = {Answered::Yes, Satisfaction::Satisfied};
    j.addIncoming(closed);
    j.addIncoming(call("2027-01-11 10:00", "A: новый год"));
    j.deferAnswer(a1, "+7 900 111-11-11", "после обеда");
    j.extendDeferred(a1, 2, "запрос в УСЗН", true);
    j.completeDeferred(a1, "Перезвонили, разъяснили", "2026-11-06 15:00");
    OutgoingCall out;
    out.calledAt = "2026-11-02 09:30";
    out.question = "A: уточнение";
    out.incomingId = a1;
    j.addOutgoing(out);
    j.flagEntry(KbFlag{0, FlagKind::NoAnswer, "", "pensions", a1, "нет ответа", "Сидорова", ""});
    j.recordEmptySearch("льгота на газ", "pensions", a1);
}

// Desk B: two calls of 2026, one of them still open.
void fillDeskB(const std::string& file) {
    auto j = Journal::open(file);
    j.addIncoming(call("2026-11-02 11:00", "B: выплата"));
    j.startIncoming(call("2026-11-05 12:00", "B: открытый"));
    OutgoingCall out;
    out.calledAt = "2026-11-05 12:30";
    out.question = "B: в УСЗН";
    j.addOutgoing(out);
}

std::vector<int> numbersOf(const std::vector<IncomingCall>& calls, const std::string& year) {
    std::vector<int> out;
    for (const auto& c : calls) {
        if (c.receivedAt.starts_with(year)) {
            out.push_back(c.number);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

const IncomingCall& byQuestion(const std::vector<IncomingCall>& calls, const std::string& q) {
    const auto it = std::find_if(calls.begin(), calls.end(),
                                 [&](const IncomingCall& c) { return c.question == q; });
    REQUIRE(it != calls.end());
    return *it;
}

} // namespace

TEST_CASE("migrate: two desks' files into one register, twice: every record once, numbers 1..N "
          "by year, links kept",
          "[journal][migrate]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const auto deskA = (dir.path() / "desk-a.sqlite").string();
    const auto deskB = (dir.path() / "desk-b.sqlite").string();
    fillDeskA(deskA);
    fillDeskB(deskB);
    TempDir target;
    const std::string to = test::freshJournalWhere(engine, target.path());

    const auto a = migrate(deskA, to);
    CHECK(a.incoming == 4);
    CHECK(a.outgoing == 2); // the clarification and the callback with the answer
    CHECK(a.deferred == 1);
    CHECK(a.flags == 1);
    CHECK(a.emptySearches == 1);
    CHECK(a.already == 0);
    // The second desk through the command line.
    const auto printed =
        test::runCommand(fmt::format("'{}' journal migrate --from '{}' --to '{}' 2>&1",
                                     test::binary("sufler").string(), deskB, to));
    INFO(printed.output);
    REQUIRE(printed.exitCode == 0);
    CHECK(printed.output.find("входящих 2, исходящих 1") != std::string::npos);

    const auto check = [&] {
        auto j = Journal::open(to);
        const auto calls = j.incomingCalls();
        REQUIRE(calls.size() == 6);
        CHECK(numbersOf(calls, "2026") == std::vector<int>{1, 2, 3, 4, 5});
        CHECK(numbersOf(calls, "2027") == std::vector<int>{1});
        // Desk A went first: its calls keep their order, B's follow.
        CHECK(byQuestion(calls, "A: пособие").number == 1);
        CHECK(byQuestion(calls, "B: выплата").number == 4);
        const auto& closed = byQuestion(calls, "A: пенсия");
        CHECK(closed.closedAt == "2026-11-04 09:10:00");
        CHECK(closed.survey.satisfaction == Satisfaction::Satisfied);
        CHECK(j.openCalls().size() == 5); // all but the one A closed

        const auto& a1 = byQuestion(calls, "A: пособие");
        const auto d = j.deferred(a1.id);
        REQUIRE(d);
        CHECK(d->phone == "+7 900 111-11-11");
        CHECK(d->extendedTo);
        CHECK(d->extensionReason == "запрос в УСЗН");
        CHECK(d->callerInformed);
        CHECK(d->result == "Перезвонили, разъяснили");
        const auto outgoing = j.outgoingCalls();
        REQUIRE(outgoing.size() == 3);
        CHECK(outgoing[0].incomingId == a1.id);
        CHECK_FALSE(outgoing[1].incomingId);
        CHECK(outgoing[2].incomingId == a1.id); // the callback with the answer
        CHECK(outgoing[2].note == Journal::kCallbackNote);
        std::vector<int> outNumbers{outgoing[0].number, outgoing[1].number, outgoing[2].number};
        std::sort(outNumbers.begin(), outNumbers.end());
        CHECK(outNumbers == std::vector<int>{1, 2, 3});
        const auto flags = j.flags();
        REQUIRE(flags.size() == 1);
        CHECK(flags[0].callId == a1.id);
        CHECK(flags[0].note == "нет ответа");
        const auto searches = j.emptySearches();
        REQUIRE(searches.size() == 1);
        CHECK(searches[0].callId == a1.id);
    };
    check();

    // Again, both: nothing added, everything found moved.
    const auto againA = migrate(deskA, to);
    const auto againB = migrate(deskB, to);
    CHECK(againA.incoming + againA.outgoing + againA.deferred + againA.flags +
              againA.emptySearches ==
          0);
    CHECK(againA.already == 9);
    CHECK(againB.incoming + againB.outgoing == 0);
    CHECK(againB.already == 3);
    check();

    // The register goes on from there.
    auto j = Journal::open(to);
    CHECK(j.incoming(j.startIncoming(call("2026-11-20 10:00", "новый")))->number == 6);
}

TEST_CASE("migrate: into itself, or from a file that is not there, is refused and changes nothing",
          "[journal][migrate]") {
    TempDir dir;
    const auto file = (dir.path() / "desk.sqlite").string();
    fillDeskB(file);
    CHECK_THROWS_WITH(migrate(file, file), Catch::Contains("в него же"));
    CHECK(Journal::open(file).incomingCalls().size() == 2);
    const auto missing = (dir.path() / "нет.sqlite").string();
    CHECK_THROWS_WITH(migrate(missing, file), Catch::Contains("нет такого файла"));
    CHECK_FALSE(std::filesystem::exists(missing));
}
