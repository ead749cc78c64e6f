#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: pinned Node, npm packages,
# Debian's Chromium (Playwright never downloads a browser here) and CJK fonts for screenshots.
# Sourced by test.sh and demo.sh; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure-node.sh

if [ -L node_modules ]; then
  # A link to an install shared by several checkouts (git worktrees): `npm ci` would empty the
  # shared folder through the link, and a checkout's fresh file times say nothing about it.
  [ -d node_modules/ ] || { echo "[preflight] node_modules links to a missing folder" >&2; exit 1; }
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[preflight] npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# Chromium's zh-CN language pak: without it the browser's own language stays en-US whatever the
# tests ask (date inputs read mm/dd/yyyy in the screenshots); it pins chromium to its own version.
[ -f /usr/lib/chromium/locales/zh-CN.pak ] || need_apt+=(chromium-l10n)
fc-list 2>/dev/null | grep -qi 'noto sans cjk' || need_apt+=(fonts-noto-cjk)
# pdftotext: the monthly report's e2e reads the text of the PDF it prints.
[ -x /usr/bin/pdftotext ] || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[preflight] apt-get install ${need_apt[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
  else
    echo "[preflight] missing Debian packages: ${need_apt[*]} (run: sudo apt-get install -y ${need_apt[*]})" >&2
    exit 1
  fi
fi
