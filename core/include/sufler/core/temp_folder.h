#pragma once
// A folder of its own under the system temp directory, removed with its contents at scope exit
// (the hook's checkout of a push, the import's conversions).
#include <filesystem>
#include <string_view>

namespace sufler::core {

class TempFolder {
public:
    // `prefix` names the folder (`sufler-hook-XXXXXX`); `purpose` says in the error what for.
    TempFolder(std::string_view prefix, std::string_view purpose);
    ~TempFolder();
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace sufler::core
