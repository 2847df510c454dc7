#!/usr/bin/env bash
# Benchmark: release build, seeded database, load over real HTTP with wrk (Debian).
#   bash bench/run.sh [TICKETS...]          default: 100000 1000000
#   BACKENDS="sqlite postgres" (default both; postgres needs a local server, see scripts/test.sh)
# Prints a Markdown table: creates/s at 1 and 16 connections; for the queue's first page, a
# search and a ticket page the p50/p99 latency of one client (what a person waits) and the
# requests/s and p99 of 16 clients (what the server can take, with queueing); login p50/p99
# at 2 connections; the latency from a create's answer to its event on an open event stream,
# p50/p99, while the 16 connections create (bench/event_latency.py probes beside the load); and
# the server's peak resident memory over the whole run. A second table: each report of
# /api/v1/reports (staff, every organisation, the longest period: the 366 days where the
# generated tickets are densest) as p50 / p99 ms of one client.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
sizes=("${@:-100000 1000000}")
read -r -a sizes <<<"${sizes[*]}"
backends=${BACKENDS:-sqlite postgres}
duration=${DURATION:-10s}
case $duration in *m) seconds=$((${duration%m} * 60)) ;; *) seconds=${duration%s} ;; esac
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
cargo build --release -p loket >/dev/null
bin=${CARGO_TARGET_DIR:-target}/release/loket
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
export LOKET_JWT_SECRET=bench-secret-0123456789abcdef0123456789abcdef LOKET_LOG=warn
export LOKET_ACCESS_TOKEN_MINUTES=120
port=18099
base="http://127.0.0.1:$port"

# wrk prints 850.00us, 12.40ms or 1.20s: in ms, as "p50 p99", or "req/s p99".
latency() {
  awk 'function ms(v) { if (v ~ /us$/) return sprintf("%.2f", v / 1000); if (v ~ /ms$/) return sprintf("%.2f", v + 0); return sprintf("%.0f", v * 1000) }
       /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } END { print p50, p99 }'
}
throughput() {
  awk 'function ms(v) { if (v ~ /us$/) return sprintf("%.2f", v / 1000); if (v ~ /ms$/) return sprintf("%.2f", v + 0); return sprintf("%.0f", v * 1000) }
       /Requests\/sec/ { r = $2 } /^ +99%/ { p99 = ms($2) } END { printf "%d %s\n", r, p99 }'
}
# wrk with its arguments; stops the benchmark if any answer was not a success.
load() {
  local out
  out=$(wrk --latency "$@")
  if grep -q 'Non-2xx' <<<"$out"; then echo "failed answers in: wrk $*" >&2; echo "$out" >&2; exit 1; fi
  echo "$out"
}
# "p50 / p99 · req/s (p99)": one client's latency, then 16 clients' throughput, of a GET.
measure_get() {
  local one sixteen
  one=$(load -t1 -c1 -d"$duration" -s bench/get.lua "$1" | latency)
  sixteen=$(load -t2 -c16 -d"$duration" -s bench/get.lua "$1" | throughput)
  read -r p50 p99 <<<"$one"; read -r rps p99_16 <<<"$sixteen"
  echo "$p50 / $p99 · $rps/s ($p99_16)"
}

reports_table=""
echo "| backend | tickets | creates/s (1) | creates/s (16) | queue: 1 client p50 / p99 ms · 16 clients req/s (p99 ms) | search: same | ticket page: same | login p50 / p99 ms (2) | event p50 / p99 ms (16 creating) | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for backend in $backends; do
  for size in "${sizes[@]}"; do
    if [ "$backend" = sqlite ]; then
      export DATABASE_URL="$work/bench-$size.db"
    else
      db="loket_bench_$size"
      psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
      # PostgreSQL on this machine: TLS over the loopback protects nothing and cost ~10 % of
      # the creates per second (libpq's default sslmode=prefer uses it when the server offers it).
      export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db?sslmode=disable"
    fi
    $bin seed-demo --tickets "$size" >"$work/seed.log" 2>&1
    seed_time=$(grep -o 'inserted in [0-9.]* s' "$work/seed.log" | awk '{print $3}')
    # A million rows just inserted: PostgreSQL has no statistics and no visibility map for them
    # until autovacuum comes by (minutes later, in the middle of the measurements). Without
    # statistics it guessed 9,000 tickets in the reports' year instead of 524,000 and read the
    # table (1 s) instead of the covering index; this is the state autovacuum leaves.
    if [ "$backend" = postgres ]; then psql -h 127.0.0.1 -U postgres -d "$db" -qc "VACUUM (ANALYZE) tickets"; fi
    LOKET_ADDR=127.0.0.1:$port $bin serve >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 50); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.2; done
    export LOKET_TOKEN=$(curl -s "$base/api/v1/auth/login" -H 'content-type: application/json' \
      -d '{"email":"jan.agent@loket.example","password":"loket-demo-2026"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    customer=$(curl -s "$base/api/v1/auth/login" -H 'content-type: application/json' \
      -d '{"email":"tom.claes@bakkerij-peeters.example","password":"loket-demo-2026"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    queue=$(measure_get "$base/api/v1/tickets?limit=50")
    search=$(measure_get "$base/api/v1/tickets?q=kassa&limit=20")
    page=$(measure_get "$base/api/v1/tickets/$(date +%Y)-000100")
    year="from=$(date -d '-730 days' +%F)&to=$(date -d '-365 days' +%F)"
    reports=""
    for report in "backlog" "sla?$year" "billing?$year" "tickets?$year" "first-response?$year"; do
      read -r r50 r99 <<<"$(load -t1 -c1 -d"$duration" -s bench/get.lua "$base/api/v1/reports/$report" | latency)"
      reports="$reports | $r50 / $r99"
    done
    reports_table="$reports_table| $backend | $size$reports |"$'\n'
    # Logins are slow on purpose (argon2id): 2 connections, as people log in, not scripts.
    login=$(load -t1 -c2 -d"$duration" -s bench/login.lua "$base/api/v1/auth/login" | latency)
    one=$(LOKET_TOKEN=$customer load -t1 -c1 -d"$duration" -s bench/create_ticket.lua "$base/api/v1/tickets" | awk '/Requests\/sec/{printf "%d", $2}')
    python3 bench/event_latency.py "$base" "$LOKET_TOKEN" "$customer" "$seconds" >"$work/events.txt" &
    probe=$!
    sixteen=$(LOKET_TOKEN=$customer load -t2 -c16 -d"$duration" -s bench/create_ticket.lua "$base/api/v1/tickets" | awk '/Requests\/sec/{printf "%d", $2}')
    wait $probe || { echo "the event latency probe failed" >&2; exit 1; }
    read -r e50 e99 _ _ <"$work/events.txt"
    rss=$(awk '/VmHWM/{printf "%d", $2/1024}' "/proc/$server/status")
    kill $server; wait $server 2>/dev/null || true
    read -r l50 l99 <<<"$login"
    echo "| $backend | $size (seeded in ${seed_time}s) | $one | $sixteen | $queue | $search | $page | $l50 / $l99 | $e50 / $e99 | $rss |"
  done
done
echo
echo "| backend | tickets | backlog p50 / p99 ms (1) | SLA per week, 366 days | billing per month | tickets per month | median first response |"
echo "|---|---|---|---|---|---|---|"
printf '%s' "$reports_table"
