// The citizen across calls: the history by phone, on both engines.
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/core/error.h"
#include "sufler/journal/journal.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

Date day(const char* text) {
    return *parseDate(text);
}

IncomingCall call(const std::string& at, const std::string& phone, const std::string& question,
                  const std::string& operatorName = "Иванова А. А.") {
    IncomingCall c;
    c.receivedAt = at;
    c.phone = phone;
    c.question = question;
    c.operatorName = operatorName;
    c.department = "families";
    c.municipality = "Энск";
    c.closedAt = at;
    return c;
}

std::vector<std::string> questions(const CallerHistory& h) {
    std::vector<std::string> out;
    for (const auto& c : h.calls) {
        out.push_back(c.question);
    }
    return out;
}

// Runs `sql` on a journal file (a program older than this one left it so).
void sqliteExec(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    INFO((error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

} // namespace

TEST_CASE("citizen: retention starts five years before today") {
    CHECK(retentionStart(day("2026-12-06")) == day("2021-12-06"));
    CHECK(retentionStart(day("2028-02-29")) == day("2023-02-28"));
    CHECK(retentionStart(day("2026-01-01")) == day("2021-01-01"));
}

TEST_CASE("citizen: the history finds a phone however it was written, newest first, within "
          "five years") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    j.setCalendar(core::WorkCalendar{});
    j.addIncoming(call("2021-12-05 09:00", "8 900 123-45-67", "слишком давно"));
    j.addIncoming(call("2021-12-06 09:00", "8 900 123-45-67", "пять лет назад"));
    const CallId first = j.addIncoming(call("2026-11-02 10:00", "+7 (900) 123-45-67", "ЕДВ"));
    j.addIncoming(call("2026-11-20 11:30", "9001234567", "пособие", "Петров П. П."));
    j.addIncoming(call("2026-11-21 12:00", "8 900 765-43-21", "чужой звонок"));
    j.addIncoming(call("2026-11-22 12:00", "", "без номера"));

    for (const char* typed : {"89001234567", "+7 900 123 45 67", "9001234567", "7(900)1234567"}) {
        INFO(typed);
        const auto h = j.callerHistory(typed, day("2026-12-06"));
        CHECK(h.phone == "+79001234567");
        CHECK(h.since == day("2021-12-06"));
        CHECK(questions(h) == std::vector<std::string>{"пособие", "ЕДВ", "пять лет назад"});
        CHECK(h.open.empty());
    }
    const auto h = j.callerHistory("89001234567", day("2026-12-06"));
    REQUIRE(h.calls.size() == 3);
    CHECK(h.calls[0].operatorName == "Петров П. П.");
    CHECK(h.calls[0].phone == "9001234567"); // as typed on that call
    CHECK(h.calls[1].id == first);
    CHECK(h.calls[1].receivedAt == "2026-11-02 10:00:00");
    CHECK(h.calls[1].department == "families");
    CHECK(h.calls[1].municipality == "Энск");
    CHECK(h.calls[1].closed);
    CHECK_FALSE(h.calls[1].deferred);

    // the current call is left out when asked
    const auto without = j.callerHistory("89001234567", day("2026-12-06"), first);
    CHECK(questions(without) == std::vector<std::string>{"пособие", "пять лет назад"});

    // not a number: nothing, and said so by an empty key
    const auto none = j.callerHistory("не сказала", day("2026-12-06"));
    CHECK(none.phone.empty());
    CHECK(none.calls.empty());
    CHECK(j.callerHistory("", day("2026-12-06")).calls.empty());
}

TEST_CASE("citizen: the history shows what is still open, its deadline and who holds the "
          "callback") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    j.setCalendar(core::WorkCalendar{});
    // call 1: a callback still pending; call 2 from the same phone, typed another way
    IncomingCall c1 = call("2026-12-01 10:00", "8 (900) 123-45-67", "субсидия ЖКУ");
    c1.closedAt.clear();
    const CallId id1 = j.startIncoming(c1);
    j.closeCall(id1, Survey{Answered::No, Satisfaction::PartlySatisfied}, "2026-12-01 10:05");
    j.deferAnswer(id1, "", "после обеда");
    IncomingCall c2 = call("2026-12-03 09:00", "+79001234567", "пособие на ребёнка");
    c2.survey.answered = Answered::Yes;
    const CallId id2 = j.addIncoming(c2);
    j.deferAnswer(id2, "", "");
    j.completeDeferred(id2, "ответ дан", "2026-12-04 10:00");

    const auto taken = j.claimCallback(id1, "Петров П. П.", Workstation{"desk-2", "desk-2"});
    REQUIRE(taken.won);

    const auto h = j.callerHistory("89001234567", day("2026-12-06"));
    REQUIRE(h.calls.size() == 2);
    CHECK(h.calls[0].id == id2);
    CHECK(h.calls[0].survey.answered == Answered::Yes);
    REQUIRE(h.calls[0].deferred);
    CHECK(h.calls[0].deferred->done());
    CHECK(h.calls[1].id == id1);
    CHECK(h.calls[1].survey.answered == Answered::No);
    CHECK(h.calls[1].survey.satisfaction == Satisfaction::PartlySatisfied);
    REQUIRE(h.calls[1].deferred);
    CHECK(h.calls[1].deferred->convenientHours == "после обеда");

    REQUIRE(h.open.size() == 1); // the answered one is not open
    const auto& open = h.open.front();
    CHECK(open.kind == HistoryOpenItem::Kind::Callback);
    CHECK(open.callId == id1);
    CHECK(open.callNumber == j.incoming(id1)->number);
    CHECK(open.question == "субсидия ЖКУ");
    CHECK(open.due == day("2026-12-02")); // the next working day
    CHECK(open.overdue);
    REQUIRE(open.claim);
    CHECK(open.claim->operatorName == "Петров П. П.");

    // on its due day it is not overdue; returned to the queue, nobody holds it
    j.releaseCallback(id1);
    const auto onTime = j.callerHistory("+7 900 123-45-67", day("2026-12-02"));
    REQUIRE(onTime.open.size() == 1);
    CHECK_FALSE(onTime.open.front().overdue);
    CHECK_FALSE(onTime.open.front().claim);
}

