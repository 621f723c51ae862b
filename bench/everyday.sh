#!/usr/bin/env bash
# everyday.sh - the everyday commands, whole processes, paired against a previous build
# (issue 12, item 6: a one-year dyad, country, screen, simulate, credibility or plan under
# 30 ms, sources under 50 ms, validate under 0.2 s; issue 13: a 35-year trajectory).
#   bench/everyday.sh PREV_MIGDIP NEW_MIGDIP [STORE] [RUNS]
# PREV_MIGDIP is an earlier build (before the model cache, docs/store.md "The model cache", or
# with one of its own: PREV_CACHE=DIR); both read the same store. The new build's cache is warmed by hyperfine's warm-up runs, as a user's is
# by the first command of a year; MIGDIP_CACHE=off times the new build without it. Results:
# medians (ms) per command, printed and kept in bench/results/everyday.json (hyperfine's).
set -euo pipefail
prev=${1:?usage: everyday.sh PREV_MIGDIP NEW_MIGDIP [STORE] [RUNS]}
new=${2:?usage: everyday.sh PREV_MIGDIP NEW_MIGDIP [STORE] [RUNS]}
store=${3:-${MIGDIP_DB:-migdip.db}}
runs=${4:-10}
for t in hyperfine jq; do
  command -v $t >/dev/null || { echo "everyday.sh: $t is not installed (scripts/setup installs it)" >&2; exit 2; }
done
[ -f "$store" ] || { echo "everyday.sh: $store: no store (migdip import first)" >&2; exit 2; }
out=$(dirname "$0")/results
mkdir -p "$out"
export MIGDIP_DB=$store OMP_NUM_THREADS=2
cmds=(
  "dyad MYS IDN --year 2020"
  "country NPL --year 2020"
  "screen --year 2020"
  "simulate NPL QAT --shock ban:share=1,start=0,months=6 --months 12 --year 2020"
  "credibility IDN MYS --year 2020"
  "plan NPL --year 2020"
  "sources"
  "validate"
  "trajectory MYS IDN"
)
# a PREV build with a model cache of its own keeps it apart (PREV_CACHE=DIR): two builds
# sharing one cache directory would each remove the other's entries
[ -n "${PREV_CACHE:-}" ] && prev="env MIGDIP_CACHE=$PREV_CACHE $prev"
args=()
for c in "${cmds[@]}"; do
  args+=(-n "before: $c" "$prev $c" -n "cache: $c" "$new $c" -n "no cache: $c" "env MIGDIP_CACHE=off $new $c")
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N -w 2 -r "$runs" --export-json "$out/everyday.json" "${args[@]}" >/dev/null
jq -r '.results[] | "\(.command)\t\(.median * 1000 | . * 10 | round / 10) ms median\t(user \(.user * 1000 | round) ms, system \(.system * 1000 | round) ms)"' "$out/everyday.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
