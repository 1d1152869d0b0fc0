// The rules of a call: numbering, the run, the survey, transfers, deferred answers, resume.
#include "console/call_session.h"

#include "sufler/core/text.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace sufler::console {

namespace {

// Lower case, letters and digits only: to match a script's question to the card's.
std::string letters(std::string_view text) {
    std::string lower = lowerRu(text);
    std::string out;
    for (std::size_t i = 0; i < lower.size(); ++i) {
        const auto c = static_cast<unsigned char>(lower[i]);
        if (c >= 0x80 || std::isalnum(c))
            out += lower[i];
    }
    return out;
}

scripts::Values profileValuesOf(const KbSnapshot* snapshot) {
    return snapshot && snapshot->kb ? scripts::profileValues(snapshot->kb->profile)
                                    : scripts::Values{};
}

} // namespace

std::optional<std::size_t> pendingScriptSurvey(const scripts::Runner& run) {
    const auto& questions = run.surveyQuestions();
    for (std::size_t q = 0; q < questions.size(); ++q)
        if (run.surveyAnswerInStep(q).empty())
            return q;
    return std::nullopt;
}

CallSession::CallSession(CallRecorder& recorder, SessionHooks hooks)
    : m_recorder(recorder), m_hooks(std::move(hooks)) {}

void CallSession::setSnapshot(std::shared_ptr<const KbSnapshot> snapshot) {
    m_snapshot = std::move(snapshot);
}

void CallSession::message(std::string text) {
    if (m_hooks.message)
        m_hooks.message(std::move(text));
}

void CallSession::callbacksChanged() {
    if (m_hooks.callbacksChanged)
        m_hooks.callbacksChanged();
}

bool CallSession::surveyKeysActive() const {
    if (!inCall())
        return false;
    if (m_surveyMode && m_card.nextSurveyQuestion())
        return true;
    return m_run && pendingScriptSurvey(*m_run).has_value();
}

const std::string* CallSession::incomingScriptId() const {
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

void CallSession::startRun() {
    m_run.reset();
    if (const std::string* scriptId = incomingScriptId()) {
        try {
            m_run.emplace(m_snapshot->scripts, *scriptId, profileValuesOf(m_snapshot.get()));
        } catch (const std::exception& e) {
            m_run.reset();
            message(std::string("Скрипт не запущен: ") + e.what());
        }
    } else {
        message("В базе знаний нет скрипта входящего звонка: карточка ведётся без скрипта");
    }
}

void CallSession::newCall(const std::string& operatorName, bool force) {
    if (inCall() && !m_newCallConfirm && !force) {
        message(fmt::format("Звонок № {} не завершён: Ctrl+E — опрос и завершение; Ctrl+N ещё "
                            "раз — начать новый",
                            m_card.number));
        m_newCallConfirm = true;
        return;
    }
    if (inCall())
        save(); // left open in the journal, as it is
    m_newCallConfirm = false;
    m_noQuestionConfirm = false;
    m_flagged.clear();
    ++m_callsTaken;
    m_card.start(m_callsTaken, operatorName);
    m_surveyMode = false;
    startRun();
    syncRunValues();
    // registered at once: the journal gives the call its number of the year
    m_recorder.callStarted(*this);
    onStepEntered();
}

void CallSession::resume() {
    m_recorder.resumeOpenCall(*this);
}

bool CallSession::restore(CallCard card, const std::string& run) {
    if (m_card.active)
        return false; // the operator started a call meanwhile; the old one stays open
    m_card = std::move(card);
    m_callsTaken = std::max(m_callsTaken, m_card.number);
    m_surveyMode = false;
    m_noQuestionConfirm = false;
    m_run.reset();
    bool resumed = false;
    if (!run.empty() && m_snapshot) {
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
                m_run.emplace(m_snapshot->scripts, *scriptId, profileValuesOf(m_snapshot.get()));
            } catch (const std::exception&) {
                m_run.reset();
            }
        }
    }
    if (m_run) // placeholder values are not kept beside the journal: they come from the card
        for (const auto& [name, value] : profileValuesOf(m_snapshot.get()))
            m_run->setValue(name, value);
    syncRunValues();
    message(fmt::format("Звонок № {} не был завершён и восстановлен: карточка как была, {}. "
                        "Ctrl+E — опрос и завершение",
                        m_card.number, resumed ? "скрипт на том же шаге" : "скрипт начат сначала"));
    return true;
}

void CallSession::save() {
    if (!m_card.active)
        return;
    m_recorder.save(*this);
    m_dirty = false;
}

void CallSession::saveIfChanged() {
    if (m_dirty)
        save();
}

void CallSession::close() {
    if (inCall())
        save(); // the call stays open in the journal; it shows up after a restart
}

void CallSession::cardChanged() {
    m_dirty = true;
    syncRunValues();
}

