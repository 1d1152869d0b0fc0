// The workstation's id and the running console's lock on it.
#include "sufler/journal/workstation.h"
#include "sufler/journal/journal.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sys/file.h>
#include <unistd.h>
#include <utility>

namespace sufler::journal {

namespace {

bool isId(const std::string& text) {
    return text.size() == 32 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string hostName() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
        return "localhost";
    return name;
}

} // namespace

std::string randomId() {
    std::random_device device;
    std::string id;
    for (int i = 0; i < 4; ++i)
        id += fmt::format("{:08x}", static_cast<std::uint32_t>(device()));
    return id;
}

Workstation thisWorkstation(const std::filesystem::path& dataFolder) {
    const auto file = dataFolder / "workstation-id";
    std::string id;
    {
        std::ifstream in(file);
        std::getline(in, id);
    }
    if (!isId(id)) {
        // made once; written whole under a temporary name, so a reader sees none or all of it
        ensurePrivateFile(file.string() + ".tmp", "файл рабочего места");
        id = randomId();
        {
            std::ofstream out(file.string() + ".tmp", std::ios::trunc);
            out << id << '\n';
            if (!out.flush())
                throw Error(
                    fmt::format("{}: не удалось записать номер рабочего места", file.string()));
        }
        // two programs starting at once: the first link wins, both read it back
        if (::link((file.string() + ".tmp").c_str(), file.c_str()) != 0 && errno != EEXIST)
            throw Error(fmt::format("{}: не удалось записать номер рабочего места: {}",
                                    file.string(), std::strerror(errno)));
        ::unlink((file.string() + ".tmp").c_str());
        std::ifstream in(file);
        std::getline(in, id);
        if (!isId(id))
            throw Error(fmt::format("{}: номер рабочего места испорчен; удалите файл, он будет "
                                    "создан заново",
                                    file.string()));
    }
    return Workstation{id, hostName()};
}

WorkstationLock::WorkstationLock(const std::filesystem::path& dataFolder) {
    const auto file = dataFolder / "console.lock";
    ensurePrivateFile(file, "файл блокировки пульта");
    m_fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
    if (m_fd < 0)
        return;
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

WorkstationLock::WorkstationLock(WorkstationLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)) {}

WorkstationLock& WorkstationLock::operator=(WorkstationLock&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

WorkstationLock::~WorkstationLock() {
    if (m_fd >= 0)
        ::close(m_fd);
}

} // namespace sufler::journal
