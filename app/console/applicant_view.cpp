// The applicant card of the call: the cards found, or a new one.
#include "console/applicant_view.h"

#include "console/overlay.h"

#include "sufler/core/text.h"

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace sufler::console {

namespace {

std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const std::string& part : parts)
        out += (out.empty() ? "" : separator) + part;
    return out;
}

bool isYear(std::string_view word) {
    return word.size() == 4 &&
           std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// «сын Иван 2015» → relation, name, birth year (a relation word first, a year last: both may be
// left out).
journal::FamilyMember familyMember(const std::string& text) {
    static const char* relations[] = {
        "сын",  "дочь",   "супруг", "супруга", "муж",     "жена",    "мать",      "отец",
        "внук", "внучка", "брат",   "сестра",  "бабушка", "дедушка", "опекаемый", "опекаемая"};
    std::vector<std::string> words = core::splitTrimmed(text, ' ');
    journal::FamilyMember member;
    if (!words.empty() && isYear(words.back())) {
        member.birthYear = words.back();
        words.pop_back();
    }
    if (!words.empty())
        for (const char* relation : relations)
            if (core::toLowerUtf8(words.front()) == relation) {
                member.relation = relation;
                words.erase(words.begin());
                break;
            }
    member.name = joined(words, " ");
    return member;
}

std::string familyLine(const journal::FamilyMember& member) {
    std::vector<std::string> parts;
    for (const std::string* part : {&member.relation, &member.name, &member.birthYear})
        if (!part->empty())
            parts.push_back(*part);
    return joined(parts, " ");
}

} // namespace

std::string citizenLine(const journal::Citizen& citizen) {
    std::string line = citizen.fullName;
    if (!citizen.birthYear.empty())
        line += ", " + citizen.birthYear + " г. р.";
    if (!citizen.municipality.empty())
        line += ", " + citizen.municipality;
    if (!citizen.phones.empty())
        line += ", тел. " + joined(citizen.phones, ", ");
    if (!citizen.categories.empty())
        line += "; " + joined(citizen.categories, ", ");
    return line;
}

void ApplicantView::open(int callNumber, std::string name, std::string phone) {
    m_state = State{};
    m_state.open = true;
    m_state.callNumber = callNumber;
    m_state.name = std::move(name);
    m_state.phone = std::move(phone);
    m_state.searching = true;
}

void ApplicantView::setFound(std::vector<journal::Citizen> found) {
    m_state.found = std::move(found);
    m_state.searching = false;
    m_state.selected = 0;
}

void ApplicantView::startCreating(journal::Citizen draft, std::vector<std::string> categories) {
    m_state.creating = true;
    m_state.phonesText = joined(draft.phones, ", ");
    m_state.familyText.clear();
    for (const auto& member : draft.family)
        m_state.familyText += (m_state.familyText.empty() ? "" : "; ") + familyLine(member);
    m_state.chosen.assign(categories.size(), false);
    for (std::size_t i = 0; i < categories.size(); ++i)
        m_state.chosen[i] = std::find(draft.categories.begin(), draft.categories.end(),
                                      categories[i]) != draft.categories.end();
    m_state.categories = std::move(categories);
    m_state.draft = std::move(draft);
    m_state.focusFirst = true;
}

journal::Citizen ApplicantView::draftCard() const {
    journal::Citizen card = m_state.draft;
    card.fullName = core::trimmed(card.fullName);
    card.phones = core::splitTrimmed(m_state.phonesText, ',');
    card.family.clear();
    for (const std::string& item : core::splitTrimmed(m_state.familyText, ';'))
        card.family.push_back(familyMember(item));
    card.categories.clear();
    if (m_state.categories.empty()) {
        card.categories = core::splitTrimmed(m_state.categoriesText, ',');
    } else {
        for (std::size_t i = 0; i < m_state.categories.size(); ++i)
            if (m_state.chosen[i])
                card.categories.push_back(m_state.categories[i]);
    }
    for (std::string* field : {&card.municipality, &card.address, &card.birthYear, &card.needs,
                               &card.consent, &card.notes})
        *field = core::trimmed(*field);
    return card;
}

void ApplicantView::moveSelection(int delta) {
    if (m_state.creating)
        return;
    const int rows = static_cast<int>(m_state.found.size()) + 1; // and «create»
    m_state.selected = std::clamp(m_state.selected + delta, 0, rows - 1);
}

const journal::Citizen* ApplicantView::selected() const {
    if (m_state.creating || m_state.selected < 0 ||
        m_state.selected >= static_cast<int>(m_state.found.size()))
        return nullptr;
    return &m_state.found[static_cast<std::size_t>(m_state.selected)];
}

