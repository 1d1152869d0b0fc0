// The key table: what each key means where the keyboard is, and that F1 lists every key.
#include "console/keymap.h"

#include <GLFW/glfw3.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace sufler::console;

namespace {

std::vector<KeyEvent> press(int key, bool ctrl = false, bool alt = false, bool shift = false,
                            KeyContext context = {}) {
    KeySnapshot keys;
    keys.ctrl = ctrl;
    keys.alt = alt;
    keys.shift = shift;
    keys.pressed = {key};
    return Keymap{}.translate(keys, context);
}

bool has(const std::vector<KeyEvent>& events, Action action, int index = 0) {
    return std::any_of(events.begin(), events.end(), [&](const KeyEvent& event) {
        return event.action == action && event.index == index;
    });
}

// How the help overlay writes a key.
std::string keyName(int key) {
    if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z)
        return std::string(1, static_cast<char>('A' + (key - GLFW_KEY_A)));
    if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9)
        return std::string(1, static_cast<char>('0' + (key - GLFW_KEY_0)));
    if (key >= GLFW_KEY_F1 && key <= GLFW_KEY_F12)
        return "F" + std::to_string(key - GLFW_KEY_F1 + 1);
    switch (key) {
    case GLFW_KEY_ESCAPE:
        return "Esc";
    case GLFW_KEY_ENTER:
        return "Enter";
    case GLFW_KEY_UP:
        return "↑";
    case GLFW_KEY_DOWN:
        return "↓";
    case GLFW_KEY_LEFT:
        return "←";
    case GLFW_KEY_BACKSPACE:
        return "Backspace";
    case GLFW_KEY_EQUAL:
        return "=";
    case GLFW_KEY_MINUS:
        return "-";
    default:
        return "";
    }
}

std::string helpText() {
    std::string text;
    for (const KeyHelp& line : Keymap::help())
        text += line.keys + "\n";
    return text;
}

} // namespace

TEST_CASE("keymap: the keys of a call do what the help says", "[keymap]") {
    CHECK(has(press(GLFW_KEY_F1), Action::Help));
    CHECK(has(press(GLFW_KEY_N, true), Action::NewCall));
    CHECK(has(press(GLFW_KEY_E, true), Action::EndCall));
    CHECK(has(press(GLFW_KEY_F, true), Action::FocusSearch));
    CHECK(has(press(GLFW_KEY_F3), Action::FocusSearch));
    CHECK(has(press(GLFW_KEY_K, true), Action::FocusCard));
    CHECK(has(press(GLFW_KEY_T, true), Action::Transfer));
    CHECK(has(press(GLFW_KEY_C, true, false, true), Action::CopyTemplate));
    CHECK(has(press(GLFW_KEY_3, false, true), Action::ChooseWay, 3));
    CHECK(has(press(GLFW_KEY_KP_2, false, true), Action::ChooseWay, 2));
    CHECK(has(press(GLFW_KEY_5, true), Action::ToggleTask, 5));
    CHECK(has(press(GLFW_KEY_LEFT, false, true), Action::ScriptBack));
    CHECK(has(press(GLFW_KEY_BACKSPACE, false, true), Action::ScriptBack));
    CHECK(has(press(GLFW_KEY_Q, true), Action::Quit));
    CHECK(has(press(GLFW_KEY_D, true), Action::DeferAnswer));
    CHECK(has(press(GLFW_KEY_D, true, false, true), Action::ExtendDeferred));
    CHECK_FALSE(has(press(GLFW_KEY_D, true, false, true), Action::DeferAnswer));
    CHECK(has(press(GLFW_KEY_F4), Action::Callbacks));
    CHECK(has(press(GLFW_KEY_F6), Action::SeniorPanel));
    CHECK(has(press(GLFW_KEY_U, true), Action::FlagOutdated));
    CHECK(has(press(GLFW_KEY_N, true, false, true), Action::FlagNoAnswer));
}

TEST_CASE("keymap: the journal's keys work from a card field, not over the survey", "[keymap]") {
    KeyContext card;
    card.textInputActive = true;
    CHECK(has(press(GLFW_KEY_D, true, false, false, card), Action::DeferAnswer));
    CHECK(has(press(GLFW_KEY_N, true, false, true, card), Action::FlagNoAnswer));
    // Ctrl+Shift+N marks the call, it does not start a new one
    CHECK_FALSE(has(press(GLFW_KEY_N, true, false, true, card), Action::NewCall));
    KeyContext survey;
    survey.surveyOpen = true;
    CHECK_FALSE(has(press(GLFW_KEY_D, true, false, false, survey), Action::DeferAnswer));
    CHECK_FALSE(has(press(GLFW_KEY_U, true, false, false, survey), Action::FlagOutdated));
}

