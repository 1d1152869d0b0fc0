// Informing campaigns in the journal, on both engines: the call list, attempts spaced by the
// interval under a clock the test sets, the results and the outgoing register, and operators
// asking for the next citizen at once.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/error.h"
#include "sufler/journal/campaigns.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <mutex>
#include <set>
#include <thread>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

const Workstation kDeskA{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "desk-a"};
const Workstation kDeskB{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "desk-b"};

// A clock standing at a local time the test sets.
struct SetClock {
    std::atomic<std::int64_t> at{0};
    void set(const std::string& local) {
        std::tm tm{};
        REQUIRE(strptime(local.c_str(), "%Y-%m-%d %H:%M:%S", &tm) != nullptr);
        tm.tm_isdst = -1;
        at = static_cast<std::int64_t>(std::mktime(&tm));
    }
    std::function<std::chrono::system_clock::time_point()> fn() {
        return [this] { return std::chrono::system_clock::from_time_t(at.load()); };
    }
};

CampaignContact contact(std::string name, std::string phone, std::string municipality,
                        std::string source) {
    CampaignContact c;
    c.fullName = std::move(name);
    c.phone = std::move(phone);
    c.municipality = std::move(municipality);
    c.category = "многодетные семьи";
    c.source = std::move(source);
    return c;
}

Campaign measure(CampaignInterval interval = {}) {
    Campaign c;
    c.title = "Региональный семейный капитал";
    c.entry = "departments/families/faq.md#региональный-семейный-капитал";
    c.script = "proactive-informing";
    c.createdBy = "Руководитель Р. Р.";
    c.interval = interval;
    return c;
}

std::vector<OutgoingCall> campaignRows(const Journal& j) {
    auto rows = j.outgoingCalls();
    std::erase_if(rows, [](const OutgoingCall& r) { return r.source.rfind("кампания", 0) != 0; });
    return rows;
}

} // namespace

TEST_CASE("campaign vocabulary: results and intervals as people write them", "[campaign]") {
    CHECK(parseCampaignResult("not-reached") == CampaignResult::NotReached);
    CHECK(parseCampaignResult("Не дозвонился") == CampaignResult::NotReached);
    CHECK(parseCampaignResult("wrong_number") == CampaignResult::WrongNumber);
    CHECK(parseCampaignResult("проинформирован") == CampaignResult::Informed);
    CHECK_FALSE(parseCampaignResult("дозвонился"));
    CHECK(parseCampaignInterval("1d") == CampaignInterval{1, 0});
    CHECK(parseCampaignInterval("4h") == CampaignInterval{0, 4});
    CHECK_FALSE(parseCampaignInterval("0d"));
    CHECK_FALSE(parseCampaignInterval("90m"));
    CHECK_FALSE(parseCampaignInterval("d"));
    const core::WorkCalendar calendar;
    // Friday → Monday (a working day), the same time; hours run past midnight
    CHECK(nextAttemptAt({1, 0}, "2026-12-04 10:00:00", calendar) == "2026-12-07 10:00:00");
    CHECK(nextAttemptAt({0, 20}, "2026-12-04 10:00:00", calendar) == "2026-12-05 06:00:00");
    // 31 December → the first working day of January after the New Year holidays
    CHECK(nextAttemptAt({1, 0}, "2026-12-31 12:00:00", calendar).substr(0, 10) > "2027-01-08");
}

