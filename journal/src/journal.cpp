// The call journal's rules: numbering, deadlines, the transfer limit, extensions, validation;
// the records are kept by a JournalStore.
#include "sufler/journal/journal.h"
#include "sufler/journal/store.h"

#include "journal_state.h"
#include "text_util.h"

#include "sufler/core/clock.h"
#include "sufler/core/enum_names.h"
#include "sufler/core/error.h"
#include "sufler/core/phone.h"
#include "sufler/core/regulations.h"
#include "sufler/core/text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace sufler::journal {

namespace {

// The survey's words are also the names: the register, its CSV and the JSON of a card write
// them in Russian. Unknown is an empty cell.
constexpr auto kGenders = std::to_array<core::EnumName<Gender>>({
    {Gender::Unknown, ""},
    {Gender::Male, "м"},
    {Gender::Female, "ж"},
});

constexpr auto kAnswered = std::to_array<core::EnumName<Answered>>({
    {Answered::Unknown, ""},
    {Answered::Yes, regulations::kAnsweredAnswers[0]},
    {Answered::No, regulations::kAnsweredAnswers[1]},
});

constexpr auto kSatisfaction = std::to_array<core::EnumName<Satisfaction>>({
    {Satisfaction::Unknown, ""},
    {Satisfaction::Satisfied, regulations::kSatisfactionAnswers[0]},
    {Satisfaction::PartlySatisfied, regulations::kSatisfactionAnswers[1]},
    {Satisfaction::NotSatisfied, regulations::kSatisfactionAnswers[2]},
});

constexpr auto kFlagKinds = std::to_array<core::EnumName<FlagKind>>({
    {FlagKind::Outdated, "outdated", "ответ устарел"},
    {FlagKind::NoAnswer, "no_answer", "нет ответа в базе"},
});

Date dateOrThrow(const std::string& text) {
    auto d = parseDate(text.substr(0, std::min<std::size_t>(text.size(), 10)));
    if (!d) {
        throw Error(fmt::format("журнал: неверная дата «{}»", text));
    }
    return *d;
}

void validateTimestamp(const std::string& text, std::string_view field) {
    if (!isTimestamp(text)) {
        throw Error(
            fmt::format("журнал: {}: «{}» — не дата и время (ГГГГ-ММ-ДД ЧЧ:ММ[:СС])", field, text));
    }
}

void validateCard(const IncomingCall& c) {
    static_assert(regulations::kMaxTransfers == 2, "the message below says it in words");
    if (c.transfers.size() > static_cast<std::size_t>(regulations::kMaxTransfers)) {
        throw Error("журнал: не больше двух переключений за один звонок");
    }
    if (c.scriptAdherence && (*c.scriptAdherence < 0 || *c.scriptAdherence > 1)) {
        throw Error("журнал: соблюдение сценария — доля от 0 до 1");
    }
    if (c.durationSeconds < 0) {
        throw Error("журнал: длительность не может быть отрицательной");
    }
}

} // namespace

// --- small public helpers -----------------------------------------------------------------

void ensurePrivateFile(const std::filesystem::path& path, std::string_view what) {
    std::error_code ec;
    if (path.has_parent_path() && !std::filesystem::exists(path.parent_path(), ec)) {
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) {
            throw Error(fmt::format("{}: не удалось создать папку: {}", path.parent_path().string(),
                                    ec.message()));
        }
        ::chmod(path.parent_path().c_str(), 0700);
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            throw Error(fmt::format("{}: {} должен быть обычным файлом", path.string(), what));
        }
        if ((st.st_mode & 077) != 0) {
            throw Error(
                fmt::format("{}: {} доступен другим пользователям (права {:o}); в нём персональные "
                            "данные — выполните chmod 600 {}",
                            path.string(), what, st.st_mode & 0777, path.string()));
        }
        return;
    }
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) {
        throw Error(fmt::format("{}: не удалось создать {}: {}", path.string(), what,
                                std::strerror(errno)));
    }
    if (fd >= 0) {
        ::fchmod(fd, 0600); // whatever the umask
        ::close(fd);
    }
}

std::string nowTimestamp() {
    return core::formatLocal(core::now());
}

std::string_view genderRu(Gender gender) {
    return core::enumRow(kGenders, gender, Gender::Unknown).name;
}

