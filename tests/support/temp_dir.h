#pragma once
// A folder under the system temp directory, removed with everything in it at scope exit.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace sufler::test {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    // Writes a file (creating folders), relative to the temp dir; returns its full path.
    std::filesystem::path write(std::string_view relative, std::string_view content) const;

private:
    std::filesystem::path m_path;
};

// Reads a whole file.
[[nodiscard]] std::string readFile(const std::filesystem::path& path);

// Runs a shell command, returns its exit code and captures stdout (+stderr when asked).
struct CommandResult {
    int exitCode = -1;
    std::string output;
};
[[nodiscard]] CommandResult runCommand(const std::string& command, bool withStderr = false);
// `text` in single quotes for a shell command line, its own quotes escaped.
[[nodiscard]] std::string shellQuoted(const std::string& text);

// The sheets of a workbook as LibreOffice Calc opens it (soffice --headless, each sheet
// converted to CSV with ';' between cells): sheet name → its CSV text. LibreOffice's complaint
// goes into `problem` when it cannot open the file.
struct Sheets {
    std::map<std::string, std::string> csv;
    std::string problem;
};
[[nodiscard]] Sheets openInLibreOffice(const std::filesystem::path& workbook);
// A CSV file as LibreOffice Calc opens it with `;` between cells, in UTF-8, formulas evaluated
// (as a double click in a spreadsheet does), then saved as CSV again: the sheet as shown. The
// one sheet is under the key "book".
[[nodiscard]] Sheets openCsvInLibreOffice(const std::filesystem::path& csv);

// Paths of the source tree and built programs.
[[nodiscard]] std::filesystem::path sourceDir();
[[nodiscard]] std::filesystem::path demoKb();
[[nodiscard]] std::filesystem::path binary(std::string_view name); // build/bin/<name>

} // namespace sufler::test
