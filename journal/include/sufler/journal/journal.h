#pragma once
// The call journal: every incoming call (the register of Приложение 1), every outgoing call
// (Приложение 2), deferred answers with their due dates, and the operators' signals about the
// KB; the only place where callers' personal data is kept.
//
// A Journal holds the rules (numbering, deadlines, the transfer limit, extensions, validation)
// over a JournalStore that keeps the records (sufler/journal/store.h; today one SQLite file).
// It is safe to use from several threads: the console saves the call card from its worker
// thread on every change. Every saving call is one committed transaction, durable before it
// returns, so a crash or a power cut loses nothing that was saved.
#include "sufler/core/calendar.h"
#include "sufler/core/date.h"
#include "sufler/journal/booking.h"
#include "sufler/journal/workstation.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::journal {

using CallId = std::int64_t; // the row id of a call; stable, never reused

// Timestamps are local time as text, `YYYY-MM-DD HH:MM:SS` (sorts and compares as text).
[[nodiscard]] std::string nowTimestamp();

// Personal data lives in files of their owner alone: creates `path` (and its folder) readable
// by its owner only, whatever the umask, and refuses, saying how to fix it, a file that others
// can read. `what` names the file in the message («файл журнала»).
void ensurePrivateFile(const std::filesystem::path& path, std::string_view what);
// The same for a file of personal data about to be written over (a list or a card written
// again for the citizen): an existing file is first closed to others, then checked.
void makePrivateFile(const std::filesystem::path& path, std::string_view what);

enum class Gender { Unknown, Male, Female };
// The two questions of the closing survey, in the order of regulations::kSurvey and their
// answers in the order of its answers (sufler/core/regulations.h).
enum class Answered { Unknown, Yes, No };
enum class Satisfaction { Unknown, Satisfied, PartlySatisfied, NotSatisfied };
enum class KbAnswer { Unknown, Found, NotFound }; // did the KB have the answer

[[nodiscard]] std::string_view genderRu(Gender gender);       // «м», «ж», «»
[[nodiscard]] std::string_view answeredRu(Answered answered); // «да», «нет», «»
[[nodiscard]] std::string_view satisfactionRu(Satisfaction satisfaction); // «удовлетворен», …
// Lenient parsers for imports and the command line (Russian or English words, any case);
// nullopt when the text means nothing known.
[[nodiscard]] std::optional<Gender> parseGender(std::string_view text);
[[nodiscard]] std::optional<Answered> parseAnswered(std::string_view text);
[[nodiscard]] std::optional<Satisfaction> parseSatisfaction(std::string_view text);

// A transfer of the call to a competent person (at most regulations::kMaxTransfers a call).
struct Transfer {
    std::string to;         // organisation / department, full name and position of the person
    std::string department; // KB department slug when known
    std::string note;
    bool viaScript = false; // counted by a transfer step of the script; `to` may be empty
    bool operator==(const Transfer&) const = default;
};

struct Survey {
    Answered answered = Answered::Unknown;
    Satisfaction satisfaction = Satisfaction::Unknown;
    bool operator==(const Survey&) const = default;
};

// The call card: the fields of Приложение 1 and what the console knows about the call.
struct IncomingCall {
    CallId id = 0;          // set by the journal
    int number = 0;         // «№ п/п»: 0 = assign the next number of the year
    std::string receivedAt; // «Дата и время поступления звонка»; empty = now
    std::string phone; // «Номер телефона позвонившего»
    Gender gender = Gender::Unknown;
    std::string callerName; // «Контактные данные позвонившего»: ФИО
    std::string callerBirthYear; // … and год рождения, as said
    std::string municipality;    // from the list of sufler.yaml (or as written in an import)
    std::string question;        // «Краткое содержание вопроса»
    std::string organizations;   // «Организации и учреждения»
    std::string operatorName; // «ФИО специалиста, принявшего звонок»
    std::string note;         // «Примечание»

    std::string department;                // the topic: KB department slug
    std::vector<std::string> entriesUsed;  // KB entry ids opened / used to answer
    std::string script;                    // the conversation script run (its id / path)
    std::optional<double> scriptAdherence; // 0..1, share of the required steps done
    std::vector<Transfer> transfers;       // at most regulations::kMaxTransfers
    Survey survey;
    int durationSeconds = 0;
    bool urgent = false;
    bool aggressive = false;
    bool complaint = false;
    bool outsideCompetence = false; // a question outside the ministry's competence
    KbAnswer kbAnswer = KbAnswer::Unknown;

