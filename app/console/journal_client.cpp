// The console's side of the call journal, on the worker thread.
#include "console/journal_client.h"

#include "console/call_session.h"
#include "console/journal_link.h"
#include "sufler/core/calendar.h"
#include "sufler/core/date.h"
#include "sufler/core/error.h"
#include "sufler/core/regulations.h"
#include "sufler/journal/journal.h"
#include "sufler/journal/outbox.h"
#include "sufler/journal/status.h"
#include "sufler/journal/store.h"
#include "sufler/kb/model.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>

namespace sufler::console {

using namespace std::chrono_literals;

namespace {

std::string_view weekdayRu(const Date& date) {
    static const char* names[] = {"воскресенье", "понедельник", "вторник", "среда",
                                  "четверг",     "пятница",     "суббота"};
    return names[std::chrono::weekday(std::chrono::sys_days(date)).c_encoding()];
}

// The script run of the open call, beside the journal (`journal.sqlite.run.json`), so that a
// console that crashed resumes on the same step. Placeholder values (the caller's name...) are
// left out: personal data stays in the journal alone. The callback's convenient hours typed
// before a deferred answer is booked are kept here too (the journal stores them with the
// booking). Nothing to keep: the file is removed.
std::filesystem::path runFile(const JournalLink& link) {
    // the journal says where its workstation's files go (beside a file journal)
    return link.journal ? link.journal->localFile(".run.json")
                        : std::filesystem::path(link.path.string() + ".run.json");
}

void saveRun(JournalLink& link, const std::string& run, const std::string& hours) {
    std::string text;
    if (!run.empty() || !hours.empty()) {
        nlohmann::json file{{"call", link.currentId}};
        if (!run.empty()) {
            auto json = nlohmann::json::parse(run, nullptr, false);
            if (json.is_discarded())
                return;
            json["values"] = nlohmann::json::object();
            file["run"] = std::move(json);
        }
        if (!hours.empty())
            file["convenientHours"] = hours;
        text = file.dump();
    }
    if (text == link.lastRun)
        return;
    link.lastRun = text;
    const auto path = runFile(link);
    std::error_code ec;
    if (text.empty()) {
        std::filesystem::remove(path, ec);
        return;
    }
    const auto temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << text;
    }
    std::filesystem::permissions(
        temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    std::filesystem::rename(temporary, path, ec);
}

struct SavedRun {
    std::string run;
    std::string convenientHours;
};

SavedRun loadRun(const JournalLink& link, journal::CallId id) {
    std::ifstream in(runFile(link));
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.is_object() || json.value("call", journal::CallId(0)) != id)
        return {};
    SavedRun saved;
    if (json.contains("run"))
        saved.run = json["run"].dump();
    if (json.contains("convenientHours") && json["convenientHours"].is_string())
        saved.convenientHours = json["convenientHours"].get<std::string>();
    return saved;
}

std::shared_ptr<const kb::KnowledgeBase> kbOf(const CallSession& session) {
    return session.snapshot() ? session.snapshot()->kb : nullptr;
}

constexpr const char* kOfflineMessage =
    "нет связи с сервером журнала — записи сохраняются на этом компьютере";

// Whether a write goes to the outbox rather than the server: offline, or a call the server has
// not seen yet.
bool viaOutbox(const JournalLink& link) {
    return link.server && (link.offline || journal::Outbox::isLocal(link.currentId));
}

} // namespace

