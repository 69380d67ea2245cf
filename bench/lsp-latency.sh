#!/usr/bin/env bash
# Keystroke-to-diagnostics, hover and completion latency of the release
# `casenote server`, driven over stdio as an editor drives it.
#
#   bash bench/lsp-latency.sh [--bytes N] [--edits N] [--gap-ms LO..HI] [--bin PATH]
#
# Builds the release binary and the `lsp-latency` example (bench/lsp_latency.rs),
# then opens a generated 1 MB record and types 200 characters 50 to 100 ms
# apart. Prints median, p90, p99 and max in milliseconds. Targets
# (docs/performance.md): keystroke to diagnostics median <= 10 ms and
# p99 <= 30 ms; hover and completion median <= 5 ms.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
CARGO_OUT="${CARGO_TARGET_DIR:-$ROOT/target}"
cargo build --release --locked --quiet --bin casenote --example lsp-latency
exec "$CARGO_OUT/release/examples/lsp-latency" --bin "$CARGO_OUT/release/casenote" "$@"
