// The journal's rules of the citizen across calls: a caller's history by phone within the
// retention period, and the applicant card (found, linked to calls, merged, deleted on request).
#include "sufler/journal/journal.h"
#include "sufler/journal/store.h"

#include "journal_state.h"
#include "text_util.h"

#include "sufler/core/error.h"
#include "sufler/core/phone.h"
#include "sufler/core/regulations.h"
#include "sufler/core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace sufler::journal {

// --- the citizen across calls ---------------------------------------------------------------

Date retentionStart(const Date& today) {
    using namespace std::chrono;
    const year_month ym =
        year_month{today.year(), today.month()} - years{regulations::kRetentionYears};
    const day last = year_month_day_last{ym / std::chrono::last}.day();
    return Date{ym / std::min(today.day(), last)};
}

CallerHistory Journal::callerHistory(std::string_view phone, const Date& today,
                                     std::optional<CallId> except) const {
    CallerHistory history;
    history.phone = core::normalizePhone(phone);
    history.since = retentionStart(today);
    if (history.phone.empty()) {
        return history;
    }
    auto& store = *m_state->store;
    for (auto& c : store.incomingByPhone(history.phone, history.since)) {
        if (except && c.id == *except) {
            continue;
        }
        HistoryCall h;
        h.id = c.id;
        h.number = c.number;
        h.receivedAt = std::move(c.receivedAt);
        h.phone = std::move(c.phone);
        h.callerName = std::move(c.callerName);
        h.question = std::move(c.question);
        h.department = std::move(c.department);
        h.municipality = std::move(c.municipality);
        h.operatorName = std::move(c.operatorName);
        h.survey = c.survey;
        h.closed = !c.closedAt.empty();
        h.deferred = store.deferred(c.id);
        if (h.deferred) {
            m_state->showClaim(*h.deferred);
            if (!h.deferred->done()) {
                HistoryOpenItem item;
                item.callId = h.id;
                item.callNumber = h.number;
                item.question = h.question;
                item.due = h.deferred->deadline();
                item.overdue = item.due < today;
                item.claim = h.deferred->claim;
                history.open.push_back(std::move(item));
            }
        }
        history.calls.push_back(std::move(h));
    }
    std::stable_sort(
        history.open.begin(), history.open.end(),
        [](const HistoryOpenItem& a, const HistoryOpenItem& b) { return a.due < b.due; });
    return history;
}

// --- the applicant card ----------------------------------------------------------------------

namespace {

Citizen requireCitizen(JournalStore& store, CitizenId id) {
    auto c = store.citizen(id);
    if (!c) {
        throw Error(fmt::format("журнал: нет карточки заявителя {}", id));
    }
    return std::move(*c);
}

// The phone keys of a card, each once, numbers only.
std::vector<std::string> phoneKeys(const Citizen& c) {
    std::vector<std::string> keys;
    for (const auto& phone : c.phones) {
        const auto key = core::normalizePhone(phone);
        if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) {
            keys.push_back(key);
        }
    }
    return keys;
}

void validateCitizen(const Citizen& c) {
    if (core::trimmed(c.fullName).empty()) {
        throw Error("журнал: в карточке заявителя должно быть ФИО");
    }
}

} // namespace

CitizenId Journal::createCitizen(const Citizen& card) {
    validateCitizen(card);
    auto& store = *m_state->store;
    CitizenId id = 0;
    store.transaction([&] {
        Citizen c = card;
        c.createdAt = m_state->timestamp();
        c.updatedAt = c.createdAt;
        id = store.insertCitizen(c, foldName(c.fullName));
        for (const auto& key : phoneKeys(c)) {
            // only calls of this number and of no other card's
            if (store.citizensByPhoneKey(key).size() == 1) {
                store.linkUnlinkedCalls(key, id);
            }
        }
    });
    return id;
}

void Journal::updateCitizen(CitizenId id, const Citizen& card) {
    validateCitizen(card);
    auto& store = *m_state->store;
    store.transaction([&] {
        const Citizen existing = requireCitizen(store, id);
        Citizen c = card;
        c.id = id;
        c.createdAt = existing.createdAt;
        c.updatedAt = m_state->timestamp();
        store.updateCitizen(c, foldName(c.fullName));
    });
}

std::optional<Citizen> Journal::citizen(CitizenId id) const {
    return m_state->store->citizen(id);
}

std::vector<Citizen> Journal::findCitizensByPhone(std::string_view phone) const {
    const auto key = core::normalizePhone(phone);
    if (key.empty()) {
        return {};
    }
    return m_state->store->citizensByPhoneKey(key);
}

std::vector<Citizen> Journal::findCitizensByName(std::string_view name) const {
    const std::string wanted = foldName(name);
    if (wanted.empty()) {
        return {};
    }
    std::vector<Citizen> exact;
    std::vector<Citizen> close;
    for (auto& [card, key] : m_state->store->allCitizens()) {
        if (key == wanted) {
            exact.push_back(std::move(card));
        } else if (editDistance(key, wanted) <= 1) {
            close.push_back(std::move(card));
        }
    }
    exact.insert(exact.end(), std::make_move_iterator(close.begin()),
                 std::make_move_iterator(close.end()));
    return exact;
}