std::string_view answeredRu(Answered answered) {
    return core::enumRow(kAnswered, answered, Answered::Unknown).name;
}

std::string_view satisfactionRu(Satisfaction satisfaction) {
    return core::enumRow(kSatisfaction, satisfaction, Satisfaction::Unknown).name;
}

std::optional<Gender> parseGender(std::string_view text) {
    const std::string t = lowerTrim(text);
    if (t.empty() || t == "-" || t == "—" || t == "не указан") {
        return Gender::Unknown;
    }
    if (t == "м" || t == "м." || t == "муж" || t == "муж." || t == "мужской" || t == "male" ||
        t == "m") {
        return Gender::Male;
    }
    if (t == "ж" || t == "ж." || t == "жен" || t == "жен." || t == "женский" || t == "female" ||
        t == "f") {
        return Gender::Female;
    }
    return std::nullopt;
}

std::optional<Answered> parseAnswered(std::string_view text) {
    const std::string t = lowerTrim(text);
    if (t.empty()) {
        return Answered::Unknown;
    }
    if (t == "да" || t == "yes" || t == "получен") {
        return Answered::Yes;
    }
    if (t == "нет" || t == "no" || t == "не получен") {
        return Answered::No;
    }
    return std::nullopt;
}

std::optional<Satisfaction> parseSatisfaction(std::string_view text) {
    std::string t = lowerTrim(text);
    for (auto& c : t) {
        if (c == '-' || c == '_') {
            c = ' ';
        }
    }
    // «удовлетворён» and «удовлетворен» alike.
    for (std::size_t pos; (pos = t.find("ё")) != std::string::npos;) {
        t.replace(pos, std::strlen("ё"), "е");
    }
    if (t.empty()) {
        return Satisfaction::Unknown;
    }
    if (t == "удовлетворен" || t == "удовлетворена" || t == "satisfied") {
        return Satisfaction::Satisfied;
    }
    if (t == "частично удовлетворен" || t == "частично удовлетворена" || t == "частично" ||
        t == "partly" || t == "partly satisfied") {
        return Satisfaction::PartlySatisfied;
    }
    if (t == "не удовлетворен" || t == "не удовлетворена" || t == "неудовлетворен" ||
        t == "not satisfied" || t == "not") {
        return Satisfaction::NotSatisfied;
    }
    return std::nullopt;
}

std::string formatContact(const IncomingCall& call) {
    if (call.callerBirthYear.empty()) {
        return call.callerName;
    }
    if (call.callerName.empty()) {
        return call.callerBirthYear;
    }
    return call.callerName + ", " + call.callerBirthYear;
}

void parseContact(std::string_view text, IncomingCall& call) {
    const std::string t = core::trimmed(text);
    // A trailing year («Иванова М.П., 1956», «Иванова 1956 г.р.») is the year of birth.
    std::size_t end = t.size();
    std::string tail = t;
    for (const char* suffix : {" г.р.", " г. р.", " г.р", " гр", " г."}) {
        const std::string s = suffix;
        if (tail.size() > s.size() && tail.compare(tail.size() - s.size(), s.size(), s) == 0) {
            end = tail.size() - s.size();
            break;
        }
    }
    if (end >= 4) {
        const std::string year = t.substr(end - 4, 4);
        const bool digits =
            std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; });
        const bool separated = end == 4 || t[end - 5] == ' ' || t[end - 5] == ',';
        if (digits && separated && (year[0] == '1' || year[0] == '2')) {
            std::string name = core::trimmed(std::string_view(t).substr(0, end - 4));
            while (!name.empty() && (name.back() == ',' || name.back() == ' ')) {
                name.pop_back();
            }
            call.callerName = name;
            call.callerBirthYear = year;
            return;
        }
    }
    call.callerName = t;
    call.callerBirthYear.clear();
}

std::string_view flagKindRu(FlagKind kind) {
    return core::enumRow(kFlagKinds, kind, FlagKind::NoAnswer).titleRu;
}

std::string_view flagKindName(FlagKind kind) {
    return core::enumRow(kFlagKinds, kind, FlagKind::NoAnswer).name;
}

bool Deferred::onTime() const {
    if (!done()) {
        return false;
    }
    const auto day = parseDate(answeredAt.substr(0, std::min<std::size_t>(answeredAt.size(), 10)));
    return day && *day <= deadline();
}

