// The console's side of the queue (F4) on the worker thread: callbacks of deferred answers,
// reminders of booked consultations and campaign calls — read, taken, returned and recorded.
#include "console/booking_view.h"
#include "console/journal_client.h"
#include "console/journal_link.h"

#include "sufler/core/date.h"
#include "sufler/core/error.h"
#include "sufler/core/regulations.h"
#include "sufler/journal/campaigns.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/reminders.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/schedule.h"

#include <fmt/format.h>

#include <map>

namespace sufler::console {

namespace {

// How many working days past today the queue shows.
constexpr int kQueueAheadWorkingDays = 2;

// «Петров П. П., рабочее место desk-2»
std::string holderText(const journal::CallbackClaim& claim) {
    return fmt::format("{}, рабочее место {}", claim.operatorName, claim.workstation.host);
}

// The callbacks of the queue: due and overdue, and the next working days' (the whole hotline's).
std::vector<QueueItem> callbackItems(JournalLink& link) {
    std::vector<QueueItem> rows;
    for (const journal::Callback& callback :
         link.open().callbackQueue(todayLocal(), kQueueAheadWorkingDays)) {
        QueueItem row;
        row.callId = callback.deferred.callId;
        row.callNumber = callback.callNumber;
        row.phone = callback.deferred.phone;
        row.convenientHours = callback.deferred.convenientHours;
        row.question = callback.question;
        row.due = formatRussianDate(callback.deferred.deadline());
        row.overdue = callback.overdue;
        row.upcoming = callback.upcoming;
        row.extended = callback.deferred.extendedTo.has_value();
        if (const auto& claim = callback.deferred.claim) {
            row.takenBy = claim->operatorName;
            row.takenHere = claim->workstation.id == link.session.workstation.id;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

// The script of a consultation's reminder (the demo KB's, and the one docs/consultations.md
// tells departments to keep).
constexpr const char* kReminderScript = "consultation-reminder";

// «пн 08.12.2026 в 10:45» for a `YYYY-MM-DD HH:MM` (as it is when it is no slot time).
std::string momentSaid(const std::string& at) {
    const auto slot = kb::parseSlotTime(at.substr(0, 16));
    return slot ? slotSaid(*slot) : at;
}

void takenBy(QueueItem& row, const std::optional<journal::CallbackClaim>& claim,
             const JournalLink& link) {
    if (!claim)
        return;
    row.takenBy = claim->operatorName;
    row.takenHere = claim->workstation.id == link.session.workstation.id;
}

// The reminders due now, with the specialist and the place from the KB's schedules.
std::vector<QueueItem> reminderItems(JournalLink& link, const kb::KnowledgeBase& kb) {
    std::vector<QueueItem> rows;
    for (const journal::Reminder& reminder :
         journal::Reminders(link.open(), kb.profile.consultationReminders).due()) {
        const journal::Booking& booking = reminder.booking;
        QueueItem row;
        row.kind = QueueKind::Reminder;
        row.itemId = booking.id;
        row.offsetMinutes = reminder.key.offsetMinutes;
        row.offset = journal::reminderOffsetRu(reminder.key.offsetMinutes);
        row.phone = booking.phone;
        row.citizenName = booking.citizenName;
        row.question = booking.topic;
        row.startsAt = booking.startsAt;
        row.consultation = momentSaid(booking.startsAt);
        row.due = momentSaid(reminder.dueFrom);
        row.specialistKey = booking.specialist;
        row.specialist = booking.specialist;
        if (const kb::Specialist* specialist = kb.findSpecialist(booking.specialist)) {
            row.specialist = specialist->role.empty() ? specialist->name
                                                      : specialist->role + " " + specialist->name;
            row.place = specialist->place.address;
            if (!specialist->place.room.empty())
                row.place += (row.place.empty() ? "" : ", ") + specialist->place.room;
            row.howToGet = specialist->place.howToGet;
        }
        row.attempt = reminder.attempts + 1;
        row.script = kReminderScript;
        takenBy(row, reminder.claim, link);
        rows.push_back(std::move(row));
    }
    return rows;
}

// The citizens of open campaigns due now.
std::vector<QueueItem> campaignItems(JournalLink& link) {
    std::vector<QueueItem> rows;
    for (const journal::CampaignCall& call : journal::Campaigns(link.open()).due()) {
        QueueItem row;
        row.kind = QueueKind::Campaign;
        row.itemId = call.item.id;
        row.campaignId = call.campaign.id;
        row.campaign = call.campaign.title;
        row.campaignEntry = call.campaign.entry;
        row.script = call.campaign.script;
        row.citizenName = call.item.fullName;
        row.phone = call.item.phone;
        row.municipality = call.item.municipality;
        row.question = call.item.category;
        row.attempt = call.item.attempts + 1;
        row.maxAttempts = call.campaign.maxAttempts;
        row.due = call.item.dueAt.empty() ? std::string() : momentSaid(call.item.dueAt);
        takenBy(row, call.item.claim, link);
        rows.push_back(std::move(row));
    }
    return rows;
}

// After a failed write: whether the server is away (the journal cannot be opened again), not
// the write refused (another operator's claim, an answer recorded meanwhile).
bool probeServerAway(JournalLink& link) {
    link.journal.reset();
    try {
        link.open();
        return false;
    } catch (const std::exception&) {
        return true;
    }
}

} // namespace

void JournalClient::loadCallbacks(std::function<void(std::vector<CallbackRow>)> loaded,
                                  std::function<void(std::string)> failed) {
    loadQueue(nullptr, std::move(loaded), std::move(failed));
}

void JournalClient::recordCallback(const CallbackRow& row, const std::string& text, bool extend,
                                   std::shared_ptr<const kb::KnowledgeBase> kb,
                                   std::function<void(CallbackSaved)> saved,
                                   std::function<void(std::string)> failed) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([this, link, toUi, kb, extend, text, saved = std::move(saved),
                  failed = std::move(failed), id = row.callId, number = row.callNumber] {
        auto finish = [&](CallbackSaved outcome) {
            toUi([saved, outcome = std::move(outcome)] { saved(outcome); });
        };
        // the callback is recorded by whoever took it: this console, when it did
        std::optional<journal::CallbackClaim> by;
        if (const auto taken = link->claims.find(id); taken != link->claims.end())
            by = taken->second;
        // The server went away after this console took the callback: the answer the caller
        // was given waits on the workstation, as a call's card does. A new date is not set
        // offline: it is counted from what the server holds.
        auto keepHere = [&] {
            link->box().completeCallback(id, text, by);
            link->claims.erase(id);
            finish({fmt::format("Результат сохранён на этом компьютере: звонок № {} — в журнал "
                                "он уйдёт, когда сервер журнала снова ответит",
                                number),
                    false,
                    {},
                    true});
        };
        const bool mayWait = link->server && !extend && by.has_value();
        if (mayWait && link->offline) {
            keepHere();
            return;
        }
        try {
            auto& journal = link->open();
            // done or extended meanwhile from elsewhere: what is there is kept, not written over
            const auto deferred = journal.deferred(id);
            if (deferred && deferred->done()) {
                finish({fmt::format("Результат по звонку № {} уже был записан, он не изменён",
                                    number)});
                return;
            }
            if (!extend) {
                journal.completeDeferred(id, text, {}, by);
                link->claims.erase(id);
                finish({fmt::format("Результат записан: звонок № {}", number)});
                return;
            }
            if (deferred && deferred->extendedTo) {
                finish({fmt::format("Срок по звонку № {} уже продлён: до {}", number,
                                    formatRussianDate(*deferred->extendedTo))});
                return;
            }
            link->useCalendarOf(kb); // the organisation's production calendar
            // the operator is on the line with the caller and says the new date at once
            const journal::Deferred extended =
                journal.extendDeferred(id, regulations::kMaxExtensionWorkingDays, text, true, by);
            const std::string due = formatRussianDate(extended.deadline());
            finish({fmt::format("Срок продлён: звонок № {}, до {} ({}) — сообщите абоненту", number,
                                due, kb::weekdayRu(extended.deadline())),
                    link->currentId == id, due});
        } catch (const std::exception& e) {
            if (mayWait && probeServerAway(*link)) {
                goOffline(e.what());
                keepHere();
                return;
            }
            toUi([failed, what = std::string(e.what())] { failed(what); });
        }
    });
}

void JournalClient::claimCallback(const CallbackRow& row, const std::string& operatorName,
                                  std::function<void()> claimed,
                                  std::function<void(std::string)> failed) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, toUi, operatorName, claimed = std::move(claimed),
                  failed = std::move(failed), id = row.callId, number = row.callNumber] {
        try {
            const journal::ClaimResult result =
                link->open().claimCallback(id, operatorName, link->session.workstation);
            if (result.won) {
                link->claims[id] = result.claim;
                toUi(claimed);
                return;
            }
            toUi([failed, text = fmt::format("Звонок № {} уже взят: {} — выберите другой", number,
                                             holderText(result.claim))] { failed(text); });
        } catch (const std::exception& e) {
            toUi([failed, what = std::string(e.what())] { failed(what); });
        }
    });
}

