#!/usr/bin/env bash
# Golden CLI tests. Each tests/golden/NAME.t holds, in order:
#   a line `$ migdip ARGS...`   (the command; {DIR} is the fixture directory, {DB} the store)
#   optional `< FILE` blocks:    `<<< relative/path` then the file's lines up to `>>>`
#   the exact expected stdout, then optionally `? N` (the expected exit status, default 0).
# Several `$` commands may follow one another in one file; each is checked in turn.
# Lines starting with "# " outside a file block are comments.
set -u
MIGDIP="$1"
DIR="$2"
pass=0
fail=0
for t in "$DIR"/*.t; do
  [ -e "$t" ] || continue
  work=$(mktemp -d)
  db="$work/golden.db"
  expected="$work/expected"
  : > "$expected"
  cmd=""
  status=0
  ok=1
  run_check() {
    [ -n "$cmd" ] || return 0
    local c="${cmd//\{DIR\}/$work}"
    c="${c//\{DB\}/$db}"
    # shellcheck disable=SC2086
    actual=$(cd "$work" && eval "\"$MIGDIP\" $c --db \"$db\"" 2>"$work/stderr")
    local got=$?
    if [ "$got" != "$status" ] || [ "$actual" != "$(cat "$expected")" ]; then
      echo "FAIL $(basename "$t"): migdip $cmd (exit $got, expected $status)"
      diff <(cat "$expected") <(printf '%s\n' "$actual") | head -20
      sed 's/^/  stderr: /' "$work/stderr" | head -5
      ok=0
    fi
    : > "$expected"
    status=0
    cmd=""
  }
  infile=""
  while IFS= read -r line || [ -n "$line" ]; do
    if [ -n "$infile" ]; then
      if [ "$line" = ">>>" ]; then infile=""; else printf '%s\n' "$line" >> "$work/$infile"; fi
      continue
    fi
    case "$line" in
      '<<< '*) run_check; infile="${line#<<< }"; mkdir -p "$(dirname "$work/$infile")"; : > "$work/$infile" ;;
      '$ migdip '*) run_check; cmd="${line#\$ migdip }" ;;
      '? '*) status="${line#? }" ;;
      '# '*) ;;   # a comment
      *) printf '%s\n' "$line" >> "$expected" ;;
    esac
  done < "$t"
  run_check
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
  rm -rf "$work"
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
