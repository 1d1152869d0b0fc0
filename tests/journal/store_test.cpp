// The journal over its store: engines are chosen in one place, the rules stay in the Journal
// whatever store keeps the records.
#include "scoped_env.h"
#include "sqlite_store.h"
#include "support.h"
#include "temp_dir.h"

#include "sufler/core/calendar.h"
#include "sufler/core/error.h"
#include "sufler/journal/fields.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/store.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <unistd.h>

using namespace sufler;
using namespace sufler::journal;
using sufler::test::TempDir;

namespace {

// A second engine as a newcomer writes one: here it keeps the records in an SQLite store and
// counts what it is asked to write, to show which writes the Journal's rules let through.
class CountingStore final : public JournalStore {
public:
    explicit CountingStore(const std::filesystem::path& file) : m_inner(file) {}
    int writes = 0;

    std::string describe() const override { return "счётчик над " + m_inner.describe(); }
    std::filesystem::path localFile(std::string_view suffix) const override {
        return m_inner.localFile(suffix);
    }
    int schemaVersion() override { return m_inner.schemaVersion(); }
    void transaction(const std::function<void()>& body) override { m_inner.transaction(body); }
    CallId insertIncoming(const IncomingCall& call) override {
        ++writes;
        return m_inner.insertIncoming(call);
    }
    void updateIncoming(CallId id, const IncomingCall& card) override {
        ++writes;
        m_inner.updateIncoming(id, card);
    }
    void closeIncoming(CallId id, const Survey& survey, const std::string& closedAt,
                       int duration) override {
        ++writes;
        m_inner.closeIncoming(id, survey, closedAt, duration);
    }
    void setKbAnswer(CallId id, KbAnswer answer) override {
        ++writes;
        m_inner.setKbAnswer(id, answer);
    }
    std::optional<IncomingCall> incoming(CallId id) override { return m_inner.incoming(id); }
    std::vector<IncomingCall> incomingCalls(const Period& p) override {
        return m_inner.incomingCalls(p);
    }
    std::vector<IncomingCall> openCalls() override { return m_inner.openCalls(); }
    std::vector<IncomingCall> incomingByPhone(const std::string& key, const Date& since) override {
        return m_inner.incomingByPhone(key, since);
    }
    CallId insertOutgoing(const OutgoingCall& call) override {
        ++writes;
        return m_inner.insertOutgoing(call);
    }
    void updateOutgoing(CallId id, const OutgoingCall& call) override {
        ++writes;
        m_inner.updateOutgoing(id, call);
    }
    std::optional<OutgoingCall> outgoing(CallId id) override { return m_inner.outgoing(id); }
    std::vector<OutgoingCall> outgoingCalls(const Period& p) override {
        return m_inner.outgoingCalls(p);
    }
    void insertDeferred(const Deferred& d) override {
        ++writes;
        m_inner.insertDeferred(d);
    }
    void updateDeferred(const Deferred& d) override {
        ++writes;
        m_inner.updateDeferred(d);
    }
    std::optional<Deferred> deferred(CallId id) override { return m_inner.deferred(id); }
    std::vector<Deferred> deferredAnswers(const Period& p) override {
        return m_inner.deferredAnswers(p);
    }
    std::vector<Callback> openCallbacks(const Date& until) override {
        return m_inner.openCallbacks(until);
    }
    std::optional<CallbackClaim> claimDeferred(CallId id, const CallbackClaim& claim,
                                               const std::string& lapsedBefore) override {
        ++writes;
        return m_inner.claimDeferred(id, claim, lapsedBefore);
    }
    void releaseDeferred(CallId id) override {
        ++writes;
        m_inner.releaseDeferred(id);
    }
    void saveSession(const ConsoleSession& session, const std::string& heartbeatAt) override {
        m_inner.saveSession(session, heartbeatAt);
    }
    void touchSession(const std::string& session, const std::string& heartbeatAt) override {
        m_inner.touchSession(session, heartbeatAt);
    }
    void endSessions(const std::string& workstation, const std::string& except) override {
        m_inner.endSessions(workstation, except);
    }
    void setCallSession(CallId id, const std::string& session) override {
        m_inner.setCallSession(id, session);
    }
    std::optional<CallHolder> callHolder(CallId id) override { return m_inner.callHolder(id); }
    std::int64_t changeSeq() override { return m_inner.changeSeq(); }
    std::int64_t insertFlag(const KbFlag& flag) override {
        ++writes;
        return m_inner.insertFlag(flag);
    }
    void insertEmptySearch(const EmptySearch& search) override {
        ++writes;
        m_inner.insertEmptySearch(search);
    }
    std::vector<KbFlag> flags(const std::string& department, const Period& p) override {
        return m_inner.flags(department, p);
    }
    std::vector<EmptySearch> emptySearches(const std::string& department,
                                           const Period& p) override {
        return m_inner.emptySearches(department, p);
    }
    void insertSearchUse(const SearchUse& use) override {
        ++writes;
        m_inner.insertSearchUse(use);
    }
    std::vector<SearchUse> searchUses(const std::string& department, const Period& p) override {
        return m_inner.searchUses(department, p);
    }
    CitizenId insertCitizen(const Citizen& card, const std::string& key) override {
        ++writes;
        return m_inner.insertCitizen(card, key);
    }
    void updateCitizen(const Citizen& card, const std::string& key) override {
        ++writes;
        m_inner.updateCitizen(card, key);
    }
    std::optional<Citizen> citizen(CitizenId id) override { return m_inner.citizen(id); }
    std::vector<Citizen> citizensByPhoneKey(const std::string& key) override {
        return m_inner.citizensByPhoneKey(key);
    }
    std::vector<std::pair<Citizen, std::string>> allCitizens() override {
        return m_inner.allCitizens();
    }
    void setCallCitizen(CallId call, std::optional<CitizenId> citizen) override {
        ++writes;
        m_inner.setCallCitizen(call, citizen);
    }
    std::optional<CitizenId> callCitizen(CallId call) override { return m_inner.callCitizen(call); }
    void linkUnlinkedCalls(const std::string& key, CitizenId citizen) override {
        ++writes;
        m_inner.linkUnlinkedCalls(key, citizen);
    }
    std::vector<IncomingCall> citizenCalls(CitizenId id) override {
        return m_inner.citizenCalls(id);
    }
    int moveCitizenCalls(CitizenId from, CitizenId to) override {
        ++writes;
        return m_inner.moveCitizenCalls(from, to);
    }
    void deleteCitizen(CitizenId id) override {
        ++writes;
        m_inner.deleteCitizen(id);
    }
    int blankPersonalData(CitizenId id, const std::vector<std::string>& keys) override {
        ++writes;
        return m_inner.blankPersonalData(id, keys);
    }
    PurgeResult purgeBefore(const Date& cutoff) override { return m_inner.purgeBefore(cutoff); }
    std::string journalId() override { return m_inner.journalId(); }
    std::optional<std::int64_t> movedRecord(const std::string& key) override {
        return m_inner.movedRecord(key);
    }
    void recordMoved(const std::string& key, std::int64_t id, int oldNumber) override {
        ++writes;
        m_inner.recordMoved(key, id, oldNumber);
    }
    std::optional<BookingId> insertBooking(const Booking& booking) override {
        ++writes;
        return m_inner.insertBooking(booking);
    }
    void updateBooking(const Booking& booking) override {
        ++writes;
        m_inner.updateBooking(booking);
    }
    std::optional<Booking> booking(BookingId id) override { return m_inner.booking(id); }
    std::vector<Booking> bookings(const std::string& specialist, const std::string& from,
                                  const std::string& to, bool activeOnly) override {
        return m_inner.bookings(specialist, from, to, activeOnly);
    }
    CampaignId insertCampaign(const Campaign& c) override {
        ++writes;
        return m_inner.insertCampaign(c);
    }
    void updateCampaign(const Campaign& c) override {
        ++writes;
        m_inner.updateCampaign(c);
    }
    std::vector<Campaign> campaigns() override { return m_inner.campaigns(); }
    std::optional<CampaignItemId> insertCampaignItem(const CampaignItem& item) override {
        ++writes;
        return m_inner.insertCampaignItem(item);
    }
    void updateCampaignItem(const CampaignItem& item) override {
        ++writes;
        m_inner.updateCampaignItem(item);
    }
    std::optional<CampaignItem> campaignItem(CampaignItemId id) override {
        return m_inner.campaignItem(id);
    }
    std::vector<CampaignItem> campaignItems(CampaignId c, const std::string& dueBy) override {
        return m_inner.campaignItems(c, dueBy);
    }
    std::optional<CallbackClaim> claimCampaignItem(CampaignItemId id, const CallbackClaim& claim,
                                                   const std::string& lapsedBefore,
                                                   const std::string& dueBy) override {
        ++writes;
        return m_inner.claimCampaignItem(id, claim, lapsedBefore, dueBy);
    }
    void releaseCampaignItem(CampaignItemId id) override {
        ++writes;
        m_inner.releaseCampaignItem(id);
    }
    std::int64_t insertCampaignAttempt(const CampaignAttempt& a) override {
        ++writes;
        return m_inner.insertCampaignAttempt(a);
    }
    std::vector<CampaignAttempt> campaignAttempts(CampaignId c) override {
        return m_inner.campaignAttempts(c);
    }
    std::vector<ReminderAttempt> reminderAttempts(const std::vector<BookingId>& ids) override {
        return m_inner.reminderAttempts(ids);
    }
    std::vector<std::pair<ReminderKey, CallbackClaim>>
    reminderClaims(const std::vector<BookingId>& ids) override {
        return m_inner.reminderClaims(ids);
    }
    std::optional<CallbackClaim> claimReminder(const ReminderKey& key, const CallbackClaim& claim,
                                               const std::string& lapsedBefore) override {
        ++writes;
        return m_inner.claimReminder(key, claim, lapsedBefore);
    }
    void releaseReminder(const ReminderKey& key) override {
        ++writes;
        m_inner.releaseReminder(key);
    }
    std::int64_t insertReminderAttempt(const ReminderAttempt& a) override {
        ++writes;
        return m_inner.insertReminderAttempt(a);
    }

private:
    SqliteJournalStore m_inner;
};

// Runs in `dir` as the current folder, back where it was after.
class InFolder {
public:
    explicit InFolder(const std::filesystem::path& dir) : m_old(std::filesystem::current_path()) {
        std::filesystem::current_path(dir);
    }
    ~InFolder() { std::filesystem::current_path(m_old); }

private:
    std::filesystem::path m_old;
};

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

} // namespace

