#pragma once
// The hotline's own towns and districts (sufler.yaml `municipalities`) found in text: in a
// contact's title and fields, which then serves that place, and in a question, which then asks
// about it. Both sides go through find(), so that «УСЗН Северогорск» and «я из Северогорска»,
// «Заречный р-н» and «живу в Заречном районе» come to the same place.
#include "schema.h"

#include "sufler/indexer/text.h"

#include <cstddef>
#include <string>
#include <vector>

namespace sufler::indexer::detail {

class Places {
public:
    Places() = default;
    // names: as the profile writes them: «Энск», «г. Новоборск», «Заречный район», «Энский р-н»,
    // «Луговской муниципальный округ». regionTexts: what names the region («Министерство … Энской
    // области»: the profile's organization and short name), whose adjective is not its capital's.
    Places(std::vector<std::string> names, const std::vector<std::string>& regionTexts,
           Stemmer& stem);

    // What the index keeps of it (kMetaMunicipalities), and the Places it was made from.
    [[nodiscard]] std::string encoded() const;
    [[nodiscard]] static Places decoded(const std::string& encoded, Stemmer& stem);

    struct Found {
        std::size_t first = 0; // tokens
        std::size_t last = 0;  // inclusive
        std::string key;       // the place's canonical key (placeKey)
    };

    // The places of the list named in tokens (text::tokenize), left to right, none overlapping;
    // a longer name before a shorter one it begins with («Энский район» before «Энск»).
    [[nodiscard]] std::vector<Found> find(const std::vector<text::Token>& tokens,
                                          Stemmer& stem) const;

    [[nodiscard]] bool empty() const { return m_places.empty(); }

private:
    struct Place {
        std::vector<std::string> stems; // fillers dropped, «р-н» as «район»
        std::string key;
    };
    void build(Stemmer& stem); // m_places of m_names and m_region

    std::vector<std::string> m_names;
    // Stems of the region's adjective («энск» of «Энской области»): «Энский центр социальной
    // помощи» serves the region, though «Энск» is a town of the list.
    std::vector<std::string> m_region;
    std::vector<Place> m_places; // more words first
};

// The key a place goes by in kSlotTerritory: the stems of its words joined by '+' («энск»,
// «заречн+район»). A one-word town's key is its stem, as a place found by the word patterns
// of territoryOf is, so that both kinds meet.
[[nodiscard]] std::string placeKey(const std::vector<std::string>& stems);

} // namespace sufler::indexer::detail
