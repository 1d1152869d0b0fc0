// The operator's console: panels, keys and the rules of a call.
#include "console/console.h"
#include "console/overlay.h"
#include "console/training_mode.h"

#include "sufler/journal/journal.h"
#include "sufler/kb/calendar.h"
#include "sufler/kb/date.h"
#include "sufler/kb/kb.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <mutex>

namespace sufler::console {

// The journal and the id of the call being taken; used only by tasks on the worker thread.
struct JournalLink {
    std::filesystem::path path;
    std::optional<journal::Journal> journal;
    journal::CallId currentId = 0;
    bool failed = false;
    std::string lastRun; // the script run as last written beside the journal
};

namespace {

using SteadyClock = std::chrono::steady_clock;

// Opens the journal on first use (on the worker thread).
journal::Journal& openJournal(JournalLink& link) {
    if (!link.journal)
        link.journal.emplace(journal::Journal::open(
            link.path.empty() ? journal::Journal::defaultPath() : link.path));
    return *link.journal;
}

std::string_view weekdayRu(const Date& date) {
    static const char* names[] = {"воскресенье", "понедельник", "вторник", "среда",
                                  "четверг",     "пятница",     "суббота"};
    return names[std::chrono::weekday(std::chrono::sys_days(date)).c_encoding()];
}

std::string letters(std::string_view text) {
    // lower case, letters and digits only: to match a script's question to the card's
    std::string lower = lowerRu(text);
    std::string out;
    for (std::size_t i = 0; i < lower.size(); ++i) {
        const auto c = static_cast<unsigned char>(lower[i]);
        if (c >= 0x80 || std::isalnum(c))
            out += lower[i];
    }
    return out;
}

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
                     ? std::string("по скрипту")
                     : transfer.name +
                           (transfer.organization.empty() ? "" : ", " + transfer.organization);
        row.department = transfer.department;
        row.note = transfer.phone;
        call.transfers.push_back(std::move(row));
    }
    const auto& questions = surveyQuestions();
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
    (void)questions;
    call.durationSeconds = card.elapsedSeconds();
    call.kbAnswer = card.kbNoAnswer              ? journal::KbAnswer::NotFound
                    : card.openedEntries.empty() ? journal::KbAnswer::Unknown
                                                 : journal::KbAnswer::Found;
    call.source = "console";
    return call;
}

