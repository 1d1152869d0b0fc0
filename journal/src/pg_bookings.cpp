// The PostgreSQL engine: the consultations booked with the specialists.
#include "pg_store_impl.h"

#include <fmt/format.h>

namespace sufler::journal {

namespace {

Booking readBooking(const pg::Result& r, int row) {
    return rows::readBooking(pg_rows::Row{r, row});
}

} // namespace

std::optional<BookingId> PostgresJournalStore::insertBooking(const Booking& b) {
    std::optional<BookingId> id;
    transaction([&] {
        pg::Params p;
        p.add(b.specialist)
            .add(b.startsAt)
            .add(b.minutes)
            .add(b.citizen)
            .add(b.citizenName)
            .add(b.phone)
            .add(b.topic)
            .add(b.callId)
            .add(bookingStatusName(b.status))
            .add(b.movedTo)
            .add(b.operatorName)
            .add(b.createdAt)
            .add(b.note);
        // The partial unique index refuses a second active booking of the slot, whichever
        // connection commits first; DO NOTHING turns that into no row returned.
        const auto r = m_impl->conn.exec(
            "INSERT INTO bookings (specialist, starts_at, minutes, citizen_id, citizen_name, "
            "phone, topic, call_id, status, moved_to, operator, created_at, note) VALUES ($1, "
            "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING "
            "RETURNING id",
            p);
        if (r.rows() > 0) {
            id = r.integer(0, 0);
        }
    });
    return id;
}

void PostgresJournalStore::updateBooking(const Booking& b) {
    transaction([&] {
        pg::Params p;
        p.add(b.id).add(bookingStatusName(b.status)).add(b.movedTo).add(b.note);
        m_impl->conn.exec("UPDATE bookings SET status = $2, moved_to = $3, note = $4 WHERE id = $1",
                          p);
    });
}

std::optional<Booking> PostgresJournalStore::booking(BookingId id) {
    return m_impl->read([&]() -> std::optional<Booking> {
        pg::Params p;
        p.add(id);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM bookings WHERE id = $1", rows::kBookingColumns), p);
        if (r.rows() == 0) {
            return std::nullopt;
        }
        return readBooking(r, 0);
    });
}

std::vector<Booking> PostgresJournalStore::bookings(const std::string& specialist,
                                                    const std::string& from, const std::string& to,
                                                    bool activeOnly) {
    return m_impl->read([&] {
        pg::Params p;
        p.add(specialist).add(from).add(to).add(activeOnly);
        const auto r = m_impl->conn.exec(
            fmt::format("SELECT {} FROM bookings WHERE ($1::text = '' OR specialist = $1) "
                        "AND starts_at >= $2 AND starts_at < $3 AND (NOT $4::boolean OR status = "
                        "'booked') "
                        "ORDER BY starts_at, id",
                        rows::kBookingColumns),
            p);
        std::vector<Booking> out;
        for (int row = 0; row < r.rows(); ++row) {
            out.push_back(readBooking(r, row));
        }
        return out;
    });
}

} // namespace sufler::journal
