// The queries typed during calls and the entries opened from them, on both engines.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/error.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/migrate.h"

#include <catch2/catch.hpp>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

TEST_CASE("search log: phone-like runs of digits are taken out, sums and short numbers stay",
          "[journal][search-log]") {
    CHECK(stripPhoneNumbers("пособие Иванова 8 (916) 123-45-67 перезвонить") ==
          "пособие Иванова перезвонить");
    CHECK(stripPhoneNumbers("снилс 123-456-789 01 пенсия") == "снилс пенсия");
    CHECK(stripPhoneNumbers("тел89161234567 уголь") == "тел уголь");
    CHECK(stripPhoneNumbers("+7 916 1234567") == "");
    CHECK(stripPhoneNumbers("55 32 21") == "");
    CHECK(stripPhoneNumbers("17 200 руб на ребенка") == "17 200 руб на ребенка");
    CHECK(stripPhoneNumbers("18000 р в месяц") == "18000 р в месяц");
    CHECK(stripPhoneNumbers("закон 181-фз ст 28") == "закон 181-фз ст 28");
    CHECK(stripPhoneNumbers("  деньги   на  похороны ") == "деньги на похороны");
}

TEST_CASE("search log: the query and the entry opened, per call, by department and period",
          "[journal][search-log]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    const auto call = j.addIncoming(test::fullCard(1));
    const std::string burial = "departments/social/faq.md#posobie-na-pogrebenie";
    j.recordSearchUse("деньги на похороны 8 916 123-45-67", burial, call, {},
                      "2026-11-20 10:00:05");
    j.recordSearchUse("кто по углю", "directory/agencies.md#toplivo", {}, "",
                      "2026-11-21 09:00:00");
    j.recordSearchUse("89161234567", burial, call); // nothing but a phone: not kept

    const auto all = j.searchUses();
    REQUIRE(all.size() == 2);
    CHECK(all[0].department.empty()); // a directory row has no department
    CHECK(all[1].query == "деньги на похороны");
    CHECK(all[1].entryId == burial);
    CHECK(all[1].department == "social");
    CHECK(all[1].callId == call);
    CHECK(all[1].at == "2026-11-20 10:00:05");

    const auto social = j.searchUses("social");
    REQUIRE(social.size() == 1);
    CHECK(social[0].entryId == burial);
    Period day;
    day.from = *parseDate("2026-11-21");
    day.to = day.from;
    const auto onDay = j.searchUses({}, day);
    REQUIRE(onDay.size() == 1);
    CHECK(onDay[0].query == "кто по углю");

    CHECK_THROWS_AS(j.recordSearchUse("пособие", burial, CallId{999999}), Error);
    CHECK_THROWS_AS(j.recordSearchUse("пособие", ""), Error);
    CHECK_THROWS_AS(j.recordSearchUse("пособие", burial, {}, {}, "вчера"), Error);
    CHECK(j.searchUses().size() == 2);
}

TEST_CASE("search log: purged with the register, moved with it", "[journal][search-log]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    {
        auto j = Journal::open(where);
        IncomingCall old = test::fullCard(1);
        old.receivedAt = "2021-11-23 10:00";
        const auto oldId = j.addIncoming(old);
        j.recordSearchUse("компенсация за коммуналку", "departments/lgoty/faq.md#zhku", oldId, {},
                          "2021-11-23 10:01:00");
        j.recordSearchUse("субсидия жкх", "departments/lgoty/faq.md#subsidiya", {}, {},
                          "2021-11-24 10:01:00");
        const auto r = j.purgeBefore(*parseDate("2021-11-24"));
        CHECK(r.searchUses == 1);
        const auto left = j.searchUses();
        REQUIRE(left.size() == 1);
        CHECK(left[0].query == "субсидия жкх");
    }
    TempDir target;
    const std::string to = test::freshJournalWhere(engine, target.path());
    const auto moved = migrate(where, to);
    CHECK(moved.searchUses == 1);
    CHECK(migrate(where, to).searchUses == 0);
    const auto there = Journal::open(to).searchUses();
    REQUIRE(there.size() == 1);
    CHECK(there[0].entryId == "departments/lgoty/faq.md#subsidiya");
}
