// The operator's console: the frame, the layout of the panels and the keys.
#include "console/console.h"
#include "console/journal_client.h"
#include "console/overlay.h"

#include "sufler/core/phone.h"
#include "sufler/core/text.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/kb.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <fmt/format.h>

#include <algorithm>

namespace sufler::console {

namespace {

using SteadyClock = std::chrono::steady_clock;

// The operator's mode adds no screens of its own.
class NoScreens final : public ModeScreens {};

} // namespace

Console::Console(Options options, Settings& settings, std::function<void()> wake)
    : m_options(std::move(options)), m_settings(settings), m_stateFile(m_options.stateFile) {
    Worker::Config config;
    config.kbRoot = m_options.kbRoot;
    config.dbDir = m_options.dbDir;
    config.pollSeconds = m_options.pollSeconds;
    config.fetchSeconds = m_options.fetchSeconds;
    config.wake = wake;
    m_worker = std::make_unique<Worker>(std::move(config));
    // the one place that knows the modes: who records the calls, what is drawn over the panels
    if (m_options.mode == Mode::Training) {
        auto training =
            std::make_shared<TrainingMode>(static_cast<TrainingHost&>(*this), m_options);
        m_recorder = training;
        m_screens = training;
    } else {
        Worker* worker = m_worker.get();
        TaskQueue tasks{[worker](std::function<void()> task) { worker->post(std::move(task)); },
                        [worker](std::function<void()> task) { worker->toUi(std::move(task)); }};
        m_recorder =
            std::make_shared<JournalClient>(m_options.journalPath, std::move(tasks),
                                            [this](std::string text) { message(std::move(text)); });
        m_screens = std::make_shared<NoScreens>();
    }
    SessionHooks hooks;
    hooks.message = [this](std::string text) { message(std::move(text)); };
    hooks.focusField = [this](CardField field) { m_cardView.focus(field); };
    hooks.dropTextFocus = [this] { dropTextFocus(); };
    hooks.perform = [this](const scripts::Action& action) { perform(action); };
    hooks.contactValues = [this] { return contactValues(); };
    hooks.operatorNamed = [this](const std::string& name) {
        m_operator = name; // typed on the card: that is who works here
        if (name != m_settings.operatorName) {
            m_settings.operatorName = name;
            m_settingsDirty = true;
        }
    };
    hooks.callbacksChanged = [this] { loadCallbacks(); };
    m_session = std::make_unique<CallSession>(*m_recorder, std::move(hooks));
    // training listens too: a citizen's ring is shown there, never taken into the training
    // journal (docs/console.md)
    m_rings.setTraining(m_options.mode == Mode::Training);
    startRingListener(std::move(wake));
    ApplicantDesk::Hooks deskHooks;
    deskHooks.message = [this](std::string text) { message(std::move(text)); };
    deskHooks.dropTextFocus = [this] { dropTextFocus(); };
    deskHooks.openEntry = [this]() -> const kb::Entry* {
        return m_entry.entry(ViewContext{Fonts{}, m_snapshot.get()});
    };
    m_desk = std::make_unique<ApplicantDesk>(*m_recorder, *m_session, std::move(deskHooks));
    // who works here is asked unless the command line or sufler.conf said it; training asks
    // for its trainee instead
    if (m_options.mode == Mode::Operator && m_options.operatorName.empty())
        m_operatorPrompt.open(m_settings.operatorName);
    else
        m_operator = m_settings.operatorName;
    // another console took, answered or booked a callback: the queue is read again, and so is
    // seen here within a second
    m_recorder->watchChanges([this] {
        loadCallbacks();
        if (m_status.isOpen())
            loadStatus(); // a call started or ended elsewhere, a callback taken
    });
}

Console::~Console() {
    // the watcher stops before the worker it hands its news to goes
    m_recorder->watchChanges({});
    m_session->close(); // the call stays open in the journal; it shows up after a restart
    m_worker.reset();   // joins: every posted save has run
}

double Console::idleTimeout() const {
    if (m_session->inCall() || m_screens->needsTicks())
        return 0.5; // the call timer; training times how long an entry stays open
    if (m_emptyPending)
        return 0.5; // a search that found nothing is recorded once the operator pauses
    if (!m_message.empty() || m_worker->indexing() || m_status.isOpen())
        return 1.0; // the senior's panel: call durations tick
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
        m_session->setSnapshot(m_snapshot);
        if (m_snapshot->kb)
            m_operatorPrompt.setListed(m_snapshot->kb->profile.operators);
        if (first && m_snapshot->kb && !m_session->card().active)
            m_session->resume();
        if (first && m_snapshot->kb)
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

void Console::handleKeys() {
    const ImGuiIO& io = ImGui::GetIO();
    KeyContext context;
    context.textInputActive = io.WantTextInput;
    context.searchFocused = m_search.inputActive();
    // a training screen (menu, result…) has the keyboard: only the always-on keys act
    context.helpOpen = m_help.isOpen() || (m_screens->overlayOpen());
    context.surveyOpen = m_session->surveyKeysActive();
    // the queue has the keys unless another field (the search box, the card) is typed in
    context.callbacksFocused =
        m_callbacks.isOpen() && (!io.WantTextInput || m_callbacks.textActive());
    context.callbackResultOpen = m_callbacks.fieldOpen();
    context.queueOutcomeOpen = m_callbacks.outcomeOpen();
    context.operatorPromptOpen = m_operatorPrompt.isOpen() && !m_help.isOpen();
    context.outgoingOpen = m_outgoing.isOpen();
    context.applicantOpen = m_desk->applicantOpen();
    context.bookingOpen = m_desk->bookingOpen();
    context.bookingText = !m_desk->focus().empty();
    for (const KeyEvent& event : m_keymap.translate(Keymap::snapshotFromImGui(), context)) {
        switch (event.action) {
        case Action::Help:
            m_help.toggle();
            break;
        case Action::Back:
            if (m_screens->overlayOpen() && !m_help.isOpen())
                break; // the training screen goes back itself
            if (m_help.isOpen())
                m_help.close();
            else if (m_operatorPrompt.isOpen())
                takeOperator({});
            else if (m_history.viewing())
                m_history.closeView();
            else if (m_desk->back()) {
                // the applicant card's or the booking's window went back a step
            } else if (m_outgoing.isOpen() && !m_outgoing.state().saving) {
                m_outgoing.close();
                message("Исходящий звонок не записан");
            } else if (m_callbacks.editing())
                m_callbacks.back(); // the first Esc cancels the field, the next one the queue
            else if (m_callbacks.isOpen())
                m_callbacks.setOpen(false);
            else if (m_status.isOpen())
                m_status.setOpen(false);
            else if (m_showProblems)
                m_showProblems = false;
            else if (m_session->surveyMode() && !m_session->card().closed)
                m_session->setSurveyMode(false);
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
        case Action::CallerHistory:
            if (!m_history.viewNext())
                message("Раньше с этого номера не звонили (или номер в карточке не записан)");
            break;
        case Action::TakeRing:
            takeRing();
            break;
        case Action::OutgoingCall:
            startOutgoing();
            break;
        case Action::ApplicantCard:
            m_desk->handle(DeskKey::Applicant);
            break;
        case Action::BookConsultation:
            m_desk->handle(DeskKey::Booking);
            break;
        case Action::CallerBookings:
            m_desk->handle(DeskKey::Bookings);
            break;
        case Action::ApplicantUp:
        case Action::BookingUp:
            m_desk->handle(DeskKey::Up);
            break;
        case Action::ApplicantDown:
        case Action::BookingDown:
            m_desk->handle(DeskKey::Down);
            break;
        case Action::BookingPrev:
            m_desk->handle(DeskKey::Left);
            break;
        case Action::BookingNext:
            m_desk->handle(DeskKey::Right);
            break;
        case Action::ApplicantChoose:
        case Action::BookingChoose:
            m_desk->handle(DeskKey::Choose);
            break;
        case Action::ApplicantSave:
            m_desk->handle(DeskKey::Save);
            break;
        case Action::BookingCancel:
            m_desk->handle(DeskKey::Delete);
            break;
        case Action::OutgoingScript:
            m_outgoing.chooseScript(event.index - 1);
            break;
        case Action::OutgoingFinish:
            finishOutgoing();
            break;
        case Action::ToggleMark:
            m_session->toggleMark(static_cast<CardMark>(event.index - 1));
            break;
        case Action::OperatorUp:
            m_operatorPrompt.moveSelection(-1);
            break;
        case Action::OperatorDown:
            m_operatorPrompt.moveSelection(1);
            break;
        case Action::OperatorTake:
            takeOperator(m_operatorPrompt.chosen());
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
            if (auto id = m_search.selectedId()) {
                openEntry(*id);
                // by the keyboard as by the mouse: how callers ask for it goes to the search log
                m_session->searchOpened(m_search.state().query, *id);
            }
            break;
        case Action::NewCall:
            m_session->newCall(m_operator);
            break;
        case Action::EndCall:
            m_session->endCall();
            break;
        case Action::ChooseWay:
            m_session->chooseWay(static_cast<std::size_t>(event.index - 1));
            break;
        case Action::ScriptBack:
            m_session->scriptBack();
            break;
        case Action::ToggleTask:
            m_session->toggleTask(static_cast<std::size_t>(event.index - 1));
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
            m_session->answerSurvey(event.index - 1);
            break;
        case Action::DeferAnswer:
            m_session->deferAnswer();
            break;
        case Action::ExtendDeferred:
            m_session->extendDeferred();
            break;
        case Action::Callbacks:
            if (const auto why = m_recorder->queueUnavailable()) {
                message(*why);
                break;
            }
            m_callbacks.setOpen(!m_callbacks.isOpen());
            if (m_callbacks.isOpen()) {
                dropTextFocus(); // the arrows and Enter go to the queue
                // fresh: another operator may have booked or answered some
                loadCallbacks(QueueLoad::Asked);
            }
            break;
        case Action::SeniorPanel:
            toggleStatus();
            break;
        case Action::CallbackUp:
        case Action::CallbackDown: {
            const int delta = event.action == Action::CallbackUp ? -1 : 1;
            if (m_callbacks.editing() && m_callbacks.state().edit == CallbackEdit::Move)
                m_callbacks.moveSlot(delta); // a reminder's move: the free slots
            else
                m_callbacks.moveSelection(delta);
            break;
        }
        case Action::QueueResult:
            chooseQueueResult(event.index);
            break;
        case Action::CallbackResult:
            claimCallback();
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
            m_session->flagNoAnswer(m_search.state().query);
            break;
        case Action::OutOfScope:
            m_session->enterScript(scripts::kOutOfCompetence);
            break;
        case Action::ZoomIn:
            m_settings.zoom = std::min(2.5f, m_settings.zoom * 1.1f);
            m_fontRebuild = m_settingsDirty = true;
            break;
        case Action::TrainingMenu:
            m_screens->toggleMenu();
            break;
        case Action::ZoomOut:
            m_settings.zoom = std::max(0.6f, m_settings.zoom / 1.1f);
            m_fontRebuild = m_settingsDirty = true;
            break;
        }
    }
}

// ------------------------------------------------------------------ the call

void Console::startCall() {
    m_entry.close();
    m_search.focus(std::string());
    m_session->newCall(m_operator, true);
    m_search.focus(std::string());
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
        if (m_session->card().deferredDue.empty())
            m_session->deferAnswer();
        else
            m_session->extendDeferred();
        break;
    case ActionKind::Booking:
        m_desk->openBooking();
        break;
    case ActionKind::Survey:
        break; // answers are recorded through the survey itself
    case ActionKind::End:
        m_session->endCall();
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
        {"booking", scripts::ActionKind::Booking},
    };
    for (const auto& [known, kind] : kinds)
        if (name == known) {
            action.kind = kind;
            perform(action);
            return;
        }
    message("Неизвестное действие: " + href);
}

std::map<std::string, std::string> Console::contactValues() const {
    // the open contact is whom the call would go to
    std::map<std::string, std::string> values;
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
    // the consultation booked on the call: place, date, time and how to get there
    for (auto& [name, value] : m_desk->placeholderValues())
        values[name] = std::move(value);
    return values;
}

void Console::openEntry(const std::string& id) {
    m_entry.open(id);
    dropTextFocus();
    const ViewContext context{Fonts{}, m_snapshot.get()};
    if (const kb::Entry* entry = m_entry.entry(context))
        m_session->entryOpened(*entry);
}

void Console::copyTemplate() {
    const ViewContext context{Fonts{}, m_snapshot.get()};
    const kb::Entry* entry = m_entry.entry(context);
    if (!entry || entry->kind != kb::EntryKind::Template) {
        message("Откройте шаблон, чтобы скопировать его (поиск: Ctrl+F)");
        return;
    }
    m_clipboard = EntryView::templateText(*entry, m_session->card(), &m_snapshot->kb->profile);
    ImGui::SetClipboardText(m_clipboard.c_str());
    message(m_clipboard.find("{{") == std::string::npos
                ? "Шаблон скопирован в буфер обмена"
                : "Шаблон скопирован; не заполнены поля в {{…}} — их нет в карточке");
    m_session->templateCopied(entry->id);
}

void Console::transfer() {
    const ViewContext context{Fonts{}, m_snapshot.get()};
    const kb::Entry* entry = m_entry.entry(context);
    m_session->transfer(entry, entry ? context.departmentTitle(entry->department) : std::string());
}

// ------------------------------------------------------------------ drawing

void Console::frame(const Fonts& fonts, const FrameStats& stats) {
    collectMail();
    collectRings();
    handleKeys();
    drawLayout(fonts);
    m_screens->frame(fonts);
    lookUpCaller();
    m_history.drawCard(fonts);
    m_desk->frame(fonts);
    const auto outgoing = m_outgoing.draw(fonts);
    if (outgoing.changed)
        offerOutgoingScripts(); // the words name the specialist as typed
    if (outgoing.finish)
        finishOutgoing();
    else if (outgoing.cancel) {
        m_outgoing.close();
        message("Исходящий звонок не записан");
    }
    const auto prompt = m_operatorPrompt.draw(fonts);
    if (prompt.confirm)
        takeOperator(m_operatorPrompt.chosen());
    else if (prompt.skip)
        takeOperator({});
    m_help.draw(fonts);
    drawProblems(fonts);
    drawCallbacks(fonts);
    m_status.draw(fonts);
    // reminders and campaign calls fall due with time, which moves no change: read again
    if (m_callbacks.isOpen() && SteadyClock::now() - m_queueAsked >= std::chrono::seconds(30))
        loadCallbacks();
    // read again now and then besides the change feed: a console that stopped is seen by its
    // heartbeat falling silent, which moves no change
    if (m_status.isOpen() && SteadyClock::now() - m_statusAsked >= std::chrono::seconds(5))
        loadStatus();
    recordEmptySearch();

    // searching as the operator types
    const auto& search = m_search.state();
    if (search.query != search.sent || search.kind != std::nullopt) {
        // (kind changes are flagged by the view; see SearchView::draw)
    }
    // every change goes to the journal at once, queued before the state file of the same frame:
    // whatever the console has shown survives a kill -9
    m_session->saveIfChanged();
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
    const auto entryOutcome = m_entry.draw(context, m_session->card());
    ImGui::EndChild();
    verticalSplitter("split-right", m_settings.rightFraction, -1.0f);

    // script over call card
    ImGui::BeginChild("right-column", ImVec2(0, height), false);
    const float rightHeight = ImGui::GetContentRegionAvail().y;
    const float scriptHeight = rightHeight * m_settings.scriptFraction;
    ImGui::BeginChild("script-panel", ImVec2(0, scriptHeight), true);
    const auto scriptOutcome =
        m_scriptView.draw(context, m_session->run(), m_session->card().active, "");
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
    m_history.draw(fonts); // a returning caller first: what is still owed to them
    m_desk->drawOnCard(fonts);
    m_cardView.setSurveyMode(m_session->surveyMode());
    const auto cardOutcome = m_cardView.draw(context, m_session->card());
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
    if (searchOutcome.open) {
        openEntry(*searchOutcome.open);
        m_session->searchOpened(m_search.state().query, *searchOutcome.open);
    }
    if (searchOutcome.outOfCompetence)
        m_session->enterScript(scripts::kOutOfCompetence);
    if (entryOutcome.openEntry)
        openEntry(*entryOutcome.openEntry);
    if (entryOutcome.action)
        performLink(*entryOutcome.action);
    if (entryOutcome.copyTemplate)
        copyTemplate();
    if (entryOutcome.transfer)
        transfer();
    if (scriptOutcome.newCall)
        m_session->newCall(m_operator);
    if (scriptOutcome.way)
        m_session->chooseWay(*scriptOutcome.way);
    if (scriptOutcome.back)
        m_session->scriptBack();
    if (scriptOutcome.toggleTask)
        m_session->toggleTask(*scriptOutcome.toggleTask);
    if (scriptOutcome.survey)
        m_session->recordScriptSurvey(scriptOutcome.survey->first, scriptOutcome.survey->second);
    if (scriptOutcome.action)
        perform(*scriptOutcome.action);
    if (cardOutcome.changed)
        m_session->cardChanged();
    if (cardOutcome.survey)
        m_session->recordCardSurvey(cardOutcome.survey->first, cardOutcome.survey->second);
    if (cardOutcome.endCall)
        m_session->endCall();
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
    // who works here: the name the calls are registered under
    if (m_options.mode == Mode::Operator) {
        ImGui::SameLine();
        if (!m_operator.empty())
            ImGui::Text("· Оператор: %s", m_operator.c_str());
        else
            ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "· оператор не указан");
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
    m_rings.drawStatus(); // a ring waiting for F7 is seen before any message
    if (m_recorder->serverAway()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "· нет связи с сервером журнала");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Записи сохраняются на этом компьютере и уйдут на сервер, когда он "
                              "вернётся. Очередь F4 не обновляется.");
    }
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
        claimCallback();
    if (outcome.startExtend)
        startCallbackEdit(CallbackEdit::Extend);
    if (outcome.save)
        saveCallbackEdit();
    if (outcome.cancel)
        m_callbacks.back();
    if (outcome.result > 0)
        chooseQueueResult(outcome.result);
    if (outcome.chooseSlot)
        claimCallback(); // Enter on the slot: the move
    // however the field closed (Esc, «Отмена», F4, the row gone), a callback taken and not
    // recorded returns to the queue
    releaseUnrecordedClaim();
}

