#!/usr/bin/env bash
# The main job on the demo KB: check it, index it, answer a few questions, show who is late.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
kb=kb/demo
echo "== sufler lint --kb $kb"
"$bin/sufler" lint --kb "$kb"
