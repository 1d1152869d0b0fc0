// The booking window: specialists, their free slots, and the caller's bookings.
#include "console/booking_view.h"

#include "console/overlay.h"

#include "sufler/core/date.h"

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace sufler::console {

std::string slotSaid(const kb::Slot& slot) {
    return fmt::format("{} ({}) в {}", formatRussianDate(slot.day), kb::weekdayRu(slot.day),
                       kb::formatTimeOfDay(slot.start));
}

void BookingView::openBook(int callNumber, std::string forWhom, std::string filter,
                           std::vector<SpecialistSlots> specialists) {
    m_state = State{};
    m_state.open = true;
    m_state.mode = Mode::Book;
    m_state.callNumber = callNumber;
    m_state.forWhom = std::move(forWhom);
    m_state.filter = std::move(filter);
    m_state.specialists = std::move(specialists);
    m_state.loading = true;
}

void BookingView::openBookings(int callNumber, std::string forWhom) {
    m_state = State{};
    m_state.open = true;
    m_state.mode = Mode::Bookings;
    m_state.callNumber = callNumber;
    m_state.forWhom = std::move(forWhom);
    m_state.loading = true;
}

void BookingView::startMove(journal::BookingId id, SpecialistSlots specialist) {
    m_state.mode = Mode::Move;
    m_state.moving = id;
    m_state.specialists = {std::move(specialist)};
    m_state.specialist = 0;
    m_state.slot = 0;
    m_state.refusal.clear();
    m_state.loading = true;
}

void BookingView::setSpecialists(std::vector<SpecialistSlots> specialists) {
    m_state.specialists = std::move(specialists);
    m_state.specialist = std::clamp(m_state.specialist, 0,
                                    std::max(0, static_cast<int>(m_state.specialists.size()) - 1));
    m_state.slot = 0;
    m_state.loading = false;
}

void BookingView::setBookings(std::vector<journal::Booking> bookings) {
    m_state.bookings = std::move(bookings);
    m_state.booking =
        std::clamp(m_state.booking, 0, std::max(0, static_cast<int>(m_state.bookings.size()) - 1));
    m_state.loading = false;
}

void BookingView::refuse(std::string why, std::vector<kb::Slot> nextFree) {
    m_state.refusal = std::move(why);
    m_state.saving = false;
    if (auto* specialist = const_cast<SpecialistSlots*>(currentSpecialist()))
        specialist->free = std::move(nextFree);
    m_state.slot = 0;
}

void BookingView::startReason() {
    if (m_state.mode != Mode::Bookings || !currentBooking())
        return;
    m_state.reasonOpen = true;
    m_state.reason = "по просьбе гражданина";
    m_state.focusReason = true;
}

void BookingView::moveSlot(int delta) {
    if (m_state.mode == Mode::Bookings) {
        if (!m_state.reasonOpen)
            m_state.booking =
                std::clamp(m_state.booking + delta, 0,
                           std::max(0, static_cast<int>(m_state.bookings.size()) - 1));
        return;
    }
    const SpecialistSlots* specialist = currentSpecialist();
    if (!specialist)
        return;
    m_state.slot = std::clamp(m_state.slot + delta, 0,
                              std::max(0, static_cast<int>(specialist->free.size()) - 1));
}

void BookingView::moveSpecialist(int delta) {
    if (m_state.mode != Mode::Book || m_state.specialists.empty())
        return;
    const int count = static_cast<int>(m_state.specialists.size());
    m_state.specialist = (m_state.specialist + delta + count) % count;
    m_state.slot = 0;
    m_state.refusal.clear();
}

const SpecialistSlots* BookingView::currentSpecialist() const {
    if (m_state.specialist < 0 ||
        m_state.specialist >= static_cast<int>(m_state.specialists.size()))
        return nullptr;
    return &m_state.specialists[static_cast<std::size_t>(m_state.specialist)];
}

const kb::Slot* BookingView::currentSlot() const {
    const SpecialistSlots* specialist = currentSpecialist();
    if (!specialist || m_state.slot < 0 ||
        m_state.slot >= static_cast<int>(specialist->free.size()))
        return nullptr;
    return &specialist->free[static_cast<std::size_t>(m_state.slot)];
}

const journal::Booking* BookingView::currentBooking() const {
    if (m_state.booking < 0 || m_state.booking >= static_cast<int>(m_state.bookings.size()))
        return nullptr;
    return &m_state.bookings[static_cast<std::size_t>(m_state.booking)];
}

BookingView::Outcome BookingView::draw(const Fonts& fonts) {
    Outcome outcome;
    m_state.textActive = false;
    if (!m_state.open)
        return outcome;
    centerNextWindow(0.6f, 0.8f, ImGuiCond_Appearing);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
    const char* title =
        m_state.mode == Mode::Bookings
            ? "Записи абонента на консультации (Enter — перенести, Delete — отменить, Esc — "
              "закрыть)###booking"
        : m_state.mode == Mode::Move
            ? "Перенос записи (↑/↓, Enter — новое время, Esc — закрыть)###booking"
            : "Запись на консультацию (←/→ — специалист, ↑/↓ — время, Enter — записать, Esc — "
              "закрыть)###booking";
    if (ImGui::Begin(title, nullptr, flags)) {
        ImGui::TextDisabled("Звонок № %d · для: %s", m_state.callNumber,
                            m_state.forWhom.empty() ? "—" : m_state.forWhom.c_str());
        if (!m_state.refusal.empty()) {
            ImGui::PushFont(fonts.bold);
            ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "%s", m_state.refusal.c_str());
            ImGui::PopFont();
        }
        ImGui::Separator();
        if (m_state.mode == Mode::Bookings) {
            if (m_state.loading)
                ImGui::TextDisabled("Записи загружаются…");
            else if (m_state.bookings.empty())
                ImGui::TextDisabled("Действующих записей на консультации у абонента нет.");
            for (std::size_t i = 0; i < m_state.bookings.size(); ++i) {
                const journal::Booking& booking = m_state.bookings[i];
                const std::string label =
                    fmt::format("№ {} · {} · {} · {}##booking{}", booking.id, booking.startsAt,
                                booking.specialist, booking.citizenName, i);
                if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == m_state.booking)) {
                    m_state.booking = static_cast<int>(i);
                    outcome.choose = true;
                }
            }
            if (m_state.reasonOpen) {
                ImGui::Spacing();
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted("Причина отмены");
                ImGui::SameLine(fonts.baseSize * 9);
                if (m_state.focusReason) {
                    ImGui::SetKeyboardFocusHere();
                    m_state.focusReason = false;
                }
                ImGui::SetNextItemWidth(-1);
                ImGui::InputText("##reason", &m_state.reason);
                m_state.textActive = ImGui::IsItemActive();
                if (ImGui::Button("Отменить запись  (Enter)"))
                    outcome.confirmCancel = true;
            }
        } else {
            ImGui::TextDisabled("%s", m_state.filter.c_str());
            if (m_state.mode == Mode::Book && m_state.specialists.size() > 1) {
                for (std::size_t i = 0; i < m_state.specialists.size(); ++i) {
                    const SpecialistSlots& s = m_state.specialists[i];
                    const std::string label = fmt::format("{} — {}##spec{}", s.name, s.role, i);
                    if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == m_state.specialist))
                        m_state.specialist = static_cast<int>(i), m_state.slot = 0;
                }
                ImGui::Separator();
            }
            if (const SpecialistSlots* s = currentSpecialist()) {
                ImGui::PushFont(fonts.bold);
                ImGui::TextWrapped("%s — %s, приём %d мин", s->name.c_str(), s->role.c_str(),
                                   s->minutes);
                ImGui::PopFont();
                ImGui::TextWrapped("%s", s->place.c_str());
                if (!s->howToGet.empty())
                    ImGui::TextDisabled("Как добраться: %s", s->howToGet.c_str());
                ImGui::Spacing();
                if (m_state.loading)
                    ImGui::TextDisabled("Свободное время загружается…");
                else if (s->free.empty())
                    ImGui::TextDisabled("Свободного времени в ближайшие дни нет.");
                ImGui::BeginChild("slots", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()));
                for (std::size_t i = 0; i < s->free.size(); ++i) {
                    const bool selected = static_cast<int>(i) == m_state.slot;
                    const std::string label = fmt::format("{}##slot{}", slotSaid(s->free[i]), i);
                    if (ImGui::Selectable(label.c_str(), selected)) {
                        m_state.slot = static_cast<int>(i);
                        outcome.choose = true;
                    }
                    if (selected)
                        ImGui::SetScrollHereY();
                }
                ImGui::EndChild();
            } else if (!m_state.loading) {
                ImGui::TextDisabled("В расписаниях базы знаний нет специалистов (schedule.md).");
            }
            if (m_state.saving)
                ImGui::TextDisabled("Записывается в журнал…");
        }
    }
    ImGui::End();
    return outcome;
}

} // namespace sufler::console
