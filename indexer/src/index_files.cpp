// The index's files as the indexer and the searcher check them: sizes recorded after each
// commit, the errors that mean damage, keys that always fit.
#include "schema.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace sufler::indexer::detail {

std::string fileMetaKey(std::string_view path) {
    std::string key(kMetaFilePrefix);
    key += path;
    return boundedTerm(std::move(key));
}

void recordTableSizes(const fs::path& dir) {
    std::string text;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".glass") {
            std::error_code sizeError;
            const auto size = it->file_size(sizeError);
            if (!sizeError) {
                text += fmt::format("{} {}\n", it->path().filename().string(), size);
            }
        }
    }
    // Written whole or not at all: a reader never sees half a list.
    const fs::path temporary = dir / (std::string(kSizesFile) + ".tmp");
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) {
            return; // the check is an extra: an index without the list still works
        }
    }
    fs::rename(temporary, dir / kSizesFile, ec);
}

std::optional<std::string> shortenedTable(const fs::path& dir) {
    std::ifstream in(dir / kSizesFile);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string name;
        std::uintmax_t recorded = 0;
        if (!(fields >> name >> recorded) || name.find('/') != std::string::npos) {
            continue;
        }
        std::error_code ec;
        const auto size = fs::file_size(dir / name, ec);
        if (ec) {
            return fmt::format("нет файла индекса {}", name);
        }
        if (size < recorded) {
            return fmt::format("файл индекса {} короче, чем его оставила последняя запись: "
                               "{} байт из {}",
                               name, size, recorded);
        }
    }
    return std::nullopt;
}

bool isDamage(const Xapian::Error& error) {
    // Xapian's errors are told apart by name (they have no virtual functions to cast with).
    // Corrupt, or a plain DatabaseError: "EOF reading block", a short read, a bad block. Its
    // subclasses mean locked, moved on by a writer, closed, missing or of another version.
    const std::string_view type = error.get_type();
    return type == "DatabaseCorruptError" || type == "DatabaseError";
}

} // namespace sufler::indexer::detail
