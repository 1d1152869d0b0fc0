#pragma once
// The rules of a call, without a window: a new call and its number, the script run, the survey
// (Ctrl+E asks what is left, its last answer ends the call), transfers against the limit, the
// deferred answer, a call taken up again after a crash, the card's changes. What happens is
// told to a CallRecorder (the journal, or training); what the panels must do (the status line,
// the keyboard) goes through SessionHooks. Runs on the UI thread.
#include "console/call_card.h"
#include "console/call_recorder.h"
#include "console/worker.h"
#include "sufler/scripts/runner.h"

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sufler::kb {
struct Entry;
}

namespace sufler::console {

// What the session asks of the panels around it; any may be left empty.
struct SessionHooks {
    std::function<void(std::string)> message; // the status line
    std::function<void(CardField)> focusField;
    std::function<void()> dropTextFocus; // digits answer the survey, arrows move elsewhere
    // A step's action that moves the keyboard (search, contacts, a card field), or a ticked
    // task's action: the console performs it.
    std::function<void(const scripts::Action&)> perform;
    // Placeholder values of the contact open in the entry panel («специалист», «ведомство»…).
    std::function<std::map<std::string, std::string>()> contactValues;
    // The operator's name on a closed card differs from the one in the settings.
    std::function<void(const std::string&)> operatorNamed;
    // A callback was booked or moved: the queue (F4) is loaded again.
    std::function<void()> callbacksChanged;
};

// The question of the script's survey the current step waits for, if any.
[[nodiscard]] std::optional<std::size_t> pendingScriptSurvey(const scripts::Runner& run);

class CallSession {
public:
    CallSession(CallRecorder& recorder, SessionHooks hooks);
    CallSession(const CallSession&) = delete;
    CallSession& operator=(const CallSession&) = delete;

    // A new KB: the scripts and the profile the next run starts with.
    void setSnapshot(std::shared_ptr<const KbSnapshot> snapshot);
    [[nodiscard]] const std::shared_ptr<const KbSnapshot>& snapshot() const { return m_snapshot; }
    [[nodiscard]] CallRecorder& recorder() { return m_recorder; }

    [[nodiscard]] const CallCard& card() const { return m_card; }
    [[nodiscard]] CallCard& card() { return m_card; } // the card panel types into it
    [[nodiscard]] const scripts::Runner* run() const { return m_run ? &*m_run : nullptr; }
    [[nodiscard]] scripts::Runner* run() { return m_run ? &*m_run : nullptr; }
    [[nodiscard]] bool inCall() const { return m_card.active && !m_card.closed; }
    // Ctrl+E with the survey not done: the card asks the questions, digits answer them.
    [[nodiscard]] bool surveyMode() const { return m_surveyMode; }
    void setSurveyMode(bool on) { m_surveyMode = on; }
    // Digits answer a survey now (the card's or the script step's).
    [[nodiscard]] bool surveyKeysActive() const;
    [[nodiscard]] int callsTaken() const { return m_callsTaken; }
    [[nodiscard]] const std::vector<std::string>& flaggedEntries() const { return m_flagged; }

    // --- what the operator does
    // A call not yet ended asks for a second Ctrl+N first, unless `force` (a training call).
    void newCall(const std::string& operatorName, bool force = false);
    void endCall();
    void answerSurvey(int option); // a digit: the script step's survey first, then the card's
    void recordCardSurvey(std::size_t question, int option);
    void recordScriptSurvey(std::size_t question, std::size_t option);
    void chooseWay(std::size_t way);
    void scriptBack();
    // Goes on to the start of script `id`: by the current step's way there when it has one,
    // else straight (the out-of-competence script when the KB has no answer).
    void enterScript(std::string_view id);
    void toggleTask(std::size_t task);
    // Ctrl+T on the open entry (`entry` null when none is open); `departmentTitle` names the
    // contact's organisation when the entry does not.
    void transfer(const kb::Entry* entry, const std::string& departmentTitle);
    void entryOpened(const kb::Entry& entry);
    void templateCopied(const std::string& entryId);
    void deferAnswer();
    void extendDeferred();
    // «ответ устарел» on the open entry; `confirmation` is said once the flag is sent.
    void flagOutdated(const kb::Entry& entry, const std::string& operatorName,
                      const std::string& confirmation);
    // «нет ответа в базе» on the call; `query` is the search when the card has no question.
    void flagNoAnswer(const std::string& query);
    // Ctrl+Alt+1…4: the mark on or off; `on` forces it (a script taken for it).
    void toggleMark(CardMark mark);
    void setMark(CardMark mark);
    // A search that found nothing (the console decides when the operator has paused).
    [[nodiscard]] bool recordEmptySearch(const std::string& query);
    // An entry opened from the results of `query`: kept during a call (the journal's search log).
    void searchOpened(const std::string& query, const std::string& entryId);
    // The card changed (typed in, or by the rules): saved with the next frame.
    void cardChanged();
    // Once a frame: every change goes to the recorder at once, so a kill -9 loses nothing.
    void saveIfChanged();
    // The console closes: a call in progress stays open in the journal, as it is.
    void close();

    // --- from the recorder
    // At start: asks the recorder for a call left open.
    void resume();
    // A call left open comes back with its card and its run (JSON; empty: start it again).
    // False when a call was started meanwhile: the old one stays open where it was kept.
    bool restore(CallCard card, const std::string& run);
    void message(std::string text);
    void callbacksChanged();
    // Placeholders of the run from the card, the profile and the open contact.
    void syncRunValues();

private:
    [[nodiscard]] const std::string* incomingScriptId() const;
    void startRun();
    void onStepEntered();
    void syncTransfers(int transfersBefore);
    void save();

    CallRecorder& m_recorder;
    SessionHooks m_hooks;
    std::shared_ptr<const KbSnapshot> m_snapshot;
    CallCard m_card;
    std::optional<scripts::Runner> m_run;
    int m_callsTaken = 0;
    bool m_dirty = false;
    bool m_newCallConfirm = false;
    bool m_noQuestionConfirm = false; // Ctrl+E once more closes a call with no question
    bool m_surveyMode = false;
    std::vector<std::string> m_flagged; // «ответ устарел» sent during this call
};

} // namespace sufler::console
