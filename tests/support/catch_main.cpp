#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdlib>

namespace {

// The machine's /etc/sufler/sufler.conf (an installed package's) must not change what the tests
// run: the programs they start read none unless a test names one.
const bool kNoSystemConfig = [] {
    return setenv("SUFLER_SYSTEM_CONFIG", "/nonexistent", 0) == 0;
}();

} // namespace
