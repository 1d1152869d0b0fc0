// The PBX's ring without a window: the one-line protocol, the socket's folder, the console's
// listener on a real Unix socket, and `sufler call ring` as a dialplan runs it.
#include "config/ring_socket.h"
#include "console/ring_listener.h"

#include "sufler/core/error.h"
#include "sufler/core/unique_fd.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace sufler;
using namespace sufler::test;
using config::Ring;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A private folder (0700) for the socket, as $XDG_RUNTIME_DIR is.
fs::path privateFolder(const TempDir& dir) {
    const fs::path folder = dir.path() / "run";
    fs::create_directories(folder);
    fs::permissions(folder, fs::perms::owner_all, fs::perm_options::replace);
    return folder;
}

// $XDG_RUNTIME_DIR set for the scope.
class RuntimeDir {
public:
    explicit RuntimeDir(const fs::path& folder) {
        if (const char* old = std::getenv("XDG_RUNTIME_DIR"))
            m_old = old;
        ::setenv("XDG_RUNTIME_DIR", folder.c_str(), 1);
    }
    ~RuntimeDir() {
        if (m_old.empty())
            ::unsetenv("XDG_RUNTIME_DIR");
        else
            ::setenv("XDG_RUNTIME_DIR", m_old.c_str(), 1);
    }

private:
    std::string m_old;
};

// Sends `request` as it is on a raw connection; returns the console's answer ("" if none).
std::string rawRequest(const fs::path& socket, const std::string& request) {
    const sockaddr_un address = config::ringAddress(socket);
    core::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    REQUIRE(::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    config::writeRingLine(fd.get(), request);
    return config::readRingLine(fd.get(), 256, std::chrono::steady_clock::now() + 5s).value_or("");
}

// What the listener queued, taken as the UI thread takes it (never waiting), until `count`.
std::vector<Ring> takeRings(console::RingListener& listener, std::size_t count) {
    std::vector<Ring> rings;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (rings.size() < count && std::chrono::steady_clock::now() < deadline) {
        for (auto& ring : listener.take())
            rings.push_back(std::move(ring));
        std::this_thread::sleep_for(10ms);
    }
    return rings;
}

// A socket file whose process is gone: bound, then closed without removing it (a crash).
void leaveStaleSocket(const fs::path& socket) {
    const sockaddr_un address = config::ringAddress(socket);
    core::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    REQUIRE(::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd.get(), 1) == 0);
}

} // namespace

TEST_CASE("ring: the request line is the phone's key and a line name, nothing else", "[ring]") {
    std::string why;
    auto ring = config::parseRing("RING +79001234567 SIP/100-0000001", why);
    REQUIRE(ring);
    CHECK(ring->phone == "+79001234567");
    CHECK(ring->line == "SIP/100-0000001");
    ring = config::parseRing("RING 123456", why); // a local number, no line
    REQUIRE(ring);
    CHECK(ring->line.empty());
    for (const std::string line : {"PJSIP/trunk-0000002a", "Local/100@from-internal-0000;1",
                                   "sofia/internal/1000@10.0.0.1", "3"}) {
        INFO(line);
        std::string request = config::formatRing({"+375291234567", line});
        REQUIRE(request.back() == '\n');
        request.pop_back();
        const auto back = config::parseRing(request, why);
        REQUIRE(back);
        CHECK(back->phone == "+375291234567");
        CHECK(back->line == line);
    }
    const std::vector<std::string> refused = {
        "",
        "RING",
        "ring +79001234567",                          // the verb as written
        "RING 89001234567",                           // a phone not yet its key
        "RING +7 900 123-45-67",                      // spaces split it
        "RING  +79001234567",                         // an empty word
        "RING +79001234567 ",                         // an empty line name
        "RING +79001234567 SIP/100 extra",            // a word too many
        "RING +79001234567 линия",                    // not Latin
        "RING +79001234567 SIP/100\r",                // a control character
        "RING +79001234567 $(rm -rf ~)",              // shell is no line name
        "RING +7900123456\x01",                       // a control character in the phone
        "RING +79001234567 " + std::string(65, 'a'),  // a line name too long
        "RING +79001234567 " + std::string(200, '1'), // a request too long
        "HANGUP +79001234567",                        // another verb
        std::string("RING +79001234567\0SIP", 21),    // a NUL inside
    };
    for (const auto& request : refused) {
        INFO("«" << request << "»");
        why.clear();
        CHECK_FALSE(config::parseRing(request, why));
        CHECK_FALSE(why.empty());
    }
}

