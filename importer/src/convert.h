#pragma once
// The converters the import drives: LibreOffice (.doc/.odt/.xls → .docx/.xlsx), pandoc (.docx →
// GitHub Markdown, images extracted), pdftotext. Each returns what it made or a reason in
// Russian for the report; none throws for a bad document.
#include "process.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace sufler::importer::detail {

struct Limits {
    ProcessLimits process;
    std::uint64_t unpackedBytes = 200ull * 1024 * 1024;
    std::uint64_t textBytes = 4ull * 1024 * 1024;
};

// Why a .docx/.xlsx (a zip) must not be opened: not a zip at all, damaged, encrypted (an Office
// file with a password is an OLE container, not a zip), or unpacking to more than the limit;
// nullopt when it may.
[[nodiscard]] std::optional<std::string> zipProblem(const std::filesystem::path& file,
                                                    std::uint64_t unpackedLimit);

// An OLE container (old .doc/.xls, or a new Office file encrypted with a password), and whether
// it is the latter.
[[nodiscard]] bool isOleContainer(const std::filesystem::path& file);
[[nodiscard]] bool isEncryptedOffice(const std::filesystem::path& file);

// The file converted by LibreOffice into `outDir` as `format` (docx, xlsx); the new file or a
// reason. `profileDir` is a LibreOffice user profile of this run (runs may go in parallel).
struct Made {
    std::filesystem::path file;
    std::string text;
    std::string problem; // empty on success
};
[[nodiscard]] Made convertWithOffice(const std::filesystem::path& input, const std::string& format,
                                     const std::filesystem::path& outDir,
                                     const std::filesystem::path& profileDir, const Limits& limits);

// A .docx as GitHub-flavoured Markdown (no line wrapping), images extracted under `mediaDir`.
[[nodiscard]] Made docxToMarkdown(const std::filesystem::path& docx,
                                  const std::filesystem::path& mediaDir, const Limits& limits);

// The text of a PDF (`pdftotext -layout`); a problem when it holds no text (a scan).
[[nodiscard]] Made pdfToText(const std::filesystem::path& pdf, const Limits& limits);

// What a failed run of `program` says, for the report.
[[nodiscard]] std::string failureOf(const std::string& program, const ProcessResult& run,
                                    const Limits& limits);

} // namespace sufler::importer::detail
