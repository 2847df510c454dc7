#!/usr/bin/env bash
# Benchmark: release build, seeded database, load over real HTTP with wrk (Debian).
#   bash bench/run.sh [TICKETS...]          default: 100000 1000000
#   BACKENDS="sqlite postgres" (default both; postgres needs a local server, see scripts/test.sh)
# Prints a Markdown table: creates/s at 1 and 16 connections, p50/p99 of the queue's first
# page, a search, a ticket page and a login, and the server's peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100000 1000000}")
read -r -a sizes <<<"${sizes[*]}"
backends=${BACKENDS:-sqlite postgres}
duration=${DURATION:-10s}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
cargo build --release -p loket >/dev/null
bin=${CARGO_TARGET_DIR:-target}/release/loket
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
export LOKET_JWT_SECRET=bench-secret-0123456789abcdef0123456789abcdef LOKET_LOG=warn
export LOKET_ACCESS_TOKEN_MINUTES=120 LOKET_DB_POOL_SIZE=${LOKET_DB_POOL_SIZE:-8}
port=18099
base="http://127.0.0.1:$port"

latency() { # wrk output → "p50 p99" in ms
  awk '/^ +50%/{p50=$2} /^ +99%/{p99=$2} END{print p50, p99}' | sed -E 's/([0-9.]+)ms/\1/g; s/([0-9.]+)us/0.00\1/g'
}

echo "| backend | tickets | creates/s (1) | creates/s (16) | queue p50/p99 ms | search p50/p99 ms | ticket p50/p99 ms | login p50/p99 ms | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|---|"
for backend in $backends; do
  for size in "${sizes[@]}"; do
    if [ "$backend" = sqlite ]; then
      export DATABASE_URL="$work/bench-$size.db"
    else
      db="loket_bench_$size"
      psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
      export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
    fi
    $bin seed-demo --tickets "$size" >"$work/seed.log" 2>&1
    seed_time=$(grep -o 'inserted in [0-9.]* s' "$work/seed.log" | awk '{print $3}')
    LOKET_ADDR=127.0.0.1:$port $bin serve >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 50); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.2; done
    export LOKET_TOKEN=$(curl -s "$base/api/v1/auth/login" -H 'content-type: application/json' \
      -d '{"email":"jan.agent@loket.example","password":"loket-demo-2026"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    customer=$(curl -s "$base/api/v1/auth/login" -H 'content-type: application/json' \
      -d '{"email":"tom.claes@bakkerij-peeters.example","password":"loket-demo-2026"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    queue=$(wrk -t2 -c16 -d"$duration" --latency -s bench/get.lua "$base/api/v1/tickets?limit=50" | latency)
    search=$(wrk -t2 -c16 -d"$duration" --latency -s bench/get.lua "$base/api/v1/tickets?q=kassa&limit=20" | latency)
    year=$(date +%Y)
    page=$(wrk -t2 -c16 -d"$duration" --latency -s bench/get.lua "$base/api/v1/tickets/$year-000100" | latency)
    # Logins are slow on purpose (argon2id): 2 connections, as people log in, not scripts.
    login=$(wrk -t1 -c2 -d"$duration" --latency -s bench/login.lua "$base/api/v1/auth/login" | latency)
    one=$(LOKET_TOKEN=$customer wrk -t1 -c1 -d"$duration" -s bench/create_ticket.lua "$base/api/v1/tickets" | awk '/Requests\/sec/{printf "%d", $2}')
    sixteen=$(LOKET_TOKEN=$customer wrk -t2 -c16 -d"$duration" -s bench/create_ticket.lua "$base/api/v1/tickets" | awk '/Requests\/sec/{printf "%d", $2}')
    rss=$(awk '/VmHWM/{printf "%d", $2/1024}' "/proc/$server/status")
    kill $server; wait $server 2>/dev/null || true
    read -r q50 q99 <<<"$queue"; read -r s50 s99 <<<"$search"; read -r p50 p99 <<<"$page"; read -r l50 l99 <<<"$login"
    echo "| $backend | $size (seeded in ${seed_time}s) | $one | $sixteen | $q50 / $q99 | $s50 / $s99 | $p50 / $p99 | $l50 / $l99 | $rss |"
  done
done
