#pragma once
// `sufler review`: a department head records that the section was checked and nothing needed
// changing. The `reviewed:` date in the section's index.md is set and that one file is
// committed through libgit2, so the review is dated and signed like any other change. Only the
// section's head and editors review it; an admin does so on the department's behalf, saying so
// (docs/staleness.md, «Кто актуализирует раздел»).
#include "sufler/core/date.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sufler::kb {

struct ReviewOptions {
    std::string message;               // the commit message; a default one when empty
    std::optional<std::string> author; // «Имя <email>»; default: user.name/user.email of git config
    std::optional<Date> date;          // the `reviewed:` date; default: today
    // An admin (`admins` of sufler.yaml) records the review as the department's act, on its
    // behalf: the commit carries the trailer `Sufler-Review-As-Department: <slug>`.
    bool asDepartment = false;
};

struct ReviewResult {
    std::string commitId; // full hex
    std::string path;     // the file committed, relative to the repository's work tree
    Date date;
    std::string authorName;
    std::string authorEmail;
    bool asDepartment = false; // recorded by an admin on the department's behalf
};

// Throws sufler::Error with a message for people when the KB is not in a git work tree, no
// identity is known, the section does not exist, its index.md has uncommitted changes, or the
// author is neither the section's head nor an editor (as HEAD's index.md lists them) — unless
// the author is an admin and `asDepartment` is set.
ReviewResult recordReview(const std::filesystem::path& kbRoot, std::string_view slug,
                          const ReviewOptions& options = {});

// The text of an index.md with `reviewed:` set to `date` in its front matter (replaced where
// present, added before the closing `---` otherwise); the rest stays byte for byte. Throws
// sufler::Error naming `path` when the file has no front matter.
[[nodiscard]] std::string setReviewedDate(std::string_view text, const Date& date,
                                          std::string_view path);

// «Имя <email>» → name and e-mail; nullopt when the text is not of that shape.
[[nodiscard]] std::optional<std::pair<std::string, std::string>>
parseIdentity(std::string_view text);

} // namespace sufler::kb