    std::string closedAt; // set by closeCall; empty while the call is open
    std::string source;   // "console", "cli", "import: <file>"

    bool operator==(const IncomingCall&) const = default;
};

// «Контактные данные позвонившего (ФИО, год рождения)» as the register writes it, and back.
[[nodiscard]] std::string formatContact(const IncomingCall& call);
void parseContact(std::string_view text, IncomingCall& call);

// A row of Приложение 2.
struct OutgoingCall {
    CallId id = 0;
    int number = 0;       // «№ п/п»: 0 = assign
    std::string calledAt; // «Дата и время звонка»; empty = now
    std::string
        calleeContact; // «Контактные данные специалиста, принявшего звонок (ФИО, номер телефона)»
    std::string municipality;
    std::string question;     // «Краткое содержание вопроса»
    std::string organization; // «Организация и учреждения»
    std::string operatorName; // «ФИО специалиста, осуществившего звонок»
    std::string note;                 // «Примечания»
    std::optional<CallId> incomingId; // the incoming call this clarifies, if any
    std::string source;

    bool operator==(const OutgoingCall&) const = default;
};

// Who took a callback from the shared queue; the claim lapses Journal::kClaimTimeout after
// `at` unless the callback is answered first.
struct CallbackClaim {
    std::string operatorName;
    Workstation workstation;
    std::string at; // when taken, `YYYY-MM-DD HH:MM:SS`
    bool operator==(const CallbackClaim&) const = default;
    // The same operator at the same workstation (`at` aside).
    [[nodiscard]] bool sameHolder(const CallbackClaim& other) const {
        return operatorName == other.operatorName && workstation.id == other.workstation.id;
    }
};

// A deferred answer (п. 4.7–4.8 of the Вичуга rules, п. 20 of the Stavropol rules).
struct Deferred {
    CallId callId = 0;
    std::string phone;           // where to call back
    std::string convenientHours; // «удобное время»
    Date createdOn{};
    Date due{};                     // next working day after the call
    std::optional<Date> extendedTo; // after an extension of up to 10 working days
    std::string extensionReason;
    bool callerInformed = false; // the caller was told of the extension
    std::string answeredAt;      // timestamp of the callback with the answer; empty = open
    std::string result;
    std::optional<CallbackClaim> claim; // who took the callback from the queue, while it holds

    [[nodiscard]] Date deadline() const { return extendedTo ? *extendedTo : due; }
    [[nodiscard]] bool done() const { return !answeredAt.empty(); }
    [[nodiscard]] bool onTime() const; // done no later than the deadline
    bool operator==(const Deferred&) const = default;
};

// A callback waiting: the deferred answer with what the operator needs to make the call.
struct Callback {
    Deferred deferred;
    int callNumber = 0;
    std::string question;
    std::string department;
    bool overdue = false;  // deadline before today
    bool upcoming = false; // deadline after today (Journal::callbackQueue)
};

// One run of a console at a workstation: the calls it starts are its own.
struct ConsoleSession {
    std::string id; // random, one per run of the program
    Workstation workstation;
    std::string operatorName;
};

// The console run that holds an open call, and whether it still runs.
struct CallHolder {
    std::string session;
    Workstation workstation;
    std::string operatorName;
    std::string heartbeatAt; // its last sign of life; "" = it closed
    bool alive = false;      // a sign of life within Journal::kStaleAfter (set by the Journal)
};

// An open call with the console run that holds it (the senior's view): abandoned when that run
// is over — its workstation takes it back on restart.
struct HeldCall {
    IncomingCall call;
    std::optional<CallHolder> holder; // none: not started by a console (imports, the CLI)
    [[nodiscard]] bool abandoned() const { return holder && !holder->alive; }
};

// The outcome of taking a callback from the shared queue: won, or who holds it.
struct ClaimResult {
    bool won = false;
    CallbackClaim claim; // the claim in force: this one when won, the holder's when not
};

enum class FlagKind { Outdated, NoAnswer }; // «ответ устарел», «нет ответа в базе»
[[nodiscard]] std::string_view flagKindRu(FlagKind kind);
[[nodiscard]] std::string_view flagKindName(FlagKind kind); // "outdated", "no_answer" (JSON)

