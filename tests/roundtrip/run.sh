#!/usr/bin/env bash
# Round trips of the exports through the readers researchers use (issue 12): a store imported
# from the real reference data, exported in CSV, JSON and Stata; pandas (roundtrip.py) and
# R's haven (roundtrip.R) read them back and check that they agree cell for cell, that NA
# stays NA, that the metadata and codebook are there, and that --system gw holds no territory
# and no state before its independence; every command's --json valid against its schema
# (docs/schema, schema_check.py); `migdip cite` read by bibtexparser (cite_check.py).
# Skipped (77) without the reference data; fails when
# pandas or R's haven is missing (scripts/setup installs them).
# usage: run.sh MIGDIP SOURCE_DIR
set -euo pipefail
MIGDIP="$1"
SRC="$2"
DATA="${MIGDIP_DATA:-$SRC/../shared/data}"
[ -d "$DATA/codes" ] || { echo "roundtrip: no reference data at $DATA: skipped"; exit 77; }
PY=/usr/bin/python3
command -v Rscript >/dev/null || { echo "roundtrip: Rscript missing (Debian r-base-core, r-cran-haven)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/rt.db"
"$MIGDIP" import --data "$DATA" --db "$db" --json >"$work/import.json" 2>"$work/import.err" ||
  { cat "$work/import.err"; exit 1; }
opts=(--years 2010:2011 --system gw --with all --min-stock 5000 --db "$db" --quiet)
for ext in csv json dta; do
  "$MIGDIP" export dyads "${opts[@]}" --out "$work/d.$ext"
done
"$MIGDIP" export states --year 2010 --system cow --with income_group,agreements --db "$db" --quiet --out "$work/s.dta"
"$MIGDIP" export dyads --year 2010 --system cow --undirected --db "$db" --quiet --out "$work/u.csv"
"$PY" "$SRC/tests/roundtrip/roundtrip.py" "$work" "$db"
Rscript --vanilla "$SRC/tests/roundtrip/roundtrip.R" "$work"
"$MIGDIP" cite --db "$db" > "$work/refs.bib"
version=$("$MIGDIP" --version --db "$db" | head -1 | cut -d' ' -f2)
"$PY" "$SRC/tests/roundtrip/schema_check.py" "$MIGDIP" "$db" "$SRC" "$work"
"$PY" "$SRC/tests/roundtrip/cite_check.py" "$work/refs.bib" "$db" "$SRC/CITATION.cff" "$version"
echo "roundtrip: pandas and haven agree"
