// A file of personal data written over: closed to others before anything goes in.
#include "sufler/core/error.h"
#include "sufler/journal/journal.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

namespace sufler::journal {

void makePrivateFile(const std::filesystem::path& path, std::string_view what) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        std::filesystem::permissions(
            path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, ec);
        if (ec) {
            throw Error(fmt::format("{}: не удалось закрыть {} от других пользователей: {}",
                                    path.string(), what, ec.message()));
        }
    }
    ensurePrivateFile(path, what);
}

} // namespace sufler::journal
