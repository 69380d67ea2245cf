#!/usr/bin/env bash
# The supervisor report in a real browser (headless Chromium):
#
#   1. accessibility: axe-core (npm, installed into tests/report-browser/
#      node_modules from package-lock.json) on the report of examples/ and of
#      30 generated records, at 1280 px; fails on any serious or critical
#      violation;
#   2. layout: nothing wider than its box at 1280 px (the page, each table);
#   3. print: the 30 generated records printed to A4 PDF keep every column
#      of the records table (pdftotext) and take at most MAX_PAGES pages
#      (default 43; the report took 130 before issue 14);
#   4. screenshots at 1280 and 1920 px: the top, "Needs attention" and the
#      table per practitioner, for a person to look at.
#
# Output in target/report-browser/. Needs Chromium, node/npm and
# pdftotext/pdfinfo (poppler-utils); as root on Debian they are installed
# when missing. CASENOTE_BIN names the casenote binary (default: a debug
# build). Run from .ci/run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
MAX_PAGES="${MAX_PAGES:-43}"
export CASENOTE_TODAY=2026-11-25

need_apt() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q "$@" >/dev/null 2>&1 \
            || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$@" >/dev/null 2>&1; } || true
    fi
}
command -v pdftotext >/dev/null || need_apt poppler-utils
browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [ -z "$browser" ]; then
    need_apt chromium
    command -v chromium >/dev/null && browser=chromium
fi
for tool in "$browser" npm pdftotext pdfinfo python3; do
    if [ -z "$tool" ] || ! command -v "$tool" >/dev/null; then
        echo "report-browser: missing ${tool:-chromium} (Debian: apt-get install -y chromium npm poppler-utils)" >&2
        exit 2
    fi
done

if [ ! -f "$HERE/node_modules/axe-core/axe.min.js" ]; then
    (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

binary="${CASENOTE_BIN:-}"
if [ -z "$binary" ]; then
    cargo build --quiet
    binary="$ROOT/${CARGO_TARGET_DIR:-target}/debug/casenote"
fi
out="$ROOT/target/report-browser"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

chromium_run() {
    rm -rf "$work/profile"
    mkdir -p "$work/profile"
    "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$work/profile" "$@" 2>/dev/null
}

# The reports: examples/, and 30 generated records (dev/synthetic.rs).
"$binary" report examples -o "$out/examples.html" >/dev/null 2>&1
cargo run --quiet --example generate -- caseload --records 30 --seed 1 --out "$work/caseload" >/dev/null
(cd "$work" && "$binary" report caseload -o "$out/caseload-30.html") >&2

status=0
for name in examples caseload-30; do
    page="$out/$name.html"
    harness="$work/$name-harness.html"
    # A copy with axe and the checks inlined: the report's own policy
    # allows no script but its own.
    python3 - "$page" "$HERE/node_modules/axe-core/axe.min.js" "$HERE/runner.js" "$harness" <<'PY'
import re, sys
page, axe, runner, harness = sys.argv[1:]
html = open(page, encoding="utf-8").read()
html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", html, count=1)
scripts = "".join(f"<script>{open(p, encoding='utf-8').read()}</script>\n" for p in (axe, runner))
html = html.replace("</body>", scripts + "</body>", 1)
open(harness, "w", encoding="utf-8").write(html)
PY
    chromium_run --window-size=1280,900 --virtual-time-budget=60000 --dump-dom "file://$harness" >"$work/$name.dom" || true
    python3 - "$work/$name.dom" "$name" <<'PY' || status=1
import html, json, re, sys
dom, name = sys.argv[1:]
found = re.search(r'<pre id="browser-check">(.*?)</pre>', open(dom, encoding="utf-8").read(), re.S)
if not found:
    sys.exit(f"report-browser: {name}: the checks did not run in Chromium")
result = json.loads(html.unescape(found.group(1)))
if "error" in result:
    sys.exit(f"report-browser: {name}: axe failed: {result['error']}")
bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
for v in result["violations"]:
    print(f"  {name}: axe {v['impact']}: {v['id']} ({v['nodes']} elements, first {v['first']}): {v['help']}")
for o in result["overflow"]:
    print(f"  {name}: {o['what']} is {o['width']} px wide in a box of {o['box']} px at 1280 px")
print(f"{name}: {len(result['violations'])} axe violations ({len(bad)} serious or critical), "
      f"{len(result['overflow'])} boxes overflowing at 1280 px")
if bad or result["overflow"]:
    sys.exit(1)
PY
done

# Filters: a bookmarked fragment filters the page (the page's own scripts,
# under its Content-Security-Policy).
chromium_run --virtual-time-budget=5000 --dump-dom "file://$out/caseload-30.html#filter?status=green" >"$work/filtered.dom" || true
green=$(grep -o 'data-filter="record" data-worker="[^"]*" data-status="green"' "$out/caseload-30.html" | wc -l)
if grep -q "Filtered: $green of 30 records shown." "$work/filtered.dom"; then
    echo "filters: #filter?status=green shows the $green green records of 30"
else
    echo "report-browser: the filter in the fragment did not apply" >&2
    status=1
fi

# Print: A4, every column of the records table, at most MAX_PAGES pages.
pdf="$out/caseload-30.pdf"
rm -f "$pdf"
chromium_run --no-pdf-header-footer --print-to-pdf="$pdf" "file://$out/caseload-30.html" >/dev/null || true
if [ ! -s "$pdf" ]; then
    echo "report-browser: no PDF was printed" >&2
    exit 1
fi
pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
pdftotext -layout "$pdf" "$work/caseload-30.txt"
missing=""
for column in "Status" "Record" "Child" "Worker" "Child last seen" "Last entry" "Entries" "Findings" \
    "Errors /" "Child's wishes" "Contact nature" "Decisions" "Genogram" "Recording delay" "Contact" "gaps"; do
    grep -q "$column" "$work/caseload-30.txt" || missing+=" \"$column\""
done
echo "caseload-30.pdf: $pages A4 pages (at most $MAX_PAGES)${missing:+; columns missing:$missing}"
if [ "$pages" -gt "$MAX_PAGES" ] || [ -n "$missing" ]; then
    status=1
fi

# Screenshots: the top, "Needs attention" and the table per practitioner.
# Headless Chromium paints only the top of a page, so for a part further
# down a copy starts at that part (what comes before it is removed).
for part in triage practitioners; do
    python3 - "$out/caseload-30.html" "$part" "$work/caseload-30-$part.html" <<'PY'
import re, sys
page, part, copy = sys.argv[1:]
html = open(page, encoding="utf-8").read()
start = html.index("<main>\n") + len("<main>\n")
html = html[:start] + html[html.index(f'<section id="{part}">'):]
open(copy, "w", encoding="utf-8").write(html)
PY
done
for width in 1280 1920; do
    for part in top triage practitioners; do
        png="$out/caseload-30-$width-$part.png"
        url="file://$work/caseload-30-$part.html"
        [ "$part" = top ] && url="file://$out/caseload-30.html"
        rm -f "$png"
        chromium_run --window-size="$width,1000" --screenshot="$png" "$url" >/dev/null || true
        if [ ! -s "$png" ] || [ "$(wc -c <"$png")" -lt 20000 ]; then
            echo "report-browser: no screenshot (or a blank one) of $part at $width px" >&2
            status=1
        fi
    done
done
echo "screenshots and pages: $out"
exit $status
