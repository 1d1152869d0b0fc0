#pragma once
// A PBX's ring handed to the console on this workstation: `sufler call ring` (run by an
// Asterisk or FreeSWITCH dialplan, or a softphone) connects to a Unix socket the running
// console of the same user listens on, and sends one line of text:
//
//     RING <phone> [<line>]\n        answered  OK\n  or  ERR <why>\n
//
// <phone> is a key of core::normalizePhone (`+79001234567`, or a local number's digits), <line>
// the PBX's line or channel (`SIP/100-0000001`). Anything else is refused: the socket is a way
// into the console, so the line is short and its characters are few.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <sys/un.h>

namespace sufler::config {

struct Ring {
    std::string phone; // a key of core::normalizePhone
    std::string line;  // the PBX's line or channel; "" when not given
};

// The longest request accepted, its newline included.
inline constexpr std::size_t kMaxRingRequest = 128;
// The longest line name: room for `sofia/internal/1000@192.168.100.200`.
inline constexpr std::size_t kMaxRingLineName = 64;

// A line name is 1 to kMaxRingLineName of: Latin letters, digits and `_ . @ : / + ; # -`
// (Asterisk's `PJSIP/1000-0000002a`, `Local/100@from-internal-0000;1`, FreeSWITCH's
// `sofia/internal/1000@10.0.0.1`).
[[nodiscard]] bool validRingLineName(std::string_view line);

// The request for `ring`, its newline included; the phone must already be a key.
[[nodiscard]] std::string formatRing(const Ring& ring);

// A request line (without its newline) read back; nullopt with `why` (Russian) when it is not
// one: another verb, a phone that is not a key of normalizePhone, a bad line name, too long.
[[nodiscard]] std::optional<Ring> parseRing(std::string_view request, std::string& why);

// The folder of the socket: $XDG_RUNTIME_DIR, else /tmp/sufler-<uid>, made 0700 when `create`.
// Throws sufler::Error when the folder is not a folder of this user's own, or others may write
// into it (the socket would be theirs to replace). Without `create`, a missing fallback folder
// is returned as it is (nothing listens there).
[[nodiscard]] std::filesystem::path ringFolder(bool create);
// The socket in it.
[[nodiscard]] std::filesystem::path ringSocketPath(bool create);

// The socket address of `socket`; throws sufler::Error when the path is too long for one.
[[nodiscard]] sockaddr_un ringAddress(const std::filesystem::path& socket);

// One line from `fd` (a connected socket), without its newline: nullopt when the peer closed
// first, the line is longer than `max` bytes or `deadline` passed.
[[nodiscard]] std::optional<std::string>
readRingLine(int fd, std::size_t max, std::chrono::steady_clock::time_point deadline);

// Writes all of `text` to a connected socket (never SIGPIPE); false when the peer is gone.
bool writeRingLine(int fd, std::string_view text);

enum class RingDelivery {
    Delivered, // the console queued the ring
    NoConsole, // nothing listens: no socket, or one left by a console that crashed
    Training,  // the console is in training: it shows the ring, another operator takes it
};

// The answer of a console in training (after "ERR "): the PBX's command tells it from other
// refusals, so that a dialplan can send the call on to another operator.
inline constexpr std::string_view kRingTrainingAnswer = "идёт обучение, звонок не принят";

// Sends `ring` to the console listening on `socket` and waits up to `timeout` for its answer.
// Throws sufler::Error when the console refuses the ring or does not answer in time.
RingDelivery sendRing(const std::filesystem::path& socket, const Ring& ring,
                      std::chrono::milliseconds timeout = std::chrono::seconds(3));

} // namespace sufler::config