void CallSession::endCall() {
    if (!inCall()) {
        message("Звонка нет: Ctrl+N — новый звонок");
        return;
    }
    if (m_recorder.questionRequired() && !m_noQuestionConfirm &&
        core::trim(m_card.question).empty()) {
        // the register's question column is what the report counts: an empty one is the
        // operator's decision, not an oversight
        m_noQuestionConfirm = true;
        if (m_hooks.focusField)
            m_hooks.focusField(CardField::Question);
        message("Вопрос абонента не записан: впишите его в карточку (поле «Вопрос») или нажмите "
                "Ctrl+E ещё раз — завершить звонок без вопроса");
        return;
    }
    if (!m_card.surveyComplete()) {
        m_surveyMode = true;
        if (m_hooks.dropTextFocus)
            m_hooks.dropTextFocus();
        const auto next = *m_card.nextSurveyQuestion();
        message(fmt::format("Опрос: «{}» — клавиши 1–{}", surveyQuestions()[next].text,
                            surveyQuestions()[next].answers.size()));
        return;
    }
    m_card.ended = CallCard::Clock::now();
    m_card.closed = true;
    m_surveyMode = false;
    if (m_hooks.operatorNamed && !m_card.operatorName.empty())
        m_hooks.operatorNamed(m_card.operatorName);
    m_recorder.callEnded(*this);
    m_dirty = false;
}

void CallSession::recordCardSurvey(std::size_t question, int option) {
    if (m_card.answerSurvey(question, option))
        cardChanged();
    if (m_surveyMode && m_card.surveyComplete())
        endCall(); // Ctrl+E started the survey: its last answer ends the call
}

