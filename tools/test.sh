#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (ctest): first the fuzz targets of the
# parsers, built with clang in build-fuzz/ and each run for a short bounded time, then the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
tools/install-deps.sh --tests
tools/build.sh
fuzz=0
tests/fuzz/build.sh && (cd build-fuzz && ctest --output-on-failure -j"$jobs") || fuzz=1
cd build
ctest --output-on-failure -j"$jobs" "$@"
exit $fuzz
