// The console's requests to the journal and their answers: the callbacks queue (claim, release,
// a callback's result or extension), the status line, KB flags, the operator's name, a returning
// caller's history, outgoing calls and searches that found nothing. The worker does the work
// (journal_client.h); these members ask and show.
#include "console/console.h"
#include "console/journal_client.h"

#include "sufler/core/phone.h"
#include "sufler/core/text.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace sufler::console {

namespace {

using SteadyClock = std::chrono::steady_clock;

} // namespace

void Console::loadCallbacks() {
    m_recorder->loadCallbacks(
        [this](std::vector<CallbackRow> rows) {
            if (const auto gone = m_callbacks.setRows(std::move(rows)))
                message(fmt::format("Звонка № {} уже нет в очереди: его записали или продлили "
                                    "в другом месте",
                                    *gone));
        },
        [this](const std::string& what) {
            m_callbacks.markLoaded(); // the panel says the queue is empty, the line says why
            message("Обратные звонки не загружены: " + what);
        });
}

void Console::toggleStatus() {
    if (!m_options.senior) {
        message("панель старшего оператора — для старшего смены (sufler-app --senior)");
        return;
    }
    m_status.setOpen(!m_status.isOpen());
    if (m_status.isOpen())
        loadStatus(); // fresh at once, then every few seconds while open
}

void Console::loadStatus() {
    if (m_statusLoading)
        return; // the reading on its way shows the change too
    m_statusLoading = true;
    m_statusAsked = SteadyClock::now();
    m_recorder->loadStatus(
        [this](journal::HotlineStatus status) {
            m_statusLoading = false;
            m_status.setStatus(std::move(status));
        },
        [this](const std::string& what) {
            m_statusLoading = false;
            m_status.setError(what);
        });
}

void Console::claimCallback() {
    if (!m_callbacks.isOpen())
        return;
    const CallbackRow* row = m_callbacks.selectedRow();
    if (!row) {
        message("Обратных звонков в очереди нет");
        return;
    }
    // who calls back is named in the register: the operator of this console
    const std::string operatorName =
        !m_operator.empty() ? m_operator : m_session->card().operatorName;
    if (operatorName.empty()) {
        message("Обратный звонок не взят: пульт не знает ФИО оператора — впишите его в карточку "
                "звонка (Ctrl+K, поле «ФИО специалиста»)");
        return;
    }
    const std::int64_t id = row->callId;
    m_recorder->claimCallback(
        *row, operatorName,
        [this, id] {
            // this console has it now: the field for what the caller is told
            m_claimed = id;
            if (m_callbacks.isOpen() && m_callbacks.select(id))
                m_callbacks.startEdit(CallbackEdit::Result);
            loadCallbacks(); // shows «взял: …» here as everywhere else
        },
        [this](const std::string& why) {
            message("Обратный звонок не взят: " + why);
            loadCallbacks();
        });
}

void Console::releaseUnrecordedClaim() {
    if (!m_claimed)
        return;
    if (m_callbacks.editing() && m_callbacks.state().editing == *m_claimed)
        return; // the field is still open for it
    m_recorder->releaseCallback(*m_claimed);
    m_claimed.reset();
    loadCallbacks();
}

void Console::startCallbackEdit(CallbackEdit edit) {
    if (!m_callbacks.isOpen())
        return;
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
    if (!row || m_callbacks.state().saving)
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
    const std::int64_t id = row->callId;
    const int number = row->callNumber;
    m_recorder->recordCallback(
        *row, text, extend, m_snapshot ? m_snapshot->kb : nullptr,
        [this, id, number](const CallRecorder::CallbackSaved& saved) {
            // the field closes and the queue is loaded again
            m_callbacks.setSaving(false);
            if (m_callbacks.state().editing == id)
                m_callbacks.closeEdit();
            // the call on the card is this one (taken up again after a crash)
            CallCard& card = m_session->card();
            if (saved.extendedCurrent && card.active && card.number == number) {
                card.deferredDue = saved.due;
                card.deferredExtended = true;
                m_session->syncRunValues();
            }
            message(saved.said);
            loadCallbacks(); // an answered row leaves the queue, an extended one shows it
        },
        [this, extend](const std::string& what) {
            m_callbacks.setSaving(false);
            m_callbacks.focusText(); // the text is still there: try again or Esc
            message((extend ? "Срок не продлён: " : "Результат не записан: ") + what);
        });
}

void Console::flagOutdated() {
    const ViewContext context{Fonts{}, m_snapshot.get()};
    const kb::Entry* entry = m_entry.entry(context);
    if (!entry) {
        message("Откройте запись, ответ которой устарел (поиск: Ctrl+F), затем Ctrl+U");
        return;
    }
    m_session->flagOutdated(*entry, m_operator,
                            fmt::format("Запись отмечена: «ответ устарел» — {} ({})", entry->title,
                                        context.departmentTitle(entry->department)));
}