TEST_CASE("keymap: modifiers must match exactly", "[keymap]") {
    // Ctrl+C copies text in a field; only Ctrl+Shift+C copies the template
    CHECK_FALSE(has(press(GLFW_KEY_C, true), Action::CopyTemplate));
    CHECK_FALSE(has(press(GLFW_KEY_N, true, false, true), Action::NewCall));
    CHECK_FALSE(has(press(GLFW_KEY_N), Action::NewCall)); // a plain «т» is typed, not a call
    CHECK(press(GLFW_KEY_1).empty());                     // a digit outside the survey: typed
}

TEST_CASE("keymap: the keyboard's place changes what keys mean", "[keymap]") {
    KeyContext survey;
    survey.surveyOpen = true;
    CHECK(has(press(GLFW_KEY_2, false, false, false, survey), Action::SurveyAnswer, 2));
    CHECK(has(press(GLFW_KEY_KP_3, false, false, false, survey), Action::SurveyAnswer, 3));
    // while the caller answers, the script does not move on and no call is started
    CHECK_FALSE(has(press(GLFW_KEY_1, false, true, false, survey), Action::ChooseWay, 1));
    CHECK_FALSE(has(press(GLFW_KEY_N, true, false, false, survey), Action::NewCall));
    CHECK(has(press(GLFW_KEY_F1, false, false, false, survey), Action::Help));

    KeyContext help;
    help.helpOpen = true;
    CHECK_FALSE(has(press(GLFW_KEY_N, true, false, false, help), Action::NewCall));
    CHECK(has(press(GLFW_KEY_ESCAPE, false, false, false, help), Action::Back));
    CHECK(has(press(GLFW_KEY_F1, false, false, false, help), Action::Help));

    // Enter opens a result from the search box, never from a card field being typed in
    KeyContext search;
    search.textInputActive = search.searchFocused = true;
    CHECK(has(press(GLFW_KEY_ENTER, false, false, false, search), Action::OpenResult));
    CHECK(has(press(GLFW_KEY_DOWN, false, false, false, search), Action::ResultDown));
    KeyContext card;
    card.textInputActive = true;
    CHECK_FALSE(has(press(GLFW_KEY_ENTER, false, false, false, card), Action::OpenResult));
    CHECK_FALSE(has(press(GLFW_KEY_UP, false, false, false, card), Action::ResultUp));
    // the call's keys work from inside a card field
    CHECK(has(press(GLFW_KEY_1, false, true, false, card), Action::ChooseWay, 1));
    CHECK(has(press(GLFW_KEY_E, true, false, false, card), Action::EndCall));
}

