#pragma once
// Informing campaigns (seed 004's proactive mode): operators call the families of a call list
// to tell them of a new support measure. A campaign names the measure (a KB entry), the script
// and the spacing of attempts; its list holds the citizens to call; every attempt is a row of
// the outgoing register (Приложение 2) and a result. The list is personal data: it lives in the
// journal, never in the KB.
#include "sufler/core/report_format.h"
#include "sufler/journal/journal.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::journal {

using CampaignId = std::int64_t;
using CampaignItemId = std::int64_t;

enum class CampaignStatus { Open, Closed };
[[nodiscard]] std::string_view campaignStatusName(CampaignStatus status); // "open", "closed"
[[nodiscard]] std::string_view campaignStatusRu(CampaignStatus status); // «идёт», «закрыта»
[[nodiscard]] std::optional<CampaignStatus> parseCampaignStatus(std::string_view name);

// What an attempt came to. Informed, Refused and WrongNumber end the citizen's calls; NotReached
// and CallLater bring the citizen back (after the interval, or at the time asked).
enum class CampaignResult { Informed, NotReached, Refused, WrongNumber, CallLater };
// "informed", "not-reached", "refused", "wrong-number", "call-later" (the CLI, the database)
[[nodiscard]] std::string_view campaignResultName(CampaignResult result);
// «проинформирован», «не дозвонился», «отказался», «ошибочный номер», «перезвонить позже»
[[nodiscard]] std::string_view campaignResultRu(CampaignResult result);
// The name or the Russian word (any case, `_` as `-`); nullopt for anything else.
[[nodiscard]] std::optional<CampaignResult> parseCampaignResult(std::string_view text);
[[nodiscard]] bool endsCalls(CampaignResult result); // informed, refused, wrong number

// The time between two attempts to reach a citizen: working days (the same time of day, the
// production calendar's next working day) or hours.
struct CampaignInterval {
    int workingDays = 1;
    int hours = 0; // used when workingDays is 0
    bool operator==(const CampaignInterval&) const = default;
};
// `1d` (working days), `4h`, `90m` is refused; nullopt for a text that is no interval.
[[nodiscard]] std::optional<CampaignInterval> parseCampaignInterval(std::string_view text);
[[nodiscard]] std::string campaignIntervalName(const CampaignInterval& interval); // `1d`, `4h`
[[nodiscard]] std::string campaignIntervalRu(const CampaignInterval& interval); // «1 раб. дн.»
// When the next attempt is due after one at `at` (`YYYY-MM-DD HH:MM:SS`).
[[nodiscard]] std::string nextAttemptAt(const CampaignInterval& interval, const std::string& at,
                                        const core::WorkCalendar& calendar);

inline constexpr int kCampaignMaxAttempts = 3;

struct Campaign {
    CampaignId id = 0;
    std::string title;     // the measure as operators name it
    std::string entry;     // the KB entry of the measure: `departments/<d>/faq.md#<anchor>`
    std::string script;    // the conversation script's id: `proactive-informing`
    std::string createdBy; // the manager
    std::string createdAt; // `YYYY-MM-DD HH:MM:SS`
    CampaignInterval interval;
    int maxAttempts = kCampaignMaxAttempts;
    CampaignStatus status = CampaignStatus::Open;
    std::string closedAt;
    bool operator==(const Campaign&) const = default;
};

// A citizen of the call list with where the list is at with them.
struct CampaignItem {
    CampaignItemId id = 0;
    CampaignId campaign = 0;
    int position = 0; // the order of the list
    std::string fullName;
    std::string phone;    // as written in the list
    std::string phoneKey; // core::normalizePhone(phone): one citizen a list
    std::string municipality;
    std::string category;
    std::string note;
    std::string source;               // `file.xlsx:5`, `карточка 12`
    std::optional<CitizenId> citizen; // the applicant card with this phone, when one matches
    int attempts = 0;
    std::optional<CampaignResult> lastResult;
    std::string lastAttemptAt;
    std::string dueAt;     // the next attempt is due then; "" — never called, due at once
    bool finished = false; // a result that ends the calls, or no attempt left
    std::optional<CallbackClaim> claim; // as stored (a lapsed one too)
    bool operator==(const CampaignItem&) const = default;
};

struct CampaignAttempt {
    std::int64_t id = 0;
    CampaignItemId item = 0;
    CampaignId campaign = 0;
    int number = 0; // 1.. for the citizen
    std::string at; // `YYYY-MM-DD HH:MM:SS`
    std::string operatorName;
    CampaignResult result = CampaignResult::NotReached;
    std::string callLaterAt; // for CallLater: when the citizen asked to be called
    std::string note;
    std::optional<CallId> outgoingId; // its row of the outgoing register
    bool operator==(const CampaignAttempt&) const = default;
};

// A citizen for the list as read from a file or an applicant card, before it is added.
struct CampaignContact {
    std::string fullName;
    std::string phone;
    std::string municipality;
    std::string category;
    std::string note;
    std::string source; // where it came from, for messages: `file.csv:7`
};

// The contacts of a call list file: xlsx (the first sheet with a header row), or CSV in UTF-8
// or Windows-1251 with `;` or `,`. The header row — among the first ten — names the columns in
// Russian, tolerantly: «ФИО» (or «Фамилия, имя, отчество», «Заявитель»), «Телефон» («Тел.»,
// «Номер телефона»), «Район» or «Муниципальное образование», «Категория», «Примечание»; other
// columns are ignored. Each contact's source is `file:row`; empty rows are skipped; a CSV record
// that is not well formed goes to `problems` as `file:line: why`. Throws sufler::Error naming
// the file when it cannot be read or has no such header.
[[nodiscard]] std::vector<CampaignContact> readCallList(const std::filesystem::path& file,
                                                        std::vector<std::string>& problems);

