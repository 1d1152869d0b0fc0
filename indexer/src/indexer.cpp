// Building and updating the index: only files whose signature changed are read again, and
// every update is one Xapian transaction, so a run that dies leaves the last commit intact.
#include "index_folder.h"
#include "schema.h"
#include "sections.h"

#include "sufler/indexer/search.h"
#include "sufler/indexer/text.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include <cstdio>

namespace fs = std::filesystem;

namespace sufler::indexer {
namespace {

using detail::fnv1a;

struct Signature {
    std::string quick; // "size:mtime", enough to tell an untouched file
    std::string hash;  // content hash, read only when quick differs
};

// A link, a pipe or a device is never opened (a pipe would block, /dev/zero never ends): its
// type stands for its signature, and the loader reports it when the file is "read".
std::string quickSignature(const fs::path& file) {
    std::error_code ec;
    const auto status = fs::symlink_status(file, ec);
    if (ec) {
        return {};
    }
    if (!fs::is_regular_file(status)) {
        return fmt::format("type-{}", static_cast<int>(status.type()));
    }
    auto size = fs::file_size(file, ec);
    if (ec) {
        return {};
    }
    auto mtime = fs::last_write_time(file, ec);
    if (ec) {
        return {};
    }
    return fmt::format("{}:{}", size, mtime.time_since_epoch().count());
}

// Read as the loader reads, within its size limit; what it would not read hashes to "-".
std::string fileContentHash(const fs::path& root, const std::string& file) {
    std::string problem;
    auto text = kb::readRegularFile(root, file, kb::LoadOptions{}.maxFileSize, problem);
    return text ? fmt::format("{:016x}", fnv1a(*text)) : std::string("-");
}

Signature parseSignature(const std::string& stored) {
    auto cut = stored.rfind(':');
    if (cut == std::string::npos) {
        return {};
    }
    return {stored.substr(0, cut), stored.substr(cut + 1)};
}

// Synonym groups of sufler.yaml, kept in the index for the searcher (queries expand them).
std::string readSynonyms(const fs::path& root, Diagnostics& diagnostics) {
    nlohmann::json groups = nlohmann::json::array();
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(root / "sufler.yaml", ec))) {
        return groups.dump();
    }
    std::string problem;
    auto text = kb::readRegularFile(root, "sufler.yaml", kb::LoadOptions{}.maxFileSize, problem);
    if (!text) {
        diagnostics.push_back({"sufler.yaml", 0, Severity::Warning,
                               fmt::format("синонимы не прочитаны: {}", problem)});
        return groups.dump();
    }
    try {
        YAML::Node node = YAML::Load(*text);
        YAML::Node synonyms = node["synonyms"];
        if (synonyms && synonyms.IsSequence()) {
            for (const auto& group : synonyms) {
                if (!group.IsSequence()) {
                    continue;
                }
                nlohmann::json members = nlohmann::json::array();
                for (const auto& member : group) {
                    if (member.IsScalar() && !member.Scalar().empty()) {
                        members.push_back(member.Scalar());
                    }
                }
                if (members.size() > 1) {
                    groups.push_back(members);
                }
            }
        }
    } catch (const YAML::Exception& e) {
        diagnostics.push_back({"sufler.yaml", static_cast<int>(e.mark.line + 1), Severity::Warning,
                               fmt::format("синонимы не прочитаны: {}", e.msg)});
    }
    return groups.dump();
}

std::string rootKey(const fs::path& root) {
    std::error_code ec;
    auto canonical = fs::weakly_canonical(fs::absolute(root), ec);
    return (ec ? root : canonical).string();
}

// What changed since the last run, decided from the metadata alone.
struct Plan {
    std::vector<std::string> changed;              // to (re)index
    std::map<std::string, std::string> signatures; // new signature of every current file
    std::vector<std::string> removed;              // gone since the last run
    std::vector<std::string> touched;              // same content, new size/mtime
    std::string synonyms;
    bool rebuild = false;
    [[nodiscard]] bool empty() const {
        return changed.empty() && removed.empty() && touched.empty();
    }
};

