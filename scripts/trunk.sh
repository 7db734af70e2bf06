#!/usr/bin/env bash
# The one owner of the shipped build: `scripts/trunk.sh build --release`, `scripts/trunk.sh serve …`
# (stages and why: ARCHITECTURE.md, « Build »; tool versions: scripts/tools.env).
# The wasm is compiled by the pinned nightly toolchain with the standard library rebuilt for it and
# panics as immediate aborts (`-Zbuild-std`, `-Cpanic=immediate-abort`): no panic messages, locations
# or formatting machinery in the download — 22 KB less brotli-compressed first load (BENCHMARKS.md).
# A panic is then a WebAssembly trap, which index.html turns into the French crash message.
# Everything else (clippy, cargo doc, native and wasm-bindgen tests) uses the stable toolchain.
# scripts/setup.sh installs the toolchain with rust-src and fetches the standard library's crates.
# Trunk refuses to build without this script (scripts/build-guard.sh, its pre_build hook).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export RELANCE_BUILD=scripts/trunk.sh
export RUSTUP_TOOLCHAIN="$RELANCE_RELEASE_TOOLCHAIN"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# Added to `.cargo/config.toml`'s flags for the target (`--cfg erase_components`), not replacing them.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
# Its own target folder: the stable toolchain's builds (tests, clippy) keep theirs.
export CARGO_TARGET_DIR="$PWD/target/shipped"
# Screens loaded on demand (src/ui/on_demand.rs): `relance_split` turns the split points on, the
# linker wrapper splits the wasm at them (with the link's relocations), and wasm-bindgen keeps the
# function table's export that the chunks use (scripts/bin/wasm-bindgen).
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS+=" --cfg relance_split -Clink-args=--emit-relocs"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$PWD/scripts/link-split.sh"
export PATH="$PWD/scripts/bin:$PATH"
exec trunk "$@"
