// The journal's rules of the consultations booked with the specialists: one active booking a
// slot, cancelled, moved or closed only while active.
#include "sufler/journal/journal.h"
#include "sufler/journal/store.h"

#include "journal_state.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <chrono>

namespace sufler::journal {

std::optional<Booking> Journal::book(Booking booking) {
    booking.id = 0;
    booking.status = BookingStatus::Booked;
    booking.movedTo.reset();
    booking.createdAt = m_state->timestamp();
    const auto id = m_state->store->insertBooking(booking);
    if (!id) {
        return std::nullopt;
    }
    booking.id = *id;
    return booking;
}

std::optional<Booking> Journal::booking(BookingId id) const {
    return m_state->store->booking(id);
}

std::vector<Booking> Journal::bookings(const std::string& specialist, const Date& from,
                                       const Date& to, bool activeOnly) const {
    const Date after{std::chrono::sys_days(to) + std::chrono::days(1)};
    return m_state->store->bookings(specialist, formatIsoDate(from), formatIsoDate(after),
                                    activeOnly);
}

namespace {

Booking activeBooking(JournalStore& store, BookingId id) {
    auto booking = store.booking(id);
    if (!booking) {
        throw Error(fmt::format("записи на приём № {} нет в журнале", id));
    }
    if (!booking->active()) {
        throw Error(fmt::format("запись на приём № {} уже не действует: {}", id,
                                bookingStatusRu(booking->status)));
    }
    return *booking;
}

} // namespace

Booking Journal::cancelBooking(BookingId id, const std::string& reason) {
    Booking booking;
    transaction([&] {
        booking = activeBooking(*m_state->store, id);
        booking.status = BookingStatus::Cancelled;
        booking.note = reason;
        m_state->store->updateBooking(booking);
    });
    return booking;
}

std::optional<Booking> Journal::moveBooking(BookingId id, const std::string& startsAt) {
    std::optional<Booking> moved;
    transaction([&] {
        Booking old = activeBooking(*m_state->store, id);
        Booking next = old;
        next.startsAt = startsAt;
        moved = book(next);
        if (moved) {
            old.status = BookingStatus::Moved;
            old.movedTo = moved->id;
            m_state->store->updateBooking(old);
        }
    });
    return moved;
}

Booking Journal::closeBooking(BookingId id, BookingStatus status) {
    Booking booking;
    transaction([&] {
        booking = activeBooking(*m_state->store, id);
        booking.status = status;
        m_state->store->updateBooking(booking);
    });
    return booking;
}

} // namespace sufler::journal
