#pragma once
// The PBX's rings as the operator sees them: one that came during a call waits, shown in the
// status line as «входящий: +7 900 123-45-67 (линия 3)» with what the journal knows of the
// caller, until the operator takes it (F7); one that came with no call in progress has opened
// its card at once. The listener (ring_listener.h) fills it; the console decides.
#include "config/ring_socket.h"

#include "sufler/journal/journal.h"

#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace sufler::console {

// What a ring to a training console says: a real citizen is not taken into training.
inline constexpr std::string_view kTrainingRing = "идёт обучение — звонок примет другой оператор";

class RingView {
public:
    struct Waiting {
        config::Ring ring;
        bool asked = false;                            // its history was asked for
        std::optional<journal::CallerHistory> history; // as read
    };
    struct State {
        bool listening = false;
        bool training = false;
        std::string problem;              // why the console takes no rings ("" while it does)
        std::deque<Waiting> waiting;      // oldest first
        std::optional<config::Ring> last; // the ring whose card was opened last
    };

    // A training console: its rings wait for another operator and F7 does not take them.
    void setTraining(bool training) { m_state.training = training; }
    void setListening(bool listening, std::string problem) {
        m_state.listening = listening;
        m_state.problem = std::move(problem);
    }
    // A ring to wait: one of the same phone already waiting is kept once, the line updated.
    void wait(config::Ring ring);
    [[nodiscard]] bool empty() const { return m_state.waiting.empty(); }
    // The oldest waiting ring, taken out.
    [[nodiscard]] config::Ring takeFirst();
    // The ring's card was opened.
    void opened(config::Ring ring) { m_state.last = std::move(ring); }
    // A waiting ring whose history is still to be read (marked asked), or nullptr.
    [[nodiscard]] const config::Ring* nextToLookUp();
    void setHistory(const std::string& phone, journal::CallerHistory history);
    [[nodiscard]] const State& state() const { return m_state; }

    // «+7 900 123-45-67 (линия 3)»
    [[nodiscard]] static std::string describe(const config::Ring& ring);
    // What the journal knows of a waiting caller: «звонил 2 раза, ждёт ответа по № 14 до
    // 25.11.2026»; "" when nothing (or not read yet).
    [[nodiscard]] static std::string hint(const Waiting& waiting);
    // The status line's text for the waiting rings; "" when none.
    [[nodiscard]] std::string statusText() const;

    // In the status line (after SameLine): the waiting rings, in a colour that is seen.
    void drawStatus() const;

private:
    State m_state;
};

} // namespace sufler::console
