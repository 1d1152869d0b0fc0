#pragma once
// Moving a workstation's journal into another (`sufler journal migrate --from FILE --to URI`):
// several desks' SQLite files, one after another, into the team's register on a server.
#include "sufler/journal/journal.h"

#include <string>

namespace sufler::journal {

class JournalStore;

struct MigrateResult {
    int incoming = 0; // records moved now
    int outgoing = 0;
    int deferred = 0;
    int flags = 0;
    int emptySearches = 0;
    int searchUses = 0; // queries and the entries opened from them
    int citizens = 0;   // applicant cards, linked to their moved calls
    int bookings = 0;   // consultations booked, with their reminders' attempts
    int reminderAttempts = 0;
    int campaigns = 0; // informing campaigns, with their call lists and attempts
    int campaignItems = 0;
    int campaignAttempts = 0;
    int already = 0; // records found moved by an earlier run, left as they are
};

// Moves every record of `from` into `to` in one transaction of `to`: applicant cards, calls
// (linked to their cards), outgoing calls, deferred answers (with their extension and result),
// flags, empty searches, queries and the entries opened from them, bookings with the attempts
// on their reminders, campaigns with their call lists and attempts. A booking whose slot an
// active booking in `to` already holds stops the move (nothing is moved) with both named. Each
// record is remembered under its source key (the source journal's id, kind and old id), so a second
// run adds nothing. Calls are numbered anew in `to`: each takes the next «№ п/п» of its year, in
// the order of receivedAt within the source; the old number is kept beside the key
// (moved_records.old_number). Throws sufler::Error; then `to` is left as it was.
MigrateResult migrate(JournalStore& from, JournalStore& to);
// The same for `--journal` texts; `from` must exist (a typo makes no new empty journal).
MigrateResult migrate(const std::string& from, const std::string& to);

} // namespace sufler::journal
