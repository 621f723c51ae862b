#!/usr/bin/env bash
# bench/export_years.sh PREV NEW [STORE] [RUNS] - the 31-year dyad export (issue 12: under
# 1.5 s whole process), `export dyads --years 1990:2020 --out FILE.csv`, by two builds of
# migdip paired in one hyperfine session, each on its own copy of the store: the model cache
# (<store>.cache/) keeps the entries of one build only, so two builds sharing a store would
# each rebuild every model (0.75 s a year). The warm-up runs fill each cache. The two CSV
# files are compared byte for byte at the end. Figures: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PREV="${1:?usage: bench/export_years.sh PREV_MIGDIP NEW_MIGDIP [STORE] [RUNS]}"
NEW="${2:?usage: bench/export_years.sh PREV_MIGDIP NEW_MIGDIP [STORE] [RUNS]}"
STORE="${3:-${MIGDIP_DB:?give a store with the reference data imported, or set MIGDIP_DB}}"
RUNS="${4:-5}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp "$STORE" "$TMP/prev.db"
cp "$STORE" "$TMP/new.db"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --runs "$RUNS" --warmup 2 --export-markdown "$TMP/export.md" --export-json "$TMP/export.json" \
  -n before "env MIGDIP_DB=$TMP/prev.db $PREV export dyads --years 1990:2020 --out $TMP/prev.csv --quiet" \
  -n after "env MIGDIP_DB=$TMP/new.db $NEW export dyads --years 1990:2020 --out $TMP/new.csv --quiet" \
  -n "after, 1 thread" "env MIGDIP_DB=$TMP/new.db OMP_NUM_THREADS=1 $NEW export dyads --years 1990:2020 --out $TMP/new1.csv --quiet"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$TMP/export.md"
/usr/bin/python3 - "$TMP/export.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['command']}: {r['median']:.4f} s (user {r['user']:.3f} s)")
PY
cmp "$TMP/prev.csv" "$TMP/new.csv" && cmp "$TMP/new.csv" "$TMP/new1.csv" && echo "the CSV files are identical ($(($(wc -l <"$TMP/new.csv") - 1)) rows)"
