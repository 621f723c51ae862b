#!/usr/bin/env bash
# tests/server/store.sh - the store the server, chart and browser tests read (ctest fixture
# server.store): the reference data ($MIGDIP_DATA, else ../shared/data beside the source)
# imported into STORE. The import skips the files the store holds, so a second run is quick.
# Exit 77 (skipped) without the reference data. usage: store.sh MIGDIP SOURCE_DIR STORE
set -u
MIGDIP=$1 SRC=$2 STORE=$3
DATA=${MIGDIP_DATA:-$SRC/../shared/data}
[ -d "$DATA/undesa_ims" ] || { echo "skipped: no reference data at $DATA"; exit 77; }
"$MIGDIP" import --quiet --data "$DATA" --db "$STORE" >/dev/null || { echo "FAIL: import into $STORE"; exit 1; }
echo "ok: $STORE"
