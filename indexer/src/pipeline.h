#pragma once
// Entries → Xapian documents, file by file, on a thread of their own (pipeline.cpp): the writer
// takes the files in order while the next ones are parsed and built.
#include "places.h"
#include "schema.h"
#include "sections.h"

#include "sufler/indexer/search.h"

#include <xapian.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace sufler::kb {
struct Entry;
}

namespace sufler::indexer::detail {

// The callers' queries of a file's entries as a part of its signature: a file whose entries'
// queries changed is read again, and only those entries are rewritten.
using CallerSignatures = std::unordered_map<std::string, std::string>; // file → "~hash"
[[nodiscard]] CallerSignatures callerSignatures(const CallerQueries& callers);

// The documents of one file, built off the writer's thread.
struct BuiltFile {
    std::string file;
    struct Built {
        std::string id;
        // None when its content is as indexed and only its line may have moved (an empty
        // Xapian::Document would still take memory of its own, a page for every 20 entries).
        std::optional<Xapian::Document> document;
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

// Files' text by path.
using FileTexts = std::unordered_map<std::string, std::string>;

// What the index holds of each file read again: its documents, and its sections when the file
// was cut into them the last time; the text of some, already read (taken by the pipeline).
struct IndexedFiles {
    std::unordered_map<std::string, IndexedFile> documents;
    std::unordered_map<std::string, StoredSections> sections;
    FileTexts texts;
};

// The content hash of a `hash:line` value.
[[nodiscard]] std::string hashOf(const std::string& content);

class DocumentPipeline {
public:
    // indexed: what the index holds of each file, so that entries whose content is the same are
    // not built again (null when building from scratch). places: the profile's municipalities.
    // ownThread false: each file is built by next() itself, for a caller that is one of several
    // writers already.
    DocumentPipeline(const std::filesystem::path& root, const std::vector<std::string>& files,
                     IndexedFiles* indexed, const CallerQueries& callers, const Places& places,
                     bool ownThread = true);
    ~DocumentPipeline();
    DocumentPipeline(const DocumentPipeline&) = delete;
    DocumentPipeline& operator=(const DocumentPipeline&) = delete;

    // The next file in order; nothing once all are done. Rethrows what the worker threw.
    std::optional<BuiltFile> next();

    // Adds the worker's diagnostics to out, and its spelling counts (one per document a word
    // is in) to spelling.
    void finish(Diagnostics& out, std::unordered_map<std::string, int>& spelling,
                std::size_t& parsed);

private:
    void work();
    [[nodiscard]] const std::vector<std::string>* callersOf(const std::string& id) const;
    void add(BuiltFile& built, const kb::Entry& entry, const IndexedFile* indexed, Stemmer& stem);
    BuiltFile buildFile(const std::string& file, Stemmer& stem);
    bool buildChangedSections(BuiltFile& built, const std::string& file, const std::string& text,
                              const std::vector<Section>& sections, const std::string& callers,
                              const IndexedFile& indexed, const StoredSections& stored,
                              Stemmer& stem);

    // Files built ahead of the writer: a few, and never more documents than a few large files
    // hold, so that memory stays bounded however the KB is cut into files.
    static constexpr std::size_t kQueuedFiles = 32;
    static constexpr std::size_t kQueuedDocuments = 4096;
    std::filesystem::path m_root;
    const std::vector<std::string>& m_files;
    IndexedFiles* m_indexed; // its texts are taken as the files are built
    const CallerQueries& m_callers;
    const CallerSignatures m_callerSignatures;
    const Places& m_places;
    Stemmer m_stem;         // the worker's, or next()'s without one
    std::size_t m_next = 0; // the next file next() builds without a worker
    std::size_t m_parsed = 0;
    Diagnostics m_diagnostics;                       // the worker's own until finish()
    std::unordered_map<std::string, int> m_spelling; // counted here, off the writer's thread
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<BuiltFile> m_ready;
    std::size_t m_readyDocuments = 0;
    std::exception_ptr m_error;
    bool m_done = false;
    bool m_stop = false;
    std::thread m_worker; // last: starts once everything above exists
};

} // namespace sufler::indexer::detail
