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

std::string shellQuoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
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

namespace {

// `input` copied to `copyName` and converted by LibreOffice to CSV, sheet by sheet.
Sheets convertInLibreOffice(const std::filesystem::path& input, const std::string& copyName,
                            const std::string& inputFilter) {
    Sheets sheets;
    TempDir out;
    // An ASCII name and a UTF-8 locale: LibreOffice cannot load a Cyrillic file name in the C
    // locale. A profile of its own: tests run in parallel, and LibreOffice locks its profile.
    // The CSV filter's last option (-1) writes every sheet to «book-<sheet>.csv»; the copy
    // stays in a folder of its own, lest a CSV be written over itself.
    const auto copy = out.path() / "in" / copyName;
    std::filesystem::create_directories(copy.parent_path());
    std::filesystem::copy_file(input, copy);
    const std::string command =
        "LC_ALL=C.UTF-8 soffice -env:UserInstallation=file://" + out.path().string() +
        "/profile --headless " + inputFilter +
        " --convert-to "
        "'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1' "
        "--outdir '" +
        out.path().string() + "' '" + copy.string() + "'";
    const CommandResult result = runCommand(command, true);
    const std::string prefix = "book-";
    for (const auto& file : std::filesystem::directory_iterator(out.path())) {
        const std::string name = file.path().filename().string();
        if (file.path().extension() == ".csv" && name.rfind(prefix, 0) == 0) {
            sheets.csv[name.substr(prefix.size(), name.size() - prefix.size() - 4)] =
                readFile(file.path());
        }
    }
    if (result.exitCode != 0 || sheets.csv.empty()) {
        sheets.problem = "soffice: exit " + std::to_string(result.exitCode) + ": " + result.output;
    }
    return sheets;
}

} // namespace

Sheets openInLibreOffice(const std::filesystem::path& workbook) {
    return convertInLibreOffice(workbook, "book.xlsx", "");
}

Sheets openCsvInLibreOffice(const std::filesystem::path& csv) {
    // `;`, `"`, UTF-8 (76), from line 1: how Russian Excel reads a CSV.
    return convertInLibreOffice(csv, "book.csv", "'--infilter=CSV:59,34,76,1'");
}

std::filesystem::path sourceDir() {
    return SUFLER_SOURCE_DIR;
}
std::filesystem::path demoKb() {
    return sourceDir() / "kb" / "demo";
}
std::filesystem::path binary(std::string_view name) {
    return std::filesystem::path(SUFLER_BIN_DIR) / std::string(name);
}

} // namespace sufler::test
