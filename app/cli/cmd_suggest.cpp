// `sufler suggest`: the wordings callers use that the KB does not know yet, learnt from the
// call journal, and `--accept`, which commits one into the entry's «Также спрашивают».
//
// A call answered (survey: «да») with an entry of the department taught something when a query
// typed during that call did not find the entry among the first three: that query is how
// callers ask for it. The journal keeps the queries of a call that found nothing (empty
// searches); those are re-run against today's index, so a wording the KB has learnt since is
// not proposed again.
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/journal_options.h"
#include "cli/suggestions.h"

#include "sufler/core/error.h"
#include "sufler/core/text.h"
#include "sufler/indexer/search.h"
#include "sufler/kb/git.h"
#include "sufler/kb/kb.h"
#include "sufler/kb/review.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace sufler::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kOtherWordings = "Также спрашивают:";
constexpr std::size_t kFoundWithin = 3; // a query that finds the entry this high teaches nothing

std::size_t characters(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80; // not a UTF-8 continuation byte
    }));
}

// The query without personal data: phone-like runs of digits (journal::stripPhoneNumbers) and
// the words of the caller's name on the card. Empty when too little is left.
std::string withoutPersonalData(const std::string& query, const std::string& callerName) {
    std::set<std::string> nameWords;
    for (const auto& word : core::splitTrimmed(core::toLowerUtf8(callerName), ' '))
        nameWords.insert(word);
    std::string text;
    for (const auto& word : core::splitTrimmed(journal::stripPhoneNumbers(query), ' '))
        if (nameWords.count(core::toLowerUtf8(word)) == 0)
            text += (text.empty() ? "" : " ") + word;
    // «;» separates the wordings of the list
    std::replace(text.begin(), text.end(), ';', ',');
    return characters(text) >= 3 ? text : std::string();
}

struct Wording {
    std::string text;
    std::set<journal::CallId> calls;
};

struct EntrySuggestions {
    const kb::Entry* entry = nullptr;
    std::vector<Wording> wordings; // most calls first
};

// The wordings of `slug`'s entries (every department's when empty) that answered calls were reached
// with only after other queries; ranked by how many distinct calls used them.
std::vector<EntrySuggestions> collect(const kb::KnowledgeBase& base,
                                      const journal::Journal& journal, indexer::Searcher& searcher,
                                      const std::string& slug, const journal::Period& period) {
    std::map<journal::CallId, std::vector<std::string>> queriesByCall;
    for (const auto& search : journal.emptySearches({}, period))
        if (search.callId)
            queriesByCall[*search.callId].push_back(search.query);
    // The queries typed and the entry then opened from their results (the search log).
    std::map<journal::CallId, std::vector<std::pair<std::string, std::string>>> opened;
    for (const auto& use : journal.searchUses({}, period))
        if (use.callId)
            opened[*use.callId].emplace_back(use.entryId, use.query);
    std::map<std::string, std::map<std::string, Wording>> byEntry; // id → lowercase → wording
    std::map<std::string, bool> foundCache; // entry id + '\n' + query → found in the top 3
    for (const auto& call : journal.incomingCalls(period)) {
        if (call.survey.answered != journal::Answered::Yes)
            continue;
        // What this call teaches: each query that found nothing, for each entry that answered
        // it; each query an entry was opened from, for that entry.
        std::vector<std::pair<std::string, std::string>> pairs;
        if (const auto queries = queriesByCall.find(call.id); queries != queriesByCall.end())
            for (const auto& id : call.entriesUsed)
                for (const auto& typed : queries->second)
                    pairs.emplace_back(id, typed);
        if (const auto uses = opened.find(call.id); uses != opened.end())
            pairs.insert(pairs.end(), uses->second.begin(), uses->second.end());
        for (const auto& [id, typed] : pairs) {
            const kb::Entry* entry = base.findEntry(id);
            if (entry == nullptr || (!slug.empty() && entry->department != slug) ||
                entry->kind != kb::EntryKind::Faq)
                continue;
            {
                const std::string wording = withoutPersonalData(typed, call.callerName);
                if (wording.empty())
                    continue;
                const std::string key = core::toLowerUtf8(wording);
                bool known = core::toLowerUtf8(entry->title) == key;
                for (const auto& other : entry->otherWordings)
                    known = known || core::toLowerUtf8(other) == key;
                if (known)
                    continue;
                auto [cached, fresh] = foundCache.try_emplace(id + '\n' + key, false);
                if (fresh) {
                    indexer::SearchOptions options;
                    options.asYouType = false;
                    options.facets = false;
                    options.limit = kFoundWithin;
                    options.callerWords = false; // what the entry's own text finds
                    for (const auto& hit : searcher.search(wording, options).hits)
                        cached->second = cached->second || hit.id == id;
                }
                if (cached->second)
                    continue;
                Wording& slot = byEntry[id][key];
                if (slot.text.empty())
                    slot.text = wording;
                slot.calls.insert(call.id);
            }
        }
    }
    std::vector<EntrySuggestions> result;
    for (auto& [id, wordings] : byEntry) {
        EntrySuggestions item;
        item.entry = base.findEntry(id);
        for (auto& [key, wording] : wordings)
            item.wordings.push_back(std::move(wording));
        std::stable_sort(
            item.wordings.begin(), item.wordings.end(),
            [](const Wording& a, const Wording& b) { return a.calls.size() > b.calls.size(); });
        result.push_back(std::move(item));
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const EntrySuggestions& a, const EntrySuggestions& b) {
                         return a.wordings.front().calls.size() > b.wordings.front().calls.size();
                     });
    return result;
}

