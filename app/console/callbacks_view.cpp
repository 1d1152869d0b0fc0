// The callbacks queue window: the table, the selected row, the result field under it.
#include "console/callbacks_view.h"

#include "console/overlay.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace sufler::console {

void CallbacksView::setOpen(bool open) {
    m_state.open = open;
    if (!open)
        closeEdit(); // a field left open would take the next F4's first key
}

std::optional<int> CallbacksView::setRows(std::vector<CallbackRow> rows) {
    const CallbackRow* edited = editedRow();
    const int editedNumber = edited ? edited->callNumber : 0;
    const CallbackRow* before = selectedRow();
    const std::int64_t keep = before ? before->callId : 0; // call ids start at 1
    m_state.rows = std::move(rows);
    m_state.loaded = true;
    const int count = static_cast<int>(m_state.rows.size());
    m_state.selected = count == 0 ? -1 : std::clamp(m_state.selected, 0, count - 1);
    for (int i = 0; keep != 0 && i < count; ++i)
        if (m_state.rows[static_cast<std::size_t>(i)].callId == keep)
            m_state.selected = i;
    if (m_state.editing && !editedRow()) {
        closeEdit(); // answered or extended elsewhere meanwhile (another console, the command line)
        return editedNumber;
    }
    return std::nullopt;
}

void CallbacksView::moveSelection(int delta) {
    // the open field belongs to its row until it is recorded or cancelled
    if (m_state.rows.empty() || m_state.editing)
        return;
    const int count = static_cast<int>(m_state.rows.size());
    m_state.selected = std::clamp(m_state.selected + delta, 0, count - 1);
    m_state.scrollToSelected = true;
}

bool CallbacksView::select(std::int64_t callId) {
    if (m_state.editing && *m_state.editing != callId)
        return false;
    for (std::size_t i = 0; i < m_state.rows.size(); ++i)
        if (m_state.rows[i].callId == callId) {
            m_state.selected = static_cast<int>(i);
            return true;
        }
    return false;
}

const CallbackRow* CallbacksView::selectedRow() const {
    if (m_state.selected < 0 || m_state.selected >= static_cast<int>(m_state.rows.size()))
        return nullptr;
    return &m_state.rows[static_cast<std::size_t>(m_state.selected)];
}

const CallbackRow* CallbacksView::editedRow() const {
    if (!m_state.editing)
        return nullptr;
    for (const CallbackRow& row : m_state.rows)
        if (row.callId == *m_state.editing)
            return &row;
    return nullptr;
}

bool CallbacksView::startEdit(CallbackEdit edit) {
    const CallbackRow* row = selectedRow();
    if (!row)
        return false;
    if (m_state.editing != row->callId || m_state.edit != edit)
        m_state.text.clear();
    m_state.editing = row->callId;
    m_state.edit = edit;
    m_state.focusText = true;
    return true;
}

void CallbacksView::closeEdit() {
    m_state.editing.reset();
    m_state.text.clear();
    m_state.focusText = false;
    m_state.textActive = false;
}

