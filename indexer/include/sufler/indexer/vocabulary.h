#pragma once
// The everyday-to-official vocabulary shipped with the program (indexer/data/everyday_ru.tsv):
// the words callers use for their troubles, family, money, illness, housing, work and documents,
// each with the terms of the regulations it stands for, and the filler words of speech. Searches
// add the official terms at a low weight, so that an entry using the caller's own words still
// comes first.
#include "sufler/core/error.h"

#include <string>
#include <string_view>
#include <vector>

namespace sufler::indexer {

struct Association {
    int line = 0;
    std::string everyday;              // one or more words, as written in the file
    std::vector<std::string> official; // what it stands for; empty for a filler word
};

// Parses the vocabulary's text: one association a line, `everyday words<TAB>term; term`, or
// `word<TAB>-` for a filler word; `#` starts a comment line. Throws sufler::Error naming
// `name:line` on a malformed line.
[[nodiscard]] std::vector<Association> parseVocabulary(std::string_view text,
                                                       std::string_view name);

// What is wrong with a vocabulary beyond its syntax, one line each, in Russian and naming
// `name:line`: an everyday phrase given twice, a term that stands for itself (all its words are
// the everyday words), a term or everyday phrase of stop words only.
[[nodiscard]] std::vector<std::string>
vocabularyProblems(const std::vector<Association>& vocabulary, std::string_view name);

// The shipped vocabulary, parsed once.
[[nodiscard]] const std::vector<Association>& everydayVocabulary();
[[nodiscard]] std::string_view everydayVocabularyText();

} // namespace sufler::indexer
