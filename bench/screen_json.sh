#!/usr/bin/env bash
# bench/screen_json.sh [RUNS] - screen's JSON against its CSV, and against JSON with the
# explanations (--explain: what every --json row carried before issue 12), paired in one
# hyperfine session on the store $MIGDIP_DB (a full import). Figures: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
: "${MIGDIP_DB:?set MIGDIP_DB to a store with the reference data imported}"
M=build/migdip
hyperfine --runs "$RUNS" --warmup 1 --export-markdown /tmp/screen_json.md \
  -n csv "$M screen --year 2020 --csv --db $MIGDIP_DB" \
  -n json "$M screen --year 2020 --json --db $MIGDIP_DB" \
  -n json-explain "$M screen --year 2020 --json --explain --db $MIGDIP_DB"
cat /tmp/screen_json.md