// ------------------------------------------------------------------ state file

void Console::publishState(const FrameStats& stats) {
    // what has the keyboard: "search", "card:ФИО"…, or "" (tests type only once it is there)
    std::string focus = !m_desk->focus().empty()        ? m_desk->focus()
                        : m_operatorPrompt.textActive() ? std::string("operator")
                        : m_outgoing.textActive()       ? "outgoing:" + m_outgoing.activeField()
                        : m_search.inputActive()        ? std::string("search")
                        : m_callbacks.textActive()      ? std::string("callbacks:result")
                        : m_cardView.activeField()
                            ? std::string("card:") + cardFieldLabel(*m_cardView.activeField())
                            : std::string();
    m_stateFile.publish(StateSources{*m_worker,
                                     m_snapshot.get(),
                                     m_search,
                                     m_entry,
                                     m_callbacks,
                                     m_status,
                                     *m_session,
                                     *m_screens,
                                     m_help.isOpen(),
                                     std::move(focus),
                                     m_clipboard,
                                     m_message,
                                     m_emptyRecorded,
                                     stats,
                                     m_operatorPrompt,
                                     m_operator,
                                     m_outgoing,
                                     m_history,
                                     m_desk.get(),
                                     &m_rings,
                                     m_recorder->serverAway()});
}

} // namespace sufler::console
