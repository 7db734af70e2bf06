#!/usr/bin/env bash
# Sets everything up, then serves the app on http://127.0.0.1:8080/ with Trunk (rebuilds on change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
# No autoreload: the page is then exactly the built one, under the same Content-Security-Policy.
exec scripts/trunk.sh serve --release --no-autoreload "$@"
