// Building and updating the index: only files whose signature changed are read again, and
// every update is one Xapian transaction, so a run that dies leaves the last commit intact.
#include "index_folder.h"
#include "pipeline.h"
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
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include <cstdio>

namespace fs = std::filesystem;

namespace sufler::indexer {
namespace {

using detail::CallerSignatures;
using detail::callerSignatures;
using detail::DocumentPipeline;
using detail::fnv1a;
using detail::IndexedFile;
using detail::IndexedFiles;

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
// keep: where the text read goes, for a caller that reads it next.
std::string fileContentHash(const fs::path& root, const std::string& file,
                            std::string* keep = nullptr) {
    std::string problem;
    auto text = kb::readRegularFile(root, file, kb::LoadOptions{}.maxFileSize, problem);
    if (!text) {
        return "-";
    }
    std::string hash = fmt::format("{:016x}", fnv1a(*text));
    if (keep != nullptr) {
        *keep = std::move(*text);
    }
    return hash;
}

Signature parseSignature(const std::string& stored) {
    auto cut = stored.rfind(':');
    if (cut == std::string::npos) {
        return {};
    }
    return {stored.substr(0, cut), stored.substr(cut + 1)};
}

// What the index keeps of sufler.yaml: the synonym groups (queries expand them) and the
// municipalities (territoryOf and the searcher find them), with what names the region.
struct ProfileLists {
    std::string synonyms; // JSON [[...], ...]
    std::vector<std::string> municipalities;
    std::vector<std::string> region; // organization, short_name
};

ProfileLists readProfileLists(const fs::path& root, Diagnostics& diagnostics) {
    ProfileLists lists;
    nlohmann::json groups = nlohmann::json::array();
    lists.synonyms = groups.dump();
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(root / "sufler.yaml", ec))) {
        return lists;
    }
    std::string problem;
    auto text = kb::readRegularFile(root, "sufler.yaml", kb::LoadOptions{}.maxFileSize, problem);
    if (!text) {
        diagnostics.push_back(
            {"sufler.yaml", 0, Severity::Warning,
             fmt::format("синонимы и муниципальные образования не прочитаны: {}", problem)});
        return lists;
    }
    try {
        YAML::Node node = YAML::Load(*text);
        for (const char* key : {"organization", "short_name"}) {
            if (YAML::Node name = node[key]; name && name.IsScalar()) {
                lists.region.push_back(name.Scalar());
            }
        }
        if (YAML::Node places = node["municipalities"]; places && !places.IsNull()) {
            if (!places.IsSequence()) {
                // As the loader says it, so that the console shows it once.
                diagnostics.push_back({"sufler.yaml", static_cast<int>(places.Mark().line + 1),
                                       Severity::Warning,
                                       "«municipalities» должно быть списком [а, б, в]"});
            } else {
                for (const auto& place : places) {
                    if (place.IsScalar() && !place.Scalar().empty()) {
                        lists.municipalities.push_back(place.Scalar());
                    }
                }
            }
        }
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
        diagnostics.push_back(
            {"sufler.yaml", static_cast<int>(e.mark.line + 1), Severity::Warning,
             fmt::format("синонимы и муниципальные образования не прочитаны: {}", e.msg)});
    }
    lists.synonyms = groups.dump();
    return lists;
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
    // The text of changed files the index holds, read for their hash: an edit's file is read
    // once (a file of 2,000 entries is 4 MB, and fresh memory costs a page fault a 4 KB).
    detail::FileTexts texts;
    std::string synonyms;
    detail::Places places; // sufler.yaml's municipalities
    bool rebuild = false;
    [[nodiscard]] bool empty() const {
        return changed.empty() && removed.empty() && touched.empty();
    }
};

