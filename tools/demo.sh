#!/usr/bin/env bash
# The main job on the demo KB: check it, index it, answer the questions an operator types,
# show who is late, walk a call in the terminal, and open the operator console when there is
# a display. Arguments go to sufler-app (for example --training).
# Who is late is read from git history: the demo's own, in its working copy
# ($XDG_DATA_HOME/sufler/demo-kb, made on first use), never the history of these sources.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
kb=kb/demo
db=$(mktemp -d "${TMPDIR:-/tmp}/sufler-demo-index.XXXXXX")
trap 'rm -rf "$db"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "sufler lint --kb $kb"
"$bin/sufler" lint --kb "$kb"

step "sufler index --kb $kb"
"$bin/sufler" index --kb "$kb" --db "$db"

# What an operator types mid-call: a half word, a typo, the wrong layout, an abbreviation,
# an act number, a phone fragment.
for query in "опека над несовершенноле" "субсидя на коммуналку" "gjcj,bt yf ht,tyrf" \
    "ЕДВ ветеранам" "№ 181-фз" "путёвка в санаторий"; do
    step "sufler search «$query»"
    "$bin/sufler" search --kb "$kb" --db "$db" --limit 3 "$query"
done

# Without --kb: the demo's working copy, a repository of its own with the departments' edits.
step "sufler stale"
"$bin/sufler" stale

step "sufler script list --kb $kb"
"$bin/sufler" script list --kb "$kb"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    step "sufler-app $*"
    exec "$bin/sufler-app" "$@"
fi
step "Пульт оператора"
echo "Нет графического дисплея: пульт оператора запускается так:"
echo "    $bin/sufler-app"
