// What a KB may hold on disk, and reading its files without trusting them: a working copy may
// contain a link to /dev/zero, a named pipe called faq.md or a name no index can key, and none
// of these may hang, exhaust memory or stop the rest of the KB from loading.
#include "loader_internal.h"
#include "sufler/core/unique_fd.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/paths.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sufler::kb {

namespace fs = std::filesystem;
using core::UniqueFd;

namespace {

std::string tooBig(std::uintmax_t size, std::uintmax_t limit) {
    return fmt::format("файл слишком большой ({:.1f} МБ при пределе {:.1f} МБ): пропущен",
                       static_cast<double>(size) / (1024.0 * 1024.0),
                       static_cast<double>(limit) / (1024.0 * 1024.0));
}

std::string unreadable(int error) {
    return fmt::format("не удалось прочитать файл: {}", std::strerror(error));
}

// Why a file of this type is not read; nullopt for a regular file.
std::optional<std::string> typeProblem(mode_t mode) {
    if (S_ISREG(mode)) {
        return std::nullopt;
    }
    if (S_ISLNK(mode)) {
        return std::string(detail::kSymlinkProblem);
    }
    const char* what = S_ISFIFO(mode)                   ? "именованный канал"
                       : S_ISSOCK(mode)                 ? "сокет"
                       : S_ISCHR(mode) || S_ISBLK(mode) ? "файл устройства"
                       : S_ISDIR(mode)                  ? "папка"
                                                        : "особый файл";
    return fmt::format("{} вместо файла (в базе знаний только обычные файлы и папки): пропущен",
                       what);
}

} // namespace

std::optional<std::string> readRegularFile(const fs::path& root, const std::string& relativePath,
                                           std::uintmax_t maxFileSize, std::string& problem) {
    UniqueFd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir) {
        problem = fmt::format("папка базы знаний не открывается: {}", std::strerror(errno));
        return std::nullopt;
    }
    std::vector<std::string> parts;
    for (const auto& part : fs::path(relativePath).relative_path()) {
        if (!part.empty() && part != ".") {
            parts.push_back(part.string());
        }
    }
    if (parts.empty()) {
        problem = "файл не найден";
        return std::nullopt;
    }
    // Folder by folder, never following a link: what is read stays inside the KB.
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        if (parts[i] == "..") {
            problem = "путь ведёт за пределы базы знаний: файл пропущен";
            return std::nullopt;
        }
        UniqueFd next(
            ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!next) {
            const int error = errno;
            struct stat st {};
            if (::fstatat(dir.get(), parts[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISLNK(st.st_mode)) {
                problem = fmt::format("папка {} — {}", parts[i], detail::kSymlinkProblem);
            } else {
                problem = error == ENOENT ? "файл не найден" : unreadable(error);
            }
            return std::nullopt;
        }
        dir = std::move(next);
    }
    const std::string& name = parts.back();
    // The type first: a pipe or a device is not even opened.
    struct stat st {};
    if (::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        problem = errno == ENOENT ? "файл не найден" : unreadable(errno);
        return std::nullopt;
    }
    if (auto bad = typeProblem(st.st_mode)) {
        problem = *bad;
        return std::nullopt;
    }
    if (static_cast<std::uintmax_t>(st.st_size) > maxFileSize) {
        problem = tooBig(static_cast<std::uintmax_t>(st.st_size), maxFileSize);
        return std::nullopt;
    }
    // Replaced by a pipe or a link since? O_NONBLOCK and O_NOFOLLOW keep the open from waiting
    // or leaving the KB, and fstat on the open file decides.
    UniqueFd file(::openat(dir.get(), name.c_str(),
                           O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC));
    if (!file) {
        problem = errno == ELOOP ? std::string(detail::kSymlinkProblem) : unreadable(errno);
        return std::nullopt;
    }
    if (::fstat(file.get(), &st) != 0) {
        problem = unreadable(errno);
        return std::nullopt;
    }
    if (auto bad = typeProblem(st.st_mode)) {
        problem = *bad;
        return std::nullopt;
    }
    // Never more than the limit, even from a file that grows while it is read.
    std::string text;
    text.resize(static_cast<std::size_t>(
        std::min<std::uintmax_t>(static_cast<std::uintmax_t>(st.st_size), maxFileSize) + 1));
    std::size_t filled = 0;
    while (true) {
        if (filled == text.size()) {
            if (filled > maxFileSize) {
                problem = tooBig(filled, maxFileSize);
                return std::nullopt;
            }
            text.resize(std::min<std::size_t>(text.size() * 2, maxFileSize + 1));
        }
        const ssize_t got = ::read(file.get(), text.data() + filled, text.size() - filled);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            problem = unreadable(errno);
            return std::nullopt;
        }
        if (got == 0) {
            break;
        }
        filled += static_cast<std::size_t>(got);
    }
    if (filled > maxFileSize) {
        problem = tooBig(filled, maxFileSize);
        return std::nullopt;
    }
    text.resize(filled);
    return text;
}

namespace detail {

std::optional<std::string> nameToSkip(std::string_view name, bool atRoot, bool folder) {
    auto problem = nameProblem(name, atRoot);
    if (!problem) {
        return std::nullopt;
    }
    return fmt::format("{}: {}", *problem, folder ? "папка пропущена" : "файл пропущен");
}

void checkTree(const fs::path& root, std::uintmax_t maxFileSize, Diagnostics& diagnostics) {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& path = it->path();
        const std::string name = path.filename().string();
        const bool atRoot = it.depth() == 0;
        if (atRoot && name == ".git") {
            it.disable_recursion_pending();
            continue;
        }
        const std::string rel = path.lexically_relative(root).generic_string();
        std::error_code statError;
        const auto status = it->symlink_status(statError);
        if (statError) {
            continue;
        }
        const bool folder = fs::is_directory(status);
        if (auto problem = nameToSkip(name, atRoot, folder)) {
            addDiagnostic(diagnostics, rel, 0, Severity::Error, *problem);
            it.disable_recursion_pending();
            continue;
        }
        if (rel.size() > kMaxPathBytes) {
            addDiagnostic(diagnostics, rel, 0, Severity::Error,
                          fmt::format("путь длиннее {} байт: пропущен", kMaxPathBytes));
            it.disable_recursion_pending();
            continue;
        }
        if (folder) {
            if (static_cast<std::size_t>(it.depth()) + 1 > kMaxDepth) {
                addDiagnostic(
                    diagnostics, rel, 0, Severity::Error,
                    fmt::format("вложенность папок больше {}: папка пропущена", kMaxDepth));
                it.disable_recursion_pending();
            }
            continue;
        }
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0) {
            continue;
        }
        if (auto problem = typeProblem(st.st_mode)) {
            addDiagnostic(diagnostics, rel, 0, Severity::Error, *problem);
        } else if (static_cast<std::uintmax_t>(st.st_size) > maxFileSize) {
            addDiagnostic(diagnostics, rel, 0, Severity::Error,
                          tooBig(static_cast<std::uintmax_t>(st.st_size), maxFileSize));
        }
    }
}

} // namespace detail

} // namespace sufler::kb
