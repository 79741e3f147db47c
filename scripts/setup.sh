#!/usr/bin/env bash
# Installs, idempotently and only from crates.io, npm and Debian, the tools a
# vlab target needs. Usage: scripts/setup.sh [build|browser|audit|all|profile]
#   build   - wasm32 target, trunk, wasm-bindgen-cli, wasm-opt (npm binaryen)
#   browser - Chromium + chromedriver (Debian), playwright-core and axe-core (npm)
#   audit   - cargo-deny (licences, bans and sources of every dependency)
#   all     - all three
#   profile - twiggy, the .wasm size profiler (`make bench` only, not `make test`)
# Versions live in tools/versions.env. Nothing here downloads from GitHub.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../tools/versions.env
source tools/versions.env
what="${1:-all}"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

have_version() { # have_version CMD EXPECTED -> 0 if `CMD --version` mentions EXPECTED
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"
}

wasm_bindgen_version() {
  # The CLI must equal the crate in Cargo.lock exactly.
  if [ ! -f Cargo.lock ]; then cargo generate-lockfile >&2; fi
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_build() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  # scripts/test.sh runs cargo fmt and clippy; minimal rustup profiles lack them.
  local comp
  for comp in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$comp"; then
      log "adding rustup component $comp"
      rustup component add "$comp"
    fi
  done
  if ! have_version trunk "$TRUNK_VERSION"; then
    log "installing trunk $TRUNK_VERSION from crates.io (about 7 minutes on 2 cores)"
    # LTO off and many codegen units halve trunk's own build; it declares a
    # newer rust-version than it needs, hence --ignore-rust-version.
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version
  fi
  local wbv; wbv="$(wasm_bindgen_version)"
  if ! have_version wasm-bindgen "$wbv" || ! have_version wasm-bindgen-test-runner "$wbv"; then
    log "installing wasm-bindgen-cli $wbv from crates.io (about 3 minutes)"
    # Not --locked: its lockfile names a webpki-roots release crates.io lacks.
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install wasm-bindgen-cli --version "$wbv" --force
  fi
  setup_npm
}

setup_npm() {
  local want="binaryen@$BINARYEN_NPM_VERSION playwright-core@$PLAYWRIGHT_CORE_VERSION"
  want+=" fflate@$FFLATE_VERSION scorm-again@$SCORM_AGAIN_VERSION"
  want+=" axe-core@$AXE_CORE_VERSION @axe-core/playwright@$AXE_PLAYWRIGHT_VERSION"
  local stamp="tools/node_modules/.vlab-installed"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "installing $want from npm into tools/node_modules"
    # --no-save: tools/package.json is not a project manifest; versions.env is.
    (cd tools && npm install --no-save --no-audit --no-fund --loglevel=error $want)
    echo "$want" > "$stamp"
  fi
}

setup_browser() {
  local missing=()
  for p in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    # sudo -n: CI has no stdin, so fail with a message instead of prompting.
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  setup_npm
}

setup_audit() {
  if ! have_version cargo-deny "$CARGO_DENY_VERSION"; then
    log "installing cargo-deny $CARGO_DENY_VERSION from crates.io (about 8 minutes on 2 cores)"
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
  fi
}

setup_profile() {
  if ! have_version twiggy "$TWIGGY_VERSION"; then
    log "installing twiggy $TWIGGY_VERSION from crates.io (about 2 minutes)"
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install twiggy --version "$TWIGGY_VERSION" --locked
  fi
}

case "$what" in
  build) setup_build ;;
  browser) setup_browser ;;
  audit) setup_audit ;;
  all) setup_browser; setup_build; setup_audit ;;
  profile) setup_profile ;;
  *) echo "usage: $0 [build|browser|audit|all|profile]" >&2; exit 2 ;;
esac
