#!/usr/bin/env bash
# Runs every test: type check, unit + golden + CLI tests, both browser builds, end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

# Node keeps the compiled bytecode of what it loads from disk here, so the many Node processes of
# a run (test workers, the CLI and hub processes the tests start, tsc, the builds) compile each
# dependency once.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$PWD/node_modules/.cache/node-compile}"

side_pid=""
pg_started=""
cleanup() {
  if [ -n "$side_pid" ]; then kill -- "-$side_pid" 2>/dev/null || true; fi
  if [ -n "$pg_started" ]; then bash hub/scripts/start-test-postgres.sh --stop "$HUB_TEST_DATABASE_URL"; fi
}
trap cleanup EXIT

# The hub's tests run on embedded PGlite always, and on a real PostgreSQL server too when one can
# be started here (Debian's postgresql, a throwaway cluster on a free loopback port).
if [ -z "${HUB_TEST_DATABASE_URL:-}" ]; then
  if HUB_TEST_DATABASE_URL="$(bash hub/scripts/start-test-postgres.sh)"; then
    export HUB_TEST_DATABASE_URL
    pg_started=1
  else
    unset HUB_TEST_DATABASE_URL
    echo "[preflight] hub tests on PGlite only: no PostgreSQL server could be started" >&2
  fi
fi

# Vitest runs its files one after another in one worker (on 2 cores), which leaves the other core
# mostly idle: the type check and both builds run beside it, in this order (the builds rewrite
# .wxt/, which tsc reads), their output shown once the tests are done.
# In a process group of its own, so that leaving early (a test failed) stops it whole.
side_log="$(mktemp)"
setsid -w bash -c '
  set -e
  echo "== type check"
  npx tsc --noEmit -p .
  echo "   (${SECONDS} s)"
  echo "== build (Chrome MV3, Firefox MV3)"
  start=$SECONDS
  npx wxt build >/dev/null
  npx wxt build -b firefox --mv3 >/dev/null
  echo "   ($((SECONDS - start)) s)"
' >"$side_log" 2>&1 &
side_pid=$!

echo "== unit, golden, CLI and hub tests"
start=$SECONDS
npx vitest run
echo "   ($((SECONDS - start)) s)"
side_status=0
wait "$side_pid" || side_status=$?
side_pid=""
cat "$side_log"
rm -f "$side_log"
if [ "$side_status" != 0 ]; then
  echo "[preflight] the type check or a build failed (above)" >&2
  exit "$side_status"
fi

if [ -f playwright.config.ts ]; then
  echo "== end-to-end tests (Debian Chromium)"
  start=$SECONDS
  PREFLIGHT_E2E_SKIP_BUILD=1 npx playwright test
  echo "   ($((SECONDS - start)) s)"
fi
echo "== all tests passed in ${SECONDS} s"
