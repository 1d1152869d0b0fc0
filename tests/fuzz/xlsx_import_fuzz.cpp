// Fuzz target: `sufler journal import` of an xlsx register, into a real journal; each import is
// rolled back afterwards.
//
// An input that starts with `PK` is the xlsx file itself (the zip container is fuzzed). Any
// other input is a list of parts, each after a line `=== NAME` (`=== xl/workbook.xml`, …),
// which is zipped without compression before the import: mutations of a deflated zip rarely
// get past its checksums, so this is how the XML of the sheets gets fuzzed.
#include "fuzz_support.h"

#include <fmt/format.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace sufler;

namespace {

constexpr std::string_view kPartMark = "=== ";

struct Part {
    std::string name;
    std::string_view content;
};

std::vector<Part> splitParts(std::string_view input) {
    std::vector<Part> parts;
    std::size_t pos = 0;
    while (pos < input.size() && input.substr(pos).starts_with(kPartMark)) {
        const std::size_t nameEnd = std::min(input.find('\n', pos), input.size());
        std::string name(input.substr(pos + kPartMark.size(), nameEnd - pos - kPartMark.size()));
        const std::size_t bodyStart = std::min(nameEnd + 1, input.size());
        const std::size_t next = input.find(fmt::format("\n{}", kPartMark), bodyStart);
        const std::size_t bodyEnd = next == std::string_view::npos ? input.size() : next + 1;
        parts.push_back(Part{std::move(name), input.substr(bodyStart, bodyEnd - bodyStart)});
        pos = bodyEnd;
    }
    return parts;
}

// The parts as a zip of stored (uncompressed) members, as minizip writes it.
std::string zipParts(const std::vector<Part>& parts, const std::filesystem::path& scratch) {
    zipFile zip = zipOpen64(scratch.c_str(), APPEND_STATUS_CREATE);
    fuzz::require(zip != nullptr, "minizip cannot create", scratch.string());
    for (const auto& part : parts) {
        zip_fileinfo info{};
        if (zipOpenNewFileInZip64(zip, part.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, 0,
                                  0, 0) != ZIP_OK) {
            continue; // a name minizip refuses
        }
        zipWriteInFileInZip(zip, part.content.data(), static_cast<unsigned>(part.content.size()));
        zipCloseFileInZip(zip);
    }
    zipClose(zip, nullptr);
    std::ifstream in(scratch, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz::ImportBench bench("register.xlsx");
    static const std::filesystem::path scratch = bench.dir() / "parts.zip";
    const std::string input = fuzz::bytes(data, size);
    if (input.starts_with("PK")) {
        bench.run(input);
    } else {
        bench.run(zipParts(splitParts(input), scratch));
        std::error_code ec;
        std::filesystem::remove(scratch, ec);
    }
    return 0;
}
