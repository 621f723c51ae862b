#!/usr/bin/env bash
# bench/import.sh - the full reference import: median of several runs into a fresh store
# (hyperfine), beside reading the same files with pandas/openpyxl in one run.
# usage: bench/import.sh [RUNS]   (needs a built build/migdip; installs hyperfine and
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
/usr/bin/python3 bench/pandas_read.py "$DATA"