void Console::takeOperator(const std::string& name) {
    const bool unlisted = m_operatorPrompt.unlisted();
    m_operatorPrompt.close();
    dropTextFocus();
    m_search.focus();
    m_operator = name;
    if (name.empty()) {
        message("Оператор не указан: ФИО впишите в карточку звонка (Ctrl+K) или перезапустите "
                "пульт");
        return;
    }
    if (name != m_settings.operatorName) {
        m_settings.operatorName = name; // preselected next time
        m_settingsDirty = true;
    }
    // a call taken up again after a crash goes on under whoever is here now, if it had nobody
    CallCard& card = m_session->card();
    if (m_session->inCall() && card.operatorName.empty()) {
        card.operatorName = name;
        m_session->cardChanged();
    }
    message(unlisted ? fmt::format("Оператор: {} — такого ФИО нет в списке операторов "
                                   "(sufler.yaml), оно записывается в журнал как введено",
                                   name)
                     : fmt::format("Оператор: {}", name));
}

void Console::lookUpCaller() {
    const std::string key =
        m_session->card().active ? core::normalizePhone(m_session->card().phone) : std::string();
    if (!m_history.wants(key))
        return;
    m_recorder->loadHistory(
        key, [this](journal::CallerHistory history) { m_history.setHistory(std::move(history)); },
        [this](const std::string& why) { message("История звонков не прочитана: " + why); });
}

void Console::startOutgoing() {
    if (m_outgoing.isOpen())
        return;
    OutgoingCard card;
    card.startedAt = CallCard::formatNow("%d.%m.%Y %H:%M");
    card.operatorName = m_operator;
    // made for the caller on the line (a specialist of another organisation, seed 003)
    if (m_session->inCall()) {
        const CallCard& incoming = m_session->card();
        card.incomingNumber = incoming.number;
        card.municipality = incoming.municipality;
        card.question = incoming.question;
    }
    m_outgoing.start(std::move(card));
    dropTextFocus();
    offerOutgoingScripts();
}

void Console::offerOutgoingScripts() {
    std::vector<OutgoingScript> offered;
    if (m_snapshot && m_snapshot->scripts) {
        const OutgoingCard& card = m_outgoing.card();
        scripts::Values values =
            m_snapshot->kb ? scripts::profileValues(m_snapshot->kb->profile) : scripts::Values{};
        values["оператор"] = card.operatorName;
        values["специалист"] = card.calleeName;
        values["организация_перевода"] = card.organization;
        if (m_session->inCall()) {
            values["абонент"] = addressForm(m_session->card().callerName);
            values["тема"] = m_session->card().question;
            values["дата_ответа"] = m_session->card().deferredDue;
        }
        for (const scripts::Script& script : m_snapshot->scripts->scripts()) {
            if (script.kind != scripts::ScriptKind::Outgoing)
                continue;
            OutgoingScript entry{script.id, script.title, script.description, {}};
            for (const auto& words : script.startStep().words)
                if (std::string said = scripts::fillPlaceholders(words.text, values); !said.empty())
                    entry.words.push_back(std::move(said));
            offered.push_back(std::move(entry));
        }
    }
    m_outgoing.setScripts(std::move(offered));
}

void Console::finishOutgoing() {
    if (!m_outgoing.isOpen() || m_outgoing.state().saving)
        return;
    const OutgoingCard& card = m_outgoing.card();
    // the register's «Контактные данные специалиста, принявшего звонок» and its question
    if (core::trim(card.calleeName).empty() && core::trim(card.organization).empty()) {
        m_outgoing.focusFirst();
        message("Исходящий звонок не записан: впишите, кому звонили — ФИО специалиста или "
                "организацию");
        return;
    }
    journal::OutgoingCall call;
    const std::string name = core::trimmed(card.calleeName);
    const std::string phone = core::trimmed(card.calleePhone);
    call.calleeContact = name.empty() ? phone : phone.empty() ? name : name + ", " + phone;
    call.municipality = core::trimmed(card.municipality);
    call.question = core::trimmed(card.question);
    call.organization = core::trimmed(card.organization);
    call.operatorName = core::trimmed(card.operatorName);
    call.note = core::trimmed(card.note);
    call.source = "console";
    m_outgoing.setSaving(true);
    m_recorder->saveOutgoing(
        call, card.incomingNumber > 0,
        [this](int number) {
            m_outgoing.close();
            if (number == 0) // waits on this workstation for the journal's server
                message("Нет связи с сервером журнала: исходящий звонок сохранён на этом "
                        "компьютере и будет записан в журнал (Приложение 2), когда связь "
                        "восстановится");
            else
                message(
                    fmt::format("Исходящий звонок № {} записан в журнал (Приложение 2)", number));
        },
        [this](const std::string& why) {
            m_outgoing.setSaving(false);
            message("Исходящий звонок не записан: " + why);
        });
}

void Console::recordEmptySearch() {
    // A search that found nothing is recorded once the operator stops typing or leaves the
    // box, not for every keystroke on the way to a word.
    m_emptyPending = false;
    const auto& search = m_search.state();
    if (search.kind || !search.reply || search.reply->query != search.query ||
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
    if (m_session->recordEmptySearch(query))
        m_emptyRecorded = query;
}

} // namespace sufler::console
