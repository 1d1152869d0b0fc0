#pragma once
// A converter run as a child process: an argv vector (never a shell string, so hostile file
// names stay names), its own process group, a time limit, a limit on the files it may write and
// on what it prints. Nothing it does outlives the call.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sufler::importer::detail {

struct ProcessLimits {
    std::chrono::seconds time{60};
    std::uint64_t outputBytes = 16ull * 1024 * 1024; // what it prints (stdout and stderr)
    std::uint64_t fileBytes = 256ull * 1024 * 1024;  // each file it writes (RLIMIT_FSIZE)
};

struct ProcessResult {
    int exitCode = -1;          // -1 when killed or not started
    bool timedOut = false;      // killed at the time limit
    bool tooMuchOutput = false; // killed at the output limit
    bool notFound = false;      // the program is not installed
    std::string output;         // stdout
    std::string errors;         // stderr (its start)
    [[nodiscard]] bool ok() const { return exitCode == 0 && !timedOut && !tooMuchOutput; }
};

[[nodiscard]] ProcessResult runProcess(const std::vector<std::string>& argv,
                                       const ProcessLimits& limits,
                                       const std::filesystem::path& workdir = {});

// Whether `program` is found on PATH.
[[nodiscard]] bool haveProgram(const std::string& program);

} // namespace sufler::importer::detail
