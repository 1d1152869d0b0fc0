#pragma once
// Specialists' reception schedules, kept by departments in `departments/<slug>/schedule.md`
// (docs/kb-format.md, «schedule.md — приём специалистов»), and the free slots they give.
#include "sufler/core/calendar.h"
#include "sufler/core/date.h"
#include "sufler/core/error.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::kb {

// Minutes since midnight, [start, end).
struct TimeRange {
    int start = 0;
    int end = 0;
    int line = 0; // where it is written
    bool operator==(const TimeRange& other) const {
        return start == other.start && end == other.end;
    }
};

struct Place {
    std::string address;
    std::string room;
    std::string howToGet; // how to get there, in the words the operator reads out
};

// A day or a run of days the specialist does not receive (vacation, a day off).
struct ScheduleException {
    std::string specialist; // id within the department
    Date from;
    Date to; // inclusive
    std::string reason;
    int line = 0;
};

struct Specialist {
    std::string department; // slug
    std::string id;         // unique within the department
    std::string name;
    std::string role; // юрист, психолог, …
    std::vector<std::string> topics;
    Place place;
    int slotMinutes = 30;
    std::array<std::vector<TimeRange>, 7> hours; // index 0 = Monday
    std::vector<TimeRange> breaks;               // every day
    std::vector<ScheduleException> exceptions;
    std::string path; // schedule.md, relative to the KB root
    int line = 0;     // of the specialist's item

    // `<department>/<id>`: how bookings and the command line name the specialist.
    [[nodiscard]] std::string key() const { return department + "/" + id; }
    [[nodiscard]] bool absentOn(const Date& day) const;
};

// A slot of a specialist's reception: a day and its start in minutes since midnight.
struct Slot {
    Date day;
    int start = 0;
    int minutes = 0;
    bool operator==(const Slot& other) const {
        return day == other.day && start == other.start && minutes == other.minutes;
    }
};

// Parses one `schedule.md` (its front matter) of department `department`. Problems become
// `path:line` diagnostics; what is sound is kept (a broken specialist is left out, the rest
// loads).
[[nodiscard]] std::vector<Specialist> parseSchedule(const std::string& relativePath,
                                                    const std::string& department,
                                                    const std::string& text,
                                                    Diagnostics& diagnostics);

// The free slots of `specialist` from `fromDay` (its slots starting after `afterMinute` on that
// day; -1 for the whole day) over `days` days: the weekly hours cut into slots of its length
// around the breaks, on working days of `calendar` only, not on its exceptions, and not
// overlapping a slot in `taken`. In time order.
[[nodiscard]] std::vector<Slot> freeSlots(const Specialist& specialist,
                                          const core::WorkCalendar& calendar, const Date& fromDay,
                                          int afterMinute, int days,
                                          const std::vector<Slot>& taken);

// Every slot of the specialist's day as the schedule cuts it (nothing taken away): empty when
// the specialist does not receive that day.
[[nodiscard]] std::vector<Slot> daySlots(const Specialist& specialist,
                                         const core::WorkCalendar& calendar, const Date& day);

// `HH:MM`; nullopt when not a time of day (24:00 is allowed as an end).
[[nodiscard]] std::optional<int> parseTimeOfDay(std::string_view text);
[[nodiscard]] std::string formatTimeOfDay(int minutes); // 09:05
// «2026-12-14 09:30».
[[nodiscard]] std::string formatSlot(const Slot& slot);
// `YYYY-MM-DD HH:MM` (or `DD.MM.YYYY HH:MM`) → day and minute.
[[nodiscard]] std::optional<Slot> parseSlotTime(std::string_view text);
// «понедельник», … for a day.
[[nodiscard]] std::string_view weekdayRu(const Date& day);

} // namespace sufler::kb
