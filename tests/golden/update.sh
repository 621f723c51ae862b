#!/usr/bin/env bash
# tests/golden/update.sh MIGDIP FILE.t - rewrite the expected outputs of one golden file from
# what MIGDIP prints now, after a deliberate change (review the diff before committing). Keeps
# the commands, the file blocks, comments and the expected exit statuses; same format as run.sh.
set -u
MIGDIP="$(realpath "$1")"
t="$2"
work=$(mktemp -d)
db="$work/golden.db"
out="$work/new.t"
: > "$out"
infile=""
skipping=0
while IFS= read -r line || [ -n "$line" ]; do
  if [ -n "$infile" ]; then
    printf '%s\n' "$line" >> "$out"
    if [ "$line" = ">>>" ]; then infile=""; else printf '%s\n' "$line" >> "$work/$infile"; fi
    continue
  fi
  case "$line" in
    '<<< '*) skipping=0; printf '%s\n' "$line" >> "$out"; infile="${line#<<< }"
             mkdir -p "$(dirname "$work/$infile")"; : > "$work/$infile" ;;
    '$ migdip '*) skipping=1; printf '%s\n' "$line" >> "$out"
             c="${line#\$ migdip }"; c="${c//\{DIR\}/$work}"; c="${c//\{DB\}/$db}"
             (cd "$work" && eval "\"$MIGDIP\" $c --db \"$db\"" 2>/dev/null) >> "$out"
             got=$?
             [ "$got" = 0 ] || printf '? %s\n' "$got" >> "$out" ;;
    '? '*) ;;
    '# '*) printf '%s\n' "$line" >> "$out" ;;
    *) [ $skipping = 1 ] || printf '%s\n' "$line" >> "$out" ;;
  esac
done < "$t"
cp "$out" "$t"
rm -rf "$work"
