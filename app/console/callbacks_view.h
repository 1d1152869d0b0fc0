#pragma once
// The hotline's shared queue (F4): callbacks of deferred answers (overdue, due today and on the
// next working days), reminders of booked consultations due now, and the next calls of open
// informing campaigns — one list, each item with its kind in words and who took it. The
// operator picks a row (arrows or the mouse) and takes it. A callback gets the field under the
// table for what the caller was told, or why the deadline moves; a reminder or a campaign call
// gets its outgoing script with the placeholders filled and its results on digit keys (a move
// offers the specialist's free slots, «call later» asks for a time). The console records it in
// the journal on the worker and loads the queue again.
#include "console/call_recorder.h"
#include "console/fonts.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sufler::console {

// What the part under the table is for.
enum class CallbackEdit {
    Result, // «Что ответили абоненту»: the deferred answer is given
    Extend, // «Причина продления»: the deadline moves ten working days on, the caller told
    Outcome,   // a reminder or a campaign call taken: its script and the result keys
    Move,      // a reminder's «перенести»: the specialist's free slots
    CallLater, // a campaign call's «перезвонить позже»: when, typed
};

// A result of a reminder or a campaign call and the digit that records it (the n-th, 1-based).
struct QueueResultKey {
    QueueResult result;
    const char* label; // «дозвонились, напомнили»
};
[[nodiscard]] const std::vector<QueueResultKey>& queueResultKeys(QueueKind kind);

// The outgoing script of a taken item, its placeholders filled: what the operator says.
struct QueueScript {
    struct Step {
        std::string title;
        std::vector<std::string> words; // to say
        std::vector<std::string> tasks; // to do
    };
    std::string id;
    std::string title;
    std::vector<Step> steps;
    std::string missing; // why there is none: the KB has no such script
};

class CallbacksView {
public:
    struct State {
        bool open = false;
        bool loaded = false;
        std::vector<QueueItem> rows;        // as last loaded: callbacks, reminders, campaigns
        int selected = -1;                  // index into rows; -1 while the queue is empty
        std::optional<std::string> editing; // QueueItem::key() of the row the part is open for
        CallbackEdit edit = CallbackEdit::Result;
        std::string text; // what is typed in the field
        bool focusText = false;
        bool textActive = false; // the field had the keyboard in the last frame
        bool saving = false;     // the field's text (or the result) is on its way to the journal
        bool scrollToSelected = false;
        QueueScript script;             // of the taken reminder or campaign call
        std::vector<std::string> slots; // CallbackEdit::Move: free, `YYYY-MM-DD HH:MM`
        int slot = 0;                   // ...the one chosen
        bool slotsLoading = false;
        std::string refusal; // why the last move was refused
        // Why the last load failed (the server away…); the rows shown are those loaded before.
        std::string failure;
        bool loadedOnce = false; // a load succeeded since the console started
    };

    struct Outcome {
        bool startEdit = false;   // «Взять» clicked or a row double-clicked
        bool startExtend = false; // «Продлить срок» clicked
        bool save = false;        // the field's «Записать» clicked
        bool cancel = false;      // the field's «Отмена» clicked
        int result = 0;           // a result's button clicked: its digit
        bool chooseSlot = false;  // a free slot clicked
    };

    Outcome draw(const Fonts& fonts);

    void setOpen(bool open);
    [[nodiscard]] bool isOpen() const { return m_state.open; }
    // A fresh load: the selection stays on the same item while it is in the queue. When the item
    // the part was open for has left it, the part is closed and its call's number returned (0
    // for a reminder or a campaign call; leftItem() has it).
    std::optional<int> setRows(std::vector<QueueItem> rows);
    [[nodiscard]] const std::optional<QueueItem>& leftItem() const { return m_left; }
    // A load that failed: the rows loaded before stay, and the panel says why they are not fresh.
    void markFailed(std::string why) {
        m_state.loaded = true;
        m_state.failure = std::move(why);
    }
    void moveSelection(int delta);
    // Selects the row of callback `callId`; false when it is not in the queue (or the part is
    // open for another row).
    bool select(std::int64_t callId);
    // The same for any item, by QueueItem::key().
    bool selectKey(const std::string& key);
    [[nodiscard]] const QueueItem* selectedRow() const;
    // Opens the part for the selected row; false when there is no row to open it for.
    bool startEdit(CallbackEdit edit);
    // The taken item's script (Outcome), its free slots (Move), its time field (CallLater).
    void setScript(QueueScript script) { m_state.script = std::move(script); }
    void startMove();
    void setSlots(std::vector<std::string> slots, std::string refusal = {});
    void moveSlot(int delta);
    [[nodiscard]] const std::string* selectedSlot() const;
    void startCallLater();
    // Esc: from the slots or the time back to the results; else the part closes.
    void back();
    void closeEdit();
    [[nodiscard]] bool editing() const { return m_state.editing.has_value(); }
    // A text field is open under the table (a callback's result or reason, a time to call).
    [[nodiscard]] bool fieldOpen() const {
        return editing() &&
               (m_state.edit == CallbackEdit::Result || m_state.edit == CallbackEdit::Extend ||
                m_state.edit == CallbackEdit::CallLater);
    }
    // A taken reminder or campaign call waits for its result key.
    [[nodiscard]] bool outcomeOpen() const {
        return editing() && m_state.edit == CallbackEdit::Outcome;
    }
    // The row the part is open for (null when closed or when that row has left the queue).
    [[nodiscard]] const QueueItem* editedRow() const;
    void focusText() { m_state.focusText = true; }
    void setSaving(bool saving) { m_state.saving = saving; }
    [[nodiscard]] bool textActive() const { return m_state.textActive; }
    [[nodiscard]] const State& state() const { return m_state; }

private:
    void drawRows(const Fonts& fonts, Outcome& outcome);
    void drawTaken(const Fonts& fonts, const QueueItem& row, Outcome& outcome);
    bool drawField(const QueueItem& row, Outcome& outcome);

    State m_state;
    std::optional<QueueItem> m_left;
};

} // namespace sufler::console
