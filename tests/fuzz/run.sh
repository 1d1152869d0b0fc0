#!/usr/bin/env bash
# Runs one fuzz target (built by tests/fuzz/build.sh) for a given time and prints its figures.
#   tests/fuzz/run.sh [--build FOLDER] [--ci] TARGET [SECONDS]
# TARGET: kb_markdown, sufler_yaml, script, csv_import, xlsx_import. SECONDS: 300 by default.
# The inputs found go to FOLDER/fuzz-corpus/TARGET (kept: the next run goes on from them), a
# crash to FOLDER/fuzz-artifacts/TARGET/. --ci (the bounded run of ctest): a fixed seed and a
# corpus that is thrown away afterwards.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"
ci=0
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --ci) ci=1; shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ]; then
  echo "использование: tests/fuzz/run.sh [--build ПАПКА] [--ci] ЦЕЛЬ [СЕКУНДЫ]" >&2
  exit 2
fi
target=$1
seconds=${2:-300}
fuzzer="$build/fuzz/${target}_fuzzer"
seeds="$root/tests/fuzz/corpus/$target"
if [ ! -d "$seeds" ]; then
  echo "нет цели «$target»: есть $(ls "$root/tests/fuzz/corpus" | tr '\n' ' ')" >&2
  exit 2
fi
if [ ! -x "$fuzzer" ]; then
  echo "нет программы $fuzzer: соберите её — tests/fuzz/build.sh" >&2
  exit 2
fi

artifacts="$build/fuzz-artifacts/$target"
log="$build/fuzz-logs/$target.log"
mkdir -p "$artifacts" "$(dirname "$log")"
if [ $ci -eq 1 ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  options=(-seed=1)
else
  work="$build/fuzz-corpus/$target"
  mkdir -p "$work"
  options=()
fi
dict="$root/tests/fuzz/dict/$target.dict"
[ -f "$dict" ] && options+=("-dict=$dict")

# The first folder takes the new inputs; the checked-in seeds are only read.
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "${options[@]}" "$work" "$seeds" > "$log" 2>&1 || status=$?

stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
runs=$(stat number_of_executed_units)
speed=$(stat average_exec_per_sec)
coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || true)
corpus=$(find "$work" -type f | wc -l)
if [ $status -eq 0 ]; then
  echo "$target: ${runs:-?} запусков за $seconds с (${speed:-?} в секунду), ${coverage:-нет покрытия}, входов найдено: $corpus; падений нет"
  exit 0
fi
artifact=$(grep -o "Test unit written to [^ ]*" "$log" | tail -n 1 | sed 's/^Test unit written to //' || true)
echo "$target: ПАДЕНИЕ после ${runs:-?} запусков (код $status); журнал: $log"
# What went wrong, and the frames of our own code.
grep -a -E -m 1 -A 2 '^(==[0-9]+==ERROR|fuzz: |.*runtime error)' "$log" | grep -a -v '^ *#' \
  || tail -n 30 "$log"
grep -a -E "^ *#[0-9]+ .* $root/" "$log" | grep -a -v "tests/fuzz/fuzz_support" | head -n 12 || true
if [ -n "$artifact" ]; then
  echo "вход: $artifact"
  echo "повторить: $fuzzer $artifact"
  echo "исправив, добавьте его в tests/fuzz/corpus/$target/"
fi
exit 1
