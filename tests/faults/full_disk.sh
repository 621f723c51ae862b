#!/usr/bin/env bash
# tests/faults/full_disk.sh - a disk that fills up during an import and during an export
# (ctest faults.full_disk; docs/reliability.md).
#   full_disk.sh MIGDIP DATA_DIR
# A full disk is made with the file-size limit (ulimit -f, SIGXFSZ ignored: a write past it
# fails with EFBIG, as a write to a full disk fails with ENOSPC) and with /dev/full:
#   - import into a store under 20 limits from 8 KiB to 32 KiB past the new store's size: each
#     import either succeeds with the new store or fails with exit 3 and a message, leaving the
#     old store exactly (sqlite3 .dump); `migdip sources` works after each;
#   - export --out FILE.csv/.json/.dta under a limit below the export's size: exit 3 with a
#     message naming the file, FILE left as it was, no temporary file left beside it;
#   - export --out /dev/full and `migdip cite > /dev/full`: exit 3 with a message, the
#     device still a device.
set -uo pipefail
MIGDIP=${1:?usage: full_disk.sh MIGDIP DATA_DIR}
DATA=${2:?usage: full_disk.sh MIGDIP DATA_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap '' XFSZ
unset MIGDIP_DB
bad=0
fail() { echo "FAIL $*"; bad=$((bad + 1)); }
dump() {
  sqlite3 "$1" .dump | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' | sha256sum | cut -c1-64
}
kib() { echo $((($(stat -c %s "$1") + 1023) / 1024)); }

mkdir -p "$work/part"
cp -r "$DATA/codes" "$work/part/"
"$MIGDIP" import --quiet --no-registry --data "$work/part" --db "$work/old.db" >/dev/null || exit 2
old=$(dump "$work/old.db")
cp "$work/old.db" "$work/new.db"
"$MIGDIP" import --quiet --data "$DATA" --db "$work/new.db" >/dev/null || exit 2
new=$(dump "$work/new.db")
lo=$(kib "$work/old.db")
hi=$(($(kib "$work/new.db") + 32))

# 1. import under a file-size limit
n_old=0 n_new=0
for limit in $(seq 8 $(((hi - 8) / 20 + 1)) "$hi"); do
  rm -f "$work"/t.db*
  cp "$work/old.db" "$work/t.db"
  (ulimit -f "$limit"; exec "$MIGDIP" import --quiet --data "$DATA" --db "$work/t.db") >/dev/null 2>"$work/err"
  rc=$?
  got=$(dump "$work/t.db")
  if [ $rc -eq 0 ] && [ "$got" = "$new" ]; then n_new=$((n_new + 1))
  elif [ $rc -eq 3 ] && [ "$got" = "$old" ] && grep -q '^migdip: error: ' "$work/err"; then n_old=$((n_old + 1))
  else fail "import under ulimit -f $limit KiB: exit $rc, store $([ "$got" = "$old" ] && echo old || { [ "$got" = "$new" ] && echo new || echo NEITHER; }): $(head -2 "$work/err")"
  fi
  "$MIGDIP" sources --db "$work/t.db" >/dev/null 2>&1 || fail "sources after the import under ulimit -f $limit"
done
echo "import: limits 8..$hi KiB (old store $lo KiB): $n_old failed cleanly (old store), $n_new completed (new store)"
[ $n_old -gt 0 ] || fail "no limit made the import fail: the test tried nothing"

# 2. export to a regular file under a limit smaller than the export. A reader holds the store
# open meanwhile, so that its WAL index (-shm, 32 KiB) exists already and the limit hits the
# export's file, not the store.
mkfifo "$work/hold"
sqlite3 "$work/new.db" <"$work/hold" >/dev/null &
holder=$!
exec 3>"$work/hold"
echo "SELECT count(*) FROM country;" >&3
for x in csv json dta; do
  "$MIGDIP" export dyads --min-stock 1 --years 2000:2020 --out "$work/full.$x" --db "$work/new.db" 2>/dev/null || exit 2
  size=$(stat -c %s "$work/full.$x")
  printf 'before\n' >"$work/out.$x"
  # the limit is in 512-byte blocks in POSIX sh, KiB in bash: 1 KiB
  # (stderr through a pipe: the limit would cut a file written by the process too)
  (ulimit -f 1; exec "$MIGDIP" export dyads --min-stock 1 --years 2000:2020 --out "$work/out.$x" --db "$work/new.db") \
    2>&1 >/dev/null | cat >"$work/err"
  rc=${PIPESTATUS[0]}
  if [ "$size" -le 1024 ]; then fail "export $x: only $size bytes, the limit tests nothing"; continue; fi
  [ $rc -eq 3 ] || fail "export $x past the limit: exit $rc, not 3"
  grep -q "^migdip: error: .*out\.$x" "$work/err" || fail "export $x past the limit: the message names no file: $(grep -m1 error "$work/err")"
  [ "$(cat "$work/out.$x")" = before ] || fail "export $x past the limit: the file changed"
  ls "$work"/out."$x".partial* >/dev/null 2>&1 && fail "export $x past the limit: a temporary file left"
  echo "export $x ($size bytes) under ulimit -f 1: exit $rc: $(grep -m1 "^migdip: error" "$work/err")"
done

exec 3>&-
wait $holder

# 3. /dev/full
if [ -c /dev/full ]; then
  "$MIGDIP" export dyads --min-stock 1 --out /dev/full --db "$work/new.db" >/dev/null 2>"$work/err"
  rc=$?
  [ $rc -eq 3 ] || fail "export --out /dev/full: exit $rc, not 3"
  [ -c /dev/full ] || fail "export --out /dev/full replaced the device"
  echo "export --out /dev/full: exit $rc: $(head -1 "$work/err")"
  "$MIGDIP" cite --db "$work/new.db" >/dev/full 2>"$work/err"
  rc=$?
  [ $rc -eq 3 ] || fail "cite > /dev/full: exit $rc, not 3"
  echo "cite > /dev/full: exit $rc: $(head -1 "$work/err")"
fi
echo "full disk: $bad failed"
[ $bad -eq 0 ]