ApplicantView::Outcome ApplicantView::draw(const Fonts& fonts) {
    Outcome outcome;
    m_state.textActive = false;
    m_state.activeField.clear();
    if (!m_state.open)
        return outcome;
    centerNextWindow(0.65f, 0.8f, ImGuiCond_Appearing);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
    const char* title = m_state.creating
                            ? "Новая карточка заявителя (Ctrl+Enter — создать и связать со "
                              "звонком, Esc — назад)###applicant"
                            : "Карточка заявителя (↑/↓, Enter — связать со звонком, Esc — "
                              "закрыть)###applicant";
    if (ImGui::Begin(title, nullptr, flags)) {
        const float labelWidth = fonts.baseSize * 10;
        auto field = [&](const char* label, std::string& value, const char* hint, bool first) {
            ImGui::PushID(label);
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(label);
            ImGui::SameLine(labelWidth);
            if (first && m_state.focusFirst) {
                ImGui::SetKeyboardFocusHere();
                m_state.focusFirst = false;
            }
            ImGui::SetNextItemWidth(-1);
            const bool changed = ImGui::InputTextWithHint("##v", hint, &value);
            if (ImGui::IsItemActive()) {
                m_state.textActive = true;
                m_state.activeField = label;
            }
            ImGui::PopID();
            return changed;
        };
        if (!m_state.creating) {
            ImGui::TextDisabled("Звонок № %d · телефон: %s", m_state.callNumber,
                                m_state.phone.empty() ? "не записан" : m_state.phone.c_str());
            if (field("ФИО", m_state.name, "фамилия, имя — поиск с ё/е и опечаткой", false))
                outcome.searchName = true;
            ImGui::Separator();
            if (m_state.searching)
                ImGui::TextDisabled("Поиск карточек…");
            else if (m_state.found.empty())
                ImGui::TextDisabled("Карточек заявителя по этому телефону и ФИО нет.");
            for (std::size_t i = 0; i < m_state.found.size(); ++i) {
                const std::string label =
                    fmt::format("{}##citizen{}", citizenLine(m_state.found[i]), i);
                if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == m_state.selected)) {
                    m_state.selected = static_cast<int>(i);
                    outcome.choose = true;
                }
            }
            const int createRow = static_cast<int>(m_state.found.size());
            if (ImGui::Selectable("+ Создать новую карточку заявителя из карточки звонка",
                                  m_state.selected == createRow)) {
                m_state.selected = createRow;
                outcome.choose = true;
            }
        } else {
            journal::Citizen& card = m_state.draft;
            ImGui::BeginDisabled(m_state.saving);
            field("ФИО", card.fullName, "фамилия, имя, отчество", true);
            field("Телефоны", m_state.phonesText, "через запятую", false);
            field("Муниципалитет", card.municipality, "муниципальное образование", false);
            field("Адрес", card.address, "адрес проживания", false);
            field("Год рождения", card.birthYear, "", false);
            field("Состав семьи", m_state.familyText, "сын Иван 2015; дочь Мария 2018", false);
            if (m_state.categories.empty()) {
                field("Категории", m_state.categoriesText, "через запятую", false);
            } else {
                ImGui::TextUnformatted("Категории");
                for (std::size_t i = 0; i < m_state.categories.size(); ++i) {
                    ImGui::SameLine(i == 0 ? labelWidth : 0);
                    if (i > 0 && ImGui::GetContentRegionAvail().x <
                                     ImGui::CalcTextSize(m_state.categories[i].c_str()).x +
                                         fonts.baseSize * 2)
                        ImGui::NewLine(), ImGui::SameLine(labelWidth);
                    bool on = m_state.chosen[i];
                    if (ImGui::Checkbox(m_state.categories[i].c_str(), &on))
                        m_state.chosen[i] = on;
                }
            }
            field("Потребности", card.needs, "в чём нуждается семья", false);
            field("Меры поддержки", card.measures, "о каких мерах говорили", false);
            field("Согласие", card.consent, "основание обработки персональных данных", false);
            field("Заметки", card.notes, "", false);
            ImGui::EndDisabled();
            ImGui::Separator();
            const FormFooter footer = drawFormFooter(
                m_state.saving, "Создать и связать со звонком  (Ctrl+Enter)", "Назад  (Esc)");
            outcome.save = outcome.save || footer.save;
            outcome.cancel = outcome.cancel || footer.cancel;
        }
    }
    ImGui::End();
    return outcome;
}

} // namespace sufler::console