TEST_CASE("citizen: a changed phone on the card moves the call to the new number") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    IncomingCall c = call("2026-12-01 10:00", "8 900 111-11-11", "вопрос");
    c.closedAt.clear();
    const CallId id = j.startIncoming(c);
    CHECK(j.callerHistory("89001111111", day("2026-12-06")).calls.size() == 1);
    c.phone = "8 900 222 22 22";
    j.saveCard(id, c);
    CHECK(j.callerHistory("89001111111", day("2026-12-06")).calls.empty());
    CHECK(j.callerHistory("+79002222222", day("2026-12-06")).calls.size() == 1);
}

// On SQLite only: on PostgreSQL the schema cannot be set back to before the step without
// undoing every later step too (the same backfill runs there in its step's transaction).
TEST_CASE("citizen: a journal from before phone keys gets them when it is opened") {
    const std::string engine = "sqlite";
    TempDir dir;
    const std::string where = test::freshJournalWhere(engine, dir.path());
    {
        auto j = Journal::open(where);
        j.addIncoming(call("2026-11-02 10:00", "+7 (900) 123-45-67", "первый"));
        j.addIncoming(call("2026-11-03 10:00", "8 900 123 45 67", "второй"));
        j.addIncoming(call("2026-11-04 10:00", "12-34-56", "местный"));
    }
    // as the program before phone keys left it
    sqliteExec(where, "DROP INDEX incoming_by_phone; ALTER TABLE incoming_calls DROP COLUMN "
                      "phone_key; PRAGMA user_version = 5");
    auto j = Journal::open(where);
    const auto h = j.callerHistory("89001234567", day("2026-12-06"));
    CHECK(questions(h) == std::vector<std::string>{"второй", "первый"});
    CHECK(questions(j.callerHistory("123456", day("2026-12-06"))) ==
          std::vector<std::string>{"местный"});
}

