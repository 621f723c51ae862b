#!/usr/bin/env bash
# Readers and writers side by side on the real data (issue 11, docs/store.md "Readers during
# an import"). usage: concurrency.sh MIGDIP SOURCE_DIR
#  1. A store holding part of the data (crosswalks, UN DESA, WDI, COW NMC); then the whole
#     directory is imported while dyad, screen, export and sources run in a loop: every reader
#     must succeed, at least 20 of them must finish while the import is still running, and
#     each must see the old store or the new one whole (its vintages: the old ones only, or all
#     of the import's; the process may still be finishing after its commit).
#  2. Two imports of the whole directory started side by side on a copy of that store: the
#     second waits for the first, then finds every file already imported; the store ends as
#     one import leaves it. A third with --wait 1 fails at once, saying why (exit 3).
# Exit 77 (skipped) without the reference data ($MIGDIP_DATA, else ../shared/data).
set -u
MIGDIP=$1
SRC=$2
DATA=${MIGDIP_DATA:-$SRC/../shared/data}
[ -d "$DATA/undesa_ims" ] || { echo "skipped: no reference data at $DATA"; exit 77; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir "$work/part"
for d in codes undesa_ims wdi cow_nmc; do ln -s "$DATA/$d" "$work/part/$d"; done
"$MIGDIP" import --quiet --no-registry --data "$work/part" --db "$work/a.db" >/dev/null ||
  fail "import of the partial directory"
cp "$work/a.db" "$work/b.db"
old=$("$MIGDIP" sources --csv --db "$work/a.db" | wc -l)

# 1. readers during an import
"$MIGDIP" import --quiet --data "$DATA" --db "$work/a.db" >"$work/import.out" 2>&1 &
imp=$!
during=0 total=0 kind=0
readers=(dyad screen export sources)
while kill -0 $imp 2>/dev/null && [ $total -lt 400 ]; do
  r=${readers[$((kind % 4))]}
  kind=$((kind + 1))
  case $r in
    dyad) args=(dyad MYS IDN) ;;
    screen) args=(screen --year 2020 --top 5) ;;
    export) args=(export dyads --years 2020:2020 --format csv --out "$work/x.csv") ;;
    sources) args=(sources --csv) ;;
  esac
  "$MIGDIP" "${args[@]}" --db "$work/a.db" >"$work/r.out" 2>"$work/r.err" ||
    fail "migdip ${args[*]} during the import (exit $?): $(cat "$work/r.err")"
  total=$((total + 1))
  if kill -0 $imp 2>/dev/null; then
    during=$((during + 1))
    [ "$r" = sources ] && wc -l <"$work/r.out" >>"$work/seen"
  fi
done
wait $imp || fail "the import failed while readers ran: $(tail -3 "$work/import.out")"
[ $during -ge 20 ] || fail "only $during readers ran to completion during the import (20 wanted)"
new=$("$MIGDIP" sources --csv --db "$work/a.db" | wc -l)
[ "$new" -gt "$old" ] || fail "the import's data is not visible after it committed"
while read -r seen; do
  [ "$seen" = "$old" ] || [ "$seen" = "$new" ] ||
    fail "a reader saw part of the import ($seen source lines; $old before it, $new after)"
done < <(cat "$work/seen" 2>/dev/null)
echo "ok: $during readers (dyad, screen, export, sources) completed during an import, all succeeded"

# 2. two imports side by side
"$MIGDIP" import --quiet --data "$DATA" --db "$work/b.db" >"$work/i1.out" 2>&1 &
i1=$!
sleep 0.3
"$MIGDIP" import --quiet --data "$DATA" --db "$work/b.db" >"$work/i2.out" 2>&1 &
i2=$!
"$MIGDIP" import --quiet --wait 1 --data "$DATA" --db "$work/b.db" >"$work/i3.out" 2>&1
s3=$?
[ $s3 = 3 ] && grep -q 'another import is writing to it; waited 1 s' "$work/i3.out" ||
  fail "an import that cannot wait longer: exit $s3, $(cat "$work/i3.out")"
wait $i1; s1=$?
wait $i2; s2=$?
[ $s1 = 0 ] && [ $s2 = 0 ] || fail "two imports: exits $s1 and $s2: $(tail -2 "$work/i1.out") $(tail -2 "$work/i2.out")"
grep -q '^0 files imported' "$work/i2.out" || grep -q '^0 files imported' "$work/i1.out" ||
  fail "neither import found the other's files already imported"
"$MIGDIP" sources --csv --db "$work/a.db" >"$work/sa"
"$MIGDIP" sources --csv --db "$work/b.db" >"$work/sb"
cmp -s "$work/sa" "$work/sb" || fail "two imports side by side leave another store than one import"
echo "ok: two imports side by side: the second waited and found every file imported"
