// The console's side of the PBX's ring (ring_listener.h, ring_view.h): the listener started,
// the rings it queued taken once a frame, and a ring's call card opened.
#include "console/console.h"

#include "sufler/core/error.h"
#include "sufler/core/phone.h"

#include <fmt/format.h>

#include <cstdio>

namespace sufler::console {

void Console::startRingListener(std::function<void()> wake) {
    std::string why;
    try {
        m_ringListener = std::make_unique<RingListener>(
            config::ringSocketPath(true), std::move(wake), m_options.mode == Mode::Training);
        if (!m_ringListener->listening())
            why = m_ringListener->problem();
    } catch (const Error& e) {
        why = e.what(); // the socket's folder is not this user's own
    }
    if (!why.empty()) {
        // the console works as well without: the operator types the number
        m_ringListener.reset();
        m_rings.setListening(false, why);
        message("Звонки с АТС этот пульт не принимает: " + why);
        std::fprintf(stderr, "sufler-app: звонки с АТС не принимаются: %s\n", why.c_str());
        return;
    }
    m_rings.setListening(true, {});
    if (m_ringListener->replacedStale())
        std::fprintf(stderr,
                     "sufler-app: сокет звонков АТС %s остался от прошлого запуска и заменён\n",
                     m_ringListener->socket().c_str());
}

void Console::collectRings() {
    if (!m_ringListener)
        return;
    for (config::Ring& ring : m_ringListener->take()) {
        // no call in progress, nothing else holding the keyboard, none waiting before it: the
        // card opens now; otherwise the ring waits for F7 and the call on the card is untouched
        if (m_options.mode == Mode::Training) {
            // a citizen on the line is not a training call: it waits for another operator
            message("Звонок с АТС: " + RingView::describe(ring) + " — " +
                    std::string(kTrainingRing));
            m_rings.wait(std::move(ring));
            continue;
        }
        const bool free = !m_session->inCall() && m_rings.empty() && !m_operatorPrompt.isOpen() &&
                          !m_outgoing.isOpen() && m_snapshot && m_snapshot->kb;
        if (free) {
            openRing(std::move(ring));
        } else {
            m_rings.wait(std::move(ring));
            m_ringConfirm = false;
        }
    }
    // what the journal knows of a waiting caller, for the status line
    while (const config::Ring* ring = m_rings.nextToLookUp()) {
        const std::string phone = ring->phone;
        m_recorder->loadHistory(
            phone,
            [this, phone](journal::CallerHistory history) {
                m_rings.setHistory(phone, std::move(history));
            },
            [](const std::string&) {}); // no hint then: the card shows the history once taken
    }
}

void Console::takeRing() {
    if (m_rings.empty()) {
        message("Звонков с АТС, ждущих ответа, нет");
        return;
    }
    if (m_options.mode == Mode::Training) {
        message("Идёт обучение: звонок с АТС здесь не принимается — его примет другой оператор. "
                "Чтобы принимать звонки, завершите обучение и запустите пульт без --training");
        return;
    }
    if (m_session->inCall() && !m_ringConfirm) {
        // as Ctrl+N: the call on the card is not dropped by one key
        m_ringConfirm = true;
        message(fmt::format("Звонок № {} не завершён: Ctrl+E — опрос и завершение; F7 ещё раз — "
                            "принять входящий, а звонок № {} останется открытым в журнале",
                            m_session->card().number, m_session->card().number));
        return;
    }
    openRing(m_rings.takeFirst());
}

void Console::openRing(config::Ring ring) {
    m_ringConfirm = false;
    m_session->newCall(m_operator, true);
    // read again even when the last card had the same number: that call is history now
    m_history.clear();
    // the number as people read it; its key is the PBX's, so the history is found as for a
    // typed number (lookUpCaller)
    CallCard& card = m_session->card();
    card.phone = core::displayPhone(ring.phone);
    m_session->cardChanged();
    message("Звонок с АТС: " + RingView::describe(ring) + " — новая карточка звонка");
    m_rings.opened(std::move(ring));
}

} // namespace sufler::console
