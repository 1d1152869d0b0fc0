// The staleness rules over KBs filled by hand: every rule and every status.
#include "sufler/kb/staleness.h"

#include <catch2/catch.hpp>

using namespace sufler;
using namespace sufler::kb;

namespace {

Date d(const char* text) {
    auto date = parseDate(text);
    REQUIRE(date.has_value());
    return *date;
}

Department department(const char* slug, std::optional<Date> reviewed = std::nullopt) {
    Department dep;
    dep.slug = slug;
    dep.title = std::string("Отдел ") + slug;
    dep.head = "Иванова Мария Петровна";
    dep.reviewed = reviewed;
    dep.hasIndex = true;
    return dep;
}

CommitInfo commitOn(const char* date, const char* id = "0123456789abcdef0123456789abcdef01234567") {
    CommitInfo commit;
    commit.id = id;
    commit.date = d(date);
    commit.summary = "Правка раздела";
    commit.authorEmail = "ivanova@minsoc.example";
    return commit;
}

// The department's own act on that day, as the git history reader finds it.
void actOn(KnowledgeBase& kb, const std::string& slug, const CommitInfo& commit) {
    kb.actsRead = true;
    kb.acts[slug].lastAct = commit;
}

const SectionStaleness& find(const StaleReport& report, const std::string& slug) {
    for (const auto& section : report.sections) {
        if (section.department == slug) {
            return section;
        }
    }
    FAIL("no section " << slug);
    throw;
}

} // namespace

TEST_CASE("rules: quarterly cycle from the KB format example") {
    KnowledgeBase kb;
    kb.departments.push_back(department("families"));
    actOn(kb, "families", commitOn("2026-08-10"));

    auto at = [&](const char* today) { return staleReport(kb, d(today)).sections.at(0); };

    auto ok = at("2026-11-24");
    CHECK(ok.status == StaleStatus::Ok);
    REQUIRE(ok.due);
    CHECK(*ok.due == d("2026-12-30")); // 31 December 2026 is a day off by decree
    REQUIRE(ok.requirements.size() == 1);
    CHECK(ok.requirements[0].rule == RequirementRule::Quarterly);
    CHECK(ok.requirements[0].text == "ежеквартальная актуализация");
    CHECK(ok.requirements[0].date == d("2026-08-10"));
    CHECK(ok.origin == ReviewOrigin::Commit);
    CHECK(ok.lastReview == d("2026-08-10"));

    // Ten working days before 30 December: 16 December (17, 18, 21…30 are ten).
    CHECK(at("2026-12-15").status == StaleStatus::Ok);
    CHECK(at("2026-12-16").status == StaleStatus::Due);
    CHECK(at("2026-12-30").status == StaleStatus::Due);
    auto late = at("2026-12-31");
    CHECK(late.status == StaleStatus::Overdue);
    CHECK(late.requirements[0].overdue);
}

TEST_CASE("rules: a quarter's last review is due at the end of the next quarter") {
    KnowledgeBase kb;
    kb.departments.push_back(department("a"));
    auto dueAfter = [&](const char* reviewed) {
        actOn(kb, "a", commitOn(reviewed));
        return *staleReport(kb, d("2025-01-01")).sections.at(0).due;
    };
    CHECK(dueAfter("2026-01-01") == d("2026-06-30"));
    CHECK(dueAfter("2026-03-31") == d("2026-06-30"));
    CHECK(dueAfter("2026-04-01") == d("2026-09-30"));
    CHECK(dueAfter("2026-12-31") == d("2027-03-31"));
    CHECK(dueAfter("2025-10-15") == d("2026-03-31"));
    // 2025: 30 March is Sunday → Friday 28 March... for Q4 2024 → Q1 2025.
    CHECK(dueAfter("2024-12-01") == d("2025-03-31"));
    CHECK(dueAfter("2025-07-01") == d("2025-12-30")); // 31 December 2025 is a day off
}

TEST_CASE("rules: monthly and N-day cycles") {
    KnowledgeBase kb;
    kb.departments.push_back(department("a"));
    actOn(kb, "a", commitOn("2026-04-20"));
    kb.profile.review.cycle = ReviewPolicy::Cycle::Monthly;
    auto monthly = staleReport(kb, d("2026-05-01")).sections.at(0);
    CHECK(*monthly.due == d("2026-05-29")); // 30, 31 May 2026 are a weekend
    CHECK(monthly.requirements[0].text == "ежемесячная актуализация");

    kb.profile.review.cycle = ReviewPolicy::Cycle::Days;
    kb.profile.review.cycleDays = 90;
    auto days = staleReport(kb, d("2026-05-01")).sections.at(0);
    CHECK(*days.due == d("2026-07-19"));
    CHECK(days.requirements[0].text == "актуализация каждые 90 дней");
    CHECK(staleReport(kb, d("2026-07-20")).sections.at(0).status == StaleStatus::Overdue);
}

