#!/usr/bin/env bash
# Runs every test: type check, unit + golden + CLI tests, both browser builds, end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

echo "== type check"
npx tsc --noEmit -p .
echo "== unit, golden and CLI tests"
npx vitest run
echo "== build (Chrome MV3, Firefox MV3)"
npx wxt build >/dev/null
npx wxt build -b firefox --mv3 >/dev/null
if [ -f playwright.config.ts ]; then
  echo "== end-to-end tests (Debian Chromium)"
  PREFLIGHT_E2E_SKIP_BUILD=1 npx playwright test
fi
