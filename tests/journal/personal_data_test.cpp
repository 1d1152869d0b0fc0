// What goes when a citizen asks to be deleted and when the five-year purge runs: the search
// log of their calls, the campaigns' call lists and the outgoing rows made from them, on both
// engines; the anonymous counts stay.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/clock.h"
#include "sufler/journal/campaigns.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/reminders.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

constexpr int kDay = 24 * 60;
const Workstation kDesk{"desk-1", "host-1"};

// A journal whose clock the test moves.
struct Clocked {
    std::shared_ptr<core::TimePoint> now = std::make_shared<core::TimePoint>();
    Journal journal;

    Clocked(const std::string& engine, const std::filesystem::path& dir)
        : journal(test::freshJournal(engine, dir)) {
        journal.setClock([now = now] { return *now; });
    }
    void at(const char* when) const {
        const auto t = core::parseLocalDateTime(when);
        REQUIRE(t);
        *now = *t;
    }
};

CampaignContact contact(std::string name, std::string phone) {
    CampaignContact c;
    c.fullName = std::move(name);
    c.phone = std::move(phone);
    c.municipality = "Заречный район";
    c.category = "многодетные семьи";
    c.note = "трое детей";
    c.source = "list.csv";
    return c;
}

Campaign measure() {
    Campaign c;
    c.title = "Региональный семейный капитал";
    c.entry = "departments/families/faq.md#капитал";
    c.script = "proactive-informing";
    c.createdBy = "Руководитель Р. Р.";
    return c;
}

} // namespace

TEST_CASE("deleted on request: the search log of the citizen's calls, their reminders and the "
          "campaigns' call lists lose who they were, the counts stay",
          "[journal][citizen]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Clocked c(engine, dir.path());
    auto& j = c.journal;
    c.at("2026-12-03T10:00");

    Citizen card;
    card.fullName = "Смирнова Елена Викторовна";
    card.phones = {"8 900 123-45-67"};
    const CitizenId id = j.createCitizen(card);

    IncomingCall call;
    call.receivedAt = "2026-12-03 10:00";
    call.phone = "89001234567";
    call.callerName = card.fullName;
    call.question = "семейный капитал";
    const CallId linked = j.addIncoming(call);
    call.phone = "8 900 765-43-21";
    call.callerName = "Другой Абонент";
    const CallId other = j.addIncoming(call);
    j.recordSearchUse("капитал смирнова", "departments/families/faq.md#капитал", linked);
    j.recordSearchUse("капитал на жильё", "departments/families/faq.md#капитал", other);
    REQUIRE(j.searchUses().size() == 2);

    // a consultation booked on the call and its reminder, a row of the outgoing register
    Booking b;
    b.specialist = "families/zuev";
    b.startsAt = "2026-12-07 09:00";
    b.minutes = 30;
    b.citizenName = card.fullName;
    b.phone = "+7 900 123-45-67";
    b.topic = "капитал";
    b.callId = linked;
    const auto booked = j.book(b);
    REQUIRE(booked);
    c.at("2026-12-06T12:00");
    Reminders reminders(j, {kDay});
    REQUIRE(reminders.take({booked->id, kDay}, "Орлова Т. Н.", kDesk).won);
    const auto reminded =
        reminders.record({booked->id, kDay}, ReminderResult::Reached, "Орлова Т. Н.", kDesk,
                         nullptr, {}, "придёт с мужем Смирновым");
    REQUIRE(reminded.attempt);
    REQUIRE(reminded.attempt->outgoingId);

    // a campaign's call list with her phone written another way, and someone else
    Campaigns campaigns(j);
    const Campaign camp = campaigns.create(measure());
    REQUIRE(campaigns
                .addContacts(camp.id, {contact("Смирнова Е. В.", "+7 (900) 123-45-67"),
                                       contact("Орлов Пётр Ильич", "89002223344")})
                .added == 2);
    const auto items = campaigns.items(camp.id);
    REQUIRE(items.size() == 2);
    REQUIRE(campaigns.take(items[0].id, "Иванова А. А.", kDesk).won);
    const auto attempt = campaigns.record(items[0].id, CampaignResult::Informed, "Иванова А. А.",
                                          kDesk, {}, "дочь Смирнова Анна тоже просит");
    REQUIRE(attempt.outgoingId);
    const auto before = campaigns.report(camp.id).total;
    CHECK(before.informed == 1);

    j.deleteCitizenOnRequest(id);

    // the search log of her call goes, the other call's stays
    const auto uses = j.searchUses();
    CHECK(uses.size() == 1);
    for (const auto& use : uses) {
        CHECK(use.callId == other);
    }

    // the reminder's row keeps what was done, not with whom or the operator's words
    const auto reminderRow = j.outgoing(*reminded.attempt->outgoingId);
    REQUIRE(reminderRow);
    CHECK(reminderRow->calleeContact.empty());
    CHECK(reminderRow->note == "напомнили");
    for (const auto& a : reminders.attempts(booked->id)) {
        CHECK(a.note.empty());
    }
    CHECK(j.booking(booked->id)->citizenName.empty());

    // the call list keeps her row for the counts, without name, phone or note
    const auto after = campaigns.items(camp.id);
    REQUIRE(after.size() == 2);
    CHECK(after[0].fullName.empty());
    CHECK(after[0].phone.empty());
    CHECK(after[0].note.empty());
    CHECK_FALSE(after[0].citizen);
    CHECK(after[0].phoneKey.find("900") == std::string::npos);
    CHECK(after[0].municipality == "Заречный район");
    CHECK(after[0].lastResult == CampaignResult::Informed);
    CHECK(after[1].fullName == "Орлов Пётр Ильич");
    CHECK(after[1].phone == "89002223344");
    const auto campaignRow = j.outgoing(*attempt.outgoingId);
    REQUIRE(campaignRow);
    CHECK(campaignRow->calleeContact.empty());
    CHECK(campaignRow->note == "проинформирован");
    for (const auto& a : campaigns.attempts(camp.id)) {
        CHECK(a.note.empty());
    }
    CHECK(campaigns.report(camp.id).total == before);
    // nobody is offered a citizen without a name: the other one comes next
    const auto next = campaigns.next("Иванова А. А.", kDesk);
    REQUIRE(next);
    CHECK(next->item.id == items[1].id);
}

