// Informing campaigns: the call list, who calls whom next, the attempts and their results, and
// the manager's figures. The records are the store's (store.h); the rules are here.
#include "sufler/journal/campaigns.h"

#include "journal_state.h"
#include "text_util.h"

#include "sufler/core/enum_names.h"
#include "sufler/core/error.h"
#include "sufler/core/phone.h"
#include "sufler/core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>

namespace sufler::journal {

namespace {

constexpr auto kStatuses = std::to_array<core::EnumName<CampaignStatus>>({
    {CampaignStatus::Open, "open", "идёт"},
    {CampaignStatus::Closed, "closed", "закрыта"},
});

constexpr auto kResults = std::to_array<core::EnumName<CampaignResult>>({
    {CampaignResult::Informed, "informed", "проинформирован"},
    {CampaignResult::NotReached, "not-reached", "не дозвонился"},
    {CampaignResult::Refused, "refused", "отказался"},
    {CampaignResult::WrongNumber, "wrong-number", "ошибочный номер"},
    {CampaignResult::CallLater, "call-later", "перезвонить позже"},
});

// Intervals people set: up to two weeks of working days, or up to three days in hours.
constexpr int kMaxIntervalDays = 10;
constexpr int kMaxIntervalHours = 72;
constexpr int kMaxAttemptsLimit = 10;

int parseCount(std::string_view digits) {
    int value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || end != digits.data() + digits.size()) {
        return -1;
    }
    return value;
}

// `YYYY-MM-DD HH:MM:SS` as a day and the seconds of the day; the day only when it is none.
struct Moment {
    Date day{};
    int seconds = 0;
};

std::optional<Moment> parseMoment(const std::string& timestamp) {
    const auto day = parseDate(std::string_view(timestamp).substr(0, 10));
    if (!day || timestamp.size() < 19) {
        return std::nullopt;
    }
    const int h = parseCount(std::string_view(timestamp).substr(11, 2));
    const int m = parseCount(std::string_view(timestamp).substr(14, 2));
    const int s = parseCount(std::string_view(timestamp).substr(17, 2));
    if (h < 0 || m < 0 || s < 0) {
        return std::nullopt;
    }
    return Moment{*day, h * 3600 + m * 60 + s};
}

std::string formatMoment(const Moment& moment) {
    return fmt::format("{} {:02}:{:02}:{:02}", formatIsoDate(moment.day), moment.seconds / 3600,
                       moment.seconds / 60 % 60, moment.seconds % 60);
}

bool sameText(std::string_view a, std::string_view b) {
    return lowerTrim(a) == lowerTrim(b);
}

std::string orUnset(const std::string& text) {
    return text.empty() ? "(не указано)" : text;
}

bool reachedBy(CampaignResult result) {
    return result == CampaignResult::Informed || result == CampaignResult::Refused ||
           result == CampaignResult::CallLater;
}

void countAttempt(CampaignFigures& f, CampaignResult result) {
    ++f.attempts;
    if (result == CampaignResult::NotReached) {
        ++f.notReached;
    }
}

// A result that ends the calls, counted under its own figure.
void countEnding(CampaignFigures& f, CampaignResult result) {
    f.informed += result == CampaignResult::Informed ? 1 : 0;
    f.refused += result == CampaignResult::Refused ? 1 : 0;
    f.wrongNumber += result == CampaignResult::WrongNumber ? 1 : 0;
}

// The figures of one citizen of the list: where they ended up.
void countItem(CampaignFigures& f, const CampaignItem& item, bool reached) {
    ++f.listed;
    if (item.attempts > 0) {
        ++f.called;
    }
    if (reached) {
        ++f.reached;
    }
    if (!item.finished) {
        ++f.pending;
        return;
    }
    const auto result = item.lastResult.value_or(CampaignResult::NotReached);
    if (endsCalls(result)) {
        countEnding(f, result);
    } else {
        ++f.unreachable; // no attempt left
    }
}

std::vector<std::pair<std::string, CampaignFigures>>
sortedFigures(std::map<std::string, CampaignFigures> figures) {
    return {figures.begin(), figures.end()};
}

} // namespace

