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

// A call list's citizen deleted on request or purged stays a row for the campaign's counts:
// no name, phone or note, a phone key unique in its list that matches no phone, and no more
// calls in an open campaign (UPDATE campaign_items SET …, both engines).
inline constexpr const char* kEraseCampaignItem =
    "full_name = '', phone = '', phone_key = 'erased-' || id, note = '', citizen_id = NULL, "
    "finished = (finished OR campaign_id IN (SELECT id FROM campaigns WHERE status = 'open')), "
    "claimed_by = '', claimed_workstation = '', claimed_host = '', claimed_at = ''";

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
