#pragma once
// The applicant card of the call (Ctrl+Shift+K): the cards the journal has for the card's phone
// or a name the operator types, read on the worker; ↑/↓ and Enter link the call to one, or the
// last row opens a new card filled from the call card (ФИО, phone, municipality) with the
// categories of sufler.yaml; Ctrl+Enter creates it and links the call. All of it is personal
// data: it is shown, never written to a log.
#include "console/fonts.h"

#include "sufler/journal/journal.h"

#include <optional>
#include <string>
#include <vector>

namespace sufler::console {

class ApplicantView {
public:
    struct State {
        bool open = false;
        int callNumber = 0;     // the call it serves
        std::string name;       // the name looked for (the card's, or typed here)
        std::string phone;      // the card's phone looked for
        bool searching = false; // a search is on the worker
        std::vector<journal::Citizen> found;
        int selected = 0;                    // into found; found.size() is «create a new card»
        bool creating = false;               // the new card's form is open
        journal::Citizen draft;              // ...and what it holds
        std::vector<std::string> categories; // offered (sufler.yaml `citizen_categories`)
        std::vector<bool> chosen;            // ...ticked
        std::string categoriesText;          // free text when the KB lists none
        std::string phonesText;              // «+7 900 …, 8 (8000) …»
        std::string familyText;              // «сын Иван 2015; дочь Мария 2018»
        bool saving = false;
        bool focusFirst = false;
        bool textActive = false;
        std::string activeField; // the label of the field that has the keyboard
    };

    struct Outcome {
        bool searchName = false; // the name to look for was typed
        bool choose = false;     // a row clicked (link, or the new card's form)
        bool save = false;       // «Создать и связать» clicked
        bool cancel = false;
    };

    void open(int callNumber, std::string name, std::string phone);
    void close() { m_state = State{}; }
    void setFound(std::vector<journal::Citizen> found);
    // The form of a new card, from the call card's fields.
    void startCreating(journal::Citizen draft, std::vector<std::string> categories);
    // The form's card as it will be created: categories and family from what was ticked/typed.
    [[nodiscard]] journal::Citizen draftCard() const;
    void setSaving(bool saving) { m_state.saving = saving; }
    void setSearching(bool searching) { m_state.searching = searching; }
    void moveSelection(int delta);
    [[nodiscard]] bool isOpen() const { return m_state.open; }
    [[nodiscard]] bool creating() const { return m_state.creating; }
    [[nodiscard]] bool textActive() const { return m_state.textActive; }
    [[nodiscard]] const std::string& activeField() const { return m_state.activeField; }
    // The card chosen (none: the «create» row).
    [[nodiscard]] const journal::Citizen* selected() const;
    [[nodiscard]] const State& state() const { return m_state; }

    Outcome draw(const Fonts& fonts);

private:
    State m_state;
};

// «Иванова Мария Петровна, 1985 г. р., Заречный район; многодетная семья» — a card in one line.
[[nodiscard]] std::string citizenLine(const journal::Citizen& citizen);

} // namespace sufler::console
