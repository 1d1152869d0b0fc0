// `sufler journal migrate`: the records of one journal into another, once.
#include "sufler/journal/migrate.h"
#include "sufler/journal/booking.h"
#include "sufler/journal/campaigns.h"
#include "sufler/journal/reminders.h"
#include "sufler/journal/store.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <filesystem>
#include <functional>

namespace sufler::journal {

namespace {

using Key = std::function<std::string(const char*, std::int64_t)>;
using Moved = std::function<std::optional<std::int64_t>(const char*, std::optional<std::int64_t>)>;

// Bookings after the calls and cards they name; a move's target (a later booking) is linked
// once all are in. Then the attempts on their reminders, with their outgoing rows.
void moveBookings(JournalStore& from, JournalStore& to, const Key& key, const Moved& moved,
                  MigrateResult& result) {
    const auto all = from.bookings({}, "0000", "9999", false);
    std::vector<BookingId> bookingIds;
    for (Booking b : all) {
        bookingIds.push_back(b.id);
        const auto k = key("booking", b.id);
        if (to.movedRecord(k)) {
            ++result.already;
            continue;
        }
        b.citizen = moved("citizen", b.citizen);
        b.callId = moved("incoming", b.callId);
        b.movedTo.reset();
        const auto id = to.insertBooking(b);
        if (!id) {
            throw Error(fmt::format("{}: запись на консультацию № {} ({}, {}) не перенесена — это "
                                    "время у специалиста уже занято в журнале {}",
                                    from.describe(), b.id, b.specialist, b.startsAt,
                                    to.describe()));
        }
        to.recordMoved(k, *id, 0);
        ++result.bookings;
    }
    for (const Booking& b : all) {
        if (!b.movedTo) {
            continue;
        }
        auto target = to.booking(*moved("booking", b.id));
        if (target && !target->movedTo) {
            target->movedTo = moved("booking", b.movedTo);
            to.updateBooking(*target);
        }
    }
    for (ReminderAttempt a : from.reminderAttempts(bookingIds)) {
        const auto k = key("reminder-attempt", a.id);
        if (to.movedRecord(k)) {
            ++result.already;
            continue;
        }
        a.key.booking = *moved("booking", a.key.booking);
        a.movedTo = moved("booking", a.movedTo);
        a.outgoingId = moved("outgoing", a.outgoingId);
        to.recordMoved(k, to.insertReminderAttempt(a), 0);
        ++result.reminderAttempts;
    }
}

// Campaigns, then each one's call list in its order (with where it is at with each citizen),
// then the attempts with their outgoing rows.
void moveCampaigns(JournalStore& from, JournalStore& to, const Key& key, const Moved& moved,
                   MigrateResult& result) {
    for (Campaign c : from.campaigns()) {
        const CampaignId old = c.id;
        const auto k = key("campaign", old);
        auto id = to.movedRecord(k);
        if (id) {
            ++result.already;
        } else {
            id = to.insertCampaign(c);
            to.recordMoved(k, *id, 0);
            ++result.campaigns;
        }
        for (CampaignItem item : from.campaignItems(old, {})) {
            const auto itemKey = key("campaign-item", item.id);
            if (to.movedRecord(itemKey)) {
                ++result.already;
                continue;
            }
            item.campaign = *id;
            item.citizen = moved("citizen", item.citizen);
            item.claim.reset(); // a claim is this desk's, now gone
            const auto itemId = to.insertCampaignItem(item);
            if (!itemId) {
                throw Error(fmt::format("{}: кампания «{}»: {} — этот телефон уже есть в списке",
                                        from.describe(), c.title, item.source));
            }
            item.id = *itemId;
            to.updateCampaignItem(item);
            to.recordMoved(itemKey, *itemId, 0);
            ++result.campaignItems;
        }
        for (CampaignAttempt a : from.campaignAttempts(old)) {
            const auto attemptKey = key("campaign-attempt", a.id);
            if (to.movedRecord(attemptKey)) {
                ++result.already;
                continue;
            }
            a.campaign = *id;
            a.item = *moved("campaign-item", a.item);
            a.outgoingId = moved("outgoing", a.outgoingId);
            to.recordMoved(attemptKey, to.insertCampaignAttempt(a), 0);
            ++result.campaignAttempts;
        }
    }
}

} // namespace

MigrateResult migrate(JournalStore& from, JournalStore& to) {
    const std::string source = from.journalId();
    if (source.empty()) {
        throw Error(fmt::format("{}: у журнала нет идентификатора", from.describe()));
    }
    if (source == to.journalId()) {
        throw Error(fmt::format("{}: журнал нельзя перенести в него же", from.describe()));
    }
    const auto key = [&](const char* kind, std::int64_t id) {
        return fmt::format("{}:{}:{}", source, kind, id);
    };
    MigrateResult result;
    to.transaction([&] {
        // The call a record refers to, as it is in `to`; unset when it was not moved (a purged
        // call), like a link that purge would have cut.
        const auto movedCall = [&](std::optional<CallId> old) -> std::optional<CallId> {
            if (!old) {
                return std::nullopt;
            }
            return to.movedRecord(key("incoming", *old));
        };
        // The record moved under `kind` and `old`, as it is in `to`.
        const auto moved = [&](const char* kind,
                               std::optional<std::int64_t> old) -> std::optional<std::int64_t> {
            if (!old) {
                return std::nullopt;
            }
            return to.movedRecord(key(kind, *old));
        };
        for (auto [card, nameKey] : from.allCitizens()) {
            const auto k = key("citizen", card.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            to.recordMoved(k, to.insertCitizen(card, nameKey), 0);
            ++result.citizens;
        }
        for (IncomingCall call : from.incomingCalls(Period{})) {
            const auto k = key("incoming", call.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            const int oldNumber = call.number;
            call.number = 0; // the next of its year in `to`
            const CallId id = to.insertIncoming(call);
            if (const auto card = moved("citizen", from.callCitizen(call.id))) {
                to.setCallCitizen(id, *card);
            }
            to.recordMoved(k, id, oldNumber);
            ++result.incoming;
        }
        for (OutgoingCall call : from.outgoingCalls(Period{})) {
            const auto k = key("outgoing", call.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            const int oldNumber = call.number;
            call.number = 0;
            call.incomingId = movedCall(call.incomingId);
            to.recordMoved(k, to.insertOutgoing(call), oldNumber);
            ++result.outgoing;
        }
        for (Deferred d : from.deferredAnswers(Period{})) {
            const auto k = key("deferred", d.callId);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            const auto call = movedCall(d.callId);
            if (!call) {
                throw Error(fmt::format("{}: отсроченный ответ по звонку {} без самого звонка",
                                        from.describe(), d.callId));
            }
            d.callId = *call;
            to.insertDeferred(d);
            to.updateDeferred(d); // the extension and the result
            to.recordMoved(k, *call, 0);
            ++result.deferred;
        }
        for (KbFlag f : from.flags({}, Period{})) {
            const auto k = key("flag", f.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            f.callId = movedCall(f.callId);
            to.recordMoved(k, to.insertFlag(f), 0);
            ++result.flags;
        }
        for (EmptySearch e : from.emptySearches({}, Period{})) {
            const auto k = key("search", e.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            e.callId = movedCall(e.callId);
            to.insertEmptySearch(e);
            to.recordMoved(k, 0, 0);
            ++result.emptySearches;
        }
        for (SearchUse use : from.searchUses({}, Period{})) {
            const auto k = key("search-use", use.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            use.callId = movedCall(use.callId);
            to.insertSearchUse(use);
            to.recordMoved(k, 0, 0);
            ++result.searchUses;
        }
        moveBookings(from, to, key, moved, result);
        moveCampaigns(from, to, key, moved, result);
    });
    return result;
}

MigrateResult migrate(const std::string& from, const std::string& to) {
    std::error_code ec;
    if (!isServerJournal(from) && !std::filesystem::is_regular_file(from, ec)) {
        throw Error(fmt::format("--from {}: нет такого файла журнала", from));
    }
    const auto source = openStore(from);
    const auto target = openStore(to);
    return migrate(*source, *target);
}

} // namespace sufler::journal
