# Sourced by the other scripts: the tool versions (scripts/tools.env), the project's pinned tools
# first on PATH, Trunk quiet, offline and pinned to its version.
set -a
source scripts/tools.env
set +a
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export TRUNK_REQUIRED_VERSION="$TRUNK_VERSION"
export TRUNK_TOOLS_WASM_BINDGEN="$WASM_BINDGEN_VERSION"
