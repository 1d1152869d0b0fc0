#pragma once
// Who works at a journal: a workstation (a stable id kept in its data folder, and its host name
// for people) and one run of a console at it. A call belongs to the run that started it; a
// callback taken from the shared queue, to an operator at a workstation.
#include <filesystem>
#include <string>

namespace sufler::journal {

struct Workstation {
    std::string id;   // random, made once, `<data folder>/workstation-id`
    std::string host; // the host name, for messages and the senior's view
    bool operator==(const Workstation&) const = default;
};

// This workstation as `<dataFolder>/workstation-id` names it: read, or made (random) and kept
// on first use; the host name from the system. Throws sufler::Error naming the file when it
// cannot be kept.
[[nodiscard]] Workstation thisWorkstation(const std::filesystem::path& dataFolder);

// A new random id (hex, 128 bits): a workstation's, a console run's.
[[nodiscard]] std::string randomId();

// The lock a running console holds on its workstation (`<dataFolder>/console.lock`, flock): a
// second console of the same workstation does not get it, and so knows that the workstation's
// earlier runs are not all over. Released by the kernel when the process dies, kill -9 too.
class WorkstationLock {
public:
    WorkstationLock() = default;
    explicit WorkstationLock(const std::filesystem::path& dataFolder);
    WorkstationLock(WorkstationLock&& other) noexcept;
    WorkstationLock& operator=(WorkstationLock&& other) noexcept;
    WorkstationLock(const WorkstationLock&) = delete;
    WorkstationLock& operator=(const WorkstationLock&) = delete;
    ~WorkstationLock();

    // No other running console of this workstation holds the lock.
    [[nodiscard]] bool held() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

} // namespace sufler::journal
