#!/usr/bin/env bash
# The linker of the shipped wasm (scripts/trunk.sh sets it for wasm32): rust-lld, then, for the
# app's binary, wasm-split (`wasm-split-cli`, installed by scripts/setup.sh) at the functions marked
# for loading on demand (src/ui/on_demand.rs). The main module replaces the linked file, which
# Trunk then passes to wasm-bindgen as usual; the chunks and their loader (`__wasm_split.js`) are
# left in $CARGO_TARGET_DIR/wasm-split/<linked file's name>/ with a copy of that main module, by
# which scripts/post-build.mjs finds the chunks of the wasm Trunk used and copies them to dist/.
# Splitting needs the link's relocations (`-Clink-args=--emit-relocs`, scripts/trunk.sh).
set -euo pipefail
out=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ ${args[i]} == -o ]]; then out=${args[i + 1]}; fi
done
lld="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/rust-lld"
if [[ ${1:-} == -flavor ]]; then shift 2; fi
"$lld" -flavor wasm "$@"
# Only the app (deps/relance-<hash>.wasm); dependencies built as cdylib are linked as they are.
name=$(basename "$out" .wasm)
case "$name" in relance-*) ;; *) exit 0 ;; esac
dir="${CARGO_TARGET_DIR:?}/wasm-split/$name"
rm -rf "$dir"
mkdir -p "$dir"
wasm-split-cli "$out" "$dir" --out-name relance >"$dir/split.log" 2>&1 || {
  cat "$dir/split.log" >&2
  exit 1
}
cp "$dir/relance.wasm" "$out"
