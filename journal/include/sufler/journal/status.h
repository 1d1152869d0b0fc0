#pragma once
// The hotline at a glance, for the senior operator: who is on a call now and for how long,
// calls abandoned by a console that stopped, today's calls per operator, the callback queue
// with who holds each callback, and the overdue deferred answers. Read from the journal as it
// is now, whichever engine keeps it; `sufler journal status` and the console's panel show it.
#include "sufler/journal/journal.h"

#include <map>
#include <string>
#include <vector>

namespace sufler::journal {

struct CallInProgress {
    HeldCall held;
    int seconds = 0; // since the call came in
};

struct OperatorDay {
    int incoming = 0;
    int closed = 0;
    int answered = 0; // «получили ли ответ» — да
    int deferred = 0; // answers deferred on today's calls
    int outgoing = 0;
};

struct HotlineStatus {
    std::string at;                           // when it was read, `YYYY-MM-DD HH:MM:SS`
    std::vector<CallInProgress> inProgress;   // by a console that is alive, longest first
    std::vector<HeldCall> abandoned;          // by a console that stopped
    std::map<std::string, OperatorDay> today; // by operator («(не указано)» when unnamed)
    std::vector<Callback> queue;              // due, overdue and the next working days'
    [[nodiscard]] int overdue() const;
};

// The status as of `now` (`YYYY-MM-DD HH:MM:SS`, local time; its day is «today»).
[[nodiscard]] HotlineStatus hotlineStatus(const Journal& journal, const std::string& now);

} // namespace sufler::journal
