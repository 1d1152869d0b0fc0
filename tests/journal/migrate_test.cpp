// `sufler journal migrate`: desks' SQLite journals into one register (on a server, or another
// file), once, with every kind of record and the links between them.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/core/clock.h"
#include "sufler/core/error.h"
#include "sufler/journal/booking.h"
#include "sufler/journal/campaigns.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/migrate.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
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

TEST_CASE("migrate: a desk's campaign with its call list and attempts, its applicant cards and "
          "bookings move too — the campaign report on the register is the desk's",
          "[journal][migrate][campaign]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const auto desk = (dir.path() / "desk.sqlite").string();
    const Workstation ws{"desk-1", "host-1"};
    CitizenId cardId = 0;
    {
        auto j = Journal::open(desk, core::WorkCalendar{});
        auto now = std::make_shared<core::TimePoint>(*core::parseLocalDateTime("2026-12-04T09:00"));
        j.setClock([now] { return *now; });
        Citizen card;
        card.fullName = "Кузнецова Мария Петровна";
        card.phones = {"8 (900) 111-22-33"};
        card.municipality = "Заречный район";
        cardId = j.createCitizen(card);
        auto c = call("2026-12-04 09:00", "выплата многодетным");
        c.phone = "89001112233";
        const CallId linked = j.addIncoming(c);
        j.linkCall(linked, cardId);
        Booking b;
        b.specialist = "families/zuev";
        b.startsAt = "2026-12-08 10:00";
        b.minutes = 30;
        b.citizen = cardId;
        b.citizenName = card.fullName;
        b.phone = "89001112233";
        b.callId = linked;
        const auto booked = j.book(b);
        REQUIRE(booked);
        REQUIRE(j.moveBooking(booked->id, "2026-12-08 11:00"));

        Campaigns campaigns(j);
        Campaign m;
        m.title = "Региональный семейный капитал";
        m.entry = "departments/families/faq.md#капитал";
        m.script = "proactive-informing";
        const auto camp = campaigns.create(m);
        std::vector<CampaignContact> list;
        for (const auto& [name, phone, place] : std::vector<std::array<std::string, 3>>{
                 {"Кузнецова Мария Петровна", "+7 900 111-22-33", "Заречный район"},
                 {"Орлов Пётр Ильич", "89002223344", "Заречный район"},
                 {"Сидорова Ольга", "8 900 333 44 55", "Центральный район"}}) {
            CampaignContact contact;
            contact.fullName = name;
            contact.phone = phone;
            contact.municipality = place;
            contact.source = "list.csv";
            list.push_back(contact);
        }
        REQUIRE(campaigns.addContacts(camp.id, list).added == 3);
        const auto items = campaigns.items(camp.id);
        REQUIRE(campaigns.take(items[0].id, "Иванова А. А.", ws).won);
        campaigns.record(items[0].id, CampaignResult::Informed, "Иванова А. А.", ws);
        REQUIRE(campaigns.take(items[1].id, "Петров Б. Б.", ws).won);
        campaigns.record(items[1].id, CampaignResult::NotReached, "Петров Б. Б.", ws);
    }
    TempDir target;
    const std::string to = test::freshJournalWhere(engine, target.path());

    const auto moved = migrate(desk, to);
    CHECK(moved.citizens == 1);
    CHECK(moved.bookings == 2); // the booking and the one it was moved to
    CHECK(moved.campaigns == 1);
    CHECK(moved.campaignItems == 3);
    CHECK(moved.campaignAttempts == 2);
    CHECK(moved.outgoing == 2); // the attempts' rows of the outgoing register

    // `sufler campaign report` on the register says what it said on the desk, list included
    const auto report = [&](const std::string& where, const char* name) {
        const auto out = dir.path() / name;
        const auto r = test::runCommand(fmt::format(
            "SUFLER_NOW=2026-12-04T12:00 '{}' campaign report 1 --format md --out "
            "'{}' --with-personal-data --journal '{}' --kb '{}' 2>&1",
            test::binary("sufler").string(), out.string(), where, test::demoKb().string()));
        INFO(r.output);
        REQUIRE(r.exitCode == 0);
        return test::readFile(out);
    };
    const auto before = report(desk, "desk.md");
    CHECK(before.find("Орлов Пётр Ильич") != std::string::npos);
    CHECK(report(to, "register.md") == before);

    auto j = Journal::open(to);
    const auto cards = j.findCitizensByPhone("+79001112233");
    REQUIRE(cards.size() == 1);
    CHECK(cards[0].fullName == "Кузнецова Мария Петровна");
    const auto calls = j.callsOfCitizen(cards[0].id);
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].question == "выплата многодетным");
    const auto bookings = j.bookings({}, *parseDate("2026-12-01"), *parseDate("2026-12-31"), false);
    REQUIRE(bookings.size() == 2);
    CHECK(bookings[0].status == BookingStatus::Moved);
    CHECK(bookings[0].movedTo == bookings[1].id);
    CHECK(bookings[1].citizen == cards[0].id);
    CHECK(bookings[1].callId == calls[0].id);
    CHECK(Campaigns(j).items(1)[0].citizen == cards[0].id);

    // once only
    const auto again = migrate(desk, to);
    CHECK(again.citizens + again.bookings + again.campaigns + again.campaignItems +
              again.campaignAttempts + again.incoming + again.outgoing ==
          0);
    CHECK(report(to, "again.md") == before);
}
