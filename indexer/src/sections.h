#pragma once
// A KB file cut at its top-level `## ` lines without parsing it, so that an edit of one entry
// of a large file parses only the sections that changed. Internal to the indexer.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sufler::indexer::detail {

// A piece of a file's text: the part before the first `## ` line, or one `## ` line and what
// follows it up to the next.
struct Section {
    std::size_t begin = 0;
    std::size_t end = 0;
    int line = 1; // of its first line, 1-based
    std::string hash;
};

// nullopt when the text holds something a plain cut at `## ` lines cannot follow as cmark
// does: a code fence or an HTML block (a `## ` inside is not a heading), a setext heading, a
// link or footnote definition (used across sections), a heading indented by a few spaces, a
// BOM or a carriage return.
[[nodiscard]] std::optional<std::vector<Section>> cutSections(std::string_view text);

// What the index keeps of each section of a file: its hash, its first line and the ids of the
// entries it holds.
struct StoredSection {
    std::string hash;
    int line = 1;
    std::vector<std::string> ids;
};

// The sections of a file, and the signature of its entries' callers' queries (they are a part
// of the entries' content that the sections' hashes do not hold).
struct StoredSections {
    std::string callers;
    std::vector<StoredSection> sections;
};

[[nodiscard]] std::string encodeSections(const std::string& callers,
                                         const std::vector<StoredSection>& sections);
// Empty sections when the value is not one encodeSections() wrote.
[[nodiscard]] StoredSections decodeSections(std::string_view value);

// The metadata key of a file's sections, bounded like a term.
[[nodiscard]] std::string sectionsMetaKey(std::string_view path);

// True when sections parsed one by one give the same ids as the whole file: no id repeats, and
// none is another's with a `-N` that the anchor of a repeated heading would get.
[[nodiscard]] bool idsIndependent(const std::vector<std::string>& ids);

} // namespace sufler::indexer::detail
