#!/usr/bin/env bash
# The demo: builds the extension and opens Chromium with it on the bundled demo EMR pages.
# With a display the browser stays open; without one it runs headless and saves screenshots
# to artifacts/demo/. Pass --headed or --headless to choose.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
echo "== build (Chrome MV3)"
npx wxt build >/dev/null
npx tsx scripts/demo.ts "$@"
