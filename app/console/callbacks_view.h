#pragma once
// The hotline's shared queue of callbacks (F4): overdue, due today and on the next working
// days, each with who took it. The operator picks a row (arrows or the mouse), takes it, and
// writes under the table what the caller was told, or why the deadline moves; the console
// records it in the journal on the worker and loads the queue again.
#include "console/call_recorder.h"
#include "console/fonts.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sufler::console {

// What the field under the table is for.
enum class CallbackEdit {
    Result, // «Что ответили абоненту»: the deferred answer is given
    Extend, // «Причина продления»: the deadline moves ten working days on, the caller told
};

class CallbacksView {
public:
    struct State {
        bool open = false;
        bool loaded = false;
        std::vector<CallbackRow> rows;       // as last loaded, oldest deadline first
        int selected = -1;                   // index into rows; -1 while the queue is empty
        std::optional<std::int64_t> editing; // the call the field is open for
        CallbackEdit edit = CallbackEdit::Result;
        std::string text; // what is typed in the field
        bool focusText = false;
        bool textActive = false; // the field had the keyboard in the last frame
        bool saving = false;     // the field's text is on its way to the journal
        bool scrollToSelected = false;
    };

    struct Outcome {
        bool startEdit = false; // «Записать результат» clicked or a row double-clicked
        bool startExtend = false; // «Продлить срок» clicked
        bool save = false;        // the field's «Записать» clicked
        bool cancel = false;      // the field's «Отмена» clicked
    };

    Outcome draw(const Fonts& fonts);

    void setOpen(bool open);
    [[nodiscard]] bool isOpen() const { return m_state.open; }
    // A fresh load: the selection stays on the same call while it is in the queue. When the call
    // the field was open for has left it, the field is closed and that call's number returned.
    std::optional<int> setRows(std::vector<CallbackRow> rows);
    void markLoaded() { m_state.loaded = true; }
    void moveSelection(int delta);
    // Selects the row of `callId`; false when it is not in the queue (or the field is open for
    // another row).
    bool select(std::int64_t callId);
    [[nodiscard]] const CallbackRow* selectedRow() const;
    // Opens the field for the selected row; false when there is no row to open it for.
    bool startEdit(CallbackEdit edit);
    void closeEdit();
    [[nodiscard]] bool editing() const { return m_state.editing.has_value(); }
    // The row the field is open for (null when closed or when that row has left the queue).
    [[nodiscard]] const CallbackRow* editedRow() const;
    void focusText() { m_state.focusText = true; }
    void setSaving(bool saving) { m_state.saving = saving; }
    [[nodiscard]] bool textActive() const { return m_state.textActive; }
    [[nodiscard]] const State& state() const { return m_state; }

private:
    State m_state;
};

} // namespace sufler::console