void JournalClient::releaseCallback(std::int64_t callId) {
    auto link = m_link;
    m_tasks.post([link, callId] {
        const auto taken = link->claims.find(callId);
        if (taken == link->claims.end())
            return; // not this console's to return
        const journal::CallbackClaim claim = taken->second;
        link->claims.erase(taken);
        try {
            link->open().releaseCallback(callId, claim);
        } catch (const std::exception&) {
            // answered or taken over meanwhile: nothing of this console's is left to return
        }
    });
}

void JournalClient::loadQueue(std::shared_ptr<const kb::KnowledgeBase> kb,
                              std::function<void(std::vector<QueueItem>)> loaded,
                              std::function<void(std::string)> failed) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, toUi, kb, loaded = std::move(loaded), failed = std::move(failed)] {
        try {
            // callbacks first (the regulations' deadlines), then the reminders (a consultation
            // does not wait), then the campaigns
            std::vector<QueueItem> rows = callbackItems(*link);
            if (kb) {
                link->useCalendarOf(kb);
                link->reminderOffsets = kb->profile.consultationReminders;
                for (QueueItem& row : reminderItems(*link, *kb))
                    rows.push_back(std::move(row));
            }
            for (QueueItem& row : campaignItems(*link))
                rows.push_back(std::move(row));
            toUi([loaded, rows = std::move(rows)]() mutable { loaded(std::move(rows)); });
        } catch (const std::exception& e) {
            toUi([failed, what = std::string(e.what())] { failed(what); });
        }
    });
}

