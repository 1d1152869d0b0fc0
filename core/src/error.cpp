#include "sufler/core/error.h"

#include <algorithm>
#include <fmt/format.h>

namespace sufler {

std::string Diagnostic::format() const {
    const char* level = severity == Severity::Error ? "error" : "warning";
    if (line > 0) {
        return fmt::format("{}:{}: {}: {}", path, line, level, message);
    }
    return fmt::format("{}: {}: {}", path, level, message);
}

bool hasErrors(const Diagnostics& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

} // namespace sufler