struct KbFlag {
    std::int64_t id = 0;
    FlagKind kind = FlagKind::Outdated;
    std::string entryId;    // for Outdated; may be empty for NoAnswer
    std::string department; // slug; derived from entryId when empty
    std::optional<CallId> callId;
    std::string note;
    std::string operatorName;
    std::string createdAt;
};

struct EmptySearch {
    std::int64_t id = 0;
    std::string query;
    std::string department;
    std::optional<CallId> callId;
    std::string at;
};

// A query typed during a call and the entry the operator opened from its results: how the
// hotline's callers ask for that entry (sufler suggest, and a weak ranking signal for search).
// The query is kept without phone-like runs of digits (stripPhoneNumbers).
struct SearchUse {
    std::int64_t id = 0;
    std::string query;
    std::string entryId;
    std::string department; // the entry's department slug
    std::optional<CallId> callId;
    std::string at;
};

// The query with every run of five digits or more (grouped by spaces, dashes, brackets or not)
// taken out, unless a sum's or a percentage's unit follows it («17 200 руб», «18000 р»): a phone,
// a SNILS or a passport number is personal data, and a sum is how a caller asks. Spaces are
// collapsed; empty when nothing but digits was typed.
[[nodiscard]] std::string stripPhoneNumbers(std::string_view query);

// Per-department signals for department heads and the staleness report.
struct DepartmentSignals {
    int outdated = 0;      // «ответ устарел» flags
    int noAnswer = 0;      // «нет ответа в базе» flags
    int emptySearches = 0; // searches that found nothing
    [[nodiscard]] int total() const { return outdated + noAnswer + emptySearches; }
};

// A time range of calls, by day, inclusive; open ends when unset.
struct Period {
    std::optional<Date> from;
    std::optional<Date> to;
    [[nodiscard]] static Period month(std::chrono::year_month month);
};

// --- the citizen across calls -------------------------------------------------------------

// The first day personal data is still kept on `today`: regulations::kRetentionYears years
// before it (29 February falls back to the 28th). Calls before it are purged.
[[nodiscard]] Date retentionStart(const Date& today);

// One earlier call of a citizen as a history shows it (the console's panel, `journal history`).
struct HistoryCall {
    CallId id = 0;
    int number = 0;         // «№ п/п»
    std::string receivedAt; // `YYYY-MM-DD HH:MM:SS`
    std::string phone;      // as typed on that call
    std::string callerName;
    std::string question;
    std::string department; // KB department slug
    std::string municipality;
    std::string operatorName; // who took the call
    Survey survey;            // survey.answered: did the citizen get an answer (Unknown: not asked)
    bool closed = false;      // false: the call is still open (in progress or abandoned)
    // The deferred answer booked on the call, with who holds its callback now (a lapsed claim
    // is none); none when no answer was deferred.
    std::optional<Deferred> deferred;
};

// Something still owed to the citizen. Today: a deferred answer not given yet (a booked
// consultation will be another kind).
struct HistoryOpenItem {
    enum class Kind { Callback };
    Kind kind = Kind::Callback;
    CallId callId = 0; // the call it was promised on
    int callNumber = 0;
    std::string question;
    Date due{};                         // the deadline: the due date, or the extended one
    bool overdue = false;               // the deadline is before today
    std::optional<CallbackClaim> claim; // who holds the callback now; none: waiting in F4's queue
};

// A citizen's calls by phone within the retention period.
struct CallerHistory {
    std::string phone; // the key searched (core::normalizePhone); "" — the text was no number
    Date since{};      // the first day searched: retentionStart(today)
    std::vector<HistoryCall> calls;    // newest first
    std::vector<HistoryOpenItem> open; // earliest deadline first
    [[nodiscard]] bool empty() const { return calls.empty(); }
};

// The applicant card (seed 004: «персональная карточка заявителя», «база данных семей»): a
// citizen's record beside their calls. All of it is personal data.
using CitizenId = std::int64_t;

struct FamilyMember {
    std::string name;      // ФИО or how the caller named them
    std::string relation;  // «сын», «дочь», «супруг» …
    std::string birthYear; // as said
    bool operator==(const FamilyMember&) const = default;
};

