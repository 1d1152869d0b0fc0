// The hotline at a glance (sufler/journal/status.h).
#include "sufler/journal/status.h"

#include "report_common.h"
#include "text_util.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <algorithm>

namespace sufler::journal {

int HotlineStatus::overdue() const {
    return static_cast<int>(
        std::count_if(queue.begin(), queue.end(), [](const Callback& c) { return c.overdue; }));
}

HotlineStatus hotlineStatus(const Journal& journal, const std::string& now) {
    const auto day = parseDate(std::string_view(now).substr(0, 10));
    if (!day) {
        throw Error(fmt::format("недопустимое время «{}»", now));
    }
    HotlineStatus status;
    status.at = now;
    for (auto& held : journal.heldCalls()) {
        if (held.abandoned()) {
            status.abandoned.push_back(std::move(held));
        } else if (held.holder) {
            const int seconds = std::max(0, secondsBetween(held.call.receivedAt, now));
            status.inProgress.push_back(CallInProgress{std::move(held), seconds});
        }
    }
    std::stable_sort(
        status.inProgress.begin(), status.inProgress.end(),
        [](const CallInProgress& a, const CallInProgress& b) { return a.seconds > b.seconds; });

    const Period today{*day, *day};
    const auto name = [](const std::string& operatorName) {
        return operatorName.empty() ? std::string(kNotGiven) : operatorName;
    };
    std::vector<CallId> deferredToday;
    for (const auto& d : journal.deferredAnswers(today)) {
        deferredToday.push_back(d.callId);
    }
    for (const auto& call : journal.incomingCalls(today)) {
        OperatorDay& d = status.today[name(call.operatorName)];
        ++d.incoming;
        d.closed += call.closedAt.empty() ? 0 : 1;
        d.answered += call.survey.answered == Answered::Yes ? 1 : 0;
        d.deferred += std::count(deferredToday.begin(), deferredToday.end(), call.id) > 0 ? 1 : 0;
    }
    for (const auto& call : journal.outgoingCalls(today)) {
        ++status.today[name(call.operatorName)].outgoing;
    }
    status.queue = journal.callbackQueue(*day);
    return status;
}

} // namespace sufler::journal