journal::IncomingCall toIncoming(const CallCard& card, const scripts::Runner* run) {
    journal::IncomingCall call;
    call.number = card.number;
    call.receivedAt = card.receivedAtIso;
    call.phone = card.phone;
    call.gender = journal::parseGender(card.sex).value_or(journal::Gender::Unknown);
    call.callerName = card.callerName;
    call.callerBirthYear = card.birthYear;
    call.municipality = card.municipality;
    call.question = card.question;
    call.organizations = card.organizations;
    call.operatorName = card.operatorName;
    call.note = card.note;
    call.department = card.department;
    call.entriesUsed = card.openedEntries;
    if (run) {
        call.script = run->script().id;
        call.scriptAdherence = run->adherence().ratio();
    }
    for (const Transfer& transfer : card.transfers) {
        journal::Transfer row;
        row.to = transfer.name.empty()
                     ? std::string()
                     : transfer.name +
                           (transfer.organization.empty() ? "" : ", " + transfer.organization);
        row.viaScript = transfer.viaScript || transfer.name.empty(); // counted by a step
        row.department = transfer.department;
        row.note = transfer.phone;
        call.transfers.push_back(std::move(row));
    }
    if (!card.survey.empty() && card.survey[0])
        call.survey.answered =
            *card.survey[0] == 0 ? journal::Answered::Yes : journal::Answered::No;
    if (card.survey.size() > 1 && card.survey[1]) {
        static const journal::Satisfaction values[] = {journal::Satisfaction::Satisfied,
                                                       journal::Satisfaction::PartlySatisfied,
                                                       journal::Satisfaction::NotSatisfied};
        if (*card.survey[1] >= 0 && *card.survey[1] < 3)
            call.survey.satisfaction = values[*card.survey[1]];
    }
    call.durationSeconds = card.elapsedSeconds();
    call.aggressive = card.aggressive;
    call.complaint = card.complaint;
    call.outsideCompetence = card.outsideCompetence;
    call.urgent = card.urgent;
    call.kbAnswer = card.kbNoAnswer              ? journal::KbAnswer::NotFound
                    : card.openedEntries.empty() ? journal::KbAnswer::Unknown
                                                 : journal::KbAnswer::Found;
    call.source = "console";
    return call;
}

CallCard fromIncoming(const journal::IncomingCall& call) {
    CallCard card;
    card.active = true;
    card.number = call.number;
    card.receivedAtIso = call.receivedAt;
    // «2026-11-24 12:50:07» → «24.11.2026 12:50»
    if (call.receivedAt.size() >= 16)
        card.receivedAt = call.receivedAt.substr(8, 2) + "." + call.receivedAt.substr(5, 2) + "." +
                          call.receivedAt.substr(0, 4) + " " + call.receivedAt.substr(11, 5);
    card.phone = call.phone;
    card.sex = std::string(journal::genderRu(call.gender));
    card.callerName = call.callerName;
    card.birthYear = call.callerBirthYear;
    card.municipality = call.municipality;
    card.question = call.question;
    card.organizations = call.organizations;
    card.operatorName = call.operatorName;
    card.note = call.note;
    card.department = call.department;
    card.openedEntries = call.entriesUsed;
    card.kbNoAnswer = call.kbAnswer == journal::KbAnswer::NotFound;
    card.aggressive = call.aggressive;
    card.complaint = call.complaint;
    card.outsideCompetence = call.outsideCompetence;
    card.urgent = call.urgent;
    for (const journal::Transfer& row : call.transfers) {
        Transfer transfer;
        transfer.viaScript = row.viaScript;
        transfer.name = row.to;
        transfer.department = row.department;
        transfer.phone = row.note;
        card.transfers.push_back(std::move(transfer));
    }
    // the timer goes on from the time already talked
    card.started = CallCard::Clock::now() - std::chrono::seconds(call.durationSeconds);
    card.survey.assign(surveyQuestions().size(), std::nullopt);
    if (call.survey.answered != journal::Answered::Unknown)
        card.survey[0] = call.survey.answered == journal::Answered::Yes ? 0 : 1;
    if (call.survey.satisfaction != journal::Satisfaction::Unknown)
        card.survey[1] = static_cast<int>(call.survey.satisfaction) -
                         static_cast<int>(journal::Satisfaction::Satisfied);
    return card;
}

JournalClient::JournalClient(std::filesystem::path path, TaskQueue tasks,
                             std::function<void(std::string)> message,
                             std::filesystem::path dataFolder)
    : m_link(std::make_shared<JournalLink>()), m_tasks(std::move(tasks)),
      m_message(std::move(message)) {
    m_link->path = path.empty() ? journal::Journal::defaultPath() : std::move(path);
    m_link->server = journal::isServerJournal(m_link->path.string());
    try {
        const auto folder =
            dataFolder.empty() ? journal::Journal::defaultPath().parent_path() : dataFolder;
        m_link->session.id = journal::randomId();
        m_link->session.workstation = journal::thisWorkstation(folder);
        m_link->lock = journal::WorkstationLock(folder);
    } catch (const std::exception& e) {
        m_link->identityError = e.what();
    }
}