struct Citizen {
    CitizenId id = 0; // set by the journal
    std::string fullName;
    std::vector<std::string> phones; // as typed; matched by core::normalizePhone
    std::string municipality;
    std::string address;
    std::string birthYear;
    std::vector<FamilyMember> family;    // children with birth years, and others
    std::vector<std::string> categories; // from sufler.yaml `citizen_categories`
    std::string needs;                   // what the family needs
    std::string measures;                // the support measures discussed
    std::string consent;                 // the basis for processing personal data
    std::string notes;
    std::string createdAt; // set by the journal
    std::string updatedAt; // set by the journal
    bool operator==(const Citizen&) const = default;
};

// Two cards that may be one citizen, and why.
struct CitizenDuplicate {
    CitizenId first = 0;
    CitizenId second = 0;
    std::string reason; // «один телефон +7…», «одно ФИО и год рождения»
};

// What merging `drop` into `keep` would do, before it is done.
struct CitizenMerge {
    Citizen result;                       // `keep` as it will be
    int callsMoved = 0;                   // calls of `drop` linked to `keep` from then on
    std::vector<std::string> phonesAdded; // phones of `drop` that `keep` lacked
    std::vector<std::string> filled;      // fields of `keep` that were empty, taken from `drop`
    std::vector<std::string> differing;   // fields both have, differently: `keep`'s stays
};

struct PurgeResult {
    int incoming = 0;
    int outgoing = 0;
    int emptySearches = 0;
    int flags = 0;      // flags lose their link to purged calls (and their notes); they are kept
    int citizens = 0;   // applicant cards with no call and no change within the period
    int bookings = 0;   // consultations that took place before the cutoff
    int searchUses = 0; // queries typed and the entries opened from them
    // citizens of campaigns' call lists whose last attempt and campaign (made or closed) are
    // before the cutoff: kept for the campaign's counts without name, phone or note
    int campaignItems = 0;
};

class JournalStore;

class Journal {
public:
    // Opens the journal `where` names (`--journal`: a file path, created when missing, mode
    // 0600; see openStore) and migrates it. A file that others may read is refused: personal
    // data stays with its owner. Due dates follow `calendar` (default: the statutory rule and
    // the shipped decrees). Throws sufler::Error.
    [[nodiscard]] static Journal open(const std::string& where,
                                      const core::WorkCalendar& calendar = {});
    [[nodiscard]] static Journal open(std::unique_ptr<JournalStore> store,
                                      const core::WorkCalendar& calendar = {});
    // `$XDG_DATA_HOME/sufler/journal.sqlite`, else `~/.local/share/sufler/journal.sqlite`.
    [[nodiscard]] static std::filesystem::path defaultPath();

    Journal(Journal&&) noexcept;
    Journal& operator=(Journal&&) noexcept;
    ~Journal();

    // The production calendar for due dates, for a journal opened before the KB that has it.
    void setCalendar(const core::WorkCalendar& calendar);
    // The journal as people name it in messages (a file path; a server and database).
    [[nodiscard]] std::string describe() const;
    // A file of this workstation that goes with the journal (`<file><suffix>` beside a file
    // journal), e.g. the open call's script run.
    [[nodiscard]] std::filesystem::path localFile(std::string_view suffix) const;
    [[nodiscard]] int schemaVersion() const;

    // --- incoming calls -------------------------------------------------------------------
    // Registers a new call (number and time assigned when not given) and returns its id; with
    // a console attached, the call is that run's.
    CallId startIncoming(const IncomingCall& card = {});
    // Saves the whole card as it is now (the console calls it on every change). Keeps id,
    // number and closedAt. Throws when the call does not exist or has more than 2 transfers,
    // and, naming the holder, when another console run that is alive holds it.
    void saveCard(CallId id, const IncomingCall& card);
    // The same for a save the next one supersedes (the console's saves as the operator
    // types): the server may acknowledge it before it is on disk; closeCall and any later
    // saveCard make it durable.
    void saveDraft(CallId id, const IncomingCall& card);
    // Closes the call with the closing survey; duration counted from receivedAt when the
    // card has none. Refused like saveCard for a call another live run holds. `at`: when it
    // was closed (now when empty; a call closed while the server was unreachable).
    void closeCall(CallId id, const Survey& survey, const std::string& at = {});
    [[nodiscard]] std::optional<IncomingCall> incoming(CallId id) const;
    [[nodiscard]] std::vector<IncomingCall> incomingCalls(const Period& period = {}) const;
    [[nodiscard]] std::vector<IncomingCall> openCalls() const; // not closed (e.g. after a crash)
    // Adds a finished call as it is (imports, `journal add`); returns its id.
    CallId addIncoming(const IncomingCall& call);

