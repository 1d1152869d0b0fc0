#pragma once
// Booking a consultation from a call (Ctrl+B): the specialists of the open entry's department
// (all when it has none), ←/→ between them, the free slots of the next working days read on
// the worker, ↑/↓ and Enter book one for the card's citizen. A slot another operator took a
// moment earlier is said so, with the next free ones in its place. Ctrl+Shift+B lists the
// caller's active bookings instead: Enter moves one (the free slots of its specialist), Delete
// cancels it with a reason.
#include "console/fonts.h"

#include "sufler/journal/booking.h"
#include "sufler/kb/schedule.h"

#include <string>
#include <vector>

namespace sufler::console {

// A specialist as the booking window offers them, with their free slots as last read.
struct SpecialistSlots {
    std::string key; // `<department>/<id>`
    std::string name;
    std::string role;
    std::string place; // address, room
    std::string howToGet;
    int minutes = 0;
    std::vector<kb::Slot> free;
};

class BookingView {
public:
    enum class Mode {
        Book,     // a new booking for the call's citizen
        Bookings, // the caller's active bookings: move or cancel
        Move,     // the free slots of one booking's specialist
    };

    struct State {
        bool open = false;
        Mode mode = Mode::Book;
        int callNumber = 0;
        std::string forWhom; // «Иванова Мария Петровна, +7 900 …»
        std::string filter; // whose specialists are offered: «отдел …», «все специалисты»
        std::vector<SpecialistSlots> specialists;
        int specialist = 0;
        int slot = 0;
        bool loading = false;
        bool saving = false;
        std::string refusal;                    // why the last booking was refused
        std::vector<journal::Booking> bookings; // Mode::Bookings
        int booking = 0;
        journal::BookingId moving = 0; // Mode::Move: the booking moved
        bool reasonOpen = false;       // the cancellation's reason is typed
        std::string reason;
        bool focusReason = false;
        bool textActive = false;
    };

    struct Outcome {
        bool choose = false;        // a slot (or a booking) clicked
        bool confirmCancel = false; // «Отменить запись» clicked in the reason field
        bool close = false;
    };

    void openBook(int callNumber, std::string forWhom, std::string filter,
                  std::vector<SpecialistSlots> specialists);
    void openBookings(int callNumber, std::string forWhom);
    void startMove(journal::BookingId id, SpecialistSlots specialist);
    void setSpecialists(std::vector<SpecialistSlots> specialists);
    void setBookings(std::vector<journal::Booking> bookings);
    // Refused: why, and the next free slots of the same specialist in place of the list.
    void refuse(std::string why, std::vector<kb::Slot> nextFree);
    void startReason();
    void closeReason() { m_state.reasonOpen = false; }
    void setSaving(bool saving) { m_state.saving = saving; }
    void close() { m_state = State{}; }
    void moveSlot(int delta);
    void moveSpecialist(int delta);
    [[nodiscard]] bool isOpen() const { return m_state.open; }
    [[nodiscard]] bool textActive() const { return m_state.textActive; }
    [[nodiscard]] const SpecialistSlots* currentSpecialist() const;
    [[nodiscard]] const kb::Slot* currentSlot() const;
    [[nodiscard]] const journal::Booking* currentBooking() const;
    [[nodiscard]] const State& state() const { return m_state; }

    Outcome draw(const Fonts& fonts);

private:
    State m_state;
};

// «пн 14.12.2026 в 09:30» — a slot as the operator says it.
[[nodiscard]] std::string slotSaid(const kb::Slot& slot);

} // namespace sufler::console
