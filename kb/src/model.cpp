#include "sufler/kb/model.h"

#include "sufler/core/enum_names.h"

#include <algorithm>
#include <array>

namespace sufler::kb {

namespace {
constexpr auto kKinds = std::to_array<core::EnumName<EntryKind>>({
    {EntryKind::Faq, "faq", "Вопрос-ответ"},
    {EntryKind::Template, "template", "Шаблон"},
    {EntryKind::Contact, "contact", "Контакт"},
    {EntryKind::Npa, "npa", "НПА"},
    {EntryKind::Case, "case", "Пример"},
    {EntryKind::Note, "note", "Материал"},
    {EntryKind::Department, "department", "Отдел"},
});
} // namespace

std::string_view kindName(EntryKind kind) {
    return core::enumRow(kKinds, kind, EntryKind::Note).name;
}

std::string_view kindTitleRu(EntryKind kind) {
    return core::enumRow(kKinds, kind, EntryKind::Note).titleRu;
}

std::optional<EntryKind> parseKind(std::string_view name) {
    return parseEnumName(kKinds, name);
}

std::string_view Entry::field(std::string_view column) const {
    for (const auto& [name, value] : fields) {
        if (name == column) {
            return value;
        }
    }
    return {};
}

const Entry* KnowledgeBase::findEntry(std::string_view id) const {
    auto it =
        std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.id == id; });
    return it == entries.end() ? nullptr : &*it;
}

const Department* KnowledgeBase::findDepartment(std::string_view slug) const {
    auto it = std::find_if(departments.begin(), departments.end(),
                           [&](const Department& d) { return d.slug == slug; });
    return it == departments.end() ? nullptr : &*it;
}

const Specialist* KnowledgeBase::findSpecialist(std::string_view key) const {
    const Specialist* found = nullptr;
    for (const auto& specialist : specialists) {
        if (specialist.key() == key) {
            return &specialist;
        }
        if (key.find('/') == std::string_view::npos && specialist.id == key) {
            if (found != nullptr) {
                return nullptr; // the same id in two departments: the department must be named
            }
            found = &specialist;
        }
    }
    return found;
}

} // namespace sufler::kb
