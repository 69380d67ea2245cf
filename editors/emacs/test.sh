#!/usr/bin/env bash
# Smoke test: batch Emacs with eglot and casenote.el opens an example
# record, and the expected diagnostics arrive from `casenote server`; a
# record outside any casenote.toml is not checked. Needs Emacs with eglot
# (Debian: apt-get install emacs-nox elpa-eglot). Uses target/debug/casenote
# (built if needed), or CASENOTE_SERVER. Takes a few seconds.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
command -v emacs >/dev/null || { echo "emacs/test.sh: emacs is not installed (apt-get install emacs-nox elpa-eglot)" >&2; exit 2; }
if [ -z "${CASENOTE_SERVER:-}" ]; then
  (cd "$ROOT" && cargo build --quiet --bin casenote)
  CASENOTE_SERVER="$ROOT/target/debug/casenote"
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/caseload" "$TMP/elsewhere"
cp "$ROOT/examples/jamie-smith-poor.md" "$TMP/caseload/"
cp "$ROOT/examples/jamie-smith-poor.md" "$TMP/elsewhere/"
printf '[settings]\nlong-sentence-words = 35\n' > "$TMP/caseload/casenote.toml"

run() {
  CASENOTE_SERVER_BIN="$CASENOTE_SERVER" CASENOTE_TODAY=2026-11-25 HOME="$TMP" \
    timeout 60 emacs --batch -Q -l "$HERE/test.el" "$1" </dev/null
}
echo "emacs: $(emacs --version | head -n 1)"
CASENOTE_EXPECT=unlabelled-opinion,unlabelled-hypothesis,missing-wishes-feelings,vague-language run "$TMP/caseload/jamie-smith-poor.md"
CASENOTE_EXPECT_NONE=1 run "$TMP/elsewhere/jamie-smith-poor.md"
echo "emacs: PASS"
