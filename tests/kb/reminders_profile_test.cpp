// sufler.yaml's `consultation_reminders`: when a booked consultation is reminded of.
#include "kb_fixture.h"

#include "sufler/kb/kb.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace sufler;
using sufler::test::TempDir;

namespace {

// Diagnostics of sufler.yaml (the bare folder has others: no departments).
int ofProfile(const kb::KnowledgeBase& kb) {
    int n = 0;
    for (const auto& d : kb.diagnostics) {
        n += d.path == "sufler.yaml" ? 1 : 0;
    }
    return n;
}

std::string messagesOf(const kb::KnowledgeBase& kb) {
    std::string out;
    for (const auto& d : kb.diagnostics) {
        out += d.format() + "\n";
    }
    return out;
}

} // namespace

TEST_CASE("sufler.yaml: consultation_reminders default to a day and two hours before",
          "[kb][profile][reminders]") {
    TempDir dir;
    dir.write("sufler.yaml", "organization: Минтруд\n");
    const auto kb = kb::load(dir.path());
    CHECK(kb.profile.consultationReminders == std::vector<int>{24 * 60, 2 * 60});
}

TEST_CASE("sufler.yaml: consultation_reminders in days, hours and minutes, the earliest first",
          "[kb][profile][reminders]") {
    TempDir dir;
    dir.write("sufler.yaml", "organization: Минтруд\nconsultation_reminders: [30m, 2d, 3ч, 1д]\n");
    auto kb = kb::load(dir.path());
    INFO(messagesOf(kb));
    CHECK(kb.profile.consultationReminders == std::vector<int>{2 * 24 * 60, 24 * 60, 3 * 60, 30});
    CHECK(ofProfile(kb) == 0);

    // an empty list switches reminders off
    dir.write("sufler.yaml", "organization: Минтруд\nconsultation_reminders: []\n");
    kb = kb::load(dir.path());
    CHECK(kb.profile.consultationReminders.empty());
    CHECK(ofProfile(kb) == 0);
}

TEST_CASE("sufler.yaml: a bad consultation_reminders item is named by its line",
          "[kb][profile][reminders]") {
    TempDir dir;
    dir.write("sufler.yaml", R"(organization: Минтруд
consultation_reminders:
  - 1d
  - завтра
  - 0h
  - 20d
  - 1d
  - 90m
)");
    auto kb = kb::load(dir.path());
    const std::string messages = messagesOf(kb);
    INFO(messages);
    // the good items stay
    CHECK(kb.profile.consultationReminders == std::vector<int>{24 * 60, 90});
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 4, Severity::Error));
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 5, Severity::Error));
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 6, Severity::Error));
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 7, Severity::Warning));
    CHECK(messages.find("«завтра» в «consultation_reminders»") != std::string::npos);

    // nothing good: the default stays, so that no reminder is lost to a typo
    dir.write("sufler.yaml", "organization: Минтруд\nconsultation_reminders: [сутки]\n");
    kb = kb::load(dir.path());
    CHECK(kb.profile.consultationReminders == std::vector<int>{24 * 60, 2 * 60});
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 2, Severity::Error));

    dir.write("sufler.yaml", "organization: Минтруд\nconsultation_reminders: 1d\n");
    kb = kb::load(dir.path());
    CHECK(test::hasDiagnostic(kb.diagnostics, "sufler.yaml", 2, Severity::Error));
}
