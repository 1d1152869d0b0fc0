#pragma once
// The operator's console: the frame, the layout of the panels and the keys. The rules of a call
// are the session's (call_session.h); where a call is recorded, the recorder's (the journal,
// journal_client.h, or training, training_mode.h); the tests' view, the state file's.
#include "console/applicant_desk.h"
#include "console/call_card.h"
#include "console/call_card_view.h"
#include "console/call_recorder.h"
#include "console/call_session.h"
#include "console/callbacks_view.h"
#include "console/entry_view.h"
#include "console/fonts.h"
#include "console/help_overlay.h"
#include "console/history_view.h"
#include "console/keymap.h"
#include "console/mode_screens.h"
#include "console/operator_prompt.h"
#include "console/options.h"
#include "console/outgoing_view.h"
#include "console/ring_listener.h"
#include "console/ring_view.h"
#include "console/script_view.h"
#include "console/search_view.h"
#include "console/settings.h"
#include "console/state_file.h"
#include "console/status_view.h"
#include "console/training_mode.h"
#include "console/worker.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sufler::console {

class Console : private TrainingHost {
public:
    // `wake` posts an empty event to the frame loop (glfwPostEmptyEvent).
    Console(Options options, Settings& settings, std::function<void()> wake);
    ~Console() override;

    // One frame of the UI: between ImGui::NewFrame and ImGui::Render.
    void frame(const Fonts& fonts, const FrameStats& stats);

    [[nodiscard]] bool quitRequested() const { return m_quit; }
    // Seconds the loop may sleep when nothing happens (the call timer ticks once a second).
    [[nodiscard]] double idleTimeout() const;
    // Zoom changed: fonts must be rebuilt before the next frame.
    [[nodiscard]] bool takeFontRebuild() {
        const bool rebuild = m_fontRebuild;
        m_fontRebuild = false;
        return rebuild;
    }
    // Layout moved by the operator: the settings should be saved.
    [[nodiscard]] bool takeSettingsDirty() {
        const bool dirty = m_settingsDirty;
        m_settingsDirty = false;
        return dirty;
    }

private:
    // what training uses of the console
    [[nodiscard]] std::shared_ptr<const KbSnapshot> snapshot() const override { return m_snapshot; }
    [[nodiscard]] Worker& worker() override { return *m_worker; }
    [[nodiscard]] const std::string& openEntryId() const override { return m_entry.openId(); }
    void openEntry(const std::string& id) override;
    void startCall() override;
    void message(std::string text) override;
    void dropTextFocus() override;

    void collectMail();
    void handleKeys();
    void drawLayout(const Fonts& fonts);
    void drawStatusBar(const Fonts& fonts);
    void drawProblems(const Fonts& fonts);
    void drawCallbacks(const Fonts& fonts);

    // what the operator does beyond the call's rules
    void copyTemplate();
    void transfer();
    void perform(const scripts::Action& action);
    void performLink(const std::string& href);
    [[nodiscard]] std::map<std::string, std::string> contactValues() const;
    // Who asked for the queue: the operator opening F4 hears why it failed on the message line;
    // a reload of its own (the change feed, the clock, after a result) says it in the panel only,
    // so that it never replaces what the operator's last action said.
    enum class QueueLoad { Asked, Refresh };
    void loadCallbacks(QueueLoad load = QueueLoad::Refresh);
    // F6: the senior operator's panel, for a console started with --senior.
    void toggleStatus();
    // Reads the hotline's status on the worker unless a reading is on its way already.
    void loadStatus();
    // Enter on a queued callback: takes it from the shared queue, then opens its result field.
    void claimCallback();
    // A callback this console took goes back to the queue once its field closes unrecorded.
    void releaseUnrecordedClaim();
    void startCallbackEdit(CallbackEdit edit);
    void saveCallbackEdit();
    // A reminder or a campaign call taken: its script with the item's values; its result by
    // digit (queueResultKeys), a reminder moved to the chosen free slot, a call later at a time.
    [[nodiscard]] QueueScript queueScript(const QueueItem& item) const;
    void chooseQueueResult(int digit);
    void loadMoveSlots(const QueueItem& item);
    void recordQueueResult(const QueueItem& item, QueueResult result, const std::string& when);
    void flagOutdated();
    // «Кто работает за пультом?» answered: `name` (empty: without a name) is this console's.
    void takeOperator(const std::string& name);
    // F5: an outgoing call's window; Ctrl+Enter registers it.
    void startOutgoing();
    void offerOutgoingScripts();
    void finishOutgoing();
    // The card's phone is a number not yet looked up: its earlier calls are read.
    void lookUpCaller();
    // The PBX's ring (console_ring.cpp): the listener started for the operator's mode, the
    // rings it queued taken once a frame — one opens its card at once when no call is in
    // progress, else it waits in the status line for F7.
    void startRingListener(std::function<void()> wake);
    void collectRings();
    void takeRing();
    void openRing(config::Ring ring);
    void recordEmptySearch();
    void publishState(const FrameStats& stats);

    Options m_options;
    Settings& m_settings;
    std::unique_ptr<Worker> m_worker;
    std::shared_ptr<const KbSnapshot> m_snapshot;
    Keymap m_keymap;

    SearchView m_search;
    EntryView m_entry;
    ScriptView m_scriptView;
    CallCardView m_cardView;
    HelpOverlay m_help;
    HistoryView m_history;                        // the caller's earlier calls, by the card's phone
    OutgoingView m_outgoing;                      // an outgoing call (F5), while its window is open
    std::unique_ptr<RingListener> m_ringListener; // none in training
    RingView m_rings;                             // the rings waiting for F7
    bool m_ringConfirm = false;         // F7 during a call warned once; the next one takes the ring
    OperatorPrompt m_operatorPrompt;    // who works here, asked at start
    std::string m_operator;             // ...the answer; "" = not said (the settings keep the last)
    CallbacksView m_callbacks;          // the shared queue (F4), as last loaded
    std::optional<QueueItem> m_claimed; // the item taken here, its part open under the table
    std::chrono::steady_clock::time_point m_queueAsked{}; // reminders fall due with time
    StatusView m_status;          // the senior operator's panel (F6), as last read
    bool m_statusLoading = false; // a reading is on the worker
    std::chrono::steady_clock::time_point m_statusAsked{}; // when the last reading was asked

    // Chosen once, by the mode: the journal and no screens, or training as both.
    std::shared_ptr<CallRecorder> m_recorder;
    std::shared_ptr<ModeScreens> m_screens;
    std::unique_ptr<CallSession> m_session;
    // the call's applicant card and consultations (Ctrl+Shift+K, Ctrl+B, Ctrl+Shift+B)
    std::unique_ptr<ApplicantDesk> m_desk;

    std::chrono::steady_clock::time_point m_queryChangedAt{};
    std::string m_emptyRecorded; // the last query recorded as finding nothing
    bool m_emptyPending = false; // a query found nothing; recorded once the operator pauses

    std::string m_message;
    std::chrono::steady_clock::time_point m_messageAt{};
    std::string m_clipboard; // what the console itself last copied
    bool m_showProblems = false;
    bool m_quit = false;
    bool m_fontRebuild = false;
    bool m_settingsDirty = false;
    StateFile m_stateFile;
};

} // namespace sufler::console
