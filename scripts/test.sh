#!/usr/bin/env bash
# Runs every test: type check, unit + golden + CLI tests, both browser builds, end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

echo "== type check"
npx tsc --noEmit -p .
# The hub's tests run on embedded PGlite always, and on a real PostgreSQL server too when one can
# be started here (Debian's postgresql, a throwaway cluster on a free loopback port).
if [ -z "${HUB_TEST_DATABASE_URL:-}" ]; then
  if HUB_TEST_DATABASE_URL="$(bash hub/scripts/start-test-postgres.sh)"; then
    export HUB_TEST_DATABASE_URL
    trap 'bash hub/scripts/start-test-postgres.sh --stop' EXIT
  else
    unset HUB_TEST_DATABASE_URL
    echo "[preflight] hub tests on PGlite only: no PostgreSQL server could be started" >&2
  fi
fi
echo "== unit, golden, CLI and hub tests"
npx vitest run
echo "== build (Chrome MV3, Firefox MV3)"
npx wxt build >/dev/null
npx wxt build -b firefox --mv3 >/dev/null
if [ -f playwright.config.ts ]; then
  echo "== end-to-end tests (Debian Chromium)"
  PREFLIGHT_E2E_SKIP_BUILD=1 npx playwright test
fi
