// The console's requests to the journal and their answers: the queue (F4: callbacks, reminders
// of consultations, campaign calls — claim, release, a result, a callback's extension), the status
// line, KB flags, the operator's name, a returning caller's history, outgoing calls and searches
// that found nothing. The worker does the work (journal_client.h); these members ask and show.
#include "console/console.h"
#include "console/journal_client.h"

#include "sufler/core/date.h"
#include "sufler/core/phone.h"
#include "sufler/core/text.h"
#include "sufler/journal/consultations.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace sufler::console {

namespace {

using SteadyClock = std::chrono::steady_clock;

} // namespace

void Console::loadCallbacks(QueueLoad load) {
    m_queueAsked = SteadyClock::now();
    m_recorder->loadQueue(
        m_snapshot ? m_snapshot->kb : nullptr,
        [this](std::vector<QueueItem> rows) {
            if (!m_callbacks.setRows(std::move(rows)))
                return;
            const auto& left = m_callbacks.leftItem();
            if (left && left->kind == QueueKind::Callback)
                message(fmt::format("Звонка № {} уже нет в очереди: его записали или продлили "
                                    "в другом месте",
                                    left->callNumber));
            else if (left)
                message(fmt::format("{} — {}, {}: уже нет в очереди, результат записан в другом "
                                    "месте",
                                    queueKindRu(left->kind), left->citizenName, left->phone));
        },
        [this, load](const std::string& what) {
            m_callbacks.markFailed(what);
            if (load == QueueLoad::Asked)
                message("Очередь не загружена: " + what);
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
    if (m_callbacks.editing()) {
        // Enter under a taken reminder: the move to the free slot chosen
        const QueueItem* row = m_callbacks.editedRow();
        const std::string* slot = m_callbacks.selectedSlot();
        if (row && slot && !m_callbacks.state().saving)
            recordQueueResult(*row, QueueResult::Moved, *slot);
        return;
    }
    const QueueItem* row = m_callbacks.selectedRow();
    if (!row) {
        message("Очередь пуста: брать нечего");
        return;
    }
    // who calls is named in the register: the operator of this console
    const std::string operatorName =
        !m_operator.empty() ? m_operator : m_session->card().operatorName;
    if (operatorName.empty()) {
        message("Звонок из очереди не взят: пульт не знает ФИО оператора — впишите его в "
                "карточку звонка (Ctrl+K, поле «ФИО специалиста»)");
        return;
    }
    const QueueItem item = *row;
    m_recorder->claimQueueItem(
        item, operatorName, m_snapshot ? m_snapshot->kb : nullptr,
        [this, item] {
            // this console has it now: the field for what the caller is told, or the script
            m_claimed = item;
            if (m_callbacks.isOpen() && m_callbacks.selectKey(item.key())) {
                switch (item.kind) {
                case QueueKind::Callback:
                    m_callbacks.startEdit(CallbackEdit::Result);
                    break;
                case QueueKind::Reminder:
                case QueueKind::Campaign:
                    m_callbacks.startEdit(CallbackEdit::Outcome);
                    m_callbacks.setScript(queueScript(item));
                    message(fmt::format("Взято: {} — {}, {}; результат — клавиши 1…{}",
                                        queueKindRu(item.kind), item.citizenName, item.phone,
                                        queueResultKeys(item.kind).size()));
                    break;
                }
            }
            loadCallbacks(); // shows «взял: …» here as everywhere else
        },
        [this, kind = item.kind](const std::string& why) {
            message((kind == QueueKind::Callback ? "Обратный звонок не взят: "
                                                 : "Звонок из очереди не взят: ") +
                    why);
            loadCallbacks();
        });
}

void Console::releaseUnrecordedClaim() {
    if (!m_claimed)
        return;
    if (m_callbacks.editing() && m_callbacks.state().editing == m_claimed->key())
        return; // the part is still open for it
    m_recorder->releaseQueueItem(*m_claimed);
    m_claimed.reset();
    loadCallbacks();
}

void Console::startCallbackEdit(CallbackEdit edit) {
    if (!m_callbacks.isOpen())
        return;
    const QueueItem* row = m_callbacks.selectedRow();
    if (!row) {
        message("Обратных звонков в очереди нет");
        return;
    }
    if (row->kind != QueueKind::Callback) {
        message("Продлевается срок обратного звонка; у напоминания и обзвона срока нет");
        return;
    }
    if (edit == CallbackEdit::Extend && row->extended) {
        message(fmt::format("Срок по звонку № {} уже продлён: до {} — продлить можно один раз",
                            row->callNumber, row->due));
        return;
    }
    m_callbacks.startEdit(edit);
}

namespace {

// «15:30» (today), «08.12.2026 15:30», «2026-12-08 15:30» → `YYYY-MM-DD HH:MM`; "" when it is
// none of them.
std::string callLaterTime(const std::string& typed) {
    const std::string text = core::trimmed(typed);
    const auto space = text.rfind(' ');
    const std::string day = space == std::string::npos ? journal::nowTimestamp().substr(0, 10)
                                                       : core::trimmed(text.substr(0, space));
    const std::string time = space == std::string::npos ? text : text.substr(space + 1);
    const auto date = parseDate(day);
    const auto minutes = kb::parseTimeOfDay(time);
    if (!date || !minutes)
        return {};
    return formatIsoDate(*date) + " " + kb::formatTimeOfDay(*minutes);
}

} // namespace

void Console::saveCallbackEdit() {
    if (m_callbacks.state().edit == CallbackEdit::CallLater) {
        const QueueItem* row = m_callbacks.editedRow();
        if (!row || m_callbacks.state().saving)
            return;
        const std::string when = callLaterTime(m_callbacks.state().text);
        if (when.empty()) {
            m_callbacks.focusText();
            message("Не записано: когда перезвонить — ДД.ММ.ГГГГ ЧЧ:ММ или ЧЧ:ММ (сегодня), "
                    "затем Enter");
            return;
        }
        recordQueueResult(*row, QueueResult::CallLater, when);
        return;
    }
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
    const std::string key = row->key();
    const int number = row->callNumber;
    m_recorder->recordCallback(
        *row, text, extend, m_snapshot ? m_snapshot->kb : nullptr,
        [this, key, number](const CallRecorder::CallbackSaved& saved) {
            // the field closes and the queue is loaded again
            m_callbacks.setSaving(false);
            if (m_callbacks.state().editing == key)
                m_callbacks.closeEdit();
            // the call on the card is this one (taken up again after a crash)
            CallCard& card = m_session->card();
            if (saved.extendedCurrent && card.active && card.number == number) {
                card.deferredDue = saved.due;
                card.deferredExtended = true;
                m_session->syncRunValues();
            }
            message(saved.said);
            if (saved.keptHere) {
                // the server is away: the row leaves the queue shown here, and the server's
                // queue is read again once it is back
                std::vector<QueueItem> rows = m_callbacks.state().rows;
                std::erase_if(rows, [&key](const QueueItem& r) { return r.key() == key; });
                m_callbacks.setRows(std::move(rows));
                return;
            }
            loadCallbacks(); // an answered row leaves the queue, an extended one shows it
        },
        [this, extend](const std::string& what) {
            m_callbacks.setSaving(false);
            m_callbacks.focusText(); // the text is still there: try again or Esc
            message((extend ? "Срок не продлён: " : "Результат не записан: ") + what);
        });
}

QueueScript Console::queueScript(const QueueItem& item) const {
    QueueScript out;
    out.id = item.script;
    const scripts::Script* script =
        m_snapshot && m_snapshot->scripts ? m_snapshot->scripts->find(item.script) : nullptr;
    if (!script) {
        out.missing = fmt::format("Сценария «{}» в базе знаний нет: скажите то, что в строке "
                                  "выше, своими словами",
                                  item.script);
        return out;
    }
    out.title = script->title;
    scripts::Values values =
        m_snapshot->kb ? scripts::profileValues(m_snapshot->kb->profile) : scripts::Values{};
    values["оператор"] = m_operator;
    values["абонент"] = addressForm(item.citizenName);
    switch (item.kind) {
    case QueueKind::Reminder:
        values["специалист_консультации"] = item.specialist;
        values["дата_консультации"] = item.consultation;
        values["место_консультации"] = item.place;
        values["как_добраться"] = item.howToGet;
        values["тема"] = item.question;
        break;
    case QueueKind::Campaign: {
        // the measure as the campaign names it, and its KB entry's title when that says more
        std::string measure = item.campaign;
        if (m_snapshot->kb)
            if (const kb::Entry* entry = m_snapshot->kb->findEntry(item.campaignEntry);
                entry && entry->title != item.campaign)
                measure += " (" + entry->title + ")";
        values["мера_поддержки"] = measure;
        break;
    }
    case QueueKind::Callback:
        break;
    }
    for (const scripts::Step& step : script->steps) {
        QueueScript::Step shown{step.title, {}, {}};
        for (const auto& words : step.words)
            if (std::string said = scripts::fillPlaceholders(words.text, values); !said.empty())
                shown.words.push_back(std::move(said));
        for (const auto& task : step.tasks)
            shown.tasks.push_back(scripts::fillPlaceholders(task.text, values));
        out.steps.push_back(std::move(shown));
    }
    return out;
}

void Console::chooseQueueResult(int digit) {
    const QueueItem* row = m_callbacks.editedRow();
    if (!row || !m_callbacks.outcomeOpen() || m_callbacks.state().saving)
        return;
    const auto& keys = queueResultKeys(row->kind);
    if (digit < 1 || digit > static_cast<int>(keys.size()))
        return;
    switch (keys[static_cast<std::size_t>(digit - 1)].result) {
    case QueueResult::Moved:
        m_callbacks.startMove(); // the specialist's free slots, then Enter
        loadMoveSlots(*row);
        return;
    case QueueResult::CallLater:
        m_callbacks.startCallLater(); // the time asked, then Enter
        return;
    default:
        recordQueueResult(*row, keys[static_cast<std::size_t>(digit - 1)].result, {});
        return;
    }
}

void Console::loadMoveSlots(const QueueItem& item) {
    const auto base = m_snapshot ? m_snapshot->kb : nullptr;
    const kb::Specialist* specialist = base ? base->findSpecialist(item.specialistKey) : nullptr;
    if (!specialist) {
        m_callbacks.setSlots(
            {}, fmt::format("Специалиста {} нет в расписаниях базы знаний", item.specialistKey));
        return;
    }
    const std::string key = item.key();
    m_recorder->onJournal(
        [this, base, specialist, key](journal::Journal& journal,
                                      std::int64_t) -> std::function<void()> {
            const auto now = kb::parseSlotTime(journal::nowTimestamp().substr(0, 16));
            std::vector<std::string> free;
            if (now)
                for (const kb::Slot& slot :
                     journal::freeSlots(journal, *specialist, kb::workCalendar(base->profile),
                                        now->day, now->start, journal::kFreeSlotHorizonDays))
                    if (free.size() < 12)
                        free.push_back(kb::formatSlot(slot));
            return [this, key, free = std::move(free)]() mutable {
                if (m_callbacks.state().editing == key)
                    m_callbacks.setSlots(std::move(free));
            };
        },
        [this](const std::string& why) {
            m_callbacks.setSlots({}, "Свободное время не прочитано: " + why);
        });
}

void Console::recordQueueResult(const QueueItem& item, QueueResult result,
                                const std::string& when) {
    const std::string operatorName =
        !m_operator.empty() ? m_operator : m_session->card().operatorName;
    m_callbacks.setSaving(true);
    const std::string key = item.key();
    m_recorder->recordQueueResult(
        item, result, when, operatorName, m_snapshot ? m_snapshot->kb : nullptr,
        [this, key](const CallRecorder::QueueSaved& saved) {
            m_callbacks.setSaving(false);
            message(saved.said);
            if (saved.refused) {
                // the slot was just taken: the next free ones in its place
                if (m_callbacks.state().editing == key)
                    m_callbacks.setSlots(saved.nextFree, saved.said);
                return;
            }
            if (m_callbacks.state().editing == key)
                m_callbacks.closeEdit();
            if (m_claimed && m_claimed->key() == key)
                m_claimed.reset(); // recorded: nothing to return
            loadCallbacks();       // a finished item leaves the queue
        },
        [this](const std::string& why) {
            m_callbacks.setSaving(false);
            message("Результат не записан: " + why);
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
