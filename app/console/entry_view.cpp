// The entry panel.
#include "console/entry_view.h"

#include "console/staleness_view.h"
#include "sufler/core/text.h"

#include <imgui.h>

#include <fmt/format.h>

#include <filesystem>

namespace sufler::console {

namespace {

bool startsWith(const std::string& text, std::string_view prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

LinkTarget resolveLink(const std::string& fromPath, const std::string& href) {
    if (startsWith(href, "sufler:"))
        return {LinkTarget::Kind::Action, href};
    if (href.find("://") != std::string::npos || startsWith(href, "mailto:") ||
        startsWith(href, "tel:"))
        return {LinkTarget::Kind::External, href};
    const auto hash = href.find('#');
    std::string file = core::percentDecode(href.substr(0, hash));
    std::string anchor =
        hash == std::string::npos ? "" : core::percentDecode(href.substr(hash + 1));
    std::string path = fromPath;
    if (!file.empty()) {
        const std::filesystem::path base = std::filesystem::path(fromPath).parent_path();
        path = (file.front() == '/' ? std::filesystem::path(file.substr(1)) : base / file)
                   .lexically_normal()
                   .generic_string();
    }
    return {LinkTarget::Kind::Entry, anchor.empty() ? path : path + "#" + anchor};
}

void EntryView::open(const std::string& id) {
    if (id == m_state.openId)
        return;
    if (!m_state.openId.empty())
        m_state.history.push_back(m_state.openId);
    m_state.openId = id;
    m_state.scrollToTop = true;
}

bool EntryView::back() {
    if (m_state.history.empty())
        return false;
    m_state.openId = m_state.history.back();
    m_state.history.pop_back();
    m_state.scrollToTop = true;
    return true;
}

void EntryView::close() {
    m_state.openId.clear();
    m_state.history.clear();
}

void EntryView::onNewSnapshot() {
    m_state.cache.clear();
    m_state.filledSource.clear();
}

const kb::Entry* EntryView::entry(const ViewContext& context) const {
    const auto* base = context.kb();
    if (!base || m_state.openId.empty())
        return nullptr;
    return base->findEntry(m_state.openId);
}

const MarkdownDocument& EntryView::document(const kb::Entry& entry) {
    auto found = m_state.cache.find(entry.id);
    if (found == m_state.cache.end()) {
        MarkdownDocument parsed = MarkdownDocument::parse(entry.markdown);
        if (entry.kind == kb::EntryKind::Contact && !entry.fields.empty()) {
            // «**Телефон:** …» lines are in the table of fields above: not shown twice
            auto isField = [&](const Block& block) {
                if (block.kind != Block::Kind::ListItem || block.spans.empty() ||
                    !(block.spans.front().style & Bold))
                    return false;
                std::string name = block.spans.front().text;
                while (!name.empty() && (name.back() == ':' || name.back() == ' '))
                    name.pop_back();
                return !entry.field(name).empty();
            };
            std::erase_if(parsed.blocks, isField);
        }
        found = m_state.cache.emplace(entry.id, std::move(parsed)).first;
    }
    return found->second;
}

std::string EntryView::templateText(const kb::Entry& entry, const CallCard& card,
                                    const kb::Profile* profile) {
    const std::string filled = fillPlaceholders(entry.markdown, placeholderValues(card, profile));
    return MarkdownDocument::parse(filled).plainText();
}

EntryView::Outcome EntryView::draw(const ViewContext& context, const CallCard& card) {
    Outcome outcome;
    const Fonts& fonts = context.fonts;
    const kb::Entry* current = entry(context);
    if (!current) {
        if (m_state.openId.empty()) {
            ImGui::PushFont(fonts.heading2);
            ImGui::TextDisabled("Запись не открыта");
            ImGui::PopFont();
            ImGui::TextWrapped("Наберите вопрос в строке поиска (Ctrl+F), выберите результат "
                               "стрелками и нажмите Enter. F1 — все клавиши.");
        } else {
            ImGui::TextWrapped("Запись «%s» не найдена: база знаний, возможно, обновляется.",
                               m_state.openId.c_str());
        }
        return outcome;
    }

    ImGui::BeginChild("entry", ImVec2(0, 0), false);
    if (m_state.scrollToTop) {
        ImGui::SetScrollY(0);
        m_state.scrollToTop = false;
    }
    ImGui::PushFont(fonts.heading1);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(current->title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::TextDisabled("%s · %s", std::string(kb::kindTitleRu(current->kind)).c_str(),
                        context.departmentTitle(current->department).c_str());
    StalenessView::drawSectionLine(context.section(current->department), fonts);
    if (!m_state.history.empty())
        ImGui::TextDisabled("Esc — к поиску");
    ImGui::Separator();

    const kb::Profile* profile = context.kb() ? &context.kb()->profile : nullptr;
    if (current->kind == kb::EntryKind::Template) {
        const std::string filled =
            fillPlaceholders(current->markdown, placeholderValues(card, profile));
        if (filled != m_state.filledSource) {
            m_state.filledSource = filled;
            m_state.filled = MarkdownDocument::parse(filled);
        }
        if (ImGui::Button("Скопировать шаблон  (Ctrl+Shift+C)"))
            outcome.copyTemplate = true;
        if (!current->placeholders.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("подставляются поля карточки звонка");
        }
        ImGui::Spacing();
        auto interaction = drawMarkdown(m_state.filled, fonts);
        if (interaction.clickedLink) {
            const LinkTarget target = resolveLink(current->path, *interaction.clickedLink);
            if (target.kind == LinkTarget::Kind::Entry)
                outcome.openEntry = target.value;
            else if (target.kind == LinkTarget::Kind::Action)
                outcome.action = target.value;
        }
        ImGui::EndChild();
        return outcome;
    }

    if (current->kind == kb::EntryKind::Contact) {
        const std::string_view phone = current->field("Телефон");
        if (!phone.empty()) {
            ImGui::PushFont(fonts.large);
            ImGui::TextUnformatted(phone.data(), phone.data() + phone.size());
            ImGui::PopFont();
        }
        const int used = static_cast<int>(card.transfers.size());
        ImGui::BeginDisabled(!card.canTransfer());
        if (ImGui::Button("Перевести звонок  (Ctrl+T)"))
            outcome.transfer = true;
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (!card.active)
            ImGui::TextDisabled("звонка нет (Ctrl+N)");
        else
            ImGui::TextDisabled("переводов: %d из %d", used, kMaxTransfers);
        ImGui::Spacing();
        if (ImGui::BeginTable("fields", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, fonts.baseSize * 9);
            ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
            for (const auto& [column, value] : current->fields) {
                if (value.empty())
                    continue;
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextDisabled("%s", column.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::TextWrapped("%s", value.c_str());
            }
            ImGui::EndTable();
        }
    }

    if (current->kind == kb::EntryKind::Faq && !current->otherWordings.empty()) {
        std::string wordings = "Также спрашивают: ";
        for (std::size_t i = 0; i < current->otherWordings.size(); ++i)
            wordings += (i ? "; " : "") + current->otherWordings[i];
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", wordings.c_str());
        ImGui::PopStyleColor();
        ImGui::Spacing();
    }

    const MarkdownDocument& document = this->document(*current);
    std::vector<bool>& ticks = m_state.ticks[current->id];
    if (ticks.size() != static_cast<std::size_t>(document.taskCount)) {
        ticks.assign(static_cast<std::size_t>(document.taskCount), false);
        for (const Block& block : document.blocks)
            if (block.task >= 0)
                ticks[static_cast<std::size_t>(block.task)] = block.checked;
    }
    auto interaction = drawMarkdown(document, fonts, &ticks);
    if (interaction.toggledTask && *interaction.toggledTask < static_cast<int>(ticks.size()))
        ticks[static_cast<std::size_t>(*interaction.toggledTask)] =
            !ticks[static_cast<std::size_t>(*interaction.toggledTask)];
    if (interaction.clickedLink) {
        const LinkTarget target = resolveLink(current->path, *interaction.clickedLink);
        if (target.kind == LinkTarget::Kind::Entry)
            outcome.openEntry = target.value;
        else if (target.kind == LinkTarget::Kind::Action)
            outcome.action = target.value;
        else
            ImGui::SetClipboardText(target.value.c_str()); // a web address: to paste elsewhere
    }
    if (current->kind == kb::EntryKind::Npa && current->amended)
        ImGui::TextDisabled("Изменён: %s", formatRussianDate(*current->amended).c_str());
    ImGui::EndChild();
    return outcome;
}

} // namespace sufler::console