TEST_CASE("ring: the socket's folder is the user's own — others' or a shared one is refused",
          "[ring]") {
    TempDir dir;
    const fs::path folder = privateFolder(dir);
    {
        RuntimeDir runtime(folder);
        CHECK(config::ringSocketPath(true) == folder / "sufler-ring.sock");
    }
    // a folder others may write into: whoever can write there could put their socket in
    const fs::path shared = dir.path() / "shared";
    fs::create_directories(shared);
    fs::permissions(shared, fs::perms::all, fs::perm_options::replace);
    {
        RuntimeDir runtime(shared);
        try {
            (void)config::ringSocketPath(true);
            FAIL("a folder writable by all was taken");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("открыта на запись другим") != std::string::npos);
        }
    }
    // another user's folder (as root the test can make one)
    if (::geteuid() == 0) {
        const fs::path theirs = dir.path() / "theirs";
        fs::create_directories(theirs);
        fs::permissions(theirs, fs::perms::owner_all, fs::perm_options::replace);
        REQUIRE(::chown(theirs.c_str(), 65534, 65534) == 0);
        RuntimeDir runtime(theirs);
        CHECK_THROWS_WITH(config::ringSocketPath(true),
                          Catch::Contains("принадлежит другому пользователю"));
    }
    // a link where the folder should be is not followed
    const fs::path link = dir.path() / "link";
    fs::create_directory_symlink(folder, link);
    RuntimeDir runtime(link);
    CHECK_THROWS_WITH(config::ringSocketPath(true), Catch::Contains("не папка"));
}

TEST_CASE("ring: the listener queues a ring for the UI thread and answers OK, its socket is the "
          "user's alone and goes with it",
          "[ring]") {
    TempDir dir;
    const fs::path socket = privateFolder(dir) / "sufler-ring.sock";
    std::atomic<int> woken{0};
    {
        console::RingListener listener(socket, [&] { ++woken; });
        REQUIRE(listener.listening());
        CHECK(listener.problem().empty());
        struct stat info {};
        REQUIRE(::lstat(socket.c_str(), &info) == 0);
        CHECK(S_ISSOCK(info.st_mode));
        CHECK((info.st_mode & 0777) == 0600);

        CHECK(config::sendRing(socket, {"+79001234567", "SIP/100-0000001"}) ==
              config::RingDelivery::Delivered);
        CHECK(config::sendRing(socket, {"+79035551234", ""}) == config::RingDelivery::Delivered);
        const auto rings = takeRings(listener, 2);
        REQUIRE(rings.size() == 2);
        CHECK(rings[0].phone == "+79001234567");
        CHECK(rings[0].line == "SIP/100-0000001");
        CHECK(rings[1].phone == "+79035551234");
        CHECK(woken.load() == 2);
        CHECK(listener.take().empty()); // taken once
    }
    CHECK_FALSE(fs::exists(fs::symlink_status(socket)));
    // nothing listens any more: the PBX's command is told so, not an error
    CHECK(config::sendRing(socket, {"+79001234567", ""}) == config::RingDelivery::NoConsole);
}

TEST_CASE("ring: a bad request is refused with its reason and queues nothing, a stalled client "
          "does not stop the next ring",
          "[ring]") {
    TempDir dir;
    const fs::path socket = privateFolder(dir) / "sufler-ring.sock";
    console::RingListener listener(socket, {});
    REQUIRE(listener.listening());
    CHECK(rawRequest(socket, "RING 89001234567\n").rfind("ERR телефон", 0) == 0);
    CHECK(rawRequest(socket, "RING +79001234567 $(reboot)\n").rfind("ERR ", 0) == 0);
    CHECK(rawRequest(socket, std::string(4000, 'A') + "\n").rfind("ERR ", 0) == 0);
    CHECK(rawRequest(socket, "RING +79001234567").rfind("ERR ", 0) == 0); // no newline, closed
    CHECK(listener.refused() == 4);
    CHECK(listener.take().empty());
    try {
        (void)config::sendRing(socket, {"89001234567", ""}); // not a key: refused by the console
        FAIL("a bad ring was delivered");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("пульт не принял звонок: телефон") != std::string::npos);
    }

    // a client that connects and says nothing holds the listener at most a moment
    const sockaddr_un address = config::ringAddress(socket);
    core::UniqueFd stalled(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    REQUIRE(::connect(stalled.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) ==
            0);
    CHECK(config::sendRing(socket, {"+79001234567", "2"}, 5s) == config::RingDelivery::Delivered);
    CHECK(takeRings(listener, 1).size() == 1);
}

