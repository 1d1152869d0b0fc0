#pragma once
// What every engine writes the same way: the card's lists as JSON text, dates and periods as
// the text the registers compare (`YYYY-MM-DD HH:MM:SS` sorts as it reads), and how the
// transactions of one connection nest.
#include "sufler/journal/journal.h"

#include <functional>
#include <string>
#include <vector>

namespace sufler::journal::rows {

// Invalid UTF-8 (an imported file, a pasted fragment) becomes U+FFFD instead of losing the
// card.
[[nodiscard]] std::string toJson(const std::vector<std::string>& values);
[[nodiscard]] std::string toJson(const std::vector<Transfer>& transfers);
[[nodiscard]] std::vector<std::string> stringsFromJson(const std::string& text);
[[nodiscard]] std::vector<Transfer> transfersFromJson(const std::string& text);

// The day of a stored date or timestamp; throws naming the text when it is none.
[[nodiscard]] Date dateOrThrow(const std::string& text);

// A Period's bounds as text: timestamps of the last day compare below "<day>~" ('~' sorts
// after digits and space, byte by byte).
[[nodiscard]] std::string periodFrom(const Period& p);
[[nodiscard]] std::string periodTo(const Period& p);

// The columns both engines read, in the order of the readers of each engine.
inline constexpr const char* kIncomingColumns =
    "id, number, received_at, phone, gender, caller_name, caller_birth_year, municipality, "
    "question, organizations, operator, note, department, entries_used, script, "
    "script_adherence, transfers, answered, satisfaction, duration_seconds, urgent, aggressive, "
    "complaint, kb_answer, closed_at, source, outside_competence";
inline constexpr const char* kOutgoingColumns =
    "id, number, called_at, callee_contact, municipality, question, organization, operator, note, "
    "incoming_id, source";
inline constexpr const char* kCitizenColumns =
    "id, full_name, municipality, address, birth_year, categories, needs, measures, consent, "
    "notes, created_at, updated_at";
inline constexpr const char* kBookingColumns =
    "id, specialist, starts_at, minutes, citizen_id, citizen_name, phone, topic, call_id, "
    "status, moved_to, operator, created_at, note";
inline constexpr const char* kCampaignColumns =
    "id, title, entry, script, created_by, created_at, interval_spec, max_attempts, status, "
    "closed_at";
inline constexpr const char* kCampaignItemColumns =
    "id, campaign_id, position, full_name, phone, phone_key, municipality, category, note, "
    "source, citizen_id, attempts, last_result, last_at, due_at, finished, claimed_by, "
    "claimed_workstation, claimed_host, claimed_at";
inline constexpr const char* kCampaignAttemptColumns =
    "id, item_id, campaign_id, number, at, operator, result, call_later_at, note, outgoing_id";
inline constexpr const char* kReminderAttemptColumns =
    "id, booking_id, offset_minutes, at, operator, result, moved_to, note, outgoing_id";

// A call list's citizen deleted on request or purged stays a row for the campaign's counts:
// no name, phone or note, a phone key unique in its list that matches no phone, and no more
// calls in an open campaign (UPDATE campaign_items SET …, both engines).
inline constexpr const char* kEraseCampaignItem =
    "full_name = '', phone = '', phone_key = 'erased-' || id, note = '', citizen_id = NULL, "
    "finished = (finished OR campaign_id IN (SELECT id FROM campaigns WHERE status = 'open')), "
    "claimed_by = '', claimed_workstation = '', claimed_host = '', claimed_at = ''";

// A queue row (a callback, a call list's citizen, a reminder) is taken by each engine's
// Impl::claimRow(win, holder, claim, lapsedBefore, key…) in one conditional write: `win`
// changes the row only when it is free, lapsed or already this operator's at this workstation
// and returns its claim (by, workstation, host, at); when it changes nothing, `holder` reads
// the claim in force (none: no such open row). Both statements bind the key, what picks the
// row, first; `win` then the claim's four columns and the time before which a claim has
// lapsed. Impl::releaseRow(table, where, key…) clears the claim with this statement:
inline constexpr const char* kReleaseClaim = "UPDATE {} SET claimed_by = '', "
                                             "claimed_workstation = '', claimed_host = '', "
                                             "claimed_at = '' WHERE {}";

// The transactions of one connection, nested: only the outermost begins and ends one, and a
// nested body that failed leaves the outermost nothing to commit (refused as a whole, since
// its caller may have gone on after catching the failure).
struct Nesting {
    int depth = 0;
    bool failed = false;

    // Runs `body` in a transaction; `begin`, `rollback` (which must not throw) and `commit` are
    // the engine's, called for the outermost only.
    void run(const std::function<void()>& body, const std::function<void()>& begin,
             const std::function<void()>& rollback, const std::function<void()>& commit);
};

} // namespace sufler::journal::rows