Period Period::month(std::chrono::year_month month) {
    return Period{Date{month / std::chrono::day{1}}, Date{month / std::chrono::last}};
}

std::string departmentOfEntry(std::string_view entryId) {
    constexpr std::string_view prefix = "departments/";
    if (entryId.substr(0, prefix.size()) != prefix) {
        return {};
    }
    const auto rest = entryId.substr(prefix.size());
    const auto slash = rest.find('/');
    return std::string(slash == std::string_view::npos ? std::string_view{}
                                                       : rest.substr(0, slash));
}

// --- the journal --------------------------------------------------------------------------

// «Петров А. А., рабочее место desk-2»
std::string holderName(const std::string& operatorName, const Workstation& workstation) {
    return fmt::format("{}, рабочее место {}",
                       operatorName.empty() ? "оператор не указан" : operatorName,
                       workstation.host.empty() ? workstation.id : workstation.host);
}

namespace {

// A call with a phone that matches exactly one card, and no card yet, is that card's.
void linkByPhone(JournalStore& store, CallId id, const std::string& phone) {
    const auto key = core::normalizePhone(phone);
    if (key.empty() || store.callCitizen(id)) {
        return;
    }
    const auto cards = store.citizensByPhoneKey(key);
    if (cards.size() == 1) {
        store.setCallCitizen(id, cards.front().id);
    }
}

// The refusal to write a callback another operator has taken.
Error claimedError(JournalStore& store, CallId id, const CallbackClaim& claim) {
    const auto call = store.incoming(id);
    return Error(fmt::format("журнал: обратный звонок по звонку № {} взят: {}, в {}; записать "
                             "его может только он",
                             call ? call->number : 0,
                             holderName(claim.operatorName, claim.workstation),
                             claim.at.size() >= 16 ? claim.at.substr(11, 5) : claim.at));
}

// The time given (or now) as `YYYY-MM-DD HH:MM:SS`; throws naming the field when it is none.
std::string timestampOrNow(const std::string& given, std::string_view field) {
    const std::string when = given.empty() ? nowTimestamp() : given;
    validateTimestamp(when, field);
    return normalizeTimestamp(when);
}

// A new incoming call as the register keeps it: validated, timed and numbered.
CallId insertIncoming(JournalStore& store, IncomingCall c) {
    validateCard(c);
    c.receivedAt = timestampOrNow(c.receivedAt, "дата и время звонка");
    c.number = std::max(c.number, 0); // 0: the store numbers it, atomically with the insert
    return store.insertIncoming(c);
}

} // namespace

IncomingCall requireIncoming(JournalStore& store, CallId id) {
    auto call = store.incoming(id);
    if (!call) {
        throw Error(fmt::format("журнал: нет входящего звонка с номером записи {}", id));
    }
    return std::move(*call);
}

