#pragma once
// A small KB written into a temporary folder, for the kb tests.
#include "temp_dir.h"

#include "sufler/kb/kb.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace sufler::test {

inline constexpr std::string_view kProfile = "organization: Министерство труда Энской области\n";

inline constexpr std::string_view kFamiliesIndex = R"(---
title: Отдел социальных выплат семьям с детьми
head: Иванова Мария Петровна
phone: "(8000) 00-00-01"
editors: [ivanova@minsoc.example, petrov@minsoc.example]
reviewed: 2026-10-14
---

Отдел назначает и выплачивает региональные пособия семьям с детьми.
)";

// A KB with one department, `families`, and its index.md.
inline void writeMinimalKb(const TempDir& dir) {
    dir.write("sufler.yaml", kProfile);
    dir.write("departments/families/index.md", kFamiliesIndex);
}

// Diagnostics that name a file, formatted (`path:line: error: …`).
inline std::vector<std::string> formatted(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        out.push_back(d.format());
    }
    return out;
}

inline bool hasDiagnostic(const Diagnostics& diagnostics, std::string_view path, int line,
                          Severity severity) {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
        return d.path == path && d.line == line && d.severity == severity;
    });
}

} // namespace sufler::test
