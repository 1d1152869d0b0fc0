#pragma once
// The console's link to the journal, shared by the files of JournalClient (journal_client.cpp:
// the call's record; journal_queue.cpp: the queue F4). Touched only by tasks on the worker.
#include "console/journal_client.h"

#include "sufler/core/calendar.h"
#include "sufler/core/error.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/outbox.h"
#include "sufler/journal/store.h"
#include "sufler/journal/workstation.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/model.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sufler::console {

// The journal and the id of the call being taken; used only by tasks on the worker thread.
struct JournalLink {
    std::filesystem::path path; // as opened: the run file lives beside it
    std::optional<journal::Journal> journal;
    journal::CallId currentId = 0;
    bool failed = false;
    std::string lastRun; // the script run as last written beside the journal
    // This run of the console at its workstation; set once, before any task runs.
    journal::ConsoleSession session;
    std::string identityError;     // the workstation's id could not be kept
    journal::WorkstationLock lock; // held: no other console of this workstation runs
    std::map<journal::CallId, journal::CallbackClaim> claims; // callbacks this console took
    // reminders and campaign calls this console took, by QueueItem::key()
    std::map<std::string, journal::CallbackClaim> queueClaims;
    std::vector<int> reminderOffsets; // the KB's consultation_reminders, as the queue last read
    // A journal on a server: what it cannot take waits in the workstation's outbox, and is sent
    // when it is back (`offline` meanwhile, read by the watcher too).
    bool server = false;
    std::optional<journal::Outbox> outbox;
    std::atomic<bool> offline{false};
    // The change watcher's own connection fails too: the server is away even while nothing is
    // written (set and cleared by the watcher, read by the UI thread).
    std::atomic<bool> watcherAway{false};
    std::chrono::steady_clock::time_point lastFlushTry{};
    int localNumber = 0; // the number the console showed for the call before the server's

    // The working-day calendar of the KB the deadlines are counted with (sufler.yaml's
    // `calendar`): given to the journal when it opens, and again only when the KB changes.
    core::WorkCalendar calendar;
    std::weak_ptr<const kb::KnowledgeBase> calendarOf; // weak: an old KB is not kept alive

    // Opens the journal on first use and registers this run in it.
    journal::Journal& open() {
        if (!journal) {
            if (!identityError.empty())
                throw Error(identityError);
            auto opened = journal::Journal::open(path, calendar);
            opened.attachConsole(session, lock.held());
            journal.emplace(std::move(opened));
        }
        return *journal;
    }

    // Deadlines from now on follow `kb`'s calendar (the console's KB may be reloaded mid-run).
    void useCalendarOf(const std::shared_ptr<const kb::KnowledgeBase>& kb) {
        if (!kb || calendarOf.lock() == kb)
            return;
        calendarOf = kb;
        calendar = kb::workCalendar(kb->profile);
        if (journal)
            journal->setCalendar(calendar);
    }

    journal::Outbox& box() {
        if (!outbox)
            outbox.emplace(journal::localFolder(path.string()) / "outbox.sqlite");
        return *outbox;
    }
};

} // namespace sufler::console
