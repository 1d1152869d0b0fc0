// Running the converters with limits, and looking into a zip before anything unpacks it.
#include "convert.h"

#include "sufler/core/text.h"

#include <fmt/format.h>
#include <unzip.h>

#include <fstream>

namespace sufler::importer::detail {

namespace fs = std::filesystem;

namespace {

class UnzipFile {
public:
    explicit UnzipFile(const fs::path& path) : m_zip(unzOpen64(path.c_str())) {}
    ~UnzipFile() {
        if (m_zip != nullptr) {
            unzClose(m_zip);
        }
    }
    UnzipFile(const UnzipFile&) = delete;
    UnzipFile& operator=(const UnzipFile&) = delete;
    [[nodiscard]] unzFile get() const { return m_zip; }

private:
    unzFile m_zip;
};

std::string firstBytes(const fs::path& file, std::size_t n) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes(n, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(n));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

std::string mb(std::uint64_t bytes) {
    return fmt::format("{} МБ", (bytes + 1024 * 1024 - 1) / (1024 * 1024));
}

std::string firstLine(std::string_view text) {
    const std::string_view t = core::trim(text);
    const auto end = t.find('\n');
    return core::toValidUtf8(core::trim(t.substr(0, end == std::string_view::npos ? 300 : end)));
}

} // namespace

bool isOleContainer(const fs::path& file) {
    return firstBytes(file, 4) == "\xD0\xCF\x11\xE0";
}

bool isEncryptedOffice(const fs::path& file) {
    // An OOXML file with a password is an OLE container holding the stream «EncryptedPackage»;
    // its name is in the container's directory in UTF-16LE.
    std::ifstream in(file, std::ios::binary);
    std::string bytes(1024 * 1024, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    std::string wanted;
    for (char c : std::string_view("EncryptedPackage")) {
        wanted.push_back(c);
        wanted.push_back('\0');
    }
    return bytes.find(wanted) != std::string::npos;
}

std::string failureOf(const std::string& program, const ProcessResult& run, const Limits& limits) {
    if (run.notFound) {
        return fmt::format("не установлена программа {}", program);
    }
    if (run.timedOut) {
        return fmt::format("{} не справилась за {} с — документ слишком большой или повреждён",
                           program, limits.process.time.count());
    }
    if (run.tooMuchOutput) {
        return fmt::format("{} выдала больше {} — документ слишком большой, разделите его", program,
                           mb(limits.process.outputBytes));
    }
    const std::string said = firstLine(run.errors);
    return said.empty() ? fmt::format("{} завершилась с кодом {}", program, run.exitCode)
                        : fmt::format("{}: {}", program, said);
}

std::optional<std::string> zipProblem(const fs::path& file, std::uint64_t unpackedLimit) {
    const std::string head = firstBytes(file, 8);
    if (isOleContainer(file)) {
        return std::string(isEncryptedOffice(file)
                               ? "документ защищён паролем (зашифрованный файл Office) — снимите "
                                 "пароль и сохраните заново"
                               : "файл старого формата Office под новым расширением");
    }
    if (head.rfind("PK", 0) != 0) {
        return std::string("файл повреждён: это не документ Office (не zip-архив)");
    }
    UnzipFile zip(file);
    if (zip.get() == nullptr) {
        return std::string("файл повреждён: не открывается как zip-архив");
    }
    std::uint64_t total = 0;
    int rc = unzGoToFirstFile(zip.get());
    while (rc == UNZ_OK) {
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(zip.get(), &info, nullptr, 0, nullptr, 0, nullptr, 0) !=
            UNZ_OK) {
            return std::string("файл повреждён: оглавление архива не читается");
        }
        if ((info.flag & 1u) != 0) {
            return std::string("документ защищён паролем (части архива зашифрованы)");
        }
        total += info.uncompressed_size;
        if (total > unpackedLimit) {
            return fmt::format("в распакованном виде больше {} (возможно, «zip-бомба») — не "
                               "открывается",
                               mb(unpackedLimit));
        }
        rc = unzGoToNextFile(zip.get());
    }
    if (rc != UNZ_END_OF_LIST_OF_FILE) {
        return std::string("файл повреждён: оглавление архива не читается");
    }
    return std::nullopt;
}

Made convertWithOffice(const fs::path& input, const std::string& format, const fs::path& outDir,
                       const fs::path& profileDir, const Limits& limits) {
    Made made;
    std::error_code ec;
    fs::create_directories(outDir, ec);
    // Absolute paths only: a name beginning with '-' is never taken for an option.
    const ProcessResult run =
        runProcess({"soffice", "-env:UserInstallation=file://" + fs::absolute(profileDir).string(),
                    "--headless", "--norestore", "--convert-to", format, "--outdir",
                    fs::absolute(outDir).string(), fs::absolute(input).string()},
                   limits.process);
    made.file = outDir / (input.stem().string() + "." + format);
    if (!run.ok() || !fs::is_regular_file(made.file, ec)) {
        made.problem = run.ok() || run.exitCode == 1
                           ? std::string("LibreOffice не смог открыть документ (повреждён, защищён "
                                         "паролем или в неизвестном формате)")
                           : failureOf("LibreOffice", run, limits);
        if (run.ok() && !firstLine(run.errors).empty()) {
            made.problem += ": " + firstLine(run.errors);
        }
    }
    return made;
}

namespace {

// A converter that prints the document's text, its output held to the KB file's limit.
Made textOf(const std::vector<std::string>& argv, const std::string& program,
            const Limits& limits) {
    Made made;
    ProcessLimits processLimits = limits.process;
    processLimits.outputBytes = limits.textBytes;
    const ProcessResult run = runProcess(argv, processLimits);
    if (!run.ok()) {
        made.problem = run.tooMuchOutput
                           ? fmt::format("документ слишком большой: больше {} текста (предел "
                                         "файла базы знаний) — разделите его на части",
                                         mb(limits.textBytes))
                           : failureOf(program, run, limits);
        return made;
    }
    made.text = run.output;
    return made;
}

} // namespace

Made docxToMarkdown(const fs::path& docx, const fs::path& mediaDir, const Limits& limits) {
    return textOf({"pandoc", "--from=docx", "--to=gfm", "--wrap=none",
                   "--extract-media=" + fs::absolute(mediaDir).string(),
                   fs::absolute(docx).string()},
                  "pandoc", limits);
}

Made pdfToText(const fs::path& pdf, const Limits& limits) {
    Made made = textOf({"pdftotext", "-layout", "-enc", "UTF-8", fs::absolute(pdf).string(), "-"},
                       "pdftotext", limits);
    if (!made.problem.empty()) {
        return made;
    }
    const std::string& output = made.text;
    std::string letters;
    for (char c : output) {
        if (!std::isspace(static_cast<unsigned char>(c)) && c != '\f') {
            letters.push_back(c);
        }
    }
    if (letters.size() < 20) {
        made.problem = "в PDF нет текста (скан или картинки) — не перенесён; наберите ответы "
                       "вручную или распознайте скан";
        made.text.clear();
    }
    return made;
}

} // namespace sufler::importer::detail
