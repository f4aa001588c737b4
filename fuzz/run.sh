#!/usr/bin/env bash
# Runs fuzz targets for a bounded time each: fuzz/run.sh SECONDS [TARGET...]
# New inputs go to a scratch corpus (seeded from the committed fuzz/corpus/TARGET),
# so the repository keeps only the seeds. Exits non-zero on any crash, timeout or OOM.
# Uses the stable toolchain with RUSTC_BOOTSTRAP (cargo-fuzz needs -Z flags).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-30}; shift || true
targets=${*:-"head_parser chunked_decoder response_split request_head differential_httparse"}
scratch=${FUZZ_SCRATCH:-/tmp/httplib_rs_fuzz}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O >/dev/null
for t in $targets; do
    mkdir -p "$scratch/$t"
    echo "fuzz: $t for ${secs}s"
    log="$scratch/$t.log"
    if ! cargo fuzz run -O "$t" "$scratch/$t" "corpus/$t" -- \
        -dict=http.dict -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1; then
        grep -E "panicked|ERROR|SUMMARY|Test unit written" "$log" | head -20
        echo "fuzz: $t FAILED (log: $log)"
        exit 1
    fi
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|cov: " "$log" | tail -4
done