TEST_CASE("citizen: a callback with the answer registers its outgoing call by itself") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    j.setCalendar(core::WorkCalendar{});
    IncomingCall c = call("2026-12-01 10:00", "8 900 123-45-67", "субсидия ЖКУ");
    c.callerName = "Смирнова Е. В.";
    c.callerBirthYear = "1961";
    const CallId id = j.addIncoming(c);
    j.deferAnswer(id, "8 900 000-00-01", "после обеда");
    const Workstation desk{"desk-2", "desk-2"};
    REQUIRE(j.claimCallback(id, "Петров П. П.", desk).won);

    // refused (another holds it): neither the answer nor an outgoing row
    CHECK_THROWS_AS(j.completeDeferred(id, "ответ", "2026-12-02 11:00",
                                       CallbackClaim{"Иванова А. А.", {"desk-1", "desk-1"}, {}}),
                    Error);
    CHECK(j.outgoingCalls().empty());

    j.completeDeferred(id, "субсидия назначена", "2026-12-02 11:00",
                       CallbackClaim{"Петров П. П.", desk, {}});
    const auto out = j.outgoingCalls();
    REQUIRE(out.size() == 1);
    CHECK(out[0].incomingId == id);
    CHECK(out[0].calledAt == "2026-12-02 11:00:00");
    CHECK(out[0].operatorName == "Петров П. П.");
    CHECK(out[0].question == "субсидия ЖКУ");
    CHECK(out[0].municipality == "Энск");
    CHECK(out[0].calleeContact == "Смирнова Е. В., 1961, 8 900 000-00-01");
    CHECK(out[0].note == "обратный звонок с ответом");
    CHECK(out[0].number == 1);

    // a second answer is refused and adds no row
    CHECK_THROWS_AS(j.completeDeferred(id, "ещё раз", "2026-12-02 12:00"), Error);
    CHECK(j.outgoingCalls().size() == 1);
}

namespace {

Citizen card(const std::string& name, std::vector<std::string> phones,
             const std::string& birthYear = "1961") {
    Citizen c;
    c.fullName = name;
    c.phones = std::move(phones);
    c.birthYear = birthYear;
    c.municipality = "Энск";
    c.address = "ул. Ленина, 1";
    c.family = {{"Смирнов Иван", "сын", "2012"}, {"Смирнова Ольга", "дочь", "2015"}};
    c.categories = {"многодетная семья"};
    c.needs = "уголь на зиму";
    c.measures = "субсидия ЖКУ";
    c.consent = "согласие дано устно 01.12.2026";
    c.notes = "звонит по вечерам";
    return c;
}

std::vector<CitizenId> ids(const std::vector<Citizen>& cards) {
    std::vector<CitizenId> out;
    for (const auto& c : cards) {
        out.push_back(c.id);
    }
    return out;
}

} // namespace

TEST_CASE("citizen: a card keeps every field, is found by phone and by name with ё and a typo") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    const CitizenId id = j.createCitizen(card("Смирнова Алёна Викторовна", {"8 900 123-45-67"}));
    const CitizenId other = j.createCitizen(card("Петрова Анна Ивановна", {"+375 29 123 45 67"}));
    const auto back = j.citizen(id);
    REQUIRE(back);
    auto expected = card("Смирнова Алёна Викторовна", {"8 900 123-45-67"});
    expected.id = id;
    expected.createdAt = back->createdAt;
    expected.updatedAt = back->updatedAt;
    CHECK(*back == expected);
    CHECK_FALSE(back->createdAt.empty());

    CHECK(ids(j.findCitizensByPhone("+7 (900) 123 45 67")) == std::vector<CitizenId>{id});
    CHECK(ids(j.findCitizensByPhone("8 10 375 29 1234567")) == std::vector<CitizenId>{other});
    CHECK(j.findCitizensByPhone("8 900 000 00 00").empty());
    CHECK(j.findCitizensByPhone("нет").empty());

    for (const char* name :
         {"смирнова алена викторовна", "СМИРНОВА  АЛЁНА ВИКТОРОВНА", "Смирнова Алена Викторвна",
          "Смирновa Алена Викторовна", "Смирнова Алена Викторовна "}) {
        INFO(name);
        CHECK(ids(j.findCitizensByName(name)) == std::vector<CitizenId>{id});
    }
    CHECK(j.findCitizensByName("Смирнова Алена").empty());           // not the same name
    CHECK(j.findCitizensByName("Смирнова Алина Викторвна").empty()); // two typos

    // saving keeps the creation time and the id
    auto changed = *back;
    changed.phones.push_back("8 (4932) 12-34-56");
    changed.family.pop_back();
    j.updateCitizen(id, changed);
    const auto saved = j.citizen(id);
    REQUIRE(saved);
    CHECK(saved->phones == changed.phones);
    CHECK(saved->family == changed.family);
    CHECK(saved->createdAt == back->createdAt);
    CHECK(ids(j.findCitizensByPhone("+74932123456")) == std::vector<CitizenId>{id});
    CHECK_THROWS_AS(j.createCitizen(Citizen{}), Error);
    CHECK_THROWS_AS(j.updateCitizen(999, changed), Error);
}

