#pragma once
// The console's training mode (`sufler-app --training`): the trainee's name, the study plan
// (an entry counts as read when it stays open), «что изменилось» since the last study,
// simulated calls — department practice or a mixed exam of N calls — taken in the real
// console with the real search and incoming script, a result screen, and the trainer's report.
// Everything is kept in training.sqlite beside the journal, on the worker thread; nothing of
// training reaches the call journal: training is the calls' recorder in this mode.
#include "console/call_recorder.h"
#include "console/fonts.h"
#include "console/markdown_view.h"
#include "console/mode_screens.h"
#include "console/options.h"
#include "console/worker.h"
#include "sufler/training/changes.h"
#include "sufler/training/simulated_call.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>

namespace sufler::console {

struct TrainingLink; // the store, touched only by tasks on the worker thread

// What training uses of the console it runs in.
class TrainingHost {
public:
    virtual ~TrainingHost() = default;
    [[nodiscard]] virtual std::shared_ptr<const KbSnapshot> snapshot() const = 0;
    [[nodiscard]] virtual Worker& worker() = 0;
    [[nodiscard]] virtual const std::string& openEntryId() const = 0;
    virtual void openEntry(const std::string& id) = 0;
    // A simulated call: the entry closed, the search empty, a new call on the card at once.
    virtual void startCall() = 0;
    virtual void message(std::string text) = 0;
    virtual void dropTextFocus() = 0;
};

class TrainingMode final : public ModeScreens, public CallRecorder {
public:
    TrainingMode(TrainingHost& host, Options options);
    ~TrainingMode() override;

    // Drawn after the console's own panels each frame: the overlays and the caller's words.
    void frame(const Fonts& fonts) override;
    // An overlay (name, menu, plan, result…) has the keyboard: the console's keys wait.
    [[nodiscard]] bool overlayOpen() const override;
    void toggleMenu() override; // F2
    // Reading is timed: the frame loop must tick while an entry is open.
    [[nodiscard]] bool needsTicks() const override;
    void describe(nlohmann::json& state) const override { state["training"] = this->state(); }

    // The calls' recorder: a simulated call is scored, nothing of it reaches the journal.
    void callStarted(CallSession&) override {}
    void save(CallSession&) override {}
    void callEnded(CallSession& session) override; // the survey is done: score the call
    void entryOpened(const std::string& id) override;
    void resumeOpenCall(CallSession&) override {}
    void deferAnswer(CallSession& session) override;
    void extendDeferred(CallSession&) override {}
    bool flag(CallSession& session, journal::KbFlag flag, bool inCall) override;
    bool emptySearch(const std::string&, const std::string&, bool) override { return false; }
    [[nodiscard]] bool questionRequired() const override { return false; }
    [[nodiscard]] std::optional<std::string> queueUnavailable() const override {
        return "Учебный режим: очереди обратных звонков нет";
    }
    void loadCallbacks(std::function<void(std::vector<CallbackRow>)>,
                       std::function<void(std::string)>) override {}
    void recordCallback(const CallbackRow&, const std::string&, bool,
                        std::shared_ptr<const kb::KnowledgeBase>,
                        std::function<void(CallbackSaved)>,
                        std::function<void(std::string)>) override {}

private:
    [[nodiscard]] nlohmann::json state() const; // for the state file

    enum class Screen { Name, Menu, Plan, Changes, Report, Call, Result, ExamEnd };

    void begin(const std::string& trainee);
    void startExam(const std::string& department, int calls);
    void startNextCall();
    void trackReading();
    void loadChanges();
    void markStudied();
    void loadReport();
    void show(Screen screen);

    void drawName(const Fonts& fonts);
    void drawMenu(const Fonts& fonts);
    void drawPlan(const Fonts& fonts);
    void drawChanges(const Fonts& fonts);
    void drawReport(const Fonts& fonts);
    void drawCaller(const Fonts& fonts);
    void drawResult(const Fonts& fonts);
    void drawExamEnd(const Fonts& fonts);
    bool beginOverlay(const char* title, float widthShare, float heightShare);

    [[nodiscard]] const kb::KnowledgeBase* kb() const;
    [[nodiscard]] bool keysFree() const; // no text field has the keyboard

    TrainingHost& m_host;
    Options m_options;
    std::shared_ptr<TrainingLink> m_link;
    Screen m_screen = Screen::Name;
    bool m_overlay = true;      // the current screen's window is shown
    bool m_focusOverlay = true; // give it the keyboard on the next frame
    std::string m_trainee;
    char m_nameBuffer[160] = {};
    bool m_nameActive = false; // the name box has the keyboard
    std::mt19937 m_rng;

    // study
    std::set<std::string> m_readIds;
    std::optional<std::string> m_studiedCommit;
    std::string m_readingId;
    std::chrono::steady_clock::time_point m_readingSince{};
    int m_planSelected = 0;

    // «что изменилось»
    std::optional<training::ChangesSince> m_changes;
    std::string m_changesNote;
    bool m_changesLoading = false;

    // simulated calls
    int m_examCalls = 10;
    int m_practiceCalls = 5;
    int m_departmentIndex = 0;
    std::optional<training::Exam> m_exam;
    std::optional<training::SimulatedCall> m_call;
    std::optional<training::CallResult> m_result;
    std::string m_resultEntryId;
    MarkdownDocument m_resultDocument;
    int m_storedCalls = 0;
    std::string m_storeError;

    std::string m_report;
};

} // namespace sufler::console
