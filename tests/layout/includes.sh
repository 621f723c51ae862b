#!/usr/bin/env bash
# tests/layout/includes.sh - the include rules of src/ (ctest label layout).
#   1. A file in src/LAYER/ includes only headers of the layers tests/layout/layers allows it,
#      written from src/ ("store/store.h") or, for its own folder, by bare name ("cli.h");
#      migdip/<public header> and <system headers> are open to all.
#   2. No circle among the project's own includes (header guards would hide one from the
#      compiler, not from a reader).
# Each violation is printed as FILE:LINE: what is wrong; the exit status is 1 if any.
# usage: includes.sh SOURCE_DIR
set -euo pipefail
ROOT=${1:?usage: includes.sh SOURCE_DIR}
cd "$ROOT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# every #include line of every file under src/: FILE<TAB>LINE<TAB>"path" or <path>
find src -type f \( -name '*.c' -o -name '*.h' -o -name '*.def' \) | LC_ALL=C sort |
  xargs awk '
    /^[ \t]*#[ \t]*include[ \t]*["<]/ {
      s = $0; sub(/^[ \t]*#[ \t]*include[ \t]*/, "", s)
      q = substr(s, 1, 1); close_q = (q == "\"") ? "\"" : ">"
      rest = substr(s, 2); end = index(rest, close_q)
      if (end) printf "%s\t%d\t%s%s%s\n", FILENAME, FNR, q, substr(rest, 1, end - 1), close_q
    }' >"$TMP/includes"

find src include -type f >"$TMP/files"
awk -F'\t' -v layers_file=tests/layout/layers -v files="$TMP/files" -v edges="$TMP/edges" '
  function exists(p) { return (p in present) }
  BEGIN {
    while ((getline line < layers_file) > 0) {
      if (line ~ /^[ \t]*(#|$)/) continue
      n = split(line, w, /[: \t]+/)
      if (w[1] == "presenting") continue
      is_layer[w[1]] = 1
      for (i = 2; i <= n; i++) if (w[i] != "") { may[w[1], w[i]] = 1; allowed[w[1]] = allowed[w[1]] " " w[i] }
    }
    while ((getline line < files) > 0) present[line] = 1
    bad = 0
  }
  function report(msg) { printf "%s:%s: %s\n", $1, $2, msg; bad++ }
  {
    file = $1; inc = $3
    split(file, parts, "/"); layer = parts[2]; dir = file; sub(/\/[^\/]*$/, "", dir)
    if (!(layer in is_layer)) { report("file outside every layer of tests/layout/layers"); next }
    path = substr(inc, 2, length(inc) - 2)
    quoted = (substr(inc, 1, 1) == "\"")
    if (path ~ /^migdip\//) {
      if (!exists("include/" path)) report("includes " inc ": no such public header in include/")
      next
    }
    if (!quoted) {
      # a system header, unless it names a layer of src/
      split(path, pp, "/")
      if (!(pp[1] in is_layer) || index(path, "/") == 0) next
      report("includes " inc ": project headers are included with quotes")
    }
    if (path ~ /(^|\/)\.\.?\//) { report("includes " inc ": write includes from src/ (LAYER/FILE.h), not relative"); next }
    if (index(path, "/") == 0) {
      # a bare name: a header in the same folder
      target = dir "/" path
      if (!exists(target)) { report("includes " inc ": not in " dir "/ (other layers are named: LAYER/FILE.h)"); next }
      print file "\t" target > edges
      next
    }
    split(path, pp, "/"); to = pp[1]
    if (!(to in is_layer)) { report("includes " inc ": not a layer of src/ (tests/layout/layers)"); next }
    if (!exists("src/" path)) { report("includes " inc ": no such file src/" path); next }
    if (!((layer, to) in may)) {
      report("src/" layer "/ may not include " inc " (" layer " may use:" allowed[layer] ")")
    }
    print file "\t" "src/" path > edges
  }
  END { exit bad ? 1 : 0 }
' "$TMP/includes" || status=1
status=${status:-0}

# circles: tsort names the files of each loop it finds
touch "$TMP/edges"
if ! awk -F'\t' '$1 != $2 { print $1, $2 }' "$TMP/edges" | tsort >/dev/null 2>"$TMP/tsort"; then
  echo "include circle(s) among these files (each includes the next, directly or not):"
  sed -n 's/^tsort: //p' "$TMP/tsort" | grep -v "input contains a loop" | sed 's/^/  /'
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "ok: $(wc -l <"$TMP/includes") includes in $(cut -f1 "$TMP/includes" | sort -u | wc -l) files follow tests/layout/layers; no include circle"
fi
exit "$status"
