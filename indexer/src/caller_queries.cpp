// The callers' queries kept beside the index (`<index>.callers.tsv`, written by `sufler suggest
// --signal`): a weak ranking signal read at each update.
#include "index_folder.h"
#include "schema.h"

#include "sufler/core/error.h"
#include "sufler/indexer/search.h"
#include "sufler/indexer/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sufler::indexer {

namespace detail {

// The callers' queries beside the index; a line that is not `id<TAB>query` is reported and
// skipped, the rest is used.
detail::CallerQueries readCallerQueries(const fs::path& dbDir, Diagnostics& diagnostics) {
    detail::CallerQueries callers;
    const fs::path file = callerQueriesFile(dbDir);
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return callers;
    }
    std::set<std::pair<std::string, std::string>> seen;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            continue;
        }
        const auto tab = line.find('\t');
        if (tab == std::string::npos || tab == 0 || tab + 1 == line.size()) {
            diagnostics.push_back({file.string(), number, Severity::Warning,
                                   "запросы абонентов: нужна строка «запись<TAB>запрос» — "
                                   "строка пропущена"});
            continue;
        }
        std::string id = line.substr(0, tab);
        std::string query = line.substr(tab + 1);
        if (seen.emplace(id, text::fold(query)).second) {
            callers[id].push_back(std::move(query));
        }
    }
    return callers;
}

} // namespace detail

fs::path callerQueriesFile(const fs::path& dbDir) {
    const fs::path folder = detail::indexFolder(dbDir);
    return folder.parent_path() / (folder.filename().string() + ".callers.tsv");
}

void writeCallerQueries(const fs::path& dbDir, const std::vector<CallerQuery>& queries) {
    const fs::path file = callerQueriesFile(dbDir);
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    const fs::path temporary = file.string() + fmt::format(".tmp-{}", ::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        for (const auto& query : queries) {
            // One line each: what would cut it is a space here.
            auto clean = [](std::string s) {
                std::replace_if(
                    s.begin(), s.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; },
                    ' ');
                return s;
            };
            const std::string id = clean(query.entryId);
            const std::string text = clean(query.query);
            if (!id.empty() && text.find_first_not_of(' ') != std::string::npos) {
                out << id << '\t' << text << '\n';
            }
        }
        out.flush();
        if (!out) {
            fs::remove(temporary, ec);
            throw Error(fmt::format("{}: запросы абонентов не записаны", file.string()));
        }
    }
    fs::rename(temporary, file, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw Error(
            fmt::format("{}: запросы абонентов не записаны: {}", file.string(), ec.message()));
    }
}
} // namespace sufler::indexer
