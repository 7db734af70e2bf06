# Sourced by the other scripts: puts the project's pinned tools first on PATH and keeps Trunk quiet
# and offline.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