    // --- outgoing calls -------------------------------------------------------------------
    CallId addOutgoing(const OutgoingCall& call);
    void saveOutgoing(CallId id, const OutgoingCall& call);
    [[nodiscard]] std::optional<OutgoingCall> outgoing(CallId id) const;
    [[nodiscard]] std::vector<OutgoingCall> outgoingCalls(const Period& period = {}) const;

    // --- deferred answers -----------------------------------------------------------------
    // Books a callback: due the next working day after the call's day.
    Deferred deferAnswer(CallId id, const std::string& phone, const std::string& convenientHours);
    // Extends by 1..10 working days past the due date; the reason is required. Refused while
    // another operator holds the callback (claimCallback); `by` is who extends, when known.
    Deferred extendDeferred(CallId id, int workingDays, const std::string& reason,
                            bool callerInformed, const std::optional<CallbackClaim>& by = {});
    // Records the callback with the answer (at = now when empty). Refused, naming the holder,
    // while another operator holds the callback: the answer is recorded by whoever took it.
    // In the same transaction it registers the callback as an outgoing call (Приложение 2):
    // incomingId = the call, called at the answer's time, the citizen's name and callback phone
    // as the contact, the call's question and municipality, the operator `by` names (else the
    // claim's holder) and the note kCallbackNote.
    Deferred completeDeferred(CallId id, const std::string& result, const std::string& at = {},
                              const std::optional<CallbackClaim>& by = {});
    static constexpr std::string_view kCallbackNote = "обратный звонок с ответом";
    [[nodiscard]] std::optional<Deferred> deferred(CallId id) const;
    [[nodiscard]] std::vector<Deferred> deferredAnswers(const Period& period = {}) const;
    // Open deferred answers due today or overdue, oldest deadline first, each with who holds
    // it (a lapsed claim is none).
    [[nodiscard]] std::vector<Callback> callbacksDue(const Date& today) const;
    // The shared queue as the console shows it: callbacksDue and those due in the next
    // `aheadWorkingDays` working days (marked upcoming).
    [[nodiscard]] std::vector<Callback> callbackQueue(const Date& today,
                                                      int aheadWorkingDays = 2) const;

    // --- the shared callback queue --------------------------------------------------------
    // A taken callback not answered returns to the queue this long after it was taken.
    static constexpr std::chrono::minutes kClaimTimeout{30};
    // Takes an open callback for `operatorName` at `workstation`: exactly one of several
    // operators taking it at once wins (one conditional write); the others are told who holds
    // it. Taking again one's own claim renews it; a lapsed claim is taken over. Throws when the
    // call has no open deferred answer.
    ClaimResult claimCallback(CallId id, const std::string& operatorName,
                              const Workstation& workstation);
    // Returns a taken callback to the queue; with `by`, only that holder's claim (another's is
    // refused, naming it). Returns the claim released, none when it was not taken.
    std::optional<CallbackClaim> releaseCallback(CallId id,
                                                 const std::optional<CallbackClaim>& by = {});

    // --- who holds a call -----------------------------------------------------------------
    // A call belongs to the console run that started it. The run shows it is alive by a
    // heartbeat its worker writes every kHeartbeatEvery; without one for kStaleAfter it is over,
    // and its open call is abandoned: only its own workstation takes it back (resumeOwnCall).
    static constexpr std::chrono::seconds kHeartbeatEvery{10};
    static constexpr std::chrono::seconds kStaleAfter{120};
    // Registers this run of a console: calls started from now on are its own. `exclusive`: the
    // run holds its workstation's lock (WorkstationLock), so the workstation's earlier runs are
    // over (a crash, kill -9) whatever their last heartbeat.
    void attachConsole(const ConsoleSession& session, bool exclusive);
    [[nodiscard]] const std::optional<ConsoleSession>& consoleSession() const;
    void heartbeat();     // this run is alive
    void detachConsole(); // a clean close: its open call stays open, abandoned
    // The newest open call of this workstation whose run is over, made this run's; none when
    // there is none. Another workstation's call, or a live run's, is never taken.
    std::optional<IncomingCall> resumeOwnCall();
    [[nodiscard]] std::optional<CallHolder> holder(CallId id) const;
    // Every open call with its holder: who is on a call now, and what was abandoned.
    [[nodiscard]] std::vector<HeldCall> heldCalls() const;

