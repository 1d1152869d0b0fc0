#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and runs Sufler on the demo KB.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
exec tools/demo.sh "$@"
