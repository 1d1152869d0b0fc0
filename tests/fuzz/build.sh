#!/usr/bin/env bash
# Builds the fuzz targets with clang, libFuzzer, ASan and UBSan into a tree of their own
# (build-fuzz/ by default): only the fuzzers and the libraries they read files with.
#   tests/fuzz/build.sh [FOLDER]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-fuzz}
jobs=$(nproc 2>/dev/null || echo 2)
log="$build/fuzz-build.log"
mkdir -p "$build"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSUFLER_BUILD_FUZZERS=ON -DSUFLER_BUILD_TESTS=OFF -DSUFLER_BUILD_CONSOLE=OFF \
    > "$log" 2>&1 || { cat "$log"; exit 1; }
fi
cmake --build "$build" -j"$jobs" --target fuzzers > "$log" 2>&1 || { tail -n 60 "$log"; exit 1; }
