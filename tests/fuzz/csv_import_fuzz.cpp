// Fuzz target: `sufler journal import` of a CSV register (Приложение 1 or 2, as Excel saves it
// in UTF-8 or Windows-1251), into a real journal; each import is rolled back afterwards.
#include "fuzz_support.h"

using namespace sufler;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fuzz::ImportBench bench("register.csv");
    bench.run(fuzz::bytes(data, size));
    return 0;
}