JournalClient::~JournalClient() {
    m_watch = {}; // stopped and joined before the run ends
    // The console joined its worker first: no task touches the journal any more. A call left
    // open stays open, abandoned, until this workstation takes it back.
    if (m_link->journal) {
        try {
            m_link->journal->detachConsole();
        } catch (const std::exception&) {
            // the journal went away: the heartbeat stops anyway, and the run is over by it
        }
    }
}

void JournalClient::say(std::string text) {
    if (m_message)
        m_message(std::move(text));
}

void JournalClient::callStarted(CallSession& session) {
    auto link = m_link;
    journal::IncomingCall call = toIncoming(session.card(), session.run());
    const int localNumber = session.card().number;
    auto toUi = m_tasks.toUi;
    m_session = &session;
    m_tasks.post([link, call, toUi, &session, this, localNumber]() mutable {
        if (link->failed)
            return;
        call.number = 0;
        link->localNumber = localNumber;
        if (link->server) {
            flushOutbox(false); // what waits goes first: the register keeps its order
            if (link->offline) {
                link->currentId = link->box().startCall(call);
                return;
            }
        }
        try {
            link->currentId = link->open().startIncoming(call);
            if (const auto stored = link->journal->incoming(link->currentId))
                toUi([&session, number = stored->number, localNumber] {
                    if (session.card().number == localNumber)
                        session.card().number = number;
                });
        } catch (const std::exception& e) {
            if (link->server) {
                goOffline(e.what());
                link->currentId = link->box().startCall(call);
                return;
            }
            link->failed = true;
            toUi([this, what = std::string(e.what())] {
                say("Журнал недоступен, карточка хранится только в памяти: " + what);
            });
        }
    });
}

void JournalClient::write(CallSession& session, bool closing) {
    auto link = m_link;
    journal::IncomingCall call = toIncoming(session.card(), session.run());
    std::string run = session.run() ? session.run()->serialize() : std::string();
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, call, closing, toUi, this, run = std::move(run),
                  hours = session.card().convenientHours] {
        if (link->currentId == 0 || (!link->journal && !link->server))
            return;
        try {
            if (link->server)
                flushOutbox(false);
            bool kept = false;
            if (!viaOutbox(*link)) {
                try {
                    // Keystroke saves are drafts: the close (or the next save) makes them
                    // durable, and the card stays on screen until then.
                    if (closing)
                        link->open().saveCard(link->currentId, call);
                    else
                        link->open().saveDraft(link->currentId, call);
                    if (closing)
                        link->journal->closeCall(link->currentId, call.survey);
                    kept = true;
                } catch (const std::exception& e) {
                    if (!link->server)
                        throw;
                    goOffline(e.what());
                }
            }
            if (!kept) { // the server is out of reach: the workstation keeps it
                link->box().saveCard(link->currentId, call);
                if (closing)
                    link->box().closeCall(link->currentId, call.survey);
            }
            if (closing)
                saveRun(*link, {}, {});
            else
                saveRun(*link, run, hours);
        } catch (const std::exception& e) {
            toUi([this, what = std::string(e.what())] {
                say("Карточка не записана в журнал: " + what);
            });
        }
    });
}

void JournalClient::save(CallSession& session) {
    write(session, false);
}

void JournalClient::callEnded(CallSession& session) {
    write(session, true);
    say(fmt::format("Звонок № {} завершён ({}) и записан", session.card().number,
                    formatDuration(session.card().elapsedSeconds())));
}

