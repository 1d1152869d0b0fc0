// The SQLite engine: the consultations booked with the specialists.
#include "sqlite_store_impl.h"

namespace sufler::journal {

namespace {

Booking readBooking(sql::Statement& s) {
    return rows::readBooking(sqlite_rows::Row{s});
}

} // namespace

std::optional<BookingId> SqliteJournalStore::insertBooking(const Booking& b) {
    const auto lock = m_impl->lock();
    // The partial unique index refuses a second active booking of the slot; DO NOTHING turns
    // that into no row returned.
    auto s = m_impl->db.prepare(
        "INSERT INTO bookings (specialist, starts_at, minutes, citizen_id, citizen_name, phone, "
        "topic, call_id, status, moved_to, operator, created_at, note) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT DO NOTHING RETURNING id");
    s.bind(1, b.specialist)
        .bind(2, b.startsAt)
        .bind(3, b.minutes)
        .bind(4, b.citizen)
        .bind(5, b.citizenName)
        .bind(6, b.phone)
        .bind(7, b.topic)
        .bind(8, b.callId)
        .bind(9, std::string(bookingStatusName(b.status)))
        .bind(10, b.movedTo)
        .bind(11, b.operatorName)
        .bind(12, b.createdAt)
        .bind(13, b.note);
    if (!s.step()) {
        return std::nullopt;
    }
    const BookingId id = s.integer(0);
    while (s.step()) {
    }
    return id;
}

void SqliteJournalStore::updateBooking(const Booking& b) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        "UPDATE bookings SET status = ?2, moved_to = ?3, note = ?4 WHERE id = ?1");
    s.bind(1, b.id)
        .bind(2, std::string(bookingStatusName(b.status)))
        .bind(3, b.movedTo)
        .bind(4, b.note);
    s.run();
}

std::optional<Booking> SqliteJournalStore::booking(BookingId id) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(
        fmt::format("SELECT {} FROM bookings WHERE id = ?", rows::kBookingColumns));
    s.bind(1, id);
    if (!s.step()) {
        return std::nullopt;
    }
    return readBooking(s);
}

std::vector<Booking> SqliteJournalStore::bookings(const std::string& specialist,
                                                  const std::string& from, const std::string& to,
                                                  bool activeOnly) {
    const auto lock = m_impl->lock();
    auto s = m_impl->db.prepare(fmt::format(
        "SELECT {} FROM bookings WHERE (?1 = '' OR specialist = ?1) AND starts_at >= ?2 AND "
        "starts_at < ?3 AND (?4 = 0 OR status = 'booked') ORDER BY starts_at, id",
        rows::kBookingColumns));
    s.bind(1, specialist).bind(2, from).bind(3, to).bind(4, activeOnly);
    return m_impl->all<Booking>(s, readBooking);
}

} // namespace sufler::journal