    // --- live changes ---------------------------------------------------------------------
    // A counter every write that other consoles must see moves: calls started and closed,
    // deferred answers booked, extended, answered, taken and returned. Cheap to read.
    [[nodiscard]] std::int64_t changeSeq() const;
    // Returns as soon as the counter differs from `lastSeq` (the new value), or after `timeout`
    // (`lastSeq` then). The engine decides how it waits (a poll, a server's notification).
    std::int64_t waitForChange(std::int64_t lastSeq, std::chrono::milliseconds timeout) const;

    // The clock of heartbeats and claims (tests move it); the system clock by default.
    void setClock(std::function<std::chrono::system_clock::time_point()> clock);

    // --- signals for the KB ---------------------------------------------------------------
    // A stable interface: the staleness report (`sufler stale`) and department heads'
    // listings read flags(), emptySearches() and departmentSignals() with a Period; their
    // names, fields and meaning are kept as they are. The department of a flag is its
    // entry's department (departmentOfEntry) unless given; "" means no department. Times are
    // local `YYYY-MM-DD HH:MM:SS`; a Period selects by the day of createdAt / at.
    std::int64_t flagEntry(const KbFlag& flag); // returns the flag's id
    void recordEmptySearch(const std::string& query, const std::string& department = {},
                           std::optional<CallId> callId = {}, const std::string& at = {});
    [[nodiscard]] std::vector<KbFlag> flags(const std::string& department = {},
                                            const Period& period = {}) const;
    [[nodiscard]] std::vector<EmptySearch> emptySearches(const std::string& department = {},
                                                         const Period& period = {}) const;
    // Counts by department slug ("" for signals with no department).
    [[nodiscard]] std::map<std::string, DepartmentSignals>
    departmentSignals(const Period& period = {}) const;
    // The query typed and the entry then opened from its results (journal/src/search_log.cpp).
    // Kept without phone-like digits; a query with nothing else left is not kept. The
    // department is the entry's (departmentOfEntry) when not given.
    void recordSearchUse(const std::string& query, const std::string& entryId,
                         std::optional<CallId> callId = {}, const std::string& department = {},
                         const std::string& at = {});
    [[nodiscard]] std::vector<SearchUse> searchUses(const std::string& department = {},
                                                    const Period& period = {}) const;

    // --- the citizen across calls ---------------------------------------------------------
    // The calls made from `phone` (written in any usual way: core::normalizePhone) received on
    // or after retentionStart(today), newest first, each with its deferred answer; `open` lists
    // the deferred answers not given yet with their deadline, overdue against `today`, and who
    // holds each callback. `except`: a call left out (the console's current one). A text that
    // is no number (normalizePhone gives "") finds nothing: `phone` is "" and both lists empty.
    [[nodiscard]] CallerHistory callerHistory(std::string_view phone, const Date& today,
                                              std::optional<CallId> except = {}) const;

    // --- consultations booked with specialists (sufler/journal/booking.h) -------------------
    // Books the slot (createdAt set now, status booked) by one conditional write: of two
    // operators booking one slot at once exactly one gets it; none when it is taken.
    std::optional<Booking> book(Booking booking);
    [[nodiscard]] std::optional<Booking> booking(BookingId id) const;
    // Bookings of `specialist` (`<department>/<id>`; "" = everyone's) starting on the days
    // [from, to], by start; only active ones unless asked.
    [[nodiscard]] std::vector<Booking> bookings(const std::string& specialist, const Date& from,
                                                const Date& to, bool activeOnly = true) const;
    // Cancels an active booking; throws when there is none such.
    Booking cancelBooking(BookingId id, const std::string& reason);
    // A new booking at `startsAt` replaces an active one (which becomes moved, pointing to it),
    // in one transaction; none when the new slot is taken (the old booking stays).
    std::optional<Booking> moveBooking(BookingId id, const std::string& startsAt);
    // Held or no-show, after the day; throws when the booking is not active.
    Booking closeBooking(BookingId id, BookingStatus status);

