#pragma once
// The open entry: its Markdown drawn (parsed once per entry and cached), the section's
// staleness, and what the entry's kind allows — a template copied with the card's data, a
// contact's phone with «перевести звонок».
#include "console/call_card.h"
#include "console/markdown_view.h"
#include "console/view_context.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sufler::console {

// Where a link written in an entry leads.
struct LinkTarget {
    enum class Kind { Entry, Action, External };
    Kind kind = Kind::External;
    std::string value; // entry id, `sufler:…`, or the URL
};

// Resolves `href` written in the file `fromPath` (relative to the KB root): `#anchor`,
// `faq.md#anchor`, `../other/faq.md#anchor` (percent-encoded or not), `sufler:…`, URLs.
[[nodiscard]] LinkTarget resolveLink(const std::string& fromPath, const std::string& href);

class EntryView {
public:
    struct State {
        std::string openId;
        std::vector<std::string> history;              // previous entries, for Esc / back
        std::map<std::string, MarkdownDocument> cache; // by entry id, cleared on a KB update
        std::string filledSource; // a template's Markdown with placeholders filled...
        MarkdownDocument filled;  // ...parsed again only when it changes
        std::map<std::string, std::vector<bool>> ticks; // task items ticked, by entry id
        bool scrollToTop = false;
    };

    struct Outcome {
        std::optional<std::string> openEntry;
        std::optional<std::string> action; // a `sufler:` link clicked
        bool copyTemplate = false;
        bool transfer = false;
    };

    Outcome draw(const ViewContext& context, const CallCard& card);

    void open(const std::string& id);
    bool back();
    void close();
    void onNewSnapshot(); // drops parsed documents: the KB changed
    [[nodiscard]] const std::string& openId() const { return m_state.openId; }
    [[nodiscard]] const kb::Entry* entry(const ViewContext& context) const;
    // A template's text as it goes to the clipboard: placeholders filled, Markdown reduced to
    // plain text.
    [[nodiscard]] static std::string templateText(const kb::Entry& entry, const CallCard& card,
                                                  const kb::Profile* profile);

private:
    const MarkdownDocument& document(const kb::Entry& entry);
    State m_state;
};

} // namespace sufler::console