void Journal::linkCall(CallId call, std::optional<CitizenId> citizen) {
    auto& store = *m_state->store;
    store.transaction([&] {
        requireIncoming(store, call);
        if (citizen) {
            requireCitizen(store, *citizen);
        }
        store.setCallCitizen(call, citizen);
    });
}

std::optional<CitizenId> Journal::citizenOfCall(CallId call) const {
    return m_state->store->callCitizen(call);
}

std::vector<IncomingCall> Journal::callsOfCitizen(CitizenId id) const {
    return m_state->store->citizenCalls(id);
}

std::vector<CitizenDuplicate> Journal::citizenDuplicates() const {
    const auto all = m_state->store->allCitizens();
    std::vector<CitizenDuplicate> out;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto keysA = phoneKeys(all[i].first);
        for (std::size_t k = i + 1; k < all.size(); ++k) {
            const auto& a = all[i].first;
            const auto& b = all[k].first;
            std::string reason;
            for (const auto& key : phoneKeys(b)) {
                if (std::find(keysA.begin(), keysA.end(), key) != keysA.end()) {
                    reason = "один телефон " + key;
                    break;
                }
            }
            if (reason.empty() && all[i].second == all[k].second &&
                !core::trimmed(a.birthYear).empty() &&
                core::trimmed(a.birthYear) == core::trimmed(b.birthYear)) {
                reason = "одно ФИО и год рождения";
            }
            if (!reason.empty()) {
                out.push_back(CitizenDuplicate{a.id, b.id, reason});
            }
        }
    }
    return out;
}

namespace {

// `keep` with what `drop` adds: empty fields filled, phones and family members it lacked,
// categories joined, the free texts of both kept.
CitizenMerge planMerge(const Citizen& keep, const Citizen& drop) {
    CitizenMerge m;
    m.result = keep;
    Citizen& r = m.result;
    const auto field = [&](std::string& mine, const std::string& theirs, const char* name) {
        if (core::trimmed(theirs).empty() || mine == theirs) {
            return;
        }
        if (core::trimmed(mine).empty()) {
            mine = theirs;
            m.filled.emplace_back(name);
        } else {
            m.differing.emplace_back(name);
        }
    };
    field(r.municipality, drop.municipality, "муниципальное образование");
    field(r.address, drop.address, "адрес");
    field(r.birthYear, drop.birthYear, "год рождения");
    field(r.consent, drop.consent, "основание обработки персональных данных");
    // free texts: both are kept
    const auto join = [](std::string& mine, const std::string& theirs) {
        if (core::trimmed(theirs).empty() || mine.find(theirs) != std::string::npos) {
            return;
        }
        mine = core::trimmed(mine).empty() ? theirs : mine + "\n" + theirs;
    };
    join(r.needs, drop.needs);
    join(r.measures, drop.measures);
    join(r.notes, drop.notes);
    const auto keys = phoneKeys(r);
    for (const auto& phone : drop.phones) {
        const auto key = core::normalizePhone(phone);
        if (key.empty() ? std::find(r.phones.begin(), r.phones.end(), phone) == r.phones.end()
                        : std::find(keys.begin(), keys.end(), key) == keys.end()) {
            r.phones.push_back(phone);
            m.phonesAdded.push_back(phone);
        }
    }
    for (const auto& member : drop.family) {
        if (std::find(r.family.begin(), r.family.end(), member) == r.family.end()) {
            r.family.push_back(member);
        }
    }
    for (const auto& category : drop.categories) {
        if (std::find(r.categories.begin(), r.categories.end(), category) == r.categories.end()) {
            r.categories.push_back(category);
        }
    }
    return m;
}

} // namespace

CitizenMerge Journal::previewMerge(CitizenId keep, CitizenId drop) const {
    if (keep == drop) {
        throw Error("журнал: карточку нельзя объединить с ней самой");
    }
    auto& store = *m_state->store;
    auto m = planMerge(requireCitizen(store, keep), requireCitizen(store, drop));
    m.callsMoved = static_cast<int>(store.citizenCalls(drop).size());
    return m;
}

CitizenMerge Journal::mergeCitizens(CitizenId keep, CitizenId drop) {
    auto& store = *m_state->store;
    CitizenMerge m;
    store.transaction([&] {
        m = previewMerge(keep, drop);
        m.result.updatedAt = m_state->timestamp();
        m.callsMoved = store.moveCitizenCalls(drop, keep);
        store.deleteCitizen(drop);
        store.updateCitizen(m.result, foldName(m.result.fullName));
    });
    return m;
}

int Journal::deleteCitizenOnRequest(CitizenId id) {
    auto& store = *m_state->store;
    int blanked = 0;
    store.transaction([&] {
        const Citizen c = requireCitizen(store, id);
        blanked = store.blankPersonalData(id, phoneKeys(c));
        store.deleteCitizen(id);
    });
    return blanked;
}

} // namespace sufler::journal