TEST_CASE("store: a server journal that cannot be reached is refused in one Russian line naming "
          "it, never the password, and no file is made",
          "[journal][store]") {
    TempDir dir;
    const InFolder here(dir.path());
    const Env serviceFile("PGSERVICEFILE", (dir.path() / "нет-такого.conf").string());
    const Env sysconf("PGSYSCONFDIR", dir.path().string());
    const Env passfile("PGPASSFILE", (dir.path() / "нет-pgpass").string());

    // Nothing listens on port 1: refused at once.
    auto message = openError("postgresql://operator:topsecret@127.0.0.1:1/sufler");
    CHECK(message.find("недоступен") != std::string::npos);
    CHECK(message.find("operator@127.0.0.1:1/sufler") != std::string::npos);
    CHECK(message.find("topsecret") == std::string::npos);
    CHECK(message.find('\n') == std::string::npos);

    message = openError("postgres://u@/db?host=" + (dir.path() / "нет-сокета").string());
    CHECK(message.find("недоступен") != std::string::npos);

    message = openError("service=sufler");
    CHECK(message.find("службы") != std::string::npos);
    CHECK(message.find("pg_service.conf") != std::string::npos);

    // Not a connection string at all: the password is cut out of what is shown.
    message = openError("postgresql://operator:topsecret@%zz/sufler");
    CHECK(message.find("не строка подключения") != std::string::npos);
    CHECK(message.find("topsecret") == std::string::npos);
    message = openError("service=sufler password=topsecret sslmode");
    CHECK(message.find("не строка подключения") != std::string::npos);
    CHECK(message.find("topsecret") == std::string::npos);

    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("store: a file journal describes itself by its path and keeps its files beside it",
          "[journal][store]") {
    TempDir dir;
    const auto file = dir.path() / "журнал.sqlite";
    const auto j = Journal::open(file);
    CHECK(j.describe() == file.string());
    CHECK(j.localFile(".run.json") == dir.path() / "журнал.sqlite.run.json");
    CHECK(localFolder(file.string()) == dir.path());

    const char* old = std::getenv("XDG_DATA_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_DATA_HOME", dir.path().c_str(), 1);
    CHECK(localFolder("service=sufler") == dir.path() / "sufler");
    old ? ::setenv("XDG_DATA_HOME", saved.c_str(), 1) : ::unsetenv("XDG_DATA_HOME");
}

TEST_CASE("store: the rules are the Journal's, over any store", "[journal][store]") {
    TempDir dir;
    auto owned = std::make_unique<CountingStore>(dir.path() / "journal.sqlite");
    CountingStore& store = *owned;
    // The calendar is given once, when the journal is opened.
    Journal j = Journal::open(std::move(owned), core::WorkCalendar{});
    CHECK(j.describe().starts_with("счётчик над "));

    IncomingCall card;
    card.receivedAt = "2026-11-06 10:00"; // a Friday
    card.question = "субсидия";
    const CallId id = j.startIncoming(card);
    CHECK(store.writes == 1);
    CHECK(j.incoming(id)->number == 1);
    CHECK(j.incoming(id)->receivedAt == "2026-11-06 10:00:00");

    // A third transfer never reaches the store.
    card.transfers = {{"УСЗН", "", ""}, {"МФЦ", "", ""}, {"ПФР", "", ""}};
    CHECK_THROWS_WITH(j.saveCard(id, card), Catch::Contains("двух"));
    CHECK(store.writes == 1);
    card.transfers.pop_back();
    j.saveCard(id, card);
    CHECK(store.writes == 2);

    // The callback is due the next working day: Monday.
    const auto d = j.deferAnswer(id, "", "после обеда");
    CHECK(formatIsoDate(d.due) == "2026-11-09");
    CHECK_THROWS_WITH(j.extendDeferred(id, 11, "запрос", true), Catch::Contains("1–10"));
    CHECK(store.writes == 3);
    CHECK(j.callbacksDue(*parseDate("2026-11-10")).at(0).overdue);
}

TEST_CASE("fields: one table gives the command line's keys and the register's columns",
          "[journal][fields]") {
    IncomingCall c;
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"number", "7"},
             {"time", "2026-11-05 10:00"},
             {"phone", "+7 900 000-00-00"},
             {"gender", "ж"},
             {"contact", "Иванова М. П., 1956"},
             {"municipality", "Энский район"},
             {"question", "субсидия"},
             {"organization", "УСЗН"}, // the outgoing register's word serves too
             {"operator", "Петрова"},
             {"note", "перезвонить"},
             {"transfer", "МФЦ|mfc|каб. 3"},
             {"kb", "found"}}) {
        setField(c, key, value);
    }
    CHECK(registerRow(c) == std::vector<std::string>{"7", "05.11.2026 10:00", "+7 900 000-00-00",
                                                     "ж", "Иванова М. П., 1956", "Энский район",
                                                     "субсидия", "УСЗН", "Петрова", "перезвонить"});
    CHECK(c.callerBirthYear == "1956");
    CHECK(c.transfers.at(0) == Transfer{"МФЦ", "mfc", "каб. 3"});
    CHECK(c.kbAnswer == KbAnswer::Found);
    const auto titles = registerTitles(incomingFields());
    REQUIRE(titles.size() == 10);
    CHECK(titles[1] == "Дата и время поступления звонка");
    CHECK(registerTitles(outgoingFields()).size() == 8);
    CHECK_THROWS_WITH(setField(c, "нечто", "1"), Catch::Contains("неизвестное поле «нечто»") &&
                                                     Catch::Contains(fieldKeys(incomingFields())));
    CHECK_THROWS_WITH(setField(c, "gender", "x"), Catch::Contains("gender"));
    OutgoingCall o;
    CHECK_THROWS_WITH(setField(o, "phone", "1"), Catch::Contains("incoming"));
}

