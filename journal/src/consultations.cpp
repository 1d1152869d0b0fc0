// Consultations: booking statuses, free slots less the bookings, and booking with what to offer
// when the slot is gone.
#include "sufler/journal/consultations.h"

#include "sufler/core/enum_names.h"
#include "sufler/core/error.h"
#include "sufler/core/markdown.h"
#include "sufler/core/xlsx.h"

#include <xlsxwriter.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>

namespace sufler::journal {

namespace {

constexpr auto kStatuses = std::to_array<core::EnumName<BookingStatus>>({
    {BookingStatus::Booked, "booked", "записан"},
    {BookingStatus::Cancelled, "cancelled", "запись отменена"},
    {BookingStatus::Moved, "moved", "перенесена"},
    {BookingStatus::Held, "held", "приём состоялся"},
    {BookingStatus::NoShow, "no_show", "не пришёл"},
});

Date nextDay(const Date& day, int n) {
    return Date{std::chrono::sys_days(day) + std::chrono::days(n)};
}

std::vector<kb::Slot> taken(const Journal& journal, const kb::Specialist& specialist,
                            const Date& from, int days) {
    std::vector<kb::Slot> out;
    for (const auto& b : journal.bookings(specialist.key(), from, nextDay(from, days - 1))) {
        if (auto slot = kb::parseSlotTime(b.startsAt)) {
            slot->minutes = b.minutes > 0 ? b.minutes : specialist.slotMinutes;
            out.push_back(*slot);
        }
    }
    return out;
}

// The next free slots after `at` (a slot time), or after `now` when that is later.
std::vector<kb::Slot> nextFree(const Journal& journal, const kb::Specialist& specialist,
                               const core::WorkCalendar& calendar, const kb::Slot& at,
                               const kb::Slot& now, int count) {
    const kb::Slot from =
        (at.day < now.day || (at.day == now.day && at.start < now.start)) ? now : at;
    auto slots =
        freeSlots(journal, specialist, calendar, from.day, from.start - 1, kFreeSlotHorizonDays);
    if (static_cast<int>(slots.size()) > count) {
        slots.resize(static_cast<std::size_t>(count));
    }
    return slots;
}

std::string slotPhrase(const kb::Slot& slot) {
    return fmt::format("{} ({}) в {}", formatRussianDate(slot.day), kb::weekdayRu(slot.day),
                       kb::formatTimeOfDay(slot.start));
}

// Why the schedule has no slot at `at`, or "" when it has one.
std::string notASlot(const kb::Specialist& specialist, const core::WorkCalendar& calendar,
                     const kb::Slot& at, const kb::Slot& now) {
    if (at.day < now.day || (at.day == now.day && at.start <= now.start)) {
        return fmt::format("{} уже прошло", slotPhrase(at));
    }
    for (const auto& slot : kb::daySlots(specialist, calendar, at.day)) {
        if (slot.start == at.start) {
            return {};
        }
    }
    if (!calendar.isWorkingDay(at.day)) {
        return fmt::format("{} — нерабочий день", formatRussianDate(at.day));
    }
    if (specialist.absentOn(at.day)) {
        return fmt::format("{} {} не принимает", formatRussianDate(at.day), specialist.name);
    }
    return fmt::format("в расписании {} нет приёма {}", specialist.name, slotPhrase(at));
}

} // namespace

std::string_view bookingStatusName(BookingStatus status) {
    return core::enumRow(kStatuses, status, BookingStatus::Booked).name;
}

std::string_view bookingStatusRu(BookingStatus status) {
    return core::enumRow(kStatuses, status, BookingStatus::Booked).titleRu;
}

std::optional<BookingStatus> parseBookingStatus(std::string_view text) {
    return core::parseEnumName(kStatuses, text);
}

std::vector<kb::Slot> freeSlots(const Journal& journal, const kb::Specialist& specialist,
                                const core::WorkCalendar& calendar, const Date& fromDay,
                                int afterMinute, int days) {
    return kb::freeSlots(specialist, calendar, fromDay, afterMinute, days,
                         taken(journal, specialist, fromDay, days));
}

namespace {

// Takes the slot at `startsAt` with `take` (a booking or a move) when the schedule has it and it
// is not past; otherwise, or when `take` finds it taken, says why and what is free next.
BookingOutcome takeSlot(Journal& journal, const kb::Specialist& specialist,
                        const core::WorkCalendar& calendar, const std::string& startsAt,
                        const std::string& now, int nextFreeCount,
                        const std::function<std::optional<Booking>(const std::string&)>& take) {
    BookingOutcome out;
    const auto at = kb::parseSlotTime(startsAt);
    const auto current = kb::parseSlotTime(now);
    if (!at || !current) {
        throw Error(fmt::format("«{}» — не дата и время приёма: ожидается ГГГГ-ММ-ДД ЧЧ:ММ",
                                at ? now : startsAt));
    }
    if (auto why = notASlot(specialist, calendar, *at, *current); !why.empty()) {
        out.refusal = why;
    } else if (auto booked = take(kb::formatSlot(*at))) {
        out.booking = std::move(booked);
        return out;
    } else {
        out.refusal =
            fmt::format("{} к {} уже записан другой гражданин", slotPhrase(*at), specialist.name);
    }
    out.nextFree = nextFree(journal, specialist, calendar, *at, *current, nextFreeCount);
    return out;
}

} // namespace

BookingOutcome bookSlot(Journal& journal, const kb::Specialist& specialist,
                        const core::WorkCalendar& calendar, Booking request, const std::string& now,
                        int nextFreeCount) {
    request.specialist = specialist.key();
    request.minutes = specialist.slotMinutes;
    return takeSlot(journal, specialist, calendar, request.startsAt, now, nextFreeCount,
                    [&](const std::string& at) {
                        request.startsAt = at;
                        return journal.book(request);
                    });
}

BookingOutcome moveSlot(Journal& journal, const kb::Specialist& specialist,
                        const core::WorkCalendar& calendar, BookingId id,
                        const std::string& startsAt, const std::string& now, int nextFreeCount) {
    return takeSlot(journal, specialist, calendar, startsAt, now, nextFreeCount,
                    [&](const std::string& at) { return journal.moveBooking(id, at); });
}

namespace {

struct SheetRow {
    std::string time;
    std::string name;
    std::string phone;
    std::string topic;
};

// Slots of the day in order, each with its booking; a booking outside the day's slots (the
// schedule changed after it was made) is listed too, at its own time.
std::vector<SheetRow> sheetRows(const std::vector<kb::Slot>& slots,
                                const std::vector<Booking>& bookings) {
    std::vector<std::pair<std::string, SheetRow>> rows;
    for (const auto& slot : slots) {
        rows.push_back(
            {kb::formatSlot(slot), SheetRow{kb::formatTimeOfDay(slot.start) + "–" +
                                                kb::formatTimeOfDay(slot.start + slot.minutes),
                                            "", "", ""}});
    }
    for (const auto& b : bookings) {
        auto it = std::find_if(rows.begin(), rows.end(),
                               [&](const auto& r) { return r.first == b.startsAt; });
        if (it == rows.end()) {
            const auto at = kb::parseSlotTime(b.startsAt);
            const int start = at ? at->start : 0;
            rows.push_back({b.startsAt, SheetRow{kb::formatTimeOfDay(start) + "–" +
                                                     kb::formatTimeOfDay(start + b.minutes),
                                                 "", "", ""}});
            it = rows.end() - 1;
        }
        it->second.name = b.citizenName;
        it->second.phone = b.phone;
        it->second.topic = b.topic;
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<SheetRow> out;
    for (auto& r : rows) {
        out.push_back(std::move(r.second));
    }
    return out;
}

std::string sheetTitle(const kb::Specialist& specialist, const Date& day) {
    return fmt::format("Приём {} ({}), {} ({})", specialist.name, specialist.role,
                       formatRussianDate(day), kb::weekdayRu(day));
}

std::string placeLine(const kb::Place& place) {
    std::string out = place.address;
    if (!place.room.empty()) {
        out += (out.empty() ? "" : ", ") + place.room;
    }
    return out;
}

// A line break in a cell is a space: the printed day sheet keeps one line a slot.
std::string mdCell(const std::string& text) {
    return core::markdownCell(text, core::CellBreak::Space);
}

} // namespace

std::string daySheetMarkdown(const kb::Specialist& specialist, const Date& day,
                             const std::vector<kb::Slot>& slots,
                             const std::vector<Booking>& bookings) {
    std::string out = "# " + sheetTitle(specialist, day) + "\n\n";
    if (const auto place = placeLine(specialist.place); !place.empty()) {
        out += place + "\n\n";
    }
    const auto rows = sheetRows(slots, bookings);
    if (rows.empty()) {
        return out + "Приёма в этот день нет.\n";
    }
    out += "| Время | Гражданин | Телефон | Вопрос |\n|---|---|---|---|\n";
    for (const auto& r : rows) {
        out += fmt::format("| {} | {} | {} | {} |\n", r.time,
                           r.name.empty() ? "свободно" : mdCell(r.name), mdCell(r.phone),
                           mdCell(r.topic));
    }
    out += fmt::format("\nЗаписано: {} из {}.\n", bookings.size(), rows.size());
    return out;
}

void writeDaySheet(const kb::Specialist& specialist, const Date& day,
                   const std::vector<kb::Slot>& slots, const std::vector<Booking>& bookings,
                   core::ReportFormat format, const std::filesystem::path& out) {
    if (format != core::ReportFormat::Xlsx && format != core::ReportFormat::Markdown) {
        throw Error("лист приёма пишется в xlsx или md");
    }
    std::error_code ec;
    if (std::filesystem::exists(out, ec)) {
        std::filesystem::permissions(
            out, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, ec);
    }
    ensurePrivateFile(out, "лист приёма специалиста");
    if (format == core::ReportFormat::Markdown) {
        std::ofstream file(out, std::ios::binary | std::ios::trunc);
        file << daySheetMarkdown(specialist, day, slots, bookings);
        file.close();
        if (!file) {
            throw Error(fmt::format("{}: не удалось записать лист приёма", out.string()));
        }
        return;
    }
    xlsx::Workbook wb(out);
    lxw_worksheet* sheet = wb.addSheet("Приём");
    lxw_format* bold = wb.addFormat();
    format_set_bold(bold);
    lxw_format* header = wb.addFormat();
    format_set_bold(header);
    format_set_border(header, LXW_BORDER_THIN);
    lxw_format* cell = wb.addFormat();
    format_set_text_wrap(cell);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
    worksheet_write_string(sheet, 0, 0, xlsx::cellText(sheetTitle(specialist, day)).c_str(), bold);
    worksheet_write_string(sheet, 1, 0, xlsx::cellText(placeLine(specialist.place)).c_str(),
                           nullptr);
    constexpr std::array<const char*, 4> columns = {"Время", "Гражданин", "Телефон", "Вопрос"};
    constexpr std::array<double, 4> widths = {13, 36, 20, 50};
    for (lxw_col_t col = 0; col < columns.size(); ++col) {
        worksheet_set_column(sheet, col, col, widths[col], nullptr);
        worksheet_write_string(sheet, 3, col, columns[col], header);
    }
    lxw_row_t r = 4;
    for (const auto& row : sheetRows(slots, bookings)) {
        const std::array<std::string, 4> cells = {row.time, row.name, row.phone, row.topic};
        for (lxw_col_t col = 0; col < cells.size(); ++col) {
            worksheet_write_string(sheet, r, col, xlsx::cellText(cells[col]).c_str(), cell);
        }
        ++r;
    }
    worksheet_set_paper(sheet, 9); // A4, the table across the page
    worksheet_fit_to_pages(sheet, 1, 0);
    wb.close();
}

} // namespace sufler::journal