void CallSession::recordScriptSurvey(std::size_t question, std::size_t option) {
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

void CallSession::answerSurvey(int option) {
    if (m_run && !m_surveyMode) {
        if (const auto pending = pendingScriptSurvey(*m_run)) {
            if (option >= 0 && static_cast<std::size_t>(option) <
                                   m_run->surveyQuestions()[*pending].options.size())
                recordScriptSurvey(*pending, static_cast<std::size_t>(option));
            return;
        }
    }
    if (const auto next = m_card.nextSurveyQuestion())
        recordCardSurvey(*next, option);
}

void CallSession::chooseWay(std::size_t way) {
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

void CallSession::enterScript(std::string_view id) {
    if (!m_run) {
        message("Скрипта нет: Ctrl+N — новый звонок");
        return;
    }
    if (m_run->currentScript().id == id)
        return;
    const auto& ways = m_run->ways();
    for (std::size_t i = 0; i < ways.size(); ++i)
        if (ways[i].targetScript == id && ways[i].targetAnchor.empty()) {
            chooseWay(i);
            return;
        }
    if (!m_run->detour(id)) {
        message(fmt::format("В сценариях базы нет сценария «{}»", id));
        return;
    }
    onStepEntered();
    cardChanged();
}

void CallSession::scriptBack() {
    if (!m_run || !m_run->canGoBack())
        return;
    const int before = m_run->transferCount();
    m_run->back();
    syncTransfers(before);
    onStepEntered();
    cardChanged();
}

void CallSession::toggleTask(std::size_t task) {
    if (!m_run)
        return;
    if (m_run->toggleTask(task)) {
        // a task that names an action performs it when ticked
        const auto tasks = m_run->tasks();
        if (task < tasks.size() && tasks[task].done && !tasks[task].actions.empty() &&
            m_hooks.perform)
            m_hooks.perform(tasks[task].actions.front());
        cardChanged();
    }
}

void CallSession::syncTransfers(int transfersBefore) {
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

void CallSession::onStepEntered() {
    if (!m_run)
        return;
    // a script taken for an aggressive caller, a complaint… marks the call for the report
    if (const auto mark = m_run->currentScript().mark) {
        static constexpr CardMark kByScript[] = {CardMark::Aggressive, CardMark::Complaint,
                                                 CardMark::Urgent, CardMark::OutsideCompetence};
        setMark(kByScript[static_cast<int>(*mark)]);
    }
    const scripts::Step& step = m_run->current();
    if (!step.survey.empty() && m_hooks.dropTextFocus)
        m_hooks.dropTextFocus(); // the survey answers by digits
    // the step's first action that moves the keyboard is done at once
    for (const scripts::Action& action : step.allActions()) {
        if (action.kind == scripts::ActionKind::Search ||
            action.kind == scripts::ActionKind::Contacts ||
            action.kind == scripts::ActionKind::Card) {
            if (m_hooks.perform)
                m_hooks.perform(action);
            break;
        }
    }
}

void CallSession::syncRunValues() {
    if (!m_run)
        return;
    auto values = placeholderValues(m_card, m_snapshot && m_snapshot->kb ? &m_snapshot->kb->profile
                                                                         : nullptr);
    // the open contact is whom the call would go to
    if (m_hooks.contactValues)
        for (auto& [name, value] : m_hooks.contactValues())
            values[name] = std::move(value);
    for (const auto& placeholder : scripts::knownPlaceholders()) {
        std::string key = lowerRu(placeholder.name);
        std::replace(key.begin(), key.end(), '_', ' ');
        const auto found = values.find(key);
        if (found != values.end() && !found->second.empty())
            m_run->setValue(std::string(placeholder.name), found->second);
    }
}

void CallSession::entryOpened(const kb::Entry& entry) {
    m_recorder.entryOpened(entry.id);
    if (!inCall())
        return;
    m_card.noteOpened(entry.id);
    if (entry.kind != kb::EntryKind::Contact && !entry.department.empty())
        m_card.department = entry.department;
    if (m_card.question.empty() && entry.kind == kb::EntryKind::Faq)
        m_card.question = entry.title; // the operator may reword it
    cardChanged();
}

void CallSession::templateCopied(const std::string& entryId) {
    if (!inCall())
        return;
    m_card.noteOpened(entryId);
    cardChanged();
}

void CallSession::transfer(const kb::Entry* entry, const std::string& departmentTitle) {
    if (!inCall()) {
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
        transfer.organization = departmentTitle;
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

void CallSession::deferAnswer() {
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
        if (m_hooks.focusField)
            m_hooks.focusField(CardField::Phone);
        message("Отложенный ответ: запишите телефон для обратного звонка, затем Ctrl+D");
        return;
    }
    if (m_card.convenientHours.find_first_not_of(" \t") == std::string::npos) {
        if (m_hooks.focusField)
            m_hooks.focusField(CardField::ConvenientHours);
        message("Отложенный ответ: запишите удобное абоненту время, затем Ctrl+D");
        return;
    }
    if (!m_card.closed)
        save(); // the phone as typed is kept before the booking
    m_recorder.deferAnswer(*this);
}

void CallSession::extendDeferred() {
    if (!m_card.active || m_card.deferredDue.empty()) {
        message("Отложенный ответ не назначен: Ctrl+D — назначить");
        return;
    }
    if (m_card.deferredExtended) {
        message(fmt::format("Срок уже продлён: до {}", m_card.deferredDue));
        return;
    }
    m_recorder.extendDeferred(*this);
}

void CallSession::flagOutdated(const kb::Entry& entry, const std::string& operatorName,
                               const std::string& confirmation) {
    if (std::find(m_flagged.begin(), m_flagged.end(), entry.id) != m_flagged.end()) {
        message("Эта запись уже отмечена: «ответ устарел»");
        return;
    }
    journal::KbFlag flag;
    flag.kind = journal::FlagKind::Outdated;
    flag.entryId = entry.id;
    flag.department = entry.department;
    flag.operatorName = m_card.operatorName.empty() ? operatorName : m_card.operatorName;
    if (!m_recorder.flag(*this, flag, inCall()))
        return;
    m_flagged.push_back(entry.id);
    message(confirmation);
}

void CallSession::flagNoAnswer(const std::string& query) {
    if (!inCall()) {
        message("Звонка нет: «нет ответа в базе» отмечается во время звонка");
        return;
    }
    if (m_card.kbNoAnswer) {
        message("Звонок уже отмечен: «нет ответа в базе»");
        return;
    }
    m_card.kbNoAnswer = true;
    cardChanged();
    journal::KbFlag flag;
    flag.kind = journal::FlagKind::NoAnswer;
    flag.department = m_card.department;
    flag.note = m_card.question.empty() ? query : m_card.question;
    flag.operatorName = m_card.operatorName;
    save(); // the call's «нет ответа» is written with the flag
    if (m_recorder.flag(*this, flag, true))
        message("Звонок отмечен: «нет ответа в базе» — сигнал для отдела");
}

void CallSession::setMark(CardMark mark) {
    if (!inCall() || markOf(m_card, mark))
        return;
    markOf(m_card, mark) = true;
    message(fmt::format("Звонок отмечен: {} (Ctrl+Alt+{} — снять)", cardMarkLabel(mark),
                        static_cast<int>(mark) + 1));
    cardChanged();
}

void CallSession::toggleMark(CardMark mark) {
    if (!inCall()) {
        message("Звонка нет: отметки ставятся во время звонка");
        return;
    }
    if (!markOf(m_card, mark)) {
        setMark(mark);
        return;
    }
    markOf(m_card, mark) = false;
    message(fmt::format("Отметка снята: {}", cardMarkLabel(mark)));
    cardChanged();
}

void CallSession::searchOpened(const std::string& query, const std::string& entryId) {
    if (inCall() && query.find_first_not_of(" \t") != std::string::npos)
        m_recorder.searchUsed(query, entryId);
}

bool CallSession::recordEmptySearch(const std::string& query) {
    return m_recorder.emptySearch(query, inCall() ? m_card.department : std::string(), inCall());
}

} // namespace sufler::console
