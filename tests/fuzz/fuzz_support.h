#pragma once
// What the fuzz targets share: the promises a parser makes about what it returns for any input
// (checked, and a broken one stops the run like a crash), and the journal the import targets
// write into.
#include "sufler/journal/import.h"
#include "sufler/journal/journal.h"
#include "sufler/kb/model.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace sufler::fuzz {

// Stops the process with the reason on stderr, so libFuzzer keeps the input as a crash.
[[noreturn]] void fail(std::string_view what, std::string_view detail = {});

inline void require(bool condition, std::string_view what, std::string_view detail = {}) {
    if (!condition) {
        fail(what, detail);
    }
}

[[nodiscard]] inline std::string bytes(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// Lines of a text as an editor shows them: LF, CRLF and a lone CR each end a line, an empty
// text has line 1, and a final line break opens one more line.
[[nodiscard]] int lineCount(std::string_view text);

// Every diagnostic names `path`, a line between 0 (the whole file) and `lines`, and says
// something in valid UTF-8 (the CLI prints it and `--json` serialises it).
void checkDiagnostics(const Diagnostics& diagnostics, std::string_view path, int lines);

// Text shown to people or serialised to JSON must be valid UTF-8.
void checkUtf8(std::string_view text, std::string_view what);

// A journal in a temp folder of its own, and the file a register is written to before import.
// Each import runs in a transaction that is rolled back, so every input meets the same empty
// journal.
class ImportBench {
public:
    explicit ImportBench(std::string_view fileName);
    ~ImportBench();
    ImportBench(const ImportBench&) = delete;
    ImportBench& operator=(const ImportBench&) = delete;

    // Writes `content` as the register and imports it; checks what the import promises.
    void run(std::string_view content);
    // The bench's own temp folder, for scratch files.
    [[nodiscard]] const std::filesystem::path& dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
    std::filesystem::path m_file;
    journal::ReferenceLists m_lists;
    std::unique_ptr<journal::Journal> m_journal;
};

} // namespace sufler::fuzz
