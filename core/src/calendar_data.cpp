// The shipped production-calendar decrees; the same data as kb/data/calendar/*.yaml.
#include "calendar_data.h"

namespace sufler::core::detail {

namespace {

// Постановление Правительства РФ от 04.10.2024 № 1335: 4 января → 2 мая, 5 января → 31 декабря,
// 23 февраля → 8 мая, 8 марта → 13 июня, суббота 1 ноября → 3 ноября.
constexpr MonthDay kHolidays2025[] = {
    {1, 1}, {1, 2}, {1, 3},  {1, 6},  {1, 7},  {1, 8},  {5, 1},   {5, 2},
    {5, 8}, {5, 9}, {6, 12}, {6, 13}, {11, 3}, {11, 4}, {12, 31},
};
constexpr MonthDay kWorkdays2025[] = {{11, 1}};

// Постановление Правительства РФ от 24.09.2025 № 1466: 3 января → 9 января,
// 4 января → 31 декабря; 8 марта и 9 мая переходят на 9 марта и 11 мая по статье 112 ТК РФ.
constexpr MonthDay kHolidays2026[] = {
    {1, 1},  {1, 2}, {1, 5}, {1, 6},  {1, 7},  {1, 8},  {1, 9},
    {2, 23}, {3, 9}, {5, 1}, {5, 11}, {6, 12}, {11, 4}, {12, 31},
};

constexpr DecreeYear kDecrees[] = {
    {2025,
     "постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»",
     kHolidays2025, kWorkdays2025},
    {2026,
     "постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году»",
     kHolidays2026,
     {}},
};

} // namespace

std::span<const DecreeYear> decreeYears() {
    return kDecrees;
}

} // namespace sufler::core::detail
