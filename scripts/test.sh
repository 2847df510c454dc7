#!/usr/bin/env bash
# Runs every test: the web app's checks and unit tests, unit and property tests, the black-box
# HTTP suite on SQLite and on PostgreSQL, the browser test of the API docs, the web app's
# end-to-end suite in Debian's chromium against the real binary, and the schema fuzzer. Starts the local PostgreSQL (installing it
# from Debian if it is missing) when TEST_POSTGRES_URL is not given, and installs Debian's
# chromium if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/test"
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "PostgreSQL is not installed: installing it from Debian's packages"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        version=$(ls /etc/postgresql | sort -n | tail -1)
        # Trust local connections, as on the development machines.
        sed -i 's/^\(host.*\)\(scram-sha-256\|md5\|peer\)$/\1trust/; s/^\(local.*\)\(peer\|scram-sha-256\|md5\)$/\1trust/' \
          "/etc/postgresql/$version/main/pg_hba.conf"
      else
        echo "PostgreSQL is needed for the PostgreSQL half of the suite; set TEST_POSTGRES_URL" >&2
        exit 1
      fi
    fi
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE test" >/dev/null
fi
echo "PostgreSQL for tests: $TEST_POSTGRES_URL"

# Debian's chromium for the browser tests (never a test tool's own browser download).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "chromium is not installed: installing it from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Debian's chromium is needed for the browser tests: apt-get install chromium" >&2
    exit 1
  fi
fi

# The web app needs Node.js 20.19 or later (these machines have it; Debian 12's own is 18).
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "The web app needs Node.js 20.19 or later on the PATH (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi
# No test tool may download a browser: the e2e suite drives /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd web && npm ci --no-audit --no-fund && npm run check && npm test)

cargo test --workspace --locked
# End to end: the debug binary cargo test just built, serving the freshly built app on a fresh
# SQLite file with the demo data; screenshots land in web/e2e/screenshots/.
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
(cd web && LOKET_BIN="$target_dir/debug/loket" npm run e2e)
ls web/e2e/screenshots 2>/dev/null | sed 's/^/screenshot: /' || true
# Schema fuzzing of the running server against its own spec, as each role, on both databases.
bash scripts/fuzz.sh
