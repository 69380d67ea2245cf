#!/usr/bin/env bash
# Renders the multi-agency chronology with `casenote chronology --format html`
# and screenshots it in headless Chromium, so a person can look at the
# result.
#
#   scripts/chronology-render-check.sh [FOLDER]
#
# FOLDER defaults to examples/multi-agency. Writes
# target/chronology-render/NAME.html and NAME.png (NAME: the folder's name)
# and fails if Chromium cannot be found, if the page does not render the
# time axis, the accumulating-concern band and the table, or if the
# screenshot is missing or blank. Chromium on Debian: `apt-get install -y chromium`.
# tests/chronology.rs runs the same check when Chromium is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

folder="${1:-examples/multi-agency}"
name="$(basename "$folder")"

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser="$candidate"
        break
    fi
done
if [ -z "$browser" ]; then
    echo "chronology-render-check: no Chromium found (Debian: apt-get install -y chromium)" >&2
    exit 2
fi

cargo build --quiet
binary="${CARGO_TARGET_DIR:-target}/debug/casenote"
out="target/chronology-render"
mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

html="$out/$name.html"
png="$out/$name.png"
"$binary" chronology "$folder" --format html -o "$html" --force
run() {
    "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$profile" "$@" 2>/dev/null
}
dom="$(run --dump-dom "file://$PWD/$html" || true)"
status=0
for part in 'class="timeline"' 'class="concern"' 'class="events"' 'id="personal-data"'; do
    if ! grep -q "$part" <<<"$dom"; then
        echo "chronology-render-check: $name: the rendered page has no $part" >&2
        status=1
    fi
done
rm -f "$png"
run --window-size=1200,1500 --screenshot="$PWD/$png" "file://$PWD/$html" >/dev/null || true
if [ ! -s "$png" ]; then
    echo "chronology-render-check: $name: no screenshot" >&2
    exit 1
fi
size=$(wc -c <"$png")
if [ "$size" -lt 5000 ]; then
    echo "chronology-render-check: $name: the screenshot looks blank ($size bytes)" >&2
    exit 1
fi
echo "$name: $html -> $png"
exit $status