// The card of a call the journal kept open, for the console to take it up again.
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
    for (const journal::Transfer& row : call.transfers) {
        Transfer transfer;
        transfer.viaScript = row.to == "по скрипту"; // counted by a step, not yet named
        transfer.name = transfer.viaScript ? std::string() : row.to;
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

// The script run of the open call, beside the journal (`journal.sqlite.run.json`), so that a
// console that crashed resumes on the same step. Placeholder values (the caller's name...) are
// left out: personal data stays in the journal alone. The callback's convenient hours typed
// before a deferred answer is booked are kept here too (the journal stores them with the
// booking). Nothing to keep: the file is removed.
std::filesystem::path runFile(const JournalLink& link) {
    return link.journal->path().string() + ".run.json";
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

} // namespace

Console::Console(Options options, Settings& settings, std::function<void()> wake)
    : m_options(std::move(options)), m_settings(settings),
      m_journal(std::make_shared<JournalLink>()) {
    m_journal->path = m_options.journalPath;
    Worker::Config config;
    config.kbRoot = m_options.kbRoot;
    config.dbDir = m_options.dbDir;
    config.pollSeconds = m_options.pollSeconds;
    config.fetchSeconds = m_options.fetchSeconds;
    config.wake = std::move(wake);
    m_worker = std::make_unique<Worker>(std::move(config));
    if (m_options.mode == Mode::Training)
        m_training = std::make_unique<TrainingMode>(*this);
}

Console::~Console() {
    if (m_card.active && !m_card.closed)
        saveCard(false); // the call stays open in the journal; it shows up after a restart
    m_worker.reset();    // joins: every posted save has run
}

double Console::idleTimeout() const {
    if ((m_card.active && !m_card.closed) || (m_training && m_training->needsTicks()))
        return 0.5; // the call timer; training times how long an entry stays open
    if (m_emptyPending)
        return 0.5; // a search that found nothing is recorded once the operator pauses
    if (!m_message.empty() || m_worker->indexing())
        return 1.0;
    return 5.0;
}

void Console::message(std::string text) {
    m_message = std::move(text);
    m_messageAt = SteadyClock::now();
}

void Console::dropTextFocus() {
    ImGui::ClearActiveID();
}

// ------------------------------------------------------------------ mail from the worker

void Console::collectMail() {
    Worker::Mail mail = m_worker->collect();
    if (mail.snapshot) {
        const bool first = !m_snapshot || !m_snapshot->kb;
        if (mail.snapshot->kb) {
            m_snapshot = mail.snapshot;
            m_entry.onNewSnapshot();
        } else if (m_snapshot) {
            // the update failed before the KB was read: keep the old one, say why
            auto kept = std::make_shared<KbSnapshot>(*m_snapshot);
            kept->error = mail.snapshot->error;
            m_snapshot = kept;
        } else {
            m_snapshot = mail.snapshot;
        }
        const auto& snapshot = *mail.snapshot;
        std::size_t errors = 0;
        for (const auto& diagnostic : snapshot.diagnostics)
            errors += diagnostic.severity == Severity::Error ? 1 : 0;
        if (!snapshot.error.empty())
            message("База знаний не обновлена: " + snapshot.error);
        else if (!snapshot.stats.damage.empty())
            message(fmt::format("Индекс был повреждён ({}) и построен заново: записей {}",
                                snapshot.stats.damage, snapshot.stats.entries));
        else if (!first)
            message(fmt::format("База знаний обновлена ({}): записей {}{}", snapshot.trigger,
                                snapshot.stats.entries,
                                errors ? fmt::format(", ошибок в файлах: {}", errors) : ""));
        else if (errors)
            message(fmt::format("Ошибок в файлах базы: {} — остальное доступно", errors));
        if (first && m_snapshot->kb && !m_training && !m_card.active)
            resumeOpenCall();
        if (first && m_snapshot->kb && !m_training)
            loadCallbacks();
        // new search results for the same words against the new index
        if (!m_search.state().query.empty())
            m_search.setAwaited(m_worker->search(
                m_search.state().query, indexer::SearchOptions{"", m_search.state().kind}));
    }
    if (mail.search)
        m_search.onReply(std::move(*mail.search));
    for (auto& notice : mail.notices)
        message(std::move(notice));
    for (auto& task : mail.forUi)
        task();
}

// ------------------------------------------------------------------ keys

bool Console::surveyKeysActive() const {
    if (m_card.closed || !m_card.active)
        return false;
    if (m_cardView.surveyMode() && m_card.nextSurveyQuestion())
        return true;
    return m_run && ScriptView::pendingSurvey(*m_run).has_value();
}

void Console::handleKeys() {
    const ImGuiIO& io = ImGui::GetIO();
    KeyContext context;
    context.textInputActive = io.WantTextInput;
    context.searchFocused = m_search.inputActive();
    // a training screen (menu, result…) has the keyboard: only the always-on keys act
    context.helpOpen = m_help.isOpen() || (m_training && m_training->overlayOpen());
    context.surveyOpen = surveyKeysActive();
    // the queue has the keys unless another field (the search box, the card) is typed in
    context.callbacksFocused =
        m_callbacks.isOpen() && (!io.WantTextInput || m_callbacks.textActive());
    context.callbackResultOpen = m_callbacks.editing();
    for (const KeyEvent& event : m_keymap.translate(Keymap::snapshotFromImGui(), context)) {
        switch (event.action) {
        case Action::Help:
            m_help.toggle();
            break;
        case Action::Back:
            if (m_training && m_training->overlayOpen() && !m_help.isOpen())
                break; // the training screen goes back itself
            if (m_help.isOpen())
                m_help.close();
            else if (m_callbacks.editing())
                m_callbacks.closeEdit(); // the first Esc cancels the field, the next one the queue
            else if (m_callbacks.isOpen())
                m_callbacks.setOpen(false);
            else if (m_showProblems)
                m_showProblems = false;
            else if (m_cardView.surveyMode() && !m_card.closed)
                m_cardView.setSurveyMode(false);
            else if (!m_entry.openId().empty() && !m_search.inputActive())
                m_search.focus();
            else if (m_search.inputActive())
                m_search.focus(std::string());
            else
                m_search.focus();
            break;
        case Action::Quit:
            m_quit = true;
            break;
        case Action::FocusSearch:
            m_search.focus();
            break;
        case Action::ResultUp:
            m_search.moveSelection(-1);
            break;
        case Action::ResultDown:
            m_search.moveSelection(1);
            break;
        case Action::OpenResult:
            if (auto id = m_search.selectedId())
                openEntry(*id);
            break;
        case Action::NewCall:
            newCall();
            break;
        case Action::EndCall:
            endCall();
            break;
        case Action::ChooseWay:
            chooseWay(static_cast<std::size_t>(event.index - 1));
            break;
        case Action::ScriptBack:
            scriptBack();
            break;
        case Action::ToggleTask:
            toggleTask(static_cast<std::size_t>(event.index - 1));
            break;
        case Action::CopyTemplate:
            copyTemplate();
            break;
        case Action::Transfer:
            transfer();
            break;
        case Action::FocusCard:
            m_cardView.focus(CardField::Phone);
            break;
        case Action::SurveyAnswer:
            answerSurvey(event.index - 1);
            break;
        case Action::DeferAnswer:
            deferAnswer();
            break;
        case Action::ExtendDeferred:
            extendDeferred();
            break;
        case Action::Callbacks:
            if (m_training) {
                message("Учебный режим: очереди обратных звонков нет");
                break;
            }
            m_callbacks.setOpen(!m_callbacks.isOpen());
            if (m_callbacks.isOpen()) {
                dropTextFocus(); // the arrows and Enter go to the queue
                loadCallbacks(); // fresh: another operator may have booked or answered some
            }
            break;
        case Action::CallbackUp:
            m_callbacks.moveSelection(-1);
            break;
        case Action::CallbackDown:
            m_callbacks.moveSelection(1);
            break;
        case Action::CallbackResult:
            startCallbackEdit(CallbackEdit::Result);
            break;
        case Action::CallbackExtend:
            startCallbackEdit(CallbackEdit::Extend);
            break;
        case Action::CallbackRecord:
            saveCallbackEdit();
            break;
        case Action::FlagOutdated:
            flagOutdated();
            break;
        case Action::FlagNoAnswer:
            flagNoAnswer();
            break;
        case Action::ZoomIn:
            m_settings.zoom = std::min(2.5f, m_settings.zoom * 1.1f);
            m_fontRebuild = m_settingsDirty = true;
            break;
        case Action::TrainingMenu:
            if (m_training)
                m_training->toggleMenu();
            break;
        case Action::ZoomOut:
            m_settings.zoom = std::max(0.6f, m_settings.zoom / 1.1f);
            m_fontRebuild = m_settingsDirty = true;
            break;
        }
    }
}

// ------------------------------------------------------------------ the call

const std::string* Console::incomingScriptId() const {
    if (!m_snapshot || !m_snapshot->scripts)
        return nullptr;
    const scripts::Script* best = nullptr;
    for (const auto& script : m_snapshot->scripts->scripts()) {
        if (script.kind != scripts::ScriptKind::Incoming)
            continue;
        const bool named = script.id.find("incoming") != std::string::npos ||
                           script.id.find("входящ") != std::string::npos;
        if (!best || named)
            best = &script;
        if (named)
            break;
    }
    return best ? &best->id : nullptr;
}

void Console::newCall() {
    if (m_card.active && !m_card.closed && !m_newCallConfirm) {
        message(fmt::format("Звонок № {} не завершён: Ctrl+E — опрос и завершение; Ctrl+N ещё "
                            "раз — начать новый",
                            m_card.number));
        m_newCallConfirm = true;
        return;
    }
    if (m_card.active && !m_card.closed)
        saveCard(false); // left open in the journal, as it is
    m_newCallConfirm = false;
    m_flaggedEntries.clear();
    ++m_callsTaken;
    m_card.start(m_callsTaken, m_settings.operatorName);
    m_cardView.setSurveyMode(false);
    m_run.reset();
    if (const std::string* scriptId = incomingScriptId()) {
        try {
            scripts::Values values = scripts::profileValues(m_snapshot->kb->profile);
            m_run.emplace(m_snapshot->scripts, *scriptId, values);
        } catch (const std::exception& e) {
            message(std::string("Скрипт не запущен: ") + e.what());
        }
    } else {
        message("В базе знаний нет скрипта входящего звонка: карточка ведётся без скрипта");
    }
    syncRunValues();
    if (m_training) { // a simulated call: nothing of it reaches the journal
        m_lastCardSave = SteadyClock::now();
        onStepEntered();
        return;
    }
    // register the call at once: the journal gives it its number of the year
    auto link = m_journal;
    journal::IncomingCall call = toIncoming(m_card, m_run ? &*m_run : nullptr);
    Worker* worker = m_worker.get();
    const int localNumber = m_card.number;
    m_worker->post([link, call, worker, this, localNumber]() mutable {
        if (link->failed)
            return;
        try {
            if (!link->journal)
                link->journal.emplace(journal::Journal::open(
                    link->path.empty() ? journal::Journal::defaultPath() : link->path));
            call.number = 0;
            link->currentId = link->journal->startIncoming(call);
            const auto stored = link->journal->incoming(link->currentId);
            if (stored)
                worker->toUi([this, number = stored->number, localNumber] {
                    if (m_card.number == localNumber)
                        m_card.number = number;
                });
        } catch (const std::exception& e) {
            link->failed = true;
            worker->toUi([this, what = std::string(e.what())] {
                message("Журнал недоступен, карточка хранится только в памяти: " + what);
            });
        }
    });
    m_lastCardSave = SteadyClock::now();
    onStepEntered();
}

void Console::resumeOpenCall() {
    // A call the console left open (a crash, a power cut, kill -9) is taken up again, so that
    // what was typed is in front of the operator and the call is closed with its survey.
    auto link = m_journal;
    Worker* worker = m_worker.get();
    m_worker->post([link, worker, this] {
        try {
            if (!link->journal)
                link->journal.emplace(journal::Journal::open(
                    link->path.empty() ? journal::Journal::defaultPath() : link->path));
            std::optional<journal::IncomingCall> last;
            for (auto& call : link->journal->openCalls())
                if (call.source == "console" && (!last || call.id > last->id))
                    last = std::move(call);
            if (!last)
                return;
            link->currentId = last->id;
            const auto deferred = link->journal->deferred(last->id);
            worker->toUi([this, call = *last, saved = loadRun(*link, last->id), deferred] {
                restoreCard(call, saved.run);
                if (!m_card.active || m_card.number != call.number)
                    return;
                m_card.convenientHours = saved.convenientHours;
                if (deferred) {
                    m_card.deferredDue = formatRussianDate(deferred->deadline());
                    m_card.deferredExtended = deferred->extendedTo.has_value();
                    m_card.convenientHours = deferred->convenientHours;
                }
                syncRunValues();
            });
        } catch (const std::exception& e) {
            worker->toUi([this, what = std::string(e.what())] {
                message("Журнал недоступен, карточка хранится только в памяти: " + what);
            });
        }
    });
}

void Console::restoreCard(const journal::IncomingCall& call, const std::string& run) {
    if (m_card.active)
        return; // the operator started a call meanwhile; the old one stays open in the journal
    m_card = fromIncoming(call);
    m_callsTaken = std::max(m_callsTaken, call.number);
    m_run.reset();
    bool resumed = false;
    if (!run.empty()) {
        try {
            m_run.emplace(scripts::Runner::deserialize(m_snapshot->scripts, run));
            resumed = true;
        } catch (const std::exception&) {
            // the scripts changed since: the run starts again below
        }
    }
    if (!m_run) {
        if (const std::string* scriptId = incomingScriptId()) {
            try {
                m_run.emplace(m_snapshot->scripts, *scriptId,
                              scripts::profileValues(m_snapshot->kb->profile));
            } catch (const std::exception&) {
                m_run.reset();
            }
        }
    }
    if (m_run) // placeholder values are not kept beside the journal: they come from the card
        for (const auto& [name, value] : scripts::profileValues(m_snapshot->kb->profile))
            m_run->setValue(name, value);
    syncRunValues();
    message(fmt::format("Звонок № {} не был завершён и восстановлен: карточка как была, {}. "
                        "Ctrl+E — опрос и завершение",
                        m_card.number, resumed ? "скрипт на том же шаге" : "скрипт начат сначала"));
}

void Console::saveCard(bool closing) {
    if (!m_card.active || m_training) // training calls are kept in training.sqlite only
        return;
    auto link = m_journal;
    journal::IncomingCall call = toIncoming(m_card, m_run ? &*m_run : nullptr);
    Worker* worker = m_worker.get();
    std::string run = m_run ? m_run->serialize() : std::string();
    m_worker->post(
        [link, call, closing, worker, this, run = std::move(run), hours = m_card.convenientHours] {
            if (!link->journal || link->currentId == 0)
                return;
            try {
                link->journal->saveCard(link->currentId, call);
                if (closing)
                    link->journal->closeCall(link->currentId, call.survey);
                if (closing)
                    saveRun(*link, {}, {});
                else
                    saveRun(*link, run, hours);
            } catch (const std::exception& e) {
                worker->toUi([this, what = std::string(e.what())] {
                    message("Карточка не записана в журнал: " + what);
                });
            }
        });
    m_cardDirty = false;
    m_lastCardSave = SteadyClock::now();
}

void Console::cardChanged() {
    m_cardDirty = true;
    syncRunValues();
}

void Console::endCall() {
    if (!m_card.active || m_card.closed) {
        message("Звонка нет: Ctrl+N — новый звонок");
        return;
    }
    if (!m_card.surveyComplete()) {
        m_cardView.setSurveyMode(true);
        dropTextFocus();
        const auto next = *m_card.nextSurveyQuestion();
        message(fmt::format("Опрос: «{}» — клавиши 1–{}", surveyQuestions()[next].text,
                            surveyQuestions()[next].answers.size()));
        return;
    }
    m_card.ended = CallCard::Clock::now();
    m_card.closed = true;
    m_cardView.setSurveyMode(false);
    if (!m_card.operatorName.empty() && m_card.operatorName != m_settings.operatorName) {
        m_settings.operatorName = m_card.operatorName;
        m_settingsDirty = true;
    }
    if (m_training) {
        m_training->callEnded();
        return;
    }
    saveCard(true);
    message(fmt::format("Звонок № {} завершён ({}) и записан", m_card.number,
                        formatDuration(m_card.elapsedSeconds())));
}

void Console::recordCardSurvey(std::size_t question, int option) {
    if (m_card.answerSurvey(question, option))
        cardChanged();
    if (m_cardView.surveyMode() && m_card.surveyComplete())
        endCall(); // Ctrl+E started the survey: its last answer ends the call
}

void Console::recordScriptSurvey(std::size_t question, std::size_t option) {
    if (!m_run || !m_run->recordSurvey(question, option))
        return;
    // the same question on the card, matched by its words
    const auto& asked = m_run->surveyQuestions()[question];
    const auto& questions = surveyQuestions();
    for (std::size_t q = 0; q < questions.size(); ++q) {
        if (letters(questions[q].text) != letters(asked.text))
            continue;
        const std::string label = letters(asked.options[option]);
        for (std::size_t o = 0; o < questions[q].answers.size(); ++o)
            if (letters(questions[q].answers[o]) == label)
                recordCardSurvey(q, static_cast<int>(o));
    }
    cardChanged();
}

void Console::answerSurvey(int option) {
    if (m_run && !m_cardView.surveyMode()) {
        if (const auto pending = ScriptView::pendingSurvey(*m_run)) {
            if (option >= 0 && static_cast<std::size_t>(option) <
                                   m_run->surveyQuestions()[*pending].options.size())
                recordScriptSurvey(*pending, static_cast<std::size_t>(option));
            return;
        }
    }
    if (const auto next = m_card.nextSurveyQuestion())
        recordCardSurvey(*next, option);
}

void Console::chooseWay(std::size_t way) {
    if (!m_run) {
        message("Скрипта нет: Ctrl+N — новый звонок");
        return;
    }
    if (way >= m_run->ways().size()) {
        message(fmt::format("В этом шаге нет варианта {}", way + 1));
        return;
    }
    const int before = m_run->transferCount();
    switch (m_run->choose(way)) {
    case scripts::ChooseResult::Ok:
        syncTransfers(before);
        onStepEntered();
        cardChanged();
        break;
    case scripts::ChooseResult::TransferLimit:
        message(fmt::format("Не более {} переводов за звонок", kMaxTransfers));
        break;
    case scripts::ChooseResult::NoSuchWay:
        message(fmt::format("В этом шаге нет варианта {}", way + 1));
        break;
    case scripts::ChooseResult::UnresolvedStep:
        message("Шаг, куда ведёт этот вариант, в скриптах не найден");
        break;
    }
}

void Console::scriptBack() {
    if (!m_run || !m_run->canGoBack())
        return;
    const int before = m_run->transferCount();
    m_run->back();
    syncTransfers(before);
    onStepEntered();
    cardChanged();
}

void Console::toggleTask(std::size_t task) {
    if (!m_run)
        return;
    if (m_run->toggleTask(task)) {
        // a task that names an action performs it when ticked
        const auto tasks = m_run->tasks();
        if (task < tasks.size() && tasks[task].done && !tasks[task].actions.empty())
            perform(tasks[task].actions.front());
        cardChanged();
    }
}

void Console::syncTransfers(int transfersBefore) {
    if (!m_run)
        return;
    const int after = m_run->transferCount();
    for (int i = transfersBefore; i < after; ++i) {
        // a transfer step entered: it counts now; Ctrl+T on a contact names it
        Transfer transfer;
        transfer.viaScript = true;
        if (!m_card.addTransfer(transfer))
            message(fmt::format("Не более {} переводов за звонок", kMaxTransfers));
    }
    for (int i = after; i < transfersBefore; ++i) {
        // went back over a transfer step: that transfer did not happen
        for (auto it = m_card.transfers.rbegin(); it != m_card.transfers.rend(); ++it)
            if (it->viaScript) {
                m_card.transfers.erase(std::next(it).base());
                break;
            }
    }
}

void Console::onStepEntered() {
    if (!m_run)
        return;
    const scripts::Step& step = m_run->current();
    if (!step.survey.empty())
        dropTextFocus(); // the survey answers by digits
    // the step's first action that moves the keyboard is done at once
    for (const scripts::Action& action : step.allActions()) {
        if (action.kind == scripts::ActionKind::Search ||
            action.kind == scripts::ActionKind::Contacts ||
            action.kind == scripts::ActionKind::Card) {
            perform(action);
            break;
        }
    }
}

void Console::perform(const scripts::Action& action) {
    using scripts::ActionKind;
    switch (action.kind) {
    case ActionKind::Search:
        m_search.focus(action.argument.empty() ? std::optional<std::string>() : action.argument,
                       std::optional<kb::EntryKind>());
        break;
    case ActionKind::Contacts:
        m_search.focus(action.argument.empty() ? std::optional<std::string>() : action.argument,
                       std::optional<kb::EntryKind>(kb::EntryKind::Contact));
        break;
    case ActionKind::Card:
        if (const auto field = cardFieldByName(action.argument))
            m_cardView.focus(*field);
        break;
    case ActionKind::Transfer:
        transfer();
        break;
    case ActionKind::Callback:
        // the first time books the callback; on a call that has one, it is the extension
        if (m_card.deferredDue.empty())
            deferAnswer();
        else
            extendDeferred();
        break;
    case ActionKind::Survey:
        break; // answers are recorded through the survey itself
    case ActionKind::End:
        endCall();
        break;
    }
}

void Console::performLink(const std::string& href) {
    // `sufler:search/запрос` written in an entry
    scripts::Action action;
    std::string rest = href.substr(std::string("sufler:").size());
    const auto slash = rest.find('/');
    const std::string name = rest.substr(0, slash);
    action.argument = slash == std::string::npos ? "" : rest.substr(slash + 1);
    static const std::pair<const char*, scripts::ActionKind> kinds[] = {
        {"search", scripts::ActionKind::Search},     {"contacts", scripts::ActionKind::Contacts},
        {"card", scripts::ActionKind::Card},         {"transfer", scripts::ActionKind::Transfer},
        {"callback", scripts::ActionKind::Callback}, {"end", scripts::ActionKind::End},
    };
    for (const auto& [known, kind] : kinds)
        if (name == known) {
            action.kind = kind;
            perform(action);
            return;
        }
    message("Неизвестное действие: " + href);
}

void Console::syncRunValues() {
    if (!m_run)
        return;
    auto values = placeholderValues(m_card, m_snapshot && m_snapshot->kb ? &m_snapshot->kb->profile
                                                                         : nullptr);
    // the open contact is whom the call would go to
    const ViewContext context{Fonts{}, m_snapshot.get()};
    if (const kb::Entry* entry = m_entry.entry(context);
        entry && entry->kind == kb::EntryKind::Contact) {
        std::string person(entry->field("ФИО"));
        std::string organization(entry->field("Организация"));
        if (organization.empty())
            organization = context.departmentTitle(entry->department);
        values["специалист"] = person.empty() ? organization : person;
        values["должность"] = std::string(entry->field("Должность"));
        values["организация перевода"] = organization;
        values["ведомство"] = organization;
        values["контакты ведомства"] =
            std::string(entry->field("Телефон")) +
            (entry->field("Адрес").empty() ? "" : ", " + std::string(entry->field("Адрес")));
    }
    for (const auto& placeholder : scripts::knownPlaceholders()) {
        std::string key = lowerRu(placeholder.name);
        std::replace(key.begin(), key.end(), '_', ' ');
        const auto found = values.find(key);
        if (found != values.end() && !found->second.empty())
            m_run->setValue(std::string(placeholder.name), found->second);
    }
}

void Console::openEntry(const std::string& id) {
    m_entry.open(id);
    dropTextFocus();
    const ViewContext context{Fonts{}, m_snapshot.get()};
    const kb::Entry* entry = m_entry.entry(context);
    if (!entry)
        return;
    if (m_training)
        m_training->entryOpened(entry->id);
    if (m_card.active && !m_card.closed) {
        m_card.noteOpened(id);
        if (entry->kind != kb::EntryKind::Contact && !entry->department.empty())
            m_card.department = entry->department;
        if (m_card.question.empty() && entry->kind == kb::EntryKind::Faq)
            m_card.question = entry->title; // the operator may reword it
        cardChanged();
    }
}

void Console::copyTemplate() {
    const ViewContext context{Fonts{}, m_snapshot.get()};
    const kb::Entry* entry = m_entry.entry(context);
    if (!entry || entry->kind != kb::EntryKind::Template) {
        message("Откройте шаблон, чтобы скопировать его (поиск: Ctrl+F)");
        return;
    }
    m_clipboard = EntryView::templateText(*entry, m_card, &m_snapshot->kb->profile);
    ImGui::SetClipboardText(m_clipboard.c_str());
    const auto left = scripts::placeholdersIn(m_clipboard);
    message(m_clipboard.find("{{") == std::string::npos
                ? "Шаблон скопирован в буфер обмена"
                : "Шаблон скопирован; не заполнены поля в {{…}} — их нет в карточке");
    (void)left;
    if (m_card.active && !m_card.closed) {
        m_card.noteOpened(entry->id);
        cardChanged();
    }
}

void Console::transfer() {
    const ViewContext context{Fonts{}, m_snapshot.get()};
    const kb::Entry* entry = m_entry.entry(context);
    if (!m_card.active || m_card.closed) {
        message("Звонка нет: Ctrl+N — новый звонок");
        return;
    }
    if (!entry || entry->kind != kb::EntryKind::Contact) {
        message("Откройте контакт, на который переводите звонок (поиск: Ctrl+F)");
        return;
    }
    Transfer transfer;
    transfer.entryId = entry->id;
    std::string person(entry->field("ФИО"));
    std::string position(entry->field("Должность"));
    transfer.organization = std::string(entry->field("Организация"));
    if (transfer.organization.empty())
        transfer.organization = context.departmentTitle(entry->department);
    transfer.name =
        person.empty() ? transfer.organization : person + (position.empty() ? "" : ", " + position);
    transfer.phone = std::string(entry->field("Телефон"));
    transfer.department = entry->department;
    // a transfer step of the script counted it already: name it
    if (m_run && m_run->current().isTransfer() && !m_card.transfers.empty() &&
        m_card.transfers.back().viaScript && m_card.transfers.back().name.empty()) {
        transfer.viaScript = true;
        Transfer& last = m_card.transfers.back();
        last = transfer;
        if (!last.organization.empty() &&
            m_card.organizations.find(last.organization) == std::string::npos)
            m_card.organizations += (m_card.organizations.empty() ? "" : "; ") + last.organization;
    } else if (!m_card.addTransfer(transfer)) {
        message(fmt::format("Не более {} переводов за звонок", kMaxTransfers));
        return;
    }
    m_card.noteOpened(entry->id);
    message(fmt::format("Перевод {} из {}: {} {}", m_card.transfers.size(), kMaxTransfers,
                        transfer.name, transfer.phone));
    cardChanged();
}

// ------------------------------------------------------------------ deferred answers, KB flags

void Console::deferAnswer() {
    if (!m_card.active) {
        message("Звонка нет: Ctrl+N — новый звонок");
        return;
    }
    if (!m_card.deferredDue.empty()) {
        message(fmt::format("Обратный звонок уже назначен: до {}", m_card.deferredDue));
        return;
    }
    // both are needed to call back: the missing one gets the keyboard
    if (m_card.phone.find_first_not_of(" \t") == std::string::npos) {
        m_cardView.focus(CardField::Phone);
        message("Отложенный ответ: запишите телефон для обратного звонка, затем Ctrl+D");
        return;
    }
    if (m_card.convenientHours.find_first_not_of(" \t") == std::string::npos) {
        m_cardView.focus(CardField::ConvenientHours);
        message("Отложенный ответ: запишите удобное абоненту время, затем Ctrl+D");
        return;
    }
    if (m_training) {
        message("Учебный звонок: обратный звонок в журнал не записывается");
        return;
    }
    if (!m_card.closed)
        saveCard(false); // the phone as typed is in the journal before the booking
    auto link = m_journal;
    Worker* worker = m_worker.get();
    auto kb = m_snapshot ? m_snapshot->kb : nullptr;
    const int number = m_card.number;
    m_worker->post(
        [link, worker, this, kb, number, phone = m_card.phone, hours = m_card.convenientHours] {
            if (link->failed || !link->journal || link->currentId == 0) {
                worker->toUi([this] {
                    message("Журнал недоступен: обратный звонок не назначен, запишите его вручную");
                });
                return;
            }
            try {
                if (kb) // the due date follows the organisation's production calendar
                    link->journal->setCalendar(kb::WorkCalendar(kb->profile));
                const journal::Deferred deferred =
                    link->journal->deferAnswer(link->currentId, phone, hours);
                worker->toUi([this, deferred, number] {
                    if (m_card.number != number)
                        return;
                    m_card.deferredDue = formatRussianDate(deferred.due);
                    syncRunValues();
                    message(fmt::format("Обратный звонок назначен: до {} ({}), {}, {} — назовите "
                                        "абоненту срок",
                                        m_card.deferredDue, weekdayRu(deferred.due), deferred.phone,
                                        deferred.convenientHours));
                    loadCallbacks();
                });
            } catch (const std::exception& e) {
                worker->toUi([this, what = std::string(e.what())] {
                    message("Обратный звонок не назначен: " + what);
                });
            }
        });
}

void Console::extendDeferred() {
    if (!m_card.active || m_card.deferredDue.empty()) {
        message("Отложенный ответ не назначен: Ctrl+D — назначить");
        return;
    }
    if (m_card.deferredExtended) {
        message(fmt::format("Срок уже продлён: до {}", m_card.deferredDue));
        return;
    }
    if (m_training)
        return;
    // the rules allow up to ten working days when a written request is needed; the operator
    // tells the caller the new date at once (the script's step says it)
    auto link = m_journal;
    Worker* worker = m_worker.get();
    auto kb = m_snapshot ? m_snapshot->kb : nullptr;
    const int number = m_card.number;
    m_worker->post([link, worker, this, kb, number] {
        if (!link->journal || link->currentId == 0)
            return;
        try {
            if (kb)
                link->journal->setCalendar(kb::WorkCalendar(kb->profile));
            const journal::Deferred deferred =
                link->journal->extendDeferred(link->currentId, 10, "нужен письменный запрос", true);
            worker->toUi([this, deferred, number] {
                if (m_card.number != number)
                    return;
                m_card.deferredDue = formatRussianDate(deferred.deadline());
                m_card.deferredExtended = true;
                syncRunValues();
                message(fmt::format("Срок ответа продлён: до {} ({}) — сообщите абоненту",
                                    m_card.deferredDue, weekdayRu(deferred.deadline())));
                loadCallbacks();
            });
        } catch (const std::exception& e) {
            worker->toUi(
                [this, what = std::string(e.what())] { message("Срок не продлён: " + what); });
        }
    });
}

void Console::loadCallbacks() {
    if (m_training)
        return;
    auto link = m_journal;
    Worker* worker = m_worker.get();
    m_worker->post([link, worker, this] {
        try {
            std::vector<CallbackRow> rows;
            for (const journal::Callback& callback :
                 openJournal(*link).callbacksDue(todayLocal())) {
                CallbackRow row;
                row.callId = callback.deferred.callId;
                row.callNumber = callback.callNumber;
                row.phone = callback.deferred.phone;
                row.convenientHours = callback.deferred.convenientHours;
                row.question = callback.question;
                row.due = formatRussianDate(callback.deferred.deadline());
                row.overdue = callback.overdue;
                row.extended = callback.deferred.extendedTo.has_value();
                rows.push_back(std::move(row));
            }
            worker->toUi([this, rows = std::move(rows)]() mutable {
                if (const auto gone = m_callbacks.setRows(std::move(rows)))
                    message(fmt::format("Звонка № {} уже нет в очереди: его записали или продлили "
                                        "в другом месте",
                                        *gone));
            });
        } catch (const std::exception& e) {
            worker->toUi([this, what = std::string(e.what())] {
                m_callbacks.markLoaded(); // the panel says the queue is empty, the line says why
                message("Обратные звонки не загружены: " + what);
            });
        }
    });
}

void Console::startCallbackEdit(CallbackEdit edit) {
    if (m_training || !m_callbacks.isOpen())
        return; // training has no queue: nothing of it reaches the journal
    const CallbackRow* row = m_callbacks.selectedRow();
    if (!row) {
        message("Обратных звонков в очереди нет");
        return;
    }
    if (edit == CallbackEdit::Extend && row->extended) {
        message(fmt::format("Срок по звонку № {} уже продлён: до {} — продлить можно один раз",
                            row->callNumber, row->due));
        return;
    }
    m_callbacks.startEdit(edit);
}

void Console::saveCallbackEdit() {
    const CallbackRow* row = m_callbacks.editedRow();
    if (m_training || !row || m_callbacks.state().saving)
        return;
    const bool extend = m_callbacks.state().edit == CallbackEdit::Extend;
    const std::string& typed = m_callbacks.state().text;
    const auto first = typed.find_first_not_of(" \t");
    if (first == std::string::npos) {
        // the register needs what the caller was told, and an extension its reason
        m_callbacks.focusText();
        message(extend ? "Срок не продлён: напишите причину продления, затем Enter"
                       : "Результат не записан: напишите, что ответили абоненту, затем Enter");
        return;
    }
    const std::string text = typed.substr(first, typed.find_last_not_of(" \t") - first + 1);
    m_callbacks.setSaving(true);
    auto link = m_journal;
    Worker* worker = m_worker.get();
    auto kb = m_snapshot ? m_snapshot->kb : nullptr;
    m_worker->post(
        [link, worker, this, kb, extend, text, id = row->callId, number = row->callNumber] {
            // on the UI thread: the field closes and the queue is loaded again
            auto finish = [this, worker, id](std::string said, std::function<void()> more = {}) {
                worker->toUi([this, id, said = std::move(said), more = std::move(more)] {
                    m_callbacks.setSaving(false);
                    if (m_callbacks.state().editing == id)
                        m_callbacks.closeEdit();
                    if (more)
                        more();
                    message(said);
                    loadCallbacks(); // an answered row leaves the queue, an extended one shows it
                });
            };
            try {
                auto& journal = openJournal(*link);
                // done or extended meanwhile from elsewhere: what is there is kept, not written
                // over
                const auto deferred = journal.deferred(id);
                if (deferred && deferred->done()) {
                    finish(fmt::format("Результат по звонку № {} уже был записан, он не изменён",
                                       number));
                    return;
                }
                if (!extend) {
                    journal.completeDeferred(id, text);
                    finish(fmt::format("Результат записан: звонок № {}", number));
                    return;
                }
                if (deferred && deferred->extendedTo) {
                    finish(fmt::format("Срок по звонку № {} уже продлён: до {}", number,
                                       formatRussianDate(*deferred->extendedTo)));
                    return;
                }
                if (kb) // the new date follows the organisation's production calendar
                    journal.setCalendar(kb::WorkCalendar(kb->profile));
                // the operator is on the line with the caller and says the new date at once
                const journal::Deferred extended = journal.extendDeferred(id, 10, text, true);
                const std::string due = formatRussianDate(extended.deadline());
                const bool current = link->currentId == id;
                finish(fmt::format("Срок продлён: звонок № {}, до {} ({}) — сообщите абоненту",
                                   number, due, weekdayRu(extended.deadline())),
                       [this, current, number, due] {
                           // the call on the card is this one (taken up again after a crash)
                           if (current && m_card.active && m_card.number == number) {
                               m_card.deferredDue = due;
                               m_card.deferredExtended = true;
                               syncRunValues();
                           }
                       });
            } catch (const std::exception& e) {
                worker->toUi([this, extend, what = std::string(e.what())] {
                    m_callbacks.setSaving(false);
                    m_callbacks.focusText(); // the text is still there: try again or Esc
                    message((extend ? "Срок не продлён: " : "Результат не записан: ") + what);
                });
            }
        });
}

void Console::flagOutdated() {
    const ViewContext context{Fonts{}, m_snapshot.get()};
    const kb::Entry* entry = m_entry.entry(context);
    if (!entry) {
        message("Откройте запись, ответ которой устарел (поиск: Ctrl+F), затем Ctrl+U");
        return;
    }
    if (m_training) {
        message("Учебный звонок: отметки в журнал не записываются");
        return;
    }
    if (std::find(m_flaggedEntries.begin(), m_flaggedEntries.end(), entry->id) !=
        m_flaggedEntries.end()) {
        message("Эта запись уже отмечена: «ответ устарел»");
        return;
    }
    m_flaggedEntries.push_back(entry->id);
    journal::KbFlag flag;
    flag.kind = journal::FlagKind::Outdated;
    flag.entryId = entry->id;
    flag.department = entry->department;
    flag.operatorName = m_card.operatorName.empty() ? m_settings.operatorName : m_card.operatorName;
    const bool inCall = m_card.active && !m_card.closed;
    auto link = m_journal;
    Worker* worker = m_worker.get();
    m_worker->post([link, worker, this, flag, inCall]() mutable {
        try {
            auto& journal = openJournal(*link);
            if (inCall && link->currentId != 0)
                flag.callId = link->currentId;
            journal.flagEntry(flag);
        } catch (const std::exception& e) {
            worker->toUi(
                [this, what = std::string(e.what())] { message("Отметка не записана: " + what); });
        }
    });
    message(fmt::format("Запись отмечена: «ответ устарел» — {} ({})", entry->title,
                        context.departmentTitle(entry->department)));
}

void Console::flagNoAnswer() {
    if (!m_card.active || m_card.closed) {
        message("Звонка нет: «нет ответа в базе» отмечается во время звонка");
        return;
    }
    if (m_card.kbNoAnswer) {
        message("Звонок уже отмечен: «нет ответа в базе»");
        return;
    }
    m_card.kbNoAnswer = true;
    cardChanged();
    if (m_training)
        return;
    journal::KbFlag flag;
    flag.kind = journal::FlagKind::NoAnswer;
    flag.department = m_card.department;
    flag.note = m_card.question.empty() ? m_search.state().query : m_card.question;
    flag.operatorName = m_card.operatorName;
    saveCard(false); // the call's «нет ответа» is written with the flag
    auto link = m_journal;
    Worker* worker = m_worker.get();
    m_worker->post([link, worker, this, flag]() mutable {
        try {
            auto& journal = openJournal(*link);
            if (link->currentId != 0)
                flag.callId = link->currentId;
            journal.flagEntry(flag);
        } catch (const std::exception& e) {
            worker->toUi(
                [this, what = std::string(e.what())] { message("Отметка не записана: " + what); });
        }
    });
    message("Звонок отмечен: «нет ответа в базе» — сигнал для отдела");
}

void Console::recordEmptySearch() {
    // A search that found nothing is recorded once the operator stops typing or leaves the
    // box, not for every keystroke on the way to a word.
    m_emptyPending = false;
    const auto& search = m_search.state();
    if (m_training || search.kind || !search.reply || search.reply->query != search.query ||
        !search.reply->error.empty() || !search.reply->result.hits.empty())
        return;
    std::string query = search.query;
    const auto first = query.find_first_not_of(" \t");
    if (first == std::string::npos)
        return;
    query = query.substr(first, query.find_last_not_of(" \t") - first + 1);
    const auto letters = std::count_if(query.begin(), query.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80; // UTF-8 characters, not bytes
    });
    if (letters < 3 || query == m_emptyRecorded)
        return;
    const bool paused = SteadyClock::now() - m_queryChangedAt >= std::chrono::seconds(2);
    if (m_search.inputActive() && !paused) {
        m_emptyPending = true; // look again in a moment
        return;
    }
    m_emptyRecorded = query;
    const std::string department = m_card.active && !m_card.closed ? m_card.department : "";
    const bool inCall = m_card.active && !m_card.closed;
    auto link = m_journal;
    m_worker->post([link, query, department, inCall] {
        auto& journal = openJournal(*link);
        std::optional<journal::CallId> callId;
        if (inCall && link->currentId != 0)
            callId = link->currentId;
        journal.recordEmptySearch(query, department, callId);
    });
}

