#pragma once
// Shared pieces of the journal tests: odd and hostile text, a fully filled card.
#include "sufler/journal/journal.h"

#include <filesystem>
#include <string>
#include <vector>

namespace sufler::test {

// Text people type or paste, and text meant to break things: each must be stored and shown
// exactly as given.
[[nodiscard]] const std::vector<std::string>& hostileTexts();

// A card with every field set (from `seed`, so two cards differ).
[[nodiscard]] journal::IncomingCall fullCard(int seed, const std::string& text = "вопрос");

// Opens a fresh journal file in `dir`.
[[nodiscard]] journal::Journal freshJournal(const std::filesystem::path& dir,
                                            const std::string& name = "journal.sqlite");

} // namespace sufler::test
