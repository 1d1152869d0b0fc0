#pragma once
// «Кто работает за пультом?»: asked when the console starts (unless --operator or sufler.conf
// names the operator). The operators of sufler.yaml are listed, the one who worked here last is
// preselected; ↑/↓ choose, a name may be typed instead (one not on the list is taken with a
// warning), Enter takes it, Esc goes on without a name.
#include "console/fonts.h"

#include <optional>
#include <string>
#include <vector>

namespace sufler::console {

class OperatorPrompt {
public:
    struct State {
        bool open = false;
        std::vector<std::string> names;  // sufler.yaml's operators, then names known here
        std::vector<std::string> listed; // of those, the ones sufler.yaml lists
        int selected = -1;               // index into names; -1: none
        std::string text;                // the name in the field
        bool focusText = false;
        bool textActive = false;
    };

    struct Outcome {
        bool confirm = false; // «Начать работу» clicked
        bool skip = false;    // «Без имени» clicked
    };

    // Opens the prompt with `last` (the name remembered from the last run) preselected.
    void open(const std::string& last);
    void close() { m_state.open = false; }
    [[nodiscard]] bool isOpen() const { return m_state.open; }
    // The operators of sufler.yaml, once the KB is read (names known already stay).
    void setListed(const std::vector<std::string>& operators);
    void moveSelection(int delta);
    // The name to take: the field's text, trimmed.
    [[nodiscard]] std::string chosen() const;
    // The chosen name is not among sufler.yaml's operators (while there is such a list).
    [[nodiscard]] bool unlisted() const;
    [[nodiscard]] bool textActive() const { return m_state.textActive; }
    [[nodiscard]] const State& state() const { return m_state; }

    Outcome draw(const Fonts& fonts);

private:
    void add(const std::string& name);
    State m_state;
};

} // namespace sufler::console
