#!/usr/bin/env bash
# tests/faults/run.sh - fail the Nth allocation, then the Nth read or write, at every call site
# that import, dyad, simulate and export reach (ctest faults.inject; docs/reliability.md).
#   run.sh MIGDIP_FAULTS_PROGRAM DATA_DIR
# For each command: one run with no fault lists the call sites it reaches (tests/faults/inject.c,
# MIGDIP_FAULT_LOG) and the output and store it leaves; then, for each site, a run that fails
# the first call made there (MIGDIP_FAULT_ALLOC=N or MIGDIP_FAULT_IO=N, N that call's number),
# on a fresh copy of the store. Each such run must
#   - end by itself: no signal, no sanitizer report (in the sanitizer build: no leak either);
#   - either fail cleanly, exit 3 with a "migdip: " message on stderr, the store's dump equal
#     to the one before (or, when the fault hit the report printed after an import's commit,
#     to the one the run with no fault leaves: never anything else), and an output file (--out, --save) either left as it was or exactly
#     the one of the run with no fault (simulate saves its scenario before printing);
#   - or absorb the fault: exit 0 with exactly the output and store of the run with no fault.
# Prints, per command and kind, the sites reached and any run that broke these rules; at the
# end the distinct call sites covered (the same site reached by two commands counts once).
# Environment: MIGDIP_FAULT_EVERY=K also fails every Kth call number in between (default 0);
# MIGDIP_FAULT_ONLY=REGEX runs only the commands whose name matches.
set -uo pipefail
PROG=${1:?usage: run.sh MIGDIP_FAULTS_PROGRAM DATA_DIR}
DATA=${2:?usage: run.sh MIGDIP_FAULTS_PROGRAM DATA_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1 LC_ALL=C
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
unset MIGDIP_FAULT_ALLOC MIGDIP_FAULT_IO MIGDIP_FAULT_LOG MIGDIP_DB

dump() {
  sqlite3 "$1" .dump | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' | sha256sum | cut -c1-64
}

# two output files the same, a .dta's time stamp aside (ReadStat writes the minute)
same() {
  cmp -s <(LC_ALL=C sed 's|<timestamp>[^<]*</timestamp>|<timestamp/>|' "$1") \
         <(LC_ALL=C sed 's|<timestamp>[^<]*</timestamp>|<timestamp/>|' "$2")
}

# the stores: "part" (the codes only) is what import starts from; "full" what the others read
mkdir -p "$work/part"
cp -r "$DATA/codes" "$work/part/"
"$PROG" import --quiet --no-registry --data "$work/part" --db "$work/part.db" >/dev/null || exit 2
"$PROG" import --quiet --data "$DATA" --db "$work/full.db" >/dev/null || exit 2

# name, store, then the arguments ({OUT} is the --out file)
commands=(
  "import|part|import --data $DATA"
  "dyad|full|dyad QAT NPL"
  "dyad-json|full|dyad QAT NPL --json"
  "dyad-cached|full|dyad QAT NPL"
  "screen|full|screen --min-stock 1 --csv"
  "simulate|full|simulate NPL QAT --shock ban:share=1,start=0,months=6 --months 12 --save {OUT}.json"
  "export-csv|full|export dyads --min-stock 1 --out {OUT}.csv"
  "export-json|full|export dyads --min-stock 1 --out {OUT}.json"
  "export-dta|full|export dyads --min-stock 1 --out {OUT}.dta"
)
bad=0
runs=0
: >"$work/all-sites"
for spec in "${commands[@]}"; do
  IFS='|' read -r name store args <<<"$spec"
  [[ $name =~ ${MIGDIP_FAULT_ONLY:-.} ]] || continue
  d="$work/$name"
  mkdir -p "$d"
  out="$d/out"
  a=${args//\{OUT\}/$out}
  # the panel cache (docs/store.md) off, so that every run builds its model from the store;
  # "-cached" commands read a warm cache instead, restored before every run
  export MIGDIP_CACHE=off
  if [[ $name == *-cached ]]; then
    export MIGDIP_CACHE="$d/cache"
    rm -rf "$d/cache" "$d/cache.warm"
    cp "$work/$store.db" "$d/t.db"
    # shellcheck disable=SC2086
    "$PROG" $a --db "$d/t.db" >/dev/null 2>&1
    mv "$d/cache" "$d/cache.warm"
  fi
  restore_cache() { if [ -d "$d/cache.warm" ]; then rm -rf "$d/cache"; cp -r "$d/cache.warm" "$d/cache"; fi; }
  # a reference run with no fault: exit 0, its output, its store, its sites; on the store path
  # the faulted runs use, since exports write their command line (--db included) into the file
  rm -f "$d"/t.db*
  cp "$work/$store.db" "$d/t.db"
  restore_cache
  for x in csv json dta; do printf 'before\n' >"$out.$x"; done
  # shellcheck disable=SC2086
  MIGDIP_FAULT_LOG="$d/ref.log" "$PROG" $a --db "$d/t.db" >"$d/ref.out" 2>"$d/ref.err"
  rc=$?
  if [ $rc -ne 0 ]; then echo "FAIL $name: the run with no fault exits $rc: $(head -3 "$d/ref.err")"; bad=$((bad + 1)); continue; fi
  ref_store=$(dump "$d/t.db")
  before_store=$(dump "$work/$store.db")
  for x in csv json dta; do cp "$out.$x" "$d/ref-out.$x"; done
  for kind in alloc io; do
    var=MIGDIP_FAULT_ALLOC; [ $kind = io ] && var=MIGDIP_FAULT_IO
    awk -v k=$kind '$1 == k { print $2, $3 }' "$d/ref.log" | sort -n >"$d/sites.$kind"
    awk -v n="$name" '{ print n, $0 }' "$d/sites.$kind" | sed "s/^/$kind /" >>"$work/all-sites"
    total=$(awk -v k=$kind '$1 == k && $2 > m { m = $2 } END { print m + 0 }' "$d/ref.log")
    ns=$(cut -d' ' -f1 "$d/sites.$kind")
    if [ "${MIGDIP_FAULT_EVERY:-0}" -gt 0 ]; then ns="$ns $(seq "${MIGDIP_FAULT_EVERY}" "${MIGDIP_FAULT_EVERY}" "$total")"; fi
    n_sites=$(wc -l <"$d/sites.$kind")
    n_fail=0 n_absorbed=0 n_broken=0
    for N in $(printf '%s\n' $ns | sort -nu); do
      runs=$((runs + 1))
      rm -f "$d"/t.db*
      cp "$work/$store.db" "$d/t.db"
      restore_cache
      for x in csv json dta; do printf 'before\n' >"$out.$x"; done
      # shellcheck disable=SC2086
      env "$var=$N" MIGDIP_FAULT_LOG="$d/t.log" "$PROG" $a --db "$d/t.db" >"$d/t.out" 2>"$d/t.err"
      rc=$?
      site=$(awk -v k=$kind '$1 == "fired" && $2 == k { print $4 }' "$d/t.log" 2>/dev/null)
      rm -f "$d/t.log"
      why=""
      if grep -qE 'Sanitizer|runtime error' "$d/t.err"; then why="sanitizer: $(grep -m1 -E 'Sanitizer|runtime error' "$d/t.err")"
      elif [ $rc -ge 124 ] || [ $rc -eq 23 ]; then why="exit $rc (signal or sanitizer)"
      elif [ -z "$site" ]; then why="no fault fired (call $N not reached)"
      elif [ $rc -eq 0 ]; then
        if ! cmp -s "$d/t.out" "$d/ref.out"; then why="exit 0 with different output"
        elif [ "$(dump "$d/t.db")" != "$ref_store" ]; then why="exit 0 with a different store"
        else
          for x in csv json dta; do same "$out.$x" "$d/ref-out.$x" || why="exit 0 with a different $x file"; done
        fi
        [ -z "$why" ] && n_absorbed=$((n_absorbed + 1))
      elif [ $rc -ne 3 ]; then why="exit $rc, not 3: $(head -1 "$d/t.err")"
      elif ! grep -q '^migdip: ' "$d/t.err"; then why="exit 3 without a message"
      elif st=$(dump "$d/t.db") && [ "$st" != "$before_store" ] && [ "$st" != "$ref_store" ]; then
        why="the store is neither the one before nor the one of the run with no fault"
      else
        for x in csv json dta; do
          [ "$(cat "$out.$x")" = before ] || same "$out.$x" "$d/ref-out.$x" || why="$x output file neither as before nor complete"
        done
        ls "$d"/out.*.partial* >/dev/null 2>&1 && why="a temporary file left: $(ls "$d"/out.*.partial*)"
        [ -z "$why" ] && n_fail=$((n_fail + 1))
      fi
      if [ -n "$why" ]; then
        n_broken=$((n_broken + 1)); bad=$((bad + 1))
        where=$(addr2line -e "$PROG" "$site" 2>/dev/null | sed 's|.*/src/|src/|')
        echo "FAIL $name $var=$N (${where:-$site}): $why"
        sed 's/^/    /' "$d/t.err" | head -4
      fi
      rm -f "$d"/out.*.partial*
    done
    printf '%-12s %-5s %5d calls %4d sites: %4d clean errors, %4d absorbed, %d broken\n' \
      "$name" "$kind" "$total" "$n_sites" "$n_fail" "$n_absorbed" "$n_broken"
  done
done
# the sites as source lines (a return address less one is in the call's line); the lines of
# src/ that call an allocator, for comparison (a helper such as mg_grow is one line for many)
src_dir=$(cd "$(dirname "$0")/../.." && pwd)/src
for kind in alloc io; do
  n=$(awk -v k=$kind '$1 == k { print $4 }' "$work/all-sites" | sort -u | wc -l)
  awk -v k=$kind '$1 == k { print $4 }' "$work/all-sites" | sort -u |
    while read -r a; do printf '0x%x\n' $((a - 1)); done | addr2line -e "$PROG" |
    sed -E 's|.*/src/|src/|; s| \(discriminator [0-9]+\)||' | grep '^src/' | sort -u >"$work/lines.$kind"
  echo "distinct $kind call sites covered: $n ($(wc -l <"$work/lines.$kind") source lines: $(grep -c '^src/cli/' "$work/lines.$kind") in src/cli, $(grep -vc '^src/cli/' "$work/lines.$kind") in the library)"
done
echo "lines of src/ calling malloc, calloc, realloc or strdup: $(grep -rnE '(^|[^_a-zA-Z0-9])(malloc|calloc|realloc|strdup) *\(' "$src_dir" --include=*.c | grep -vE '^[^:]+:[0-9]+: *(/?\*|//)' | wc -l)"
[ -n "${MIGDIP_FAULT_LINES:-}" ] && cp "$work/lines.alloc" "$MIGDIP_FAULT_LINES"
echo "faults: $runs runs, $bad broken"
[ $bad -eq 0 ]
