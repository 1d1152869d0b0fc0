// fork/exec with pipes and poll: a converter that hangs or floods is killed with its group.
#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace sufler::importer::detail {

namespace {

class Pipe {
public:
    Pipe() {
        if (pipe2(m_fds, O_CLOEXEC) != 0) {
            m_fds[0] = m_fds[1] = -1;
        }
    }
    ~Pipe() {
        closeRead();
        closeWrite();
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    [[nodiscard]] bool valid() const { return m_fds[0] >= 0; }
    [[nodiscard]] int readEnd() const { return m_fds[0]; }
    [[nodiscard]] int writeEnd() const { return m_fds[1]; }
    void closeRead() {
        if (m_fds[0] >= 0) {
            close(m_fds[0]);
            m_fds[0] = -1;
        }
    }
    void closeWrite() {
        if (m_fds[1] >= 0) {
            close(m_fds[1]);
            m_fds[1] = -1;
        }
    }

private:
    int m_fds[2] = {-1, -1};
};

constexpr std::size_t kErrorBytes = 8192; // what of stderr a report may quote

} // namespace

bool haveProgram(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
        if (access(candidate.c_str(), X_OK) == 0) {
            return true;
        }
    }
    return false;
}

ProcessResult runProcess(const std::vector<std::string>& argv, const ProcessLimits& limits,
                         const std::filesystem::path& workdir) {
    ProcessResult result;
    if (argv.empty() || !haveProgram(argv.front())) {
        result.notFound = true;
        return result;
    }
    Pipe out;
    Pipe err;
    if (!out.valid() || !err.valid()) {
        result.errors = "не удалось создать канал для программы";
        return result;
    }
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    const std::string dir = workdir.string();

    const pid_t pid = fork();
    if (pid < 0) {
        result.errors = std::string("fork: ") + std::strerror(errno);
        return result;
    }
    if (pid == 0) {
        // The child: its own group (killed as one with what it starts), bounded files.
        setpgid(0, 0);
        const int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) {
            dup2(devnull, STDIN_FILENO);
        }
        dup2(out.writeEnd(), STDOUT_FILENO);
        dup2(err.writeEnd(), STDERR_FILENO);
        rlimit fsize{static_cast<rlim_t>(limits.fileBytes), static_cast<rlim_t>(limits.fileBytes)};
        setrlimit(RLIMIT_FSIZE, &fsize);
        rlimit core{0, 0};
        setrlimit(RLIMIT_CORE, &core);
        if (!dir.empty() && chdir(dir.c_str()) != 0) {
            _exit(126);
        }
        execvp(args[0], args.data());
        _exit(127);
    }
    setpgid(pid, pid); // also here: no race with the child's own call
    out.closeWrite();
    err.closeWrite();

    const auto deadline = std::chrono::steady_clock::now() + limits.time;
    bool outOpen = true;
    bool errOpen = true;
    char buffer[65536];
    while (outOpen || errOpen) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            result.timedOut = true;
            break;
        }
        pollfd fds[2] = {{out.readEnd(), POLLIN, 0}, {err.readEnd(), POLLIN, 0}};
        const int ready = poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (ready < 0 && errno != EINTR) {
            break;
        }
        for (int i = 0; i < 2; ++i) {
            bool& open = i == 0 ? outOpen : errOpen;
            if (!open || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                continue;
            }
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                open = false;
                continue;
            }
            if (i == 0) {
                result.output.append(buffer, static_cast<std::size_t>(n));
                if (result.output.size() > limits.outputBytes) {
                    result.tooMuchOutput = true;
                }
            } else if (result.errors.size() < kErrorBytes) {
                result.errors.append(buffer, static_cast<std::size_t>(n));
            }
        }
        if (result.tooMuchOutput) {
            break;
        }
    }
    if (result.timedOut || result.tooMuchOutput) {
        kill(-pid, SIGKILL);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    // Whatever the converter started (soffice's own processes) goes with it.
    kill(-pid, SIGKILL);
    if (!result.timedOut && !result.tooMuchOutput) {
        if (WIFEXITED(status)) {
            result.exitCode = WEXITSTATUS(status);
            result.notFound = result.exitCode == 127;
        }
    }
    if (result.errors.size() > kErrorBytes) {
        result.errors.resize(kErrorBytes);
    }
    return result;
}

} // namespace sufler::importer::detail
