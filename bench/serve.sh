#!/usr/bin/env bash
# bench/serve.sh - migdip serve under load, on loopback only, bounded in time (issue 14):
#   1. cold dyads: the first answer of each of N distinct dyads (a model in memory, the dyad
#      evaluated and explained), one request at a time (curl);
#   2. wrk: 50 connections, 2 threads, DURATION seconds, cycling over the same dyads (now kept
#      per model): requests a second, p50/p90/p95/p99 latency, errors (non-2xx and socket);
#   3. the dashboard's first load in headless Chromium (bench/first_load.mjs), RUNS fresh
#      browser contexts: until the world map is drawn.
# usage: bench/serve.sh [STORE] [DURATION] [N_DYADS] [RUNS]   (defaults: build/server-test.db 20 200 5)
# needs build/migdip, wrk, curl, node with web/node_modules, chromium, web/dist built.
set -euo pipefail
cd "$(dirname "$0")/.."
STORE=${1:-build/server-test.db} DURATION=${2:-20} N=${3:-200} RUNS=${4:-5}
[ -f "$STORE" ] || { echo "no store $STORE (ctest -R server.store creates build/server-test.db)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing (Debian package wrk)" >&2; exit 2; }
work=$(mktemp -d)
build/migdip serve --db "$STORE" --port 0 --root web/dist --quiet >"$work/serve.out" 2>"$work/serve.err" &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 600); do grep -q serving "$work/serve.out" && break; sleep 0.1; done
base=$(sed -n 's|.*serving \(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$work/serve.out")
[ -n "$base" ] || { echo "the server did not start" >&2; cat "$work/serve.err" >&2; exit 3; }
echo "== $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, server $base"

# the dyads: the N first of the year's screen
curl -sf "$base/api/screen?top=$N" | /usr/bin/python3 -c '
import json, sys
for r in json.load(sys.stdin): print("/api/dyad?a=%s&b=%s" % (r["a"], r["b"]))' >"$work/paths"
n=$(wc -l <"$work/paths")
echo "== 1. cold: the first answer of $n distinct dyads, one at a time"
while read -r p; do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base$p"; done <"$work/paths" >"$work/cold"
/usr/bin/python3 - "$work/cold" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
t = sorted(float(x[1]) * 1000 for x in rows)
bad = sum(1 for x in rows if x[0] != "200")
q = lambda p: t[min(len(t) - 1, int(p * len(t)))]
print(f"   {len(t)} dyads: p50 {q(.5):.1f} ms, p95 {q(.95):.1f} ms, max {t[-1]:.1f} ms; non-200: {bad}")
PY

echo "== 2. wrk: 50 connections, 2 threads, ${DURATION} s, the same $n dyads in turn"
{
  printf 'local paths = {'
  sed 's/.*/"&",/' "$work/paths" | tr -d '\n'
  printf '}\n'
  cat <<'LUA'
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
local non2xx = 0
response = function(status, headers, body) if status ~= 200 then non2xx = non2xx + 1 end end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("   %d requests in %.1f s: %.0f a second; latency p50 %.2f ms, p90 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("   errors: connect %d, read %d, write %d, timeout %d, non-2xx %d\n",
    e.connect, e.read, e.write, e.timeout, summary.errors.status))
end
LUA
} >"$work/dyads.lua"
cpu() { awk '{ print $14 + $15 }' "/proc/$srv/stat"; } # utime + stime of the server, clock ticks
c0=$(cpu)
timeout $((DURATION + 30)) wrk -t2 -c50 -d"${DURATION}s" --timeout 5s -s "$work/dyads.lua" "$base" | tee "$work/wrk" |
  sed -n '/requests in .* s:/,$p'
c1=$(cpu)
reqs=$(sed -n 's/^ *\([0-9]*\) requests in .* s:.*/\1/p' "$work/wrk" | head -1)
/usr/bin/python3 -c "
ticks, reqs, hz = $c1 - $c0, ${reqs:-0}, $(getconf CLK_TCK)
print(f'   server CPU: {ticks / hz:.1f} s for {reqs} requests, {1e6 * ticks / hz / max(reqs, 1):.0f} us a request '
      f'(at 50 in flight, a core to itself would queue a request {50 * 1e3 * ticks / hz / max(reqs, 1):.1f} ms)')"

echo "== 3. the dashboard's first load, $RUNS fresh browser contexts"
timeout 300 node bench/first_load.mjs "$base" "$RUNS"