void JournalClient::claimQueueItem(const QueueItem& item, const std::string& operatorName,
                                   std::shared_ptr<const kb::KnowledgeBase> kb,
                                   std::function<void()> claimed,
                                   std::function<void(std::string)> failed) {
    if (item.kind == QueueKind::Callback) {
        claimCallback(item, operatorName, std::move(claimed), std::move(failed));
        return;
    }
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, toUi, kb, item, operatorName, claimed = std::move(claimed),
                  failed = std::move(failed)] {
        try {
            journal::ClaimResult result;
            switch (item.kind) {
            case QueueKind::Callback:
                return; // above
            case QueueKind::Reminder:
                if (!kb)
                    throw Error("база знаний ещё не загружена: напоминания берутся по её "
                                "расписаниям");
                result = journal::Reminders(link->open(), kb->profile.consultationReminders)
                             .take({item.itemId, item.offsetMinutes}, operatorName,
                                   link->session.workstation);
                break;
            case QueueKind::Campaign:
                result = journal::Campaigns(link->open())
                             .take(item.itemId, operatorName, link->session.workstation);
                break;
            }
            if (result.won) {
                link->queueClaims[item.key()] = result.claim;
                toUi(claimed);
                return;
            }
            toUi([failed, text = fmt::format("{} — {} уже взят: {}, выберите другой",
                                             queueKindRu(item.kind), item.phone,
                                             holderText(result.claim))] { failed(text); });
        } catch (const std::exception& e) {
            toUi([failed, what = std::string(e.what())] { failed(what); });
        }
    });
}

