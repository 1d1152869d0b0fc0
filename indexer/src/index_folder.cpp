// The index's folder on disk: what is found there before deciding, and a rebuild made beside
// it and swapped in whole, so that a search never meets half an index.
#include "index_folder.h"
#include "schema.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sufler::indexer::detail {

// A sibling of dbDir for a rebuild: `<name>.new-<pid>-<n>` or `<name>.old-<pid>-<n>`.
fs::path besideIndex(const fs::path& dbDir, std::string_view what) {
    static std::atomic<int> counter{0};
    return dbDir.parent_path() /
           fmt::format("{}.{}-{}-{}", dbDir.filename().string(), what, ::getpid(), ++counter);
}

// Siblings left by a rebuild whose process died (killed mid-build): nobody will swap them in.
void removeAbandoned(const fs::path& dbDir) {
    const std::string name = dbDir.filename().string();
    std::error_code ec;
    for (fs::directory_iterator it(dbDir.parent_path(), ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string sibling = it->path().filename().string();
        for (std::string_view what : {".new-", ".old-"}) {
            const std::string prefix = name + std::string(what);
            if (sibling.rfind(prefix, 0) != 0) {
                continue;
            }
            const std::string rest = sibling.substr(prefix.size());
            const long pid = std::strtol(rest.c_str(), nullptr, 10);
            if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
                std::error_code removeError;
                fs::remove_all(it->path(), removeError);
            }
        }
    }
}

// Only a folder that holds an index (or nothing) is ever replaced: a mistyped --db must not
// send someone's documents away with the old index.
void requireIndexFolder(const fs::path& dbDir) {
    std::error_code ec;
    const auto status = fs::symlink_status(dbDir, ec);
    if (!fs::exists(status)) {
        return;
    }
    if (!fs::is_directory(status)) {
        throw Error(fmt::format("{}: это не папка индекса", dbDir.string()));
    }
    bool empty = true;
    for (fs::directory_iterator it(dbDir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == "iamglass" || name == "flintlock" || name == kSizesFile) {
            return;
        }
        empty = false;
    }
    if (!empty) {
        throw Error(fmt::format("{}: папка не пуста, и в ней нет поискового индекса — укажите "
                                "для индекса другую папку",
                                dbDir.string()));
    }
}

// Puts the folder `fresh` where dbDir is. On Linux the two are exchanged in one step, so that
// dbDir always holds a whole index; `fresh` then holds the old one, for the caller to remove.
void swapInto(const fs::path& fresh, const fs::path& dbDir) {
    int error = 0;
    for (int attempt = 0; attempt < 10; ++attempt) {
        if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, dbDir.c_str(), RENAME_EXCHANGE) == 0) {
            return;
        }
        error = errno;
        if (error == ENOENT) {
            // No index there yet.
            if (::rename(fresh.c_str(), dbDir.c_str()) == 0) {
                return;
            }
            error = errno;
            if (error == ENOTEMPTY || error == EEXIST) {
                continue; // another run put its index there meanwhile: exchange with that one
            }
            break;
        }
        if (error != EINVAL && error != ENOSYS && error != EOPNOTSUPP) {
            break;
        }
        // A file system without the exchange: two renames, and a moment without an index.
        const fs::path old = besideIndex(dbDir, "old");
        if (::rename(dbDir.c_str(), old.c_str()) != 0 && errno != ENOENT) {
            error = errno;
            break;
        }
        if (::rename(fresh.c_str(), dbDir.c_str()) == 0) {
            std::error_code ec;
            fs::remove_all(old, ec);
            return;
        }
        error = errno;
        if (::rename(old.c_str(), dbDir.c_str()) != 0 || (error != ENOTEMPTY && error != EEXIST)) {
            break;
        }
    }
    throw Error(fmt::format("{}: новый индекс не удалось поставить на место старого: {}",
                            dbDir.string(), std::strerror(error)));
}

FolderRemover::~FolderRemover() {
    std::error_code ec;
    fs::remove_all(m_folder, ec);
}

Found inspect(const fs::path& dbDir, bool verify) {
    Found found;
    std::error_code ec;
    if (!fs::exists(dbDir / "iamglass", ec)) {
        return found; // none, or one that was never committed
    }
    if (auto shorter = shortenedTable(dbDir)) {
        found.damage = *shorter;
        return found;
    }
    try {
        if (verify) {
            std::ostringstream report;
            if (auto errors = Xapian::Database::check(dbDir.string(), 0, &report); errors > 0) {
                found.damage = fmt::format("проверка индекса нашла ошибок: {}", errors);
                return found;
            }
        }
        found.reader = std::make_unique<Xapian::Database>(dbDir.string());
    } catch (const Xapian::DatabaseError& e) {
        found.reader.reset();
        found.damage = e.get_description();
    }
    return found;
}

// `idx/` names the folder idx: its siblings are made from the name.
fs::path indexFolder(const fs::path& given) {
    fs::path dbDir = fs::absolute(given).lexically_normal();
    if (!dbDir.has_filename()) {
        dbDir = dbDir.parent_path();
    }
    return dbDir;
}

} // namespace sufler::indexer::detail
