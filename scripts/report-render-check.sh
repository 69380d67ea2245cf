#!/usr/bin/env bash
# Builds `casenote report` pages and renders them in headless Chromium, so a
# person can look at the result and the time a large caseload takes is known.
#
#   scripts/report-render-check.sh [RECORDS]
#
# 1. examples/ (the worked example and the training pairs);
# 2. one record (examples/jamie-smith-poor.md), to see a record's section;
# 3. a generated caseload of RECORDS records (default 500): the records of
#    tests/corpus/dev copied with other names, workers and dates, in a
#    temporary folder that is removed afterwards.
#
# For each it writes target/report-render/NAME.html and NAME.png, and fails
# if the page does not render: Chromium's DOM (after the page's script ran)
# must hold the personal-data notice, one table row per record, and the
# sortable table (which shows the Content-Security-Policy let the script
# run), and the screenshot must not be blank. It prints how long `casenote
# report` took for each. PROFILE=release builds and times the release
# binary (default: debug). Needs python3 and Chromium (Debian:
# `apt-get install -y chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."

records="${1:-500}"
profile="${PROFILE:-debug}"

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser="$candidate"
        break
    fi
done
if [ -z "$browser" ]; then
    echo "report-render-check: no Chromium found (Debian: apt-get install -y chromium)" >&2
    exit 2
fi

if [ "$profile" = release ]; then
    cargo build --quiet --release
else
    cargo build --quiet
fi
binary="$PWD/${CARGO_TARGET_DIR:-target}/$profile/casenote"
out="$PWD/target/report-render"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CASENOTE_TODAY=2026-11-25

# --- a generated caseload: the dev corpus with other names, workers and dates
python3 scripts/generate-caseload.py "$work/caseload" "$records"

profile_dir="$work/chromium"
chromium_run() {
    rm -rf "$profile_dir"
    mkdir -p "$profile_dir"
    "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$profile_dir" "$@" 2>/dev/null
}

status=0
# check NAME EXPECTED_ROWS FOLDER PATH...: runs `casenote report PATH...` in FOLDER.
check() {
    local name="$1" rows="$2" folder="$3"
    shift 3
    local html="$out/$name.html" png="$out/$name.png" dom="$work/$name.dom"
    local start end
    start=$(date +%s.%N)
    (cd "$folder" && "$binary" report "$@" -o "$html")
    end=$(date +%s.%N)
    local took
    took=$(python3 -c "print(f'{$end - $start:.2f}')")
    chromium_run --dump-dom "file://$html" >"$dom" || true
    local found
    found=$(grep -o 'data-filter="record"' "$dom" | wc -l)
    local problems=""
    grep -q 'This report contains personal data.' "$dom" || problems+=" no personal-data notice;"
    [ "$found" -eq "$rows" ] || problems+=" $found table rows, expected $rows;"
    grep -q 'data-sortable="ready"' "$dom" || problems+=" the sorting script did not run;"
    rm -f "$png"
    chromium_run --window-size=1400,2400 --screenshot="$png" "file://$html" >/dev/null || true
    if [ ! -s "$png" ]; then
        problems+=" no screenshot;"
    elif [ "$(wc -c <"$png")" -lt 20000 ]; then
        problems+=" the screenshot looks blank;"
    fi
    if [ -n "$problems" ]; then
        echo "report-render-check: $name:$problems" >&2
        status=1
    fi
    printf '%s: %d records, report in %ss (%s build), %s bytes -> %s\n' \
        "$name" "$found" "$took" "$profile" "$(wc -c <"$html")" "$png"
}

example_records=$("$binary" report examples --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['totals']['records'])")
check examples "$example_records" "$PWD" examples
check record 1 "$PWD" examples/jamie-smith-poor.md
check "caseload-$records" "$records" "$work" caseload
exit $status
