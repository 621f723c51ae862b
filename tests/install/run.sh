#!/usr/bin/env bash
# tests/install/run.sh - installs the build into a temporary prefix, checks what lands there,
# then builds tests/install/consumer.c against the installed library the way another project
# would, through pkg-config: once against libmigdip.so, once (--static) against libmigdip.a,
# and runs both. Run by ctest (label install).
# usage: run.sh BUILD_DIR SOURCE_DIR VERSION CC BINDIR LIBDIR INCLUDEDIR DATADIR DOCDIR [CFLAGS...]
#   the *DIR arguments are CMake's GNUInstallDirs values (relative to the prefix);
#   CFLAGS: extra flags for the consumer (the sanitizer build passes -fsanitize=...).
set -euo pipefail
[ $# -ge 9 ] || { echo "usage: $0 BUILD_DIR SOURCE_DIR VERSION CC BINDIR LIBDIR INCLUDEDIR DATADIR DOCDIR [CFLAGS...]" >&2; exit 2; }
BUILD=$1 SRC=$2 VERSION=$3 CC=$4 BINDIR=$5 LIBDIR=$6 INCLUDEDIR=$7 DATADIR=$8 DOCDIR=$9
shift 9
EXTRA=("$@")

fail() { echo "FAIL install: $*" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
P="$TMP/prefix"
cmake --install "$BUILD" --prefix "$P" >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log" >&2; fail "cmake --install failed"; }

# what must be installed (absolute directories of a configuration stay as configured)
at() { case "$1" in /*) echo "$1" ;; *) echo "$P/$1" ;; esac; }
bindir=$(at "$BINDIR") libdir=$(at "$LIBDIR") includedir=$(at "$INCLUDEDIR")
datadir=$(at "$DATADIR") docdir=$(at "$DOCDIR")
soname_link=$(readlink "$libdir/libmigdip.so") || fail "$libdir/libmigdip.so is not a symlink"
[ -f "$libdir/libmigdip.so.$VERSION" ] || fail "missing $libdir/libmigdip.so.$VERSION"
[ -e "$libdir/$soname_link" ] || fail "$libdir/libmigdip.so points at a missing $soname_link"
for f in "$libdir/libmigdip.a" "$includedir/migdip/migdip.h" "$libdir/pkgconfig/migdip.pc" \
         "$docdir/README.md"; do
  [ -f "$f" ] || fail "missing $f"
done
[ -x "$bindir/migdip" ] || fail "missing or not executable: $bindir/migdip"
got=$("$bindir/migdip" --version | head -1) || fail "$bindir/migdip --version failed"
[ "$got" = "migdip $VERSION" ] || fail "$bindir/migdip --version: got '$got', expected 'migdip $VERSION'"
# the man page and bash completion, generated from the option tables (src/cli/args.c)
cmp -s "$datadir/man/man1/migdip.1" <("$bindir/migdip" help --man) || fail "man page not installed as $datadir/man/man1/migdip.1"
cmp -s "$datadir/bash-completion/completions/migdip" <("$bindir/migdip" completion bash) ||
  fail "bash completion not installed as $datadir/bash-completion/completions/migdip"
# the registry and the docs, file for file as in the source tree
for f in "$SRC"/data/registry/*.csv; do
  cmp -s "$f" "$datadir/migdip/registry/$(basename "$f")" || fail "registry file not installed as is: $(basename "$f")"
done
for f in "$SRC"/docs/*.md; do
  cmp -s "$f" "$docdir/docs/$(basename "$f")" || fail "doc not installed as is: docs/$(basename "$f")"
done

# pkg-config sees the installed migdip.pc only through PKG_CONFIG_PATH
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --exists migdip || fail "pkg-config does not find migdip in $PKG_CONFIG_PATH"
pcver=$(pkg-config --modversion migdip)
[ "$pcver" = "$VERSION" ] || fail "migdip.pc Version $pcver, project version $VERSION"
pclibdir=$(pkg-config --variable=libdir migdip)
[ "$(cd "$pclibdir" && pwd -P)" = "$(cd "$libdir" && pwd -P)" ] || fail "migdip.pc libdir $pclibdir is not $libdir"
regdir=$(pkg-config --variable=registrydir migdip)
[ -f "$regdir/blocs.csv" ] || fail "migdip.pc registrydir $regdir holds no blocs.csv"

CFLAGS=(-std=c17 -Wall -Wextra -Wpedantic -Werror "${EXTRA[@]}")
cons="$SRC/tests/install/consumer.c"

# shared: the loader finds libmigdip.so through the rpath
read -r -a flags <<<"$(pkg-config --cflags --libs migdip)"
"$CC" "${CFLAGS[@]}" "$cons" -o "$TMP/consumer-shared" "${flags[@]}" -Wl,-rpath,"$libdir" \
  || fail "consumer does not build with: pkg-config --cflags --libs migdip"
readelf -d "$TMP/consumer-shared" | grep -q "NEEDED.*\[$soname_link\]" \
  || fail "consumer-shared does not load $soname_link"

# static: the same flags with --static; libmigdip.a is named so that the linker cannot take
# the .so beside it, and linked whole so that every object's needs must be met by the flags
# migdip.pc gives, not only those of the few objects the consumer calls
read -r -a flags <<<"$(pkg-config --static --cflags --libs migdip)"
for i in "${!flags[@]}"; do
  [ "${flags[$i]}" = "-lmigdip" ] &&
    flags[$i]="-Wl,--whole-archive $pclibdir/libmigdip.a -Wl,--no-whole-archive"
done
read -r -a flags <<<"${flags[*]}"
"$CC" "${CFLAGS[@]}" "$cons" -o "$TMP/consumer-static" "${flags[@]}" \
  || fail "consumer does not build with: pkg-config --static --cflags --libs migdip"
if readelf -d "$TMP/consumer-static" | grep -q "NEEDED.*libmigdip"; then
  fail "consumer-static loads libmigdip.so"
fi

for kind in shared static; do
  mkdir "$TMP/store-$kind"
  "$TMP/consumer-$kind" "$TMP/store-$kind" "$VERSION" || fail "consumer-$kind failed (above)"
  echo "ok consumer-$kind"
done
