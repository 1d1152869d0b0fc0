// What every engine may share: the wait for a change as a poll of the change counter.
#include "sufler/journal/store.h"

#include <algorithm>
#include <thread>

namespace sufler::journal {

std::int64_t JournalStore::waitForChange(std::int64_t lastSeq, std::chrono::milliseconds timeout) {
    // A file journal has no one to wake it: its counter is one row, read every 100 ms.
    constexpr std::chrono::milliseconds kPoll{100};
    const auto end = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const std::int64_t seq = changeSeq();
        const auto now = std::chrono::steady_clock::now();
        if (seq != lastSeq || now >= end)
            return seq;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(kPoll, end - now));
    }
}

} // namespace sufler::journal
