#!/usr/bin/env bash
# bench/robust_screen.sh [RUNS] - the robustness screen of one year (issue 13, item 5), in one
# hyperfine session: migdip screen --robust against the same computation in numpy
# (bench/numpy_screen.py, on the inputs bench/ensemble_export writes), migdip on 1 and 2 threads
# with 1,000 draws, the screen without draws (what loading the year costs), and a 35-year
# trajectory of one dyad. Whole processes, the store $MIGDIP_DB (default migdip.db), the build
# in build/. Prints the load average before and after; the medians are in $OUT/*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
DB=${MIGDIP_DB:-migdip.db}
OUT=${OUT:-$(mktemp -d)}
M=build/migdip
PY=/usr/bin/python3
YEAR=2020
ND=${NUMPY_DRAWS:-200}
mkdir -p "$OUT"
build/ensemble_export --db "$DB" --year $YEAR --out "$OUT/inputs"
# the two compute the same: every p_verdict equal (outside the timing)
$M screen --year $YEAR --min-stock 1 --robust "$ND" --seed 1 --csv --db "$DB" >"$OUT/migdip.csv"
$PY bench/numpy_screen.py "$OUT/inputs" "$ND" 1 --check "$OUT/migdip.csv"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --style basic --warmup 0 --runs "$RUNS" --export-json "$OUT/pair.json" \
  -n "migdip $ND draws" "$M screen --year $YEAR --min-stock 1 --robust $ND --seed 1 --csv --db $DB" \
  -n "numpy $ND draws" "$PY bench/numpy_screen.py $OUT/inputs $ND 1"
hyperfine -N --style basic --warmup 0 --runs "$RUNS" --export-json "$OUT/threads.json" \
  -n "migdip 1000 draws, 2 threads" "$M screen --year $YEAR --min-stock 1 --robust 1000 --seed 1 --threads 2 --csv --db $DB" \
  -n "migdip 1000 draws, 1 thread" "$M screen --year $YEAR --min-stock 1 --robust 1000 --seed 1 --threads 1 --csv --db $DB" \
  -n "migdip no draws" "$M screen --year $YEAR --min-stock 1 --csv --db $DB"
hyperfine -N --style basic --warmup 0 --runs 3 --export-json "$OUT/trajectory.json" \
  -n "trajectory 1990-2024" "$M trajectory QAT NPL --from 1990 --to 2024 --csv --db $DB"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
$PY - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
for f in ("pair", "threads", "trajectory"):
    for r in json.load(open(f"{out}/{f}.json"))["results"]:
        print(f"{r['command']:34s} median {r['median']:8.3f} s  (min {r['min']:.3f}, max {r['max']:.3f}; "
              f"user {r['user']:.3f} s)")
PY
echo "figures in $OUT"
