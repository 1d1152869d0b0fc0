#pragma once
// Reading KB files out of commits' trees, for who-actualised-what (internal to the kb module).
#include "sufler/kb/actualisation.h"
#include "sufler/kb/git.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sufler::kb::detail {

// Parses a section's index.md and sufler.yaml as they are in a commit, each distinct file once:
// a walk over thousands of commits meets the same few versions again and again.
class KbTreeReader {
public:
    // `prefix`: where the KB root sits in the repository's tree, "" or "kb/" ('/'-terminated).
    KbTreeReader(const git::Repository& repo, std::string prefix);

    // The id of a file at `path` (relative to the KB root) in a commit; nullopt when absent.
    [[nodiscard]] std::optional<git_oid> fileId(git_commit* commit, const std::string& path) const;

    [[nodiscard]] SectionPeople people(git_commit* commit, const std::string& slug);
    [[nodiscard]] SectionPeople peopleOf(const std::optional<git_oid>& indexId,
                                         const std::string& slug);
    // `admins` of sufler.yaml in a commit (empty when it has none).
    [[nodiscard]] const std::vector<std::string>& admins(git_commit* commit);

    [[nodiscard]] static std::string indexPath(const std::string& slug) {
        return "departments/" + slug + "/index.md";
    }

private:
    [[nodiscard]] std::string blobText(const git_oid& id) const;

    const git::Repository& m_repo;
    std::string m_prefix;
    std::map<std::string, SectionPeople> m_people;            // by blob id (hex)
    std::map<std::string, std::vector<std::string>> m_admins; // by blob id (hex)
    std::vector<std::string> m_noAdmins;
};

} // namespace sufler::kb::detail
