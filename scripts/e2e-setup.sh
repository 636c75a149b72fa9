#!/usr/bin/env bash
# Installs what the browser suite (test/e2e/browser) needs, idempotently:
#   - Debian packages: chromium (the browser), ripgrep (code-server's search) and the
#     headers code-server's native modules build against;
#   - code-server@4.100.3 (VS Code 1.100 for the browser) in .e2e/code-server, outside
#     the project's own dependencies (.e2e/ is git-ignored).
# Any failure is fatal: CI must fail, not skip, when the browser or code-server is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
E2E_DIR="$PWD/.e2e/code-server"
CODE_SERVER_BIN="$E2E_DIR/node_modules/.bin/code-server"

log() { printf '[e2e-setup] %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------
APT_PACKAGES=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
else
  log "Debian packages already installed"
fi
command -v chromium >/dev/null || { log "chromium not on PATH after install"; exit 1; }
command -v rg >/dev/null || { log "rg not on PATH after install"; exit 1; }

# --- code-server ---------------------------------------------------------------------
installed_version=""
if [ -f "$E2E_DIR/node_modules/code-server/package.json" ]; then
  installed_version="$(node -p "require('$E2E_DIR/node_modules/code-server/package.json').version")"
fi
if [ "$installed_version" = "$CODE_SERVER_VERSION" ] && [ -x "$CODE_SERVER_BIN" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in $E2E_DIR"
else
  # @vscode/ripgrep's post-install downloads a binary, which this network refuses.
  # Seed its download cache with Debian's rg so the post-install finds it there.
  cache_dir="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  tarball="$cache_dir/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$tarball" ]; then
    log "seeding @vscode/ripgrep cache at $tarball with $(command -v rg)"
    mkdir -p "$cache_dir"
    stage="$(mktemp -d)"
    cp "$(command -v rg)" "$stage/rg"
    tar -czf "$tarball" -C "$stage" rg
    rm -rf "$stage"
  fi
  log "installing code-server@$CODE_SERVER_VERSION into $E2E_DIR (a few minutes)"
  mkdir -p "$E2E_DIR"
  [ -f "$E2E_DIR/package.json" ] || printf '{ "name": "kubeward-e2e-code-server", "private": true }\n' >"$E2E_DIR/package.json"
  (cd "$E2E_DIR" && npm_config_yes=true npm_config_unsafe_perm=true npm install --no-fund --no-audit "code-server@$CODE_SERVER_VERSION")
fi
"$CODE_SERVER_BIN" --version >/dev/null || { log "code-server does not start"; exit 1; }
log "ready: $("$CODE_SERVER_BIN" --version | head -1), $(chromium --version 2>/dev/null)"
