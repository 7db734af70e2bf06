#!/usr/bin/env bash
# Installs everything Relance needs to build, serve and test, on Debian 12 with rustup, apt and npm.
# Idempotent: each step checks what is there first, so a second run takes seconds.
# Nothing is downloaded outside crates.io, Debian's packages and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/env.sh  # the tool versions: scripts/tools.env

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The files that tools read themselves agree with scripts/tools.env, or nothing is installed.
disagree() {
  printf '\033[1m[setup]\033[0m %s says %s, scripts/tools.env says %s: make them agree.\n' "$1" "$2" "$3" >&2
  exit 1
}
lock_bindgen=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
[ "$lock_bindgen" = "$WASM_BINDGEN_VERSION" ] || disagree Cargo.lock "wasm-bindgen $lock_bindgen" "$WASM_BINDGEN_VERSION"
grep -qxF "wasm-bindgen = \"=$WASM_BINDGEN_VERSION\"" Cargo.toml \
  || disagree Cargo.toml "another wasm-bindgen pin" "=$WASM_BINDGEN_VERSION"
for pkg in binaryen:BINARYEN_VERSION @playwright/test:PLAYWRIGHT_VERSION; do
  name=${pkg%%:*} var=${pkg##*:}
  want=${!var}
  got=$(node -p "require('./package.json').devDependencies['$name']")
  [ "$got" = "$want" ] || disagree package.json "$name $got" "$want"
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The shipped wasm's toolchain (scripts/trunk.sh): the dated nightly with the standard library's
# sources, which it rebuilds for the wasm.
if ! rustup run "$RELANCE_RELEASE_TOOLCHAIN" rustc --print sysroot >/dev/null 2>&1 \
  || [ ! -d "$(rustup run "$RELANCE_RELEASE_TOOLCHAIN" rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  say "rustup toolchain install $RELANCE_RELEASE_TOOLCHAIN (with rust-src and the wasm32 target)"
  rustup toolchain install "$RELANCE_RELEASE_TOOLCHAIN" --profile minimal -c rust-src -t wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 7 min the first time)"
  # Trunk's own release profile (fat LTO, one codegen unit, opt-level 3) took 572 s to compile
  # here; these settings 409 s (BENCHMARKS.md, « Set-up and test time »). A faster Trunk would
  # not make the build faster: its time is cargo's, wasm-bindgen's and wasm-opt's.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 min the first time)"
  # Without --locked: its own lockfile names a webpki-roots version the registry here lacks.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about a minute)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

if ! cargo install --list | grep -qx "geckodriver v$GECKODRIVER_VERSION:"; then
  say "installing geckodriver $GECKODRIVER_VERSION (about a minute)"
  cargo install --locked geckodriver --version "$GECKODRIVER_VERSION"
fi

missing=()
for pkg in chromium chromium-driver firefox-esr poppler-utils libreoffice-calc-nogui; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# npm packages (binaryen's wasm-opt, Playwright) from the committed lockfile; reinstalled only when
# the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.relance-lock; then
  say "npm ci"
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.relance-lock
fi

# target/.fetched names the release toolchain whose standard library's crates were fetched too.
if [ "$(cat target/.fetched 2>/dev/null)" != "$RELANCE_RELEASE_TOOLCHAIN" ] || [ Cargo.lock -nt target/.fetched ]; then
  say "cargo fetch --locked"
  cargo fetch --locked
  # The standard library's own dependencies, which the shipped build compiles (offline, as Trunk runs it).
  RUSTUP_TOOLCHAIN="$RELANCE_RELEASE_TOOLCHAIN" CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    cargo fetch --target wasm32-unknown-unknown
  mkdir -p target && echo "$RELANCE_RELEASE_TOOLCHAIN" > target/.fetched
fi
say "ready"