TEST_CASE("ring: a second console of the same user cannot listen and says so, a socket left by a "
          "crash is found dead and replaced",
          "[ring]") {
    TempDir dir;
    const fs::path socket = privateFolder(dir) / "sufler-ring.sock";
    {
        console::RingListener first(socket, {});
        REQUIRE(first.listening());
        console::RingListener second(socket, {});
        CHECK_FALSE(second.listening());
        CHECK(second.busy());
        CHECK(second.problem().find("другой пульт") != std::string::npos);
        // the first is untouched by the second's try, and by its end
        CHECK(config::sendRing(socket, {"+79001234567", ""}) == config::RingDelivery::Delivered);
        CHECK(takeRings(first, 1).size() == 1);
    }
    // a console that crashed left its socket file: nobody answers on it
    leaveStaleSocket(socket);
    REQUIRE(fs::exists(fs::symlink_status(socket)));
    CHECK(config::sendRing(socket, {"+79001234567", ""}) == config::RingDelivery::NoConsole);
    console::RingListener next(socket, {});
    REQUIRE(next.listening());
    CHECK(next.replacedStale());
    CHECK(config::sendRing(socket, {"+79001234567", ""}) == config::RingDelivery::Delivered);
    CHECK(takeRings(next, 1).size() == 1);

    // a file that is no socket is not removed: the console runs without the listener
    TempDir other;
    const fs::path notSocket = privateFolder(other) / "sufler-ring.sock";
    other.write("run/sufler-ring.sock", "данные");
    console::RingListener refused(notSocket, {});
    CHECK_FALSE(refused.listening());
    CHECK(refused.problem().find("не сокет") != std::string::npos);
    CHECK(readFile(notSocket) == "данные");
}

TEST_CASE("ring: a console in training shows the ring and tells the PBX it is not taken (code 5)",
          "[ring]") {
    TempDir dir;
    const fs::path folder = privateFolder(dir);
    console::RingListener listener(folder / "sufler-ring.sock", {}, true);
    REQUIRE(listener.listening());
    CHECK(config::sendRing(folder / "sufler-ring.sock", {"+79001234567", "3"}) ==
          config::RingDelivery::Training);
    const auto rings = takeRings(listener, 1);
    REQUIRE(rings.size() == 1); // still shown: the trainee sees the call go to someone else
    CHECK(rings[0].phone == "+79001234567");

    const std::string sufler =
        "XDG_RUNTIME_DIR='" + folder.string() + "' '" + binary("sufler").string() + "' ";
    const auto result = runCommand(sufler + "call ring --phone 89035551234 --line 3", true);
    INFO(result.output);
    CHECK(result.exitCode == 5);
    CHECK(result.output.find("в режиме обучения") != std::string::npos);
    CHECK(takeRings(listener, 1).size() == 1);
}

TEST_CASE("ring: `sufler call ring` delivers to the listening console (code 0), says when none "
          "runs (code 4), and refuses a bad phone as a usage error",
          "[ring]") {
    TempDir dir;
    const fs::path folder = privateFolder(dir);
    const std::string sufler =
        "XDG_RUNTIME_DIR='" + folder.string() + "' '" + binary("sufler").string() + "' ";
    // no console yet
    auto result = runCommand(sufler + "call ring --phone '+7 (900) 123-45-67' --line 3", true);
    INFO(result.output);
    CHECK(result.exitCode == 4);
    CHECK(result.output.find("консоль суфлёра не запущена на этом рабочем месте") !=
          std::string::npos);

    console::RingListener listener(folder / "sufler-ring.sock", {});
    REQUIRE(listener.listening());
    result =
        runCommand(sufler + "call ring --phone '8 900 123 45 67' --line SIP/100-0000001", true);
    INFO(result.output);
    CHECK(result.exitCode == 0);
    const auto rings = takeRings(listener, 1);
    REQUIRE(rings.size() == 1);
    CHECK(rings[0].phone == "+79001234567"); // normalised before it is sent
    CHECK(rings[0].line == "SIP/100-0000001");

    // what a PBX gives for a hidden number is no phone: a usage error, nothing sent
    for (const std::string bad : {"anonymous", "", "+7 900"}) {
        result = runCommand(sufler + "call ring --phone '" + bad + "'", true);
        INFO(bad << ": " << result.output);
        CHECK(result.exitCode != 0);
        CHECK(result.exitCode != 4);
        CHECK(result.output.find("не номер телефона") != std::string::npos);
    }
    result = runCommand(sufler + "call ring --phone 89001234567 --line 'a b'", true);
    CHECK(result.exitCode != 0);
    CHECK(result.output.find("недопустимое имя линии") != std::string::npos);
    CHECK(listener.take().empty());
}
