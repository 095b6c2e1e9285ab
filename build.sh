#!/usr/bin/env bash
# ClaimLens build script: installs what is missing, builds the engine (native and wasm), the
# bundled corpus, the demo page and both extension packages, and runs the tests.
#
#   ./build.sh           build everything into dist/
#   ./build.sh serve     build, then serve the demo on http://127.0.0.1:8000
#   ./build.sh test      build, then run every test (Rust, both browsers, extension lint)
#   ./build.sh bench     build, then measure speed, memory and size (docs/benchmarks.md);
#                        --full adds the 100,000-article corpus and the slow rival runs
#                        --only e2e measures only the extension in Chromium (about a minute)
#
# On a fresh Debian machine (as root) it installs the toolchain it needs; with everything
# present it only rebuilds what changed. See README.md.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

log() { printf '\033[1m[build]\033[0m %s\n' "$*" >&2; }
die() { printf '[build] error: %s\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$PATH"
GECKODRIVER_VERSION=0.37.1

# --- toolchain -------------------------------------------------------------------------------

# True when rustup's compiler can already target wasm32 (an ordinary machine with internet).
have_rustup_wasm_std() {
  [ -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get to install them"
  log "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_build_tools() {
  local pkgs=(zip)
  have_rustup_wasm_std || pkgs+=(rustc-web cargo-web rust-web-src lld-19)
  command -v node >/dev/null || pkgs+=(nodejs npm)
  apt_install "${pkgs[@]}"
  # The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
  [ -n "$want" ] || die "wasm-bindgen not found in Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (a few minutes, once)"
    cargo install -q wasm-bindgen-cli --version "$want"
  fi
}

ensure_test_tools() {
  apt_install chromium firefox-esr
  if ! command -v geckodriver >/dev/null || [ "$(geckodriver --version | awk 'NR==1{print $2}')" != "$GECKODRIVER_VERSION" ]; then
    log "installing geckodriver $GECKODRIVER_VERSION (a few minutes, once)"
    cargo install -q geckodriver --version "$GECKODRIVER_VERSION"
  fi
}

ensure_node_modules() {
  # npm ci from the committed lockfile, only when the lockfile changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# --- build -----------------------------------------------------------------------------------

build_wasm() {
  local wasm
  if have_rustup_wasm_std; then
    cargo build --release --lib --target wasm32-unknown-unknown --target-dir target/wasm
  else
    # Debian's rustc-web builds std for wasm32 itself (see README, "How the wasm is built").
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
      /usr/bin/cargo build --release --lib --target wasm32-unknown-unknown --target-dir target/wasm \
      -Z build-std=std,panic_abort
  fi
  wasm=target/wasm/wasm32-unknown-unknown/release/claimlens.wasm
  wasm-bindgen --target web --no-typescript --experimental-reset-state-function --remove-name-section --remove-producers-section --out-dir pkg "$wasm"
}

build_native() {
  cargo build --release --bin claimlens
}

build_corpus() {
  mkdir -p dist/corpus
  target/release/claimlens corpus build corpus/seeds -o dist/corpus/seeds.clc
}

build_all() {
  ensure_build_tools
  log "building the engine (native)"
  build_native
  log "building the engine (wasm)"
  build_wasm
  log "compiling the bundled corpus"
  build_corpus
  log "packaging the extension and the demo"
  bash scripts/package-extension.sh
  log "built: dist/www (demo), dist/chrome, dist/firefox, dist/claimlens-chrome.zip, dist/claimlens-firefox.xpi"
}

# --- commands --------------------------------------------------------------------------------

cmd_serve() {
  build_all
  local port=${PORT:-8000}
  cat >&2 <<EOF

  Demo:       http://127.0.0.1:$port/
  Chromium:   chrome://extensions -> Developer mode -> Load unpacked -> $ROOT/dist/chrome
  Firefox:    about:debugging#/runtime/this-firefox -> Load Temporary Add-on -> $ROOT/dist/claimlens-firefox.xpi

EOF
  exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist/www
}

cmd_test() {
  build_all
  ensure_test_tools
  ensure_node_modules
  log "engine tests (cargo test)"
  cargo test --quiet
  log "extension lint (web-ext)"
  npx --no-install web-ext lint --source-dir dist/firefox --self-hosted --output text
  log "end-to-end tests in headless Chromium and Firefox"
  node --test --test-concurrency=1 tests/e2e/
}

cmd_bench() {
  build_all
  ensure_test_tools
  ensure_node_modules
  log "benchmarks (about 7 minutes; --full takes longer): table below, figures in bench/summary.json"
  node bench/run.mjs "$@"
}

case "${1:-build}" in
  build) build_all ;;
  serve) cmd_serve ;;
  test) cmd_test ;;
  bench) shift; cmd_bench "$@" ;;
  *) die "unknown command '$1' (use: build, serve, test, bench)" ;;
esac