// The file's text with `wording` added to the «Также спрашивают» of the section whose heading
// is on line `line` (1-based): to its list when it has one, else as a new blockquote right
// under the heading.
std::string addWording(const std::string& text, int line, const std::string& wording,
                       const std::string& path) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    if (line < 1 || static_cast<std::size_t>(line) > lines.size() ||
        lines[static_cast<std::size_t>(line) - 1].rfind("#", 0) != 0)
        throw Error(fmt::format("{}:{}: здесь нет заголовка записи — файл изменился после "
                                "индексации, повторите",
                                path, line));
    std::size_t at = static_cast<std::size_t>(line);
    while (at < lines.size() && core::trim(lines[at]).empty())
        ++at;
    if (at < lines.size() && lines[at].rfind("> " + std::string(kOtherWordings), 0) == 0) {
        while (at + 1 < lines.size() && lines[at + 1].rfind(">", 0) == 0 &&
               !core::trim(lines[at + 1].substr(1)).empty())
            ++at;
        std::string& last = lines[at];
        while (!last.empty() && (last.back() == ' ' || last.back() == ';'))
            last.pop_back();
        last += "; " + wording;
    } else {
        const auto heading = lines.begin() + line;
        lines.insert(heading, {"", "> " + std::string(kOtherWordings) + " " + wording});
    }
    std::string out;
    for (const auto& l : lines)
        out += l + '\n';
    return out;
}

kb::git::Person personNow(const kb::Entry& entry, const std::string& author,
                          const kb::git::Repository& repo) {
    if (!author.empty()) {
        const auto identity = kb::parseIdentity(author);
        if (!identity)
            throw Error(fmt::format("--author «{}»: нужно в виде «Имя <email>»", author));
        return kb::git::personNow(identity->first, identity->second);
    }
    if (auto configured = repo.configuredPerson())
        return *configured;
    throw Error(fmt::format("не задан автор принятия формулировки для {}: укажите git config "
                            "user.name и user.email или --author \"Имя <email>\"",
                            entry.id));
}

