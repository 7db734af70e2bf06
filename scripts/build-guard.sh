#!/usr/bin/env bash
# Trunk's pre_build hook (Trunk.toml): stops a `trunk build` or `trunk serve` run without
# scripts/trunk.sh, which would quietly build another app than the shipped one — stable toolchain,
# no screens split off, none of the shipped flags (ARCHITECTURE.md, « Build »).
if [ "${RELANCE_BUILD:-}" != scripts/trunk.sh ]; then
  cat >&2 <<'MSG'
Relance is built by scripts/trunk.sh, never by Trunk alone:
  scripts/trunk.sh build --release   the shipped build, into dist/
  scripts/serve.sh                   set-up, then the same build served on http://127.0.0.1:8080/
A plain `trunk build` or `trunk serve` would compile with the stable toolchain, without the screens
loaded on demand and without the shipped flags. The stages and why: ARCHITECTURE.md, « Build ».
MSG
  # `trunk serve` would go on serving an empty folder after a failed build: stop it with a failing status.
  if tr '\0' '\n' <"/proc/$PPID/cmdline" 2>/dev/null | grep -qx serve; then kill -TERM "$PPID"; fi
  exit 1
fi
