#!/usr/bin/env bash
# Prints the Content-Security-Policy hashes of the report's scripts, to paste
# into SORT_JS_SHA256 and FILTER_JS_SHA256 (src/report/mod.rs) after editing
# src/report/sort.js or filter.js (tests/report.rs checks them).
set -euo pipefail
cd "$(dirname "$0")/.."
for script in sort filter; do
    printf '%s: sha256-%s\n' "$script" "$(openssl dgst -sha256 -binary "src/report/$script.js" | base64)"
done