std::string_view campaignStatusName(CampaignStatus status) {
    return core::enumRow(kStatuses, status, CampaignStatus::Open).name;
}

std::string_view campaignStatusRu(CampaignStatus status) {
    return core::enumRow(kStatuses, status, CampaignStatus::Open).titleRu;
}

std::optional<CampaignStatus> parseCampaignStatus(std::string_view name) {
    return core::parseEnumName(kStatuses, name);
}

std::string_view campaignResultName(CampaignResult result) {
    return core::enumRow(kResults, result, CampaignResult::NotReached).name;
}

std::string_view campaignResultRu(CampaignResult result) {
    return core::enumRow(kResults, result, CampaignResult::NotReached).titleRu;
}

std::optional<CampaignResult> parseCampaignResult(std::string_view text) {
    std::string word = lowerTrim(text);
    std::replace(word.begin(), word.end(), '_', '-');
    for (const auto& row : kResults) {
        if (word == row.name || word == row.titleRu) {
            return row.value;
        }
    }
    return std::nullopt;
}

bool endsCalls(CampaignResult result) {
    return result == CampaignResult::Informed || result == CampaignResult::Refused ||
           result == CampaignResult::WrongNumber;
}

std::optional<CampaignInterval> parseCampaignInterval(std::string_view text) {
    const std::string t = lowerTrim(text);
    if (t.size() < 2) {
        return std::nullopt;
    }
    const int n = parseCount(std::string_view(t).substr(0, t.size() - 1));
    if (n <= 0) {
        return std::nullopt;
    }
    if (t.back() == 'd' && n <= kMaxIntervalDays) {
        return CampaignInterval{n, 0};
    }
    if (t.back() == 'h' && n <= kMaxIntervalHours) {
        return CampaignInterval{0, n};
    }
    return std::nullopt;
}

std::string campaignIntervalName(const CampaignInterval& interval) {
    return interval.workingDays > 0 ? fmt::format("{}d", interval.workingDays)
                                    : fmt::format("{}h", interval.hours);
}

std::string campaignIntervalRu(const CampaignInterval& interval) {
    return interval.workingDays > 0 ? fmt::format("{} раб. дн.", interval.workingDays)
                                    : fmt::format("{} ч", interval.hours);
}

std::string nextAttemptAt(const CampaignInterval& interval, const std::string& at,
                          const core::WorkCalendar& calendar) {
    auto moment = parseMoment(normalizeTimestamp(at));
    if (!moment) {
        throw Error(fmt::format("кампания: время попытки «{}» не распознано", at));
    }
    if (interval.workingDays > 0) {
        moment->day = calendar.addWorkingDays(moment->day, interval.workingDays);
        return formatMoment(*moment);
    }
    const int total = moment->seconds + interval.hours * 3600;
    moment->day = Date{std::chrono::sys_days(moment->day) + std::chrono::days(total / 86400)};
    moment->seconds = total % 86400;
    return formatMoment(*moment);
}

// --- campaigns ------------------------------------------------------------------------------

std::string Campaigns::question(const Campaign& campaign) {
    return fmt::format("Информирование о мере поддержки: {}", campaign.title);
}

Campaign Campaigns::create(Campaign c) {
    c.title = core::trimmed(c.title);
    c.entry = core::trimmed(c.entry);
    c.script = core::trimmed(c.script);
    if (c.title.empty()) {
        throw Error("кампания: не указано название (мера поддержки, о которой сообщают)");
    }
    if (c.maxAttempts < 1 || c.maxAttempts > kMaxAttemptsLimit) {
        throw Error(fmt::format("кампания: попыток дозвониться — от 1 до {}, указано {}",
                                kMaxAttemptsLimit, c.maxAttempts));
    }
    if (!parseCampaignInterval(campaignIntervalName(c.interval))) {
        throw Error(fmt::format("кампания: промежуток между попытками — от 1 до {} рабочих дней "
                                "или от 1 до {} часов",
                                kMaxIntervalDays, kMaxIntervalHours));
    }
    c.id = 0;
    c.status = CampaignStatus::Open;
    c.closedAt.clear();
    c.createdAt = m_journal.m_state->timestamp();
    c.id = m_journal.m_state->store->insertCampaign(c);
    return c;
}

