#!/usr/bin/env bash
# Runs fuzz targets for a fixed number of executions each and keeps the libFuzzer log in logs/.
# Usage: ./run.sh [RUNS] TARGET...   (RUNS defaults to 10000000)
#
# Flags, and why:
#   +nightly         libFuzzer's instrumentation (-Zsanitizer-coverage) needs a nightly rustc.
#   -s none          no AddressSanitizer: the parser is `unsafe`-free Rust, so ASan finds nothing
#                    the Rust checks do not, and it costs a factor of ten in speed.
#   -O -a            optimised, with debug assertions and overflow checks on: an arithmetic
#                    overflow is a crash here, not a silently wrong number.
#   -max_len=1024    inputs up to 1 KiB (MAX_LEN=N overrides): several times the executions of
#                    4 KiB inputs on this machine; larger inputs (100 MB files, million-line
#                    lists, 5 MB lines) are covered by tests/hostile.rs, where complexity shows.
#   -timeout=5       a single input taking 5 s is reported as a hang.
#   -rss_limit_mb=2048
set -euo pipefail
cd "$(dirname "$0")"
runs=10000000
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then runs=$1; shift; fi
mkdir -p logs artifacts
for target in "$@"; do
  mkdir -p "corpus/$target"
  echo "== $target: $runs runs, started $(date -u +%FT%TZ)" | tee "logs/$target.log"
  cargo +nightly fuzz run -s none -O -a "$target" "corpus/$target" -- \
    -runs="$runs" -max_len="${MAX_LEN:-1024}" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    >> "logs/$target.log" 2>&1 || echo "== $target: FAILED (see logs/$target.log)" | tee -a "logs/$target.log"
  echo "== $target: finished $(date -u +%FT%TZ)" | tee -a "logs/$target.log"
done
