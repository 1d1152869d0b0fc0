#pragma once
// The demo KB as a KB of its own. The demo ships inside the program's source tree, which is the
// program's own git repository: a review recorded there would be a commit into the sources, and
// the staleness report would read the program's history. So the programs work on a working
// copy, $XDG_DATA_HOME/sufler/demo-kb: the shipped files in a git repository of their own, with
// a history, made relative to the day the copy is made, in which sections stand in every status
// of the report (docs/staleness.md, «Демонстрационная база»).
#include "sufler/core/date.h"

#include <filesystem>
#include <string>

namespace sufler::kb::demo {

// The demo as shipped: kb/demo of the source tree.
[[nodiscard]] std::filesystem::path shippedRoot();

// True when `root` is the shipped demo: this program's, or kb/demo of another Sufler source tree.
[[nodiscard]] bool isShipped(const std::filesystem::path& root);

// $XDG_DATA_HOME/sufler/demo-kb, ~/.local/share/sufler/demo-kb when XDG_DATA_HOME is not set.
// Throws sufler::Error when neither it nor HOME is set.
[[nodiscard]] std::filesystem::path workingCopyPath();

struct WorkingCopy {
    std::filesystem::path root;
    bool made = false;  // made, or made again, by this call
    std::string notice; // what to tell the person on stderr, once: where and why; empty if nothing
};

// The working copy, made when it is missing, and made again when the shipped demo changed (a
// copy holding commits of its own is kept beside it as demo-kb.prev); days passing do not
// remake it, so its commits keep their ids. Programs starting at once take turns through a lock
// file. Throws sufler::Error when the folder holds something else, or cannot be written.
WorkingCopy prepareWorkingCopy(const Date& today = todayLocal());

// Writes the demo's repository into `target` (a folder that must not exist yet) from the files
// at `shipped`, its history dated relative to `today`: an admin's import, then the departments'
// reviews and edits — some sections overdue, one with a change notice of the last days still
// pending, one never actualised, the others in order — and an admin's edit of three sections,
// which the report shows as «изменён администратором» without moving their dates.
void buildWorkingCopy(const std::filesystem::path& shipped, const std::filesystem::path& target,
                      const Date& today);

} // namespace sufler::kb::demo
