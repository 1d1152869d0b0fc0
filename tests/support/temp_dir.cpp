#include "temp_dir.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace sufler::test {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sufler-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::filesystem::path TempDir::write(std::string_view relative, std::string_view content) const {
    auto full = m_path / std::filesystem::path(std::string(relative));
    std::filesystem::create_directories(full.parent_path());
    std::ofstream out(full, std::ios::binary);
    out << content;
    return full;
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

CommandResult runCommand(const std::string& command, bool withStderr) {
    CommandResult result;
    std::string full = withStderr ? command + " 2>&1" : command;
    FILE* pipe = popen(full.c_str(), "r");
    if (pipe == nullptr) {
        return result;
    }
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        result.output.append(buffer.data(), n);
    }
    int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::filesystem::path sourceDir() { return SUFLER_SOURCE_DIR; }
std::filesystem::path demoKb() { return sourceDir() / "kb" / "demo"; }
std::filesystem::path binary(std::string_view name) {
    return std::filesystem::path(SUFLER_BIN_DIR) / std::string(name);
}

} // namespace sufler::test