std::optional<Campaign> Campaigns::campaign(CampaignId id) const {
    for (auto& c : m_journal.m_state->store->campaigns()) {
        if (c.id == id) {
            return std::move(c);
        }
    }
    return std::nullopt;
}

std::vector<Campaign> Campaigns::list() const {
    return m_journal.m_state->store->campaigns();
}

Campaign Campaigns::require(CampaignId id) const {
    auto c = campaign(id);
    if (!c) {
        throw Error(fmt::format("журнал: нет кампании № {}", id));
    }
    return std::move(*c);
}

Campaign Campaigns::close(CampaignId id) {
    Campaign c = require(id);
    if (c.status != CampaignStatus::Closed) {
        c.status = CampaignStatus::Closed;
        c.closedAt = m_journal.m_state->timestamp();
        m_journal.m_state->store->updateCampaign(c);
    }
    return c;
}

CampaignImport Campaigns::addContacts(CampaignId id, const std::vector<CampaignContact>& contacts) {
    const Campaign c = require(id);
    if (c.status == CampaignStatus::Closed) {
        throw Error(
            fmt::format("кампания № {} «{}» закрыта: список не пополняется", c.id, c.title));
    }
    auto& store = *m_journal.m_state->store;
    CampaignImport result;
    store.transaction([&] {
        for (const auto& contact : contacts) {
            const auto problem = [&](const std::string& reason) {
                result.problems.push_back(contact.source.empty()
                                              ? reason
                                              : fmt::format("{}: {}", contact.source, reason));
            };
            CampaignItem item;
            item.campaign = id;
            item.fullName = core::trimmed(contact.fullName);
            item.phone = core::trimmed(contact.phone);
            item.municipality = core::trimmed(contact.municipality);
            item.category = core::trimmed(contact.category);
            item.note = core::trimmed(contact.note);
            item.source = contact.source;
            if (item.fullName.empty()) {
                problem("не указано ФИО");
                continue;
            }
            item.phoneKey = core::normalizePhone(item.phone);
            if (!core::isFullPhone(item.phoneKey)) {
                problem(item.phone.empty()
                            ? fmt::format("{}: не указан телефон", item.fullName)
                            : fmt::format("{}: номер телефона «{}» не распознан (нужен номер с "
                                          "кодом города или мобильный)",
                                          item.fullName, item.phone));
                continue;
            }
            const auto cards = store.citizensByPhoneKey(item.phoneKey);
            if (cards.size() == 1) {
                item.citizen = cards.front().id;
                if (item.municipality.empty()) {
                    item.municipality = cards.front().municipality;
                }
            }
            if (!store.insertCampaignItem(item)) {
                problem(fmt::format("{}: телефон {} уже есть в списке кампании — повтор не "
                                    "добавлен",
                                    item.fullName, item.phone));
                continue;
            }
            ++result.added;
        }
    });
    return result;
}

std::vector<CampaignContact> Campaigns::contactsFromCards(const std::string& category,
                                                          const std::string& municipality) const {
    std::vector<CampaignContact> out;
    for (const auto& [card, nameKey] : m_journal.m_state->store->allCitizens()) {
        if (!municipality.empty() && !sameText(card.municipality, municipality)) {
            continue;
        }
        const auto hasCategory = std::any_of(card.categories.begin(), card.categories.end(),
                                             [&](const auto& c) { return sameText(c, category); });
        if (!category.empty() && !hasCategory) {
            continue;
        }
        CampaignContact contact;
        contact.fullName = card.fullName;
        contact.municipality = card.municipality;
        contact.category =
            category.empty() && !card.categories.empty() ? card.categories.front() : category;
        contact.source = fmt::format("карточка заявителя {}", card.id);
        // the first full number; a card with none is still listed, to be reported
        for (const auto& phone : card.phones) {
            if (core::isFullPhone(core::normalizePhone(phone))) {
                contact.phone = phone;
                break;
            }
        }
        if (contact.phone.empty() && !card.phones.empty()) {
            contact.phone = card.phones.front();
        }
        out.push_back(std::move(contact));
    }
    return out;
}

