// `sufler journal migrate`: the records of one journal into another, once.
#include "sufler/journal/migrate.h"
#include "sufler/journal/store.h"

#include "sufler/core/error.h"

#include <fmt/format.h>

#include <filesystem>

namespace sufler::journal {

MigrateResult migrate(JournalStore& from, JournalStore& to) {
    const std::string source = from.journalId();
    if (source.empty()) {
        throw Error(fmt::format("{}: у журнала нет идентификатора", from.describe()));
    }
    if (source == to.journalId()) {
        throw Error(fmt::format("{}: журнал нельзя перенести в него же", from.describe()));
    }
    const auto key = [&](const char* kind, std::int64_t id) {
        return fmt::format("{}:{}:{}", source, kind, id);
    };
    MigrateResult result;
    to.transaction([&] {
        // The call a record refers to, as it is in `to`; unset when it was not moved (a purged
        // call), like a link that purge would have cut.
        const auto movedCall = [&](std::optional<CallId> old) -> std::optional<CallId> {
            if (!old) {
                return std::nullopt;
            }
            return to.movedRecord(key("incoming", *old));
        };
        for (IncomingCall call : from.incomingCalls(Period{})) {
            const auto k = key("incoming", call.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            const int oldNumber = call.number;
            call.number = 0; // the next of its year in `to`
            to.recordMoved(k, to.insertIncoming(call), oldNumber);
            ++result.incoming;
        }
        for (OutgoingCall call : from.outgoingCalls(Period{})) {
            const auto k = key("outgoing", call.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            const int oldNumber = call.number;
            call.number = 0;
            call.incomingId = movedCall(call.incomingId);
            to.recordMoved(k, to.insertOutgoing(call), oldNumber);
            ++result.outgoing;
        }
        for (Deferred d : from.deferredAnswers(Period{})) {
            const auto k = key("deferred", d.callId);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            const auto call = movedCall(d.callId);
            if (!call) {
                throw Error(fmt::format("{}: отсроченный ответ по звонку {} без самого звонка",
                                        from.describe(), d.callId));
            }
            d.callId = *call;
            to.insertDeferred(d);
            to.updateDeferred(d); // the extension and the result
            to.recordMoved(k, *call, 0);
            ++result.deferred;
        }
        for (KbFlag f : from.flags({}, Period{})) {
            const auto k = key("flag", f.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            f.callId = movedCall(f.callId);
            to.recordMoved(k, to.insertFlag(f), 0);
            ++result.flags;
        }
        for (EmptySearch e : from.emptySearches({}, Period{})) {
            const auto k = key("search", e.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            e.callId = movedCall(e.callId);
            to.insertEmptySearch(e);
            to.recordMoved(k, 0, 0);
            ++result.emptySearches;
        }
        for (SearchUse use : from.searchUses({}, Period{})) {
            const auto k = key("search-use", use.id);
            if (to.movedRecord(k)) {
                ++result.already;
                continue;
            }
            use.callId = movedCall(use.callId);
            to.insertSearchUse(use);
            to.recordMoved(k, 0, 0);
            ++result.searchUses;
        }
    });
    return result;
}

MigrateResult migrate(const std::string& from, const std::string& to) {
    std::error_code ec;
    if (!isServerJournal(from) && !std::filesystem::is_regular_file(from, ec)) {
        throw Error(fmt::format("--from {}: нет такого файла журнала", from));
    }
    const auto source = openStore(from);
    const auto target = openStore(to);
    return migrate(*source, *target);
}

} // namespace sufler::journal