Plan makePlan(const Xapian::Database* db, const fs::path& root, const std::string& key,
              const CallerSignatures& callers, Diagnostics& diagnostics) {
    Plan plan;
    ProfileLists lists = readProfileLists(root, diagnostics);
    plan.synonyms = std::move(lists.synonyms);
    {
        detail::Stemmer stem;
        plan.places = detail::Places(std::move(lists.municipalities), lists.region, stem);
    }
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
    constexpr std::size_t kKeptBytes = 64U << 20U; // more changed than that: read again
    std::size_t keptBytes = 0;
    for (const auto& file : kb::listEntryFiles(root)) {
        fs::path full = root / file;
        std::string quick = quickSignature(full);
        std::string suffix;
        if (auto it = callers.find(file); it != callers.end() && !quick.empty()) {
            suffix = it->second;
            quick += suffix;
        }
        auto contentHash = [&](const fs::path& r, const std::string& f,
                               std::string* keep = nullptr) {
            return fileContentHash(r, f, keep) + suffix;
        };
        auto old = stored.find(file);
        if (old != stored.end()) {
            Signature previous = parseSignature(old->second);
            if (previous.quick == quick) {
                plan.signatures[file] = old->second;
                stored.erase(old);
                continue;
            }
            std::string text;
            std::string hash = contentHash(root, file, keptBytes < kKeptBytes ? &text : nullptr);
            plan.signatures[file] = quick + ":" + hash;
            if (previous.hash != hash && !text.empty()) {
                keptBytes += text.size();
                plan.texts.emplace(file, std::move(text));
            }
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
    // Another list of municipalities: the territories of contacts anywhere may change. A list
    // changes seldom, and every contact's territory is found again by a rebuild.
    if (!plan.rebuild &&
        db->get_metadata(std::string(detail::kMetaMunicipalities)) != plan.places.encoded()) {
        plan.rebuild = true;
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

// A file's signature under its bounded key; a cut key keeps the path in the value.
void setSignature(Xapian::WritableDatabase& db, const std::string& file,
                  const std::string& signature) {
    const std::string key = detail::fileMetaKey(file);
    const bool cut = key.size() != detail::kMetaFilePrefix.size() + file.size();
    db.set_metadata(key, cut && !signature.empty() ? signature + "\n" + file : signature);
}

// A document leaving the index (deleted or rewritten): its spelling words are taken back.
void takeBackSpelling(Xapian::WritableDatabase& db, std::unordered_map<std::string, int>& spelling,
                      Xapian::docid docid) {
    auto stored = detail::decodeStored(db.get_document(docid).get_data());
    std::unordered_set<std::string> words;
    detail::spellingWordsOf(stored, words);
    for (const auto& word : words) {
        --spelling[word];
    }
}

// Writes the entries of files into db: new ones added, changed ones replaced, vanished ones
// deleted. indexedFiles: what db holds of them (null when db is new); what is left in it was
// not rewritten.
void writeFiles(Xapian::WritableDatabase& db, const fs::path& root,
                const std::vector<std::string>& files, IndexedFiles* indexedFiles,
                const detail::CallerQueries& callers, const detail::Places& places,
                UpdateStats& stats, std::unordered_map<std::string, int>& spelling,
                Diagnostics& diagnostics, bool buildAside = true) {
    // Files are parsed and their documents built on a second thread while this one writes
    // them into Xapian: the two halves cost about the same, and the writer is single. A part
    // of a build in parts builds on its own thread: the other parts keep the cores busy, and
    // memory taken on one thread and freed on another costs glibc's allocator.
    DocumentPipeline pipeline(root, files, indexedFiles, callers, places, buildAside);
    while (auto built = pipeline.next()) {
        IndexedFile old;
        if (indexedFiles != nullptr) {
            // Moved out, not erased: the pipeline looks files up in the same map meanwhile.
            auto& indexed = indexedFiles->documents;
            if (auto it = indexed.find(built->file); it != indexed.end()) {
                old = std::move(it->second);
            }
        }
        for (auto& doc : built->documents) {
            auto it = old.find(doc.id);
            if (!doc.document) {
                // The same content: only a line that moved is written (the stored card shows
                // it), and the terms stay as they are.
                if (it != old.end() && it->second.content != doc.content) {
                    Xapian::Document same = db.get_document(it->second.docid);
                    same.add_value(detail::kSlotContent, doc.content);
                    db.replace_document(it->second.docid, same);
                    ++stats.entriesMoved;
                }
                if (it != old.end()) {
                    old.erase(it);
                }
                continue;
            }
            ++stats.entriesWritten;
            if (it != old.end()) {
                takeBackSpelling(db, spelling, it->second.docid);
                db.replace_document(it->second.docid, *doc.document);
                old.erase(it);
            } else {
                db.add_document(*doc.document);
            }
        }
        for (const auto& [id, gone] : old) {
            takeBackSpelling(db, spelling, gone.docid);
            db.delete_document(gone.docid);
        }
        db.set_metadata(detail::sectionsMetaKey(built->file), built->sections);
        ++stats.filesRead;
    }
    pipeline.finish(diagnostics, spelling, stats.entriesParsed);
}

// The metadata of a written plan: the signatures of the files read or touched (the others' are
// already right), the synonyms, and what the index was built from.
void writePlanMetadata(Xapian::WritableDatabase& db, const Plan& plan, const std::string& key) {
    for (const auto* files : {&plan.changed, &plan.touched}) {
        for (const auto& file : *files) {
            if (auto it = plan.signatures.find(file); it != plan.signatures.end()) {
                setSignature(db, file, it->second);
            }
        }
    }
    db.set_metadata(std::string(detail::kMetaSynonyms), plan.synonyms);
    db.set_metadata(std::string(detail::kMetaMunicipalities), plan.places.encoded());
    db.set_metadata(std::string(detail::kMetaRoot), key);
    db.set_metadata(std::string(detail::kMetaSchema), std::string(detail::kSchema));
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
    if (!plan.rebuild) {
        db->begin_transaction(true);
    }
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
    for (const auto& file : plan.removed) {
        for (const auto& [id, indexed] : indexedOf(file)) {
            takeBackSpelling(*db, spelling, indexed.docid);
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
    indexedFiles.texts = std::move(plan.texts);
    // One file (an edit) is built on this thread: a second one would start, and take memory
    // of its own, for nothing to overlap.
    writeFiles(*db, root, plan.changed, plan.rebuild ? nullptr : &indexedFiles, callers,
               plan.places, stats, spelling, diagnostics, plan.changed.size() > 1);
    addSpelling(*db, spelling);
    writePlanMetadata(*db, plan, key);
    if (plan.rebuild) {
        db->commit();
    } else {
        db->commit_transaction();
    }
    stats.entries = db->get_doccount();
    db->close();
    detail::recordTableSizes(dbDir);
    out.insert(out.end(), diagnostics.begin(), diagnostics.end());
    return stats;
}

// The sizes of `files`, read once for both the number of parts and where they are cut (+1: an
// empty file still counts); a file gone meanwhile counts 0 and is reported by its build.
std::vector<std::uintmax_t> fileSizes(const fs::path& root, const std::vector<std::string>& files) {
    std::vector<std::uintmax_t> sizes;
    sizes.reserve(files.size());
    for (const auto& file : files) {
        std::error_code ec;
        const auto size = fs::file_size(root / file, ec);
        sizes.push_back(ec ? 0 : size + 1);
    }
    return sizes;
}

// How many parts a build from scratch is cut into: one a core (or as asked), never more than
// there are files, and one for a small KB, whose build takes less than a part's set-up.
std::size_t partsFor(const std::vector<std::uintmax_t>& sizes, unsigned jobs) {
    if (jobs != 0) {
        return std::max<std::size_t>(1, std::min<std::size_t>(jobs, sizes.size()));
    }
    std::uintmax_t bytes = 0;
    for (const auto size : sizes) {
        bytes += size;
    }
    constexpr std::uintmax_t kPartMinBytes = 4U << 20U;
    // Each part holds a writer's buffers (100-200 MB at 2 KB entries): a server's many cores
    // are not all taken.
    constexpr std::size_t kMaxAutoParts = 8;
    const std::size_t cores =
        std::min<std::size_t>(kMaxAutoParts, std::max(1U, std::thread::hardware_concurrency()));
    return std::max<std::size_t>(
        1, std::min({cores, sizes.size(), static_cast<std::size_t>(bytes / kPartMinBytes)}));
}

// Contiguous runs of files of about the same size, in order.
std::vector<std::vector<std::string>> cutIntoParts(const std::vector<std::string>& files,
                                                   const std::vector<std::uintmax_t>& sizes,
                                                   std::size_t parts) {
    std::uintmax_t total = 0;
    for (const auto size : sizes) {
        total += size;
    }
    std::vector<std::vector<std::string>> out(parts);
    std::uintmax_t done = 0;
    std::size_t part = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        // The next part begins once this one holds its share (by the file's middle byte), or
        // when only as many files are left as parts still without one.
        const std::size_t left = files.size() - i;
        if (!out[part].empty() && part + 1 < parts &&
            (left <= parts - part - 1 || (done + sizes[i] / 2) * parts >= (part + 1) * total)) {
            ++part;
        }
        out[part].push_back(files[i]);
        done += sizes[i];
    }
    return out;
}

// A build from scratch cut into contiguous runs of files: each run is written into a database
// of its own by a thread of its own, and the parts are compacted into dbDir in order, so the
// entries get the docids one writer would have given them. One Xapian writer is most of a
// build's time and cannot be shared; a compaction only copies what the parts wrote.
UpdateStats buildInParts(const fs::path& root, const fs::path& dbDir, const std::string& key,
                         const Plan& plan, const detail::CallerQueries& callers, Diagnostics& out,
                         std::size_t parts, const std::vector<std::uintmax_t>& sizes) {
    const auto runs = cutIntoParts(plan.changed, sizes, parts);
    const fs::path partsDir = dbDir / "parts";
    struct Part {
        UpdateStats stats;
        Diagnostics diagnostics;
        std::exception_ptr error;
    };
    std::vector<Part> done(runs.size());
    {
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            threads.emplace_back([&, i] {
                try {
                    const fs::path dir = partsDir / std::to_string(i);
                    fs::create_directories(dir);
                    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
                    std::unordered_map<std::string, int> spelling;
                    writeFiles(db, root, runs[i], nullptr, callers, plan.places, done[i].stats,
                               spelling, done[i].diagnostics, false);
                    addSpelling(db, spelling);
                    db.commit();
                    db.close();
                } catch (...) {
                    done[i].error = std::current_exception();
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
    }
    UpdateStats stats;
    stats.rebuilt = true;
    Diagnostics diagnostics;
    for (const auto& part : done) {
        if (part.error) {
            std::rethrow_exception(part.error);
        }
        stats.filesRead += part.stats.filesRead;
        stats.entriesWritten += part.stats.entriesWritten;
        stats.entriesParsed += part.stats.entriesParsed;
        diagnostics.insert(diagnostics.end(), part.diagnostics.begin(), part.diagnostics.end());
    }
    {
        Xapian::Database all;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            all.add_database(Xapian::Database((partsDir / std::to_string(i)).string()));
        }
        all.compact(dbDir.string());
    }
    std::error_code ec;
    fs::remove_all(partsDir, ec);
    Xapian::WritableDatabase db(dbDir.string(), Xapian::DB_OPEN);
    writePlanMetadata(db, plan, key);
    db.commit();
    stats.entries = db.get_doccount();
    db.close();
    detail::recordTableSizes(dbDir);
    out.insert(out.end(), diagnostics.begin(), diagnostics.end());
    return stats;
}

UpdateStats rebuildBeside(const fs::path& root, const fs::path& dbDir, const std::string& key,
                          const detail::CallerQueries& callers, Diagnostics& out, bool planReported,
                          const std::string& damage, unsigned jobs) {
    detail::requireIndexFolder(dbDir);
    std::error_code ec;
    fs::create_directories(dbDir.parent_path(), ec);
    const fs::path fresh = detail::besideIndex(dbDir, "new");
    detail::FolderRemover remover(fresh);
    Diagnostics ignored; // what the first plan already reported
    Plan plan =
        makePlan(nullptr, root, key, callerSignatures(callers), planReported ? ignored : out);
    const auto sizes = fileSizes(root, plan.changed);
    const std::size_t parts = partsFor(sizes, jobs);
    UpdateStats stats = parts > 1 ? buildInParts(root, fresh, key, plan, callers, out, parts, sizes)
                                  : apply(root, fresh, key, plan, callers, out);
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
        return rebuildBeside(root, dbDir, key, callers, diagnostics, planReported, damage,
                             options.jobs);
    } catch (const Xapian::Error& e) {
        throw Error(fmt::format("{}: индекс не записан: {}", dbDir.string(), e.get_description()));
    } catch (const fs::filesystem_error& e) {
        throw Error(fmt::format("{}: индекс не записан: {}", dbDir.string(), e.what()));
    }
}

} // namespace sufler::indexer
