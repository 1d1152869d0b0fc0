#include "sufler/kb/model.h"

#include <algorithm>

namespace sufler::kb {

namespace {
struct KindNames {
    EntryKind kind;
    std::string_view name;
    std::string_view titleRu;
};
constexpr KindNames kKinds[] = {
    {EntryKind::Faq, "faq", "Вопрос-ответ"},   {EntryKind::Template, "template", "Шаблон"},
    {EntryKind::Contact, "contact", "Контакт"}, {EntryKind::Npa, "npa", "НПА"},
    {EntryKind::Case, "case", "Пример"},        {EntryKind::Note, "note", "Материал"},
    {EntryKind::Department, "department", "Отдел"},
};
} // namespace

std::string_view kindName(EntryKind kind) {
    for (const auto& k : kKinds) {
        if (k.kind == kind) {
            return k.name;
        }
    }
    return "note";
}

std::string_view kindTitleRu(EntryKind kind) {
    for (const auto& k : kKinds) {
        if (k.kind == kind) {
            return k.titleRu;
        }
    }
    return "Материал";
}

std::optional<EntryKind> parseKind(std::string_view name) {
    for (const auto& k : kKinds) {
        if (k.name == name) {
            return k.kind;
        }
    }
    return std::nullopt;
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
    auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.id == id; });
    return it == entries.end() ? nullptr : &*it;
}

const Department* KnowledgeBase::findDepartment(std::string_view slug) const {
    auto it = std::find_if(departments.begin(), departments.end(),
                           [&](const Department& d) { return d.slug == slug; });
    return it == departments.end() ? nullptr : &*it;
}

} // namespace sufler::kb