void JournalClient::resumeOpenCall(CallSession& session) {
    // A call the console left open (a crash, a power cut, kill -9) is taken up again, so that
    // what was typed is in front of the operator and the call is closed with its survey.
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_session = &session;
    m_tasks.post([link, toUi, &session, this] {
        try {
            // what an earlier run could not send goes first
            flushOutbox(true);
            if (link->offline)
                return;
            // only this workstation's call, and only when the run that held it is over: another
            // console's live call is never taken over
            const auto last = link->open().resumeOwnCall();
            if (!last)
                return;
            link->currentId = last->id;
            const auto deferred = link->journal->deferred(last->id);
            toUi([&session, call = *last, saved = loadRun(*link, last->id), deferred] {
                if (!session.restore(fromIncoming(call), saved.run))
                    return;
                CallCard& card = session.card();
                card.convenientHours = saved.convenientHours;
                if (deferred) {
                    card.deferredDue = formatRussianDate(deferred->deadline());
                    card.deferredExtended = deferred->extendedTo.has_value();
                    card.convenientHours = deferred->convenientHours;
                }
                session.syncRunValues();
            });
        } catch (const std::exception& e) {
            if (link->server) {
                goOffline(e.what());
                return;
            }
            toUi([this, what = std::string(e.what())] {
                say("Журнал недоступен, карточка хранится только в памяти: " + what);
            });
        }
    });
}

void JournalClient::goOffline(const std::string& why) {
    // The connection is dropped: the next look at the server opens a new one.
    m_link->journal.reset();
    if (!m_link->offline.exchange(true))
        m_tasks.toUi([this, why] { say(std::string(kOfflineMessage) + " (" + why + ")"); });
}

void JournalClient::flushOutbox(bool force) {
    auto& link = *m_link;
    if (!link.server)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && link.offline && now - link.lastFlushTry < 3s)
        return;
    link.lastFlushTry = now;
    try {
        auto& box = link.box();
        if (box.pending() == 0) {
            link.offline = false;
            return;
        }
        auto& server = link.open();
        const journal::Outbox::Sent sent = box.flush(server);
        link.offline = false;
        for (const auto& [local, id] : sent.calls) {
            if (link.currentId != local)
                continue;
            link.currentId = id; // the open call goes on on the server
            if (const auto stored = server.incoming(id); stored && m_session)
                m_tasks.toUi(
                    [session = m_session, number = stored->number, localNumber = link.localNumber] {
                        if (session->card().number == localNumber)
                            session->card().number = number;
                    });
        }
        m_tasks.toUi([this, count = sent.operations] {
            say(fmt::format("Связь с сервером журнала восстановлена: отправлено записей — {}",
                            count));
        });
    } catch (const std::exception& e) {
        goOffline(e.what());
    }
}

void JournalClient::deferAnswer(CallSession& session) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    auto kb = kbOf(session);
    const CallCard& card = session.card();
    m_tasks.post([link, toUi, this, &session, kb, number = card.number, phone = card.phone,
                  hours = card.convenientHours] {
        // Without the server the booking waits in the outbox; its due date is the same rule's
        // (the next working day after the call), which the journal repeats when it is sent.
        const auto deferOffline = [&] {
            link->box().deferAnswer(link->currentId, phone, hours);
            journal::Deferred deferred;
            deferred.phone = phone;
            deferred.convenientHours = hours;
            link->useCalendarOf(kb);
            deferred.due = link->calendar.addWorkingDays(todayLocal(), 1);
            return deferred;
        };
        const bool offline = link->currentId != 0 && viaOutbox(*link);
        if (!offline && (link->failed || !link->journal || link->currentId == 0)) {
            toUi([this] {
                say("Журнал недоступен: обратный звонок не назначен, запишите его вручную");
            });
            return;
        }
        try {
            journal::Deferred deferred;
            if (offline) {
                deferred = deferOffline();
            } else {
                try {
                    link->useCalendarOf(kb); // the organisation's production calendar
                    deferred = link->journal->deferAnswer(link->currentId, phone, hours);
                } catch (const std::exception& e) {
                    if (!link->server)
                        throw;
                    goOffline(e.what());
                    deferred = deferOffline();
                }
            }
            toUi([this, &session, deferred, number] {
                if (session.card().number != number)
                    return;
                session.card().deferredDue = formatRussianDate(deferred.due);
                session.syncRunValues();
                say(fmt::format("Обратный звонок назначен: до {} ({}), {}, {} — назовите "
                                "абоненту срок",
                                session.card().deferredDue, weekdayRu(deferred.due), deferred.phone,
                                deferred.convenientHours));
                session.callbacksChanged();
            });
        } catch (const std::exception& e) {
            toUi([this, what = std::string(e.what())] {
                say("Обратный звонок не назначен: " + what);
            });
        }
    });
}