TEST_CASE("citizen: calls are linked to the one card of their phone, by hand or by themselves") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    const CallId before = j.addIncoming(call("2026-11-02 10:00", "89001234567", "до карточки"));
    const CitizenId id = j.createCitizen(card("Смирнова Е. В.", {"+7 900 123-45-67"}));
    CHECK(j.citizenOfCall(before) == id); // the card takes the calls of its phone
    IncomingCall c = call("2026-12-01 10:00", "", "новый");
    c.closedAt.clear();
    const CallId started = j.startIncoming(c);
    CHECK_FALSE(j.citizenOfCall(started));
    c.phone = "8 (900) 123-45-67";
    j.saveCard(started, c);
    CHECK(j.citizenOfCall(started) == id);
    const CallId added = j.addIncoming(call("2026-12-02 10:00", "9001234567", "ещё"));
    CHECK(j.citizenOfCall(added) == id);

    // two cards with one phone: no guess
    const CitizenId twin = j.createCitizen(card("Смирнов В. В.", {"89001234567"}));
    const CallId ambiguous = j.addIncoming(call("2026-12-03 10:00", "89001234567", "чей"));
    CHECK_FALSE(j.citizenOfCall(ambiguous));
    j.linkCall(ambiguous, twin);
    CHECK(j.citizenOfCall(ambiguous) == twin);
    j.linkCall(ambiguous, std::nullopt);
    CHECK_FALSE(j.citizenOfCall(ambiguous));
    CHECK_THROWS_AS(j.linkCall(ambiguous, 999), Error);

    std::vector<std::string> linked;
    for (const auto& call : j.callsOfCitizen(id)) {
        linked.push_back(call.question);
    }
    CHECK(linked == std::vector<std::string>{"до карточки", "новый", "ещё"});
}

TEST_CASE("citizen: duplicates are listed, previewed and merged") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    Citizen a = card("Смирнова Алёна Викторовна", {"8 900 123-45-67"});
    a.address.clear();
    const CitizenId keep = j.createCitizen(a);
    Citizen b = card("Смирнова Алена Викторовна", {"8 (4932) 12-34-56"});
    b.address = "ул. Мира, 5";
    b.municipality = "Заречный район";
    b.family.push_back({"Смирнов Пётр", "сын", "2019"});
    b.categories = {"многодетная семья", "малоимущая семья"};
    const CitizenId drop = j.createCitizen(b);
    const CitizenId byPhone = j.createCitizen(card("Иванов И. И.", {"+79001234567"}, "1950"));
    j.createCitizen(card("Кузнецова О. О.", {"89990000000"}, "1970"));
    const CallId call1 = j.addIncoming(call("2026-12-01 10:00", "+7 4932 123456", "вопрос"));
    REQUIRE(j.citizenOfCall(call1) == drop);

    const auto dups = j.citizenDuplicates();
    REQUIRE(dups.size() == 2);
    CHECK(dups[0].first == keep);
    CHECK(dups[0].second == drop);
    CHECK(dups[0].reason == "одно ФИО и год рождения");
    CHECK(dups[1].first == keep);
    CHECK(dups[1].second == byPhone);
    CHECK(dups[1].reason == "один телефон +79001234567");

    const auto preview = j.previewMerge(keep, drop);
    CHECK(preview.callsMoved == 1);
    CHECK(preview.phonesAdded == std::vector<std::string>{"8 (4932) 12-34-56"});
    CHECK(preview.filled == std::vector<std::string>{"адрес"});
    CHECK(preview.differing == std::vector<std::string>{"муниципальное образование"});
    CHECK(preview.result.address == "ул. Мира, 5");
    CHECK(preview.result.municipality == "Энск");
    CHECK(preview.result.family.size() == 3);
    CHECK(preview.result.categories ==
          std::vector<std::string>{"многодетная семья", "малоимущая семья"});
    // a preview changes nothing
    CHECK(j.citizen(drop));
    CHECK(j.citizenOfCall(call1) == drop);

    const auto merged = j.mergeCitizens(keep, drop);
    CHECK(merged.callsMoved == 1);
    CHECK_FALSE(j.citizen(drop));
    CHECK(j.citizenOfCall(call1) == keep);
    const auto kept = j.citizen(keep);
    REQUIRE(kept);
    CHECK(kept->phones == std::vector<std::string>{"8 900 123-45-67", "8 (4932) 12-34-56"});
    CHECK(kept->address == "ул. Мира, 5");
    CHECK(kept->family.size() == 3);
    CHECK(ids(j.findCitizensByPhone("+74932123456")) == std::vector<CitizenId>{keep});
    CHECK_THROWS_AS(j.previewMerge(keep, keep), Error);
    CHECK_THROWS_AS(j.mergeCitizens(keep, drop), Error);
}

