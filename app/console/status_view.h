#pragma once
// The senior operator's panel (F6, `sufler-app --senior`): the hotline at a glance — who is on
// a call now and for how long, calls abandoned by a console that stopped, today's calls per
// operator, the shared callback queue with who holds each, the overdue count. The console reads
// it on the worker (CallRecorder::loadStatus) when the journal changes and every few seconds
// while the panel is open; the view only draws what was last read.
#include "console/fonts.h"

#include "sufler/journal/status.h"

#include <chrono>
#include <optional>
#include <string>

namespace sufler::console {

class StatusView {
public:
    struct State {
        bool open = false;
        std::optional<journal::HotlineStatus> status;   // as last read; none before the first
        std::string error;                              // why the last reading failed
        std::chrono::steady_clock::time_point readAt{}; // when `status` came
    };

    void draw(const Fonts& fonts);

    void setOpen(bool open) { m_state.open = open; }
    [[nodiscard]] bool isOpen() const { return m_state.open; }
    void setStatus(journal::HotlineStatus status);
    void setError(std::string error) { m_state.error = std::move(error); }
    [[nodiscard]] const State& state() const { return m_state; }
    // How long `call` has gone on by now: the reading's figure plus the time since, so that
    // the durations tick between readings.
    [[nodiscard]] int secondsNow(const journal::CallInProgress& call) const;

private:
    State m_state;
};

// «12:05» for minutes and seconds, «1:02:05» past an hour.
[[nodiscard]] std::string callDuration(int seconds);

} // namespace sufler::console