// ------------------------------------------------------------------ drawing

void Console::frame(const Fonts& fonts, const FrameStats& stats) {
    collectMail();
    handleKeys();
    drawLayout(fonts);
    if (m_training)
        m_training->frame(fonts);
    m_help.draw(fonts);
    drawProblems(fonts);
    drawCallbacks(fonts);
    recordEmptySearch();

    // searching as the operator types
    const auto& search = m_search.state();
    if (search.query != search.sent || search.kind != std::nullopt) {
        // (kind changes are flagged by the view; see SearchView::draw)
    }
    // every change goes to the journal at once, queued before the state file of the same frame:
    // whatever the console has shown survives a kill -9
    if (m_cardDirty)
        saveCard(false);
    if (!m_message.empty() && SteadyClock::now() - m_messageAt > std::chrono::seconds(12))
        m_message.clear();
    publishState(stats);
}

void Console::drawLayout(const Fonts& fonts) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Суфлёр###main", nullptr, flags);
    ImGui::PopStyleVar(2);

    const ViewContext context{fonts, m_snapshot.get()};
    const float statusHeight = ImGui::GetFrameHeightWithSpacing();
    const ImVec2 available = ImGui::GetContentRegionAvail();
    const float height = available.y - statusHeight;
    const float splitter = std::max(4.0f, fonts.baseSize * 0.35f);
    const float total = available.x - 2 * splitter;
    float leftWidth = total * m_settings.leftFraction;
    float rightWidth = total * m_settings.rightFraction;
    const float middleWidth = std::max(fonts.baseSize * 10, total - leftWidth - rightWidth);

    auto verticalSplitter = [&](const char* id, float& fraction, float direction) {
        ImGui::SameLine(0, 0);
        ImGui::InvisibleButton(id, ImVec2(splitter, height));
        if (ImGui::IsItemHovered() || ImGui::IsItemActive())
            ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
        if (ImGui::IsItemActive() && total > 0) {
            fraction =
                std::clamp(fraction + direction * ImGui::GetIO().MouseDelta.x / total, 0.15f, 0.6f);
        }
        if (ImGui::IsItemDeactivated())
            m_settingsDirty = true;
        ImGui::SameLine(0, 0);
    };

    // search column
    ImGui::BeginChild("search-column", ImVec2(leftWidth, height), true);
    const auto searchOutcome = m_search.draw(context, m_worker->indexing(), m_worker->indexReady());
    ImGui::EndChild();
    verticalSplitter("split-left", m_settings.leftFraction, 1.0f);

    // the entry
    ImGui::BeginChild("entry-column", ImVec2(middleWidth, height), true);
    const auto entryOutcome = m_entry.draw(context, m_card);
    ImGui::EndChild();
    verticalSplitter("split-right", m_settings.rightFraction, -1.0f);

    // script over call card
    ImGui::BeginChild("right-column", ImVec2(0, height), false);
    const float rightHeight = ImGui::GetContentRegionAvail().y;
    const float scriptHeight = rightHeight * m_settings.scriptFraction;
    ImGui::BeginChild("script-panel", ImVec2(0, scriptHeight), true);
    const auto scriptOutcome =
        m_scriptView.draw(context, m_run ? &*m_run : nullptr, m_card.active, "");
    ImGui::EndChild();
    ImGui::InvisibleButton("split-script", ImVec2(-1, splitter));
    if (ImGui::IsItemHovered() || ImGui::IsItemActive())
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
    if (ImGui::IsItemActive() && rightHeight > 0)
        m_settings.scriptFraction = std::clamp(
            m_settings.scriptFraction + ImGui::GetIO().MouseDelta.y / rightHeight, 0.2f, 0.8f);
    if (ImGui::IsItemDeactivated())
        m_settingsDirty = true;
    ImGui::BeginChild("card-panel", ImVec2(0, 0), true);
    const auto cardOutcome = m_cardView.draw(context, m_card);
    ImGui::EndChild();
    ImGui::EndChild();

    drawStatusBar(fonts);
    ImGui::End();

    // what the panels asked for
    if (searchOutcome.queryChanged) {
        m_queryChangedAt = SteadyClock::now();
        m_search.markSent();
        const auto& state = m_search.state();
        indexer::SearchOptions options;
        options.kind = state.kind;
        options.limit = 20;
        m_search.setAwaited(m_worker->search(state.query, options));
    }
    if (searchOutcome.open)
        openEntry(*searchOutcome.open);
    if (entryOutcome.openEntry)
        openEntry(*entryOutcome.openEntry);
    if (entryOutcome.action)
        performLink(*entryOutcome.action);
    if (entryOutcome.copyTemplate)
        copyTemplate();
    if (entryOutcome.transfer)
        transfer();
    if (scriptOutcome.newCall)
        newCall();
    if (scriptOutcome.way)
        chooseWay(*scriptOutcome.way);
    if (scriptOutcome.back)
        scriptBack();
    if (scriptOutcome.toggleTask)
        toggleTask(*scriptOutcome.toggleTask);
    if (scriptOutcome.survey)
        recordScriptSurvey(scriptOutcome.survey->first, scriptOutcome.survey->second);
    if (scriptOutcome.action)
        perform(*scriptOutcome.action);
    if (cardOutcome.changed)
        cardChanged();
    if (cardOutcome.survey)
        recordCardSurvey(cardOutcome.survey->first, cardOutcome.survey->second);
    if (cardOutcome.endCall)
        endCall();
}

