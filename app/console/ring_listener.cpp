// The console's listener of the PBX's ring.
#include "console/ring_listener.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace sufler::console {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// How long one client may take to send its line: a stuck one must not hold up the next ring.
constexpr auto kRequestTime = std::chrono::seconds(2);
// Rings the UI has not taken yet: a runaway script cannot fill the memory.
constexpr std::size_t kMaxQueued = 16;

std::string errnoText() {
    return std::strerror(errno);
}

} // namespace

RingListener::RingListener(fs::path socket, std::function<void()> arrived, bool training)
    : m_socket(std::move(socket)), m_arrived(std::move(arrived)), m_training(training) {
    try {
        open();
    } catch (const Error& e) {
        m_problem = e.what();
        m_listen.reset();
        m_lock.reset();
        return;
    }
    m_thread = std::thread([this] { run(); });
}

RingListener::~RingListener() {
    if (m_thread.joinable()) {
        const char stop = 1;
        [[maybe_unused]] const auto written = ::write(m_stopWrite.get(), &stop, 1);
        m_thread.join();
    }
    if (m_listen) {
        // the file goes only if it is still the one this listener made
        struct stat info {};
        if (::lstat(m_socket.c_str(), &info) == 0 && info.st_dev == m_device &&
            info.st_ino == m_inode)
            ::unlink(m_socket.c_str());
    }
    // the lock goes last, with its descriptor: no other console binds before the file is gone
}

void RingListener::open() {
    const sockaddr_un address = config::ringAddress(m_socket);
    // one listener per user and workstation: whoever holds the lock owns the socket's name, so
    // two consoles started at once cannot both take a stale file for theirs
    const fs::path lockPath = m_socket.parent_path() / "sufler-ring.lock";
    m_lock =
        core::UniqueFd(::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!m_lock)
        throw Error(fmt::format("{}: {}", lockPath.string(), errnoText()));
    if (::flock(m_lock.get(), LOCK_EX | LOCK_NB) != 0) {
        m_busy = errno == EWOULDBLOCK;
        throw Error(m_busy ? fmt::format("звонки АТС уже принимает другой пульт этого "
                                         "пользователя на этом рабочем месте ({})",
                                         m_socket.string())
                           : fmt::format("{}: {}", lockPath.string(), errnoText()));
    }
    // a file left behind: alive (a console without the lock) or dead (one that crashed)
    struct stat info {};
    if (::lstat(m_socket.c_str(), &info) == 0) {
        if (!S_ISSOCK(info.st_mode))
            throw Error(fmt::format("{} — не сокет: файл не тронут, звонки АТС не принимаются",
                                    m_socket.string()));
        core::UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (probe && ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&address),
                               sizeof address) == 0) {
            m_busy = true;
            throw Error(
                fmt::format("звонки АТС уже принимает другой пульт ({})", m_socket.string()));
        }
        if (::unlink(m_socket.c_str()) != 0)
            throw Error(fmt::format("{}: оставшийся от прошлого запуска сокет не удалён: {}",
                                    m_socket.string(), errnoText()));
        m_replacedStale = true;
    }
    m_listen = core::UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!m_listen)
        throw Error(fmt::format("сокет не создан: {}", errnoText()));
    if (::bind(m_listen.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        throw Error(fmt::format("{}: {}", m_socket.string(), errnoText()));
    // the folder is the user's alone already; the socket is too
    if (::chmod(m_socket.c_str(), 0600) != 0 || ::lstat(m_socket.c_str(), &info) != 0)
        throw Error(fmt::format("{}: {}", m_socket.string(), errnoText()));
    m_device = info.st_dev;
    m_inode = info.st_ino;
    if (::listen(m_listen.get(), 8) != 0)
        throw Error(fmt::format("{}: {}", m_socket.string(), errnoText()));
    int stop[2];
    if (::pipe2(stop, O_CLOEXEC) != 0)
        throw Error(fmt::format("pipe: {}", errnoText()));
    m_stopRead = core::UniqueFd(stop[0]);
    m_stopWrite = core::UniqueFd(stop[1]);
}

std::vector<config::Ring> RingListener::take() {
    std::unique_lock lock(m_mutex, std::try_to_lock);
    if (!lock.owns_lock())
        return {};
    return std::exchange(m_queue, {});
}

void RingListener::run() {
    for (;;) {
        pollfd waits[2] = {{m_listen.get(), POLLIN, 0}, {m_stopRead.get(), POLLIN, 0}};
        if (::poll(waits, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (waits[1].revents != 0)
            return;
        if ((waits[0].revents & POLLIN) == 0)
            continue;
        core::UniqueFd connection(::accept4(m_listen.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (connection)
            serve(connection.get());
    }
}

void RingListener::serve(int connection) {
    // only this user's processes: the folder and the mode say so, the peer's credentials too
    ucred peer{};
    socklen_t size = sizeof peer;
    if (::getsockopt(connection, SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 ||
        peer.uid != ::geteuid()) {
        ++m_refused;
        config::writeRingLine(connection, "ERR другой пользователь\n");
        return;
    }
    const auto request =
        config::readRingLine(connection, config::kMaxRingRequest, Clock::now() + kRequestTime);
    if (!request) {
        ++m_refused;
        config::writeRingLine(connection, "ERR ожидается одна строка короче " +
                                              std::to_string(config::kMaxRingRequest) +
                                              " байт, с переводом строки\n");
        return;
    }
    std::string why;
    auto ring = config::parseRing(*request, why);
    if (!ring) {
        ++m_refused;
        config::writeRingLine(connection, "ERR " + why + "\n");
        return;
    }
    {
        const std::lock_guard lock(m_mutex);
        if (m_queue.size() >= kMaxQueued) {
            ++m_refused;
            config::writeRingLine(connection, "ERR пульт не успевает принимать звонки\n");
            return;
        }
        m_queue.push_back(std::move(*ring));
    }
    if (m_arrived)
        m_arrived();
    // in training the ring is shown, and the PBX told to give the call to someone else
    config::writeRingLine(connection, m_training
                                          ? "ERR " + std::string(config::kRingTrainingAnswer) + "\n"
                                          : std::string("OK\n"));
}

} // namespace sufler::console