TEST_CASE("a campaign on both engines: the list imported with its bad rows named, three "
          "attempts spaced by the interval, the results in the outgoing register and the "
          "figures",
          "[campaign]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Journal j = test::freshJournal(engine, dir.path());
    SetClock clock;
    clock.set("2026-12-04 09:00:00"); // a Friday
    j.setClock(clock.fn());
    Campaigns campaigns(j);

    Citizen card;
    card.fullName = "Кузнецова Мария Петровна";
    card.phones = {"8 (900) 111-22-33"};
    card.municipality = "Заречный район";
    const CitizenId cardId = j.createCitizen(card);

    const Campaign c = campaigns.create(measure());
    CHECK(c.id > 0);
    CHECK(c.status == CampaignStatus::Open);
    CHECK(c.createdAt == "2026-12-04 09:00:00");
    CHECK(campaigns.list().size() == 1);

    const auto imported = campaigns.addContacts(
        c.id, {contact("Кузнецова Мария Петровна", "+7 900 111-22-33", "", "list.csv:2"),
               contact("Орлов Пётр Ильич", "89002223344", "Заречный район", "list.csv:3"),
               contact("Белова Анна", "12-34", "Центральный район", "list.csv:4"),
               contact("  ", "89005556677", "Центральный район", "list.csv:5"),
               contact("Орлов П. И.", "+7 (900) 222-33-44", "Заречный район", "list.csv:6"),
               contact("Сидорова Ольга", "8 900 333 44 55", "Центральный район", "list.csv:7"),
               contact("Зайцева Ирина", "8 900 444 55 66", "Центральный район", "list.csv:8")});
    CHECK(imported.added == 4);
    REQUIRE(imported.problems.size() == 3);
    CHECK(imported.problems[0].rfind("list.csv:4: Белова Анна: номер телефона «12-34»", 0) == 0);
    CHECK(imported.problems[1] == "list.csv:5: не указано ФИО");
    CHECK(imported.problems[2].rfind("list.csv:6: Орлов П. И.: телефон", 0) == 0);

    auto items = campaigns.items(c.id);
    REQUIRE(items.size() == 4);
    CHECK(items[0].citizen == cardId); // linked by phone, municipality from the card
    CHECK(items[0].municipality == "Заречный район");
    CHECK(items[0].phoneKey == "+79001112233");
    CHECK_FALSE(items[1].citizen);
    CHECK(items[3].fullName == "Зайцева Ирина");

    // Friday: the first round
    auto call = campaigns.next("Иванова А. А.", kDeskA);
    REQUIRE(call);
    CHECK(call->item.id == items[0].id);
    CHECK(call->campaign.title == c.title);
    CHECK(campaigns.next("Иванова А. А.", kDeskA)->item.id == items[0].id); // hers again
    clock.set("2026-12-04 09:05:00");
    auto attempt =
        campaigns.record(items[0].id, CampaignResult::NotReached, "Иванова А. А.", kDeskA);
    CHECK(attempt.number == 1);
    CHECK(attempt.at == "2026-12-04 09:05:00");
    REQUIRE(attempt.outgoingId);
    const auto row = j.outgoing(*attempt.outgoingId);
    REQUIRE(row);
    CHECK(row->calledAt == "2026-12-04 09:05:00");
    CHECK(row->calleeContact == "Кузнецова Мария Петровна, +7 900 111-22-33");
    CHECK(row->question == "Информирование о мере поддержки: Региональный семейный капитал");
    CHECK(row->operatorName == "Иванова А. А.");
    CHECK(row->municipality == "Заречный район");
    CHECK(row->note == "не дозвонился");
    CHECK(campaigns.item(items[0].id)->dueAt == "2026-12-07 09:05:00");

    call = campaigns.next("Иванова А. А.", kDeskA);
    REQUIRE(call);
    CHECK(call->item.id == items[1].id);
    campaigns.record(items[1].id, CampaignResult::Informed, "Иванова А. А.", kDeskA, {},
                     "будет подавать заявление");
    CHECK(campaignRows(j).back().note == "проинформирован; будет подавать заявление");

    call = campaigns.next("Петров Б. Б.", kDeskB);
    REQUIRE(call);
    CHECK(call->item.id == items[2].id);
    campaigns.record(items[2].id, CampaignResult::WrongNumber, "Петров Б. Б.", kDeskB);

    call = campaigns.next("Петров Б. Б.", kDeskB);
    REQUIRE(call);
    CHECK(call->item.id == items[3].id);
    campaigns.record(items[3].id, CampaignResult::CallLater, "Петров Б. Б.", kDeskB,
                     "2026-12-04 15:30");
    CHECK(campaigns.item(items[3].id)->dueAt == "2026-12-04 15:30:00");
    CHECK_THROWS_AS(campaigns.record(items[3].id, CampaignResult::CallLater, "Петров Б. Б.", kDeskB,
                                     "2026-12-04 08:00"),
                    Error);                               // not after the call
    CHECK_FALSE(campaigns.next("Иванова А. А.", kDeskA)); // nobody is due yet

    clock.set("2026-12-04 15:30:00");
    call = campaigns.next("Иванова А. А.", kDeskA);
    REQUIRE(call);
    CHECK(call->item.id == items[3].id);
    campaigns.record(items[3].id, CampaignResult::Informed, "Иванова А. А.", kDeskA);

    // Saturday and Sunday are no working days: the second attempt is on Monday, same time
    clock.set("2026-12-07 09:04:59");
    CHECK_FALSE(campaigns.next("Иванова А. А.", kDeskA));
    clock.set("2026-12-07 09:05:00");
    call = campaigns.next("Иванова А. А.", kDeskA);
    REQUIRE(call);
    CHECK(call->item.id == items[0].id);
    CHECK(
        campaigns.record(items[0].id, CampaignResult::NotReached, "Иванова А. А.", kDeskA).number ==
        2);
    CHECK(campaigns.item(items[0].id)->dueAt == "2026-12-08 09:05:00");
    CHECK_FALSE(campaigns.item(items[0].id)->finished);

    clock.set("2026-12-08 11:00:00");
    call = campaigns.next("Петров Б. Б.", kDeskB);
    REQUIRE(call);
    CHECK(
        campaigns.record(items[0].id, CampaignResult::NotReached, "Петров Б. Б.", kDeskB).number ==
        3);
    CHECK(campaigns.item(items[0].id)->finished); // the third attempt was the last
    CHECK_FALSE(campaigns.next("Петров Б. Б.", kDeskB));
    clock.set("2026-12-20 11:00:00");
    CHECK_FALSE(campaigns.next("Петров Б. Б.", kDeskB));
    CHECK_THROWS_AS(campaigns.record(items[0].id, CampaignResult::Informed, "Петров Б. Б.", kDeskB),
                    Error);

    // every attempt is a row of the outgoing register
    CHECK(campaignRows(j).size() == 7);
    CHECK(campaigns.attempts(c.id).size() == 7);

    const auto report = campaigns.report(c.id);
    CHECK(report.total.listed == 4);
    CHECK(report.total.called == 4);
    CHECK(report.total.reached == 2); // Орлов; Зайцева (asked to call later, then informed)
    CHECK(report.total.informed == 2);
    CHECK(report.total.wrongNumber == 1);
    CHECK(report.total.unreachable == 1);
    CHECK(report.total.refused == 0);
    CHECK(report.total.pending == 0);
    CHECK(report.total.attempts == 7);
    CHECK(report.total.notReached == 3);
    REQUIRE(report.byOperator.size() == 2);
    CHECK(report.byOperator[0].first == "Иванова А. А.");
    CHECK(report.byOperator[0].second.attempts == 4);
    CHECK(report.byOperator[0].second.informed == 2);
    CHECK(report.byOperator[1].second.attempts == 3);
    CHECK(report.byOperator[1].second.wrongNumber == 1);
    REQUIRE(report.byMunicipality.size() == 2);
    CHECK(report.byMunicipality[0].first == "Заречный район");
    CHECK(report.byMunicipality[0].second.listed == 2);
    CHECK(report.byMunicipality[0].second.informed == 1);
    CHECK(report.byMunicipality[0].second.unreachable == 1);
    CHECK(report.byMunicipality[1].second.listed == 2);

    // closed: offered to nobody, nothing recorded, nothing added
    campaigns.close(c.id);
    CHECK(campaigns.campaign(c.id)->status == CampaignStatus::Closed);
    CHECK(campaigns.campaign(c.id)->closedAt == "2026-12-20 11:00:00");
    CHECK_THROWS_AS(campaigns.addContacts(c.id, {contact("Новая", "89009990000", "", "x:1")}),
                    Error);
}

