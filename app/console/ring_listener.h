#pragma once
// The console's end of the PBX's ring (config/ring_socket.h): a Unix socket of this user's own
// (mode 0600, in a folder only they may write into), listened on by a thread of its own. A ring
// is queued for the UI thread, which takes the queue once a frame and never waits for the
// thread. One console per user and workstation listens: the second is told so and runs
// without; a socket file left by a console that crashed is found dead and replaced.
#include "config/ring_socket.h"

#include "sufler/core/unique_fd.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace sufler::console {

class RingListener {
public:
    // Listens on `socket` (its folder must exist); `arrived` is called on the listener's
    // thread after a ring is queued (it wakes the frame loop). Does not throw: when it cannot
    // listen, listening() is false and problem() says why.
    // training: a ring is queued to be shown, and the PBX answered that it is not taken.
    RingListener(std::filesystem::path socket, std::function<void()> arrived,
                 bool training = false);
    ~RingListener();
    RingListener(const RingListener&) = delete;
    RingListener& operator=(const RingListener&) = delete;

    [[nodiscard]] bool listening() const { return m_thread.joinable(); }
    // Why it does not listen (Russian); "" while it does.
    [[nodiscard]] const std::string& problem() const { return m_problem; }
    // True when another console of this user already listens here.
    [[nodiscard]] bool busy() const { return m_busy; }
    [[nodiscard]] const std::filesystem::path& socket() const { return m_socket; }
    // A stale socket file (its console crashed) was found and replaced.
    [[nodiscard]] bool replacedStale() const { return m_replacedStale; }

    // The rings queued since the last call, oldest first. Never waits: while the listener's
    // thread holds the queue, the rings come with the next call.
    [[nodiscard]] std::vector<config::Ring> take();
    // Requests refused (bad protocol or another user), for the tests' view.
    [[nodiscard]] int refused() const { return m_refused.load(); }

private:
    void open();
    void run();
    void serve(int connection);

    std::filesystem::path m_socket;
    std::function<void()> m_arrived;
    bool m_training = false;
    std::string m_problem;
    bool m_busy = false;
    bool m_replacedStale = false;
    core::UniqueFd m_lock;   // flock on the folder's lock file: one listener per user
    core::UniqueFd m_listen; // the bound socket
    core::UniqueFd m_stopRead, m_stopWrite; // a byte written here ends the thread
    dev_t m_device = 0; // the socket file this listener made, removed only if still it
    ino_t m_inode = 0;
    std::mutex m_mutex;
    std::vector<config::Ring> m_queue;
    std::atomic<int> m_refused{0};
    std::thread m_thread;
};

} // namespace sufler::console
