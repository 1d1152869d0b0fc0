// The git facts of a KB: for every department, the last commit that touched its folder.
#include "loader_internal.h"
#include "sufler/kb/git.h"

#include <fmt/format.h>

namespace sufler::kb::detail {

void readGitHistory(KnowledgeBase& kb) {
    namespace fs = std::filesystem;
    try {
        auto repo = git::Repository::discover(kb.root);
        if (!repo || repo->isBare()) {
            return; // not in git: the KB loads without dates
        }
        const fs::path workdir = repo->workdir();
        std::error_code ec;
        const fs::path relative = fs::relative(kb.root, workdir, ec);
        if (ec || relative.empty() || *relative.begin() == "..") {
            return;
        }
        std::string prefix = relative.generic_string();
        prefix = prefix == "." ? "departments" : prefix + "/departments";
        kb.inGit = true;
        std::vector<std::string> slugs;
        for (const auto& dept : kb.departments) {
            slugs.push_back(dept.slug);
        }
        kb.lastCommit = git::lastCommitsPerDepartment(*repo, prefix, slugs);
    } catch (const Error& e) {
        kb.gitError = e.what();
        addDiagnostic(
            kb.diagnostics, ".", 0, Severity::Warning,
            fmt::format("история git не прочитана, даты проверки неизвестны: {}", e.what()));
    }
}

} // namespace sufler::kb::detail
