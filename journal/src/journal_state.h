#pragma once
// What a Journal holds: its store, calendar, console run and clock. Private to the library, so
// that the Journal's members can be defined across several source files (one per feature).
#include "sufler/journal/journal.h"
#include "sufler/journal/store.h"

#include "sufler/core/clock.h"

#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace sufler::journal {

struct Journal::State {
    std::unique_ptr<JournalStore> store;
    mutable std::mutex calendarMutex; // the console sets the calendar once its KB is read
    core::WorkCalendar calendar;
    // the console run writing through this journal, when a console attached
    std::optional<ConsoleSession> session;
    std::function<std::chrono::system_clock::time_point()> clock = [] { return core::now(); };

    // `YYYY-MM-DD HH:MM:SS`, local time, `before` earlier than the clock says.
    [[nodiscard]] std::string timestamp(std::chrono::seconds before = {}) const {
        return core::formatLocal(clock() - before);
    }
    // A run whose last sign of life is older than this is over.
    [[nodiscard]] std::string staleBefore() const { return timestamp(kStaleAfter); }
    // A claim taken before this has lapsed.
    [[nodiscard]] std::string lapsedBefore() const {
        return timestamp(std::chrono::duration_cast<std::chrono::seconds>(kClaimTimeout));
    }
    [[nodiscard]] bool alive(const CallHolder& holder) const {
        return !holder.heartbeatAt.empty() && holder.heartbeatAt >= staleBefore();
    }
    // The claim that holds: none when there is none or it has lapsed (an answered callback
    // keeps its claim: who took it).
    [[nodiscard]] std::optional<CallbackClaim> liveClaim(const Deferred& d) const {
        if (d.claim && (d.done() || d.claim->at >= lapsedBefore())) {
            return d.claim;
        }
        return std::nullopt;
    }
    void showClaim(Deferred& d) const { d.claim = liveClaim(d); }
};

// The incoming call `id` (also a check that it is there); throws naming it when the register
// has none.
IncomingCall requireIncoming(JournalStore& store, CallId id);

} // namespace sufler::journal
