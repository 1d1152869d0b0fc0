#pragma once
// The citizen of the call in progress: the applicant card it is linked to (ApplicantView,
// Ctrl+Shift+K), the consultation booked on it (BookingView, Ctrl+B) and the caller's active
// bookings to cancel or move (Ctrl+Shift+B). Everything the journal does for them runs on the
// worker through the recorder (CallRecorder::onJournal); what comes back is shown on the call
// card, in the two windows, and in the script (the consultation's placeholders).
#include "console/applicant_view.h"
#include "console/booking_view.h"
#include "console/call_recorder.h"
#include "console/worker.h"

#include "sufler/journal/consultations.h"

#include <nlohmann/json_fwd.hpp>

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

class CallSession;

// What the keys mean to the desk's windows (the keymap's actions, console.cpp maps them).
enum class DeskKey {
    Applicant, // open the applicant card's window
    Booking,   // open the booking window
    Bookings,  // open the caller's bookings
    Up,
    Down,
    Left,   // the specialist before
    Right,  // the specialist after
    Choose, // Enter
    Save,   // Ctrl+Enter: create the applicant card
    Delete, // cancel a booking: its reason
};

class ApplicantDesk {
public:
    struct Hooks {
        std::function<void(std::string)> message; // the status line
        std::function<void()> dropTextFocus;
        std::function<const kb::Entry*()> openEntry; // the entry in the middle panel, if any
    };

    ApplicantDesk(CallRecorder& recorder, CallSession& session, Hooks hooks);

    // Once a frame: follows the call on the card (another call, another phone: the linked card
    // and the caller's bookings are read again) and draws the windows.
    void frame(const Fonts& fonts);
    // Under the call card's heading: the linked applicant card and the caller's bookings.
    void drawOnCard(const Fonts& fonts);

    void openApplicant();
    void openBooking();
    void openBookings();
    // A key of the desk's windows (and the three that open them), to the window open.
    void handle(DeskKey key);
    // Esc: closes the innermost of its windows; false when none was open.
    bool back();

    [[nodiscard]] bool applicantOpen() const { return m_applicant.isOpen(); }
    [[nodiscard]] bool bookingOpen() const { return m_booking.isOpen(); }
    // A text field of its windows has the keyboard: «applicant:ФИО», «booking:reason»; "" none.
    [[nodiscard]] std::string focus() const;
    // {дата_консультации}, {специалист_консультации}, {место_консультации}, {как_добраться} of
    // the booking made on this call, by lower-cased name with '_' read as a space.
    [[nodiscard]] std::map<std::string, std::string> placeholderValues() const;
    // The tests' view (state file): the windows, the linked card, the bookings.
    [[nodiscard]] nlohmann::json state() const;

private:
    // What the desk knows of the call on the card.
    struct CallLink {
        int callNumber = 0;
        std::string phoneKey; // core::normalizePhone of the card's phone, as last looked up
        std::optional<journal::Citizen> citizen; // the applicant card linked
        std::vector<journal::Booking> bookings;  // the caller's active ones
        std::optional<journal::Booking> booked;  // made (or moved to) on this call
        SpecialistSlots bookedWith;              // ...and with whom
    };

    [[nodiscard]] std::shared_ptr<const kb::KnowledgeBase> knowledge() const;
    void follow();
    void lookUp();
    void searchCitizens();
    void chooseApplicant();
    void createApplicant();
    void loadSlots(std::vector<std::string> keys);
    void chooseSlot();
    void book(const SpecialistSlots& specialist, const kb::Slot& slot);
    void move(const SpecialistSlots& specialist, const kb::Slot& slot, journal::BookingId id);
    // A booking (or a move) came back: the script gets it, or the next free slots are shown.
    void booked(const journal::BookingOutcome& outcome, const SpecialistSlots& specialist,
                int number);
    void chooseBooking();
    void cancelBooking();
    void loadBookings();
    void say(std::string text);

    CallRecorder& m_recorder;
    CallSession& m_session;
    Hooks m_hooks;
    ApplicantView m_applicant;
    BookingView m_booking;
    CallLink m_call;
};

} // namespace sufler::console
