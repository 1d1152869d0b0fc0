#pragma once
// One table a vocabulary: an enum's values with the name files and JSON use and the Russian
// title people read, and the three lookups every such vocabulary needs.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace sufler::core {

template <typename Enum> struct EnumName {
    Enum value;
    std::string_view name;         // as written in files, options and JSON
    std::string_view titleRu = {}; // as shown to people; empty in name-only vocabularies
};

// The row of `value`; the row of `fallback` for a value the table lacks (a cast integer).
// `fallback` must be in the table.
template <typename Enum, std::size_t N>
[[nodiscard]] constexpr const EnumName<Enum>& enumRow(const std::array<EnumName<Enum>, N>& table,
                                                      Enum value, Enum fallback) {
    const EnumName<Enum>* found = nullptr;
    for (const auto& row : table) {
        if (row.value == value) {
            return row;
        }
        if (row.value == fallback) {
            found = &row;
        }
    }
    return *found;
}

// The value named `name` exactly; nullopt for any other text.
template <typename Enum, std::size_t N>
[[nodiscard]] constexpr std::optional<Enum>
parseEnumName(const std::array<EnumName<Enum>, N>& table, std::string_view name) {
    for (const auto& row : table) {
        if (row.name == name) {
            return row.value;
        }
    }
    return std::nullopt;
}

} // namespace sufler::core
