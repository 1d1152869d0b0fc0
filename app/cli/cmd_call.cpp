// `sufler call ring`: a PBX's ring handed to the operator's console running on this
// workstation for the same user (config/ring_socket.h), from an Asterisk or FreeSWITCH
// dialplan or a softphone.
#include "cli/commands.h"
#include "config/ring_socket.h"

#include "sufler/core/phone.h"

#include <fmt/format.h>

#include <memory>
#include <string>

namespace sufler::cli {

namespace {

// No console listens on this workstation: not an error in what was given, and not delivered.
constexpr int kNoConsole = 4;
constexpr int kInTraining = 5;

} // namespace

void registerCallCommands(CLI::App& app, Outcome& outcome) {
    auto* call = app.add_subcommand(
        "call",
        "звонки с АТС: передать звонок пульту оператора, запущенному на этом рабочем месте");
    call->require_subcommand(1);
    auto* ring = call->add_subcommand(
        "ring", "звонок поступил: пульт открывает карточку нового звонка с этим номером и историей "
                "звонившего, а во время другого звонка показывает его в строке состояния "
                "(«входящий: …», F7 — принять). Код 0 — передан, 4 — пульт не запущен");
    struct Args {
        std::string phone, line;
    };
    auto args = std::make_shared<Args>();
    ring->add_option("--phone", args->phone,
                     "номер звонящего, как его даёт АТС: +79001234567, 89001234567, "
                     "8 (900) 123-45-67…")
        ->required()
        ->check(CLI::Validator(
            [](std::string& typed) -> std::string {
                return core::normalizePhone(typed).empty() ? "«" + typed + "» — не номер телефона"
                                                           : std::string();
            },
            "ТЕЛЕФОН"));
    ring->add_option("--line", args->line,
                     "линия или канал АТС (${CHANNEL} Asterisk, ${channel_name} FreeSWITCH): "
                     "латинские буквы, цифры и _.@:/+;#-, не длиннее " +
                         std::to_string(config::kMaxRingLineName))
        ->check(CLI::Validator(
            [](std::string& line) -> std::string {
                return config::validRingLineName(line) ? std::string()
                                                       : "«" + line + "» — недопустимое имя линии";
            },
            "ЛИНИЯ"));
    ring->callback([args, &outcome] {
        const config::Ring sent{core::normalizePhone(args->phone), args->line};
        const auto socket = config::ringSocketPath(false);
        const auto delivery = config::sendRing(socket, sent);
        if (delivery == config::RingDelivery::Training) {
            fmt::print(stderr,
                       "sufler: пульт на этом рабочем месте в режиме обучения; звонок {} не "
                       "принят — передайте его другому оператору\n",
                       core::displayPhone(sent.phone));
            outcome.exitCode = kInTraining;
            return;
        }
        if (delivery == config::RingDelivery::NoConsole) {
            fmt::print(stderr,
                       "sufler: консоль суфлёра не запущена на этом рабочем месте (никто не "
                       "слушает {}); звонок {} не передан\n",
                       socket.string(), core::displayPhone(sent.phone));
            outcome.exitCode = kNoConsole;
            return;
        }
        fmt::print("Звонок {} передан пульту оператора\n", core::displayPhone(sent.phone));
        outcome.exitCode = 0;
    });
}

} // namespace sufler::cli
