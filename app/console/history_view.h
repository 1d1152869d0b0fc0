#pragma once
// A returning caller: as soon as the card's phone is a number, the citizen's earlier calls
// within the retention period (date, question, answered, survey, operator) and, above them,
// what is still owed — a deferred answer with its deadline and who holds the callback. Read on
// the worker (CallRecorder::loadHistory); Ctrl+H shows an earlier call's card, read-only (again:
// the one before it), Esc closes it.
#include "console/fonts.h"

#include "sufler/journal/journal.h"

#include <optional>
#include <string>

namespace sufler::console {

class HistoryView {
public:
    struct State {
        std::string asked;                             // the phone key last asked for; "" = none
        std::optional<journal::CallerHistory> history; // as last read, for `asked`
        int viewing = -1; // the earlier call whose card is open (index into calls); -1: none
    };

    // The key (core::normalizePhone) the card's phone has now; true when it must be read.
    bool wants(const std::string& key);
    void setHistory(journal::CallerHistory history);
    void clear() { m_state = State{}; }
    // Ctrl+H: the next earlier call's card (the newest first); false when there is none.
    bool viewNext();
    void closeView() { m_state.viewing = -1; }
    [[nodiscard]] bool viewing() const { return m_state.viewing >= 0; }
    [[nodiscard]] const State& state() const { return m_state; }

    // The history under the card's heading (nothing without earlier calls).
    void draw(const Fonts& fonts);
    // The earlier call's card over the panels, while one is open.
    void drawCard(const Fonts& fonts);

private:
    State m_state;
};

} // namespace sufler::console
