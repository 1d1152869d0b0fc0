#pragma once
// The registers' rows, read the same way on both engines from a row of either: a Row gives
// text(), integer(), real(), flag() and isNull() by column (sqlite_rows::Row, pg_rows::Row), the
// columns in the order of the lists in store_rows.h.
#include "store_rows.h"

#include "sufler/journal/store.h"

#include <optional>

namespace sufler::journal::rows {

template <typename Row> IncomingCall readIncoming(const Row& r) {
    IncomingCall c;
    c.id = r.integer(0);
    c.number = static_cast<int>(r.integer(1));
    c.receivedAt = r.text(2);
    c.phone = r.text(3);
    c.gender = static_cast<Gender>(r.integer(4));
    c.callerName = r.text(5);
    c.callerBirthYear = r.text(6);
    c.municipality = r.text(7);
    c.question = r.text(8);
    c.organizations = r.text(9);
    c.operatorName = r.text(10);
    c.note = r.text(11);
    c.department = r.text(12);
    c.entriesUsed = stringsFromJson(r.text(13));
    c.script = r.text(14);
    if (!r.isNull(15)) {
        c.scriptAdherence = r.real(15);
    }
    c.transfers = transfersFromJson(r.text(16));
    c.survey.answered = static_cast<Answered>(r.integer(17));
    c.survey.satisfaction = static_cast<Satisfaction>(r.integer(18));
    c.durationSeconds = static_cast<int>(r.integer(19));
    c.urgent = r.flag(20);
    c.aggressive = r.flag(21);
    c.complaint = r.flag(22);
    c.kbAnswer = static_cast<KbAnswer>(r.integer(23));
    c.closedAt = r.text(24);
    c.source = r.text(25);
    c.outsideCompetence = r.flag(26);
    return c;
}

template <typename Row> OutgoingCall readOutgoing(const Row& r) {
    OutgoingCall c;
    c.id = r.integer(0);
    c.number = static_cast<int>(r.integer(1));
    c.calledAt = r.text(2);
    c.calleeContact = r.text(3);
    c.municipality = r.text(4);
    c.question = r.text(5);
    c.organization = r.text(6);
    c.operatorName = r.text(7);
    c.note = r.text(8);
    if (!r.isNull(9)) {
        c.incomingId = r.integer(9);
    }
    c.source = r.text(10);
    return c;
}

// The claim in columns first..first+3 (by, workstation, host, at); none when `at` is empty.
template <typename Row> std::optional<CallbackClaim> readClaim(const Row& r, int first) {
    if (r.text(first + 3).empty()) {
        return std::nullopt;
    }
    return CallbackClaim{r.text(first), Workstation{r.text(first + 1), r.text(first + 2)},
                         r.text(first + 3)};
}

template <typename Row> Deferred readDeferred(const Row& r) {
    Deferred d;
    d.callId = r.integer(0);
    d.phone = r.text(1);
    d.convenientHours = r.text(2);
    d.createdOn = dateOrThrow(r.text(3));
    d.due = dateOrThrow(r.text(4));
    if (!r.isNull(5)) {
        d.extendedTo = dateOrThrow(r.text(5));
    }
    d.extensionReason = r.text(6);
    d.callerInformed = r.flag(7);
    d.answeredAt = r.text(8);
    d.result = r.text(9);
    d.claim = rows::readClaim(r, 10);
    return d;
}

template <typename Row> Citizen readCitizen(const Row& r) {
    Citizen c;
    c.id = r.integer(0);
    c.fullName = r.text(1);
    c.municipality = r.text(2);
    c.address = r.text(3);
    c.birthYear = r.text(4);
    c.categories = stringsFromJson(r.text(5));
    c.needs = r.text(6);
    c.measures = r.text(7);
    c.consent = r.text(8);
    c.notes = r.text(9);
    c.createdAt = r.text(10);
    c.updatedAt = r.text(11);
    return c;
}

template <typename Row> Booking readBooking(const Row& r) {
    Booking b;
    b.id = r.integer(0);
    b.specialist = r.text(1);
    b.startsAt = r.text(2);
    b.minutes = static_cast<int>(r.integer(3));
    if (!r.isNull(4)) {
        b.citizen = r.integer(4);
    }
    b.citizenName = r.text(5);
    b.phone = r.text(6);
    b.topic = r.text(7);
    if (!r.isNull(8)) {
        b.callId = r.integer(8);
    }
    b.status = parseBookingStatus(r.text(9)).value_or(BookingStatus::Booked);
    if (!r.isNull(10)) {
        b.movedTo = r.integer(10);
    }
    b.operatorName = r.text(11);
    b.createdAt = r.text(12);
    b.note = r.text(13);
    return b;
}

template <typename Row> Campaign readCampaign(const Row& r) {
    Campaign c;
    c.id = r.integer(0);
    c.title = r.text(1);
    c.entry = r.text(2);
    c.script = r.text(3);
    c.createdBy = r.text(4);
    c.createdAt = r.text(5);
    c.interval = parseCampaignInterval(r.text(6)).value_or(CampaignInterval{});
    c.maxAttempts = static_cast<int>(r.integer(7));
    c.status = parseCampaignStatus(r.text(8)).value_or(CampaignStatus::Open);
    c.closedAt = r.text(9);
    return c;
}

template <typename Row> CampaignItem readCampaignItem(const Row& r) {
    CampaignItem i;
    i.id = r.integer(0);
    i.campaign = r.integer(1);
    i.position = static_cast<int>(r.integer(2));
    i.fullName = r.text(3);
    i.phone = r.text(4);
    i.phoneKey = r.text(5);
    i.municipality = r.text(6);
    i.category = r.text(7);
    i.note = r.text(8);
    i.source = r.text(9);
    if (!r.isNull(10)) {
        i.citizen = r.integer(10);
    }
    i.attempts = static_cast<int>(r.integer(11));
    i.lastResult = parseCampaignResult(r.text(12));
    i.lastAttemptAt = r.text(13);
    i.dueAt = r.text(14);
    i.finished = r.flag(15);
    i.claim = rows::readClaim(r, 16);
    return i;
}

template <typename Row> CampaignAttempt readCampaignAttempt(const Row& r) {
    CampaignAttempt a;
    a.id = r.integer(0);
    a.item = r.integer(1);
    a.campaign = r.integer(2);
    a.number = static_cast<int>(r.integer(3));
    a.at = r.text(4);
    a.operatorName = r.text(5);
    a.result = parseCampaignResult(r.text(6)).value_or(CampaignResult::NotReached);
    a.callLaterAt = r.text(7);
    a.note = r.text(8);
    if (!r.isNull(9)) {
        a.outgoingId = r.integer(9);
    }
    return a;
}

template <typename Row> ReminderAttempt readReminderAttempt(const Row& r) {
    ReminderAttempt a;
    a.id = r.integer(0);
    a.key = {r.integer(1), static_cast<int>(r.integer(2))};
    a.at = r.text(3);
    a.operatorName = r.text(4);
    a.result = parseReminderResult(r.text(5)).value_or(ReminderResult::NotReached);
    if (!r.isNull(6)) {
        a.movedTo = r.integer(6);
    }
    a.note = r.text(7);
    if (!r.isNull(8)) {
        a.outgoingId = r.integer(8);
    }
    return a;
}

} // namespace sufler::journal::rows
