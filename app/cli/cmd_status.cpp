// `sufler journal status`: the hotline at a glance for the senior operator.
#include "cli/commands.h"
#include "cli/journal_options.h"

#include "sufler/journal/status.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace sufler::cli {

namespace {

using namespace sufler::journal;

std::string minutes(int seconds) {
    return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

std::string holderText(const std::string& operatorName, const Workstation& workstation) {
    return oneLine(holderName(operatorName, workstation));
}

nlohmann::json statusJson(const HotlineStatus& s) {
    nlohmann::json j;
    j["at"] = s.at;
    j["in_progress"] = nlohmann::json::array();
    for (const auto& c : s.inProgress) {
        j["in_progress"].push_back({{"id", c.held.call.id},
                                    {"number", c.held.call.number},
                                    {"operator", c.held.holder->operatorName},
                                    {"workstation", c.held.holder->workstation.host},
                                    {"received_at", c.held.call.receivedAt},
                                    {"seconds", c.seconds}});
    }
    j["abandoned"] = nlohmann::json::array();
    for (const auto& h : s.abandoned) {
        j["abandoned"].push_back({{"id", h.call.id},
                                  {"number", h.call.number},
                                  {"operator", h.holder->operatorName},
                                  {"workstation", h.holder->workstation.host},
                                  {"last_seen", h.holder->heartbeatAt}});
    }
    j["today"] = nlohmann::json::object();
    for (const auto& [name, d] : s.today) {
        j["today"][name] = {{"incoming", d.incoming},
                            {"closed", d.closed},
                            {"answered", d.answered},
                            {"deferred", d.deferred},
                            {"outgoing", d.outgoing}};
    }
    j["queue"] = nlohmann::json::array();
    for (const auto& cb : s.queue) {
        nlohmann::json item = {
            {"id", cb.deferred.callId},   {"number", cb.callNumber},
            {"phone", cb.deferred.phone}, {"deadline", formatIsoDate(cb.deferred.deadline())},
            {"overdue", cb.overdue},      {"upcoming", cb.upcoming}};
        if (cb.deferred.claim) {
            item["taken_by"] = cb.deferred.claim->operatorName;
            item["taken_at_workstation"] = cb.deferred.claim->workstation.host;
            item["taken_at"] = cb.deferred.claim->at;
        }
        j["queue"].push_back(item);
    }
    j["overdue"] = s.overdue();
    return j;
}

void printStatus(const HotlineStatus& s) {
    fmt::print("Горячая линия на {}\n\n", s.at);
    fmt::print("На звонке сейчас: {}\n", s.inProgress.size());
    for (const auto& c : s.inProgress) {
        fmt::print("  № {}  {}  идёт {}\n", c.held.call.number,
                   holderText(c.held.holder->operatorName, c.held.holder->workstation),
                   minutes(c.seconds));
    }
    if (!s.abandoned.empty()) {
        fmt::print("\nБрошены (пульт закрылся, звонок не завершён): {}\n", s.abandoned.size());
        for (const auto& h : s.abandoned) {
            fmt::print("  № {}  {}  последний признак жизни {}\n", h.call.number,
                       holderText(h.holder->operatorName, h.holder->workstation),
                       h.holder->heartbeatAt.empty() ? "—" : h.holder->heartbeatAt);
        }
    }
    fmt::print("\nЗвонки сегодня по операторам:\n");
    if (s.today.empty()) {
        fmt::print("  звонков ещё не было\n");
    }
    for (const auto& [name, d] : s.today) {
        fmt::print("  {}: входящих {} (завершено {}, получили ответ {}, отложено {}), "
                   "исходящих {}\n",
                   oneLine(name), d.incoming, d.closed, d.answered, d.deferred, d.outgoing);
    }
    fmt::print("\nОчередь обратных звонков: {} (просрочено {})\n", s.queue.size(), s.overdue());
    for (const auto& cb : s.queue) {
        fmt::print("  {} № {}  {}  срок {}{}\n",
                   cb.overdue    ? "ПРОСРОЧЕН"
                   : cb.upcoming ? "позже    "
                                 : "сегодня  ",
                   cb.callNumber, oneLine(cb.deferred.phone),
                   formatRussianDate(cb.deferred.deadline()),
                   cb.deferred.claim ? "  взял: " + holderText(cb.deferred.claim->operatorName,
                                                               cb.deferred.claim->workstation)
                                     : std::string("  свободен"));
    }
}

} // namespace

void addJournalStatusCommand(CLI::App* journal) {
    struct Options {
        Common common;
        std::string now;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = journal->add_subcommand(
        "status", "горячая линия сейчас: кто на звонке, звонки за день по операторам, очередь "
                  "обратных звонков и кто их взял, просроченные ответы");
    addJournalOptions(cmd, o->common);
    cmd->add_option("--now", o->now, "время вместо текущего (ГГГГ-ММ-ДД ЧЧ:ММ:СС)");
    cmd->add_flag("--json", o->json, "вывод в JSON");
    cmd->callback([o] {
        const auto refs = lists(o->common);
        const Journal j = openJournal(o->common, &refs);
        const HotlineStatus status = hotlineStatus(j, o->now.empty() ? nowTimestamp() : o->now);
        if (o->json) {
            fmt::print("{}\n", statusJson(status).dump(2, ' ', false,
                                                       nlohmann::json::error_handler_t::replace));
            return;
        }
        printStatus(status);
    });
}

} // namespace sufler::cli
