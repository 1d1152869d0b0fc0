// Search box and result list.
#include "console/search_view.h"

#include "console/staleness_view.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <fmt/format.h>

namespace sufler::console {

void SearchView::onReply(SearchReply reply) {
    // a reply older than the text in the box is still shown until the newer one arrives, but
    // never replaces a newer one
    if (m_state.reply && reply.ticket < m_state.reply->ticket)
        return;
    m_state.snippets.clear();
    for (const auto& hit : reply.result.hits)
        m_state.snippets.push_back(parseSnippet(hit.snippet));
    m_state.agencySnippets.clear();
    for (const auto& hit : reply.agencies)
        m_state.agencySnippets.push_back(parseSnippet(hit.snippet));
    const bool sameQuery = m_state.reply && m_state.reply->query == reply.query;
    m_state.reply = std::move(reply);
    if (!sameQuery)
        m_state.selected = 0;
    const int count = static_cast<int>(m_state.reply->result.hits.size());
    if (m_state.selected >= count)
        m_state.selected = count > 0 ? count - 1 : 0;
}

void SearchView::moveSelection(int delta) {
    if (!m_state.reply || m_state.reply->result.hits.empty())
        return;
    const int count = static_cast<int>(m_state.reply->result.hits.size());
    m_state.selected = std::clamp(m_state.selected + delta, 0, count - 1);
    m_state.scrollToSelected = true;
}

std::optional<std::string> SearchView::selectedId() const {
    if (!m_state.reply || m_state.reply->result.hits.empty())
        return std::nullopt;
    return m_state.reply->result.hits[static_cast<std::size_t>(m_state.selected)].id;
}

void SearchView::focus(std::optional<std::string> query,
                       std::optional<std::optional<kb::EntryKind>> kind) {
    m_state.focusRequested = true;
    if (query)
        m_state.query = *query;
    if (kind && *kind != m_state.kind) {
        m_state.kind = *kind;
        m_forceSend = true;
    }
}

const scripts::Script* SearchView::offeredScript(const KbSnapshot* snapshot) {
    return snapshot && snapshot->scripts ? snapshot->scripts->find(scripts::kOutOfCompetence)
                                         : nullptr;
}

// Nothing found, or the first hit holds too little of the question to be read out as the
// answer: the out-of-competence script and the agencies that fit come first.
void SearchView::drawNoAnswer(const ViewContext& context, Outcome& outcome) {
    const Fonts& fonts = context.fonts;
    const SearchReply& reply = *m_state.reply;
    ImGui::PushFont(fonts.bold);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.6f, 0.2f, 1));
    ImGui::TextWrapped("В базе нет ответа");
    ImGui::PopStyleColor();
    ImGui::PopFont();
    if (const scripts::Script* script = offeredScript(context.snapshot)) {
        const std::string label = fmt::format("Ctrl+O — сценарий «{}»", script->title);
        if (ImGui::Button(label.c_str()))
            outcome.outOfCompetence = true;
    }
    if (reply.agencies.empty()) {
        ImGui::TextDisabled("Подходящих ведомств в справочнике не нашлось.");
    } else {
        ImGui::TextDisabled("Ведомства из справочника:");
        for (std::size_t i = 0; i < reply.agencies.size(); ++i) {
            const auto& agency = reply.agencies[i];
            ImGui::PushID(static_cast<int>(i) + 100000);
            ImGui::Indent(fonts.baseSize);
            ImGui::BeginGroup();
            ImGui::PushFont(fonts.bold);
            ImGui::TextWrapped("%s", agency.title.c_str());
            ImGui::PopFont();
            if (i < m_state.agencySnippets.size() && !m_state.agencySnippets[i].empty())
                drawSpans(m_state.agencySnippets[i], fonts);
            ImGui::EndGroup();
            if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
                outcome.open = agency.id;
            ImGui::Unindent(fonts.baseSize);
            ImGui::PopID();
        }
    }
    if (!reply.result.hits.empty())
        ImGui::TextDisabled("Похожие записи — ответа в них может не быть:");
    ImGui::Separator();
}

