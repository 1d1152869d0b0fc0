// Entries → Xapian documents, file by file, off the writer's thread.
#include "pipeline.h"

#include "sufler/kb/kb.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace sufler::indexer::detail {
namespace {

// The sections of a file parsed whole, with the ids of their entries; empty when parsing
// the sections one by one would not give the same entries.
std::string sectionsOf(const std::vector<Section>& sections, const std::vector<kb::Entry>& entries,
                       const std::string& callers) {
    std::vector<StoredSection> stored;
    std::vector<std::string> ids;
    for (const auto& section : sections) {
        stored.push_back({section.hash, section.line, {}});
    }
    std::size_t at = 0;
    for (const auto& entry : entries) {
        // Entries come in the order of their lines; each belongs to the last section
        // that begins at or above it.
        while (at + 1 < sections.size() && sections[at + 1].line <= entry.line) {
            ++at;
        }
        stored[at].ids.push_back(entry.id);
        ids.push_back(entry.id);
    }
    return idsIndependent(ids) ? encodeSections(callers, stored) : std::string();
}

} // namespace

CallerSignatures callerSignatures(const CallerQueries& callers) {
    std::map<std::string, std::string> joined; // ordered: the same queries give the same hash
    for (const auto& [id, queries] : callers) {
        std::string& text = joined[id.substr(0, id.find('#'))];
        text += id;
        for (const auto& query : queries) {
            text += '\x1f' + query;
        }
        text += '\x1e';
    }
    CallerSignatures out;
    for (const auto& [file, text] : joined) {
        out[file] = fmt::format("~{:016x}", fnv1a(text));
    }
    return out;
}

std::string hashOf(const std::string& content) {
    return content.substr(0, content.find(':'));
}

DocumentPipeline::DocumentPipeline(const fs::path& root, const std::vector<std::string>& files,
                                   IndexedFiles* indexed, const CallerQueries& callers,
                                   const Places& places, bool ownThread)
    : m_root(root), m_files(files), m_indexed(indexed), m_callers(callers),
      m_callerSignatures(callerSignatures(callers)), m_places(places) {
    if (ownThread) {
        m_worker = std::thread([this] { work(); });
    }
}

DocumentPipeline::~DocumentPipeline() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    if (m_worker.joinable()) {
        m_worker.join();
    }
}

std::optional<BuiltFile> DocumentPipeline::next() {
    if (!m_worker.joinable() && !m_done) {
        // Built here, on the caller's thread.
        if (m_next < m_files.size()) {
            return buildFile(m_files[m_next++], m_stem);
        }
        m_done = true;
    }
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_ready.empty() || m_done; });
    if (m_error) {
        std::rethrow_exception(m_error);
    }
    if (m_ready.empty()) {
        return std::nullopt;
    }
    BuiltFile built = std::move(m_ready.front());
    m_ready.pop_front();
    m_readyDocuments -= built.documents.size();
    m_changed.notify_all();
    return built;
}

void DocumentPipeline::finish(Diagnostics& out, std::unordered_map<std::string, int>& spelling,
                              std::size_t& parsed) {
    if (m_worker.joinable()) {
        m_worker.join();
    }
    parsed += m_parsed;
    out.insert(out.end(), m_diagnostics.begin(), m_diagnostics.end());
    for (const auto& [word, count] : m_spelling) {
        spelling[word] += count;
    }
}

void DocumentPipeline::work() {
    try {
        for (const auto& file : m_files) {
            BuiltFile built = buildFile(file, m_stem);
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] {
                return (m_ready.size() < kQueuedFiles && m_readyDocuments < kQueuedDocuments) ||
                       m_stop;
            });
            if (m_stop) {
                return;
            }
            m_readyDocuments += built.documents.size();
            m_ready.push_back(std::move(built));
            m_changed.notify_all();
        }
    } catch (...) {
        std::lock_guard lock(m_mutex);
        m_error = std::current_exception();
    }
    std::lock_guard lock(m_mutex);
    m_done = true;
    m_changed.notify_all();
}

const std::vector<std::string>* DocumentPipeline::callersOf(const std::string& id) const {
    auto it = m_callers.find(id);
    return it != m_callers.end() ? &it->second : nullptr;
}

// The entry's document, or only its new line when its content is as indexed.
void DocumentPipeline::add(BuiltFile& built, const kb::Entry& entry, const IndexedFile* indexed,
                           Stemmer& stem) {
    const auto* callers = callersOf(entry.id);
    std::string hash = contentHash(entry, callers);
    std::string content = contentValue(hash, entry.line);
    if (indexed != nullptr) {
        auto it = indexed->find(entry.id);
        if (it != indexed->end() && hashOf(it->second.content) == hash) {
            built.documents.push_back({entry.id, std::nullopt, content, entry.line});
            return;
        }
    }
    std::unordered_set<std::string> words;
    auto doc = buildDocument(entry, stem, words, m_places, callers);
    for (const auto& word : words) {
        ++m_spelling[word];
    }
    built.documents.push_back({entry.id, std::move(doc), content, entry.line});
}