std::vector<CampaignItem> Campaigns::items(CampaignId id) const {
    return m_journal.m_state->store->campaignItems(id, {});
}

std::optional<CampaignItem> Campaigns::item(CampaignItemId id) const {
    return m_journal.m_state->store->campaignItem(id);
}

std::vector<CampaignCall> Campaigns::due() const {
    auto& state = *m_journal.m_state;
    const auto campaigns = state.store->campaigns();
    const std::string lapsed = state.lapsedBefore();
    std::vector<CampaignCall> out;
    for (auto& item : state.store->campaignItems(0, state.timestamp())) {
        const auto c = std::find_if(campaigns.begin(), campaigns.end(),
                                    [&](const Campaign& x) { return x.id == item.campaign; });
        if (c == campaigns.end()) {
            continue;
        }
        if (item.claim && item.claim->at < lapsed) {
            item.claim.reset();
        }
        out.push_back(CampaignCall{*c, std::move(item)});
    }
    return out;
}

std::optional<CampaignCall> Campaigns::next(const std::string& operatorName,
                                            const Workstation& workstation,
                                            std::optional<CampaignId> only) {
    auto& state = *m_journal.m_state;
    const CallbackClaim mine{operatorName, workstation, state.timestamp()};
    auto queue = due();
    if (only) {
        std::erase_if(queue, [&](const CampaignCall& call) { return call.campaign.id != *only; });
    }
    // one's own citizen first: an operator asking again is given the same one
    std::stable_partition(queue.begin(), queue.end(), [&](const CampaignCall& call) {
        return call.item.claim && call.item.claim->sameHolder(mine);
    });
    for (auto& call : queue) {
        if (call.item.claim && !call.item.claim->sameHolder(mine)) {
            continue;
        }
        const auto inForce =
            state.store->claimCampaignItem(call.item.id, mine, state.lapsedBefore(), mine.at);
        if (inForce && inForce->sameHolder(mine)) {
            call.item.claim = inForce;
            return std::move(call);
        }
    }
    return std::nullopt;
}

ClaimResult Campaigns::take(CampaignItemId id, const std::string& operatorName,
                            const Workstation& workstation) {
    auto& state = *m_journal.m_state;
    const CallbackClaim mine{operatorName, workstation, state.timestamp()};
    const auto inForce = state.store->claimCampaignItem(id, mine, state.lapsedBefore(), mine.at);
    if (!inForce) {
        throw Error(fmt::format("кампания: гражданин № {} списка сейчас не ждёт звонка (звонок "
                                "записан, кампания закрыта или срок следующей попытки не настал)",
                                id));
    }
    return ClaimResult{inForce->sameHolder(mine), *inForce};
}

void Campaigns::release(CampaignItemId id) {
    m_journal.m_state->store->releaseCampaignItem(id);
}

