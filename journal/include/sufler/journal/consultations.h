#pragma once
// Booking a consultation from a specialist's schedule (kb/schedule.h) in the journal: the free
// slots with the bookings taken away, and a booking that tells the operator what to offer
// instead when the slot is gone.
#include "sufler/core/report_format.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/schedule.h"

#include <filesystem>

#include <optional>
#include <string>
#include <vector>

namespace sufler::journal {

// The specialist's free slots from `fromDay` (after `afterMinute` on that day; -1: the whole
// day) over `days` days: the schedule on working days, less its active bookings.
[[nodiscard]] std::vector<kb::Slot> freeSlots(const Journal& journal,
                                              const kb::Specialist& specialist,
                                              const core::WorkCalendar& calendar,
                                              const Date& fromDay, int afterMinute, int days);

struct BookingOutcome {
    std::optional<Booking> booking; // set when the slot was booked
    std::string refusal;            // why not, in Russian, for the operator
    std::vector<kb::Slot> nextFree; // when refused: the next free slots to offer
};

// Books `request` (specialist, startsAt, citizen, …) at a slot of the specialist's schedule.
// Refused, with the next free slots from the requested time on, when the time is not a slot of
// the schedule, is already past at `now` (`YYYY-MM-DD HH:MM`), or another operator has just
// taken it.
[[nodiscard]] BookingOutcome bookSlot(Journal& journal, const kb::Specialist& specialist,
                                      const core::WorkCalendar& calendar, Booking request,
                                      const std::string& now, int nextFreeCount = 5);

// The same for moving an active booking to another slot of its specialist.
[[nodiscard]] BookingOutcome moveSlot(Journal& journal, const kb::Specialist& specialist,
                                      const core::WorkCalendar& calendar, BookingId id,
                                      const std::string& startsAt, const std::string& now,
                                      int nextFreeCount = 5);

// How many days ahead free slots are looked for when a booking is refused.
inline constexpr int kFreeSlotHorizonDays = 14;

// The specialist's day sheet: every slot of the day with who is booked in it (name, phone,
// topic) — what the specialist prints in the morning. Personal data: the file is made readable
// by its owner only (ensurePrivateFile). Markdown or xlsx.
[[nodiscard]] std::string daySheetMarkdown(const kb::Specialist& specialist, const Date& day,
                                           const std::vector<kb::Slot>& slots,
                                           const std::vector<Booking>& bookings);
void writeDaySheet(const kb::Specialist& specialist, const Date& day,
                   const std::vector<kb::Slot>& slots, const std::vector<Booking>& bookings,
                   core::ReportFormat format, const std::filesystem::path& out);

} // namespace sufler::journal
