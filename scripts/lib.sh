# Shared shell helpers for scripts/: install-if-missing steps and logging.

step() { printf '\n== %s\n' "$*"; }

# The wasm32 target and wasm-bindgen-cli at exactly the version Cargo.lock pins (the CLI and
# the wasm-bindgen crate must match, or the generated glue does not fit the module).
ensure_toolchain() {
  ensure_nightly
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
  if [ "$want" != "$have" ]; then
    step "cargo install wasm-bindgen-cli --version $want (found: ${have:-none})"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# npm dev dependencies of the project in "$1" (default: the workspace), reinstalled when its
# package-lock.json changed since the last install.
ensure_npm_deps() {
  local dir=${1:-.}
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    step "npm ci ($dir)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Debian's Chromium for the browser tests (playwright-core drives it; its own browser
# download does not work on this network), and Noto CJK so that the devtools screenshots show
# Chinese text (WeChat Pay's messages, 付呗) instead of empty boxes.
ensure_chromium() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    step "apt-get install ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The one nightly the project uses, pinned so that every machine builds the same module: the
# release wasm is built with it (build-std with panic=immediate-abort drops std's panic and
# formatting machinery: 51 KB of the full module, 24 KB of the APIv2 one, measured in
# scripts/build), and cargo-fuzz needs a nightly for libFuzzer and the sanitizers.
NIGHTLY=nightly-2026-10-29

# That nightly, minimal profile plus rust-src (build-std compiles std from it).
ensure_nightly() {
  if ! rustup component list --installed --toolchain "$NIGHTLY" 2>/dev/null | grep -q '^rust-src'; then
    step "rustup toolchain install $NIGHTLY --profile minimal --component rust-src"
    rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src
  fi
}

# cargo-fuzz, for the fuzz targets under fuzz/ (run with the pinned nightly).
ensure_fuzz() {
  ensure_nightly
  if ! cargo fuzz --version >/dev/null 2>&1; then
    step "cargo install cargo-fuzz --version 0.13.2 --locked"
    cargo install cargo-fuzz --version 0.13.2 --locked
  fi
}
