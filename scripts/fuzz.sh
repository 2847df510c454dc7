#!/usr/bin/env bash
# Schema fuzzing: schemathesis (from PyPI, pinned, in a local venv) generates requests from the
# served OpenAPI document and checks every answer against it: no 5xx, and status codes, content
# types and bodies as declared; a request that breaks the schema refused (negative data); a request
# that matches it refused only for a reason the spec names but cannot state as a schema
# (`refused_only_for_stated_reasons` in fuzz_hooks.py); and no operation whose every generated
# request is refused as invalid (schemathesis's `validation_mismatch`: a failure unless the
# operation is in fuzz-known-mismatches.txt, the ones still to do). It runs against
# the real server with demo data, on SQLite and on a fresh PostgreSQL database side by side,
# logged in as each role. Exits non-zero on a failure.
#
#   bash scripts/fuzz.sh                  # both databases
#   FUZZ_BACKENDS=sqlite bash scripts/fuzz.sh
#   FUZZ_EXAMPLES=50 bash scripts/fuzz.sh # more generated cases per operation (default 6)
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
scripts=$(realpath "$(dirname "$0")")
target_dir=${CARGO_TARGET_DIR:-target}
venv=$(realpath -m "${FUZZ_VENV:-$target_dir/fuzz-venv}")
examples=${FUZZ_EXAMPLES:-6}
backends=${FUZZ_BACKENDS:-sqlite postgres}
reports=$(realpath -m "${FUZZ_REPORT_DIR:-$target_dir/fuzz-report}")
postgres_url=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
# Customers first and the admin last: a role may deactivate users or delete what the ones
# after it would have used, never the other way round.
logins=${FUZZ_LOGINS:-customer:tom.claes@bakkerij-peeters.example customer_admin:an.peeters@bakkerij-peeters.example agent:jan.agent@loket.example admin:admin@loket.example}

# curl and Python's venv module come from Debian when missing (as scripts/test.sh does for
# PostgreSQL).
if ! command -v curl >/dev/null || ! python3 -c 'import ensurepip' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl python3-venv >/dev/null
  fi
fi
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait; rm -rf "$work"' EXIT
# A copy of the binary this tree built: a shared target dir's target/debug/loket may be
# replaced by another checkout's build while we run.
# FUZZ_BINARY names an already built one instead.
built=${FUZZ_BINARY:-$(cargo build --locked -q -p loket --bin loket --message-format=json-render-diagnostics \
  | python3 -c 'import json,sys; print([m["executable"] for m in map(json.loads, sys.stdin) if m.get("executable")][-1])')}
cp "$built" "$work/loket"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Serves demo data on one backend and fuzzes it as each role in turn; returns non-zero on a failure.
# Fails (listing them) on the operations of a schemathesis run's "Schema validation mismatch"
# warning that fuzz-known-mismatches.txt does not list.
unknown_mismatches() {
  python3 - "$1" "$scripts/fuzz-known-mismatches.txt" <<'PY'
import sys
known = {l.strip() for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")}
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
found = set()
for i, line in enumerate(lines):
    if line.startswith("Schema validation mismatch:"):
        for op in lines[i + 1:]:
            op = op.strip()
            if op.startswith("- "):
                found.add(op[2:].strip())
            elif op:
                break
new = sorted(found - known)
for op in new:
    print(f"validation mismatch not in fuzz-known-mismatches.txt: {op}")
sys.exit(1 if new else 0)
PY
}

fuzz_backend() {
  local backend=$1 data="$work/$1" database_url postgres_db="" failed=0
  mkdir -p "$data"
  database_url="$data/loket.db"
  if [ "$backend" = postgres ]; then
    postgres_db="loket_fuzz_$(date +%s)_$$"
    psql "$postgres_url" -q -c "CREATE DATABASE $postgres_db" >/dev/null
    database_url="${postgres_url%/*}/$postgres_db"
  fi
  local port base server
  port=$(free_port)
  base="http://127.0.0.1:$port"
  LOKET_DEMO=1 LOKET_ADDR="127.0.0.1:$port" LOKET_DATA_DIR="$data" DATABASE_URL="$database_url" \
    LOKET_ACCESS_TOKEN_MINUTES=120 LOKET_LOG=warn "$work/loket" serve >"$data/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.2; done
  if ! curl -sf "$base/readyz" >/dev/null; then
    cat "$data/server.log"
    echo "the server did not start on $backend" >&2
    return 1
  fi
  # Every login before any fuzzing: the fuzzed login endpoint may be rate limited afterwards.
  local login role email token started
  declare -A tokens
  for login in $logins; do
    role=${login%%:*} email=${login#*:}
    tokens[$role]=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
      -d "{\"email\":\"$email\",\"password\":\"loket-demo-2026\"}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  done
  # Stored ids and references, which fuzz_hooks.py swaps into generated requests (read as the admin).
  local admin_token
  admin_token=$(curl -sf "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"admin@loket.example","password":"loket-demo-2026"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  python3 "$scripts/fuzz_known.py" "$base" "$admin_token" "$data/known.json"
  for login in $logins; do
    role=${login%%:*}
    token=${tokens[$role]}
    echo "== schemathesis on $backend as $role ($examples examples per operation)"
    started=$(date +%s)
    # One worker: with several threads, hypothesis sporadically fails inside itself (CPython's
    # ast is not thread-safe); the two backends run side by side instead.
    # Run inside the temporary folder: schemathesis keeps its caches in the working directory.
    # The event stream never ends while its token is valid, so it is left out (its bad-input
    # and access cases are tested in tests/integration/events.rs).
    (cd "$data" && PYTHONPATH="$scripts" SCHEMATHESIS_HOOKS=fuzz_hooks FUZZ_KNOWN_DATA="$data/known.json" "$venv/bin/schemathesis" --config-file "$scripts/schemathesis.toml" --no-color run "$base/api/openapi.json" \
      --header "Authorization: Bearer $token" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection,refused_only_for_stated_reasons \
      --phases examples,coverage,fuzzing \
      --exclude-path /api/v1/events/stream \
      --max-examples "$examples" --seed 20261125 --workers 1 --generation-database none \
      --report junit --report-dir "$reports/$backend-$role") 2>&1 | tee "$data/run-$role.txt" || failed=1
    unknown_mismatches "$data/run-$role.txt" || failed=1
    echo "== $backend as $role: $(($(date +%s) - started)) s"
  done
  if grep -q 'request failed' "$data/server.log"; then
    echo "the server logged failed requests on $backend:"
    grep 'request failed' "$data/server.log" | head -20
    failed=1
  fi
  kill "$server"
  wait "$server" 2>/dev/null || true
  if [ -n "$postgres_db" ]; then
    psql "$postgres_url" -q -c "DROP DATABASE IF EXISTS $postgres_db WITH (FORCE)" >/dev/null || true
  fi
  return "$failed"
}

started=$(date +%s)
pids=()
for backend in $backends; do
  fuzz_backend "$backend" >"$work/$backend.log" 2>&1 &
  pids+=("$!")
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
for backend in $backends; do cat "$work/$backend.log"; done
echo "== schema fuzzing took $(($(date +%s) - started)) s: $([ "$failed" = 0 ] && echo passed || echo FAILED)"
exit "$failed"