TEST_CASE("citizen: deleted on request, the card goes and its calls keep only what reports count") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    j.setCalendar(core::WorkCalendar{});
    const CitizenId id = j.createCitizen(card("Смирнова Е. В.", {"8 900 123-45-67"}));
    IncomingCall c = call("2026-12-01 10:00", "89001234567", "субсидия ЖКУ");
    c.callerName = "Смирнова Е. В.";
    c.callerBirthYear = "1961";
    c.note = "живёт на ул. Ленина, 1";
    c.survey = Survey{Answered::Yes, Satisfaction::Satisfied};
    c.urgent = true;
    const CallId linked = j.addIncoming(c);
    j.deferAnswer(linked, "8 900 123-45-67", "");
    j.completeDeferred(linked, "назначена", "2026-12-02 10:00", CallbackClaim{"Петров", {}, {}});
    const CallId other = j.addIncoming(call("2026-12-01 11:00", "8 900 765-43-21", "чужой"));

    CHECK(j.deleteCitizenOnRequest(id) == 1);
    CHECK_FALSE(j.citizen(id));
    CHECK(j.findCitizensByPhone("89001234567").empty());
    const auto blanked = j.incoming(linked);
    REQUIRE(blanked);
    CHECK(blanked->phone.empty());
    CHECK(blanked->callerName.empty());
    CHECK(blanked->callerBirthYear.empty());
    CHECK(blanked->note.empty());
    // what reports count stays
    CHECK(blanked->question == "субсидия ЖКУ");
    CHECK(blanked->department == "families");
    CHECK(blanked->municipality == "Энск");
    CHECK(blanked->receivedAt == "2026-12-01 10:00:00");
    CHECK(blanked->survey == Survey{Answered::Yes, Satisfaction::Satisfied});
    CHECK(blanked->urgent);
    CHECK(j.deferred(linked)->phone.empty());
    CHECK(j.deferred(linked)->done());
    const auto out = j.outgoingCalls();
    REQUIRE(out.size() == 1);
    CHECK(out[0].calleeContact.empty());
    CHECK(out[0].question == "субсидия ЖКУ");
    CHECK(j.callerHistory("89001234567", day("2026-12-06")).calls.empty());
    CHECK(j.incoming(other)->phone == "8 900 765-43-21");
    CHECK(j.incomingCalls().size() == 2); // the counts of the month are the same
    CHECK_THROWS_AS(j.deleteCitizenOnRequest(id), Error);
}

TEST_CASE("citizen: the five-year purge removes cards left with no call") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    auto j = test::freshJournal(engine, dir.path());
    // cards made (and last changed) on 10.01.2020
    j.setClock([] {
        return std::chrono::system_clock::time_point(
            std::chrono::sys_days{std::chrono::year{2020} / 1 / 10} + std::chrono::hours{12});
    });
    const CitizenId old = j.createCitizen(card("Старая карточка", {"89001111111"}));
    const CitizenId recent = j.createCitizen(card("Звонила недавно", {"89002222222"}));
    j.setClock([] { return std::chrono::system_clock::now(); });
    const CitizenId fresh = j.createCitizen(card("Новая без звонков", {"89003333333"}));
    j.addIncoming(call("2020-01-10 10:00", "89001111111", "давно"));
    j.addIncoming(call("2020-01-10 11:00", "89002222222", "давно"));
    j.addIncoming(call("2026-11-10 11:00", "89002222222", "недавно"));

    const auto r = j.purgeBefore(day("2021-12-06"));
    CHECK(r.incoming == 2);
    CHECK(r.citizens == 1);
    CHECK_FALSE(j.citizen(old)); // no call and no change in five years
    CHECK(j.citizen(recent));    // a call in the period
    CHECK(j.citizen(fresh));     // made within the period
}