void accept(const fs::path& root, const std::string& id, const std::string& typed,
            const std::string& author) {
    kb::LoadOptions loadOptions;
    loadOptions.withGit = false;
    const kb::KnowledgeBase base = kb::load(root, loadOptions);
    const kb::Entry* entry = base.findEntry(id);
    if (entry == nullptr)
        throw Error(fmt::format("в базе знаний {} нет записи «{}»", root.string(), id));
    if (entry->kind != kb::EntryKind::Faq)
        throw Error(fmt::format("{}:{}: «Также спрашивают» есть только у вопросов-ответов "
                                "(faq.md), а «{}» — {}",
                                entry->path, entry->line, entry->title,
                                kb::kindTitleRu(entry->kind)));
    std::string wording = core::trimmed(typed);
    std::replace(wording.begin(), wording.end(), ';', ',');
    std::replace(wording.begin(), wording.end(), '\n', ' ');
    if (characters(wording) < 3)
        throw Error("--wording: формулировка пуста или короче трёх букв");
    auto repo = kb::git::Repository::discover(root);
    if (!repo || repo->isBare())
        throw Error(fmt::format("{}: база знаний не в git-репозитории — формулировку принимает "
                                "коммит раздела",
                                root.string()));
    const fs::path file = root / entry->path;
    const std::string relative =
        fs::relative(fs::weakly_canonical(file), repo->workdir()).generic_string();
    unsigned int status = 0;
    kb::git::check(git_status_file(&status, repo->get(), relative.c_str()),
                   fmt::format("git: не удалось узнать состояние {}", relative));
    if (status != GIT_STATUS_CURRENT)
        throw Error(fmt::format("{}: в файле есть незакоммиченные изменения — закоммитьте или "
                                "отмените их, затем повторите",
                                entry->path));
    const kb::git::Person person = personNow(*entry, author, *repo);
    std::string original;
    {
        std::ifstream in(file, std::ios::binary);
        original.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string updated = addWording(original, entry->line, wording, entry->path);
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << updated;
        if (!out)
            throw Error(fmt::format("{}: не удалось записать файл", entry->path));
    }
    std::string commitId;
    try {
        commitId = repo->commit(
            {relative},
            fmt::format("{}: «Также спрашивают» — «{}»\n\nФормулировка абонентов из журнала "
                        "звонков (sufler suggest), запись {}\n",
                        entry->department, wording, entry->id),
            person, person);
    } catch (...) {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << original;
        throw;
    }
    fmt::print("Формулировка «{}» добавлена к «{}» ({}:{}): коммит {}, автор {} <{}>\n", wording,
               entry->title, entry->path, entry->line, commitId.substr(0, 7), person.name,
               person.email);
}

// The search log's queries beside the index, and the index updated with them: until a head
// accepts a wording, the words callers found an entry with lift it a little for such questions.
// A wording the entry already has (its title, an accepted one) adds nothing and is left out.
void exportSignal(const fs::path& root, const fs::path& dbDir, const journal::Journal& journal,
                  const journal::Period& period) {
    kb::LoadOptions loadOptions;
    loadOptions.withGit = false;
    const kb::KnowledgeBase base = kb::load(root, loadOptions);
    std::vector<indexer::CallerQuery> queries;
    std::set<std::string> entries;
    for (const auto& use : journal.searchUses({}, period)) {
        const kb::Entry* entry = base.findEntry(use.entryId);
        if (entry == nullptr)
            continue; // gone from the KB since
        const std::string key = core::toLowerUtf8(core::trimmed(use.query));
        bool known = core::toLowerUtf8(entry->title) == key;
        for (const auto& other : entry->otherWordings)
            known = known || core::toLowerUtf8(other) == key;
        if (known)
            continue;
        queries.push_back({use.entryId, use.query});
        entries.insert(use.entryId);
    }
    indexer::writeCallerQueries(dbDir, queries);
    Diagnostics diagnostics;
    const auto stats = indexer::updateIndex(root, dbDir, diagnostics);
    for (const auto& d : diagnostics)
        fmt::print(stderr, "{}\n", d.format());
    fmt::print("Запросов абонентов: {} к записям: {} — {}; индекс {}: переписано записей {}\n",
               queries.size(), entries.size(), indexer::callerQueriesFile(dbDir).string(),
               dbDir.string(), stats.entriesWritten);
}

} // namespace

std::map<std::string, std::vector<kb::SuggestedWording>>
suggestedWordings(const fs::path& root, const journal::Journal& journal,
                  const journal::Period& period) {
    const kb::KnowledgeBase base = kb::load(root);
    const fs::path dbDir = indexer::defaultDbDir(root);
    Diagnostics diagnostics;
    indexer::updateIndex(root, dbDir, diagnostics);
    indexer::Searcher searcher(dbDir);
    std::map<std::string, std::vector<kb::SuggestedWording>> bySection;
    for (const auto& item : collect(base, journal, searcher, {}, period))
        for (const auto& wording : item.wordings)
            bySection[item.entry->department].push_back({item.entry->id, item.entry->title,
                                                         wording.text,
                                                         static_cast<int>(wording.calls.size())});
    for (auto& [slug, wordings] : bySection)
        std::stable_sort(wordings.begin(), wordings.end(),
                         [](const auto& a, const auto& b) { return a.calls > b.calls; });
    return bySection;
}

