// `sufler index` and `sufler search`: build or update the index, and query it.
#include "cli/commands.h"
#include "cli/common.h"

#include "sufler/core/error.h"
#include "sufler/indexer/search.h"
#include "sufler/kb/model.h"
#include "sufler/scripts/script.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sufler::cli {
namespace {

struct IndexArgs {
    std::string kb;
    std::string db;
    bool check = false;
    unsigned jobs = 0; // 0: one a core
};

struct SearchArgs {
    std::string kb;
    std::string db;
    std::string department;
    std::string kind;
    std::size_t limit = 10;
    bool json = false;
    bool fromStdin = false;
    std::vector<std::string> words;
};

std::filesystem::path dbDirFor(const std::filesystem::path& kbRoot, const std::string& db) {
    return db.empty() ? indexer::defaultDbDir(kbRoot) : std::filesystem::absolute(db);
}

nlohmann::ordered_json toJson(const indexer::SearchResult& result) {
    nlohmann::ordered_json j;
    j["query"] = result.query;
    j["corrected"] = result.corrected ? nlohmann::ordered_json(*result.corrected) : nullptr;
    j["total"] = result.total;
    // How much of the question the first hit holds; below the threshold the KB has no answer.
    j["confidence"] = result.confidence;
    j["no_answer"] = result.noAnswer();
    j["hits"] = nlohmann::ordered_json::array();
    for (const auto& hit : result.hits) {
        nlohmann::ordered_json h;
        h["id"] = hit.id;
        h["kind"] = std::string(kb::kindName(hit.kind));
        h["department"] = hit.department;
        h["title"] = hit.title;
        h["snippet"] = hit.snippet;
        h["path"] = hit.path;
        h["line"] = hit.line;
        h["score"] = hit.score;
        j["hits"].push_back(std::move(h));
    }
    return j;
}

// The searcher of `sufler search`: an index found damaged — on opening or by a query — is
// rebuilt once and the query asked again; damaged twice, the command fails with the reason,
// never with an empty answer.
class RepairingSearcher {
public:
    RepairingSearcher(std::filesystem::path root, std::filesystem::path dbDir)
        : m_root(std::move(root)), m_dbDir(std::move(dbDir)) {
        try {
            m_searcher.emplace(m_dbDir);
        } catch (const indexer::IndexDamaged& e) {
            repair(e);
        }
    }

    [[nodiscard]] indexer::SearchResult search(const std::string& query,
                                               const indexer::SearchOptions& options) {
        try {
            return m_searcher->search(query, options);
        } catch (const indexer::IndexDamaged& e) {
            if (m_repaired) {
                throw;
            }
            repair(e);
            return m_searcher->search(query, options);
        }
    }

private:
    void repair(const indexer::IndexDamaged& damage) {
        if (m_repaired) {
            throw damage;
        }
        m_repaired = true;
        fmt::print(stderr, "sufler: {} — индекс строится заново\n", damage.what());
        Diagnostics diagnostics;
        indexer::UpdateOptions options;
        options.rebuild = damage.what();
        indexer::updateIndex(m_root, m_dbDir, diagnostics, options);
        m_searcher.reset();
        m_searcher.emplace(m_dbDir);
    }

    std::filesystem::path m_root;
    std::filesystem::path m_dbDir;
    std::optional<indexer::Searcher> m_searcher;
    bool m_repaired = false;
};

// A snippet for the terminal: marks in bold (or «» when piped), HTML entities decoded.
std::string plainSnippet(std::string s, bool colour) {
    auto replaceAll = [&](const std::string& from, const std::string& to) {
        for (std::size_t at = s.find(from); at != std::string::npos;
             at = s.find(from, at + to.size())) {
            s.replace(at, from.size(), to);
        }
    };
    replaceAll("<mark>", colour ? "\033[1;33m" : "[");
    replaceAll("</mark>", colour ? "\033[0m" : "]");
    replaceAll("&lt;", "<");
    replaceAll("&gt;", ">");
    replaceAll("&quot;", "\"");
    replaceAll("&amp;", "&");
    return s;
}

// The title of the KB's script for questions out of the ministry's competence, when it has one.
std::optional<std::string> outOfCompetenceScript(const std::filesystem::path& root) {
    std::ifstream in(root / "scripts" / (std::string(scripts::kOutOfCompetence) + ".md"));
    std::string line;
    while (in && std::getline(in, line)) {
        if (line.rfind("# ", 0) == 0) {
            return line.substr(2);
        }
    }
    return std::nullopt;
}

// A question the KB has no answer to: said so, with the out-of-competence script and the
// agencies of directory/ that the question names, before the entries that merely resemble it.
void printNoAnswer(const indexer::SearchResult& result, const std::filesystem::path& root,
                   RepairingSearcher& searcher) {
    fmt::print("\nВ базе нет ответа (уверенность {:.0f} %).\n", result.confidence * 100);
    if (auto script = outOfCompetenceScript(root)) {
        fmt::print("Сценарий «{}»: sufler script run {}\n", *script, scripts::kOutOfCompetence);
    }
    int shown = 0;
    for (const auto& hit : searcher.search(result.query, indexer::agencySearch()).hits) {
        if (shown++ == 0) {
            fmt::print("Ведомства из справочника:\n");
        }
        fmt::print("  {} · {}\n", hit.title, plainSnippet(hit.snippet, false));
    }
    if (!result.hits.empty()) {
        fmt::print("\nПохожие записи — ответа в них может не быть:\n");
    }
}

void printText(const indexer::SearchResult& result, const std::filesystem::path& root,
               RepairingSearcher& searcher) {
    bool colour = stdoutIsTerminal();
    if (result.corrected) {
        fmt::print("Искали: {}\n", *result.corrected);
    }
    std::string facets;
    for (const auto& [department, count] : result.byDepartment) {
        facets += fmt::format("{}{} {}", facets.empty() ? "" : ", ",
                              department.empty() ? "справочник" : department, count);
    }
    fmt::print("Найдено: {}{}\n", result.total, facets.empty() ? "" : " (" + facets + ")");
    if (result.confidence < indexer::kNoAnswerBelow) {
        printNoAnswer(result, root, searcher);
    }
    int n = 0;
    for (const auto& hit : result.hits) {
        fmt::print("\n{}. {}\n   {} · {} · {}:{}\n", ++n, hit.title, kb::kindTitleRu(hit.kind),
                   hit.department.empty() ? "справочник" : hit.department, hit.path, hit.line);
        if (!hit.snippet.empty()) {
            fmt::print("   {}\n", plainSnippet(hit.snippet, colour));
        }
    }
}

// Builds or updates the index so that a first `sufler search` just works. When another
// process holds the write lock, an existing whole index is searched as it is; without one the
// update's failure is the answer.
void ensureIndex(const std::filesystem::path& root, const std::filesystem::path& dbDir) {
    Diagnostics diagnostics;
    std::exception_ptr failure;
    try {
        indexer::updateIndex(root, dbDir, diagnostics);
        return;
    } catch (const Error&) {
        failure = std::current_exception();
    }
    try {
        indexer::Searcher existing(dbDir);
    } catch (const indexer::IndexDamaged&) {
        // searched all the same: RepairingSearcher rebuilds it
    } catch (const Error&) {
        std::rethrow_exception(failure);
    }
}

} // namespace

