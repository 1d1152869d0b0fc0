#pragma once
// The fields of the call cards, defined once: the key a field has on the command line
// (`sufler journal add key=value`, `--card-from-stdin`), its column in the register
// (Приложение 1 or 2) with the register's title, how the register writes it and how a value
// is read. The CLI, the monthly report's registers and the import's column names read them.
#include "sufler/journal/journal.h"

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sufler::journal {

template <typename Call> struct CallField {
    std::string_view key;                  // `key=value`
    std::string_view registerTitle;        // the register's column; empty when it has none
    std::string (*cell)(const Call& call); // the register's cell; may be null
    void (*set)(Call& call, const std::string& value); // throws sufler::Error naming the key
};
using IncomingField = CallField<IncomingCall>;
using OutgoingField = CallField<OutgoingCall>;

// In the order of the register's columns (fields the register lacks among them).
[[nodiscard]] std::span<const IncomingField> incomingFields();
[[nodiscard]] std::span<const OutgoingField> outgoingFields();

// The keys, comma-separated, for help and messages.
[[nodiscard]] std::string fieldKeys(std::span<const IncomingField> fields);
[[nodiscard]] std::string fieldKeys(std::span<const OutgoingField> fields);

// Sets one field from `key=value` text; an unknown key or a bad value throws sufler::Error
// naming it (and, for a key, listing the known ones).
void setField(IncomingCall& call, std::string_view key, const std::string& value);
void setField(OutgoingCall& call, std::string_view key, const std::string& value);
// `key=value` split at the first `=`; throws when there is none.
[[nodiscard]] std::pair<std::string, std::string> splitField(const std::string& text);
// `\n`, `\t`, `\r`, `\\` in a line of `--card-from-stdin`, so a value may hold line breaks.
[[nodiscard]] std::string unescapeLine(const std::string& text);

// The register's titles and a call's row in it.
[[nodiscard]] std::vector<std::string> registerTitles(std::span<const IncomingField> fields);
[[nodiscard]] std::vector<std::string> registerTitles(std::span<const OutgoingField> fields);
[[nodiscard]] std::vector<std::string> registerRow(const IncomingCall& call);
[[nodiscard]] std::vector<std::string> registerRow(const OutgoingCall& call);

} // namespace sufler::journal
