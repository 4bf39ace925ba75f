#!/usr/bin/env bash
# make fuzz: every cargo-fuzz target for FUZZ_SECONDS (default 60) each, on
# the nightly toolchain. New inputs go to target/fuzz-corpus/ (not committed);
# the committed seeds in fuzz/seeds/ are read only. A crash stops the run and
# leaves its input in fuzz/artifacts/: make it a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
cd fuzz
targets=$(cargo +nightly fuzz list)
summary=()
for t in $targets; do
  mkdir -p "../target/fuzz-corpus/$t"
  log=$(mktemp)
  cargo +nightly fuzz run -O "$t" "../target/fuzz-corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 2>&1 | tee "$log" | grep -E "^(#[0-9]+ +DONE|==|SUMMARY)" || true
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  crashes=$(ls artifacts/"$t" 2>/dev/null | wc -l)
  summary+=("$(printf '%-16s %12s executions  %s findings' "$t" "$runs" "$crashes")")
  rm -f "$log"
done
printf '\nfuzzing, %s s per target:\n' "$seconds"
printf '  %s\n' "${summary[@]}"
