#!/usr/bin/env bash
# Probe: `casenote chronology` against `casenote check` on the same
# generated caseload (dev/synthetic.rs), release build. Target (issue 12):
# the chronology takes no more than 1.5x the check.
#
#   bash bench/chronology.sh [RECORDS] [RUNS]     (default 1000 records, 5 runs)
#
# Prints the median wall time of each over RUNS runs (after one warm-up)
# and the ratio; exits 1 when the ratio is above 1.5 and
# CASENOTE_CHRONOLOGY_STRICT=1 (timing on a shared machine is noisy).
set -euo pipefail
cd "$(dirname "$0")/.."
records="${1:-1000}"
runs="${2:-5}"
cargo build --release --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run --release --quiet --example generate -- caseload --records "$records" --seed 1 --out "$work/caseload" >/dev/null 2>&1
binary="${CARGO_TARGET_DIR:-target}/release/casenote"
export CASENOTE_TODAY=2026-12-07

median() {
    # Runs "$@" once to warm up, then $runs times; prints the median seconds.
    "$@" >/dev/null 2>&1 || true
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

check=$(median "$binary" check --format json "$work/caseload")
chronology=$(median "$binary" chronology --format csv "$work/caseload")
ratio=$(echo "$chronology / $check" | bc -l)
printf 'records: %s, runs: %s\ncheck:      %.3f s\nchronology: %.3f s\nratio:      %.2f (target <= 1.5)\n' \
    "$records" "$runs" "$check" "$chronology" "$ratio"
if [ "${CASENOTE_CHRONOLOGY_STRICT:-0}" = 1 ] && [ "$(echo "$ratio > 1.5" | bc -l)" = 1 ]; then
    exit 1
fi
