#!/usr/bin/env bash
# Renders genograms with `casenote genogram` and screenshots them in headless
# Chromium, so a person can look at the result.
#
#   scripts/genogram-render-check.sh [FAMILY...]
#
# FAMILY is a record under tests/genogram/ without `.md` (default:
# three-generations). For each it writes target/genogram-render/FAMILY.svg
# and FAMILY.png, and fails if the SVG is not well-formed XML (when xmllint
# is installed), if Chromium cannot be found, or if the screenshot is missing
# or blank. Chromium on Debian: `apt-get install -y chromium`.
set -euo pipefail
cd "$(dirname "$0")/.."

families=("$@")
if [ ${#families[@]} -eq 0 ]; then
    families=(three-generations)
fi

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser="$candidate"
        break
    fi
done
if [ -z "$browser" ]; then
    echo "genogram-render-check: no Chromium found (Debian: apt-get install -y chromium)" >&2
    exit 2
fi

cargo build --quiet
binary="${CARGO_TARGET_DIR:-target}/debug/casenote"
out="target/genogram-render"
mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

status=0
for family in "${families[@]}"; do
    record="tests/genogram/$family.md"
    svg="$out/$family.svg"
    png="$out/$family.png"
    if [ ! -f "$record" ]; then
        echo "genogram-render-check: no record $record" >&2
        status=1
        continue
    fi
    "$binary" genogram "$record" -o "$svg"
    if command -v xmllint >/dev/null 2>&1; then
        xmllint --noout "$svg"
    fi
    # The window is the picture's own size (width and height of the root).
    width=$(sed -n 's/^<svg[^>]* width="\([0-9.]*\)".*/\1/p' "$svg" | head -n1)
    height=$(sed -n 's/^<svg[^>]* height="\([0-9.]*\)".*/\1/p' "$svg" | head -n1)
    width=${width%.*}
    height=${height%.*}
    rm -f "$png"
    "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$profile" --window-size="${width},${height}" \
        --screenshot="$PWD/$png" "file://$PWD/$svg" >/dev/null 2>&1 || true
    if [ ! -s "$png" ]; then
        echo "genogram-render-check: $family: no screenshot" >&2
        status=1
        continue
    fi
    # A blank page compresses to almost nothing.
    size=$(wc -c <"$png")
    if [ "$size" -lt 5000 ]; then
        echo "genogram-render-check: $family: the screenshot looks blank ($size bytes)" >&2
        status=1
        continue
    fi
    echo "$family: $svg (${width}x${height}) -> $png"
done
exit $status