    // --- the applicant card ----------------------------------------------------------------
    // Creates a card (created/updated now) and returns its id; links to it every call whose
    // phone matches one of its phones and that no card has yet. Throws when it has no name.
    CitizenId createCitizen(const Citizen& card);
    // Saves the whole card (id and createdAt kept, updatedAt now). Throws when it is missing.
    void updateCitizen(CitizenId id, const Citizen& card);
    [[nodiscard]] std::optional<Citizen> citizen(CitizenId id) const;
    // Cards with a phone that normalises as `phone` does; none for a text that is no number.
    [[nodiscard]] std::vector<Citizen> findCitizensByPhone(std::string_view phone) const;
    // Cards whose name matches `name` with ё as е, in any case and spacing, and one typo
    // (an edit distance of 1 on the folded name) tolerated; exact matches first.
    [[nodiscard]] std::vector<Citizen> findCitizensByName(std::string_view name) const;
    // Links a call to a card (none: unlinks). A call started, added or saved with a phone that
    // matches exactly one card is linked to it by itself.
    void linkCall(CallId call, std::optional<CitizenId> citizen);
    [[nodiscard]] std::optional<CitizenId> citizenOfCall(CallId call) const;
    // The calls linked to a card, oldest first.
    [[nodiscard]] std::vector<IncomingCall> callsOfCitizen(CitizenId id) const;
    // Pairs of cards that may be one citizen: a phone in common, or the same folded name and
    // birth year.
    [[nodiscard]] std::vector<CitizenDuplicate> citizenDuplicates() const;
    // What mergeCitizens(keep, drop) would do; changes nothing.
    [[nodiscard]] CitizenMerge previewMerge(CitizenId keep, CitizenId drop) const;
    // Merges `drop` into `keep` as previewMerge says, in one transaction; `drop` is removed.
    CitizenMerge mergeCitizens(CitizenId keep, CitizenId drop);
    // «Удалить по заявлению»: removes the card and blanks the personal fields of its calls and
    // of the calls from its phones — phone, name, birth year, note, the callback's phone and
    // the outgoing rows' contact — and the search log of those calls, the name and phone of
    // the bookings, and the citizen's rows of campaigns' call lists (kept for the campaign's
    // counts without name, phone or note), keeping what the reports count (dates, department,
    // municipality, question, survey, marks). Returns how many calls were blanked.
    int deleteCitizenOnRequest(CitizenId id);

    // --- retention ------------------------------------------------------------------------
    // Removes calls (with their deferred answers), empty searches, the search log and
    // bookings from before `cutoff`, then the applicant cards left with no call and not changed
    // since `cutoff`; blanks the campaigns' call lists' citizens whose last attempt and
    // campaign (made, closed) are before it.
    PurgeResult purgeBefore(const Date& cutoff);

    // Runs `body` in one transaction: all of it is committed, or none (imports).
    void transaction(const std::function<void()>& body);

private:
    friend class Reminders; // sufler/journal/reminders.h: reminders of booked consultations
    friend class Campaigns; // sufler/journal/campaigns.h: the campaigns' rules over the store
    struct State;
    explicit Journal(std::unique_ptr<State> state);
    void saveCardAs(CallId id, const IncomingCall& card, bool draft);
    [[nodiscard]] core::WorkCalendar calendar() const;
    // Throws, naming the holder, when another console run that is alive holds `call`.
    void requireOwnCall(const IncomingCall& call) const;
    std::unique_ptr<State> m_state;
};

// Whether `where` (`--journal`) names a journal on a server — a PostgreSQL connection string:
// `postgresql://…`, `postgres://…` or `service=…` — rather than a file.
[[nodiscard]] bool isServerJournal(std::string_view where);

// Who holds a call or a callback, for people: «Петров А. А., рабочее место desk-2».
[[nodiscard]] std::string holderName(const std::string& operatorName,
                                     const Workstation& workstation);

// The department slug of an entry id `departments/<slug>/…`; empty otherwise.
[[nodiscard]] std::string departmentOfEntry(std::string_view entryId);

} // namespace sufler::journal
