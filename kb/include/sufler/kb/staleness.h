#pragma once
// Staleness of KB sections (kb-format.md, «Staleness»): pure functions of a loaded KB, a day
// and a working-day calendar. Each section must be actualised every cycle (quarterly by
// default) and within N working days after a change that concerns it.
#include "sufler/core/calendar.h"
#include "sufler/kb/model.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::kb {

// In the order reports list them: the most urgent first.
enum class StaleStatus { Overdue, Due, Unreviewed, Ok };

[[nodiscard]] std::string_view statusName(StaleStatus status);    // "overdue", "due", ...
[[nodiscard]] std::string_view statusTitleRu(StaleStatus status); // «просрочено», ...

enum class RequirementRule { Quarterly, Change, Npa };

[[nodiscard]] std::string_view ruleName(RequirementRule rule); // "quarterly", "change", "npa"
[[nodiscard]] std::string_view ruleTitleRu(RequirementRule rule); // «плановая актуализация», ...

// One open requirement of a section: something it has to be actualised for, by a due date.
struct Requirement {
    RequirementRule rule = RequirementRule::Quarterly;
    std::optional<Date> date; // the change, the act's amendment, or the last review (quarterly)
    std::optional<Date> due;  // nullopt only for a section never reviewed (quarterly)
    std::string text; // «изменение от 10.11.2026: …», «НПА № 181-ФЗ изменён 01.11.2026»
    std::string source;   // where it was read: `changes.yaml:12`, `departments/x/npa.md:7`
    bool overdue = false; // due before today
};

// What operators reported about a section in the call journal since its last review. The
// program that reads the journal fills it in; the kb library never opens the journal.
// A wording callers used for an entry that the KB does not know yet (`sufler suggest`).
struct SuggestedWording {
    std::string entryId;
    std::string entryTitle;
    std::string wording;
    int calls = 0; // distinct answered calls that used it
};

struct SectionSignals {
    std::optional<Date> since; // counted from this day (the last review); all time when unset
    int outdated = 0;          // «ответ устарел»
    int noAnswer = 0;          // «нет ответа в базе»
    int emptySearches = 0;     // searches within the section that found nothing
    std::vector<std::string> outdatedEntries; // entry ids flagged «ответ устарел», distinct, sorted
    std::vector<SuggestedWording> suggestedWordings; // not accepted yet, most calls first
    [[nodiscard]] int total() const { return outdated + noAnswer + emptySearches; }
    // ««ответ устарел» — 2, «нет ответа в базе» — 1, поисков без результата — 3»; empty when none.
    [[nodiscard]] std::string summaryRu() const;
};

// Where the last review of a section comes from.
enum class ReviewOrigin { None, Commit, Reviewed };

struct SectionStaleness {
    std::string department; // slug
    std::string title;
    std::string head;
    std::optional<Date> lastReview;
    ReviewOrigin origin = ReviewOrigin::None;
    // The commit of the last actualisation: the department's own act (docs/staleness.md).
    std::optional<CommitInfo> commit;
    bool asDepartment = false; // that commit is an admin's review on the department's behalf
    // Commits after it that changed the section without being the department's act.
    std::optional<ForeignChange> foreignChange;
    StaleStatus status = StaleStatus::Ok;
    std::optional<Date> due;               // the nearest due date among the requirements
    std::vector<Requirement> requirements; // open ones, nearest due first
    std::optional<SectionSignals> signals; // set when the call journal was read

    // «коммит 1a2b3c4» / «коммит 1a2b3c4, администратор от имени отдела» / «отметка reviewed» /
    // «нет»
    [[nodiscard]] std::string reviewSourceRu() const;
    // «изменён администратором 01.12.2026: Служба ИТ <it@minsoc.example>, коммит 1a2b3c4
    // «Оформление» — не актуализация, дата не сдвинута»; empty when there is no such change.
    [[nodiscard]] std::string foreignChangeRu() const;
};

struct StaleReport {
    Date today;
    std::vector<SectionStaleness> sections; // overdue, due, unreviewed, ok; then by due, slug
    // Calendar years the report relied on, each with its decree or a note that only the
    // Labour Code applied («для 2027 года нет данных постановления …»).
    struct CalendarYear {
        int year = 0;
        std::string decreeSource; // empty when no decree data is shipped for that year
    };
    std::vector<CalendarYear> calendarYears;
    // The call journal the signals came from; empty when it was not read.
    std::string signalsSource;
    // Signals that name no section (searches over the whole KB, flags without an entry).
    SectionSignals unassignedSignals;

    [[nodiscard]] bool anyOverdue() const;
    // Human-readable notes on the calendar, Russian: one per year without decree data.
    [[nodiscard]] std::vector<std::string> calendarNotes() const;
};

// Status and requirements of one department at `today`.
[[nodiscard]] SectionStaleness sectionStaleness(const KnowledgeBase& kb,
                                                const Department& department, const Date& today,
                                                const core::WorkCalendar& calendar);

// The whole report, with the calendar built from the KB's profile.
[[nodiscard]] StaleReport staleReport(const KnowledgeBase& kb, const Date& today);
[[nodiscard]] StaleReport staleReport(const KnowledgeBase& kb, const Date& today,
                                      const core::WorkCalendar& calendar);

// «НПА № 181-ФЗ» from an act's title; the title in «» when it has no number.
[[nodiscard]] std::string npaShortName(std::string_view title);

} // namespace sufler::kb