TEST_CASE("the five-year purge: a campaign's call list loses who was called once neither the "
          "campaign nor the last attempt is within the period, its counts stay",
          "[journal][campaign]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Clocked c(engine, dir.path());
    auto& j = c.journal;
    Campaigns campaigns(j);

    // an old campaign, worked through and closed in 2021
    c.at("2021-03-01T09:00");
    const Campaign closed = campaigns.create(measure());
    REQUIRE(campaigns
                .addContacts(closed.id, {contact("Смирнова Е. В.", "89001234567"),
                                         contact("Орлов Пётр Ильич", "89002223344")})
                .added == 2);
    auto items = campaigns.items(closed.id);
    REQUIRE(campaigns.take(items[0].id, "Иванова А. А.", kDesk).won);
    const auto informed = campaigns.record(items[0].id, CampaignResult::Informed, "Иванова А. А.",
                                           kDesk, {}, "сказала про мужа");
    c.at("2021-03-10T18:00");
    campaigns.close(closed.id);

    // an old campaign still open: one citizen called lately, one never
    c.at("2021-04-01T09:00");
    const Campaign open = campaigns.create(measure());
    REQUIRE(campaigns
                .addContacts(open.id, {contact("Белова Анна", "89003334455"),
                                       contact("Зайцева Ирина", "89004445566")})
                .added == 2);
    const auto openItems = campaigns.items(open.id);
    c.at("2026-11-02T10:00");
    REQUIRE(campaigns.take(openItems[0].id, "Иванова А. А.", kDesk).won);
    campaigns.record(openItems[0].id, CampaignResult::NotReached, "Иванова А. А.", kDesk);

    // a new campaign
    const Campaign fresh = campaigns.create(measure());
    REQUIRE(campaigns.addContacts(fresh.id, {contact("Попов Олег", "89005556677")}).added == 1);

    const auto closedBefore = campaigns.report(closed.id).total;
    const auto result = j.purgeBefore(*parseDate("2021-12-06"));
    CHECK(result.campaignItems == 3);

    items = campaigns.items(closed.id);
    REQUIRE(items.size() == 2);
    for (const auto& item : items) {
        CHECK(item.fullName.empty());
        CHECK(item.phone.empty());
        CHECK(item.note.empty());
        CHECK(item.municipality == "Заречный район"); // counted by municipality
    }
    CHECK(items[0].lastResult == CampaignResult::Informed);
    CHECK_FALSE(items[1].finished); // a closed campaign's figures stay as they were
    CHECK(campaigns.report(closed.id).total == closedBefore);
    for (const auto& a : campaigns.attempts(closed.id)) {
        CHECK(a.note.empty());
        CHECK(a.result == CampaignResult::Informed);
    }
    CHECK(informed.number == 1);

    const auto stillOpen = campaigns.items(open.id);
    REQUIRE(stillOpen.size() == 2);
    CHECK(stillOpen[0].fullName == "Белова Анна"); // called within the period
    CHECK(stillOpen[0].phone == "89003334455");
    CHECK(stillOpen[1].fullName.empty()); // never called in five years
    CHECK(stillOpen[1].finished);         // and offered to nobody
    CHECK(campaigns.items(fresh.id)[0].fullName == "Попов Олег");

    // run again: nothing more to do
    CHECK(j.purgeBefore(*parseDate("2021-12-06")).campaignItems == 0);
}
