#include "config/ring_socket.h"

#include "sufler/core/error.h"
#include "sufler/core/phone.h"
#include "sufler/core/unique_fd.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace sufler::config {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kVerb = "RING";

bool lineNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_.@:/+;#-").find(c) != std::string_view::npos;
}

// The folder must be this user's and writable by nobody else: a folder others may write into
// lets them put their own socket where the console's is looked for.
void checkPrivateFolder(const fs::path& folder, const char* what) {
    struct stat info {};
    if (::lstat(folder.c_str(), &info) != 0)
        throw Error(fmt::format("{} {}: {}", what, folder.string(), std::strerror(errno)));
    if (!S_ISDIR(info.st_mode))
        throw Error(fmt::format("{} {} — не папка", what, folder.string()));
    if (info.st_uid != ::geteuid())
        throw Error(fmt::format("{} {} принадлежит другому пользователю (uid {}): звонки АТС "
                                "через неё не принимаются",
                                what, folder.string(), info.st_uid));
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0)
        throw Error(fmt::format("{} {} открыта на запись другим пользователям (права {:o}): "
                                "звонки АТС через неё не принимаются",
                                what, folder.string(), info.st_mode & 07777));
}

} // namespace

bool validRingLineName(std::string_view line) {
    if (line.empty() || line.size() > kMaxRingLineName)
        return false;
    for (char c : line)
        if (!lineNameChar(c))
            return false;
    return true;
}

std::string formatRing(const Ring& ring) {
    std::string request = std::string(kVerb) + " " + ring.phone;
    if (!ring.line.empty())
        request += " " + ring.line;
    return request + "\n";
}

std::optional<Ring> parseRing(std::string_view request, std::string& why) {
    if (request.size() + 1 > kMaxRingRequest) {
        why = fmt::format("запрос длиннее {} байт", kMaxRingRequest);
        return std::nullopt;
    }
    // words split by single spaces: anything else (tabs, control characters) is no request
    std::vector<std::string_view> words;
    for (std::size_t at = 0; at <= request.size();) {
        const auto space = request.find(' ', at);
        const auto end = space == std::string_view::npos ? request.size() : space;
        words.push_back(request.substr(at, end - at));
        at = end + 1;
    }
    if (words.empty() || words[0] != kVerb) {
        why = "ожидается RING <телефон> [<линия>]";
        return std::nullopt;
    }
    if (words.size() < 2 || words.size() > 3) {
        why = "ожидается RING <телефон> [<линия>]";
        return std::nullopt;
    }
    Ring ring{std::string(words[1]), words.size() == 3 ? std::string(words[2]) : std::string()};
    // the phone arrives as the key it is: normalising it again changes nothing
    if (ring.phone.empty() || core::normalizePhone(ring.phone) != ring.phone) {
        why = "телефон не номер (ожидается вид +79001234567)";
        return std::nullopt;
    }
    if (words.size() == 3 && !validRingLineName(ring.line)) {
        why = "недопустимое имя линии";
        return std::nullopt;
    }
    return ring;
}

fs::path ringFolder(bool create) {
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) {
        const fs::path folder(runtime);
        checkPrivateFolder(folder, "папка XDG_RUNTIME_DIR");
        return folder;
    }
    const fs::path folder = fs::temp_directory_path() / fmt::format("sufler-{}", ::geteuid());
    if (create && ::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
        throw Error(fmt::format("папка {} не создана: {}", folder.string(), std::strerror(errno)));
    struct stat info {};
    if (!create && ::lstat(folder.c_str(), &info) != 0 && errno == ENOENT)
        return folder; // no console made it: nothing listens there
    checkPrivateFolder(folder, "папка");
    return folder;
}

fs::path ringSocketPath(bool create) {
    return ringFolder(create) / "sufler-ring.sock";
}

sockaddr_un ringAddress(const fs::path& socket) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string& text = socket.native();
    if (text.size() + 1 > sizeof address.sun_path)
        throw Error(
            fmt::format("путь сокета длиннее {} байт: {}", sizeof address.sun_path - 1, text));
    std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
    return address;
}

std::optional<std::string> readRingLine(int fd, std::size_t max, Clock::time_point deadline) {
    std::string line;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        pollfd wait{fd, POLLIN, 0};
        const int ready = ::poll(&wait, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return std::nullopt;
        char buffer[64];
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return std::nullopt;
        for (ssize_t i = 0; i < got; ++i) {
            if (buffer[i] == '\n')
                return line;
            if (line.size() >= max)
                return std::nullopt;
            line += buffer[i];
        }
    }
}

bool writeRingLine(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t sent = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        text.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

RingDelivery sendRing(const fs::path& socket, const Ring& ring, std::chrono::milliseconds timeout) {
    const sockaddr_un address = ringAddress(socket);
    core::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd)
        throw Error(fmt::format("сокет не создан: {}", std::strerror(errno)));
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        // no file, or a file no process listens on (left by a console that crashed)
        if (errno == ENOENT || errno == ECONNREFUSED || errno == ENOTDIR)
            return RingDelivery::NoConsole;
        throw Error(
            fmt::format("нет связи с пультом ({}): {}", socket.string(), std::strerror(errno)));
    }
    if (!writeRingLine(fd.get(), formatRing(ring)))
        throw Error(fmt::format("пульт закрыл соединение ({})", socket.string()));
    const auto answer = readRingLine(fd.get(), kMaxRingRequest, Clock::now() + timeout);
    if (!answer)
        throw Error(fmt::format("пульт не ответил за {} с ({})",
                                std::chrono::duration<double>(timeout).count(), socket.string()));
    if (*answer == "OK")
        return RingDelivery::Delivered;
    const std::string_view text = *answer;
    if (text.substr(0, 4) == "ERR " && text.substr(4) == kRingTrainingAnswer)
        return RingDelivery::Training;
    throw Error(fmt::format("пульт не принял звонок: {}",
                            text.substr(0, 4) == "ERR " ? text.substr(4) : text));
}

} // namespace sufler::config