void registerSearchCommands(CLI::App& app, Outcome& outcome) {
    auto indexArgs = std::make_shared<IndexArgs>();
    CLI::App* index = app.add_subcommand("index", "построить или обновить поисковый индекс");
    addKbOption(index, indexArgs->kb);
    index->add_option("--db", indexArgs->db, "папка индекса (по умолчанию — в кэше пользователя)");
    index->add_flag("--check", indexArgs->check,
                    "сначала прочитать весь индекс и, если он повреждён, построить заново");
    index
        ->add_option("--jobs", indexArgs->jobs,
                     "сколько потоков строят индекс заново (по умолчанию — по числу ядер)")
        ->check(CLI::Range(1, 256));
    index->callback([indexArgs, &outcome] {
        auto root = resolveKb(indexArgs->kb);
        auto dbDir = dbDirFor(root, indexArgs->db);
        Diagnostics diagnostics;
        indexer::UpdateOptions options;
        options.verify = indexArgs->check;
        options.jobs = indexArgs->jobs;
        auto stats = indexer::updateIndex(root, dbDir, diagnostics, options);
        for (const auto& d : diagnostics) {
            fmt::print(stderr, "{}\n", d.format());
        }
        if (!stats.damage.empty()) {
            fmt::print("Индекс {} был повреждён ({}): построен заново в новой папке и поставлен "
                       "на место старого\n",
                       dbDir.string(), stats.damage);
        }
        fmt::print("Индекс {}: записей {}; прочитано файлов {}, удалено {}{}\n", dbDir.string(),
                   stats.entries, stats.filesRead, stats.filesRemoved,
                   stats.rebuilt ? " (построен заново)" : "");
        outcome.exitCode = 0;
    });

    auto args = std::make_shared<SearchArgs>();
    CLI::App* search = app.add_subcommand("search", "найти записи базы знаний");
    addKbOption(search, args->kb);
    search->add_option("--db", args->db, "папка индекса (по умолчанию — в кэше пользователя)");
    search->add_option("--department", args->department, "только этот отдел (slug)");
    search->add_option("--kind", args->kind,
                       "только этот вид: faq, template, contact, npa, case, note, department");
    search->add_option("--limit", args->limit, "сколько результатов показать")
        ->check(CLI::Range(1, 1000));
    search->add_flag("--json", args->json, "ответ в JSON");
    search->add_flag("--stdin", args->fromStdin,
                     "читать запросы построчно со стандартного ввода, отвечать строкой JSON");
    search->add_option("query", args->words, "запрос");
    search->callback([args, &outcome] {
        auto root = resolveKb(args->kb);
        indexer::SearchOptions options;
        options.department = args->department;
        options.limit = args->limit;
        if (!args->kind.empty()) {
            options.kind = kb::parseKind(args->kind);
            if (!options.kind) {
                throw Error(fmt::format("--kind {}: нет такого вида записей", args->kind));
            }
        }
        std::string query;
        for (const auto& word : args->words) {
            query += (query.empty() ? "" : " ") + word;
        }
        if (!args->fromStdin && query.empty()) {
            throw Error("нет запроса: укажите его после параметров или используйте --stdin");
        }
        auto dbDir = dbDirFor(root, args->db);
        ensureIndex(root, dbDir);
        RepairingSearcher searcher(root, dbDir);
        if (args->fromStdin) {
            std::string line;
            while (std::getline(std::cin, line)) {
                if (!line.empty() && line.back() == '\r') {
                    line.pop_back();
                }
                auto result = searcher.search(line, options);
                std::string out =
                    toJson(result).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                std::fwrite(out.data(), 1, out.size(), stdout);
                std::fputc('\n', stdout);
                std::fflush(stdout);
            }
            outcome.exitCode = 0;
            return;
        }
        auto result = searcher.search(query, options);
        if (args->json) {
            fmt::print("{}\n", toJson(result).dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace));
        } else {
            printText(result, root, searcher);
        }
        outcome.exitCode = 0;
    });
}

} // namespace sufler::cli