void registerSuggestCommands(CLI::App& app, Outcome& outcome) {
    struct Args {
        Common common;
        std::string db;
        std::string department;
        std::string since;
        bool json = false;
        std::string accept;
        std::string wording;
        std::string author;
        bool signal = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand(
        "suggest", "формулировки абонентов для «Также спрашивают» из журнала звонков; --accept "
                   "— принять одну коммитом раздела");
    addJournalOptions(cmd, args->common);
    cmd->add_option("--db", args->db, "папка индекса (по умолчанию — в кэше пользователя)");
    cmd->add_option("--department", args->department, "раздел (slug)");
    cmd->add_option("--since", args->since, "звонки с этой даты (ГГГГ-ММ-ДД)");
    cmd->add_flag("--json", args->json, "ответ в JSON");
    cmd->add_option("--accept", args->accept, "запись (id), к которой принять формулировку");
    cmd->add_option("--wording", args->wording, "принимаемая формулировка");
    cmd->add_option("--author", args->author,
                    "автор коммита «Имя <email>» (по умолчанию — из git config)");
    cmd->add_flag("--signal", args->signal,
                  "записать запросы звонков и открытые по ним записи рядом с индексом и обновить "
                  "его: слабый сигнал ранжирования до принятия формулировок");
    cmd->callback([args, &outcome] {
        if (!args->accept.empty()) {
            accept(resolveKb(args->common.kb, KbUse::History), args->accept, args->wording,
                   args->author);
            return;
        }
        journal::Period period;
        if (!args->since.empty()) {
            const auto since = parseDate(args->since);
            if (!since)
                throw Error(fmt::format("--since «{}»: нужна дата ГГГГ-ММ-ДД", args->since));
            period.from = *since;
        }
        if (args->signal) {
            const fs::path root = resolveKb(args->common.kb, KbUse::History);
            const fs::path dbDir =
                args->db.empty() ? indexer::defaultDbDir(root) : fs::path(args->db);
            exportSignal(root, dbDir, openJournal(args->common), period);
            return;
        }
        if (args->department.empty())
            throw Error(
                "нужен --department SLUG (или --accept ENTRY_ID --wording «…», или --signal)");
        const fs::path root = resolveKb(args->common.kb, KbUse::History);
        const kb::KnowledgeBase base = kb::load(root);
        if (base.findDepartment(args->department) == nullptr)
            throw Error(
                fmt::format("в базе знаний {} нет раздела «{}»", root.string(), args->department));
        const fs::path dbDir = args->db.empty() ? indexer::defaultDbDir(root) : fs::path(args->db);
        Diagnostics diagnostics;
        indexer::updateIndex(root, dbDir, diagnostics);
        indexer::Searcher searcher(dbDir);
        journal::Journal journal = openJournal(args->common);
        const auto found = collect(base, journal, searcher, args->department, period);
        if (args->json) {
            nlohmann::ordered_json out;
            out["department"] = args->department;
            out["entries"] = nlohmann::ordered_json::array();
            for (const auto& item : found) {
                nlohmann::ordered_json entry{{"id", item.entry->id}, {"title", item.entry->title}};
                entry["wordings"] = nlohmann::ordered_json::array();
                for (const auto& wording : item.wordings)
                    entry["wordings"].push_back(
                        {{"wording", wording.text}, {"calls", wording.calls.size()}});
                out["entries"].push_back(std::move(entry));
            }
            fmt::print("{}\n", out.dump(2));
            return;
        }
        if (found.empty()) {
            fmt::print("Новых формулировок для раздела {} нет.\n", args->department);
            return;
        }
        fmt::print("Предложения формулировок для раздела {} (из журнала звонков):\n",
                   args->department);
        for (const auto& item : found) {
            fmt::print("\n{} ({}:{})\n  Также спрашивают:\n", item.entry->title, item.entry->path,
                       item.entry->line);
            for (const auto& wording : item.wordings)
                fmt::print(
                    "  «{}» — звонков: {}\n    sufler suggest --accept '{}' --wording '{}'\n",
                    wording.text, wording.calls.size(), item.entry->id, wording.text);
        }
        (void)outcome;
    });
}

} // namespace sufler::cli
