// Writes a synthetic KB in the format of kb-format.md, to try `sufler lint`, `sufler index` and
// `sufler search` on a KB of a given size:
//   kb_generate --entries 100000 [--seed 1] DIR
#include "kb_generator.h"

#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

int main(int argc, char** argv) {
    std::size_t entries = 10000;
    std::uint32_t seed = 1;
    std::string dir;
    try {
        for (int i = 1; i < argc; ++i) {
            std::string arg = argv[i];
            if ((arg == "--entries" || arg == "--seed") && i + 1 < argc) {
                auto value = std::stoul(argv[++i]);
                if (arg == "--entries") {
                    entries = value;
                } else {
                    seed = static_cast<std::uint32_t>(value);
                }
            } else if (dir.empty() && !arg.starts_with("--")) {
                dir = arg;
            } else {
                throw std::runtime_error("unknown argument " + arg);
            }
        }
        if (dir.empty()) {
            throw std::runtime_error("usage: kb_generate [--entries N] [--seed S] DIR");
        }
        if (std::filesystem::exists(dir) && !std::filesystem::is_empty(dir)) {
            throw std::runtime_error(dir + ": the folder is not empty");
        }
        auto kb = sufler::bench::generateKb(dir, entries, seed);
        fmt::print("{}: {} entries in {} files\n", dir, kb.entries, kb.files);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kb_generate: %s\n", e.what());
        return 1;
    }
}
