#pragma once
// What a KB is once loaded: the organisation profile, departments, entries, change notices,
// the raw script files and the git facts. Plain data; kb.h loads it.
#include "sufler/core/calendar.h"
#include "sufler/core/date.h"
#include "sufler/core/error.h"
#include "sufler/kb/schedule.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sufler::kb {

enum class EntryKind { Faq, Template, Contact, Npa, Case, Note, Department };

[[nodiscard]] std::string_view kindName(EntryKind kind); // "faq", "template", ...
[[nodiscard]] std::string_view kindTitleRu(EntryKind kind); // «Вопрос-ответ», «Шаблон», ...
[[nodiscard]] std::optional<EntryKind> parseKind(std::string_view name);

struct Entry {
    std::string id; // `<path>#<anchor>`, or `<path>` for a department's index.md
    EntryKind kind = EntryKind::Note;
    std::string department; // slug; empty for directory/ entries
    std::string title;
    std::vector<std::string> otherWordings; // FAQ «Также спрашивают:»
    std::string markdown;                   // body as Markdown source (without the heading)
    std::string text;                       // body as plain text, for indexing and snippets
    std::vector<std::string> placeholders;  // `{{name}}` of templates, in order, unique
    std::vector<std::pair<std::string, std::string>> fields; // contacts: column → value
    std::optional<Date> amended;                             // npa: `(изм. DATE)`
    std::string path;                                        // file, relative to the KB root
    int line = 0; // line of the heading / table row / list item

    [[nodiscard]] std::string_view field(std::string_view column) const; // "" when absent
};

struct Department {
    std::string slug;
    std::string title;
    std::string head;
    std::string phone;
    std::vector<std::string> editors; // git e-mails allowed to change the section
    std::optional<Date> reviewed;     // front matter `reviewed:`
    int reviewedLine = 0;
    bool hasIndex = false;
    std::vector<std::string> files; // Markdown files of the section, relative to the KB root
};

struct ChangeNotice {
    Date date;
    std::vector<std::string> departments;
    std::string what;
    int line = 0; // in changes.yaml
};

struct ReviewPolicy {
    enum class Cycle { Quarterly, Monthly, Days };
    Cycle cycle = Cycle::Quarterly;
    int cycleDays = 0; // for `<N>d`
    int changeDeadlineWorkingDays = 10;
};

// The longest a reminder may come before its consultation (`consultation_reminders`), minutes.
inline constexpr int kMaxReminderMinutes = 14 * 24 * 60;

struct Profile {
    std::string organization;
    std::string shortName;
    std::string hotline;
    std::string hotlineHours;
    std::vector<std::string> municipalities;
    // The journal's reference lists (optional): an imported register's values outside them
    // are kept with a warning.
    std::vector<std::string> operators;
    std::vector<std::string> organizations;
    // The registers' title of the municipality column (`municipality_title`); empty: the
    // journal's default, «Муниципальное образование».
    std::string municipalityTitle;
    // The hotline's categories of applicants (`citizen_categories`: многодетная семья,
    // инвалид …) an applicant card may carry; the card takes only these, as spelt here.
    std::vector<std::string> citizenCategories;
    // How long before a booked consultation the citizen is reminded (`consultation_reminders`),
    // in minutes, the earliest first; by default a day and two hours before. Empty: no reminders.
    std::vector<int> consultationReminders = {24 * 60, 2 * 60};
    ReviewPolicy review;
    std::vector<std::vector<std::string>> synonyms;
    std::vector<std::string> admins;
    std::vector<Date> extraHolidays; // calendar.holidays
    std::vector<Date> extraWorkdays; // calendar.workdays
};

// The production calendar with the `calendar` overrides of this sufler.yaml.
[[nodiscard]] core::WorkCalendar workCalendar(const Profile& profile);

// The category of `citizen_categories` that `text` names, in any case and with spaces around
// it, spelt as the list spells it; none when the list has no such category.
[[nodiscard]] std::optional<std::string> citizenCategory(const Profile& profile,
                                                         std::string_view text);

struct ScriptFile {
    std::string path;   // `scripts/<name>.md`
    std::string source; // the whole file, UTF-8; the scripts module parses it
};

// The last commit that touched a department's folder.
struct CommitInfo {
    std::string id;        // full hex
    std::int64_t time = 0; // seconds since the epoch
    int offsetMinutes = 0; // the committer's time zone
    Date date;             // committer date in that time zone
    std::string authorName;
    std::string authorEmail;
    std::string summary;
};

// A commit that changed a section without being its department's act (docs/staleness.md):
// it moves no date, and the report names it.
struct ForeignChange {
    CommitInfo commit;    // the newest such commit after the section's last actualisation
    bool byAdmin = false; // its author is in `admins` of sufler.yaml at that commit
    int count = 0;        // how many such commits there are since the last actualisation
};

// Who actualised a section, by the KB's git history: only the department's own acts count.
struct SectionActs {
    std::optional<CommitInfo> lastAct; // the last commit that is the department's act
    bool asDepartment = false;         // lastAct is an admin's `sufler review --as-department`
    // HEAD's `reviewed:` when the commit that wrote it is an act (or brought the section in).
    std::optional<Date> reviewed;
    std::optional<ForeignChange> foreignChange;
};

// A Markdown link found in a KB file (for `sufler lint`: links must lead somewhere).
struct Link {
    std::string path;   // the file that holds the link, relative to the KB root
    int line = 0;       // line of the link in that file
    std::string target; // as written: `faq.md#anchor`, `#anchor`, `https://…`
};

struct KnowledgeBase {
    std::filesystem::path root; // absolute
    Profile profile;
    std::vector<Department> departments; // sorted by slug
    std::vector<Entry> entries;          // in file order, files sorted by path
    std::vector<ChangeNotice> changes;
    std::vector<ScriptFile> scripts;     // sorted by path
    std::vector<Specialist> specialists; // of every department's schedule.md, by department
    Diagnostics diagnostics;
    bool inGit = false;
    std::map<std::string, CommitInfo> lastCommit; // by department slug
    bool actsRead = false; // git history was read: `acts` decide, not the files' `reviewed:`
    std::map<std::string, SectionActs> acts; // by department slug, for sections in HEAD
    std::vector<Link> links;                 // every link of every Markdown file
    std::string gitError; // why git history could not be read (empty when fine or not in git)

    [[nodiscard]] const Entry* findEntry(std::string_view id) const;
    [[nodiscard]] const Department* findDepartment(std::string_view slug) const;
    // By `<department>/<id>`, or by a bare id when only one department has it.
    [[nodiscard]] const Specialist* findSpecialist(std::string_view key) const;
};

} // namespace sufler::kb
