#pragma once
// The project's own error type and the diagnostics a loader collects instead of throwing.
#include <stdexcept>
#include <string>
#include <vector>

namespace sufler {

// Thrown at a module's edge after a library error (Xapian, libgit2, SQLite, ...) is translated.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Severity { Warning, Error };

// One problem found in a KB file: printed as `path:line: error: message`.
struct Diagnostic {
    std::string path; // relative to the KB root, '/'-separated
    int line = 0;     // 1-based; 0 when the problem concerns the whole file
    Severity severity = Severity::Error;
    std::string message; // Russian, for the people who write the KB

    [[nodiscard]] std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

[[nodiscard]] bool hasErrors(const Diagnostics& diagnostics);

} // namespace sufler
