# Sourced by the other scripts: puts the project's pinned tools first on PATH and keeps Trunk quiet
# and offline.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# The toolchain that compiles the shipped wasm (scripts/trunk.sh); a dated nightly, so that every
# machine builds the same bytes. Everything else uses the stable toolchain.
export RELANCE_RELEASE_TOOLCHAIN=nightly-2026-05-20
