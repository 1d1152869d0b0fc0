#pragma once
// How fresh the section of an entry is: a mark beside search results of overdue sections and
// a line under the entry's title with the last review and the nearest due date.
#include "console/fonts.h"
#include "sufler/kb/staleness.h"

#include <string>

namespace sufler::console {

class StalenessView {
public:
    // A short coloured mark («⚠ просрочено», «скоро срок»); nothing for a fresh section.
    // Returns whether it drew one (the caller puts the rest of the line after it).
    static bool drawMark(const kb::SectionStaleness* section);
    // «Раздел «…»: последняя актуализация 10.11.2026 (коммит 1a2b3c4) · срок 24.11.2026»
    static void drawSectionLine(const kb::SectionStaleness* section, const Fonts& fonts);
    [[nodiscard]] static std::string sectionLine(const kb::SectionStaleness& section);
};

} // namespace sufler::console
