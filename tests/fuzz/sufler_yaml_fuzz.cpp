// Fuzz target: the YAML files at the root of a KB, read the way load() reads them —
// sufler.yaml (the organisation profile) and changes.yaml (change notices).
#include "fuzz_support.h"
#include "loader_internal.h"

#include <fmt/format.h>

using namespace sufler;

namespace {

void checkStrings(const std::vector<std::string>& list, std::string_view what) {
    for (const auto& s : list) {
        fuzz::require(!s.empty(), fmt::format("an empty item in {}", what));
        fuzz::checkUtf8(s, what);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text = fuzz::bytes(data, size);
    {
        Diagnostics diagnostics;
        if (!kb::detail::normalizeKbText(text, "sufler.yaml", diagnostics)) {
            return 0;
        }
    }
    const int lines = fuzz::lineCount(text);
    {
        Diagnostics diagnostics;
        const auto profile = kb::detail::parseProfile(text, "sufler.yaml", diagnostics);
        fuzz::checkDiagnostics(diagnostics, "sufler.yaml", lines);
        checkStrings(profile.municipalities, "municipalities");
        checkStrings(profile.operators, "operators");
        checkStrings(profile.organizations, "organizations");
        checkStrings(profile.admins, "admins");
        for (const auto& group : profile.synonyms) {
            fuzz::require(!group.empty(), "an empty group of synonyms");
            for (const auto& word : group) {
                fuzz::checkUtf8(word, "synonyms");
            }
        }
        if (profile.review.cycle == kb::ReviewPolicy::Cycle::Days) {
            fuzz::require(profile.review.cycleDays > 0, "a review cycle of no days");
        }
        fuzz::require(profile.review.changeDeadlineWorkingDays > 0,
                      "a change deadline of no working days");
    }
    {
        Diagnostics diagnostics;
        const auto notices = kb::detail::parseChanges(text, "changes.yaml", diagnostics);
        fuzz::checkDiagnostics(diagnostics, "changes.yaml", lines);
        for (const auto& notice : notices) {
            fuzz::require(!notice.departments.empty(), "a change notice without departments");
            fuzz::require(notice.line >= 0 && notice.line <= lines,
                          "a change notice on a line past the end");
            fuzz::checkUtf8(notice.what, "a change notice");
        }
    }
    return 0;
}
