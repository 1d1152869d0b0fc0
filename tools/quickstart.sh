#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and runs Sufler on the demo KB (whose git
# history lives in a working copy of its own, $XDG_DATA_HOME/sufler/demo-kb).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
exec tools/demo.sh "$@"