void Console::drawStatusBar(const Fonts& fonts) {
    (void)fonts;
    ImGui::Separator();
    if (!m_snapshot) {
        ImGui::TextDisabled("Загрузка базы знаний…");
    } else if (m_snapshot->kb) {
        const auto& kb = *m_snapshot->kb;
        ImGui::TextDisabled("%s · записей: %zu",
                            kb.profile.shortName.empty() ? kb.profile.organization.c_str()
                                                         : kb.profile.shortName.c_str(),
                            kb.entries.size());
    }
    if (m_snapshot && !m_snapshot->diagnostics.empty()) {
        ImGui::SameLine();
        const std::string label =
            fmt::format("⚠ замечаний к базе: {}##problems", m_snapshot->diagnostics.size());
        if (ImGui::SmallButton(label.c_str()))
            m_showProblems = !m_showProblems;
    }
    if (const std::string status = m_worker->indexStatus(); !status.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "· %s", status.c_str());
    } else if (m_worker->indexing()) {
        ImGui::SameLine();
        ImGui::TextDisabled("· индекс обновляется…");
    }
    const float helpX =
        ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize("F1 — клавиши").x;
    if (!m_message.empty()) {
        ImGui::SameLine();
        // a long message is cut to the room left, never drawn over «F1 — клавиши»
        const float room = helpX - ImGui::GetCursorPosX() - ImGui::GetStyle().ItemSpacing.x;
        std::string text = "· " + m_message;
        if (ImGui::CalcTextSize(text.c_str()).x > room) {
            while (!text.empty() && ImGui::CalcTextSize((text + "…").c_str()).x > room) {
                std::size_t cut = text.size() - 1; // a whole UTF-8 sequence at a time
                while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
                    --cut;
                text.resize(cut);
            }
            text += "…";
            ImGui::TextColored(ImVec4(1, 0.82f, 0.35f, 1), "%s", text.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", m_message.c_str());
        } else {
            ImGui::TextColored(ImVec4(1, 0.82f, 0.35f, 1), "%s", text.c_str());
        }
    }
    ImGui::SameLine(helpX);
    ImGui::TextDisabled("F1 — клавиши");
}

