#pragma once
// The operator's console: the panels of a live call and what ties them together — the
// worker's mail, the keys, the call card, the script run, the journal and the state file.
#include "console/call_card.h"
#include "console/call_card_view.h"
#include "console/callbacks_view.h"
#include "console/entry_view.h"
#include "console/fonts.h"
#include "console/help_overlay.h"
#include "console/keymap.h"
#include "console/options.h"
#include "console/script_view.h"
#include "console/search_view.h"
#include "console/settings.h"
#include "console/worker.h"
#include "sufler/scripts/runner.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sufler::journal {
struct IncomingCall;
}

namespace sufler::console {

// Frame timings the window measures, reported through the state file.
struct FrameStats {
    double firstFrameMs = -1;        // process start → first frame on screen
    std::deque<double> typingFrames; // CPU time of frames with keyboard input, newest last
    double lastFrameMs = 0;
};

struct JournalLink; // the journal, touched only on the worker
class TrainingMode; // --training: study and simulated calls over these panels

class Console {
public:
    // `wake` posts an empty event to the frame loop (glfwPostEmptyEvent).
    Console(Options options, Settings& settings, std::function<void()> wake);
    ~Console();

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
    friend class TrainingMode; // starts calls, opens entries, reads the card and the run

    void collectMail();
    void handleKeys();
    void drawLayout(const Fonts& fonts);
    void drawStatusBar(const Fonts& fonts);
    void drawProblems(const Fonts& fonts);
    void drawCallbacks(const Fonts& fonts);

    // what the operator does
    void openEntry(const std::string& id);
    void newCall();
    void endCall();
    void chooseWay(std::size_t way);
    void scriptBack();
    void toggleTask(std::size_t task);
    void answerSurvey(int option);
    void recordScriptSurvey(std::size_t question, std::size_t option);
    void recordCardSurvey(std::size_t question, int option);
    void copyTemplate();
    void transfer();
    void perform(const scripts::Action& action);
    void performLink(const std::string& href);
    void onStepEntered();
    void syncTransfers(int transfersBefore);
    void syncRunValues();
    void cardChanged();
    // the journal's deferred answers and the operators' signals about the KB
    void deferAnswer();
    void extendDeferred();
    void loadCallbacks();
    void startCallbackEdit(CallbackEdit edit);
    void saveCallbackEdit();
    void flagOutdated();
    void flagNoAnswer();
    void recordEmptySearch();
    void message(std::string text);
    void dropTextFocus();

    void saveCard(bool closing);
    void resumeOpenCall();
    void restoreCard(const journal::IncomingCall& call, const std::string& run);
    void publishState(const FrameStats& stats);
    [[nodiscard]] bool surveyKeysActive() const;
    [[nodiscard]] const std::string* incomingScriptId() const;

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

    CallCard m_card;
    std::optional<scripts::Runner> m_run;
    std::shared_ptr<JournalLink> m_journal;
    int m_callsTaken = 0;
    bool m_cardDirty = false;
    std::chrono::steady_clock::time_point m_lastCardSave{};
    bool m_newCallConfirm = false;

    CallbacksView m_callbacks; // the queue (F4): due today and overdue, as last loaded
    std::vector<std::string> m_flaggedEntries; // «ответ устарел» sent during this call
    std::chrono::steady_clock::time_point m_queryChangedAt{};
    std::string m_emptyRecorded; // the last query recorded as finding nothing
    bool m_emptyPending = false; // a query found nothing; recorded once the operator pauses

    std::string m_message;
    std::chrono::steady_clock::time_point m_messageAt{};
    std::string m_clipboard; // what the console itself last copied
    std::string m_problemsNote;
    bool m_showProblems = false;
    bool m_quit = false;
    bool m_fontRebuild = false;
    bool m_settingsDirty = false;
    std::string m_lastState;
    bool m_firstFrameReported = false;
    std::unique_ptr<TrainingMode> m_training; // only in Mode::Training
};

} // namespace sufler::console
