#include "sufler/core/temp_folder.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <cstdlib>
#include <string>

namespace sufler::core {

TempFolder::TempFolder(std::string_view prefix, std::string_view purpose) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw Error(fmt::format("не удалось создать временную папку {}", purpose));
    }
    m_path = pattern;
}

TempFolder::~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

} // namespace sufler::core
