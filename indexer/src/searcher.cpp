// Queries an operator types: as-you-type prefixes, the wrong keyboard layout, typos corrected
// from the KB's own words, synonyms of sufler.yaml, act numbers and phone fragments.
#include "searcher_impl.h"

namespace fs = std::filesystem;

namespace sufler::indexer {

Searcher::Impl::Impl(fs::path d) : dir(std::move(d)) {
    loadVocabulary();
    open();
}

void Searcher::Impl::loadVocabulary() {
    for (const auto& association : everydayVocabulary()) {
        VocabularyEntry entry;
        for (const auto& token : text::tokenize(association.everyday)) {
            entry.everyday.push_back(stem(token.word));
            vocabularyStems.insert(entry.everyday.back());
        }
        if (association.official.empty()) {
            // As written: «надо» is filler, «над» (its stem) may begin «надбавка».
            for (const auto& token : text::tokenize(association.everyday)) {
                fillerWords.insert(token.word);
            }
            continue;
        }
        for (const auto& phrase : association.official) {
            std::vector<std::string> stems;
            for (const auto& token : text::tokenize(phrase)) {
                if (!text::isStopword(token.word)) {
                    stems.push_back(stem(token.word));
                }
            }
            if (!stems.empty()) {
                entry.official.push_back(std::move(stems));
            }
        }
        if (!entry.everyday.empty() && !entry.official.empty()) {
            vocabulary.push_back(std::move(entry));
        }
    }
}

// Opens the index in `dir` afresh; the reader open so far stays when this throws.
void Searcher::Impl::open() {
    struct stat folder {};
    if (::stat(dir.c_str(), &folder) != 0) {
        throw Error(fmt::format("{}: индекса нет — его строит sufler index", dir.string()));
    }
    if (auto shorter = detail::shortenedTable(dir)) {
        throw IndexDamaged(fmt::format("{}: индекс повреждён: {}", dir.string(), *shorter));
    }
    try {
        Xapian::Database opened(dir.string());
        // An index a run never finished (or of another version of the program) would
        // answer «nothing found»: refused instead.
        if (opened.get_metadata(std::string(detail::kMetaSchema)) != detail::kSchema) {
            throw Error(fmt::format("{}: индекс не достроен или построен другой версией "
                                    "программы — постройте его заново: sufler index",
                                    dir.string()));
        }
        db = std::move(opened);
    } catch (const Xapian::Error& e) {
        rethrow(e, "индекс не открывается");
    }
    folderDevice = folder.st_dev;
    folderInode = folder.st_ino;
    loadSynonyms();
    loadPlaces();
}

// Sees the latest commit, or the rebuilt index now in the folder's place.
void Searcher::Impl::refresh() {
    struct stat folder {};
    if (::stat(dir.c_str(), &folder) == 0 &&
        (folder.st_dev != folderDevice || folder.st_ino != folderInode)) {
        open();
        return;
    }
    db.reopen();
    loadSynonyms();
    loadPlaces();
}

// A Xapian error as the project's: IndexDamaged when the files are damaged.
void Searcher::Impl::rethrow(const Xapian::Error& e, std::string_view what) const {
    if (detail::isDamage(e)) {
        throw IndexDamaged(
            fmt::format("{}: индекс повреждён: {}", dir.string(), e.get_description()));
    }
    throw Error(fmt::format("{}: {}: {}", dir.string(), what, e.get_description()));
}

void Searcher::Impl::loadSynonyms() {
    synonyms.clear();
    synonymStems.clear();
    auto groups =
        nlohmann::json::parse(db.get_metadata(std::string(detail::kMetaSynonyms)), nullptr, false);
    if (!groups.is_array()) {
        return;
    }
    for (const auto& group : groups) {
        std::vector<std::vector<SynonymWord>> members;
        for (const auto& member : group) {
            if (!member.is_string()) {
                continue;
            }
            std::vector<SynonymWord> words;
            for (const auto& token : text::tokenize(member.get<std::string>())) {
                if (!text::isStopword(token.word)) {
                    words.push_back(
                        {stem(token.word), token.word, text::letterCount(token.word) <= 4});
                    synonymStems.insert(words.back().stem);
                }
            }
            if (!words.empty()) {
                members.push_back(std::move(words));
            }
        }
        if (members.size() > 1) {
            synonyms.push_back(std::move(members));
        }
    }
}

void Searcher::Impl::loadPlaces() {
    std::string names = db.get_metadata(std::string(detail::kMetaMunicipalities));
    if (names != placeNames) {
        places = detail::Places::decoded(names, stem);
        placeNames = std::move(names);
    }
}

SearchResult Searcher::Impl::run(const std::string& query, const SearchOptions& options) {
    SearchResult result;
    result.query = query;
    if (query.find_first_not_of(" \t\r\n") == std::string::npos) {
        return result;
    }
    Highlight highlight;
    Xapian::Query xq;
    bool parsed = false;
    if (hasSyntax(query)) {
        try {
            xq = parseSyntax(query, highlight);
            parsed = true;
        } catch (const Xapian::QueryParserError&) {
            highlight = {}; // searched as plain words below
        }
    }
    if (!parsed) {
        bool prefixMode =
            options.asYouType && std::isspace(static_cast<unsigned char>(query.back())) == 0;
        std::string searched = correct(query, prefixMode);
        if (searched != query) {
            result.corrected = searched;
        }
        xq = build(searched, prefixMode, highlight, options.callerWords);
    }
    if (xq.empty()) {
        return result;
    }
    std::vector<Xapian::Query> filters;
    if (!options.department.empty() || options.directoryOnly) {
        // directory rows are indexed under the empty department
        filters.emplace_back(detail::boundedTerm(
            detail::term('D', options.directoryOnly ? std::string() : options.department)));
    }
    if (options.kind) {
        filters.emplace_back(detail::term('K', kb::kindName(*options.kind)));
    }
    if (!filters.empty()) {
        xq = Xapian::Query(Xapian::Query::OP_FILTER, xq,
                           Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(xq);
    Xapian::ValueCountMatchSpy spy(detail::kSlotDepartment);
    if (options.facets) {
        enquire.add_matchspy(&spy);
    }
    // Counting every match of a one-letter prefix costs tens of milliseconds in a large KB:
    // facets are counted over a sample of the matches and scaled to the estimated total.
    // Below the sample size (any specific query) they are exact.
    const std::size_t pool =
        highlight.needs.size() >= kLongQuestion ? kLongRerankPool : kRerankPool;
    Xapian::MSet mset = enquire.get_mset(
        0, static_cast<Xapian::doccount>(std::max<std::size_t>(options.limit, pool)),
        options.facets ? std::min<Xapian::doccount>(db.get_doccount(), kFacetSample) : 0);
    result.total = mset.get_matches_estimated();
    if (options.facets && spy.get_total() > 0) {
        double seen = spy.get_total();
        double scale = result.total > seen ? static_cast<double>(result.total) / seen : 1.0;
        for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
            auto count = static_cast<std::size_t>(it.get_termfreq() * scale + 0.5);
            result.byDepartment[*it] = std::max<std::size_t>(count, 1);
        }
    }
    // Second pass over the best matches: among entries that match alike, the one whose
    // title (or other wording) is most nearly the question comes first — «Как оформить
    // опеку над ребёнком?» before a long answer that mentions both words many times — and
    // one that covers more of a long question before one that holds a single word of it
    // many times. When the operator asks whom to transfer to (or for a law), the best
    // contacts (acts) join the pool and weigh more.
    struct Ranked {
        Xapian::Document doc;
        double score;
        double coverage;
        double territory = 1.0; // territoryFit of a contact
    };
    std::vector<Ranked> ranked;
    std::set<Xapian::docid> seen;
    auto take = [&](const Xapian::MSet& matches, double boost) {
        for (auto it = matches.begin(); it != matches.end(); ++it) {
            if (!seen.insert(*it).second) {
                continue;
            }
            Xapian::Document doc = it.get_document();
            double fit = 1.0 + kTitleCoverageBoost * titleCoverage(doc, highlight);
            double covered = coverage(doc, highlight);
            double score = it.get_weight() * fit * (0.3 + covered) *
                           kindPrior(doc.get_value(detail::kSlotKind));
            if (boost != 1.0 && doc.get_value(detail::kSlotKind) ==
                                    (highlight.intent == Intent::Transfer ? "contact" : "npa")) {
                // Those that hold the question come before any other entry; those that
                // hold a word of it merely weigh more.
                score *= covered >= kIntentCoverage ? boost : std::sqrt(boost);
            }
            double territory = 1.0;
            if (doc.get_value(detail::kSlotKind) == "contact") {
                territory =
                    territoryFit(doc.get_value(detail::kSlotTerritory), highlight.typedStems);
            }
            ranked.push_back({std::move(doc), score, covered, territory});
        }
    };
    double intentBoost = highlight.intent == Intent::Transfer ? kTransferBoost
                         : highlight.intent == Intent::Act    ? kActBoost
                                                              : 1.0;
    take(mset, intentBoost);
    if (intentBoost != 1.0) {
        Xapian::Enquire kindOnly(db);
        kindOnly.set_query(
            Xapian::Query(Xapian::Query::OP_FILTER, xq,
                          Xapian::Query(detail::term(
                              'K', highlight.intent == Intent::Transfer ? "contact" : "npa"))));
        take(kindOnly.get_mset(0, kIntentPool), intentBoost);
    }
    // A contact of another territory goes below the contacts of the place the question names
    // («я из Северогорска, куда обратиться…»), and, when the operator asks whom to transfer to,
    // below the contacts for the whole region that hold the question too; when neither is
    // there, it is still whom to transfer to. One of the place named goes up when transferring
    // only: otherwise the answer to read out stays before the office.
    bool generalHolds = std::any_of(ranked.begin(), ranked.end(), [](const Ranked& r) {
        return r.territory == 1.0 && r.coverage >= kIntentCoverage &&
               r.doc.get_value(detail::kSlotKind) == "contact";
    });
    const bool placeNamed = std::any_of(ranked.begin(), ranked.end(),
                                        [](const Ranked& r) { return r.territory > 1.0; });
    const bool transfer = highlight.intent == Intent::Transfer;
    for (auto& r : ranked) {
        if (r.territory > 1.0 ? transfer
                              : r.territory < 1.0 && (placeNamed || (transfer && generalHolds))) {
            r.score *= r.territory;
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
    result.confidence = ranked.empty() ? 0.0 : coverage(ranked.front().doc, highlight, true);
    // No contact holds what is asked («кто у вас по сурдопереводу»): the head of the department
    // whose entry answers it is whom to transfer to, right after that entry.
    if (highlight.intent == Intent::Transfer && !ranked.empty() &&
        std::none_of(ranked.begin(), ranked.end(), [](const Ranked& r) {
            return r.coverage >= kIntentCoverage && r.doc.get_value(detail::kSlotKind) == "contact";
        })) {
        if (auto head = departmentHead(ranked.front().doc.get_value(detail::kSlotDepartment))) {
            auto at = std::find_if(ranked.begin(), ranked.end(), [&](const Ranked& r) {
                return r.doc.get_docid() == head->get_docid();
            });
            if (at != ranked.begin()) {
                Ranked second =
                    at != ranked.end() ? *at : Ranked{*head, 0.0, coverage(*head, highlight)};
                if (at != ranked.end()) {
                    ranked.erase(at);
                }
                // Second: the words of a transfer may be the caller's own («мне позвонили…»),
                // and the entry that answers stays first.
                ranked.insert(ranked.begin() + 1, std::move(second));
            }
        }
    }
    if (ranked.size() > options.limit) {
        ranked.resize(options.limit);
    }
    for (const auto& [doc, score, covered, territory] : ranked) {
        detail::StoredEntry stored = detail::decodeStored(doc.get_data());
        Hit hit;
        hit.id = stored.id;
        hit.kind = stored.kind;
        hit.department = stored.department;
        hit.title = stored.title;
        std::string source = stored.text;
        if (source.empty() && !stored.otherWordings.empty()) {
            source = stored.otherWordings.front();
        }
        hit.snippet = snippet(source, highlight);
        hit.path = stored.path;
        hit.line = detail::lineOf(doc);
        hit.score = score;
        result.hits.push_back(std::move(hit));
    }
    return result;
}

// The department's head: its first contact whose position begins «Начальник» and that serves
// the whole region; none for the directory (no department) or a department without one.
std::optional<Xapian::Document> Searcher::Impl::departmentHead(const std::string& department) {
    if (department.empty()) {
        return std::nullopt;
    }
    Xapian::Enquire contacts(db);
    contacts.set_query(Xapian::Query(
        Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
        Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(detail::term('K', "contact")),
                      Xapian::Query(detail::boundedTerm(detail::term('D', department))))));
    contacts.set_weighting_scheme(Xapian::BoolWeight());
    contacts.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet all = contacts.get_mset(0, kHeadPool);
    for (auto it = all.begin(); it != all.end(); ++it) {
        Xapian::Document doc = it.get_document();
        if (!doc.get_value(detail::kSlotTerritory).empty()) {
            continue;
        }
        // The title lines: the name, then the position.
        std::string lines = doc.get_value(detail::kSlotTitles);
        for (std::size_t at = lines.find('\n'); at != std::string::npos;
             at = lines.find('\n', at + 1)) {
            if (text::fold(std::string_view(lines).substr(at + 1)).starts_with("начальник")) {
                return doc;
            }
        }
    }
    return std::nullopt;
}

// The query as it will be searched: chunks typed on the wrong layout converted, unknown
// words corrected from the KB's spelling data. Known text is never changed.
std::string Searcher::Impl::correct(const std::string& query, bool prefixMode) {
    auto chunks = splitChunks(query);
    std::string out;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        Chunk& chunk = chunks[i];
        bool lastIsPrefix = prefixMode && i + 1 == chunks.size();
        std::string best = chunk.text;
        if (!knownChunk(chunk.text, lastIsPrefix)) {
            std::vector<std::string> candidates;
            switch (text::scriptOf(chunk.text)) {
            case text::Script::Latin:
                candidates.push_back(text::layoutToRussian(chunk.text));
                break;
            case text::Script::Cyrillic:
                candidates.push_back(text::layoutToLatin(chunk.text));
                break;
            default:
                break;
            }
            bool found = false;
            for (const auto& candidate : candidates) {
                if (knownChunk(candidate, lastIsPrefix)) {
                    best = candidate;
                    found = true;
                    break;
                }
            }
            if (!found) {
                candidates.insert(candidates.begin(), chunk.text);
                for (const auto& candidate : candidates) {
                    std::string spelled = spell(candidate, lastIsPrefix);
                    if (spelled != candidate && knownChunk(spelled, lastIsPrefix)) {
                        best = spelled;
                        found = true;
                        break;
                    }
                }
            }
            if (!found) {
                // Partly known: correct what can be corrected, keep the rest as typed.
                best = spell(chunk.text, lastIsPrefix);
            }
        }
        out += best + chunk.space;
    }
    if (out == query) {
        return query;
    }
    return out;
}

Searcher::Searcher(const fs::path& dbDir) : m_impl(std::make_unique<Impl>(dbDir)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResult Searcher::search(const std::string& query, const SearchOptions& options) {
    for (int attempt = 0;; ++attempt) {
        try {
            return m_impl->run(query, options);
        } catch (const Xapian::DatabaseModifiedError&) {
            // Two commits happened since this reader opened: move to the latest state.
            if (attempt > 2) {
                throw Error(fmt::format("{}: индекс меняется слишком часто", m_impl->dir.string()));
            }
            try {
                m_impl->refresh();
            } catch (const Xapian::Error& e) {
                m_impl->rethrow(e, "индекс не открывается");
            }
        } catch (const Xapian::Error& e) {
            m_impl->rethrow(e, "поиск не выполнен");
        }
    }
}

void Searcher::reopen() {
    try {
        m_impl->refresh();
    } catch (const Xapian::Error& e) {
        m_impl->rethrow(e, "индекс не открывается");
    }
}

SearchOptions agencySearch(std::size_t limit) {
    SearchOptions options;
    options.kind = kb::EntryKind::Contact;
    options.directoryOnly = true;
    options.limit = limit;
    options.facets = false;
    return options;
}

} // namespace sufler::indexer
