#!/usr/bin/env bash
# tests/layout/symbols.sh - the library's names, from nm (ctest label layout).
#   1. every global symbol libmigdip.a defines is public (migdip_...) or internal with its
#      module's prefix (mg_<module>_..., or mg_<module> itself: mg_grow), so that linking the library into a program cannot
#      collide with the program's own names;
#   2. libmigdip.so exports migdip_ names only, and exactly the functions the public
#      headers declare (an exported name the headers do not declare is a leak; a declared
#      function it does not export cannot be linked).
# Each violation names the object file or the symbol; the exit status is 1 if any.
# usage: symbols.sh LIBMIGDIP.A LIBMIGDIP.SO PUBLIC_INCLUDE_DIR
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: symbols.sh LIBMIGDIP.A LIBMIGDIP.SO PUBLIC_INCLUDE_DIR" >&2; exit 2; }
STATIC=$1 SHARED=$2 INCLUDE=$3
for f in "$STATIC" "$SHARED"; do
  [ -f "$f" ] || { echo "symbols.sh: no $f (build first)" >&2; exit 2; }
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0

# 1. nm -A -P on an archive: "lib.a[member.o]: NAME TYPE VALUE SIZE"
nm -A -P --defined-only -g "$STATIC" |
  awk '{ sub(/:$/, "", $1) }
       $2 ~ /^__odr_asan\./ { next }   # GCC ASan: one marker a global, in the sanitizer build
       $2 ~ /^migdip_[A-Za-z0-9_]+$/ || $2 ~ /^mg_[a-z][a-z0-9]*(_[A-Za-z0-9_]+)?$/ { next }
       { printf "%s: global symbol %s: neither public (migdip_) nor internal with a module prefix (mg_<module>_)\n", $1, $2; bad++ }
       END { exit bad ? 1 : 0 }' || status=1
n_static=$(nm -P --defined-only -g "$STATIC" | awk 'NF >= 2 && $1 !~ /:$/ && $1 !~ /^__odr_asan\./' | wc -l)

# 2. the dynamic symbol table, against the public headers
nm -D -P --defined-only "$SHARED" | awk '{ print $1 }' | LC_ALL=C sort -u >"$TMP/exported"
if grep -v '^migdip_' "$TMP/exported" >"$TMP/leaked"; then
  sed "s|^|$SHARED exports a non-public symbol: |" "$TMP/leaked"
  status=1
fi
# declared functions: a migdip_ name followed by "(" (a function pointer type, "(*migdip_x_fn)(",
# is not); comments are stripped first
cat "$INCLUDE"/migdip/*.h |
  awk 'BEGIN { c = 0 }
       { line = $0; out = ""
         while (line != "") {
           if (c) { i = index(line, "*/"); if (!i) { line = ""; break }; line = substr(line, i + 2); c = 0 }
           i = index(line, "/*"); j = index(line, "//")
           if (j && (!i || j < i)) { out = out substr(line, 1, j - 1); line = ""; break }
           if (!i) { out = out line; line = ""; break }
           out = out substr(line, 1, i - 1); line = substr(line, i + 2); c = 1
         }
         print out }' |
  grep -oE '\bmigdip_[A-Za-z0-9_]+[[:space:]]*\(' | sed -E 's/[[:space:]]*\($//' |
  LC_ALL=C sort -u >"$TMP/declared"
LC_ALL=C comm -23 "$TMP/exported" "$TMP/declared" | grep '^migdip_' |
  sed "s|^|$SHARED exports a name no header in $INCLUDE/migdip/ declares: |" && status=1
LC_ALL=C comm -13 "$TMP/exported" "$TMP/declared" |
  sed "s|^|$INCLUDE/migdip/ declares a function $SHARED does not export: |" | grep . && status=1

if [ "$status" -eq 0 ]; then
  echo "ok: $n_static global symbols in $(basename "$STATIC"), all migdip_ or mg_<module>_; $(basename "$SHARED") exports the $(wc -l <"$TMP/exported") functions the public headers declare, nothing else"
fi
exit "$status"
