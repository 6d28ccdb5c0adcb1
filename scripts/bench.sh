#!/usr/bin/env bash
# make bench: HTTP load benchmarks with wrk on loopback, each beside a floor
# (a Fiber app answering a constant body of the same size) measured in the
# same run, because absolute numbers drift on a shared machine. Results go to
# bench-results/ and standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/redis.sh
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
ensure_redis

DURATION="${BENCH_DURATION:-10s}"
CONNS="${BENCH_CONNECTIONS:-64}"
out=bench-results; mkdir -p "$out"; work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap 'cleanup; kill "$(cat "${BEACON_REDIS_DIR:-/nonexistent}/redis.pid" 2>/dev/null)" 2>/dev/null || true' EXIT

go build -o "$work/beacon" ./cmd/beacon
go build -o "$work/floor" ./internal/benchfloor

wait_ready() { for _ in $(seq 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }

# run_wrk URL [SCRIPT] -> "req/s p99". With a wrk script, the script makes
# the requests (which may differ) against URL's origin.
run_wrk() {
  local target=$1 opts=()
  if [ -n "${2:-}" ]; then opts=(-s "$2"); target="${1%%/api/*}/"; fi
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency "${opts[@]}" "$target" > "$work/wrk.txt"
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  if grep -q "Non-2xx" "$work/wrk.txt"; then echo "non-2xx answers from $1 ${2:-}" >&2; cat "$work/wrk.txt" >&2; exit 1; fi
  echo "$rps $p99"
}

# compare NAME URL CONTENT-TYPE [SCRIPT]: Beacon's answer vs the floor with
# the same bytes. With a wrk script, Beacon answers the script's requests
# and the floor the bytes of URL's answer.
compare() {
  local name=$1 url=$2 ctype=$3 script=${4:-}
  curl -fs "$url" > "$work/body"
  "$work/floor" --addr 127.0.0.1:18099 --body "$work/body" --type "$ctype" & local floor=$!; pids+=("$floor")
  wait_ready "http://127.0.0.1:18099/"
  read -r b_rps b_p99 < <(run_wrk "$url" "$script")
  read -r f_rps f_p99 < <(run_wrk "http://127.0.0.1:18099/")
  kill "$floor"; wait "$floor" 2>/dev/null || true
  local ratio; ratio=$(awk -v b="$b_rps" -v f="$f_rps" 'BEGIN {printf "%.2f", b / f}')
  printf '| %s | %s B | %s | %s | %s | %s | %s |\n' "$name" "$(wc -c < "$work/body")" "$b_rps" "$b_p99" "$f_rps" "$f_p99" "$ratio" | tee -a "$out/http.md"
}

start_beacon() { # STORE-ARGS...
  "$work/beacon" serve --demo --addr 127.0.0.1:18098 "$@" 2>"$work/beacon.log" & beacon=$!; pids+=("$beacon")
  wait_ready "http://127.0.0.1:18098/readyz"
}
stop_beacon() { kill "$beacon"; wait "$beacon" 2>/dev/null || true; }

{
  echo "## HTTP benchmarks $(date -u +%FT%TZ), wrk -t2 -c$CONNS -d$DURATION, $(nproc) cores"
  echo
  echo "| what | body | Beacon req/s | Beacon p99 | floor req/s | floor p99 | ratio |"
  echo "|---|---|---|---|---|---|---|"
} | tee "$out/http.md"

for backend in sqlite redis; do
  if [ "$backend" = sqlite ]; then
    start_beacon --store "sqlite:$work/bench.db"
  else
    prefix="beaconbench:$$:"
    start_beacon --store "$BEACON_TEST_REDIS_URL" --redis-prefix "$prefix"
  fi
  slug=$(curl -fs 'http://127.0.0.1:18098/api/v1/public/alerts?limit=1' | sed -E 's/.*"slug":"([^"]+)".*/\1/; q')
  compare "public alert by slug ($backend)" "http://127.0.0.1:18098/api/v1/public/alerts/$slug?lang=th" application/json
  if [ "$backend" = sqlite ]; then
    compare "home page, th (sqlite)" "http://127.0.0.1:18098/th/" "text/html; charset=utf-8"
    compare "alert page, th (sqlite)" "http://127.0.0.1:18098/th/alerts/$slug" "text/html; charset=utf-8"
    compare "cached feed, th atom (sqlite)" "http://127.0.0.1:18098/th/feeds/alerts.atom" "application/atom+xml; charset=utf-8"
  fi
  stop_beacon
  if [ "$backend" = redis ] && command -v redis-cli >/dev/null; then
    redis-cli -u "$BEACON_TEST_REDIS_URL" --scan --pattern "$prefix*" | xargs -r redis-cli -u "$BEACON_TEST_REDIS_URL" del >/dev/null
  fi
done
# Lookups with a million listings, after importing them over the API.
go build -o "$work/benchgen" ./internal/benchgen
"$work/benchgen" -n "${BENCH_LISTINGS:-1000000}" > "$work/listings.ndjson"
token=$("$work/beacon" token create --store "sqlite:$work/lookup.db" --name bench --role admin --agency TH 2>/dev/null)
"$work/beacon" serve --store "sqlite:$work/lookup.db" --addr 127.0.0.1:18098 --lookup-limit 0 2>"$work/beacon.log" & beacon=$!; pids+=("$beacon")
wait_ready "http://127.0.0.1:18098/readyz"
# Peak resident memory in two parts, sampled during the import: anonymous
# (the process's own heap and stacks) and file-backed (pages of the database
# file that the readers map, which are the kernel's page cache either way).
# The write-ahead log's largest size is sampled too (the disk an import needs).
( peak_anon=0; peak_file=0; peak_wal=0
  while kill -0 "$beacon" 2>/dev/null && [ ! -f "$work/import.done" ]; do
    read -r a f < <(awk '/RssAnon/ {a=$2} /RssFile/ {f=$2} END {print a+0, f+0}' "/proc/$beacon/status" 2>/dev/null || echo "0 0")
    w=$(stat -c %s "$work/lookup.db-wal" 2>/dev/null || echo 0)
    ((a > peak_anon)) && peak_anon=$a; ((f > peak_file)) && peak_file=$f; ((w > peak_wal)) && peak_wal=$w
    echo "$peak_anon $peak_file $peak_wal" > "$work/rss.txt"; sleep 0.1
  done ) & sampler=$!
start=$(date +%s.%N)
curl -fsS -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/x-ndjson" \
  --data-binary "@$work/listings.ndjson" http://127.0.0.1:18098/api/v1/listings/import > "$work/import.json"
end=$(date +%s.%N)
lines=$(sed -E 's/.*"lines":([0-9]+).*/\1/' "$work/import.json")
touch "$work/import.done"; wait "$sampler" 2>/dev/null || true
rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$beacon/status")
read -r anon file wal < "$work/rss.txt"
{
  echo
  echo "## Import of $lines NDJSON lines over HTTP (SQLite)"
  echo
  awk -v n="$lines" -v s="$start" -v e="$end" -v r="$rss" -v a="$anon" -v f="$file" -v w="$wal" 'BEGIN {printf "%.1f s, %.0f lines/s (target >= 50000); peak RSS of the server %s MB: anonymous memory at most %.0f MB (target <= 300), file-backed pages (the database file the readers map, and the program) at most %.0f MB; write-ahead log at most %.0f MB\n", e - s, n / (e - s), r, a / 1024, f / 1024, w / 1048576}'
  echo
  echo "| what | body | Beacon req/s | Beacon p99 | floor req/s | floor p99 | ratio |"
  echo "|---|---|---|---|---|---|---|"
} | tee -a "$out/http.md"
listed=$(sed -n 43p "$work/listings.ndjson" | sed -E 's/.*"value": "([^"]+)".*/\1/' | tr -d ' ')
hash=$(printf 'phone:%s' "$listed" | sha256sum | cut -c1-64)
compare "server-side lookup, one number, 1M listings (sqlite)" "http://127.0.0.1:18098/api/v1/lookup?kind=phone&value=%2B${listed#+}" application/json
# The same number again and again (a scam message sent to thousands) is
# answered from the listing cache; random numbers, half listed, read the store.
compare "server-side lookup, random numbers (half listed), 1M listings (sqlite)" \
  "http://127.0.0.1:18098/api/v1/lookup?kind=phone&value=%2B${listed#+}" application/json scripts/lookup-random.lua
compare "range ${hash:0:5}, 1M listings (sqlite)" "http://127.0.0.1:18098/api/v1/lookup/range/${hash:0:5}" application/json
stop_beacon

# Web Push fan-out: one alert to BENCH_PUSH_SUBS subscriptions on the local
# push service (its own process), beside the encryption-only rate.
go build -o "$work/pushbench" ./internal/pushbench
"$work/pushbench" keys > "$work/vapid.json"
"$work/pushbench" service -n "${BENCH_PUSH_SUBS:-100000}" -addr 127.0.0.1:18097 -subs "$work/subs.ndjson" -keys "$work/vapid.json" 2>"$work/pushsvc.log" & pushsvc=$!; pids+=("$pushsvc")
for _ in $(seq 600); do grep -q ready "$work/pushsvc.log" && break; sleep 0.2; done
{
  echo
  echo "## Web Push fan-out (SQLite)"
  echo
  "$work/pushbench" load -subs "$work/subs.ndjson" -store "sqlite:$work/push.db"
  "$work/pushbench" fanout -subs "$work/subs.ndjson" -service http://127.0.0.1:18097 -store "sqlite:$work/push.db" -keys "$work/vapid.json"
} | tee -a "$out/http.md"
kill "$pushsvc"; wait "$pushsvc" 2>/dev/null || true

# Trend reports: the aggregates of one quarter over a year of daily lookup
# counts, 100,000 accepted reports and 10,000 alerts, on SQLite (target < 1 s).
{
  echo
  echo "## Trend report aggregates, one quarter of a year's data (SQLite; target < 1 s)"
  echo
  go test -run '^$' -bench '^BenchmarkTrendAggregates$' -benchtime "${BENCH_TREND_RUNS:-5}x" ./internal/store/sqlite/ |
    awk '/^BenchmarkTrendAggregates/ {printf "%.0f ms per quarter (%s runs)\n", $3 / 1e6, $2}'
} | tee -a "$out/http.md"

echo
echo "Targets: public alert by slug >= 0.6 of the floor on SQLite, >= 0.5 on Redis; pages >= 0.7; lookups >= 0.6; cached feed >= 0.8."
