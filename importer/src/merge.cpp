// The import's third stage: a source's pieces merged into the KB's files unit by unit,
// against what the manifest says it produced before.
#include "stages.h"

#include "sufler/core/text.h"
#include "sufler/kb/kb.h"

#include <fmt/format.h>

#include <algorithm>

namespace sufler::importer::detail {

namespace fs = std::filesystem;
using core::startsWith;
using core::trimmed;

namespace {

FileShape shapeOf(const std::string& file) {
    if (file.ends_with("/contacts.md") || startsWith(file, "directory/")) {
        return FileShape::Table;
    }
    if (file.ends_with("/npa.md")) {
        return FileShape::List;
    }
    return FileShape::Sections;
}

std::string newFileHead(const std::string& file) {
    if (startsWith(file, "directory/")) {
        return "# Справочник\n\nПеренесён с сетевого диска (sufler import-drive).\n\n";
    }
    if (file.ends_with("/faq.md")) {
        return "# Вопросы и ответы\n";
    }
    if (file.ends_with("/templates.md")) {
        return "# Шаблоны ответов\n";
    }
    if (file.ends_with("/contacts.md")) {
        return "# Контакты\n\n";
    }
    if (file.ends_with("/npa.md")) {
        return "# Нормативные правовые акты\n\n";
    }
    return "";
}

std::string sectionUnit(const std::string& title, const std::string& body) {
    return fmt::format("## {}\n\n{}", title, trimmed(body));
}

Unit* findUnit(KbFile& file, const std::string& key) {
    for (auto& unit : file.units) {
        if (unit.key == key) {
            return &unit;
        }
    }
    return nullptr;
}

// Which source produced each unit, over the whole manifest: for duplicates' messages.
std::string ownerOf(const Manifest& manifest, const std::string& file, const std::string& key) {
    for (const auto& [path, source] : manifest) {
        for (const auto& e : source.entries) {
            if (e.file == file && e.key == key) {
                return path;
            }
        }
    }
    return {};
}

} // namespace

KbFile& Workspace::file(const std::string& path) {
    auto it = files.find(path);
    if (it != files.end()) {
        return it->second;
    }
    const fs::path onDisk = kb / path;
    std::error_code ec;
    KbFile loaded;
    if (fs::is_regular_file(onDisk, ec)) {
        loaded = parseKbFile(readAll(onDisk), shapeOf(path));
    } else {
        loaded.shape = shapeOf(path);
        loaded.head = newFileHead(path);
    }
    return files.emplace(path, std::move(loaded)).first->second;
}

void mergeSource(Workspace& ws, Manifest& manifest, const std::string& sourcePath,
                 std::vector<Produced> produced, SourceOutcome& outcome) {
    const ManifestSource before =
        manifest.count(sourcePath) ? manifest[sourcePath] : ManifestSource{};
    std::vector<ManifestEntry> recorded;
    std::set<std::pair<std::string, std::string>> producedKeys;

    for (auto& item : produced) {
        KbFile& file = ws.file(item.file);
        if (item.shape == FileShape::Table) {
            if (file.columns.empty()) {
                // A new table: the columns the source's rows use, in the format's order.
                std::set<std::string> used;
                for (const auto& other : produced) {
                    if (other.file == item.file) {
                        for (const auto& f : other.fields) {
                            used.insert(f.first);
                        }
                    }
                }
                for (const auto& c : contactColumnOrder()) {
                    if (used.count(c)) {
                        file.columns.push_back(c);
                    }
                }
            }
            std::vector<std::string> lost;
            item.text = tableRow(file.columns, item.fields, lost);
            if (!lost.empty()) {
                outcome.guesses.push_back(
                    fmt::format("«{}»: в таблице {} нет столбцов {} — эти значения не перенесены",
                                item.title, item.file, fmt::join(lost, ", ")));
            }
        }
        Unit probe{{}, item.text};
        kb::AnchorSet anchors;
        const std::string key = kb::makeAnchor(unitTitle(probe, item.shape, file.columns));
        EntryOutcome entry{item.file, key, item.title, item.kind, EntryChange::Added, {}};
        if (key.empty()) {
            outcome.guesses.push_back(fmt::format("{} «{}» без букв и цифр в названии — не "
                                                  "перенесён",
                                                  item.kind, item.title));
            continue;
        }
        if (!producedKeys.emplace(item.file, key).second) {
            entry.change = EntryChange::Duplicate;
            entry.note = "повторяется в этом же документе";
            outcome.entries.push_back(std::move(entry));
            continue;
        }
        const auto was =
            std::find_if(before.entries.begin(), before.entries.end(), [&](const ManifestEntry& e) {
                return e.file == item.file && e.key == key;
            });
        Unit* existing = findUnit(file, key);
        const std::string newHash = unitHash(item.text);
        if (existing == nullptr) {
            if (was != before.entries.end()) {
                // Imported before and deleted in the KB since: a person's decision stands.
                entry.change = EntryChange::Conflict;
                entry.note = "запись удалена в базе после прошлого импорта — не восстановлена";
                recorded.push_back(*was);
            } else {
                file.units.push_back(Unit{key, item.text});
                ws.changedFiles.insert(item.file);
                recorded.push_back(ManifestEntry{item.file, key, newHash, item.kind, item.title});
            }
            outcome.entries.push_back(std::move(entry));
            continue;
        }
        const std::string currentHash = unitHash(existing->text);
        if (was == before.entries.end()) {
            entry.change = EntryChange::Duplicate;
            const std::string owner = ownerOf(manifest, item.file, key);
            entry.note = owner.empty() ? fmt::format("в {} уже есть такая запись (написана в "
                                                     "базе) — не перенесена",
                                                     item.file)
                                       : fmt::format("такая запись уже перенесена из «{}» — не "
                                                     "перенесена повторно",
                                                     owner);
        } else if (currentHash != was->hash) {
            entry.change = EntryChange::Conflict;
            entry.note = "запись изменена в базе после импорта — оставлена как есть; сравните с "
                         "документом и перенесите нужное вручную";
            recorded.push_back(*was);
        } else if (currentHash == newHash) {
            entry.change = EntryChange::Unchanged;
            recorded.push_back(*was);
        } else {
            existing->text = item.text;
            ws.changedFiles.insert(item.file);
            entry.change = EntryChange::Updated;
            recorded.push_back(ManifestEntry{item.file, key, newHash, item.kind, item.title});
        }
        outcome.entries.push_back(std::move(entry));
    }
    // What the source gave before and gives no more: removed unless people changed it.
    for (const auto& old : before.entries) {
        if (producedKeys.count({old.file, old.key})) {
            continue;
        }
        KbFile& file = ws.file(old.file);
        Unit* existing = findUnit(file, old.key);
        if (existing == nullptr) {
            continue;
        }
        EntryOutcome entry{old.file, old.key, old.title, old.kind, EntryChange::Removed, {}};
        if (unitHash(existing->text) != old.hash) {
            entry.change = EntryChange::Conflict;
            entry.note = "в документе записи больше нет, но в базе её изменили — оставлена";
        } else {
            file.units.erase(file.units.begin() + (existing - file.units.data()));
            ws.changedFiles.insert(old.file);
        }
        outcome.entries.push_back(std::move(entry));
    }
    for (auto& [path, file] : ws.files) {
        if (ws.changedFiles.count(path)) {
            file.rekey();
        }
    }
    ManifestSource& after = manifest[sourcePath];
    after.entries = std::move(recorded);
}

std::vector<Produced> producedOf(const SplitDocument& split, const std::string& slug) {
    std::vector<Produced> out;
    const std::string dir = "departments/" + slug + "/";
    for (const auto& piece : split.pieces) {
        Produced p;
        p.title = piece.title;
        switch (piece.kind) {
        case PieceKind::Faq:
            p.file = dir + "faq.md";
            p.kind = "вопрос";
            p.text = sectionUnit(piece.title, piece.body);
            break;
        case PieceKind::Template:
            p.file = dir + "templates.md";
            p.kind = "шаблон";
            p.text = sectionUnit(piece.title, piece.body);
            break;
        case PieceKind::Npa:
            p.file = dir + "npa.md";
            p.kind = "акт";
            p.text = "- " + piece.title;
            break;
        case PieceKind::Contact:
            p.file = dir + "contacts.md";
            p.kind = "контакт";
            p.fields = piece.fields;
            for (const auto& [column, value] : piece.fields) {
                if (column == "ФИО" || (p.title.empty() && column == "Организация")) {
                    p.title = value;
                }
            }
            if (p.title.empty()) {
                p.title = piece.fields.front().second;
            }
            break;
        }
        p.shape = shapeOf(p.file);
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace sufler::importer::detail