BuiltFile DocumentPipeline::buildFile(const std::string& file, Stemmer& stem) {
    BuiltFile built;
    built.file = file;
    const IndexedFile* indexed = nullptr;
    const StoredSections* stored = nullptr;
    if (m_indexed != nullptr) {
        if (auto it = m_indexed->documents.find(file); it != m_indexed->documents.end()) {
            indexed = &it->second;
        }
        if (auto it = m_indexed->sections.find(file); it != m_indexed->sections.end()) {
            stored = &it->second;
        }
    }
    // The callers' queries of the file's entries are a part of their content that the
    // sections' hashes do not hold.
    std::string callers;
    if (auto it = m_callerSignatures.find(file); it != m_callerSignatures.end()) {
        callers = it->second;
    }
    std::string problem;
    if (stored != nullptr && indexed != nullptr) {
        // Stored only for a file the loader read whole without a word to say.
        std::optional<std::string> text;
        if (auto it = m_indexed->texts.find(file); it != m_indexed->texts.end()) {
            text = std::move(it->second);
        } else {
            text = kb::readRegularFile(m_root, file, kb::LoadOptions{}.maxFileSize, problem);
        }
        if (text) {
            auto sections = cutSections(*text);
            if (sections && buildChangedSections(built, file, *text, *sections, callers, *indexed,
                                                 *stored, stem)) {
                return built;
            }
        }
        built.documents.clear();
    }
    Diagnostics diagnostics;
    auto entries = kb::loadFileEntries(m_root, file, diagnostics);
    m_parsed += entries.size();
    for (const auto& entry : entries) {
        add(built, entry, indexed, stem);
    }
    if (diagnostics.empty()) {
        auto text = kb::readRegularFile(m_root, file, kb::LoadOptions{}.maxFileSize, problem);
        std::optional<std::vector<Section>> sections;
        if (text) {
            sections = cutSections(*text);
        }
        if (sections) {
            built.sections = sectionsOf(*sections, entries, callers);
        }
    }
    m_diagnostics.insert(m_diagnostics.end(), diagnostics.begin(), diagnostics.end());
    return built;
}

// An edit of a large file: the sections whose hash the index holds keep their entries
// (only their lines move), the others are parsed alone. False when the file must be parsed
// whole instead: its head changed, a section parses with a diagnostic, or ids would differ.
bool DocumentPipeline::buildChangedSections(BuiltFile& built, const std::string& file,
                                            const std::string& text,
                                            const std::vector<Section>& sections,
                                            const std::string& callers, const IndexedFile& indexed,
                                            const StoredSections& stored, Stemmer& stem) {
    const auto& old = stored.sections;
    if (stored.callers != callers || old.empty() || old.front().hash != sections.front().hash) {
        return false;
    }
    std::unordered_multimap<std::string, std::size_t> byHash;
    for (std::size_t i = 0; i < old.size(); ++i) {
        byHash.emplace(old[i].hash, i);
    }
    std::vector<bool> used(old.size(), false);
    std::vector<StoredSection> now;
    std::vector<std::string> ids;
    std::vector<kb::Entry> parsed; // built once every section is known to fit
    for (const auto& section : sections) {
        std::optional<std::size_t> same;
        auto [from, to] = byHash.equal_range(section.hash);
        for (auto it = from; it != to; ++it) {
            if (!used[it->second] && (!same || it->second < *same)) {
                same = it->second;
            }
        }
        StoredSection current{section.hash, section.line, {}};
        if (same) {
            used[*same] = true;
            for (const auto& id : old[*same].ids) {
                auto it = indexed.find(id);
                if (it == indexed.end()) {
                    return false;
                }
                const std::string& content = it->second.content;
                int oldLine = 0;
                const auto colon = content.find(':');
                if (colon == std::string::npos ||
                    std::from_chars(content.data() + colon + 1, content.data() + content.size(),
                                    oldLine)
                            .ec != std::errc{}) {
                    return false;
                }
                const int line = oldLine - old[*same].line + section.line;
                built.documents.push_back(
                    {id, std::nullopt, contentValue(hashOf(content), line), line});
                current.ids.push_back(id);
            }
        } else {
            Diagnostics diagnostics;
            auto entries = kb::parseFileEntries(
                file, text.substr(section.begin, section.end - section.begin), diagnostics);
            m_parsed += entries.size();
            if (!diagnostics.empty()) {
                return false;
            }
            for (auto& entry : entries) {
                entry.line += section.line - 1;
                current.ids.push_back(entry.id);
                parsed.push_back(std::move(entry));
            }
        }
        ids.insert(ids.end(), current.ids.begin(), current.ids.end());
        now.push_back(std::move(current));
    }
    if (!idsIndependent(ids)) {
        return false;
    }
    for (const auto& entry : parsed) {
        add(built, entry, &indexed, stem);
    }
    built.sections = encodeSections(callers, now);
    return true;
}

} // namespace sufler::indexer::detail
