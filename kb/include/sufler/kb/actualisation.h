#pragma once
// Who actualises a section (docs/staleness.md, «Кто актуализирует раздел»): the department
// itself — its head or one of its editors, as the section's index.md lists them at the commit —
// or an admin who records a review on the department's behalf (`sufler review --as-department`).
// Any other commit changes the section without moving its date.
#include "sufler/core/date.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::kb {

// The commit trailers `sufler review` writes, each with the section's slug as the value: a
// review by the department's own people, and an admin's review on the department's behalf.
inline constexpr std::string_view kReviewTrailer = "Sufler-Review";
inline constexpr std::string_view kAsDepartmentTrailer = "Sufler-Review-As-Department";

// Whether an item of `editors` or `admins` names a commit's author. An item with '@' is an
// e-mail, bare or inside «Имя <e-mail>», compared with the author's e-mail; an item without '@'
// is a login (GitLab), compared with the author's name. Case is not significant.
[[nodiscard]] bool namesAuthor(std::string_view item, std::string_view authorName,
                               std::string_view authorEmail);
[[nodiscard]] bool listsAuthor(const std::vector<std::string>& items, std::string_view authorName,
                               std::string_view authorEmail);

// Whether `head:` names a commit's author. A head with '@' is an e-mail, as above. Otherwise it
// is a person's name, and it names the author when every word of the author's name — at least
// two — is a word of the head's, whatever the case, the order and ё/е: «Ларионова Елена» and
// «Елена Ларионова» are both «Ларионова Елена Викторовна», «Елена» alone is nobody.
[[nodiscard]] bool headIsAuthor(std::string_view head, std::string_view authorName,
                                std::string_view authorEmail);

// A section's people as its index.md lists them in one commit's tree.
struct SectionPeople {
    bool present = false; // the commit has departments/<slug>/index.md
    std::string head;
    std::vector<std::string> editors;
    std::optional<Date> reviewed;

    // The head or an editor.
    [[nodiscard]] bool includes(std::string_view authorName, std::string_view authorEmail) const;
};

// The review trailers of a commit message: slug → true for a review on the department's behalf
// (kAsDepartmentTrailer), false for the department's own (kReviewTrailer).
[[nodiscard]] std::map<std::string, bool> reviewTrailers(const char* message);

} // namespace sufler::kb