// The callers' queries of a file's entries as a part of its signature: a file whose entries'
// queries changed is read again, and only those entries are rewritten.
using CallerSignatures = std::unordered_map<std::string, std::string>; // file → "~hash"

CallerSignatures callerSignatures(const detail::CallerQueries& callers) {
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

Plan makePlan(const Xapian::Database* db, const fs::path& root, const std::string& key,
              const CallerSignatures& callers, Diagnostics& diagnostics) {
    Plan plan;
    plan.synonyms = readSynonyms(root, diagnostics);
    std::map<std::string, std::string> stored;
    if (db == nullptr || db->get_metadata(std::string(detail::kMetaSchema)) != detail::kSchema ||
        db->get_metadata(std::string(detail::kMetaRoot)) != key) {
        plan.rebuild = true;
    } else {
        std::string prefix(detail::kMetaFilePrefix);
        for (auto it = db->metadata_keys_begin(prefix); it != db->metadata_keys_end(prefix); ++it) {
            std::string value = db->get_metadata(*it);
            std::string path = (*it).substr(prefix.size());
            if (auto cut = value.find('\n'); cut != std::string::npos) {
                path = value.substr(cut + 1); // a key cut to fit: the path is in the value
                value.resize(cut);
            }
            stored[path] = value;
        }
    }
    for (const auto& file : kb::listEntryFiles(root)) {
        fs::path full = root / file;
        std::string quick = quickSignature(full);
        std::string suffix;
        if (auto it = callers.find(file); it != callers.end() && !quick.empty()) {
            suffix = it->second;
            quick += suffix;
        }
        auto contentHash = [&](const fs::path& r, const std::string& f) {
            return fileContentHash(r, f) + suffix;
        };
        auto old = stored.find(file);
        if (old != stored.end()) {
            Signature previous = parseSignature(old->second);
            if (previous.quick == quick) {
                plan.signatures[file] = old->second;
                stored.erase(old);
                continue;
            }
            std::string hash = contentHash(root, file);
            plan.signatures[file] = quick + ":" + hash;
            if (previous.hash == hash) {
                plan.touched.push_back(file);
            } else {
                plan.changed.push_back(file);
            }
            stored.erase(old);
            continue;
        }
        plan.signatures[file] = quick + ":" + contentHash(root, file);
        plan.changed.push_back(file);
    }
    for (const auto& [file, signature] : stored) {
        plan.removed.push_back(file);
    }
    if (!plan.rebuild && db->get_metadata(std::string(detail::kMetaSynonyms)) != plan.synonyms) {
        plan.touched.push_back({}); // metadata only
    }
    return plan;
}

std::unique_ptr<Xapian::WritableDatabase> openWriter(const fs::path& dbDir, int action) {
    // Another writer (a console updating in the background) holds the lock: wait a little.
    for (int attempt = 0;; ++attempt) {
        try {
            return std::make_unique<Xapian::WritableDatabase>(dbDir.string(), action);
        } catch (const Xapian::DatabaseLockError&) {
            if (attempt >= 50) {
                throw Error(fmt::format("{}: индекс обновляет другой процесс", dbDir.string()));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

void addSpelling(Xapian::WritableDatabase& db, const std::unordered_map<std::string, int>& delta) {
    for (const auto& [word, count] : delta) {
        if (count > 0) {
            db.add_spelling(text::spellingKey(word), static_cast<Xapian::termcount>(count));
        } else if (count < 0) {
            db.remove_spelling(text::spellingKey(word), static_cast<Xapian::termcount>(-count));
        }
    }
}

// The documents of one file, built off the writer's thread.
struct BuiltFile {
    std::string file;
    struct Built {
        std::string id;
        Xapian::Document document;
        bool built = true;   // false: its content is as indexed, only its line may have moved
        std::string content; // kSlotContent: `hash:line`
        int line = 0;
    };
    std::vector<Built> documents;
    std::string sections; // encoded StoredSections; empty when the file must be parsed whole
};

// What the index holds of a file's entries, by id: the document and its `hash:line`.
struct Indexed {
    Xapian::docid docid = 0;
    std::string content;
};
using IndexedFile = std::unordered_map<std::string, Indexed>;

// What the index holds of each file read again: its documents, and its sections when the file
// was cut into them the last time.
struct IndexedFiles {
    std::unordered_map<std::string, IndexedFile> documents;
    std::unordered_map<std::string, detail::StoredSections> sections;
};

std::string hashOf(const std::string& content) {
    return content.substr(0, content.find(':'));
}

class DocumentPipeline {
public:
    // indexed: what the index holds of each file, so that entries whose content is the same are
    // not built again (null when building from scratch).
    DocumentPipeline(const fs::path& root, const std::vector<std::string>& files,
                     const IndexedFiles* indexed, const detail::CallerQueries& callers)
        : m_root(root), m_files(files), m_indexed(indexed), m_callers(callers),
          m_callerSignatures(callerSignatures(callers)), m_worker([this] { work(); }) {}
    ~DocumentPipeline() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
        if (m_worker.joinable()) {
            m_worker.join();
        }
    }
    DocumentPipeline(const DocumentPipeline&) = delete;
    DocumentPipeline& operator=(const DocumentPipeline&) = delete;

    // The next file in order; nothing once all are done. Rethrows what the worker threw.
    std::optional<BuiltFile> next() {
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
        m_changed.notify_all();
        return built;
    }

    // Adds the worker's diagnostics to out, and its spelling counts (one per document a word
    // is in) to spelling.
    void finish(Diagnostics& out, std::unordered_map<std::string, int>& spelling,
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

private:
    void work() {
        try {
            detail::Stemmer stem;
            for (const auto& file : m_files) {
                BuiltFile built = buildFile(file, stem);
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [this] { return m_ready.size() < kQueued || m_stop; });
                if (m_stop) {
                    return;
                }
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

    const std::vector<std::string>* callersOf(const std::string& id) const {
        auto it = m_callers.find(id);
        return it != m_callers.end() ? &it->second : nullptr;
    }

    // The entry's document, or only its new line when its content is as indexed.
    void add(BuiltFile& built, const kb::Entry& entry, const IndexedFile* indexed,
             detail::Stemmer& stem) {
        const auto* callers = callersOf(entry.id);
        std::string hash = detail::contentHash(entry, callers);
        std::string content = detail::contentValue(hash, entry.line);
        if (indexed != nullptr) {
            auto it = indexed->find(entry.id);
            if (it != indexed->end() && hashOf(it->second.content) == hash) {
                built.documents.push_back({entry.id, {}, false, content, entry.line});
                return;
            }
        }
        std::unordered_set<std::string> words;
        auto doc = detail::buildDocument(entry, stem, words, callers);
        for (const auto& word : words) {
            ++m_spelling[word];
        }
        built.documents.push_back({entry.id, std::move(doc), true, content, entry.line});
    }

    BuiltFile buildFile(const std::string& file, detail::Stemmer& stem) {
        BuiltFile built;
        built.file = file;
        const IndexedFile* indexed = nullptr;
        const detail::StoredSections* stored = nullptr;
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
            if (auto text =
                    kb::readRegularFile(m_root, file, kb::LoadOptions{}.maxFileSize, problem)) {
                auto sections = detail::cutSections(*text);
                if (sections && buildChangedSections(built, file, *text, *sections, callers,
                                                     *indexed, *stored, stem)) {
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
            std::optional<std::vector<detail::Section>> sections;
            if (text) {
                sections = detail::cutSections(*text);
            }
            if (sections) {
                built.sections = sectionsOf(*sections, entries, callers);
            }
        }
        m_diagnostics.insert(m_diagnostics.end(), diagnostics.begin(), diagnostics.end());
        return built;
    }

    // The sections of a file parsed whole, with the ids of their entries; empty when parsing
    // the sections one by one would not give the same entries.
    static std::string sectionsOf(const std::vector<detail::Section>& sections,
                                  const std::vector<kb::Entry>& entries,
                                  const std::string& callers) {
        std::vector<detail::StoredSection> stored;
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
        return detail::idsIndependent(ids) ? detail::encodeSections(callers, stored)
                                           : std::string();
    }

    // An edit of a large file: the sections whose hash the index holds keep their entries
    // (only their lines move), the others are parsed alone. False when the file must be parsed
    // whole instead: its head changed, a section parses with a diagnostic, or ids would differ.
    bool buildChangedSections(BuiltFile& built, const std::string& file, const std::string& text,
                              const std::vector<detail::Section>& sections,
                              const std::string& callers, const IndexedFile& indexed,
                              const detail::StoredSections& stored, detail::Stemmer& stem) {
        const auto& old = stored.sections;
        if (stored.callers != callers || old.empty() || old.front().hash != sections.front().hash) {
            return false;
        }
        std::unordered_multimap<std::string, std::size_t> byHash;
        for (std::size_t i = 0; i < old.size(); ++i) {
            byHash.emplace(old[i].hash, i);
        }
        std::vector<bool> used(old.size(), false);
        std::vector<detail::StoredSection> now;
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
            detail::StoredSection current{section.hash, section.line, {}};
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
                        {id, {}, false, detail::contentValue(hashOf(content), line), line});
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
        if (!detail::idsIndependent(ids)) {
            return false;
        }
        for (const auto& entry : parsed) {
            add(built, entry, &indexed, stem);
        }
        built.sections = detail::encodeSections(callers, now);
        return true;
    }

    static constexpr std::size_t kQueued = 32; // files built ahead of the writer
    fs::path m_root;
    const std::vector<std::string>& m_files;
    const IndexedFiles* m_indexed;
    const detail::CallerQueries& m_callers;
    const CallerSignatures m_callerSignatures;
    std::size_t m_parsed = 0;
    Diagnostics m_diagnostics;                       // the worker's own until finish()
    std::unordered_map<std::string, int> m_spelling; // counted here, off the writer's thread
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<BuiltFile> m_ready;
    std::exception_ptr m_error;
    bool m_done = false;
    bool m_stop = false;
    std::thread m_worker; // last: starts once everything above exists
};

// A file's signature under its bounded key; a cut key keeps the path in the value.
void setSignature(Xapian::WritableDatabase& db, const std::string& file,
                  const std::string& signature) {
    const std::string key = detail::fileMetaKey(file);
    const bool cut = key.size() != detail::kMetaFilePrefix.size() + file.size();
    db.set_metadata(key, cut && !signature.empty() ? signature + "\n" + file : signature);
}

// Writes the plan into dbDir: in place, or (plan.rebuild) into a new, empty folder.
UpdateStats apply(const fs::path& root, const fs::path& dbDir, const std::string& key, Plan& plan,
                  const detail::CallerQueries& callers, Diagnostics& out) {
    Diagnostics diagnostics; // kept only when the run succeeds, so a retry does not repeat them
    UpdateStats stats;
    stats.rebuilt = plan.rebuild;
    if (plan.rebuild) {
        std::error_code ec;
        fs::create_directories(dbDir, ec);
    }
    auto db = openWriter(dbDir,
                         plan.rebuild ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN);
    std::unordered_map<std::string, int> spelling;
    // One transaction: readers and a later run see all of this update or none of it.
    db->begin_transaction(true);
    // The documents a file has in the index, by entry id. Read from the value streams, in docid
    // order: opening each of a large file's 2,000 documents took most of an edit's write.
    auto indexedOf = [&](const std::string& file) {
        std::string term = detail::fileTerm(file);
        IndexedFile byId;
        Xapian::ValueIterator ids = db->valuestream_begin(detail::kSlotId);
        Xapian::ValueIterator contents = db->valuestream_begin(detail::kSlotContent);
        const Xapian::ValueIterator idsEnd = db->valuestream_end(detail::kSlotId);
        const Xapian::ValueIterator contentsEnd = db->valuestream_end(detail::kSlotContent);
        for (auto it = db->postlist_begin(term); it != db->postlist_end(term); ++it) {
            if (ids == idsEnd || contents == contentsEnd) {
                break;
            }
            ids.skip_to(*it);
            contents.skip_to(*it);
            if (ids == idsEnd || contents == contentsEnd) {
                break;
            }
            if (ids.get_docid() == *it && contents.get_docid() == *it) {
                byId[*ids] = {*it, *contents};
            }
        }
        return byId;
    };
    // A document leaving the index (deleted or rewritten): its spelling words are taken back.
    auto takeBackSpelling = [&](Xapian::docid docid) {
        auto stored = detail::decodeStored(db->get_document(docid).get_data());
        std::unordered_set<std::string> words;
        detail::spellingWordsOf(stored, words);
        for (const auto& word : words) {
            --spelling[word];
        }
    };
    for (const auto& file : plan.removed) {
        for (const auto& [id, indexed] : indexedOf(file)) {
            takeBackSpelling(indexed.docid);
            db->delete_document(indexed.docid);
        }
        setSignature(*db, file, "");
        db->set_metadata(detail::sectionsMetaKey(file), "");
        ++stats.filesRemoved;
    }
    // What the index holds of the changed files, read before their documents are built: an
    // edit usually changes one entry of a file, and only that one is built and written again.
    IndexedFiles indexedFiles;
    auto& indexed = indexedFiles.documents;
    if (!plan.rebuild) {
        for (const auto& file : plan.changed) {
            indexed.emplace(file, indexedOf(file));
            auto sections = detail::decodeSections(db->get_metadata(detail::sectionsMetaKey(file)));
            if (!sections.sections.empty()) {
                indexedFiles.sections.emplace(file, std::move(sections));
            }
        }
    }
    // Files are parsed and their documents built on a second thread while this one writes
    // them into Xapian: the two halves cost about the same, and the writer is single.
    DocumentPipeline pipeline(root, plan.changed, plan.rebuild ? nullptr : &indexedFiles, callers);
    while (auto built = pipeline.next()) {
        IndexedFile old;
        if (auto it = indexed.find(built->file); it != indexed.end()) {
            old = std::move(it->second);
            indexed.erase(it);
        }
        for (auto& doc : built->documents) {
            auto it = old.find(doc.id);
            if (!doc.built) {
                // The same content: only a line that moved is written (the stored card shows
                // it), and the terms stay as they are.
                if (it != old.end() && it->second.content != doc.content) {
                    Xapian::Document same = db->get_document(it->second.docid);
                    auto stored = detail::decodeStored(same.get_data());
                    stored.line = doc.line;
                    same.set_data(detail::encodeStored(stored));
                    same.add_value(detail::kSlotContent, doc.content);
                    db->replace_document(it->second.docid, same);
                    ++stats.entriesMoved;
                }
                if (it != old.end()) {
                    old.erase(it);
                }
                continue;
            }
            ++stats.entriesWritten;
            if (it != old.end()) {
                takeBackSpelling(it->second.docid);
                db->replace_document(it->second.docid, doc.document);
                old.erase(it);
            } else {
                db->add_document(doc.document);
            }
        }
        for (const auto& [id, gone] : old) {
            takeBackSpelling(gone.docid);
            db->delete_document(gone.docid);
        }
        db->set_metadata(detail::sectionsMetaKey(built->file), built->sections);
        ++stats.filesRead;
    }
    pipeline.finish(diagnostics, spelling, stats.entriesParsed);
    addSpelling(*db, spelling);
    // Signatures of the files read or touched; the others' are already right.
    for (const auto* files : {&plan.changed, &plan.touched}) {
        for (const auto& file : *files) {
            if (auto it = plan.signatures.find(file); it != plan.signatures.end()) {
                setSignature(*db, file, it->second);
            }
        }
    }
    db->set_metadata(std::string(detail::kMetaSynonyms), plan.synonyms);
    db->set_metadata(std::string(detail::kMetaRoot), key);
    db->set_metadata(std::string(detail::kMetaSchema), std::string(detail::kSchema));
    db->commit_transaction();
    stats.entries = db->get_doccount();
    db->close();
    detail::recordTableSizes(dbDir);
    out.insert(out.end(), diagnostics.begin(), diagnostics.end());
    return stats;
}

UpdateStats rebuildBeside(const fs::path& root, const fs::path& dbDir, const std::string& key,
                          const detail::CallerQueries& callers, Diagnostics& out, bool planReported,
                          const std::string& damage) {
    detail::requireIndexFolder(dbDir);
    std::error_code ec;
    fs::create_directories(dbDir.parent_path(), ec);
    const fs::path fresh = detail::besideIndex(dbDir, "new");
    detail::FolderRemover remover(fresh);
    Diagnostics ignored; // what the first plan already reported
    Plan plan =
        makePlan(nullptr, root, key, callerSignatures(callers), planReported ? ignored : out);
    UpdateStats stats = apply(root, fresh, key, plan, callers, out);
    detail::swapInto(fresh, dbDir);
    stats.rebuilt = true;
    stats.damage = damage;
    return stats;
}

} // namespace

fs::path defaultDbDir(const fs::path& kbRoot) {
    fs::path base;
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache != '\0') {
        base = cache;
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        base = fs::path(home) / ".cache";
    } else {
        base = fs::temp_directory_path();
    }
    return base / "sufler" / fmt::format("{:016x}", fnv1a(rootKey(kbRoot)));
}

UpdateStats updateIndex(const fs::path& kbRoot, const fs::path& dbDirGiven,
                        Diagnostics& diagnostics, const UpdateOptions& options) {
    std::string key = rootKey(kbRoot);
    fs::path root = key;
    const fs::path dbDir = detail::indexFolder(dbDirGiven);
    try {
        detail::removeAbandoned(dbDir);
        const detail::CallerQueries callers = detail::readCallerQueries(dbDir, diagnostics);
        const CallerSignatures signatures = callerSignatures(callers);
        std::string damage = options.rebuild;
        bool planReported = false;
        if (damage.empty()) {
            // Decide from a reader first: an index that is up to date costs no write lock.
            detail::Found found = detail::inspect(dbDir, options.verify);
            damage = found.damage;
            if (found.reader) {
                try {
                    // Kept only once the plan is made: a rebuild's plan reports them instead.
                    Diagnostics planDiagnostics;
                    Plan plan =
                        makePlan(found.reader.get(), root, key, signatures, planDiagnostics);
                    diagnostics.insert(diagnostics.end(), planDiagnostics.begin(),
                                       planDiagnostics.end());
                    planReported = true;
                    if (!plan.rebuild && plan.empty()) {
                        UpdateStats stats;
                        stats.entries = found.reader->get_doccount();
                        return stats;
                    }
                    found.reader.reset();
                    if (!plan.rebuild) {
                        return apply(root, dbDir, key, plan, callers, diagnostics);
                    }
                } catch (const Xapian::DatabaseError& e) {
                    if (!detail::isDamage(e)) {
                        throw;
                    }
                    // Damaged where this run read or wrote: what it committed is in the
                    // damaged files too, so everything is read again.
                    damage = e.get_description();
                }
            }
        }
        if (options.onRebuild) {
            options.onRebuild(damage);
        }
        return rebuildBeside(root, dbDir, key, callers, diagnostics, planReported, damage);
    } catch (const Xapian::Error& e) {
        throw Error(fmt::format("{}: индекс не записан: {}", dbDir.string(), e.get_description()));
    } catch (const fs::filesystem_error& e) {
        throw Error(fmt::format("{}: индекс не записан: {}", dbDir.string(), e.what()));
    }
}

} // namespace sufler::indexer