SearchView::Outcome SearchView::draw(const ViewContext& context, bool indexing, bool indexReady) {
    Outcome outcome;
    const Fonts& fonts = context.fonts;

    ImGui::PushFont(fonts.heading2);
    ImGui::TextUnformatted("Поиск");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("Ctrl+F");

    if (m_state.focusRequested) {
        ImGui::SetKeyboardFocusHere();
        m_state.focusRequested = false;
    }
    ImGui::SetNextItemWidth(-1);
    ImGui::PushFont(fonts.heading2);
    ImGui::InputTextWithHint("##query", "Вопрос абонента: слова, часть слова…", &m_state.query,
                             ImGuiInputTextFlags_AutoSelectAll);
    ImGui::PopFont();
    m_state.inputActive = ImGui::IsItemActive();

    if (m_state.kind) {
        const std::string chip = fmt::format("Только: {} ×", kb::kindTitleRu(*m_state.kind));
        if (ImGui::SmallButton(chip.c_str())) {
            m_state.kind.reset();
            m_forceSend = true;
        }
    }
    if (m_state.query != m_state.sent || m_forceSend) {
        outcome.queryChanged = true;
        m_forceSend = false;
    }

    // status line of the search
    if (!indexReady) {
        ImGui::TextDisabled(indexing ? "Строится индекс базы знаний…" : "Индекс недоступен");
    } else if (m_state.reply && !m_state.reply->error.empty()) {
        // a search that could not run is not «найдено 0»
        ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", m_state.reply->error.c_str());
    } else if (m_state.reply) {
        const auto& result = m_state.reply->result;
        std::string line = fmt::format("Найдено: {}", result.total);
        if (result.corrected)
            line += fmt::format(" · искали «{}»", *result.corrected);
        line += fmt::format(" · {:.0f} мс", m_state.reply->milliseconds);
        if (indexing)
            line += " · индекс обновляется";
        ImGui::TextDisabled("%s", line.c_str());
    } else {
        ImGui::TextDisabled("↑/↓ — выбор, Enter — открыть");
    }
    ImGui::Separator();

    ImGui::BeginChild("results", ImVec2(0, 0), false);
    if (m_state.reply) {
        const auto& hits = m_state.reply->result.hits;
        if (m_state.reply->noAnswer && m_state.reply->error.empty())
            drawNoAnswer(context, outcome);
        else if (hits.empty() && !m_state.reply->query.empty() && m_state.reply->error.empty())
            ImGui::TextWrapped("Ничего не найдено. Попробуйте другие слова или синонимы.");
        for (std::size_t i = 0; i < hits.size(); ++i) {
            const auto& hit = hits[i];
            const bool selected = static_cast<int>(i) == m_state.selected;
            ImGui::PushID(static_cast<int>(i));
            ImDrawList* drawList = ImGui::GetWindowDrawList();
            drawList->ChannelsSplit(2);
            drawList->ChannelsSetCurrent(1);
            const ImVec2 top = ImGui::GetCursorScreenPos();
            ImGui::BeginGroup();
            ImGui::PushFont(fonts.bold);
            ImGui::TextWrapped("%s", hit.title.c_str());
            ImGui::PopFont();
            // the mark first: a long department name must not push it out of a narrow column
            if (StalenessView::drawMark(context.section(hit.department)))
                ImGui::SameLine();
            ImGui::TextDisabled("%s · %s", std::string(kb::kindTitleRu(hit.kind)).c_str(),
                                context.departmentTitle(hit.department).c_str());
            if (i < m_state.snippets.size() && !m_state.snippets[i].empty())
                drawSpans(m_state.snippets[i], fonts);
            ImGui::EndGroup();
            const ImVec2 bottom(top.x + ImGui::GetContentRegionAvail().x,
                                ImGui::GetItemRectMax().y + 2);
            const bool hovered =
                ImGui::IsMouseHoveringRect(top, bottom) && ImGui::IsWindowHovered();
            drawList->ChannelsSetCurrent(0);
            if (selected || hovered)
                drawList->AddRectFilled(
                    ImVec2(top.x - 4, top.y - 2), ImVec2(bottom.x, bottom.y),
                    ImGui::GetColorU32(selected ? ImGuiCol_Header : ImGuiCol_HeaderHovered), 4.0f);
            drawList->ChannelsMerge();
            if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
                m_state.selected = static_cast<int>(i);
                outcome.open = hit.id;
            }
            if (selected && m_state.scrollToSelected) {
                ImGui::SetScrollHereY(0.3f);
                m_state.scrollToSelected = false;
            }
            ImGui::Dummy(ImVec2(0, fonts.baseSize * 0.3f));
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
    return outcome;
}

} // namespace sufler::console
