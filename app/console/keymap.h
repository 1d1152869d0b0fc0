#pragma once
// Every key the console answers to, in one table: the frame asks the keymap what the operator
// pressed, and the help overlay (F1) lists the same table, so the two cannot drift apart.
#include <string>
#include <vector>

namespace sufler::console {

enum class Action {
    Help,           // F1
    FocusSearch,    // Ctrl+F, F3
    ResultUp,       // ↑ in the search results
    ResultDown,     // ↓
    OpenResult,     // Enter
    Back,           // Esc: close the overlay, or leave the entry for the results
    NewCall,        // Ctrl+N
    EndCall,        // Ctrl+E: to the survey, then the card is closed
    ChooseWay,      // Alt+1…9: the n-th way on of the script step
    ScriptBack,     // Alt+Backspace, Alt+←
    ToggleTask,     // Ctrl+1…9: tick the n-th task item of the step
    CopyTemplate,   // Ctrl+Shift+C: the open template, placeholders filled, to the clipboard
    Transfer,       // Ctrl+T: transfer the call to the open contact
    FocusCard,      // Ctrl+K: the call card's first field
    SurveyAnswer,   // 1…3 while the survey is open
    ZoomIn,         // Ctrl+=
    ZoomOut,        // Ctrl+-
    Quit,           // Ctrl+Q
    TrainingMenu,   // F2: the training menu (sufler-app --training)
    DeferAnswer,    // Ctrl+D: book a deferred answer (callback) for the call
    ExtendDeferred, // Ctrl+Shift+D: extend its deadline to ten working days
    Callbacks,      // F4: the shared queue of callbacks: overdue, today's, the next days'
    FlagOutdated,   // Ctrl+U: the open entry's answer is outdated
    FlagNoAnswer,   // Ctrl+Shift+N: the KB had no answer for this call
    OutOfScope,     // Ctrl+O: on to the out-of-competence script (offered when the KB has none)
    CallbackUp,     // ↑ in the callbacks queue
    CallbackDown,   // ↓
    CallbackResult, // Enter on a queued callback: take it, then the field for what was said
    CallbackRecord, // Enter in that field: the result (or the extension) goes to the journal
    CallbackExtend, // Ctrl+Shift+D on a queued callback: the field for the extension's reason
    QueueResult,    // 1…5 on a taken reminder or campaign call: its result (queueResultKeys)
    SeniorPanel,    // F6: the hotline at a glance, for the senior operator (sufler-app --senior)
    ToggleMark, // Ctrl+Alt+1…4: агрессивный, жалоба, срочное, вне компетенции
    CallerHistory,   // Ctrl+H: an earlier call of the same phone, read-only (again: the one before)
    OutgoingCall,    // F5: an outgoing call and its card (Приложение 2)
    OutgoingScript,  // Alt+1…9 in it: the n-th outgoing script's opening words
    OutgoingFinish,  // Ctrl+Enter in it: registered in the journal
    OperatorUp,      // ↑ in «Кто работает за пультом?»
    OperatorDown,    // ↓
    OperatorTake,    // Enter: the chosen (or typed) name is the operator's
    TakeRing,        // F7: the PBX's ring waiting in the status line gets its call card
    ApplicantCard,   // Ctrl+Shift+K: the call's applicant card — find, link or create
    ApplicantUp,     // ↑ in it
    ApplicantDown,   // ↓
    ApplicantChoose, // Enter: link the call to the card chosen, or the new card's form
    ApplicantSave,   // Ctrl+Enter in the form: create the card and link the call
    BookConsultation, // Ctrl+B: book a consultation with a specialist for the call's citizen
    CallerBookings,   // Ctrl+Shift+B: the caller's active bookings — move or cancel
    BookingUp,        // ↑ in the booking window: the slot (or the booking) before
    BookingDown,      // ↓
    BookingPrev,      // ←: the specialist before
    BookingNext,      // →
    BookingChoose,    // Enter: book the slot, move to it, or (a booking) choose its new time
    BookingCancel,    // Delete on a booking: the field for the cancellation's reason
};

struct KeyEvent {
    Action action;
    int index = 0; // 1-based number for ChooseWay, ToggleTask, SurveyAnswer, ToggleMark
};

// Where the keyboard is, since some keys mean different things in different places.
struct KeyContext {
    bool textInputActive = false; // an InputText has the keyboard
    bool searchFocused = false;   // ...and it is the search box
    bool surveyOpen = false;
    bool helpOpen = false;
    bool callbacksFocused = false;   // the callbacks queue (F4) is open, no other field typed in
    bool callbackResultOpen = false; // ...and its result field is open
    bool queueOutcomeOpen = false;   // ...or a taken reminder or campaign call waits for a result
    bool operatorPromptOpen = false; // «Кто работает за пультом?»: only its keys act
    bool outgoingOpen = false;  // the outgoing call's window (F5): only its keys act
    bool applicantOpen = false; // the applicant card's window: only its keys act
    bool bookingOpen = false;   // the booking window: only its keys act
    bool bookingText = false;   // ...and its reason field has the keyboard
};

// One line of the help overlay.
struct KeyHelp {
    std::string keys; // «Ctrl+F, F3»
    std::string what; // «Поиск»
    std::string group; // «Поиск», «Запись», «Скрипт», «Звонок», «Окно»
};

// Key state as the frame sees it; tests fill it without a window.
struct KeySnapshot {
    bool ctrl = false, alt = false, shift = false;
    std::vector<int> pressed; // GLFW key codes pressed (or repeated) this frame
};

class Keymap {
public:
    // What the keys pressed this frame mean in this context, in table order.
    [[nodiscard]] std::vector<KeyEvent> translate(const KeySnapshot& keys,
                                                  const KeyContext& context) const;
    // Reads ImGui's key state (io.KeysDown by GLFW key code) for translate().
    [[nodiscard]] static KeySnapshot snapshotFromImGui();

    [[nodiscard]] static const std::vector<KeyHelp>& help();
};

} // namespace sufler::console
