#!/usr/bin/env bash
# tests/mpi/run.sh - the robustness draws shared among 2 MPI processes give the same figures as
# one process (docs/scale.md): `robust` and `screen --robust`, JSON compared byte for byte but
# for the number of processes, which must be 2 (so that the split did happen). The store is the
# fixture of tests/golden/dyad_qatar_nepal.t (three states).
# usage: run.sh MIGDIP MPIRUN SOURCE_DIR
set -euo pipefail
MIGDIP=$1 MPIRUN=$2 SRC=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the fixture's files: the <<< PATH ... >>> blocks
awk -v dir="$work" '
  /^<<< / { f = dir "/" substr($0, 5); d = f; sub(/\/[^\/]*$/, "", d); system("mkdir -p \"" d "\""); next }
  /^>>>$/ { close(f); f = ""; next }
  f != "" { print > f }' "$SRC/tests/golden/dyad_qatar_nepal.t"
db="$work/mpi.db"
"$MIGDIP" import --no-registry --data "$work/data" --db "$db" >/dev/null
opts=(-np 2 --oversubscribe)
[ "$(id -u)" -ne 0 ] || opts+=(--allow-run-as-root)
export OMP_NUM_THREADS=1
fail=0
check() { # NAME ARGS...: one process against two
  local name=$1
  shift
  "$MIGDIP" "$@" --db "$db" >"$work/one.json"
  "$MPIRUN" "${opts[@]}" "$MIGDIP" "$@" --db "$db" >"$work/two.json"
  if ! grep -q '"processes":[[:space:]]*2' "$work/two.json"; then
    echo "FAIL $name: the run under mpirun did not use 2 processes"; fail=1
  fi
  if ! grep -q '"processes":[[:space:]]*1' "$work/one.json"; then
    echo "FAIL $name: the run without mpirun did not report 1 process"; fail=1
  fi
  if ! diff <(grep -v '"processes"' "$work/one.json") <(grep -v '"processes"' "$work/two.json"); then
    echo "FAIL $name: 2 processes differ from 1"; fail=1
  else
    echo "ok $name"
  fi
}
check robust robust QAT NPL --draws 2001 --seed 9 --json
check robust-params robust QAT NPL --draws 999 --seed 3 --params-only --json
check_screen() { # the screen's rows have no process count: their figures are compared
  "$MIGDIP" "$@" --db "$db" >"$work/one.json"
  "$MPIRUN" "${opts[@]}" "$MIGDIP" "$@" --db "$db" >"$work/two.json"
  if grep -q p_verdict "$work/one.json" && cmp -s "$work/one.json" "$work/two.json"; then
    echo "ok screen"
  else
    echo "FAIL screen: 2 processes differ from 1"; diff "$work/one.json" "$work/two.json" | head; fail=1
  fi
}
check_screen screen --min-stock 1 --robust 1001 --seed 4 --json
exit $fail