CampaignAttempt Campaigns::record(CampaignItemId id, CampaignResult result,
                                  const std::string& operatorName, const Workstation& workstation,
                                  const std::string& callLaterAt, const std::string& note,
                                  const std::string& at) {
    auto& state = *m_journal.m_state;
    CampaignAttempt attempt;
    state.store->transaction([&] {
        auto item = state.store->campaignItem(id);
        if (!item) {
            throw Error(fmt::format("журнал: в списках кампаний нет гражданина № {}", id));
        }
        const Campaign c = require(item->campaign);
        if (c.status == CampaignStatus::Closed) {
            throw Error(fmt::format("кампания № {} «{}» закрыта: звонки по ней не записываются",
                                    c.id, c.title));
        }
        if (item->finished) {
            throw Error(fmt::format(
                "кампания «{}»: по гражданину {} звонки закончены ({}), попытка не записана",
                c.title, item->fullName,
                item->lastResult ? campaignResultRu(*item->lastResult) : "попытки исчерпаны"));
        }
        const CallbackClaim mine{operatorName, workstation, {}};
        if (item->claim && item->claim->at >= state.lapsedBefore() &&
            !item->claim->sameHolder(mine)) {
            throw Error(
                fmt::format("кампания «{}»: гражданину {} звонит {}; результат записывает "
                            "он",
                            c.title, item->fullName,
                            holderName(item->claim->operatorName, item->claim->workstation)));
        }
        const std::string when = at.empty() ? state.timestamp() : normalizeTimestamp(at);
        if (!parseMoment(when)) {
            throw Error(fmt::format("кампания: время звонка «{}» не распознано", at));
        }
        std::string laterAt;
        if (result == CampaignResult::CallLater && !callLaterAt.empty()) {
            laterAt = normalizeTimestamp(callLaterAt);
            if (!isTimestamp(callLaterAt) || !parseMoment(laterAt)) {
                throw Error(fmt::format("кампания: время «{}», когда перезвонить, не распознано "
                                        "(ГГГГ-ММ-ДД ЧЧ:ММ)",
                                        callLaterAt));
            }
            if (laterAt <= when) {
                throw Error(fmt::format("кампания: перезвонить «{}» — это не позже звонка ({})",
                                        callLaterAt, when));
            }
        }

        OutgoingCall row;
        row.calledAt = when;
        row.calleeContact = fmt::format("{}, {}", item->fullName, item->phone);
        row.municipality = item->municipality;
        row.question = question(c);
        row.operatorName = operatorName;
        row.note = std::string(campaignResultRu(result));
        if (!laterAt.empty()) {
            row.note += fmt::format(" — {}", laterAt.substr(0, 16));
        }
        if (!core::trim(note).empty()) {
            row.note += fmt::format("; {}", core::trim(note));
        }
        row.source = fmt::format("кампания {}", c.id);

        attempt.item = item->id;
        attempt.campaign = c.id;
        attempt.number = item->attempts + 1;
        attempt.at = when;
        attempt.operatorName = operatorName;
        attempt.result = result;
        attempt.callLaterAt = laterAt;
        attempt.note = core::trimmed(note);
        attempt.outgoingId = m_journal.addOutgoing(row);
        attempt.id = state.store->insertCampaignAttempt(attempt);

        item->attempts = attempt.number;
        item->lastResult = result;
        item->lastAttemptAt = when;
        // a citizen who asked to be called later was reached: that is no failed attempt
        item->finished = endsCalls(result) ||
                         (result == CampaignResult::NotReached && item->attempts >= c.maxAttempts);
        item->dueAt =
            !laterAt.empty() ? laterAt : nextAttemptAt(c.interval, when, m_journal.calendar());
        state.store->updateCampaignItem(*item);
    });
    return attempt;
}

std::vector<CampaignAttempt> Campaigns::attempts(CampaignId id) const {
    return m_journal.m_state->store->campaignAttempts(id);
}

CampaignReport Campaigns::report(CampaignId id) const {
    CampaignReport r;
    r.campaign = require(id);
    r.items = items(id);
    r.attempts = attempts(id);
    std::set<CampaignItemId> reached;
    std::map<std::string, CampaignFigures> byOperator;
    for (const auto& a : r.attempts) {
        auto& f = byOperator[orUnset(a.operatorName)];
        countAttempt(f, a.result);
        countAttempt(r.total, a.result);
        if (reachedBy(a.result)) {
            reached.insert(a.item);
            ++f.reached;
        }
        countEnding(f, a.result); // an operator's own results: whom they informed, …
    }
    std::map<std::string, CampaignFigures> byMunicipality;
    for (const auto& item : r.items) {
        const bool wasReached = reached.count(item.id) > 0;
        countItem(r.total, item, wasReached);
        countItem(byMunicipality[orUnset(item.municipality)], item, wasReached);
    }
    for (const auto& a : r.attempts) {
        countAttempt(byMunicipality[orUnset([&] {
                         const auto it =
                             std::find_if(r.items.begin(), r.items.end(),
                                          [&](const CampaignItem& i) { return i.id == a.item; });
                         return it == r.items.end() ? std::string() : it->municipality;
                     }())],
                     a.result);
    }
    r.byOperator = sortedFigures(std::move(byOperator));
    r.byMunicipality = sortedFigures(std::move(byMunicipality));
    return r;
}

} // namespace sufler::journal
