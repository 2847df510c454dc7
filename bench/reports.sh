#!/usr/bin/env bash
# The reports alone, against a database already seeded (for comparing builds or indexes on the
# same data without seeding again; bench/run.sh seeds fresh databases and measures everything).
#   DATABASE_URL=... bash bench/reports.sh [BINARY]     default: target/release/loket
# Starts the server on the database (it migrates first), logs in as jan.agent, and prints one
# Markdown row: each report of /api/v1/reports as an agent, all organisations, the 366 days
# where bench/run.sh's generated tickets are densest (730 to 365 days ago), p50 / p99 ms of one
# client (wrk -t1 -c1), then the same for the customer admin of one organisation
# (ORG_LOGIN, default an.peeters@bakkerij-peeters.example).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/loket}
duration=${DURATION:-5s}
port=${PORT:-18098}
base="http://127.0.0.1:$port"
: "${DATABASE_URL:?set DATABASE_URL to a seeded database}"
export LOKET_JWT_SECRET=bench-secret-0123456789abcdef0123456789abcdef LOKET_LOG=warn
export LOKET_ACCESS_TOKEN_MINUTES=120
log=$(mktemp)
LOKET_ADDR=127.0.0.1:$port $bin serve >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "$base/readyz" >/dev/null || { cat "$log" >&2; exit 1; }
token() {
  curl -s "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"loket-demo-2026\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
latency() {
  awk 'function ms(v) { if (v ~ /us$/) return sprintf("%.2f", v / 1000); if (v ~ /ms$/) return sprintf("%.2f", v + 0); return sprintf("%.0f", v * 1000) }
       /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } END { print p50, p99 }'
}
year="from=$(date -d '-730 days' +%F)&to=$(date -d '-365 days' +%F)"
row() {
  local out=""
  for report in "backlog" "sla?$year" "billing?$year" "tickets?$year" "first-response?$year"; do
    local result
    result=$(LOKET_TOKEN=$1 wrk --latency -t1 -c1 -d"$duration" -s bench/get.lua "$base/api/v1/reports/$report")
    if grep -q 'Non-2xx' <<<"$result"; then echo "failed answers for $report" >&2; echo "$result" >&2; exit 1; fi
    read -r p50 p99 <<<"$(latency <<<"$result")"
    out="$out | $p50 / $p99"
  done
  echo "$out"
}
staff=$(row "$(token jan.agent@loket.example)")
customer=$(row "$(token "${ORG_LOGIN:-an.peeters@bakkerij-peeters.example}")")
echo "| staff$staff |"
echo "| customer admin$customer |"