TEST_CASE("rules: a change notice is due ten working days later and met by a review on its day") {
    KnowledgeBase kb;
    kb.departments.push_back(department("families"));
    kb.departments.push_back(department("zhku"));
    kb.departments.push_back(department("other"));
    actOn(kb, "families", commitOn("2026-10-01"));
    actOn(kb, "zhku", commitOn("2026-11-10")); // on the day of the change: met
    actOn(kb, "other", commitOn("2026-10-01"));
    ChangeNotice change;
    change.date = d("2026-11-10");
    change.departments = {"families", "zhku"};
    change.what = "С 1 января 2027 года меняется размер регионального пособия";
    change.line = 3;
    kb.changes.push_back(change);

    auto report = staleReport(kb, d("2026-11-20"));
    const auto& families = find(report, "families");
    REQUIRE(families.requirements.size() == 2);
    const auto& req = families.requirements[0];
    CHECK(req.rule == RequirementRule::Change);
    CHECK(*req.due == d("2026-11-24"));
    CHECK(req.date == d("2026-11-10"));
    CHECK(req.text ==
          "изменение от 10.11.2026: С 1 января 2027 года меняется размер регионального пособия");
    CHECK(req.source == "changes.yaml:3");
    CHECK(families.status == StaleStatus::Due);
    CHECK(*families.due == d("2026-11-24"));

    const auto& zhku = find(report, "zhku");
    CHECK(zhku.requirements.size() == 1);
    CHECK(zhku.status == StaleStatus::Ok);
    CHECK(find(report, "other").requirements.size() == 1);

    CHECK(find(staleReport(kb, d("2026-11-24")), "families").status == StaleStatus::Due);
    auto late = staleReport(kb, d("2026-11-25"));
    CHECK(find(late, "families").status == StaleStatus::Overdue);
    CHECK(late.anyOverdue());
    // Overdue comes first in the report.
    CHECK(late.sections.front().department == "families");

    // A later `reviewed:` meets it too (one an act of the department wrote).
    kb.acts["families"].reviewed = d("2026-11-12");
    auto met = find(staleReport(kb, d("2026-11-25")), "families");
    CHECK(met.status == StaleStatus::Ok);
    CHECK(met.origin == ReviewOrigin::Reviewed);
    CHECK(met.lastReview == d("2026-11-12"));
    CHECK(met.requirements.size() == 1);
}

TEST_CASE("rules: an amended act starts the change deadline") {
    KnowledgeBase kb;
    kb.departments.push_back(department("zhku"));
    actOn(kb, "zhku", commitOn("2026-10-20"));
    Entry act;
    act.kind = EntryKind::Npa;
    act.department = "zhku";
    act.title = "Федеральный закон от 24.11.1995 № 181-ФЗ «О социальной защите инвалидов в РФ»";
    act.amended = d("2026-11-01");
    act.path = "departments/zhku/npa.md";
    act.line = 5;
    kb.entries.push_back(act);
    Entry old = act;
    old.amended = d("2026-10-01"); // before the last review: met
    old.title = "Жилищный кодекс РФ";
    kb.entries.push_back(old);

    auto section = staleReport(kb, d("2026-11-17")).sections.at(0);
    REQUIRE(section.requirements.size() == 2);
    const auto& req = section.requirements[0];
    CHECK(req.rule == RequirementRule::Npa);
    // 1 November 2026 is a Sunday; 4 November a holiday: 2,3,5,6,9,10,11,12,13,16.
    CHECK(*req.due == d("2026-11-16"));
    CHECK(req.text == "НПА № 181-ФЗ изменён 01.11.2026");
    CHECK(req.source == "departments/zhku/npa.md:5");
    CHECK(section.status == StaleStatus::Overdue);
}

TEST_CASE("rules: act names for the report") {
    CHECK(npaShortName(
              "Федеральный закон от 17.07.1999 № 178-ФЗ «О государственной социальной помощи»") ==
          "НПА № 178-ФЗ");
    CHECK(npaShortName("Постановление Правительства РФ №1466") == "НПА № 1466");
    CHECK(npaShortName("Закон Энской области от 01.01.2020 №\xC2\xA0"
                       "12-кз, ст. 3") == "НПА № 12-кз");
    CHECK(npaShortName("Жилищный кодекс Российской Федерации.") ==
          "НПА «Жилищный кодекс Российской Федерации»");
}