CallbacksView::Outcome CallbacksView::draw(const Fonts& fonts) {
    Outcome outcome;
    if (!m_state.open) {
        m_state.textActive = false;
        return outcome;
    }
    centerNextWindow(0.7f, 0.55f, ImGuiCond_Appearing);
    ImGui::SetNextWindowBgAlpha(0.97f); // the panels behind must not show through the table
    bool open = true;
    bool textActive = false;
    if (ImGui::Begin("Обратные звонки: просроченные, на сегодня и ближайшие дни (F4, Esc — "
                     "закрыть)###callbacks",
                     &open, ImGuiWindowFlags_NoSavedSettings)) {
        const ImGuiStyle& style = ImGui::GetStyle();
        if (!m_state.loaded) {
            ImGui::TextDisabled("Загрузка…");
        } else if (m_state.rows.empty()) {
            ImGui::TextWrapped("Обратных звонков нет: ни просроченных, ни на сегодня, ни на "
                               "ближайшие рабочие дни.");
        } else {
            // the table scrolls, the field stays in sight under it: room for the keys' line, the
            // field's label (up to two lines), the field and the buttons
            const float lines = m_state.editing ? 3.0f : 1.0f;
            const float frames = m_state.editing ? 2.0f : 1.0f;
            const float footer = ImGui::GetTextLineHeightWithSpacing() * lines +
                                 ImGui::GetFrameHeightWithSpacing() * frames + style.ItemSpacing.y;
            ImGui::BeginChild("queue", ImVec2(0, -footer), false);
            if (ImGui::BeginTable("callbacks", 5,
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                      ImGuiTableFlags_SizingStretchProp)) {
                ImGui::TableSetupColumn("Срок", ImGuiTableColumnFlags_WidthFixed,
                                        fonts.baseSize * 13);
                ImGui::TableSetupColumn("Телефон", ImGuiTableColumnFlags_WidthFixed,
                                        fonts.baseSize * 9);
                ImGui::TableSetupColumn("Удобное время", ImGuiTableColumnFlags_WidthFixed,
                                        fonts.baseSize * 8);
                ImGui::TableSetupColumn("Звонок", ImGuiTableColumnFlags_WidthFixed,
                                        fonts.baseSize * 9);
                ImGui::TableSetupColumn("Вопрос", ImGuiTableColumnFlags_WidthStretch);
                ImGui::TableHeadersRow();
                const float left = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMin().x;
                const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
                for (std::size_t i = 0; i < m_state.rows.size(); ++i) {
                    const CallbackRow& row = m_state.rows[i];
                    const bool selected = static_cast<int>(i) == m_state.selected;
                    ImGui::TableNextRow();
                    ImGui::TableSetColumnIndex(0);
                    // the row's extent, for the mouse: its cells wrap to different heights
                    const float top = ImGui::GetCursorScreenPos().y;
                    float bottom = top + ImGui::GetTextLineHeight();
                    auto grow = [&] { bottom = std::max(bottom, ImGui::GetItemRectMax().y); };
                    if (row.overdue)
                        ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "%s ⚠ просрочен",
                                           row.due.c_str());
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
                    ImGui::TableSetColumnIndex(1);
                    ImGui::TextUnformatted(row.phone.c_str());
                    grow();
                    ImGui::TableSetColumnIndex(2);
                    ImGui::TextWrapped("%s", row.convenientHours.c_str());
                    grow();
                    ImGui::TableSetColumnIndex(3);
                    ImGui::Text("№ %d", row.callNumber);
                    grow();
                    if (!row.takenBy.empty()) {
                        // another operator has it: dialled by them, not again from here
                        ImGui::TextColored(row.takenHere ? ImVec4(0.45f, 0.8f, 0.45f, 1)
                                                         : ImVec4(1, 0.7f, 0.3f, 1),
                                           "взял: %s", row.takenBy.c_str());
                        grow();
                    }
                    ImGui::TableSetColumnIndex(4);
                    ImGui::TextWrapped("%s", row.question.c_str());
                    grow();
                    const bool hovered = !m_state.editing && ImGui::IsWindowHovered() &&
                                         ImGui::IsMouseHoveringRect(
                                             ImVec2(left, top - style.CellPadding.y),
                                             ImVec2(right, bottom + style.CellPadding.y), false);
                    if (selected || hovered)
                        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1,
                                               ImGui::GetColorU32(selected
                                                                      ? ImGuiCol_Header
                                                                      : ImGuiCol_HeaderHovered));
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
            ImGui::EndChild();

            if (const CallbackRow* row = editedRow()) {
                if (m_state.edit == CallbackEdit::Result)
                    ImGui::TextWrapped("Что ответили абоненту — звонок № %d, %s:", row->callNumber,
                                       row->phone.c_str());
                else
                    ImGui::TextWrapped("Причина продления — звонок № %d, %s: срок продлевается на "
                                       "10 рабочих дней, сообщите абоненту новую дату",
                                       row->callNumber, row->phone.c_str());
                if (m_state.focusText && !m_state.saving) {
                    ImGui::SetKeyboardFocusHere();
                    m_state.focusText = false;
                }
                ImGui::BeginDisabled(m_state.saving);
                ImGui::SetNextItemWidth(-1);
                ImGui::InputTextWithHint("##result",
                                         m_state.edit == CallbackEdit::Result
                                             ? "ответ по существу вопроса, кратко"
                                             : "например: нужен письменный запрос в отдел",
                                         &m_state.text);
                textActive = ImGui::IsItemActive();
                if (ImGui::Button("Записать (Enter)"))
                    outcome.save = true;
                ImGui::SameLine();
                if (ImGui::Button("Отмена (Esc)"))
                    outcome.cancel = true;
                ImGui::EndDisabled();
            } else {
                ImGui::BeginDisabled(selectedRow() == nullptr);
                if (ImGui::Button("Взять и записать результат (Enter)"))
                    outcome.startEdit = true;
                ImGui::SameLine();
                if (ImGui::Button("Продлить срок (Ctrl+Shift+D)"))
                    outcome.startExtend = true;
                ImGui::EndDisabled();
            }
        }
        ImGui::TextDisabled(!m_state.editing ? "↑↓ — выбрать, Enter — взять и записать результат, "
                                               "Ctrl+Shift+D — продлить срок, Esc — закрыть"
                            : m_state.edit == CallbackEdit::Result
                                ? "Enter — записать результат, Esc — отменить"
                                : "Enter — продлить срок, Esc — отменить");
    }
    ImGui::End();
    m_state.textActive = textActive;
    if (!open)
        setOpen(false); // the window's ×
    return outcome;
}

} // namespace sufler::console
