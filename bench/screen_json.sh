#!/usr/bin/env bash
# bench/screen_json.sh [RUNS] [PREV] - screen's JSON against its CSV, and against JSON with the
# explanations (--explain: what every --json row carried before issue 12), paired in one
# hyperfine session (RUNS runs, default 20, 3 warm-ups) on the store $MIGDIP_DB (a full
# import); with PREV (another build's migdip), its --json and --csv too, on a copy of the
# store (the model cache keeps one build's entries). Also both on one thread (OMP_NUM_THREADS=1,
# through env: the screen and the JSON's rows are formatted on every thread). Prints the load
# average, the medians and json/csv. Figures: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-20}"
PREV="${2:-}"
: "${MIGDIP_DB:?set MIGDIP_DB to a store with the reference data imported}"
M=build/migdip
ARGS=(-n csv "$M screen --year 2020 --csv --db $MIGDIP_DB"
      -n json "$M screen --year 2020 --json --db $MIGDIP_DB"
      -n "csv, 1 thread" "env OMP_NUM_THREADS=1 $M screen --year 2020 --csv --db $MIGDIP_DB"
      -n "json, 1 thread" "env OMP_NUM_THREADS=1 $M screen --year 2020 --json --db $MIGDIP_DB")
if [ -n "$PREV" ]; then
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  cp "$MIGDIP_DB" "$TMP/prev.db"
  ARGS+=(-n "csv (before)" "$PREV screen --year 2020 --csv --db $TMP/prev.db"
         -n "json (before)" "$PREV screen --year 2020 --json --db $TMP/prev.db")
else
  ARGS+=(-n json-explain "$M screen --year 2020 --json --explain --db $MIGDIP_DB")
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --runs "$RUNS" --warmup 3 --export-markdown /tmp/screen_json.md --export-json /tmp/screen_json.json "${ARGS[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat /tmp/screen_json.md
/usr/bin/python3 - /tmp/screen_json.json <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
for name, r in res.items():
    print(f"median {name}: {r['median']:.4f} s (user {r['user']:.3f} s)")
for suffix in ("", ", 1 thread", " (before)"):
    if "json" + suffix in res and "csv" + suffix in res:
        print(f"json/csv{suffix}: {res['json' + suffix]['median'] / res['csv' + suffix]['median']:.2f}")
PY