// What adding contacts to a list did: how many came in, and each one left out with why, in
// Russian, as `source: reason`.
struct CampaignImport {
    int added = 0;
    std::vector<std::string> problems;
};

// The next citizen an operator was given, held by them (the claim) until a result is recorded,
// it is released, or Journal::kClaimTimeout passes.
struct CampaignCall {
    Campaign campaign;
    CampaignItem item;
};

// A campaign's figures for its manager.
struct CampaignFigures {
    int listed = 0;      // citizens in the list
    int called = 0;      // with at least one attempt
    int reached = 0;     // spoken to: informed, refused or asked to call later
    int informed = 0;    // told of the measure
    int refused = 0;     // refused to talk
    int wrongNumber = 0; // the number is not theirs
    int unreachable = 0; // no attempt left, never reached
    int pending = 0;     // still to be called
    int attempts = 0;    // rows of the outgoing register
    int notReached = 0;  // attempts that reached nobody
    bool operator==(const CampaignFigures&) const = default;
};

struct CampaignReport {
    Campaign campaign;
    CampaignFigures total;
    std::vector<std::pair<std::string, CampaignFigures>> byOperator;     // by name; attempts
    std::vector<std::pair<std::string, CampaignFigures>> byMunicipality; // by name; citizens
    std::vector<CampaignItem> items;                                     // the list, in order
    std::vector<CampaignAttempt> attempts;                               // in time order
};

// The report: the campaign, the figures in all, by municipality and by operator; the call list
// with each citizen's result only `withPersonalData`. Markdown or xlsx; the file is made
// readable by its owner only (ensurePrivateFile).
[[nodiscard]] std::string campaignReportMarkdown(const CampaignReport& report,
                                                 bool withPersonalData);
void writeCampaignReport(const CampaignReport& report, core::ReportFormat format,
                         const std::filesystem::path& out, bool withPersonalData);

// The campaigns of a journal. Cheap to make: it only holds the journal. Safe from several
// threads as the journal is.
class Campaigns {
public:
    explicit Campaigns(Journal& journal) : m_journal(journal) {}

    // Creates an open campaign (createdAt now); throws without a title or with an interval or
    // attempts out of range.
    Campaign create(Campaign campaign);
    [[nodiscard]] std::optional<Campaign> campaign(CampaignId id) const;
    [[nodiscard]] std::vector<Campaign> list() const; // by id
    // Closes it: its citizens are offered no more. Throws when there is none such.
    Campaign close(CampaignId id);

    // Adds contacts at the end of the list. A contact without a name, with a phone that is no
    // full number (core::normalizePhone), or with a phone already in the list is left out and
    // named in `problems`; the rest is added in one transaction. A contact is linked to the
    // applicant card with its phone when exactly one card has it.
    CampaignImport addContacts(CampaignId id, const std::vector<CampaignContact>& contacts);
    // Contacts from applicant cards: those with `category` among their categories and of
    // `municipality` (each "" = any; compared in any case), the card's first full phone.
    [[nodiscard]] std::vector<CampaignContact>
    contactsFromCards(const std::string& category, const std::string& municipality) const;

    [[nodiscard]] std::vector<CampaignItem> items(CampaignId id) const; // in list order
    [[nodiscard]] std::optional<CampaignItem> item(CampaignItemId id) const;
    // The citizens of open campaigns due by now, not finished, in order of due time and list;
    // each with its claim if it still holds (F4's queue).
    [[nodiscard]] std::vector<CampaignCall> due() const;

    // Gives the operator the next citizen to call — of campaign `only` when set, else of any
    // open campaign: due, not finished, and held by nobody else. Of operators asking at once,
    // each gets a different citizen (one conditional write per citizen). An operator who
    // already holds one gets it again. None when nobody is due.
    std::optional<CampaignCall> next(const std::string& operatorName,
                                     const Workstation& workstation,
                                     std::optional<CampaignId> only = {});
    // Takes this citizen (from F4's list): won, or who holds them.
    ClaimResult take(CampaignItemId id, const std::string& operatorName,
                     const Workstation& workstation);
    // Returns a held citizen to the list.
    void release(CampaignItemId id);

    // Records an attempt on the citizen at `at` (now when empty): a row of the outgoing register
    // (the citizen as the contact, the campaign's question, the result in the note) and the
    // result, in one transaction; the claim ends. NotReached and CallLater bring the citizen
    // back after the interval — CallLater at `callLaterAt` when given — unless it was the
    // campaign's last attempt. Refused when another operator holds the citizen, when the
    // campaign is closed, or when the citizen is finished.
    CampaignAttempt record(CampaignItemId id, CampaignResult result,
                           const std::string& operatorName, const Workstation& workstation,
                           const std::string& callLaterAt = {}, const std::string& note = {},
                           const std::string& at = {});

    [[nodiscard]] std::vector<CampaignAttempt> attempts(CampaignId id) const; // in time order
    [[nodiscard]] CampaignReport report(CampaignId id) const;

    // The outgoing register's «Краткое содержание вопроса» for an attempt of `campaign`.
    [[nodiscard]] static std::string question(const Campaign& campaign);

private:
    [[nodiscard]] Campaign require(CampaignId id) const;
    Journal& m_journal;
};

} // namespace sufler::journal