TEST_CASE("store: a nested write that failed refuses the whole transaction, a nested one that "
          "succeeded commits with it",
          "[journal][store]") {
    SUFLER_FOR_EACH_ENGINE(engine);
    TempDir dir;
    const auto store = openStore(sufler::test::freshJournalWhere(engine, dir.path()));

    store->transaction([&] {
        store->recordMoved("outer", 1, 0);
        store->transaction([&] { store->recordMoved("inner", 2, 0); });
    });
    CHECK(store->movedRecord("outer") == 1);
    CHECK(store->movedRecord("inner") == 2);

    // the body caught the nested failure and went on: nothing of it is written all the same
    CHECK_THROWS_WITH(store->transaction([&] {
        store->recordMoved("before", 3, 0);
        try {
            store->transaction([&] {
                store->recordMoved("nested", 4, 0);
                throw Error("сбой");
            });
        } catch (const Error&) {
        }
        store->recordMoved("after", 5, 0);
    }),
                      Catch::Contains("ничего не записано"));
    CHECK_FALSE(store->movedRecord("before"));
    CHECK_FALSE(store->movedRecord("nested"));
    CHECK_FALSE(store->movedRecord("after"));

    // the outermost body's own failure is its own message, and the store writes on after it
    CHECK_THROWS_WITH(store->transaction([&] {
        store->recordMoved("failed", 6, 0);
        throw Error("сбой записи");
    }),
                      Catch::Equals("сбой записи"));
    CHECK_FALSE(store->movedRecord("failed"));
    store->recordMoved("later", 7, 0);
    CHECK(store->movedRecord("later") == 7);
}
