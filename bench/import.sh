#!/usr/bin/env bash
# bench/import.sh - the full reference import (issue 9): `migdip import` of every reference file
# into a fresh store against bench/pandas_import.py, a pandas pipeline doing the same job (read,
# map names and codes to ISO3, drop aggregates, write the rows to SQLite in one transaction),
# paired in one hyperfine session, median of RUNS runs each; then the two floors of the design:
# the same import storing no value (bench/no_store_shim.c), and SQLite writing as many rows with
# nothing to parse (bench_insert_floor).
# usage: bench/import.sh [RUNS] [--no-floors]  (needs a built build/; installs hyperfine and
# python3-pandas/python3-openpyxl from Debian if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
FLOORS=1
[ "${2:-}" = "--no-floors" ] && FLOORS=0
DATA="${MIGDIP_DATA:-$(pwd)/../shared/data}"
need=()
for p in hyperfine python3-pandas python3-openpyxl sqlite3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
TMP="$(mktemp -d)"
DB="$TMP/bench.db"
PDB="$TMP/pandas.db"
XW="$TMP/crosswalk"
# Untimed: the crosswalk the C importer builds (its country, alias and code tables) and migdip's
# schema, exported from a store of the crosswalk files alone, for the pandas pipeline to map with.
mkdir -p "$XW"
build/migdip import --quiet --db "$TMP/xw.db" --data "$DATA/codes" >/dev/null 2>&1 || true
build/migdip import --quiet --db "$TMP/xw.db" "$DATA/unhcr/countries.csv" >/dev/null
sqlite3 "$TMP/xw.db" .schema | grep -v sqlite_ >"$XW/schema.sql"
for t in country country_alias country_code; do sqlite3 -header -csv "$TMP/xw.db" "SELECT * FROM $t" >"$XW/$t.csv"; done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
hyperfine --runs "$RUNS" --prepare "rm -f $DB $DB-wal $DB-shm" --prepare "rm -f $PDB $PDB-wal $PDB-shm" \
  -n "migdip import" "build/migdip import --quiet --db $DB --data $DATA" \
  -n "pandas pipeline" "/usr/bin/python3 bench/pandas_import.py $DATA $XW $PDB" \
  --export-json /tmp/migdip-import.json
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rows written: migdip $(sqlite3 "$DB" "SELECT sum(rows) FROM vintage"), pandas $(sqlite3 "$PDB" "SELECT value FROM meta WHERE key='pandas_rows'")"
echo "files: migdip $(sqlite3 "$DB" "SELECT count(*) FROM vintage WHERE sha256 NOT LIKE 'derived:%'"), pandas $(sqlite3 "$PDB" "SELECT count(*) FROM vintage")"
if ((FLOORS)); then
  echo "floors of the design:"
  hyperfine --runs "$RUNS" --prepare "rm -f $DB $DB-wal $DB-shm" \
    "LD_PRELOAD=$(pwd)/build/libno_store_shim.so build/migdip import --quiet --db $DB --data $DATA" \
    --export-json /tmp/migdip-import-nostore.json
  build/bench_insert_floor --runs "$RUNS" --dir "$TMP"
fi
/usr/bin/python3 - <<'PY'
import json
r = {x["command"]: x for x in json.load(open("/tmp/migdip-import.json"))["results"]}
m, p = r["migdip import"], r["pandas pipeline"]
print(f"median migdip import: {m['median']:.3f} s (user {m['user']:.3f} s, min {m['min']:.3f}, max {m['max']:.3f})")
print(f"median pandas pipeline: {p['median']:.3f} s (user {p['user']:.3f} s, min {p['min']:.3f}, max {p['max']:.3f})")
print(f"ratio (pandas / migdip, medians): {p['median'] / m['median']:.2f}x")
PY
rm -rf "$TMP"
