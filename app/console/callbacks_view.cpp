// The queue window: the table of callbacks, reminders and campaign calls, the selected row, and
// under it the part for the taken row — a callback's field, or a reminder's or a campaign
// call's script with its results.
#include "console/callbacks_view.h"

#include "console/booking_view.h"
#include "console/overlay.h"

#include "sufler/kb/schedule.h"

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace sufler::console {

const char* queueKindRu(QueueKind kind) {
    switch (kind) {
    case QueueKind::Callback:
        return "перезвонить с ответом";
    case QueueKind::Reminder:
        return "напоминание о консультации";
    case QueueKind::Campaign:
        return "обзвон";
    }
    return "";
}

std::string QueueItem::key() const {
    switch (kind) {
    case QueueKind::Callback:
        return fmt::format("callback:{}", callId);
    case QueueKind::Reminder:
        return fmt::format("reminder:{}:{}", itemId, offsetMinutes);
    case QueueKind::Campaign:
        return fmt::format("campaign:{}", itemId);
    }
    return {};
}

const std::vector<QueueResultKey>& queueResultKeys(QueueKind kind) {
    static const std::vector<QueueResultKey> none;
    static const std::vector<QueueResultKey> reminder = {
        {QueueResult::Reached, "дозвонились, напомнили"},
        {QueueResult::NotReached, "не дозвонились"},
        {QueueResult::Cancelled, "отменил запись"},
        {QueueResult::Moved, "перенести на другое время…"},
    };
    static const std::vector<QueueResultKey> campaign = {
        {QueueResult::Informed, "проинформирован"},
        {QueueResult::NotReached, "не дозвонились"},
        {QueueResult::Refused, "отказался"},
        {QueueResult::WrongNumber, "ошибочный номер"},
        {QueueResult::CallLater, "перезвонить позже…"},
    };
    switch (kind) {
    case QueueKind::Reminder:
        return reminder;
    case QueueKind::Campaign:
        return campaign;
    case QueueKind::Callback:
        break;
    }
    return none;
}

namespace {

// «обзвон: Единое пособие» — the kind as the queue names it.
std::string kindSaid(const QueueItem& row) {
    if (row.kind == QueueKind::Campaign)
        return fmt::format("{}: {}", queueKindRu(row.kind), row.campaign);
    return queueKindRu(row.kind);
}

// `YYYY-MM-DD HH:MM` as the operator says it.
std::string slotText(const std::string& at) {
    const auto slot = kb::parseSlotTime(at);
    return slot ? slotSaid(*slot) : at;
}

} // namespace

void CallbacksView::setOpen(bool open) {
    m_state.open = open;
    if (!open)
        closeEdit(); // a field left open would take the next F4's first key
}

std::optional<int> CallbacksView::setRows(std::vector<QueueItem> rows) {
    const QueueItem* edited = editedRow();
    std::optional<QueueItem> editedBefore;
    if (edited)
        editedBefore = *edited;
    const QueueItem* before = selectedRow();
    const std::string keep = before ? before->key() : std::string();
    m_state.rows = std::move(rows);
    m_state.loaded = true;
    m_state.loadedOnce = true;
    m_state.failure.clear();
    const int count = static_cast<int>(m_state.rows.size());
    m_state.selected = count == 0 ? -1 : std::clamp(m_state.selected, 0, count - 1);
    for (int i = 0; !keep.empty() && i < count; ++i)
        if (m_state.rows[static_cast<std::size_t>(i)].key() == keep)
            m_state.selected = i;
    if (m_state.editing && !editedRow() && !m_state.saving) {
        // recorded elsewhere meanwhile (another console, the command line)
        closeEdit();
        m_left = editedBefore;
        return editedBefore ? editedBefore->callNumber : 0;
    }
    return std::nullopt;
}

void CallbacksView::moveSelection(int delta) {
    // the open part belongs to its row until it is recorded or cancelled
    if (m_state.rows.empty() || m_state.editing)
        return;
    const int count = static_cast<int>(m_state.rows.size());
    m_state.selected = std::clamp(m_state.selected + delta, 0, count - 1);
    m_state.scrollToSelected = true;
}

bool CallbacksView::select(std::int64_t callId) {
    QueueItem callback;
    callback.callId = callId;
    return selectKey(callback.key());
}

bool CallbacksView::selectKey(const std::string& key) {
    if (m_state.editing && *m_state.editing != key)
        return false;
    for (std::size_t i = 0; i < m_state.rows.size(); ++i)
        if (m_state.rows[i].key() == key) {
            m_state.selected = static_cast<int>(i);
            return true;
        }
    return false;
}

const QueueItem* CallbacksView::selectedRow() const {
    if (m_state.selected < 0 || m_state.selected >= static_cast<int>(m_state.rows.size()))
        return nullptr;
    return &m_state.rows[static_cast<std::size_t>(m_state.selected)];
}

const QueueItem* CallbacksView::editedRow() const {
    if (!m_state.editing)
        return nullptr;
    for (const QueueItem& row : m_state.rows)
        if (row.key() == *m_state.editing)
            return &row;
    return nullptr;
}

bool CallbacksView::startEdit(CallbackEdit edit) {
    const QueueItem* row = selectedRow();
    if (!row)
        return false;
    const std::string key = row->key();
    if (m_state.editing != key || m_state.edit != edit)
        m_state.text.clear();
    if (m_state.editing != key)
        m_state.script = {};
    m_state.editing = key;
    m_state.edit = edit;
    m_state.focusText = edit != CallbackEdit::Outcome;
    return true;
}

void CallbacksView::startMove() {
    if (!editing())
        return;
    m_state.edit = CallbackEdit::Move;
    m_state.slots.clear();
    m_state.slot = 0;
    m_state.slotsLoading = true;
    m_state.refusal.clear();
}

void CallbacksView::setSlots(std::vector<std::string> slots, std::string refusal) {
    m_state.slots = std::move(slots);
    m_state.slot = 0;
    m_state.slotsLoading = false;
    m_state.refusal = std::move(refusal);
}

void CallbacksView::moveSlot(int delta) {
    if (m_state.slots.empty())
        return;
    m_state.slot = std::clamp(m_state.slot + delta, 0, static_cast<int>(m_state.slots.size()) - 1);
}

const std::string* CallbacksView::selectedSlot() const {
    if (m_state.edit != CallbackEdit::Move || m_state.slot < 0 ||
        m_state.slot >= static_cast<int>(m_state.slots.size()))
        return nullptr;
    return &m_state.slots[static_cast<std::size_t>(m_state.slot)];
}

void CallbacksView::startCallLater() {
    if (!editing())
        return;
    m_state.edit = CallbackEdit::CallLater;
    m_state.text.clear();
    m_state.focusText = true;
}

void CallbacksView::back() {
    if (m_state.edit == CallbackEdit::Move || m_state.edit == CallbackEdit::CallLater) {
        m_state.edit = CallbackEdit::Outcome;
        m_state.text.clear();
        m_state.focusText = false;
        m_state.textActive = false;
        m_state.refusal.clear();
        return;
    }
    closeEdit();
}

void CallbacksView::closeEdit() {
    m_state.editing.reset();
    m_state.text.clear();
    m_state.focusText = false;
    m_state.textActive = false;
    m_state.script = {};
    m_state.slots.clear();
    m_state.slotsLoading = false;
    m_state.refusal.clear();
}

void CallbacksView::drawRows(const Fonts& fonts, Outcome& outcome) {
    const ImGuiStyle& style = ImGui::GetStyle();
    if (!ImGui::BeginTable("callbacks", 5,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("Срок", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 13);
    ImGui::TableSetupColumn("Телефон", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 9);
    ImGui::TableSetupColumn("Кому, удобное время", ImGuiTableColumnFlags_WidthFixed,
                            fonts.baseSize * 8);
    ImGui::TableSetupColumn("№", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 9);
    ImGui::TableSetupColumn("Что", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    const float left = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMin().x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const ImVec4 kindColour(0.55f, 0.75f, 1, 1);
    for (std::size_t i = 0; i < m_state.rows.size(); ++i) {
        const QueueItem& row = m_state.rows[i];
        const bool selected = static_cast<int>(i) == m_state.selected;
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        // the row's extent, for the mouse: its cells wrap to different heights
        const float top = ImGui::GetCursorScreenPos().y;
        float bottom = top + ImGui::GetTextLineHeight();
        auto grow = [&] { bottom = std::max(bottom, ImGui::GetItemRectMax().y); };
        // what matters for each kind: the deadline, the consultation, the attempt
        switch (row.kind) {
        case QueueKind::Callback:
            if (row.overdue)
                ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "%s ⚠ просрочен", row.due.c_str());
            else
                ImGui::TextUnformatted(row.due.c_str());
            grow();
            if (row.extended) {
                ImGui::TextDisabled("продлён");
                grow();
            }
            if (row.upcoming) {
                ImGui::TextDisabled("позже");
                grow();
            }
            break;
        case QueueKind::Reminder:
            ImGui::TextWrapped("приём %s", row.consultation.c_str());
            grow();
            ImGui::TextDisabled("%s%s", row.offset.c_str(),
                                row.attempt > 1 ? fmt::format(", попытка {}", row.attempt).c_str()
                                                : "");
            grow();
            break;
        case QueueKind::Campaign:
            ImGui::Text("попытка %d из %d", row.attempt, row.maxAttempts);
            grow();
            if (!row.due.empty()) {
                ImGui::TextDisabled("с %s", row.due.c_str());
                grow();
            }
            break;
        }
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(row.phone.c_str());
        grow();
        ImGui::TableSetColumnIndex(2);
        ImGui::TextWrapped("%s", row.kind == QueueKind::Callback ? row.convenientHours.c_str()
                                                                 : row.citizenName.c_str());
        grow();
        ImGui::TableSetColumnIndex(3);
        if (row.kind == QueueKind::Callback)
            ImGui::Text("№ %d", row.callNumber);
        else if (row.kind == QueueKind::Reminder)
            ImGui::Text("запись № %lld", static_cast<long long>(row.itemId));
        else
            ImGui::Text("кампания № %lld", static_cast<long long>(row.campaignId));
        grow();
        if (!row.takenBy.empty()) {
            // another operator has it: dialled by them, not again from here
            ImGui::TextColored(row.takenHere ? ImVec4(0.45f, 0.8f, 0.45f, 1)
                                             : ImVec4(1, 0.7f, 0.3f, 1),
                               "взял: %s", row.takenBy.c_str());
            grow();
        }
        ImGui::TableSetColumnIndex(4);
        ImGui::PushStyleColor(ImGuiCol_Text, kindColour);
        ImGui::TextUnformatted((kindSaid(row) + ":").c_str());
        ImGui::PopStyleColor();
        grow();
        ImGui::SameLine(); // the kind and its detail on one line while they fit
        switch (row.kind) {
        case QueueKind::Callback:
            ImGui::TextWrapped("%s", row.question.c_str());
            break;
        case QueueKind::Reminder:
            ImGui::TextWrapped("%s; %s", row.specialist.c_str(), row.place.c_str());
            break;
        case QueueKind::Campaign:
            ImGui::TextWrapped("%s%s%s", row.municipality.c_str(),
                               row.municipality.empty() || row.question.empty() ? "" : ", ",
                               row.question.c_str());
            break;
        }
        grow();
        const bool hovered =
            !m_state.editing && ImGui::IsWindowHovered() &&
            ImGui::IsMouseHoveringRect(ImVec2(left, top - style.CellPadding.y),
                                       ImVec2(right, bottom + style.CellPadding.y), false);
        if (selected || hovered)
            ImGui::TableSetBgColor(
                ImGuiTableBgTarget_RowBg1,
                ImGui::GetColorU32(selected ? ImGuiCol_Header : ImGuiCol_HeaderHovered));
        if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
            m_state.selected = static_cast<int>(i);
        if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
            outcome.startEdit = true;
        if (selected && m_state.scrollToSelected) {
            ImGui::SetScrollHereY(0.5f);
            m_state.scrollToSelected = false;
        }
    }
    ImGui::EndTable();
}

// The field under the table: a callback's result or reason, a campaign call's time. True when
// it has the keyboard.
bool CallbacksView::drawField(const QueueItem& row, Outcome& outcome) {
    switch (m_state.edit) {
    case CallbackEdit::Result:
        ImGui::TextWrapped("Что ответили абоненту — звонок № %d, %s:", row.callNumber,
                           row.phone.c_str());
        break;
    case CallbackEdit::Extend:
        ImGui::TextWrapped("Причина продления — звонок № %d, %s: срок продлевается на 10 "
                           "рабочих дней, сообщите абоненту новую дату",
                           row.callNumber, row.phone.c_str());
        break;
    default:
        ImGui::TextWrapped("Когда перезвонить — %s, %s:", row.citizenName.c_str(),
                           row.phone.c_str());
        break;
    }
    if (m_state.focusText && !m_state.saving) {
        ImGui::SetKeyboardFocusHere();
        m_state.focusText = false;
    }
    ImGui::BeginDisabled(m_state.saving);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##result",
                             m_state.edit == CallbackEdit::Result ? "ответ по существу вопроса, "
                                                                    "кратко"
                             : m_state.edit == CallbackEdit::Extend
                                 ? "например: нужен письменный запрос в отдел"
                                 : "ДД.ММ.ГГГГ ЧЧ:ММ или ЧЧ:ММ (сегодня)",
                             &m_state.text);
    const bool active = ImGui::IsItemActive();
    if (ImGui::Button("Записать (Enter)"))
        outcome.save = true;
    ImGui::SameLine();
    if (ImGui::Button("Отмена (Esc)"))
        outcome.cancel = true;
    ImGui::EndDisabled();
    return active;
}

// A reminder or a campaign call taken here: who, what to say (the script), the results.
void CallbacksView::drawTaken(const Fonts& fonts, const QueueItem& row, Outcome& outcome) {
    if (row.kind == QueueKind::Reminder)
        ImGui::TextWrapped("Напоминание: %s, %s — консультация %s, %s; %s", row.citizenName.c_str(),
                           row.phone.c_str(), row.consultation.c_str(), row.specialist.c_str(),
                           row.place.c_str());
    else
        ImGui::TextWrapped("Обзвон «%s»: %s, %s — попытка %d из %d", row.campaign.c_str(),
                           row.citizenName.c_str(), row.phone.c_str(), row.attempt,
                           row.maxAttempts);
    const float bottom =
        ImGui::GetFrameHeightWithSpacing() * 3 + ImGui::GetTextLineHeightWithSpacing() * 2;
    ImGui::BeginChild("taken", ImVec2(0, -bottom), true);
    if (m_state.edit == CallbackEdit::Move) {
        ImGui::TextUnformatted("Свободное время специалиста (↑↓ — выбрать, Enter — перенести):");
        if (!m_state.refusal.empty())
            ImGui::TextColored(ImVec4(1, 0.6f, 0.3f, 1), "%s", m_state.refusal.c_str());
        if (m_state.slotsLoading)
            ImGui::TextDisabled("Загрузка…");
        else if (m_state.slots.empty())
            ImGui::TextWrapped("Свободного времени у специалиста в ближайшие дни нет.");
        for (std::size_t i = 0; i < m_state.slots.size(); ++i) {
            const bool chosen = static_cast<int>(i) == m_state.slot;
            const std::string label = fmt::format("{}##slot{}", slotText(m_state.slots[i]), i);
            if (ImGui::Selectable(label.c_str(), chosen)) {
                m_state.slot = static_cast<int>(i);
                outcome.chooseSlot = true;
            }
            if (chosen)
                ImGui::SetScrollHereY(0.5f);
        }
    } else if (!m_state.script.missing.empty()) {
        ImGui::TextWrapped("%s", m_state.script.missing.c_str());
    } else {
        ImGui::PushFont(fonts.bold);
        ImGui::TextWrapped("Сценарий: %s", m_state.script.title.c_str());
        ImGui::PopFont();
        for (const QueueScript::Step& step : m_state.script.steps) {
            ImGui::Spacing();
            ImGui::PushFont(fonts.bold);
            ImGui::TextWrapped("%s", step.title.c_str());
            ImGui::PopFont();
            for (const std::string& words : step.words)
                ImGui::TextWrapped("«%s»", words.c_str());
            for (const std::string& task : step.tasks)
                ImGui::BulletText("%s", task.c_str());
        }
    }
    ImGui::EndChild();
    if (m_state.edit == CallbackEdit::CallLater)
        return; // the field follows
    ImGui::BeginDisabled(m_state.saving || m_state.edit == CallbackEdit::Move);
    const auto& keys = queueResultKeys(row.kind);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i > 0)
            ImGui::SameLine();
        const std::string label = fmt::format("{} — {}", i + 1, keys[i].label);
        if (ImGui::Button(label.c_str()))
            outcome.result = static_cast<int>(i) + 1;
    }
    ImGui::EndDisabled();
}

