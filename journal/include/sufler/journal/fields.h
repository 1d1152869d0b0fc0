#pragma once
// The fields of the call cards, defined once: the key a field has on the command line
// (`sufler journal add key=value`, `--card-from-stdin`), its name for people — the register's
// column title (Приложение 1 or 2) or the card's — how a value is shown and read, and the other
// titles registers give its column. The CLI (`journal add`, `journal show`), the monthly
// report's registers and the import's column recognition read them.
#include "sufler/journal/journal.h"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sufler::journal {

// The municipality column's title when sufler.yaml gives none (`municipality_title`): the
// forms of one region name theirs «…, округи Краснодара, районы Сочи».
inline constexpr std::string_view kDefaultMunicipalityTitle = "Муниципальное образование";

template <typename Call> struct CallField {
    std::string_view key; // `key=value`
    // The name for people: the register's column title when `inRegister`, else the card's.
    std::string_view title;
    bool inRegister = false;
    // The title is the hotline's own: `municipality_title` of sufler.yaml replaces it.
    bool regionalTitle = false;
    // The value as people read it (the register's cell); null for a key that only sets (an
    // alias of a field shown under another key).
    std::string (*value)(const Call& call) = nullptr;
    void (*set)(Call& call, const std::string& value) = nullptr; // throws sufler::Error
    // Other titles a register may give the column, lower case, `*` for any text; the title
    // itself is recognised as the start of a column's title.
    std::array<std::string_view, 6> variants{};
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

// A field's title as this hotline's register writes it: `municipalityTitle` (sufler.yaml's;
// empty: the default) for the regional column.
[[nodiscard]] std::string fieldTitle(const IncomingField& field,
                                     std::string_view municipalityTitle);
[[nodiscard]] std::string fieldTitle(const OutgoingField& field,
                                     std::string_view municipalityTitle);

// The register's titles and a call's row in it.
[[nodiscard]] std::vector<std::string> registerTitles(std::span<const IncomingField> fields,
                                                      std::string_view municipalityTitle = {});
[[nodiscard]] std::vector<std::string> registerTitles(std::span<const OutgoingField> fields,
                                                      std::string_view municipalityTitle = {});
[[nodiscard]] std::vector<std::string> registerRow(const IncomingCall& call);
[[nodiscard]] std::vector<std::string> registerRow(const OutgoingCall& call);

// The whole card for people: (name, value) of every field shown, in the table's order.
[[nodiscard]] std::vector<std::pair<std::string, std::string>>
cardLines(const IncomingCall& call, std::string_view municipalityTitle = {});
[[nodiscard]] std::vector<std::pair<std::string, std::string>>
cardLines(const OutgoingCall& call, std::string_view municipalityTitle = {});

// Which register column a header cell titles: the index in `fields` of the field whose title or
// variant matches it best (the most letters matched; `municipalityTitle` counts as the
// regional field's title), with that count; none for a title no field of the register has.
struct ColumnMatch {
    std::size_t field = 0;
    std::size_t strength = 0;
};
[[nodiscard]] std::optional<ColumnMatch> recogniseColumn(std::span<const IncomingField> fields,
                                                         std::string_view header,
                                                         std::string_view municipalityTitle = {});
[[nodiscard]] std::optional<ColumnMatch> recogniseColumn(std::span<const OutgoingField> fields,
                                                         std::string_view header,
                                                         std::string_view municipalityTitle = {});

} // namespace sufler::journal