TEST_CASE("keymap: the callbacks queue takes the arrows and Enter while it has the keyboard",
          "[keymap]") {
    KeyContext queue;
    queue.callbacksFocused = true;
    CHECK(has(press(GLFW_KEY_DOWN, false, false, false, queue), Action::CallbackDown));
    CHECK(has(press(GLFW_KEY_UP, false, false, false, queue), Action::CallbackUp));
    CHECK(has(press(GLFW_KEY_ENTER, false, false, false, queue), Action::CallbackResult));
    CHECK(has(press(GLFW_KEY_KP_ENTER, false, false, false, queue), Action::CallbackResult));
    // the search results behind the window stay where they are
    CHECK_FALSE(has(press(GLFW_KEY_DOWN, false, false, false, queue), Action::ResultDown));
    CHECK_FALSE(has(press(GLFW_KEY_ENTER, false, false, false, queue), Action::OpenResult));
    CHECK_FALSE(has(press(GLFW_KEY_ENTER, false, false, false, queue), Action::CallbackRecord));
    CHECK(has(press(GLFW_KEY_ESCAPE, false, false, false, queue), Action::Back));
    CHECK(has(press(GLFW_KEY_F4, false, false, false, queue), Action::Callbacks));
    // Ctrl+Shift+D extends the selected callback there, not the call on the card
    const auto extend = press(GLFW_KEY_D, true, false, true, queue);
    CHECK(has(extend, Action::CallbackExtend));
    CHECK_FALSE(has(extend, Action::ExtendDeferred));
    CHECK(has(press(GLFW_KEY_D, true, false, true), Action::ExtendDeferred));
    CHECK_FALSE(has(press(GLFW_KEY_D, true, false, true), Action::CallbackExtend));

    // the result field: Enter records, the arrows no longer move to another call
    KeyContext field = queue;
    field.callbackResultOpen = true;
    field.textInputActive = true;
    const auto enter = press(GLFW_KEY_ENTER, false, false, false, field);
    CHECK(has(enter, Action::CallbackRecord));
    CHECK(enter.size() == 1);
    CHECK(has(press(GLFW_KEY_KP_ENTER, false, false, false, field), Action::CallbackRecord));
    CHECK(press(GLFW_KEY_DOWN, false, false, false, field).empty());
    CHECK(has(press(GLFW_KEY_ESCAPE, false, false, false, field), Action::Back));
    CHECK(press(GLFW_KEY_1, false, false, false, field).empty()); // a digit is typed
    CHECK(press(GLFW_KEY_D, true, false, true, field).empty());   // neither extension: it is open

    // F1 over the queue: its keys rest until the help is closed
    KeyContext help = field;
    help.helpOpen = true;
    CHECK_FALSE(has(press(GLFW_KEY_ENTER, false, false, false, help), Action::CallbackRecord));
    help.callbackResultOpen = false;
    CHECK_FALSE(has(press(GLFW_KEY_DOWN, false, false, false, help), Action::CallbackDown));

    // the queue open but the search box typed in (the console then says the queue has not the
    // keyboard): the arrows are the results' again
    KeyContext search;
    search.textInputActive = search.searchFocused = true;
    CHECK(has(press(GLFW_KEY_DOWN, false, false, false, search), Action::ResultDown));
    CHECK_FALSE(has(press(GLFW_KEY_DOWN, false, false, false, search), Action::CallbackDown));

    // F1 has the queue's own group with its keys
    std::set<std::string> keys;
    for (const KeyHelp& line : Keymap::help())
        if (line.group == "Обратные звонки (F4)")
            keys.insert(line.keys);
    CHECK(keys == std::set<std::string>{"↑ / ↓", "Enter", "Ctrl+Shift+D", "Esc", "1, 2, 3, 4",
                                        "1, 2, 3, 4, 5"});
}

TEST_CASE("keymap: a reminder or a campaign call taken in the queue takes its result from the "
          "digits, before the survey's",
          "[keymap]") {
    KeyContext taken;
    taken.callbacksFocused = true;
    taken.queueOutcomeOpen = true;
    for (int n = 1; n <= 5; ++n) {
        CHECK(has(press(GLFW_KEY_0 + n, false, false, false, taken), Action::QueueResult, n));
        CHECK(has(press(GLFW_KEY_KP_0 + n, false, false, false, taken), Action::QueueResult, n));
    }
    CHECK(press(GLFW_KEY_6, false, false, false, taken).empty());
    // the call's survey waits while the queue waits for a result
    KeyContext survey = taken;
    survey.surveyOpen = true;
    const auto one = press(GLFW_KEY_1, false, false, false, survey);
    CHECK(has(one, Action::QueueResult, 1));
    CHECK_FALSE(has(one, Action::SurveyAnswer, 1));
    // nothing taken: the digits are the survey's, never a result
    KeyContext plain;
    plain.callbacksFocused = true;
    CHECK(press(GLFW_KEY_1, false, false, false, plain).empty());
    plain.surveyOpen = true;
    CHECK(has(press(GLFW_KEY_1, false, false, false, plain), Action::SurveyAnswer, 1));
    CHECK_FALSE(has(press(GLFW_KEY_1, false, false, false, plain), Action::QueueResult, 1));
    // the help over it: no result by accident
    taken.helpOpen = true;
    CHECK(press(GLFW_KEY_1, false, false, false, taken).empty());
}

