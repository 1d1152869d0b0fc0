#pragma once
// The search box and its results: searches as the operator types (on the worker), arrows move
// through the results, Enter opens one. A question the KB does not answer is said to be one, with
// the out-of-competence script (Ctrl+O) and the agencies of directory/ that fit it.
#include "console/markdown_view.h"
#include "console/view_context.h"
#include "console/worker.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sufler::console {

class SearchView {
public:
    struct State {
        std::string query;
        std::string sent;                  // the last query handed to the worker
        std::optional<kb::EntryKind> kind; // «только контакты» and the like
        std::optional<SearchReply> reply;
        std::vector<std::vector<Span>> snippets;       // parsed once per reply
        std::vector<std::vector<Span>> agencySnippets; // of reply->agencies
        int selected = 0;
        bool focusRequested = true;
        bool inputActive = false;
        bool scrollToSelected = false;
        std::uint64_t awaitedTicket = 0;
    };

    struct Outcome {
        bool queryChanged = false;       // send state().query / kind to the worker
        std::optional<std::string> open; // entry id clicked
        bool outOfCompetence = false;    // the out-of-competence script clicked (as Ctrl+O)
    };

    Outcome draw(const ViewContext& context, bool indexing, bool indexReady);

    void onReply(SearchReply reply);
    void moveSelection(int delta);
    [[nodiscard]] std::optional<std::string> selectedId() const;
    // Puts the keyboard into the box; with a query, replaces the text (script actions).
    void focus(std::optional<std::string> query = std::nullopt,
               std::optional<std::optional<kb::EntryKind>> kind = std::nullopt);
    void setAwaited(std::uint64_t ticket) { m_state.awaitedTicket = ticket; }
    [[nodiscard]] const State& state() const { return m_state; }
    [[nodiscard]] bool inputActive() const { return m_state.inputActive; }
    void markSent() { m_state.sent = m_state.query; }
    // The script offered when the KB has no answer, if the KB has it.
    [[nodiscard]] static const scripts::Script* offeredScript(const KbSnapshot* snapshot);

private:
    void drawNoAnswer(const ViewContext& context, Outcome& outcome);

    State m_state;
    bool m_forceSend = false;
};

} // namespace sufler::console
