#pragma once
// Consultations booked with specialists (their schedules are in the KB: kb/schedule.h). A
// booking holds personal data — the citizen's name and phone as said — so it lives in the
// journal, next to the call it was made on.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sufler::journal {

using BookingId = std::int64_t;

// booked: the slot is held; cancelled; moved: a new booking replaced it (movedTo); held: the
// consultation took place; no_show: the citizen did not come. Only `booked` holds a slot.
enum class BookingStatus { Booked, Cancelled, Moved, Held, NoShow };

[[nodiscard]] std::string_view bookingStatusName(BookingStatus status); // "booked", … (JSON, DB)
[[nodiscard]] std::string_view bookingStatusRu(BookingStatus status);   // «записан», …
[[nodiscard]] std::optional<BookingStatus> parseBookingStatus(std::string_view text);

struct Booking {
    BookingId id = 0;
    std::string specialist;              // `<department>/<id>` of the KB's schedule.md
    std::string startsAt;                // local `YYYY-MM-DD HH:MM`
    int minutes = 0;                     // the slot's length
    std::optional<std::int64_t> citizen; // the applicant card, when the call had one
    std::string citizenName;             // as said
    std::string phone;                   // as said
    std::string topic;
    std::optional<std::int64_t> callId; // the incoming call it was made on
    BookingStatus status = BookingStatus::Booked;
    std::optional<BookingId> movedTo; // for Moved: the booking that replaced it
    std::string operatorName;         // who booked
    std::string createdAt;            // `YYYY-MM-DD HH:MM:SS`
    std::string note;                 // why cancelled, …

    [[nodiscard]] bool active() const { return status == BookingStatus::Booked; }
    bool operator==(const Booking&) const = default;
};

} // namespace sufler::journal