TEST_CASE("a campaign citizen held by one operator: another can neither take nor record them "
          "until the claim lapses",
          "[campaign]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Journal j = test::freshJournal(engine, dir.path());
    SetClock clock;
    clock.set("2026-12-04 09:00:00");
    j.setClock(clock.fn());
    Campaigns campaigns(j);
    const Campaign c = campaigns.create(measure({0, 4}));
    REQUIRE(campaigns.addContacts(c.id, {contact("Орлов Пётр Ильич", "89002223344", "", "a:1")})
                .added == 1);
    const auto item = campaigns.items(c.id).front();

    CHECK(campaigns.take(item.id, "Иванова А. А.", kDeskA).won);
    const auto other = campaigns.take(item.id, "Петров Б. Б.", kDeskB);
    CHECK_FALSE(other.won);
    CHECK(other.claim.operatorName == "Иванова А. А.");
    CHECK_FALSE(campaigns.next("Петров Б. Б.", kDeskB));
    CHECK_THROWS_WITH(campaigns.record(item.id, CampaignResult::Informed, "Петров Б. Б.", kDeskB),
                      Catch::Contains("звонит Иванова А. А."));
    REQUIRE(campaigns.due().size() == 1);
    CHECK(campaigns.due().front().item.claim->operatorName == "Иванова А. А.");

    // not answered in time: the claim lapses and the other takes over
    clock.set("2026-12-04 09:31:00");
    CHECK_FALSE(campaigns.due().front().item.claim);
    auto call = campaigns.next("Петров Б. Б.", kDeskB);
    REQUIRE(call);
    CHECK(call->item.id == item.id);
    campaigns.record(item.id, CampaignResult::NotReached, "Петров Б. Б.", kDeskB);
    // four hours later, not a working day later
    CHECK(campaigns.item(item.id)->dueAt == "2026-12-04 13:31:00");
    CHECK_THROWS_AS(campaigns.take(item.id, "Иванова А. А.", kDeskA), Error); // not due

    // released: anyone may take it
    clock.set("2026-12-04 13:31:00");
    REQUIRE(campaigns.next("Петров Б. Б.", kDeskB));
    campaigns.release(item.id);
    CHECK(campaigns.next("Иванова А. А.", kDeskA)->item.id == item.id);
}