TEST_CASE("rules: the later of commit and reviewed counts") {
    KnowledgeBase kb;
    kb.departments.push_back(department("a", d("2026-09-01")));
    actOn(kb, "a", commitOn("2026-10-05"));
    auto section = staleReport(kb, d("2026-10-06")).sections.at(0);
    CHECK(section.origin == ReviewOrigin::Commit);
    CHECK(section.lastReview == d("2026-10-05"));
    CHECK(section.reviewSourceRu() == "коммит 0123456");
    CHECK(*section.due == d("2027-03-31"));

    // In git, the file's mark counts only when the history vouches for it.
    kb.departments[0].reviewed = d("2026-10-06");
    section = staleReport(kb, d("2026-10-06")).sections.at(0);
    CHECK(section.origin == ReviewOrigin::Commit);
    CHECK(section.lastReview == d("2026-10-05"));
    kb.acts["a"].reviewed = d("2026-10-06");
    section = staleReport(kb, d("2026-10-06")).sections.at(0);
    CHECK(section.origin == ReviewOrigin::Reviewed);
    CHECK(section.reviewSourceRu() == "отметка reviewed");

    // Without git: `reviewed` alone.
    kb.actsRead = false;
    kb.acts.clear();
    kb.departments[0].reviewed = d("2026-03-01");
    section = staleReport(kb, d("2026-07-01")).sections.at(0);
    CHECK(section.origin == ReviewOrigin::Reviewed);
    CHECK(section.status == StaleStatus::Overdue); // due 30.06.2026
}

TEST_CASE("rules: a section never reviewed is unreviewed, and the statuses are ordered") {
    KnowledgeBase kb;
    kb.departments.push_back(department("a-ok"));
    kb.departments.push_back(department("b-never"));
    kb.departments.push_back(department("c-due"));
    kb.departments.push_back(department("d-late"));
    actOn(kb, "a-ok", commitOn("2026-11-01"));
    actOn(kb, "c-due", commitOn("2026-08-01"));
    actOn(kb, "d-late", commitOn("2026-05-01"));
    ChangeNotice change;
    change.date = d("2026-10-01");
    change.departments = {"b-never"};
    change.what = "Новый порядок";
    kb.changes.push_back(change);

    auto report = staleReport(kb, d("2026-12-20"));
    REQUIRE(report.sections.size() == 4);
    CHECK(report.sections[0].department == "d-late");
    CHECK(report.sections[0].status == StaleStatus::Overdue);
    CHECK(report.sections[1].department == "c-due");
    CHECK(report.sections[1].status == StaleStatus::Due);
    CHECK(report.sections[2].department == "b-never");
    CHECK(report.sections[2].status == StaleStatus::Unreviewed);
    CHECK(report.sections[3].department == "a-ok");
    CHECK(report.sections[3].status == StaleStatus::Ok);

    const auto& never = report.sections[2];
    CHECK_FALSE(never.lastReview);
    CHECK(never.origin == ReviewOrigin::None);
    REQUIRE(never.requirements.size() == 2);
    CHECK(never.requirements[0].rule == RequirementRule::Change); // the one with a due date first
    CHECK(never.requirements[0].overdue);
    CHECK_FALSE(never.requirements[1].due);
    CHECK(never.due == never.requirements[0].due);
}

TEST_CASE("rules: sufler.yaml calendar overrides move due dates") {
    KnowledgeBase kb;
    kb.departments.push_back(department("a"));
    actOn(kb, "a", commitOn("2026-08-10"));
    kb.profile.extraHolidays = {d("2026-12-30")};
    CHECK(*staleReport(kb, d("2026-11-01")).sections.at(0).due == d("2026-12-29"));
    kb.profile.extraWorkdays = {d("2026-12-31")};
    CHECK(*staleReport(kb, d("2026-11-01")).sections.at(0).due == d("2026-12-31"));
}

TEST_CASE("rules: the report names the decree of each year and says when there is none") {
    KnowledgeBase kb;
    kb.departments.push_back(department("a"));
    actOn(kb, "a", commitOn("2026-12-10"));
    auto report = staleReport(kb, d("2026-12-15"));
    // Due 31.03.2027: 2026 has a decree, 2027 has none.
    REQUIRE(report.calendarYears.size() == 2);
    CHECK(report.calendarYears[0].year == 2026);
    CHECK(report.calendarYears[0].decreeSource.find("№ 1466") != std::string::npos);
    CHECK(report.calendarYears[1].year == 2027);
    CHECK(report.calendarYears[1].decreeSource.empty());
    auto notes = report.calendarNotes();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find("2027") != std::string::npos);
    CHECK(notes[0].find("статье 112") != std::string::npos);

    actOn(kb, "a", commitOn("2026-05-10"));
    CHECK(staleReport(kb, d("2026-06-01")).calendarNotes().empty());
}