void JournalClient::extendDeferred(CallSession& session) {
    // the rules allow up to ten working days when a written request is needed; the operator
    // tells the caller the new date at once (the script's step says it)
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    auto kb = kbOf(session);
    m_tasks.post([link, toUi, this, &session, kb, number = session.card().number] {
        if (!link->journal || link->currentId == 0)
            return;
        try {
            link->useCalendarOf(kb);
            const journal::Deferred deferred = link->journal->extendDeferred(
                link->currentId, regulations::kMaxExtensionWorkingDays, "нужен письменный запрос",
                true);
            toUi([this, &session, deferred, number] {
                if (session.card().number != number)
                    return;
                session.card().deferredDue = formatRussianDate(deferred.deadline());
                session.card().deferredExtended = true;
                session.syncRunValues();
                say(fmt::format("Срок ответа продлён: до {} ({}) — сообщите абоненту",
                                session.card().deferredDue, weekdayRu(deferred.deadline())));
                session.callbacksChanged();
            });
        } catch (const std::exception& e) {
            toUi([this, what = std::string(e.what())] { say("Срок не продлён: " + what); });
        }
    });
}

bool JournalClient::flag(CallSession&, journal::KbFlag flag, bool inCall) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, toUi, this, flag, inCall]() mutable {
        try {
            if (inCall && link->currentId != 0)
                flag.callId = link->currentId;
            if (viaOutbox(*link)) {
                link->box().flagEntry(flag);
                return;
            }
            try {
                link->open().flagEntry(flag);
            } catch (const std::exception& e) {
                if (!link->server)
                    throw;
                goOffline(e.what());
                link->box().flagEntry(flag);
            }
        } catch (const std::exception& e) {
            toUi([this, what = std::string(e.what())] { say("Отметка не записана: " + what); });
        }
    });
    return true;
}

void JournalClient::searchUsed(const std::string& query, const std::string& entryId) {
    auto link = m_link;
    m_tasks.post([link, query, entryId, this] {
        if (link->currentId == 0 || entryId.empty())
            return;
        try {
            // offline, or a call the server has not seen yet: it waits with the call's record
            if (viaOutbox(*link)) {
                link->box().recordSearchUse(query, entryId, link->currentId);
                return;
            }
            try {
                link->open().recordSearchUse(query, entryId, link->currentId);
            } catch (const std::exception& e) {
                if (!link->server)
                    throw;
                goOffline(e.what());
                link->box().recordSearchUse(query, entryId, link->currentId);
            }
        } catch (const std::exception&) {
            // a wording to learn from, not the caller's record
        }
    });
}

bool JournalClient::emptySearch(const std::string& query, const std::string& department,
                                bool inCall) {
    auto link = m_link;
    m_tasks.post([link, query, department, inCall, this] {
        std::optional<journal::CallId> callId;
        if (inCall && link->currentId != 0)
            callId = link->currentId;
        try {
            if (viaOutbox(*link)) {
                link->box().recordEmptySearch(query, department, callId);
                return;
            }
            try {
                link->open().recordEmptySearch(query, department, callId);
            } catch (const std::exception& e) {
                if (!link->server)
                    throw;
                goOffline(e.what());
                link->box().recordEmptySearch(query, department, callId);
            }
        } catch (const std::exception&) {
            // a search that found nothing is a hint for the KB, not the caller's record
        }
    });
    return true;
}

void JournalClient::saveOutgoing(const journal::OutgoingCall& call, bool forCurrent,
                                 std::function<void(int)> saved,
                                 std::function<void(std::string)> failed) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, toUi, this, call = journal::OutgoingCall(call), forCurrent,
                  saved = std::move(saved), failed = std::move(failed)]() mutable {
        try {
            // a call started offline has a local id: the outbox links the row to it when sent
            if (forCurrent && link->currentId != 0)
                call.incomingId = link->currentId;
            if (link->server)
                flushOutbox(false); // what waits goes first: the register keeps its order
            const bool local = call.incomingId && journal::Outbox::isLocal(*call.incomingId);
            if (!(link->server && (link->offline || local))) {
                try {
                    auto& journal = link->open();
                    const journal::CallId id = journal.addOutgoing(call);
                    const auto stored = journal.outgoing(id);
                    toUi([saved, number = stored ? stored->number : 0] { saved(number); });
                    return;
                } catch (const std::exception& e) {
                    if (!link->server)
                        throw;
                    goOffline(e.what());
                }
            }
            // the server is out of reach: the workstation keeps the row until it is back
            link->box().addOutgoing(call);
            toUi([saved] { saved(0); });
        } catch (const std::exception& e) {
            toUi([failed, what = std::string(e.what())] { failed(what); });
        }
    });
}

