#pragma once
// Reminders of booked consultations (seed 002 §33): the citizen is called a day and two hours
// before (sufler.yaml's `consultation_reminders`), told the place and how to get there, and may
// cancel or move the booking. A reminder is not stored: it follows from an active booking and
// the offsets, so a booking cancelled or moved drops or moves its reminders by construction.
// What is stored is what happened — who took a reminder (a claim, as with callbacks) and each
// attempt's result, which is also a row of the outgoing register (Приложение 2).
#include "sufler/journal/booking.h"
#include "sufler/journal/consultations.h"
#include "sufler/journal/journal.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::journal {

// What a reminder call came to. Reached, Cancelled and Moved end the reminder; NotReached keeps
// it in the queue for another attempt until the consultation starts.
enum class ReminderResult { Reached, NotReached, Cancelled, Moved };
// "reached", "not-reached", "cancelled", "moved" (the CLI, the database)
[[nodiscard]] std::string_view reminderResultName(ReminderResult result);
// «напомнили», «не дозвонились», «отменил запись», «перенёс запись»
[[nodiscard]] std::string_view reminderResultRu(ReminderResult result);
[[nodiscard]] std::optional<ReminderResult> parseReminderResult(std::string_view text);

// «за 1 день», «за 2 часа», «за 30 минут»: an offset of `consultation_reminders`.
[[nodiscard]] std::string reminderOffsetRu(int minutes);

// A reminder: the booking and how long before it starts (its offset, minutes).
struct ReminderKey {
    BookingId booking = 0;
    int offsetMinutes = 0;
    bool operator==(const ReminderKey&) const = default;
};

struct ReminderAttempt {
    std::int64_t id = 0;
    ReminderKey key;
    std::string at; // `YYYY-MM-DD HH:MM:SS`
    std::string operatorName;
    ReminderResult result = ReminderResult::NotReached;
    std::optional<BookingId> movedTo; // for Moved: the booking that replaced it
    std::string note;
    std::optional<CallId> outgoingId; // its row of the outgoing register
    bool operator==(const ReminderAttempt&) const = default;
};

// A reminder due now, with what the operator needs to make the call.
struct Reminder {
    ReminderKey key;
    Booking booking;
    std::string dueFrom;                // `YYYY-MM-DD HH:MM`: startsAt less the offset
    int attempts = 0;                   // not reached so far
    std::string lastAttemptAt;          // of the last of them
    std::optional<CallbackClaim> claim; // who holds it now; none: waiting in F4's queue
};

// What recording a result did: the attempt, and for Moved the new booking — or why not, with
// the free slots to offer instead (nothing is recorded then).
struct ReminderOutcome {
    std::optional<ReminderAttempt> attempt;
    BookingOutcome move;
};

// The reminders of a journal's bookings. Cheap to make: it holds the journal and the offsets.
// "Now" is the journal's clock (Journal::setClock; core::now() by default).
class Reminders {
public:
    // `offsets`: kb::Profile::consultationReminders, minutes before the consultation.
    Reminders(Journal& journal, std::vector<int> offsets);

    // The reminders due now, the consultation soonest first: of each active booking, the one
    // of the latest offset whose time has come (startsAt − offset ≤ now < startsAt), unless it
    // is done. An offset whose time had passed when the booking was made (a booking made less
    // than a day ahead has no «за 1 день») is skipped. A reminder not done when a later one's
    // time comes gives way to it.
    [[nodiscard]] std::vector<Reminder> due() const;
    // The reminder as it stands now; none when it is not due (done, cancelled, not yet, past).
    [[nodiscard]] std::optional<Reminder> find(const ReminderKey& key) const;

    // Takes the reminder for the operator: exactly one of several operators taking it at once
    // wins (one conditional write); the others are told who holds it. Taking one's own again
    // renews it; a claim lapses after Journal::kClaimTimeout. Throws when it is not due.
    ClaimResult take(const ReminderKey& key, const std::string& operatorName,
                     const Workstation& workstation);
    // Returns a taken reminder to the queue; with `by`, only that holder's claim.
    void release(const ReminderKey& key, const std::optional<CallbackClaim>& by = {});

    // Records an attempt at now: a row of the outgoing register (the citizen, the phone, the
    // question «напоминание о консультации …», the operator, the result in the note) and the
    // result, in one transaction; the claim ends. Cancelled cancels the booking; Moved moves it
    // to `moveTo` (`YYYY-MM-DD HH:MM`, a free slot of `specialist`) through moveSlot — refused,
    // with the next free slots and nothing recorded, when that slot is not free. `specialist`
    // names the consultation in the register (the booking's key when null); Moved needs it.
    // Refused when another operator holds the reminder or it is not due.
    ReminderOutcome record(const ReminderKey& key, ReminderResult result,
                           const std::string& operatorName, const Workstation& workstation,
                           const kb::Specialist* specialist, const std::string& moveTo = {},
                           const std::string& note = {});

    [[nodiscard]] std::vector<ReminderAttempt> attempts(BookingId booking) const;

    // The register's «Краткое содержание вопроса»: «напоминание о консультации 25.11.2026 10:00,
    // юрист Петрова А. В.».
    [[nodiscard]] static std::string question(const Booking& booking,
                                              const kb::Specialist* specialist);

private:
    [[nodiscard]] std::vector<Reminder> dueOf(const std::vector<Booking>& bookings) const;
    Journal& m_journal;
    std::vector<int> m_offsets; // the earliest first
};

} // namespace sufler::journal
