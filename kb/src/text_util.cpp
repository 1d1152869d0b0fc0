#include "text_util.h"

#include "sufler/core/error.h"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace sufler::kb::detail {

std::string readWhole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(fmt::format("{}: не удалось прочитать файл", path.string()));
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void writeWhole(const std::filesystem::path& path, std::string_view content) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
        throw Error(fmt::format("{}: не удалось записать файл", path.string()));
    }
}

} // namespace sufler::kb::detail
