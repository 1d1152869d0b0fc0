#pragma once
// An outgoing call (F5) and its card, the register of Приложение 2: when, the specialist
// reached (ФИО, phone), municipality, question, organisation, operator, note; beside it the
// outgoing scripts of the KB (Alt+1…9 shows one's opening words). Ctrl+Enter registers the call
// in the journal (on the worker), Esc leaves it unregistered.
#include "console/fonts.h"

#include <optional>
#include <string>
#include <vector>

namespace sufler::console {

struct OutgoingCard {
    std::string startedAt;   // «24.11.2026 12:50», as shown; the journal stamps its own time
    std::string calleeName;  // the specialist reached: ФИО
    std::string calleePhone; // ...and phone
    std::string municipality;
    std::string question;
    std::string organization;
    std::string operatorName;
    std::string note;
    int incomingNumber = 0; // the incoming call it is made for (seed 003), 0: none
};

// An outgoing script as offered: its id, title, description and opening words (filled).
struct OutgoingScript {
    std::string id;
    std::string title;
    std::string description;
    std::vector<std::string> words;
};

class OutgoingView {
public:
    struct State {
        bool open = false;
        OutgoingCard card;
        std::vector<OutgoingScript> scripts;
        int script = -1; // the one shown; -1: none chosen
        bool focusFirst = false;
        bool textActive = false;
        std::string activeField; // the label of the field that has the keyboard
        bool saving = false;     // on its way to the journal
    };

    struct Outcome {
        bool finish = false;  // «Записать» clicked
        bool cancel = false;  // «Отмена» clicked
        bool changed = false; // a field typed in (the scripts' words follow it)
    };

    void start(OutgoingCard card);
    void setScripts(std::vector<OutgoingScript> scripts) { m_state.scripts = std::move(scripts); }
    void close() { m_state = State{}; }
    void chooseScript(int index);
    void setSaving(bool saving) { m_state.saving = saving; }
    void focusFirst() { m_state.focusFirst = true; }
    [[nodiscard]] bool isOpen() const { return m_state.open; }
    [[nodiscard]] bool textActive() const { return m_state.textActive; }
    [[nodiscard]] const std::string& activeField() const { return m_state.activeField; }
    [[nodiscard]] const State& state() const { return m_state; }
    [[nodiscard]] OutgoingCard& card() { return m_state.card; }

    Outcome draw(const Fonts& fonts);

private:
    State m_state;
};

} // namespace sufler::console