void Console::drawProblems(const Fonts& fonts) {
    if (!m_showProblems || !m_snapshot)
        return;
    centerNextWindow(0.6f, 0.5f, ImGuiCond_Appearing);
    if (ImGui::Begin("Замечания к базе знаний (Esc — закрыть)###problems", &m_showProblems,
                     ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextWrapped("Файлы с ошибками пропущены, остальная база доступна для поиска.");
        ImGui::PushFont(fonts.mono);
        for (const auto& diagnostic : m_snapshot->diagnostics)
            ImGui::TextWrapped("%s", diagnostic.format().c_str());
        ImGui::PopFont();
    }
    ImGui::End();
}

void Console::drawCallbacks(const Fonts& fonts) {
    const auto outcome = m_callbacks.draw(fonts);
    if (outcome.startEdit)
        startCallbackEdit(CallbackEdit::Result);
    if (outcome.startExtend)
        startCallbackEdit(CallbackEdit::Extend);
    if (outcome.save)
        saveCallbackEdit();
    if (outcome.cancel)
        m_callbacks.closeEdit();
}

// ------------------------------------------------------------------ state file

void Console::publishState(const FrameStats& stats) {
    if (m_options.stateFile.empty())
        return;
    using nlohmann::json;
    json state;
    state["indexReady"] = m_worker->indexReady();
    state["indexing"] = m_worker->indexing();
    state["indexStatus"] = m_worker->indexStatus();
    state["kbGeneration"] = m_snapshot ? m_snapshot->generation : 0;
    state["diagnostics"] = m_snapshot ? m_snapshot->diagnostics.size() : 0;
    const auto& search = m_search.state();
    state["query"] = search.query;
    json results = json::array();
    json marks = json::array(); // per result: the staleness of its section as the list marks it
    if (search.reply && search.reply->query == search.query)
        for (const auto& hit : search.reply->result.hits) {
            results.push_back(hit.id);
            const ViewContext context{Fonts{}, m_snapshot.get()};
            const kb::SectionStaleness* section = context.section(hit.department);
            marks.push_back(section && section->status != kb::StaleStatus::Ok
                                ? std::string(kb::statusName(section->status))
                                : std::string());
        }
    state["results"] = results;
    state["resultMarks"] = marks;
    state["resultsFor"] = search.reply ? search.reply->query : "";
    state["selected"] = m_search.selectedId().value_or("");
    state["entry"] = m_entry.openId();
    state["helpOpen"] = m_help.isOpen();
    // what has the keyboard: "search", "card:ФИО"…, or "" (tests type only once it is there)
    state["focus"] = m_search.inputActive()     ? std::string("search")
                     : m_callbacks.textActive() ? std::string("callbacks:result")
                     : m_cardView.activeField()
                         ? std::string("card:") + cardFieldLabel(*m_cardView.activeField())
                         : std::string();
    state["clipboard"] = m_clipboard;
    state["message"] = m_message;
    json call;
    call["active"] = m_card.active;
    call["closed"] = m_card.closed;
    call["number"] = m_card.number;
    call["phone"] = m_card.phone;
    call["sex"] = m_card.sex;
    call["callerName"] = m_card.callerName;
    call["birthYear"] = m_card.birthYear;
    call["municipality"] = m_card.municipality;
    call["question"] = m_card.question;
    call["organizations"] = m_card.organizations;
    call["operatorName"] = m_card.operatorName;
    call["department"] = m_card.department;
    call["opened"] = m_card.openedEntries;
    call["transfers"] = m_card.transfers.size();
    json transfers = json::array();
    for (const auto& transfer : m_card.transfers)
        transfers.push_back(transfer.name);
    call["transferNames"] = transfers;
    json survey = json::array();
    for (std::size_t q = 0; q < m_card.survey.size(); ++q)
        survey.push_back(
            m_card.survey[q]
                ? json(surveyQuestions()[q].answers[static_cast<std::size_t>(*m_card.survey[q])])
                : json());
    call["survey"] = survey;
    call["surveyMode"] = m_cardView.surveyMode();
    call["convenientHours"] = m_card.convenientHours;
    call["deferredDue"] = m_card.deferredDue;
    call["deferredExtended"] = m_card.deferredExtended;
    call["kbNoAnswer"] = m_card.kbNoAnswer;
    state["call"] = call;
    const auto& queue = m_callbacks.state();
    state["callbacksOpen"] = queue.open;
    state["callbacksLoaded"] = queue.loaded;
    state["callbackSelected"] = queue.selected; // -1: nothing to select
    state["callbackResultOpen"] = queue.editing.has_value();
    state["callbackEdit"] = !queue.editing                       ? ""
                            : queue.edit == CallbackEdit::Extend ? "extend"
                                                                 : "result";
    state["callbackResultFor"] = m_callbacks.editedRow() ? m_callbacks.editedRow()->callNumber : 0;
    state["callbackResultText"] = queue.text;
    state["callbackSaving"] = queue.saving;
    json callbacks = json::array();
    for (const CallbackRow& row : queue.rows)
        callbacks.push_back({{"call", row.callNumber},
                             {"phone", row.phone},
                             {"convenientHours", row.convenientHours},
                             {"question", row.question},
                             {"due", row.due},
                             {"overdue", row.overdue},
                             {"extended", row.extended}});
    state["callbacks"] = callbacks;
    state["flagged"] = m_flaggedEntries;
    state["emptySearchRecorded"] = m_emptyRecorded;
    json script;
    if (m_run) {
        script["id"] = m_run->script().id;
        script["step"] = m_run->current().id;
        script["stepTitle"] = m_run->current().title;
        script["finished"] = m_run->finished();
        script["path"] = m_run->path();
        script["transferCount"] = m_run->transferCount();
        json answers = json::array();
        for (const auto& answer : m_run->survey())
            answers.push_back({{"question", answer.question}, {"answer", answer.answer}});
        script["survey"] = answers;
        json ways = json::array();
        for (const auto& way : m_run->ways())
            ways.push_back(way.label);
        script["ways"] = ways;
    }
    state["script"] = script;
    if (m_training)
        state["training"] = m_training->state();
    // figures: start to first frame, frame time while typing, resident memory
    json metrics;
    metrics["firstFrameMs"] = stats.firstFrameMs;
    std::vector<double> typing(stats.typingFrames.begin(), stats.typingFrames.end());
    metrics["typingFrames"] = typing.size();
    metrics["typingFrameP50Ms"] = percentile(typing, 0.5);
    metrics["typingFrameP95Ms"] = percentile(typing, 0.95);
    metrics["typingFrameMaxMs"] =
        typing.empty() ? 0 : *std::max_element(typing.begin(), typing.end());
    state["metrics"] = metrics;

    std::string text = state.dump(2);
    if (text == m_lastState)
        return;
    m_lastState = text;
    // resident memory goes in only when something else changed, so that an idle console does
    // not rewrite the file
    state["metrics"]["rssKb"] = residentKb();
    text = state.dump(2);
    const auto path = m_options.stateFile;
    m_worker->post([path, text] {
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