TEST_CASE("two operators asking for the next campaign call at once never get the same citizen, "
          "on both engines",
          "[campaign][concurrency]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    constexpr int kCitizens = 12;
    {
        Journal j = Journal::open(where);
        Campaigns campaigns(j);
        const auto c = campaigns.create(measure());
        std::vector<CampaignContact> list;
        for (int i = 0; i < kCitizens; ++i) {
            list.push_back(contact(fmt::format("Гражданин {}", i),
                                   fmt::format("8 900 000 00 {:02}", i), "", "x"));
        }
        REQUIRE(campaigns.addContacts(c.id, list).added == kCitizens);
    }
    // Each operator has a connection of its own, as two consoles have; each works through the
    // list: takes the next, records a result, asks again.
    constexpr int kOperators = 4;
    std::vector<Journal> journals;
    for (int i = 0; i < kOperators; ++i) {
        journals.push_back(Journal::open(where));
    }
    std::mutex mutex;
    std::vector<CampaignItemId> given;
    std::atomic<int> ready{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kOperators; ++i) {
        threads.emplace_back([&, i] {
            const std::string name = fmt::format("Оператор {}", i);
            const Workstation desk{fmt::format("{:032}", i), fmt::format("desk-{}", i)};
            Campaigns campaigns(journals[static_cast<std::size_t>(i)]);
            ++ready;
            while (ready.load() < kOperators) {
            }
            try {
                while (auto call = campaigns.next(name, desk)) {
                    {
                        const std::lock_guard lock(mutex);
                        given.push_back(call->item.id);
                    }
                    campaigns.record(call->item.id, CampaignResult::Informed, name, desk);
                }
            } catch (const std::exception& e) {
                ++failures;
                FAIL_CHECK(e.what());
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(failures.load() == 0);
    const std::set<CampaignItemId> distinct(given.begin(), given.end());
    CHECK(distinct.size() == given.size()); // nobody was given to two operators
    CHECK(given.size() == static_cast<std::size_t>(kCitizens));
    Campaigns campaigns(journals[0]);
    const auto report = campaigns.report(campaigns.list().front().id);
    CHECK(report.total.informed == kCitizens);
    CHECK(report.total.attempts == kCitizens);
}

TEST_CASE("a call list from applicant cards: by category and municipality, in any case",
          "[campaign]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    Journal j = test::freshJournal(engine, dir.path());
    const auto add = [&](std::string name, std::string phone, std::string municipality,
                         std::vector<std::string> categories) {
        Citizen card;
        card.fullName = std::move(name);
        card.phones = {std::move(phone)};
        card.municipality = std::move(municipality);
        card.categories = std::move(categories);
        return j.createCitizen(card);
    };
    const auto first = add("Кузнецова Мария", "89001112233", "Заречный район",
                           {"многодетная семья", "малоимущая семья"});
    add("Орлов Пётр", "89002223344", "Центральный район", {"многодетная семья"});
    add("Белова Анна", "89003334455", "Заречный район", {"семья с ребёнком-инвалидом"});
    const auto broken = add("Зайцева Ирина", "12-34", "заречный район", {"Многодетная семья"});
    Campaigns campaigns(j);
    const auto contacts = campaigns.contactsFromCards("многодетная семья", "Заречный район");
    REQUIRE(contacts.size() == 2);
    CHECK(contacts[0].fullName == "Кузнецова Мария");
    CHECK(contacts[0].category == "многодетная семья");
    CHECK(contacts[0].source == fmt::format("карточка заявителя {}", first));
    const auto c = campaigns.create(measure());
    const auto imported = campaigns.addContacts(c.id, contacts);
    CHECK(imported.added == 1);
    REQUIRE(imported.problems.size() == 1); // the card without a full number is named
    CHECK(imported.problems[0].rfind(fmt::format("карточка заявителя {}: Зайцева", broken), 0) ==
          0);
    CHECK(campaigns.items(c.id).front().citizen == first);
    CHECK(campaigns.contactsFromCards("", "").size() == 4);
}
