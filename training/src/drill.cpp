#include "sufler/training/training.h"

#include <algorithm>

namespace sufler::training {

namespace {

std::vector<const kb::Entry*> faqsOf(const kb::KnowledgeBase& kb, const std::string& department,
                                     bool inDepartment) {
    std::vector<const kb::Entry*> out;
    for (const auto& entry : kb.entries) {
        if (entry.kind != kb::EntryKind::Faq || entry.department.empty()) {
            continue;
        }
        if (department.empty() || (entry.department == department) == inDepartment) {
            out.push_back(&entry);
        }
    }
    return out;
}

Question questionFrom(const kb::Entry& entry, const std::string& practised, std::mt19937& rng) {
    // The title and each other wording are equally likely: callers rarely use the KB's words.
    std::uniform_int_distribution<std::size_t> pick(0, entry.otherWordings.size());
    std::size_t i = pick(rng);
    Question q;
    q.entryId = entry.id;
    q.department = entry.department;
    q.words = i == 0 ? entry.title : entry.otherWordings[i - 1];
    q.transferExpected = !practised.empty() && entry.department != practised;
    return q;
}

} // namespace

std::vector<Question> drawQuestions(const kb::KnowledgeBase& kb, std::size_t count,
                                    const DrawOptions& options, std::mt19937& rng) {
    auto own = faqsOf(kb, options.department, true);
    auto others = options.department.empty() ? std::vector<const kb::Entry*>{}
                                             : faqsOf(kb, options.department, false);
    std::shuffle(own.begin(), own.end(), rng);
    std::shuffle(others.begin(), others.end(), rng);

    std::vector<Question> out;
    std::bernoulli_distribution fromOthers(
        options.department.empty() ? 0.0 : options.otherDepartmentShare);
    std::size_t ownAt = 0, othersAt = 0;
    while (out.size() < count && (ownAt < own.size() || othersAt < others.size())) {
        bool other = othersAt < others.size() && (ownAt >= own.size() || fromOthers(rng));
        const kb::Entry* entry = other ? others[othersAt++] : own[ownAt++];
        out.push_back(questionFrom(*entry, options.department, rng));
    }
    return out;
}

} // namespace sufler::training
