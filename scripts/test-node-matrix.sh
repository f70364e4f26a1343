#!/usr/bin/env bash
# Runs the test suite under a second Node version (default 24), so both SQLite drivers are
# tested: the machine's Node 20 uses better-sqlite3, Node 22.16+ uses the built-in node:sqlite.
# That Node comes from the npm package node-<os>-<arch>@<version>, installed once into a temp
# prefix. Tests spawn children with process.execPath, and `node` on PATH is this Node too (the
# real Claude Code CLI runs our hooks as `node .../hook.js`), so no child runs another version.
#
#   scripts/test-node-matrix.sh                      # the whole suite under Node 24
#   scripts/test-node-matrix.sh test/unit/store-driver.test.ts
#   NODE_MATRIX_VERSION=22 scripts/test-node-matrix.sh
#
# With TEST_SUMMARY_OUT set, the counts go to that file too (see scripts/test-summary.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

version="${NODE_MATRIX_VERSION:-24}"
case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "test-node-matrix: unsupported OS $(uname -s)" >&2; exit 1 ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "test-node-matrix: unsupported CPU $(uname -m)" >&2; exit 1 ;; esac
prefix="${NODE_MATRIX_PREFIX:-${TMPDIR:-/tmp}/claude-mem-node-$version}"
node="$prefix/node_modules/node-$os-$arch/bin/node"

if [ ! -x "$node" ]; then
  npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$prefix" "node-$os-$arch@$version" >/dev/null
fi
echo "test-node-matrix: $("$node" --version) at $node"

export PATH="$(dirname "$node"):$PATH"
# dist/ is the same for every Node (bundles target node20); build it when missing or stale.
"$node" scripts/build.mjs --if-stale
exec "$node" node_modules/vitest/vitest.mjs run "$@"
