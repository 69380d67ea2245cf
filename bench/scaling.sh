#!/usr/bin/env bash
# Builds and runs bench/scaling.rs (release): every rule family, output
# format, `report` and `genogram` at 100, 200, 400 and 800 KB; fails when a
# time grows more than 2.5x per doubling. Arguments pick rows by name
# (`bash bench/scaling.sh acronyms output`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --example scaling --quiet
exec target/release/examples/scaling "$@"