CallbacksView::Outcome CallbacksView::draw(const Fonts& fonts) {
    Outcome outcome;
    if (!m_state.open) {
        m_state.textActive = false;
        return outcome;
    }
    centerNextWindow(0.9f, 0.75f, ImGuiCond_Appearing);
    ImGui::SetNextWindowBgAlpha(0.97f); // the panels behind must not show through the table
    bool open = true;
    bool textActive = false;
    if (ImGui::Begin("Очередь: обратные звонки, напоминания о консультациях, обзвоны (F4, Esc — "
                     "закрыть)###callbacks",
                     &open, ImGuiWindowFlags_NoSavedSettings)) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const QueueItem* taken = editedRow();
        const bool outgoing = taken && taken->kind != QueueKind::Callback;
        if (!m_state.failure.empty()) {
            // not «empty»: what the queue holds is not known, or known as of an earlier load
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.7f, 0.3f, 1));
            ImGui::TextWrapped("%s",
                               (m_state.loadedOnce ? "Очередь не обновлена: " + m_state.failure +
                                                         " — показана загруженная раньше"
                                                   : "Очередь не загружена: " + m_state.failure)
                                   .c_str());
            ImGui::PopStyleColor();
        }
        if (!m_state.loaded) {
            ImGui::TextDisabled("Загрузка…");
        } else if (m_state.rows.empty() && !m_state.failure.empty()) {
            if (m_state.loadedOnce) // what is in it now is not known: said above
                ImGui::TextDisabled("В загруженной раньше очереди ничего не осталось.");
        } else if (m_state.rows.empty()) {
            ImGui::TextWrapped("Очередь пуста: нет обратных звонков (ни просроченных, ни на "
                               "сегодня, ни на ближайшие рабочие дни), напоминаний о "
                               "консультациях и звонков обзвона, которые пора сделать.");
        } else {
            // the table scrolls, the part under it stays in sight: room for the keys' line, the
            // field's label (up to two lines), the field and the buttons; a taken reminder or
            // campaign call leaves the table a few rows and gives its script the rest
            const float lines = m_state.editing ? 3.0f : 1.0f;
            const float frames = m_state.editing ? 2.0f : 1.0f;
            const float footer = ImGui::GetTextLineHeightWithSpacing() * lines +
                                 ImGui::GetFrameHeightWithSpacing() * frames + style.ItemSpacing.y;
            ImGui::BeginChild("queue", ImVec2(0, outgoing ? fonts.baseSize * 7 : -footer), false);
            drawRows(fonts, outcome);
            ImGui::EndChild();

            if (outgoing) {
                drawTaken(fonts, *taken, outcome);
                if (m_state.edit == CallbackEdit::CallLater)
                    textActive = drawField(*taken, outcome);
            } else if (taken) {
                textActive = drawField(*taken, outcome);
            } else {
                const QueueItem* row = selectedRow();
                ImGui::BeginDisabled(row == nullptr);
                if (ImGui::Button(row && row->kind != QueueKind::Callback
                                      ? "Взять и позвонить (Enter)"
                                      : "Взять и записать результат (Enter)"))
                    outcome.startEdit = true;
                ImGui::EndDisabled();
                ImGui::SameLine();
                ImGui::BeginDisabled(row == nullptr || row->kind != QueueKind::Callback);
                if (ImGui::Button("Продлить срок (Ctrl+Shift+D)"))
                    outcome.startExtend = true;
                ImGui::EndDisabled();
            }
        }
        const char* keys = "↑↓ — выбрать, Enter — взять, Ctrl+Shift+D — продлить срок обратного "
                           "звонка, Esc — закрыть";
        if (m_state.editing) {
            switch (m_state.edit) {
            case CallbackEdit::Result:
                keys = "Enter — записать результат, Esc — отменить";
                break;
            case CallbackEdit::Extend:
                keys = "Enter — продлить срок, Esc — отменить";
                break;
            case CallbackEdit::Outcome:
                keys = "1…5 — результат звонка (кнопки выше), Esc — вернуть в очередь";
                break;
            case CallbackEdit::Move:
                keys = "↑↓ — время, Enter — перенести запись, Esc — назад к результатам";
                break;
            case CallbackEdit::CallLater:
                keys = "Enter — записать «перезвонить позже», Esc — назад к результатам";
                break;
            }
        }
        ImGui::TextDisabled("%s", keys);
    }
    ImGui::End();
    m_state.textActive = textActive;
    if (!open)
        setOpen(false); // the window's ×
    return outcome;
}

} // namespace sufler::console
