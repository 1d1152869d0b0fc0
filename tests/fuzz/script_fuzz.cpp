// Fuzz target: conversation scripts (scripts/*.md), parsed and checked as `sufler lint` and the
// hook do. An input is one script, or several, each after a line `=== scripts/NAME.md`, so that
// ways between scripts are exercised too.
#include "fuzz_support.h"
#include "loader_internal.h"

#include "sufler/kb/paths.h"
#include "sufler/scripts/lint.h"
#include "sufler/scripts/script.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

using namespace sufler;

namespace {

constexpr std::string_view kFileMark = "=== ";

bool isScriptPath(std::string_view path) {
    const std::string_view name = path.substr(std::min(path.size(), std::size_t{8}));
    // The loader lists only such names (kb/paths.h).
    return path.starts_with("scripts/") && name.size() > 3 && name.ends_with(".md") &&
           name.front() != '.' && !kb::nameProblem(name);
}

// The files of an input, as the loader would hand them over (text checked and normalised).
std::vector<kb::ScriptFile> splitFiles(std::string_view input) {
    std::vector<std::pair<std::string, std::string>> raw;
    if (!input.starts_with(kFileMark)) {
        raw.emplace_back("scripts/fuzz.md", std::string(input));
    } else {
        std::size_t pos = 0;
        while (pos < input.size()) {
            const std::size_t nameEnd = std::min(input.find('\n', pos), input.size());
            std::string name(input.substr(pos + kFileMark.size(),
                                          nameEnd - std::min(nameEnd, pos + kFileMark.size())));
            const std::size_t bodyStart = std::min(nameEnd + 1, input.size());
            std::size_t next = input.find(fmt::format("\n{}", kFileMark), bodyStart);
            const std::size_t bodyEnd = next == std::string_view::npos ? input.size() : next + 1;
            if (!isScriptPath(name)) {
                name = fmt::format("scripts/file{}.md", raw.size());
            }
            raw.emplace_back(name, std::string(input.substr(bodyStart, bodyEnd - bodyStart)));
            pos = bodyEnd;
        }
    }
    std::vector<kb::ScriptFile> files;
    for (auto& [name, text] : raw) {
        const std::string& path = name; // clang 14 lambdas cannot capture a structured binding
        Diagnostics ignored;
        const bool taken = std::any_of(files.begin(), files.end(),
                                       [&](const kb::ScriptFile& f) { return f.path == path; });
        if (!taken && kb::detail::normalizeKbText(text, path, ignored)) {
            files.push_back(kb::ScriptFile{path, std::move(text)});
        }
    }
    std::sort(files.begin(), files.end(),
              [](const kb::ScriptFile& a, const kb::ScriptFile& b) { return a.path < b.path; });
    return files;
}

// An error of that file on that line.
bool reportedAt(const Diagnostics& diagnostics, const std::string& path, int line) {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) {
        return d.path == path && d.line == line && d.severity == Severity::Error;
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    kb::KnowledgeBase kb; // no root: links into the KB are not looked up on disk
    kb.scripts = splitFiles(fuzz::bytes(data, size));
    std::map<std::string, int> lines;
    for (const auto& file : kb.scripts) {
        lines[file.path] = fuzz::lineCount(file.source);
    }

    const Diagnostics diagnostics = scripts::lintScripts(kb);
    for (const auto& d : diagnostics) {
        const auto it = lines.find(d.path);
        fuzz::require(it != lines.end(), "a diagnostic names a file that is not there", d.format());
        fuzz::checkDiagnostics({d}, d.path, it->second);
    }

    Diagnostics parseDiagnostics;
    const auto set = scripts::ScriptSet::load(kb.scripts, parseDiagnostics);
    for (const auto& script : set.scripts()) {
        fuzz::require(!script.steps.empty(), "a parsed script without steps", script.path);
        fuzz::require(script.findStep(script.start) != nullptr,
                      "a script starts at a step it does not have", script.path);
        fuzz::checkUtf8(script.title, "a script title");
        for (const auto& step : script.steps) {
            fuzz::require(step.id == script.id + "#" + step.anchor, "a step id is not its anchor",
                          step.id);
            // A step no id can name is one whose heading has been reported.
            fuzz::require(set.findStep(step.id) == &step ||
                              reportedAt(parseDiagnostics, script.path, step.line),
                          "a step is not found by its id, and nothing said so", step.id);
            fuzz::checkUtf8(step.title, "a step title");
            for (const auto& words : step.words) {
                fuzz::checkUtf8(words.text, "words to say");
            }
            for (const auto& way : step.ways) {
                // A way either leads to a step or has been reported.
                if (set.findStep(way.target) == nullptr) {
                    fuzz::require(reportedAt(parseDiagnostics, script.path, way.line),
                                  "a way to nowhere without an error",
                                  fmt::format("{}:{}: {}", script.path, way.line, way.href));
                }
            }
        }
    }
    return 0;
}