void JournalClient::releaseQueueItem(const QueueItem& item) {
    if (item.kind == QueueKind::Callback) {
        releaseCallback(item.callId);
        return;
    }
    auto link = m_link;
    m_tasks.post([link, item] {
        const auto taken = link->queueClaims.find(item.key());
        if (taken == link->queueClaims.end())
            return; // not this console's to return
        const journal::CallbackClaim claim = taken->second;
        link->queueClaims.erase(taken);
        try {
            if (item.kind == QueueKind::Reminder) {
                journal::Reminders(link->open(), link->reminderOffsets)
                    .release({item.itemId, item.offsetMinutes}, claim);
                return;
            }
            journal::Campaigns campaigns(link->open());
            // the list's release is unconditional: only while this workstation still holds it
            const auto now = campaigns.item(item.itemId);
            if (now && now->claim && now->claim->workstation.id == claim.workstation.id)
                campaigns.release(item.itemId);
        } catch (const std::exception&) {
            // recorded or taken over meanwhile: nothing of this console's is left to return
        }
    });
}

void JournalClient::recordQueueResult(const QueueItem& item, QueueResult result,
                                      const std::string& when, const std::string& operatorName,
                                      std::shared_ptr<const kb::KnowledgeBase> kb,
                                      std::function<void(QueueSaved)> saved,
                                      std::function<void(std::string)> failed) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, toUi, kb, item, result, when, operatorName, saved = std::move(saved),
                  failed = std::move(failed)] {
        try {
            QueueSaved outcome;
            if (item.kind == QueueKind::Reminder) {
                if (!kb)
                    throw Error("база знаний ещё не загружена");
                static const std::map<QueueResult, journal::ReminderResult> results = {
                    {QueueResult::Reached, journal::ReminderResult::Reached},
                    {QueueResult::NotReached, journal::ReminderResult::NotReached},
                    {QueueResult::Cancelled, journal::ReminderResult::Cancelled},
                    {QueueResult::Moved, journal::ReminderResult::Moved}};
                const auto found = results.find(result);
                if (found == results.end())
                    throw Error("у напоминания нет такого результата");
                link->useCalendarOf(kb); // a move counts working days and holidays
                journal::Reminders reminders(link->open(), kb->profile.consultationReminders);
                const journal::ReminderOutcome done = reminders.record(
                    {item.itemId, item.offsetMinutes}, found->second, operatorName,
                    link->session.workstation, kb->findSpecialist(item.specialistKey), when);
                if (!done.attempt) {
                    outcome.refused = true;
                    outcome.said = "Запись не перенесена: " + done.move.refusal;
                    for (const kb::Slot& slot : done.move.nextFree)
                        outcome.nextFree.push_back(kb::formatSlot(slot));
                } else {
                    link->queueClaims.erase(item.key());
                    outcome.said =
                        fmt::format("Напоминание записано: {} — {}{}", item.citizenName,
                                    journal::reminderResultRu(found->second),
                                    done.move.booking ? ", новое время: " +
                                                            momentSaid(done.move.booking->startsAt)
                                                      : std::string());
                }
            } else if (item.kind == QueueKind::Campaign) {
                static const std::map<QueueResult, journal::CampaignResult> results = {
                    {QueueResult::Informed, journal::CampaignResult::Informed},
                    {QueueResult::NotReached, journal::CampaignResult::NotReached},
                    {QueueResult::Refused, journal::CampaignResult::Refused},
                    {QueueResult::WrongNumber, journal::CampaignResult::WrongNumber},
                    {QueueResult::CallLater, journal::CampaignResult::CallLater}};
                const auto found = results.find(result);
                if (found == results.end())
                    throw Error("у звонка обзвона нет такого результата");
                if (kb)
                    link->useCalendarOf(kb); // the next attempt after working days
                const journal::CampaignAttempt attempt =
                    journal::Campaigns(link->open())
                        .record(item.itemId, found->second, operatorName, link->session.workstation,
                                when);
                link->queueClaims.erase(item.key());
                outcome.said =
                    fmt::format("Обзвон «{}»: {} — {}, попытка {}", item.campaign, item.citizenName,
                                journal::campaignResultRu(found->second), attempt.number);
            } else {
                throw Error("результат обратного звонка записывается в его поле");
            }
            toUi([saved, outcome = std::move(outcome)] { saved(outcome); });
        } catch (const std::exception& e) {
            toUi([failed, what = std::string(e.what())] { failed(what); });
        }
    });
}

} // namespace sufler::console