void JournalClient::loadHistory(const std::string& phone,
                                std::function<void(journal::CallerHistory)> loaded,
                                std::function<void(std::string)> failed) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, toUi, phone, loaded = std::move(loaded), failed = std::move(failed)] {
        try {
            std::optional<journal::CallId> except;
            if (link->currentId != 0)
                except = link->currentId;
            journal::CallerHistory history =
                link->open().callerHistory(phone, todayLocal(), except);
            toUi([loaded, history = std::move(history)]() mutable { loaded(std::move(history)); });
        } catch (const std::exception& e) {
            toUi([failed, what = std::string(e.what())] { failed(what); });
        }
    });
}

void JournalClient::onJournal(JournalTask task, std::function<void(std::string)> failed) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, toUi, task = std::move(task), failed = std::move(failed)] {
        try {
            // a call the server has not seen yet is not there to link or book for
            const journal::CallId current = viaOutbox(*link) ? 0 : link->currentId;
            if (auto then = task(link->open(), current))
                toUi(std::move(then));
        } catch (const std::exception& e) {
            toUi([failed, what = std::string(e.what())] { failed(what); });
        }
    });
}

void JournalClient::watchChanges(std::function<void()> changed) {
    m_watch = {}; // the previous watcher stops first
    if (!changed)
        return;
    auto toUi = m_tasks.toUi;
    const bool registered = m_link->identityError.empty();
    m_watch = std::jthread([path = m_link->path, session = m_link->session, registered, toUi,
                            changed = std::move(changed), link = m_link, post = m_tasks.post,
                            this](std::stop_token stop) {
        // A connection of its own: the worker's may be busy saving a card. It is woken by the
        // journal's change counter (a server's notification, or a poll of a file's), and its
        // first look after opening counts as a change: nothing is missed while it was away.
        std::optional<journal::Journal> journal;
        std::int64_t seen = -1;
        auto nextBeat = std::chrono::steady_clock::now();
        while (!stop.stop_requested()) {
            try {
                if (!journal) {
                    journal.emplace(journal::Journal::open(path));
                    if (registered)
                        journal->attachConsole(session, false);
                    seen = -1;
                }
                if (link->offline) // the server answers again: what waits is sent now
                    post([this] { flushOutbox(true); });
                const std::int64_t seq = journal->waitForChange(seen, 500ms);
                link->watcherAway = false;
                if (seq != seen) {
                    seen = seq;
                    toUi(changed);
                }
                if (std::chrono::steady_clock::now() >= nextBeat) {
                    journal->heartbeat(); // this run is alive: its call is its own
                    nextBeat = std::chrono::steady_clock::now() + journal::Journal::kHeartbeatEvery;
                }
            } catch (const std::exception&) {
                // the journal is out of reach: the worker's own writes say so; look again soon
                journal.reset();
                link->watcherAway = link->server;
                for (int i = 0; i < 20 && !stop.stop_requested(); ++i)
                    std::this_thread::sleep_for(100ms);
            }
        }
    });
}

bool JournalClient::serverAway() const {
    // `server` is set before the first task and never again
    return m_link->server && (m_link->offline || m_link->watcherAway);
}

void JournalClient::loadStatus(std::function<void(journal::HotlineStatus)> loaded,
                               std::function<void(std::string)> failed) {
    auto link = m_link;
    auto toUi = m_tasks.toUi;
    m_tasks.post([link, toUi, loaded = std::move(loaded), failed = std::move(failed)] {
        try {
            journal::HotlineStatus status =
                journal::hotlineStatus(link->open(), journal::nowTimestamp());
            toUi([loaded, status = std::move(status)]() mutable { loaded(std::move(status)); });
        } catch (const std::exception& e) {
            toUi([failed, what = std::string(e.what())] { failed(what); });
        }
    });
}

} // namespace sufler::console
