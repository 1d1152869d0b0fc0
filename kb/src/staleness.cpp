// The staleness rules of kb-format.md: cycle and change deadlines per section.
#include "sufler/kb/staleness.h"

#include "sufler/core/enum_names.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <set>

namespace sufler::kb {

namespace {

using std::chrono::sys_days;

constexpr auto kStatuses = std::to_array<core::EnumName<StaleStatus>>({
    {StaleStatus::Overdue, "overdue", "просрочено"},
    {StaleStatus::Due, "due", "скоро срок"},
    {StaleStatus::Unreviewed, "unreviewed", "не актуализировался"},
    {StaleStatus::Ok, "ok", "в порядке"},
});

constexpr auto kRules = std::to_array<core::EnumName<RequirementRule>>({
    {RequirementRule::Quarterly, "quarterly", "плановая актуализация"},
    {RequirementRule::Change, "change", "изменение"},
    {RequirementRule::Npa, "npa", "изменение НПА"},
});

// The due date of the cycle rule after a review on `last`.
Date cycleDue(const ReviewPolicy& policy, const Date& last, const core::WorkCalendar& calendar) {
    switch (policy.cycle) {
    case ReviewPolicy::Cycle::Monthly: {
        auto next = std::chrono::year_month{last.year(), last.month()} + std::chrono::months{1};
        return calendar.lastWorkingDayOfMonth(next);
    }
    case ReviewPolicy::Cycle::Days:
        return Date{sys_days{last} + std::chrono::days{std::max(policy.cycleDays, 1)}};
    case ReviewPolicy::Cycle::Quarterly:
        break;
    }
    // The last month of the quarter after the quarter of `last`.
    unsigned quarter = (static_cast<unsigned>(last.month()) - 1) / 3; // 0..3
    auto endOfThisQuarter =
        std::chrono::year_month{last.year(), std::chrono::month{quarter * 3 + 3}};
    return calendar.lastWorkingDayOfMonth(endOfThisQuarter + std::chrono::months{3});
}

std::string pluralDays(int n) {
    int mod100 = n % 100;
    int mod10 = n % 10;
    if (mod100 >= 11 && mod100 <= 14) {
        return "дней";
    }
    if (mod10 == 1) {
        return "день";
    }
    if (mod10 >= 2 && mod10 <= 4) {
        return "дня";
    }
    return "дней";
}

std::string cycleText(const ReviewPolicy& policy) {
    switch (policy.cycle) {
    case ReviewPolicy::Cycle::Monthly:
        return "ежемесячная актуализация";
    case ReviewPolicy::Cycle::Days: {
        int n = std::max(policy.cycleDays, 1);
        return fmt::format("актуализация каждые {} {}", n, pluralDays(n));
    }
    case ReviewPolicy::Cycle::Quarterly:
        break;
    }
    return "ежеквартальная актуализация";
}

bool dueBefore(const Requirement& a, const Requirement& b) {
    // Requirements without a due date (a section never reviewed) go last.
    if (a.due.has_value() != b.due.has_value()) {
        return a.due.has_value();
    }
    if (a.due && *a.due != *b.due) {
        return *a.due < *b.due;
    }
    if (a.date != b.date) {
        return a.date < b.date;
    }
    return a.text < b.text;
}

} // namespace

std::string_view statusName(StaleStatus status) {
    return core::enumRow(kStatuses, status, StaleStatus::Ok).name;
}

std::string_view statusTitleRu(StaleStatus status) {
    return core::enumRow(kStatuses, status, StaleStatus::Ok).titleRu;
}

std::string_view ruleName(RequirementRule rule) {
    return core::enumRow(kRules, rule, RequirementRule::Quarterly).name;
}

std::string_view ruleTitleRu(RequirementRule rule) {
    return core::enumRow(kRules, rule, RequirementRule::Quarterly).titleRu;
}

std::string npaShortName(std::string_view title) {
    constexpr std::string_view kNumberSign = "№";
    auto pos = title.find(kNumberSign);
    if (pos != std::string_view::npos) {
        std::string_view rest = title.substr(pos + kNumberSign.size());
        // Spaces, also the no-break space (U+00A0) typographers put after «№».
        while (!rest.empty()) {
            if (rest.front() == ' ' || rest.front() == '\t') {
                rest.remove_prefix(1);
            } else if (rest.size() >= 2 && rest[0] == '\xC2' && rest[1] == '\xA0') {
                rest.remove_prefix(2);
            } else {
                break;
            }
        }
        size_t end = 0;
        while (end < rest.size() && rest[end] != ' ' && rest[end] != ',' && rest[end] != ';' &&
               rest[end] != '(' && rest[end] != ')' && rest[end] != '"' && rest[end] != '\t' &&
               rest.substr(end, 2) != "\xC2\xA0" && rest.substr(end, 2) != "\xC2\xAB" &&
               rest.substr(end, 2) != "\xC2\xBB") {
            ++end;
        }
        std::string_view number = rest.substr(0, end);
        while (!number.empty() && number.back() == '.') {
            number.remove_suffix(1);
        }
        if (!number.empty()) {
            return fmt::format("НПА № {}", number);
        }
    }
    std::string_view trimmed = title;
    while (!trimmed.empty() && (trimmed.back() == '.' || trimmed.back() == ' ')) {
        trimmed.remove_suffix(1);
    }
    return fmt::format("НПА «{}»", trimmed);
}

std::string SectionSignals::summaryRu() const {
    std::string text;
    auto add = [&](int count, std::string_view what) {
        if (count > 0) {
            text += fmt::format("{}{} — {}", text.empty() ? "" : ", ", what, count);
        }
    };
    add(outdated, "«ответ устарел»");
    add(noAnswer, "«нет ответа в базе»");
    add(emptySearches, "поисков без результата");
    return text;
}

std::string SectionStaleness::reviewSourceRu() const {
    switch (origin) {
    case ReviewOrigin::Commit:
        if (commit) {
            return fmt::format("коммит {}{}", commit->id.substr(0, 7),
                               asDepartment ? ", администратор от имени отдела" : "");
        }
        return "коммит";
    case ReviewOrigin::Reviewed:
        return "отметка reviewed";
    case ReviewOrigin::None:
        break;
    }
    return "нет";
}

std::string SectionStaleness::foreignChangeRu() const {
    if (!foreignChange) {
        return {};
    }
    const CommitInfo& change = foreignChange->commit;
    std::string who = change.authorName.empty()
                          ? change.authorEmail
                          : fmt::format("{} <{}>", change.authorName, change.authorEmail);
    std::string text = fmt::format(
        "{} {}: {}, коммит {} «{}» — не актуализация, дата не сдвинута",
        foreignChange->byAdmin ? "изменён администратором" : "изменён не сотрудником отдела",
        formatRussianDate(change.date), who, change.id.substr(0, 7), change.summary);
    if (foreignChange->count > 1) {
        text += commit ? fmt::format(" (таких коммитов после последнего коммита отдела: {})",
                                     foreignChange->count)
                       : fmt::format(" (таких коммитов: {})", foreignChange->count);
    }
    return text;
}

SectionStaleness sectionStaleness(const KnowledgeBase& kb, const Department& department,
                                  const Date& today, const core::WorkCalendar& calendar) {
    SectionStaleness section;
    section.department = department.slug;
    section.title = department.title.empty() ? department.slug : department.title;
    section.head = department.head;

    // In git only the department's acts count (docs/staleness.md); outside it, the file's mark.
    std::optional<Date> mark = department.reviewed;
    if (kb.actsRead) {
        mark.reset();
        if (auto it = kb.acts.find(department.slug); it != kb.acts.end()) {
            const SectionActs& acts = it->second;
            if (acts.lastAct) {
                section.commit = acts.lastAct;
                section.asDepartment = acts.asDepartment;
                section.lastReview = acts.lastAct->date;
                section.origin = ReviewOrigin::Commit;
            }
            mark = acts.reviewed;
            section.foreignChange = acts.foreignChange;
        }
    }
    // The later of the two counts; on the same day the commit is shown, as it names who and how.
    if (mark && (!section.lastReview || *mark > *section.lastReview)) {
        section.lastReview = mark;
        section.origin = ReviewOrigin::Reviewed;
    }

    const ReviewPolicy& policy = kb.profile.review;
    const int deadline = std::max(policy.changeDeadlineWorkingDays, 1);

    Requirement cycle;
    cycle.rule = RequirementRule::Quarterly;
    if (section.lastReview) {
        cycle.date = section.lastReview;
        cycle.due = cycleDue(policy, *section.lastReview, calendar);
        cycle.text = cycleText(policy);
        cycle.source = section.origin == ReviewOrigin::Reviewed
                           ? fmt::format("departments/{}/index.md", department.slug)
                           : std::string();
    } else {
        cycle.text = cycleText(policy) +
                     ": раздел ни разу не актуализировался (нет ни коммита отдела, "
                     "ни учтённой отметки reviewed)";
    }
    section.requirements.push_back(std::move(cycle));

    // A change is met by a review on or after its day.
    auto unmet = [&](const Date& changed) {
        return !section.lastReview || *section.lastReview < changed;
    };
    // An unmet change is due `deadline` working days after it; `file:line` says where it is read.
    auto requireReview = [&](RequirementRule rule, const Date& changed, std::string text,
                             std::string_view file, int line) {
        Requirement requirement;
        requirement.rule = rule;
        requirement.date = changed;
        requirement.due = calendar.addWorkingDays(changed, deadline);
        requirement.text = std::move(text);
        requirement.source = line > 0 ? fmt::format("{}:{}", file, line) : std::string(file);
        section.requirements.push_back(std::move(requirement));
    };

    for (const auto& change : kb.changes) {
        if (std::find(change.departments.begin(), change.departments.end(), department.slug) ==
                change.departments.end() ||
            !unmet(change.date)) {
            continue;
        }
        requireReview(
            RequirementRule::Change, change.date,
            fmt::format("изменение от {}: {}", formatRussianDate(change.date), change.what),
            "changes.yaml", change.line);
    }

    for (const auto& entry : kb.entries) {
        if (entry.kind != EntryKind::Npa || entry.department != department.slug || !entry.amended ||
            !unmet(*entry.amended)) {
            continue;
        }
        requireReview(RequirementRule::Npa, *entry.amended,
                      fmt::format("{} изменён {}", npaShortName(entry.title),
                                  formatRussianDate(*entry.amended)),
                      entry.path, entry.line);
    }

    for (auto& requirement : section.requirements) {
        requirement.overdue = requirement.due && *requirement.due < today;
    }
    std::stable_sort(section.requirements.begin(), section.requirements.end(), dueBefore);
    section.due = section.requirements.front().due;

    bool overdue = std::any_of(section.requirements.begin(), section.requirements.end(),
                               [](const Requirement& r) { return r.overdue; });
    if (!section.lastReview) {
        section.status = StaleStatus::Unreviewed;
    } else if (overdue) {
        section.status = StaleStatus::Overdue;
    } else if (section.due && *section.due <= calendar.addWorkingDays(today, 10)) {
        section.status = StaleStatus::Due;
    } else {
        section.status = StaleStatus::Ok;
    }
    return section;
}

StaleReport staleReport(const KnowledgeBase& kb, const Date& today) {
    return staleReport(kb, today, workCalendar(kb.profile));
}

StaleReport staleReport(const KnowledgeBase& kb, const Date& today,
                        const core::WorkCalendar& calendar) {
    StaleReport report;
    report.today = today;
    std::set<int> years{static_cast<int>(today.year())};
    for (const auto& department : kb.departments) {
        auto section = sectionStaleness(kb, department, today, calendar);
        for (const auto& requirement : section.requirements) {
            // A due date is counted in working days from the change: every year in between counts.
            if (requirement.date && requirement.due &&
                requirement.rule != RequirementRule::Quarterly) {
                for (int y = static_cast<int>(requirement.date->year());
                     y <= static_cast<int>(requirement.due->year()); ++y) {
                    years.insert(y);
                }
            } else if (requirement.due) {
                years.insert(static_cast<int>(requirement.due->year()));
            }
        }
        report.sections.push_back(std::move(section));
    }
    std::stable_sort(report.sections.begin(), report.sections.end(),
                     [](const SectionStaleness& a, const SectionStaleness& b) {
                         if (a.status != b.status) {
                             return a.status < b.status;
                         }
                         if (a.due.has_value() != b.due.has_value()) {
                             return a.due.has_value();
                         }
                         if (a.due && *a.due != *b.due) {
                             return *a.due < *b.due;
                         }
                         return a.department < b.department;
                     });
    for (int y : years) {
        report.calendarYears.push_back({y, calendar.decreeSource(y)});
    }
    return report;
}

bool StaleReport::anyOverdue() const {
    return std::any_of(sections.begin(), sections.end(),
                       [](const SectionStaleness& s) { return s.status == StaleStatus::Overdue; });
}

std::vector<std::string> StaleReport::calendarNotes() const {
    std::vector<std::string> notes;
    for (const auto& year : calendarYears) {
        if (year.decreeSource.empty()) {
            notes.push_back(
                fmt::format("Для {} года в программе нет постановления Правительства РФ о "
                            "переносе выходных дней: рабочие дни считаются только по "
                            "статье 112 ТК РФ и календарю sufler.yaml.",
                            year.year));
        }
    }
    return notes;
}

} // namespace sufler::kb
