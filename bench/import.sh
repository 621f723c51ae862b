#!/usr/bin/env bash
# bench/import.sh - the full reference import: median of several runs into a fresh store
# (hyperfine), beside reading the same files with pandas/openpyxl in one run; then the two
# floors of the design: the same import storing no value (bench/no_store_shim.c), and SQLite
# writing as many rows with nothing to parse (bench_insert_floor).
# usage: bench/import.sh [RUNS]   (needs a built build/; installs hyperfine and
# python3-pandas/python3-openpyxl from Debian if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
DATA="${MIGDIP_DATA:-$(pwd)/../shared/data}"
need=()
for p in hyperfine python3-pandas python3-openpyxl; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
DB="$(mktemp -d)/bench.db"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --runs "$RUNS" --prepare "rm -f $DB $DB-wal $DB-shm" \
  "build/migdip import --quiet --db $DB --data $DATA" --export-json /tmp/migdip-import.json
for i in 1 2 3; do /usr/bin/python3 bench/pandas_read.py "$DATA"; done
echo "floors of the design:"
hyperfine --runs "$RUNS" --prepare "rm -f $DB $DB-wal $DB-shm" \
  "LD_PRELOAD=$(pwd)/build/libno_store_shim.so build/migdip import --quiet --db $DB --data $DATA" \
  --export-json /tmp/migdip-import-nostore.json
build/bench_insert_floor --runs "$RUNS" --dir "$(dirname "$DB")"
/usr/bin/python3 - <<'PY'
import json
for label, f in (("migdip import", "/tmp/migdip-import.json"), ("import storing no value", "/tmp/migdip-import-nostore.json")):
    r = json.load(open(f))["results"][0]
    print(f"median {label}: {r['median']:.3f} s (user {r['user']:.3f} s)")
PY