Journal::Journal(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Journal::Journal(Journal&&) noexcept = default;
Journal& Journal::operator=(Journal&&) noexcept = default;
Journal::~Journal() = default;

std::filesystem::path Journal::defaultPath() {
    const char* data = std::getenv("XDG_DATA_HOME");
    std::filesystem::path base;
    if (data && *data) {
        base = data;
    } else {
        const char* home = std::getenv("HOME");
        if (!home || !*home) {
            throw Error("не задан HOME: укажите журнал явно (--journal FILE)");
        }
        base = std::filesystem::path(home) / ".local" / "share";
    }
    return base / "sufler" / "journal.sqlite";
}

Journal Journal::open(const std::string& where, const core::WorkCalendar& calendar) {
    return open(openStore(where), calendar);
}

Journal Journal::open(std::unique_ptr<JournalStore> store, const core::WorkCalendar& calendar) {
    auto state = std::make_unique<State>();
    state->store = std::move(store);
    state->calendar = calendar;
    return Journal(std::move(state));
}

void Journal::setCalendar(const core::WorkCalendar& calendar) {
    std::lock_guard lock(m_state->calendarMutex);
    m_state->calendar = calendar;
}

core::WorkCalendar Journal::calendar() const {
    std::lock_guard lock(m_state->calendarMutex);
    return m_state->calendar;
}

std::string Journal::describe() const {
    return m_state->store->describe();
}

std::filesystem::path Journal::localFile(std::string_view suffix) const {
    return m_state->store->localFile(suffix);
}

int Journal::schemaVersion() const {
    return m_state->store->schemaVersion();
}

void Journal::transaction(const std::function<void()>& body) {
    m_state->store->transaction(body);
}

// --- incoming calls -------------------------------------------------------------------------

CallId Journal::startIncoming(const IncomingCall& card) {
    IncomingCall c = card;
    if (c.source.empty()) {
        c.source = "console";
    }
    c.closedAt.clear();
    CallId id = 0;
    const auto session = m_state->session;
    m_state->store->transaction([&] {
        id = insertIncoming(*m_state->store, c);
        if (session) {
            m_state->store->setCallSession(id, session->id); // the call is this run's
        }
        linkByPhone(*m_state->store, id, c.phone);
    });
    return id;
}

void Journal::requireOwnCall(const IncomingCall& call) const {
    const auto holder = m_state->store->callHolder(call.id);
    if (!holder || (m_state->session && holder->session == m_state->session->id) ||
        !m_state->alive(*holder)) {
        return;
    }
    throw Error(fmt::format("журнал: звонок № {} ведёт другой пульт ({}); записывать в него "
                            "может только он",
                            call.number, holderName(holder->operatorName, holder->workstation)));
}

CallId Journal::addIncoming(const IncomingCall& call) {
    IncomingCall c = call;
    if (!c.closedAt.empty()) {
        validateTimestamp(c.closedAt, "время закрытия");
        c.closedAt = normalizeTimestamp(c.closedAt);
    }
    CallId id = 0;
    m_state->store->transaction([&] {
        id = insertIncoming(*m_state->store, c);
        linkByPhone(*m_state->store, id, c.phone);
    });
    return id;
}

void Journal::saveCard(CallId id, const IncomingCall& card) {
    saveCardAs(id, card, false);
}

void Journal::saveDraft(CallId id, const IncomingCall& card) {
    saveCardAs(id, card, true);
}

void Journal::saveCardAs(CallId id, const IncomingCall& card, bool draft) {
    validateCard(card);
    auto& store = *m_state->store;
    const auto write = [&](const std::function<void()>& body) {
        draft ? store.draftTransaction(body) : store.transaction(body);
    };
    write([&] {
        const IncomingCall existing = requireIncoming(store, id);
        requireOwnCall(existing);
        IncomingCall c = card;
        c.receivedAt = timestampOrNow(c.receivedAt.empty() ? existing.receivedAt : c.receivedAt,
                                      "дата и время звонка");
        if (c.source.empty()) {
            c.source = existing.source;
        }
        store.updateIncoming(id, c);
        linkByPhone(store, id, c.phone);
    });
}

void Journal::closeCall(CallId id, const Survey& survey, const std::string& at) {
    auto& store = *m_state->store;
    store.transaction([&] {
        const IncomingCall existing = requireIncoming(store, id);
        requireOwnCall(existing);
        const std::string now = timestampOrNow(at, "время закрытия");
        int duration = existing.durationSeconds;
        if (duration == 0) {
            duration = std::max(0, secondsBetween(existing.receivedAt, now));
        }
        store.closeIncoming(id, survey, now, duration);
    });
}

std::optional<IncomingCall> Journal::incoming(CallId id) const {
    return m_state->store->incoming(id);
}

std::vector<IncomingCall> Journal::incomingCalls(const Period& period) const {
    return m_state->store->incomingCalls(period);
}

std::vector<IncomingCall> Journal::openCalls() const {
    return m_state->store->openCalls();
}

// --- outgoing calls -------------------------------------------------------------------------

CallId Journal::addOutgoing(const OutgoingCall& call) {
    auto& store = *m_state->store;
    CallId id = 0;
    store.transaction([&] {
        OutgoingCall c = call;
        c.calledAt = timestampOrNow(c.calledAt, "дата и время звонка");
        c.number = std::max(c.number, 0); // 0: the store numbers it
        if (c.incomingId) {
            requireIncoming(store, *c.incomingId);
        }
        id = store.insertOutgoing(c);
    });
    return id;
}

void Journal::saveOutgoing(CallId id, const OutgoingCall& call) {
    auto& store = *m_state->store;
    store.transaction([&] {
        const auto existing = store.outgoing(id);
        if (!existing) {
            throw Error(fmt::format("журнал: нет исходящего звонка с номером записи {}", id));
        }
        OutgoingCall c = call;
        c.calledAt = timestampOrNow(c.calledAt.empty() ? existing->calledAt : c.calledAt,
                                    "дата и время звонка");
        if (c.incomingId) {
            requireIncoming(store, *c.incomingId);
        }
        store.updateOutgoing(id, c);
    });
}

std::optional<OutgoingCall> Journal::outgoing(CallId id) const {
    return m_state->store->outgoing(id);
}

std::vector<OutgoingCall> Journal::outgoingCalls(const Period& period) const {
    return m_state->store->outgoingCalls(period);
}

// --- deferred answers -----------------------------------------------------------------------

Deferred Journal::deferAnswer(CallId id, const std::string& phone,
                              const std::string& convenientHours) {
    auto& store = *m_state->store;
    const auto workCalendar = calendar();
    Deferred d;
    store.transaction([&] {
        const IncomingCall call = requireIncoming(store, id);
        if (store.deferred(id)) {
            throw Error(fmt::format("журнал: для звонка {} отсроченный ответ уже оформлен", id));
        }
        d.callId = id;
        d.phone = phone.empty() ? call.phone : phone;
        d.convenientHours = convenientHours;
        d.createdOn = dateOrThrow(call.receivedAt);
        // «перезвонить гражданину в течение 1-го рабочего дня»
        d.due = workCalendar.addWorkingDays(d.createdOn, regulations::kCallbackWorkingDays);
        store.insertDeferred(d);
    });
    return d;
}

Deferred Journal::extendDeferred(CallId id, int workingDays, const std::string& reason,
                                 bool callerInformed, const std::optional<CallbackClaim>& by) {
    if (workingDays < 1 || workingDays > regulations::kMaxExtensionWorkingDays) {
        throw Error(fmt::format("журнал: продлить можно на 1–{} рабочих дней",
                                regulations::kMaxExtensionWorkingDays));
    }
    if (core::trimmed(reason).empty()) {
        throw Error("журнал: у продления должна быть причина");
    }
    auto& store = *m_state->store;
    const auto workCalendar = calendar();
    Deferred d;
    store.transaction([&] {
        auto found = store.deferred(id);
        if (!found) {
            throw Error(fmt::format("журнал: у звонка {} нет отсроченного ответа", id));
        }
        d = *found;
        if (d.done()) {
            throw Error(fmt::format("журнал: ответ по звонку {} уже дан", id));
        }
        if (const auto claim = m_state->liveClaim(d); claim && !(by && claim->sameHolder(*by))) {
            throw claimedError(store, id, *claim);
        }
        // One extension: the rules allow no second one. Checked inside the write
        // transaction, so two consoles cannot both extend.
        if (d.extendedTo) {
            throw Error(fmt::format("журнал: срок ответа по звонку {} уже продлён до {}", id,
                                    formatRussianDate(*d.extendedTo)));
        }
        d.extendedTo = workCalendar.addWorkingDays(d.due, workingDays);
        d.extensionReason = reason;
        d.callerInformed = callerInformed;
        store.updateDeferred(d);
    });
    return d;
}

Deferred Journal::completeDeferred(CallId id, const std::string& result, const std::string& at,
                                   const std::optional<CallbackClaim>& by) {
    auto& store = *m_state->store;
    Deferred d;
    store.transaction([&] {
        auto found = store.deferred(id);
        if (!found) {
            throw Error(fmt::format("журнал: у звонка {} нет отсроченного ответа", id));
        }
        d = *found;
        // The result said to the caller is a record: a second callback does not write over it.
        if (d.done()) {
            throw Error(fmt::format("журнал: результат по звонку {} уже записан {}: {}", id,
                                    d.answeredAt, d.result));
        }
        if (const auto claim = m_state->liveClaim(d); claim && !(by && claim->sameHolder(*by))) {
            throw claimedError(store, id, *claim);
        }
        if (core::trimmed(result).empty()) {
            throw Error("журнал: результат обратного звонка не может быть пустым");
        }
        d.answeredAt = timestampOrNow(at, "время ответа");
        d.result = result;
        store.updateDeferred(d);
        // The callback is an outgoing call of its own (Приложение 2), registered with the
        // answer in the same transaction: one is never kept without the other.
        const IncomingCall call = requireIncoming(store, id);
        OutgoingCall out;
        out.calledAt = d.answeredAt;
        out.calleeContact = formatContact(call);
        if (!d.phone.empty()) {
            out.calleeContact += (out.calleeContact.empty() ? "" : ", ") + d.phone;
        }
        out.municipality = call.municipality;
        out.question = call.question;
        const auto claim = m_state->liveClaim(*found);
        out.operatorName = by ? by->operatorName : claim ? claim->operatorName : std::string();
        out.note = std::string(kCallbackNote);
        out.incomingId = id;
        out.source = "callback";
        store.insertOutgoing(out);
    });
    return d;
}

std::optional<Deferred> Journal::deferred(CallId id) const {
    auto d = m_state->store->deferred(id);
    if (d) {
        m_state->showClaim(*d);
    }
    return d;
}

std::vector<Deferred> Journal::deferredAnswers(const Period& period) const {
    auto all = m_state->store->deferredAnswers(period);
    for (auto& d : all) {
        m_state->showClaim(d);
    }
    return all;
}

std::vector<Callback> Journal::callbacksDue(const Date& today) const {
    return callbackQueue(today, 0);
}

std::vector<Callback> Journal::callbackQueue(const Date& today, int aheadWorkingDays) const {
    const Date until =
        aheadWorkingDays > 0 ? calendar().addWorkingDays(today, aheadWorkingDays) : today;
    auto due = m_state->store->openCallbacks(until);
    for (auto& cb : due) {
        cb.overdue = cb.deferred.deadline() < today;
        cb.upcoming = cb.deferred.deadline() > today;
        m_state->showClaim(cb.deferred);
    }
    return due;
}

// --- the shared callback queue --------------------------------------------------------------

ClaimResult Journal::claimCallback(CallId id, const std::string& operatorName,
                                   const Workstation& workstation) {
    if (core::trimmed(operatorName).empty()) {
        throw Error("журнал: кто берёт обратный звонок — укажите оператора");
    }
    auto& store = *m_state->store;
    ClaimResult result;
    store.transaction([&] {
        const auto found = store.deferred(id);
        if (!found) {
            throw Error(fmt::format("журнал: у звонка {} нет отсроченного ответа", id));
        }
        if (found->done()) {
            throw Error(
                fmt::format("журнал: ответ по звонку {} уже дан {}", id, found->answeredAt));
        }
        const CallbackClaim claim{operatorName, workstation, m_state->timestamp()};
        const auto inForce = store.claimDeferred(id, claim, m_state->lapsedBefore());
        if (!inForce) {
            throw Error(fmt::format("журнал: ответ по звонку {} уже дан", id));
        }
        result.won = inForce->sameHolder(claim);
        result.claim = *inForce;
    });
    return result;
}

std::optional<CallbackClaim> Journal::releaseCallback(CallId id,
                                                      const std::optional<CallbackClaim>& by) {
    auto& store = *m_state->store;
    std::optional<CallbackClaim> released;
    store.transaction([&] {
        const auto found = store.deferred(id);
        if (!found) {
            throw Error(fmt::format("журнал: у звонка {} нет отсроченного ответа", id));
        }
        if (found->done()) {
            throw Error(
                fmt::format("журнал: ответ по звонку {} уже дан {}", id, found->answeredAt));
        }
        released = m_state->liveClaim(*found);
        if (released && by && !released->sameHolder(*by)) {
            throw claimedError(store, id, *released);
        }
        if (found->claim) {
            store.releaseDeferred(id); // a lapsed claim is cleared too
        }
    });
    return released;
}

// --- who holds a call -----------------------------------------------------------------------

void Journal::attachConsole(const ConsoleSession& session, bool exclusive) {
    auto& store = *m_state->store;
    store.transaction([&] {
        store.saveSession(session, m_state->timestamp());
        if (exclusive) {
            // the workstation's lock is this run's: every earlier run of it is over
            store.endSessions(session.workstation.id, session.id);
        }
    });
    m_state->session = session;
}

const std::optional<ConsoleSession>& Journal::consoleSession() const {
    return m_state->session;
}

void Journal::heartbeat() {
    if (m_state->session) {
        m_state->store->touchSession(m_state->session->id, m_state->timestamp());
    }
}

void Journal::detachConsole() {
    if (m_state->session) {
        m_state->store->touchSession(m_state->session->id, "");
        m_state->session.reset();
    }
}

std::optional<IncomingCall> Journal::resumeOwnCall() {
    const auto session = m_state->session;
    if (!session) {
        throw Error("журнал: пульт не зарегистрирован в журнале — звонок не восстановить");
    }
    auto& store = *m_state->store;
    std::optional<IncomingCall> taken;
    store.transaction([&] {
        for (auto& call : store.openCalls()) {
            if (call.source != "console") {
                continue;
            }
            // a call from before the journal knew workstations has no holder: the first
            // console to ask takes it
            if (const auto holder = store.callHolder(call.id);
                holder && (holder->workstation.id != session->workstation.id ||
                           (holder->session != session->id && m_state->alive(*holder)))) {
                continue;
            }
            if (!taken || call.id > taken->id) {
                taken = std::move(call);
            }
        }
        if (taken) {
            store.setCallSession(taken->id, session->id);
        }
    });
    return taken;
}

std::optional<CallHolder> Journal::holder(CallId id) const {
    auto holder = m_state->store->callHolder(id);
    if (holder) {
        holder->alive = m_state->alive(*holder);
    }
    return holder;
}

std::vector<HeldCall> Journal::heldCalls() const {
    std::vector<HeldCall> out;
    for (auto& call : m_state->store->openCalls()) {
        auto h = holder(call.id);
        out.push_back(HeldCall{std::move(call), std::move(h)});
    }
    return out;
}

// --- live changes ---------------------------------------------------------------------------

std::int64_t Journal::changeSeq() const {
    return m_state->store->changeSeq();
}

std::int64_t Journal::waitForChange(std::int64_t lastSeq, std::chrono::milliseconds timeout) const {
    return m_state->store->waitForChange(lastSeq, timeout);
}

void Journal::setClock(std::function<std::chrono::system_clock::time_point()> clock) {
    m_state->clock = std::move(clock);
}

// --- signals for the KB ---------------------------------------------------------------------

std::int64_t Journal::flagEntry(const KbFlag& flag) {
    if (flag.kind == FlagKind::Outdated && flag.entryId.empty()) {
        throw Error("журнал: отметка «ответ устарел» относится к записи базы — укажите её");
    }
    auto& store = *m_state->store;
    std::int64_t id = 0;
    store.transaction([&] {
        KbFlag f = flag;
        std::optional<IncomingCall> call;
        if (f.callId) {
            call = requireIncoming(store, *f.callId);
        }
        if (f.department.empty()) {
            f.department = departmentOfEntry(f.entryId);
        }
        if (f.department.empty() && call) {
            f.department = call->department;
        }
        f.createdAt = f.createdAt.empty() ? nowTimestamp() : normalizeTimestamp(f.createdAt);
        id = store.insertFlag(f);
        if (f.kind == FlagKind::NoAnswer && f.callId) {
            // The flag is the operator saying the KB had no answer for this call.
            store.setKbAnswer(*f.callId, KbAnswer::NotFound);
        }
    });
    return id;
}

void Journal::recordEmptySearch(const std::string& query, const std::string& department,
                                std::optional<CallId> callId, const std::string& at) {
    if (core::trimmed(query).empty()) {
        return; // nothing typed is not a question the KB failed
    }
    auto& store = *m_state->store;
    store.transaction([&] {
        if (callId) {
            requireIncoming(store, *callId);
        }
        store.insertEmptySearch(
            EmptySearch{0, query, department, callId, timestampOrNow(at, "время поиска")});
    });
}

std::vector<KbFlag> Journal::flags(const std::string& department, const Period& period) const {
    return m_state->store->flags(department, period);
}

std::vector<EmptySearch> Journal::emptySearches(const std::string& department,
                                                const Period& period) const {
    return m_state->store->emptySearches(department, period);
}

std::map<std::string, DepartmentSignals> Journal::departmentSignals(const Period& period) const {
    std::map<std::string, DepartmentSignals> out;
    for (const auto& f : flags({}, period)) {
        auto& d = out[f.department];
        (f.kind == FlagKind::Outdated ? d.outdated : d.noAnswer)++;
    }
    for (const auto& e : emptySearches({}, period)) {
        out[e.department].emptySearches++;
    }
    return out;
}

// --- retention ------------------------------------------------------------------------------

PurgeResult Journal::purgeBefore(const Date& cutoff) {
    return m_state->store->purgeBefore(cutoff);
}

} // namespace sufler::journal
