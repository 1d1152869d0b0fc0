// The citizen of the call: the applicant card and consultations, on the worker.
#include "console/applicant_desk.h"

#include "console/call_session.h"

#include "sufler/core/date.h"
#include "sufler/core/phone.h"
#include "sufler/core/text.h"
#include "sufler/journal/consultations.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

namespace sufler::console {

namespace {

// How many free slots of a specialist the window offers.
constexpr std::size_t kSlotsShown = 40;
// How far ahead the caller's active bookings are looked for.
constexpr int kBookingsAheadDays = 366;

// The journal's clock as a slot: the day and the minute now.
kb::Slot nowSlot() {
    return kb::parseSlotTime(journal::nowTimestamp().substr(0, 16)).value_or(kb::Slot{});
}

std::string placeOf(const kb::Specialist& specialist) {
    std::string place = specialist.place.address;
    if (!specialist.place.room.empty())
        place += (place.empty() ? "" : ", ") + specialist.place.room;
    return place;
}

SpecialistSlots offered(const kb::Specialist& specialist) {
    SpecialistSlots s;
    s.key = specialist.key();
    s.name = specialist.name;
    s.role = specialist.role;
    s.place = placeOf(specialist);
    s.howToGet = specialist.place.howToGet;
    s.minutes = specialist.slotMinutes;
    return s;
}

const kb::Specialist& specialistOf(const kb::KnowledgeBase& kb, const std::string& key) {
    if (const kb::Specialist* specialist = kb.findSpecialist(key))
        return *specialist;
    throw Error(fmt::format("специалиста {} больше нет в расписаниях базы знаний", key));
}

std::vector<kb::Slot> firstFree(const journal::Journal& journal, const kb::Specialist& specialist,
                                const core::WorkCalendar& calendar) {
    const kb::Slot now = nowSlot();
    auto slots = journal::freeSlots(journal, specialist, calendar, now.day, now.start,
                                    journal::kFreeSlotHorizonDays);
    if (slots.size() > kSlotsShown)
        slots.resize(kSlotsShown);
    return slots;
}

// The booking's slot as the operator says it, or its text when it is not one.
std::string bookingSaid(const journal::Booking& booking) {
    const auto slot = kb::parseSlotTime(booking.startsAt);
    return slot ? slotSaid(*slot) : booking.startsAt;
}

} // namespace

ApplicantDesk::ApplicantDesk(CallRecorder& recorder, CallSession& session, Hooks hooks)
    : m_recorder(recorder), m_session(session), m_hooks(std::move(hooks)) {}

std::shared_ptr<const kb::KnowledgeBase> ApplicantDesk::knowledge() const {
    const auto& snapshot = m_session.snapshot();
    return snapshot ? snapshot->kb : nullptr;
}

void ApplicantDesk::say(std::string text) {
    if (m_hooks.message)
        m_hooks.message(std::move(text));
}

// ------------------------------------------------------------------ the call on the card

void ApplicantDesk::follow() {
    const CallCard& card = m_session.card();
    const int number = card.active ? card.number : 0;
    if (number != m_call.callNumber) {
        m_call = CallLink{};
        m_call.callNumber = number;
        m_applicant.close();
        m_booking.close();
    }
    if (number == 0)
        return;
    const std::string key = core::normalizePhone(card.phone);
    if (key == m_call.phoneKey)
        return;
    m_call.phoneKey = key;
    lookUp();
}

void ApplicantDesk::lookUp() {
    // The card linked to the call (a phone that matches exactly one card links it, as the
    // journal does on its own when the call is saved), and the caller's active bookings.
    const int number = m_call.callNumber;
    const std::string key = m_call.phoneKey;
    m_recorder.onJournal(
        [this, number, key](journal::Journal& journal,
                            std::int64_t current) -> std::function<void()> {
            std::optional<journal::Citizen> citizen;
            if (current != 0) {
                if (const auto id = journal.citizenOfCall(current))
                    citizen = journal.citizen(*id);
                if (!citizen && !key.empty()) {
                    auto found = journal.findCitizensByPhone(key);
                    if (found.size() == 1) {
                        journal.linkCall(current, found.front().id);
                        citizen = std::move(found.front());
                    }
                }
            }
            std::vector<journal::Booking> bookings;
            if (!key.empty() || citizen) {
                const Date today = todayLocal();
                const Date until{std::chrono::sys_days(today) +
                                 std::chrono::days(kBookingsAheadDays)};
                for (auto& booking : journal.bookings("", today, until))
                    if ((!key.empty() && core::normalizePhone(booking.phone) == key) ||
                        (citizen && booking.citizen == citizen->id))
                        bookings.push_back(std::move(booking));
            }
            return [this, number, key, citizen = std::move(citizen),
                    bookings = std::move(bookings)]() mutable {
                if (number != m_call.callNumber || key != m_call.phoneKey)
                    return; // another call, or the number changed: its own reading comes
                m_call.citizen = std::move(citizen);
                m_call.bookings = std::move(bookings);
                if (m_booking.isOpen() && m_booking.state().mode == BookingView::Mode::Bookings)
                    m_booking.setBookings(m_call.bookings);
            };
        },
        [this](const std::string& why) { say("Карточка заявителя не прочитана: " + why); });
}

// ------------------------------------------------------------------ the applicant card

void ApplicantDesk::openApplicant() {
    const CallCard& card = m_session.card();
    if (!m_session.inCall()) {
        say("Карточка заявителя открывается из звонка: начните звонок (Ctrl+N)");
        return;
    }
    if (m_booking.isOpen())
        return;
    m_applicant.open(card.number, core::trimmed(card.callerName), core::trimmed(card.phone));
    if (m_hooks.dropTextFocus)
        m_hooks.dropTextFocus();
    searchCitizens();
}

void ApplicantDesk::searchCitizens() {
    const auto& state = m_applicant.state();
    const std::string phone = state.phone;
    const std::string name = core::trimmed(state.name);
    m_applicant.setSearching(true);
    m_recorder.onJournal(
        [this, phone, name](journal::Journal& journal, std::int64_t) -> std::function<void()> {
            // by phone first, then by name (ё as е, a typo), each card once
            std::vector<journal::Citizen> found;
            if (!phone.empty())
                found = journal.findCitizensByPhone(phone);
            if (!name.empty())
                for (auto& citizen : journal.findCitizensByName(name))
                    if (std::none_of(found.begin(), found.end(),
                                     [&](const auto& c) { return c.id == citizen.id; }))
                        found.push_back(std::move(citizen));
            return [this, name, found = std::move(found)]() mutable {
                if (!m_applicant.isOpen() || core::trimmed(m_applicant.state().name) != name)
                    return; // closed, or another name typed meanwhile
                m_applicant.setFound(std::move(found));
            };
        },
        [this](const std::string& why) {
            m_applicant.setSearching(false);
            say("Карточки заявителя не найдены: " + why);
        });
}

void ApplicantDesk::chooseApplicant() {
    if (m_applicant.creating() || m_applicant.state().saving)
        return;
    const journal::Citizen* chosen = m_applicant.selected();
    if (!chosen) { // the «create» row: a new card from the call card
        const CallCard& card = m_session.card();
        journal::Citizen draft;
        draft.fullName = core::trimmed(card.callerName);
        if (draft.fullName.empty())
            draft.fullName = core::trimmed(m_applicant.state().name);
        if (const std::string phone = core::trimmed(card.phone); !phone.empty())
            draft.phones.push_back(phone);
        draft.municipality = core::trimmed(card.municipality);
        draft.birthYear = core::trimmed(card.birthYear);
        const auto base = knowledge();
        m_applicant.startCreating(std::move(draft), base ? base->profile.citizenCategories
                                                         : std::vector<std::string>{});
        return;
    }
    const journal::Citizen citizen = *chosen;
    const int number = m_call.callNumber;
    m_applicant.setSaving(true);
    m_recorder.onJournal(
        [this, citizen, number](journal::Journal& journal,
                                std::int64_t current) -> std::function<void()> {
            if (current == 0)
                throw Error("звонок ещё не записан в журнал — повторите через секунду");
            journal.linkCall(current, citizen.id);
            return [this, citizen, number] {
                m_applicant.close();
                if (number != m_call.callNumber)
                    return;
                m_call.citizen = citizen;
                say(fmt::format("Звонок № {} связан с карточкой заявителя: {}", number,
                                citizen.fullName));
                lookUp(); // the card's bookings too
            };
        },
        [this](const std::string& why) {
            m_applicant.setSaving(false);
            say("Звонок не связан с карточкой: " + why);
        });
}

void ApplicantDesk::createApplicant() {
    if (!m_applicant.creating() || m_applicant.state().saving)
        return;
    const journal::Citizen card = m_applicant.draftCard();
    if (card.fullName.empty()) {
        say("Карточка не создана: впишите ФИО заявителя");
        return;
    }
    const int number = m_call.callNumber;
    m_applicant.setSaving(true);
    m_recorder.onJournal(
        [this, card, number](journal::Journal& journal,
                             std::int64_t current) -> std::function<void()> {
            const journal::CitizenId id = journal.createCitizen(card);
            if (current != 0)
                journal.linkCall(current, id);
            auto created = journal.citizen(id);
            return [this, created = std::move(created), number, linked = current != 0] {
                m_applicant.close();
                if (!created || number != m_call.callNumber)
                    return;
                m_call.citizen = created;
                say(linked ? fmt::format("Карточка заявителя создана и связана со звонком № {}: {}",
                                         number, created->fullName)
                           : fmt::format("Карточка заявителя создана: {} (звонок ещё не в "
                                         "журнале — связать: Ctrl+Shift+K)",
                                         created->fullName));
            };
        },
        [this](const std::string& why) {
            m_applicant.setSaving(false);
            say("Карточка заявителя не создана: " + why);
        });
}

// ------------------------------------------------------------------ booking

void ApplicantDesk::openBooking() {
    if (!m_session.inCall()) {
        say("Запись на консультацию делается из звонка: начните звонок (Ctrl+N)");
        return;
    }
    const auto base = knowledge();
    if (!base)
        return;
    if (m_applicant.isOpen())
        return;
    // the specialists of the answer's department: the open entry's, else the card's topic
    std::string department = m_session.card().department;
    if (m_hooks.openEntry)
        if (const kb::Entry* entry = m_hooks.openEntry(); entry && !entry->department.empty())
            department = entry->department;
    std::vector<SpecialistSlots> specialists;
    std::vector<std::string> keys;
    for (const kb::Specialist& specialist : base->specialists)
        if (specialist.department == department) {
            specialists.push_back(offered(specialist));
            keys.push_back(specialist.key());
        }
    std::string filter;
    if (specialists.empty()) {
        for (const kb::Specialist& specialist : base->specialists) {
            specialists.push_back(offered(specialist));
            keys.push_back(specialist.key());
        }
        filter = "Все специалисты";
    } else {
        const auto* found = base->findDepartment(department);
        filter = "Специалисты отдела: " + (found ? found->title : department);
    }
    const CallCard& card = m_session.card();
    std::string name = core::trimmed(card.callerName);
    std::string phone = core::trimmed(card.phone);
    if (m_call.citizen) {
        if (name.empty())
            name = m_call.citizen->fullName;
        if (phone.empty() && !m_call.citizen->phones.empty())
            phone = m_call.citizen->phones.front();
    }
    std::string forWhom = name.empty() ? "ФИО не записано" : name;
    forWhom += phone.empty() ? ", телефон не записан" : ", " + phone;
    if (m_call.citizen)
        forWhom += " (карточка заявителя)";
    m_booking.openBook(card.number, std::move(forWhom), std::move(filter), std::move(specialists));
    if (m_hooks.dropTextFocus)
        m_hooks.dropTextFocus();
    loadSlots(std::move(keys));
}

void ApplicantDesk::loadSlots(std::vector<std::string> keys) {
    const auto base = knowledge();
    m_recorder.onJournal(
        [this, base, keys](journal::Journal& journal, std::int64_t) -> std::function<void()> {
            const core::WorkCalendar calendar = kb::workCalendar(base->profile);
            std::vector<SpecialistSlots> specialists;
            for (const std::string& key : keys) {
                const kb::Specialist& specialist = specialistOf(*base, key);
                SpecialistSlots s = offered(specialist);
                s.free = firstFree(journal, specialist, calendar);
                specialists.push_back(std::move(s));
            }
            return [this, specialists = std::move(specialists)]() mutable {
                if (m_booking.isOpen() && m_booking.state().mode != BookingView::Mode::Bookings)
                    m_booking.setSpecialists(std::move(specialists));
            };
        },
        [this](const std::string& why) {
            m_booking.setSpecialists({});
            say("Свободное время не прочитано: " + why);
        });
}

void ApplicantDesk::chooseSlot() {
    const auto& state = m_booking.state();
    if (state.saving || state.loading)
        return;
    const SpecialistSlots* specialist = m_booking.currentSpecialist();
    const kb::Slot* slot = m_booking.currentSlot();
    if (!specialist || !slot)
        return;
    if (state.mode == BookingView::Mode::Move)
        move(*specialist, *slot, state.moving);
    else
        book(*specialist, *slot);
}

void ApplicantDesk::book(const SpecialistSlots& specialist, const kb::Slot& slot) {
    const CallCard& card = m_session.card();
    journal::Booking request;
    request.specialist = specialist.key;
    request.startsAt = kb::formatSlot(slot);
    request.citizenName = core::trimmed(card.callerName);
    request.phone = core::trimmed(card.phone);
    if (m_call.citizen) {
        request.citizen = m_call.citizen->id;
        if (request.citizenName.empty())
            request.citizenName = m_call.citizen->fullName;
        if (request.phone.empty() && !m_call.citizen->phones.empty())
            request.phone = m_call.citizen->phones.front();
    }
    if (request.citizenName.empty() || request.phone.empty()) {
        say("Не записано: нужны ФИО и телефон абонента — по ним напоминают о приёме; впишите их в "
            "карточку звонка (Ctrl+K)");
        return;
    }
    request.topic = core::trimmed(card.question);
    request.operatorName = card.operatorName;
    const auto base = knowledge();
    const int number = m_call.callNumber;
    m_booking.setSaving(true);
    m_recorder.onJournal(
        [this, base, request, specialist,
         number](journal::Journal& journal, std::int64_t current) mutable -> std::function<void()> {
            if (current != 0)
                request.callId = current; // the call it was booked on
            const kb::Specialist& schedule = specialistOf(*base, request.specialist);
            const journal::BookingOutcome outcome =
                journal::bookSlot(journal, schedule, kb::workCalendar(base->profile), request,
                                  kb::formatSlot(nowSlot()));
            return [this, outcome, specialist, number] { booked(outcome, specialist, number); };
        },
        [this](const std::string& why) {
            m_booking.setSaving(false);
            say("Не записано: " + why);
        });
}

void ApplicantDesk::move(const SpecialistSlots& specialist, const kb::Slot& slot,
                         journal::BookingId id) {
    const auto base = knowledge();
    const int number = m_call.callNumber;
    const std::string startsAt = kb::formatSlot(slot);
    m_booking.setSaving(true);
    m_recorder.onJournal(
        [this, base, specialist, id, startsAt, number](journal::Journal& journal,
                                                       std::int64_t) -> std::function<void()> {
            const kb::Specialist& schedule = specialistOf(*base, specialist.key);
            const journal::BookingOutcome outcome =
                journal::moveSlot(journal, schedule, kb::workCalendar(base->profile), id, startsAt,
                                  kb::formatSlot(nowSlot()));
            return [this, outcome, specialist, number] { booked(outcome, specialist, number); };
        },
        [this](const std::string& why) {
            m_booking.setSaving(false);
            say("Запись не перенесена: " + why);
        });
}

void ApplicantDesk::booked(const journal::BookingOutcome& outcome,
                           const SpecialistSlots& specialist, int number) {
    if (!outcome.booking) {
        // another operator took it a moment earlier (or it is past): the next free instead
        m_booking.refuse(fmt::format("Не записано: {}. Предложите абоненту ближайшее свободное "
                                     "время — ниже.",
                                     outcome.refusal),
                         outcome.nextFree);
        say("Не записано: " + outcome.refusal);
        return;
    }
    const bool moved = m_booking.state().mode == BookingView::Mode::Move;
    m_booking.close();
    if (number != m_call.callNumber)
        return;
    m_call.booked = outcome.booking;
    m_call.bookedWith = specialist;
    // the script says place, date, time and how to get there in its own words
    m_session.syncRunValues();
    say(fmt::format("{}: № {}, {} — {}, {}; {}", moved ? "Запись перенесена" : "Записано",
                    outcome.booking->id, specialist.name, bookingSaid(*outcome.booking),
                    specialist.place,
                    specialist.howToGet.empty() ? "" : "как добраться — в сценарии"));
    lookUp();
}

// ------------------------------------------------------------------ the caller's bookings

void ApplicantDesk::openBookings() {
    if (!m_session.inCall()) {
        say("Записи абонента открываются из звонка по его телефону: начните звонок (Ctrl+N)");
        return;
    }
    if (m_applicant.isOpen())
        return;
    const CallCard& card = m_session.card();
    std::string forWhom =
        m_call.citizen ? m_call.citizen->fullName : core::trimmed(card.callerName);
    if (!card.phone.empty())
        forWhom += (forWhom.empty() ? "" : ", ") + core::trimmed(card.phone);
    m_booking.openBookings(card.number, std::move(forWhom));
    if (m_hooks.dropTextFocus)
        m_hooks.dropTextFocus();
    loadBookings();
}

void ApplicantDesk::loadBookings() {
    m_booking.setBookings(m_call.bookings); // as known; read again now
    lookUp();
}

void ApplicantDesk::chooseBooking() {
    const journal::Booking* booking = m_booking.currentBooking();
    const auto base = knowledge();
    if (!booking || !base || m_booking.state().reasonOpen)
        return;
    const kb::Specialist* specialist = base->findSpecialist(booking->specialist);
    if (!specialist) {
        say(fmt::format("Специалиста {} нет в расписаниях базы знаний: перенос невозможен",
                        booking->specialist));
        return;
    }
    m_booking.startMove(booking->id, offered(*specialist));
    loadSlots({specialist->key()});
}

void ApplicantDesk::cancelBooking() {
    const journal::Booking* booking = m_booking.currentBooking();
    if (!booking || m_booking.state().saving)
        return;
    const std::string reason = core::trimmed(m_booking.state().reason);
    if (reason.empty()) {
        say("Запись не отменена: впишите причину отмены");
        return;
    }
    const journal::BookingId id = booking->id;
    m_booking.setSaving(true);
    m_recorder.onJournal(
        [this, id, reason](journal::Journal& journal, std::int64_t) -> std::function<void()> {
            const journal::Booking cancelled = journal.cancelBooking(id, reason);
            return [this, cancelled] {
                m_booking.setSaving(false);
                m_booking.closeReason();
                if (m_call.booked && m_call.booked->id == cancelled.id)
                    m_call.booked.reset();
                say(fmt::format("Запись № {} на {} отменена: {}", cancelled.id,
                                bookingSaid(cancelled), cancelled.note));
                lookUp();
            };
        },
        [this](const std::string& why) {
            m_booking.setSaving(false);
            say("Запись не отменена: " + why);
        });
}

// ------------------------------------------------------------------ keys and drawing

void ApplicantDesk::handle(DeskKey key) {
    switch (key) {
    case DeskKey::Applicant:
        openApplicant();
        return;
    case DeskKey::Booking:
        openBooking();
        return;
    case DeskKey::Bookings:
        openBookings();
        return;
    default:
        break;
    }
    if (m_applicant.isOpen()) {
        if (key == DeskKey::Up || key == DeskKey::Down)
            m_applicant.moveSelection(key == DeskKey::Up ? -1 : 1);
        else if (key == DeskKey::Choose)
            chooseApplicant();
        else if (key == DeskKey::Save)
            createApplicant();
        return;
    }
    if (!m_booking.isOpen())
        return;
    switch (key) {
    case DeskKey::Up:
    case DeskKey::Down:
        m_booking.moveSlot(key == DeskKey::Up ? -1 : 1);
        break;
    case DeskKey::Left:
    case DeskKey::Right:
        m_booking.moveSpecialist(key == DeskKey::Left ? -1 : 1);
        break;
    case DeskKey::Choose:
        if (m_booking.state().mode != BookingView::Mode::Bookings)
            chooseSlot();
        else if (m_booking.state().reasonOpen)
            cancelBooking();
        else
            chooseBooking();
        break;
    case DeskKey::Delete:
        m_booking.startReason();
        break;
    default:
        break;
    }
}

bool ApplicantDesk::back() {
    if (m_applicant.isOpen()) {
        if (m_applicant.creating() && !m_applicant.state().saving) {
            // back to the cards found
            const auto& state = m_applicant.state();
            m_applicant.open(state.callNumber, state.name, state.phone);
            searchCitizens();
        } else {
            m_applicant.close();
        }
        return true;
    }
    if (m_booking.isOpen()) {
        if (m_booking.state().reasonOpen)
            m_booking.closeReason();
        else if (m_booking.state().mode == BookingView::Mode::Move) {
            const CallCard& card = m_session.card();
            const std::string forWhom = m_booking.state().forWhom;
            m_booking.openBookings(card.number, forWhom);
            loadBookings();
        } else
            m_booking.close();
        return true;
    }
    return false;
}

void ApplicantDesk::frame(const Fonts& fonts) {
    follow();
    const auto applicant = m_applicant.draw(fonts);
    if (applicant.searchName)
        searchCitizens();
    if (applicant.choose)
        chooseApplicant();
    if (applicant.save)
        createApplicant();
    if (applicant.cancel)
        back();
    const auto booking = m_booking.draw(fonts);
    if (booking.choose)
        handle(DeskKey::Choose);
    if (booking.confirmCancel)
        cancelBooking();
}

void ApplicantDesk::drawOnCard(const Fonts& fonts) {
    if (m_call.callNumber == 0)
        return;
    if (m_call.citizen) {
        ImGui::PushFont(fonts.bold);
        ImGui::TextWrapped("Заявитель: %s", citizenLine(*m_call.citizen).c_str());
        ImGui::PopFont();
    } else {
        ImGui::TextDisabled("Карточка заявителя не связана (Ctrl+Shift+K)");
    }
    for (const journal::Booking& booking : m_call.bookings)
        ImGui::TextColored(ImVec4(0.45f, 0.8f, 1, 1),
                           "● Записан на консультацию: %s, %s (№ %lld) — Ctrl+Shift+B: "
                           "перенести или отменить",
                           bookingSaid(booking).c_str(), booking.specialist.c_str(),
                           static_cast<long long>(booking.id));
    ImGui::Separator();
}

std::string ApplicantDesk::focus() const {
    if (m_applicant.textActive())
        return "applicant:" + m_applicant.activeField();
    if (m_booking.textActive())
        return "booking:reason";
    return {};
}

std::map<std::string, std::string> ApplicantDesk::placeholderValues() const {
    std::map<std::string, std::string> values;
    if (!m_call.booked)
        return values;
    const SpecialistSlots& with = m_call.bookedWith;
    values["дата консультации"] = bookingSaid(*m_call.booked);
    values["специалист консультации"] =
        with.role.empty() ? with.name : with.name + " (" + with.role + ")";
    values["место консультации"] = with.place;
    values["как добраться"] = with.howToGet;
    return values;
}

nlohmann::json ApplicantDesk::state() const {
    using nlohmann::json;
    const auto& applicant = m_applicant.state();
    json found = json::array();
    for (const auto& citizen : applicant.found)
        found.push_back({{"id", citizen.id}, {"name", citizen.fullName}});
    json out;
    out["applicant"] = {{"open", applicant.open},
                        {"searching", applicant.searching},
                        {"creating", applicant.creating},
                        {"saving", applicant.saving},
                        {"found", found},
                        {"selected", applicant.selected},
                        {"categories", applicant.categories},
                        {"draft",
                         {{"name", applicant.draft.fullName},
                          {"phones", applicant.phonesText},
                          {"municipality", applicant.draft.municipality}}}};
    out["citizen"] = m_call.citizen ? json{{"id", m_call.citizen->id},
                                           {"name", m_call.citizen->fullName},
                                           {"categories", m_call.citizen->categories}}
                                    : json();
    const auto& booking = m_booking.state();
    json specialists = json::array();
    for (const auto& s : booking.specialists) {
        json free = json::array();
        for (const auto& slot : s.free)
            free.push_back(kb::formatSlot(slot));
        specialists.push_back({{"key", s.key}, {"name", s.name}, {"free", free}});
    }
    json bookings = json::array();
    for (const auto& b : booking.bookings)
        bookings.push_back({{"id", b.id}, {"startsAt", b.startsAt}, {"specialist", b.specialist}});
    const char* modes[] = {"book", "bookings", "move"};
    out["booking"] = {{"open", booking.open},
                      {"mode", modes[static_cast<int>(booking.mode)]},
                      {"loading", booking.loading},
                      {"saving", booking.saving},
                      {"filter", booking.filter},
                      {"specialists", specialists},
                      {"specialist", booking.specialist},
                      {"slot", booking.slot},
                      {"refusal", booking.refusal},
                      {"bookings", bookings},
                      {"selectedBooking", booking.booking},
                      {"reasonOpen", booking.reasonOpen}};
    json callerBookings = json::array();
    for (const auto& b : m_call.bookings)
        callerBookings.push_back(
            {{"id", b.id}, {"startsAt", b.startsAt}, {"specialist", b.specialist}});
    out["callerBookings"] = callerBookings;
    out["booked"] = m_call.booked ? json{{"id", m_call.booked->id},
                                         {"startsAt", m_call.booked->startsAt},
                                         {"specialist", m_call.booked->specialist}}
                                  : json();
    return out;
}

} // namespace sufler::console
