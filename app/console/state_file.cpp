// The tests' state file.
#include "console/state_file.h"

#include "console/applicant_desk.h"
#include "console/call_session.h"
#include "console/callbacks_view.h"
#include "console/entry_view.h"
#include "console/history_view.h"
#include "console/mode_screens.h"
#include "console/operator_prompt.h"
#include "console/outgoing_view.h"
#include "console/ring_view.h"
#include "console/search_view.h"
#include "console/status_view.h"
#include "console/view_context.h"
#include "console/worker.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <unistd.h>

namespace sufler::console {

namespace {

long residentKb() {
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

double percentile(std::vector<double> values, double share) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index =
        static_cast<std::size_t>(share * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

nlohmann::json callState(const CallSession& session) {
    using nlohmann::json;
    const CallCard& card = session.card();
    json call;
    call["active"] = card.active;
    call["closed"] = card.closed;
    call["number"] = card.number;
    call["phone"] = card.phone;
    call["sex"] = card.sex;
    call["callerName"] = card.callerName;
    call["birthYear"] = card.birthYear;
    call["municipality"] = card.municipality;
    call["question"] = card.question;
    call["organizations"] = card.organizations;
    call["operatorName"] = card.operatorName;
    call["department"] = card.department;
    call["opened"] = card.openedEntries;
    call["transfers"] = card.transfers.size();
    json transfers = json::array();
    for (const auto& transfer : card.transfers)
        transfers.push_back(transfer.name);
    call["transferNames"] = transfers;
    json survey = json::array();
    for (std::size_t q = 0; q < card.survey.size(); ++q)
        survey.push_back(
            card.survey[q]
                ? json(surveyQuestions()[q].answers[static_cast<std::size_t>(*card.survey[q])])
                : json());
    call["survey"] = survey;
    call["surveyMode"] = session.surveyMode();
    call["convenientHours"] = card.convenientHours;
    call["deferredDue"] = card.deferredDue;
    call["deferredExtended"] = card.deferredExtended;
    call["kbNoAnswer"] = card.kbNoAnswer;
    json marks = json::array();
    for (int m = 0; m < kCardMarks; ++m)
        if (markOf(card, static_cast<CardMark>(m)))
            marks.push_back(cardMarkLabel(static_cast<CardMark>(m)));
    call["marks"] = marks;
    return call;
}

nlohmann::json scriptState(const scripts::Runner* run) {
    using nlohmann::json;
    json script;
    if (!run)
        return script;
    script["id"] = run->script().id;
    script["step"] = run->current().id;
    script["stepTitle"] = run->current().title;
    script["words"] = run->words(); // as the operator reads them out
    script["finished"] = run->finished();
    script["path"] = run->path();
    script["transferCount"] = run->transferCount();
    json answers = json::array();
    for (const auto& answer : run->survey())
        answers.push_back({{"question", answer.question}, {"answer", answer.answer}});
    script["survey"] = answers;
    json ways = json::array();
    for (const auto& way : run->ways())
        ways.push_back(way.label);
    script["ways"] = ways;
    return script;
}

void queueState(const CallbacksView& view, nlohmann::json& state) {
    using nlohmann::json;
    const auto& queue = view.state();
    state["callbacksOpen"] = queue.open;
    state["callbacksLoaded"] = queue.loaded;
    state["callbackSelected"] = queue.selected; // -1: nothing to select
    state["callbackResultOpen"] = queue.editing.has_value();
    static const char* const edits[] = {"result", "extend", "outcome", "move", "call-later"};
    state["callbackEdit"] = !queue.editing ? "" : edits[static_cast<int>(queue.edit)];
    state["callbackResultFor"] = view.editedRow() ? view.editedRow()->callNumber : 0;
    state["callbackResultText"] = queue.text;
    state["callbackSaving"] = queue.saving;
    // a taken reminder's or campaign call's script as shown, its free slots for a move
    json steps = json::array();
    for (const auto& step : queue.script.steps)
        steps.push_back({{"title", step.title}, {"words", step.words}, {"tasks", step.tasks}});
    state["queueScript"] = {{"id", queue.script.id},
                            {"title", queue.script.title},
                            {"missing", queue.script.missing},
                            {"steps", steps}};
    state["queueSlots"] = queue.slots;
    state["queueSlot"] = queue.slot;
    state["queueSlotsLoading"] = queue.slotsLoading;
    state["queueRefusal"] = queue.refusal;
    state["queueFailure"] = queue.failure;
    state["queueTaken"] = queue.editing.value_or("");
    static const char* const kinds[] = {"callback", "reminder", "campaign"};
    json callbacks = json::array();
    for (const QueueItem& row : queue.rows)
        callbacks.push_back({{"kind", kinds[static_cast<int>(row.kind)]},
                             {"kindRu", queueKindRu(row.kind)},
                             {"key", row.key()},
                             {"item", row.itemId},
                             {"citizen", row.citizenName},
                             {"consultation", row.consultation},
                             {"specialist", row.specialist},
                             {"place", row.place},
                             {"offset", row.offset},
                             {"campaign", row.campaign},
                             {"attempt", row.attempt},
                             {"maxAttempts", row.maxAttempts},
                             {"call", row.callNumber},
                             {"phone", row.phone},
                             {"convenientHours", row.convenientHours},
                             {"question", row.question},
                             {"due", row.due},
                             {"overdue", row.overdue},
                             {"upcoming", row.upcoming},
                             {"extended", row.extended},
                             {"takenBy", row.takenBy},
                             {"takenHere", row.takenHere}});
    state["callbacks"] = callbacks;
}

// The senior operator's panel as last read: what it shows, row for row.
void statusState(const StatusView& view, nlohmann::json& state) {
    using nlohmann::json;
    const auto& panel = view.state();
    state["seniorOpen"] = panel.open;
    state["seniorError"] = panel.error;
    if (!panel.status) {
        state["senior"] = nullptr;
        return;
    }
    const journal::HotlineStatus& status = *panel.status;
    json senior;
    senior["at"] = status.at;
    json calls = json::array();
    for (const auto& call : status.inProgress)
        calls.push_back(
            {{"call", call.held.call.number},
             {"operator", call.held.holder ? call.held.holder->operatorName : std::string()},
             {"workstation", call.held.holder ? call.held.holder->workstation.host : std::string()},
             {"seconds", view.secondsNow(call)},
             {"shown", callDuration(view.secondsNow(call))}});
    senior["inProgress"] = calls;
    json abandoned = json::array();
    for (const auto& held : status.abandoned)
        abandoned.push_back(
            {{"call", held.call.number},
             {"operator", held.holder ? held.holder->operatorName : std::string()}});
    senior["abandoned"] = abandoned;
    json today = json::object();
    for (const auto& [name, day] : status.today)
        today[name] = {{"incoming", day.incoming},
                       {"closed", day.closed},
                       {"answered", day.answered},
                       {"deferred", day.deferred},
                       {"outgoing", day.outgoing}};
    senior["today"] = today;
    json queue = json::array();
    for (const auto& callback : status.queue)
        queue.push_back({{"call", callback.callNumber},
                         {"overdue", callback.overdue},
                         {"takenBy", callback.deferred.claim ? callback.deferred.claim->operatorName
                                                             : std::string()}});
    senior["queue"] = queue;
    senior["overdue"] = status.overdue();
    state["senior"] = senior;
}

} // namespace

void StateFile::publish(const StateSources& in) {
    if (m_path.empty())
        return;
    using nlohmann::json;
    json state;
    state["indexReady"] = in.worker.indexReady();
    state["indexing"] = in.worker.indexing();
    state["indexStatus"] = in.worker.indexStatus();
    state["kbGeneration"] = in.snapshot ? in.snapshot->generation : 0;
    state["diagnostics"] = in.snapshot ? in.snapshot->diagnostics.size() : 0;
    const auto& search = in.search.state();
    state["query"] = search.query;
    json results = json::array();
    json marks = json::array(); // per result: the staleness of its section as the list marks it
    if (search.reply && search.reply->query == search.query)
        for (const auto& hit : search.reply->result.hits) {
            results.push_back(hit.id);
            const ViewContext context{Fonts{}, in.snapshot};
            const kb::SectionStaleness* section = context.section(hit.department);
            marks.push_back(section && section->status != kb::StaleStatus::Ok
                                ? std::string(kb::statusName(section->status))
                                : std::string());
        }
    state["results"] = results;
    state["resultMarks"] = marks;
    state["resultsFor"] = search.reply ? search.reply->query : "";
    // the «в базе нет ответа» banner of the shown reply and the agencies it lists
    const bool current = search.reply && search.reply->query == search.query;
    state["noAnswer"] = current && search.reply->noAnswer && search.reply->error.empty();
    json agencies = json::array();
    if (current && search.reply->noAnswer)
        for (const auto& hit : search.reply->agencies)
            agencies.push_back(hit.id);
    state["agencies"] = agencies;
    const scripts::Script* offered = SearchView::offeredScript(in.snapshot);
    state["noAnswerScript"] = state["noAnswer"] == true && offered ? offered->title : "";
    state["selected"] = in.search.selectedId().value_or("");
    state["entry"] = in.entry.openId();
    state["helpOpen"] = in.helpOpen;
    state["operator"] = in.operatorName;
    const auto& history = in.history.state();
    json earlier = json::array(), owed = json::array();
    if (history.history) {
        for (const auto& call : history.history->calls)
            earlier.push_back({{"call", call.number},
                               {"receivedAt", call.receivedAt},
                               {"question", call.question},
                               {"operator", call.operatorName},
                               {"closed", call.closed},
                               {"answered", journal::answeredRu(call.survey.answered)}});
        for (const auto& item : history.history->open)
            owed.push_back({{"call", item.callNumber},
                            {"due", formatRussianDate(item.due)},
                            {"overdue", item.overdue},
                            {"takenBy", item.claim ? item.claim->operatorName : std::string()}});
    }
    state["history"] = {{"phone", history.asked},
                        {"calls", earlier},
                        {"open", owed},
                        {"viewing", history.viewing >= 0 && history.history
                                        ? history.history->calls[history.viewing].number
                                        : 0}};
    if (in.rings) {
        const auto& rings = in.rings->state();
        json waiting = json::array();
        for (const auto& w : rings.waiting)
            waiting.push_back(
                {{"phone", w.ring.phone}, {"line", w.ring.line}, {"hint", RingView::hint(w)}});
        state["ring"] = {{"listening", rings.listening},
                         {"problem", rings.problem},
                         {"waiting", waiting},
                         {"status", in.rings->statusText()},
                         {"lastPhone", rings.last ? rings.last->phone : std::string()},
                         {"lastLine", rings.last ? rings.last->line : std::string()}};
    }
    const auto& outgoing = in.outgoing.state();
    json outgoingScripts = json::array();
    for (const auto& script : outgoing.scripts)
        outgoingScripts.push_back(script.id);
    state["outgoing"] = {
        {"open", outgoing.open},
        {"saving", outgoing.saving},
        {"callee", outgoing.card.calleeName},
        {"phone", outgoing.card.calleePhone},
        {"organization", outgoing.card.organization},
        {"question", outgoing.card.question},
        {"operator", outgoing.card.operatorName},
        {"incoming", outgoing.card.incomingNumber},
        {"scripts", outgoingScripts},
        {"script", outgoing.script >= 0 ? outgoingScripts[outgoing.script] : json("")},
        {"words",
         outgoing.script >= 0 ? json(outgoing.scripts[outgoing.script].words) : json::array()}};
    const auto& prompt = in.operatorPrompt.state();
    state["operatorPrompt"] = {{"open", prompt.open},
                               {"names", prompt.names},
                               {"selected", prompt.selected},
                               {"text", prompt.text},
                               {"unlisted", in.operatorPrompt.unlisted()}};
    state["focus"] = in.focus;
    state["clipboard"] = in.clipboard;
    state["message"] = in.message;
    state["journalAway"] = in.journalAway;
    state["call"] = callState(in.session);
    queueState(in.callbacks, state);
    statusState(in.status, state);
    state["flagged"] = in.session.flaggedEntries();
    state["emptySearchRecorded"] = in.emptySearchRecorded;
    state["script"] = scriptState(in.session.run());
    if (in.desk) { // the applicant card and consultations: their windows, the linked card
        json desk = in.desk->state();
        for (auto& [key, value] : desk.items())
            state[key] = std::move(value);
    }
    in.screens.describe(state);
    // figures: start to first frame, frame time while typing, resident memory
    json metrics;
    metrics["firstFrameMs"] = in.stats.firstFrameMs;
    std::vector<double> typing(in.stats.typingFrames.begin(), in.stats.typingFrames.end());
    metrics["typingFrames"] = typing.size();
    metrics["typingFrameP50Ms"] = percentile(typing, 0.5);
    metrics["typingFrameP95Ms"] = percentile(typing, 0.95);
    metrics["typingFrameMaxMs"] =
        typing.empty() ? 0 : *std::max_element(typing.begin(), typing.end());
    state["metrics"] = metrics;

    std::string text = state.dump(2);
    if (text == m_last)
        return;
    m_last = text;
    // resident memory goes in only when something else changed, so that an idle console does
    // not rewrite the file
    state["metrics"]["rssKb"] = residentKb();
    text = state.dump(2);
    in.worker.post([path = m_path, text] {
        const auto temporary = path.string() + ".tmp";
        {
            std::ofstream out(temporary, std::ios::trunc);
            out << text << '\n';
        }
        std::error_code ec;
        std::filesystem::rename(temporary, path, ec);
    });
}

} // namespace sufler::console