TEST_CASE("keymap: F1 lists every key the console answers to", "[keymap]") {
    const std::string help = helpText();
    // every key and modifier combination that does something, in any place of the keyboard
    std::set<std::string> missing;
    int bound = 0;
    for (int key = GLFW_KEY_SPACE; key <= GLFW_KEY_LAST; ++key) {
        if (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_EQUAL)
            continue; // the keypad repeats the main keys (listed once)
        for (int mods = 0; mods < 8; ++mods) {
            const bool ctrl = mods & 1, alt = mods & 2, shift = mods & 4;
            for (int place = 0; place < 6; ++place) {
                KeyContext context;
                context.surveyOpen = place == 1;
                context.helpOpen = place == 2;
                context.textInputActive = context.searchFocused = place == 3;
                context.callbacksFocused = place >= 4; // the queue (F4), then its result field
                context.callbackResultOpen = place == 5;
                context.textInputActive = context.textInputActive || place == 5;
                if (press(key, ctrl, alt, shift, context).empty())
                    continue;
                ++bound;
                const std::string name = (ctrl ? "Ctrl+" : "") +
                                         std::string(shift ? "Shift+" : "") + (alt ? "Alt+" : "") +
                                         keyName(key);
                const bool digit = key >= GLFW_KEY_1 && key <= GLFW_KEY_9;
                bool listed = help.find(name) != std::string::npos;
                if (!listed && digit) {
                    // «Alt+1 … Alt+9», «1, 2, 3»: a range written once
                    const std::string prefix = name.substr(0, name.size() - 1);
                    listed = help.find(prefix + "1 … " + prefix + "9") != std::string::npos ||
                             (prefix.empty() && help.find("1, 2, 3") != std::string::npos);
                }
                if (!listed)
                    missing.insert(name);
            }
        }
    }
    CHECK(bound > 30);
    INFO("клавиши без строки в справке F1");
    CHECK(missing == std::set<std::string>{});
}

TEST_CASE("keymap: the applicant card's and the booking's windows take their keys while open",
          "[keymap]") {
    // opened from a call, over a card field being typed in
    KeyContext typing;
    typing.textInputActive = true;
    CHECK(has(press(GLFW_KEY_K, true, false, true, typing), Action::ApplicantCard));
    CHECK(has(press(GLFW_KEY_B, true, false, false, typing), Action::BookConsultation));
    CHECK(has(press(GLFW_KEY_B, true, false, true, typing), Action::CallerBookings));
    CHECK(has(press(GLFW_KEY_K, true), Action::FocusCard)); // Ctrl+K stays the call card's

    KeyContext applicant;
    applicant.applicantOpen = true;
    applicant.textInputActive = true; // its name field
    CHECK(has(press(GLFW_KEY_DOWN, false, false, false, applicant), Action::ApplicantDown));
    CHECK(has(press(GLFW_KEY_ENTER, false, false, false, applicant), Action::ApplicantChoose));
    CHECK(has(press(GLFW_KEY_ENTER, true, false, false, applicant), Action::ApplicantSave));
    CHECK_FALSE(has(press(GLFW_KEY_DOWN, false, false, false, applicant), Action::ResultDown));
    CHECK(press(GLFW_KEY_N, true, false, false, applicant).empty()); // no new call meanwhile
    CHECK(has(press(GLFW_KEY_ESCAPE, false, false, false, applicant), Action::Back));

    KeyContext booking;
    booking.bookingOpen = true;
    CHECK(has(press(GLFW_KEY_RIGHT, false, false, false, booking), Action::BookingNext));
    CHECK(has(press(GLFW_KEY_LEFT, false, false, false, booking), Action::BookingPrev));
    CHECK(has(press(GLFW_KEY_UP, false, false, false, booking), Action::BookingUp));
    CHECK(has(press(GLFW_KEY_ENTER, false, false, false, booking), Action::BookingChoose));
    CHECK(has(press(GLFW_KEY_DELETE, false, false, false, booking), Action::BookingCancel));
    CHECK_FALSE(has(press(GLFW_KEY_ENTER, false, false, false, booking), Action::OpenResult));
    CHECK(press(GLFW_KEY_E, true, false, false, booking).empty());
    // the cancellation's reason typed: Delete and the arrows edit it, Enter confirms
    booking.bookingText = booking.textInputActive = true;
    CHECK(press(GLFW_KEY_DELETE, false, false, false, booking).empty());
    CHECK(press(GLFW_KEY_LEFT, false, false, false, booking).empty());
    CHECK(has(press(GLFW_KEY_ENTER, false, false, false, booking), Action::BookingChoose));

    // F1 names them
    const std::string help = helpText();
    for (const char* keys : {"Ctrl+Shift+K", "Ctrl+B", "Ctrl+Shift+B", "Delete", "← / →"})
        CHECK(help.find(keys) != std::string::npos);
}
