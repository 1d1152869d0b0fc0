// The PBX's rings waiting in the status line.
#include "console/ring_view.h"

#include "sufler/core/date.h"
#include "sufler/core/phone.h"

#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>

namespace sufler::console {

void RingView::wait(config::Ring ring) {
    auto same = std::find_if(m_state.waiting.begin(), m_state.waiting.end(),
                             [&](const Waiting& w) { return w.ring.phone == ring.phone; });
    if (same != m_state.waiting.end()) {
        same->ring.line = ring.line; // rung again, perhaps on another line
        return;
    }
    m_state.waiting.push_back(Waiting{std::move(ring), false, std::nullopt});
}

config::Ring RingView::takeFirst() {
    config::Ring ring = std::move(m_state.waiting.front().ring);
    m_state.waiting.pop_front();
    return ring;
}

const config::Ring* RingView::nextToLookUp() {
    for (Waiting& waiting : m_state.waiting)
        if (!waiting.asked) {
            waiting.asked = true;
            return &waiting.ring;
        }
    return nullptr;
}

void RingView::setHistory(const std::string& phone, journal::CallerHistory history) {
    for (Waiting& waiting : m_state.waiting)
        if (waiting.ring.phone == phone)
            waiting.history = history;
}

std::string RingView::describe(const config::Ring& ring) {
    const std::string phone = core::displayPhone(ring.phone);
    return ring.line.empty() ? phone : fmt::format("{} (линия {})", phone, ring.line);
}

std::string RingView::hint(const Waiting& waiting) {
    if (!waiting.history || waiting.history->calls.empty())
        return {};
    const journal::CallerHistory& history = *waiting.history;
    std::string text = fmt::format("звонил раньше: {}", history.calls.size());
    if (!history.open.empty()) {
        const journal::HistoryOpenItem& owed = history.open.front();
        text += owed.overdue ? fmt::format(", ждёт ответа по № {}, срок истёк {}", owed.callNumber,
                                           formatRussianDate(owed.due))
                             : fmt::format(", ждёт ответа по № {} до {}", owed.callNumber,
                                           formatRussianDate(owed.due));
    }
    return text;
}

std::string RingView::statusText() const {
    if (m_state.waiting.empty())
        return {};
    const Waiting& first = m_state.waiting.front();
    std::string text = "входящий: " + describe(first.ring);
    if (const std::string known = hint(first); !known.empty())
        text += " — " + known;
    if (m_state.waiting.size() > 1)
        text += fmt::format(" (ещё {})", m_state.waiting.size() - 1);
    if (m_state.training)
        return text + " — " + std::string(kTrainingRing);
    return text + " · F7 — принять";
}

void RingView::drawStatus() const {
    const std::string text = statusText();
    if (text.empty())
        return;
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.45f, 0.85f, 1.0f, 1), "· %s", text.c_str());
}

} // namespace sufler::console
