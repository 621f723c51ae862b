#!/usr/bin/env bash
# tests/layout/calls.sh - who calls whom, from the compiled objects (ctest label layout).
# nm lists what each object file defines and what it uses; a file that uses a symbol another
# file defines depends on that file. Checked:
#   1. each such edge goes to a layer tests/layout/layers allows; the presenting layers'
#      objects (cli, server, present) may use the library's public migdip_ names only; a source generated in the build tree
#      (embedded data) may be used by any layer and itself uses nothing of the library;
#   2. no loop among the library's files (tsort finds them): a loop means two files that
#      can only be understood, tested and moved together.
# Each violation names the files and the symbols; the exit status is 1 if any.
# usage: calls.sh SOURCE_DIR OBJECT_FILE|@LIST_FILE...
#   objects as CMake places them: TARGET.dir/src/LAYER/FILE.c.o, or elsewhere under
#   TARGET.dir/ for a generated source; @LIST_FILE: one object a line
set -euo pipefail
ROOT=${1:?usage: calls.sh SOURCE_DIR OBJECT_FILE|@LIST_FILE...}
shift
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
objects=()
for a in "$@"; do
  if [ "${a#@}" != "$a" ]; then
    mapfile -t -O "${#objects[@]}" objects <"${a#@}"
  else
    objects+=("$a")
  fi
done
[ "${#objects[@]}" -gt 0 ] || { echo "calls.sh: no object files given" >&2; exit 2; }
set -- "${objects[@]}"

# one line a symbol: FILE DEF|USE NAME, FILE as in the source tree (src/core/plan.c)
for o in "$@"; do
  [ -f "$o" ] || { echo "calls.sh: no object file $o (build first)" >&2; exit 2; }
  case "$o" in *.dir/*.o) ;; *) echo "calls.sh: $o is not under a CMake TARGET.dir/ tree" >&2; exit 2 ;; esac
done
nm -A -P "$@" | awk '
  { f = $1; sub(/:$/, "", f); sub(/.*\.dir\//, "", f); sub(/\.o$/, "", f)
    if (f !~ /^src\/[^\/]+\//) f = "generated/" f }
  $3 == "U" || $3 == "w" || $3 == "v" { print f, "USE", $2; next }
  $3 ~ /^[A-TV-Z]$/ || $3 == "u" { print f, "DEF", $2 }' >"$TMP/symbols"

awk -v layers_file="$ROOT/tests/layout/layers" -v edges="$TMP/edges" '
  BEGIN {
    while ((getline line < layers_file) > 0) {
      if (line ~ /^[ \t]*(#|$)/) continue
      n = split(line, w, /[: \t]+/)
      if (w[1] == "presenting") { for (i = 2; i <= n; i++) if (w[i] != "") presenting[w[i]] = 1; continue }
      for (i = 2; i <= n; i++) if (w[i] != "") { may[w[1], w[i]] = 1; allowed[w[1]] = allowed[w[1]] " " w[i] }
    }
  }
  function layer(f,   p) { split(f, p, "/"); return p[1] == "generated" ? "generated" : p[2] }
  { file[NR] = $1; kind[NR] = $2; sym[NR] = $3 }
  $2 == "DEF" {
    if ($3 in def && def[$3] != $1) { printf "%s and %s both define %s\n", def[$3], $1, $3; bad++ }
    def[$3] = $1
  }
  END {
    for (i = 1; i <= NR; i++) {
      if (kind[i] != "USE" || !(sym[i] in def) || def[sym[i]] == file[i]) continue
      from = file[i]; to = def[sym[i]]; lf = layer(from); lt = layer(to)
      if (lf in presenting) {
        if (!(lt in presenting)) {
          if (sym[i] !~ /^migdip_/) internal[from, to] = internal[from, to] " " sym[i]
        } else if ((lf, lt) in may) print from, to > edges
        else uses[from, to] = uses[from, to] " " sym[i]
        continue
      }
      if (lt == "generated" && lf != "generated") { print from, to > edges; continue }
      if (!((lf, lt) in may)) uses[from, to] = uses[from, to] " " sym[i]
      else if (lt != "cli") print from, to > edges
    }
    for (k in uses) {
      split(k, kk, SUBSEP)
      printf "%s calls into %s, which %s may not use (%s may use:%s):%s\n", kk[1], kk[2], layer(kk[1]), layer(kk[1]), allowed[layer(kk[1])], uses[k]
      bad++
    }
    for (k in internal) {
      split(k, kk, SUBSEP)
      printf "%s calls into %s, internal to the library (the CLI, the server and src/present may call public migdip_ names only):%s\n", kk[1], kk[2], internal[k]
      bad++
    }
    exit bad ? 1 : 0
  }' "$TMP/symbols" | LC_ALL=C sort || status=1
status=${status:-0}
touch "$TMP/edges"
LC_ALL=C sort -u "$TMP/edges" -o "$TMP/edges"

if ! tsort "$TMP/edges" >/dev/null 2>"$TMP/tsort"; then
  # tsort: "input contains a loop:", then one line per file of that loop
  awk '/input contains a loop/ { if (loop != "") print loop; loop = ""; next }
       { sub(/^tsort: /, ""); loop = loop (loop == "" ? "" : " -> ") $0 }
       END { if (loop != "") print loop }' "$TMP/tsort" >"$TMP/loops"
  echo "call loop(s): each file uses the next (directly or through others), the last the first:"
  sed 's/^/  /' "$TMP/loops"
  echo "what the files of the loops take from one another:"
  tr ' ' '\n' <"$TMP/loops" | grep -v -- '->' | LC_ALL=C sort -u >"$TMP/loopfiles"
  awk 'FILENAME == ARGV[1] { inloop[$1] = 1; next }
       $2 == "DEF" { def[$3] = $1; next }
       { user[NR] = $1; name[NR] = $3 }
       END {
         for (i in user) {
           from = user[i]; to = def[name[i]]
           if ((from in inloop) && (to in inloop) && to != from) took[from, to] = took[from, to] " " name[i]
         }
         for (k in took) { split(k, kk, SUBSEP); print "  " kk[1] " uses " kk[2] ":" took[k] }
       }' "$TMP/loopfiles" "$TMP/symbols" | LC_ALL=C sort
  status=1
fi
if [ "$status" -eq 0 ]; then
  echo "ok: $(awk '{ print $1 }' "$TMP/symbols" | sort -u | wc -l) object files; $(wc -l <"$TMP/edges") file-to-file edges follow tests/layout/layers; no loop"
fi
exit "$status"
