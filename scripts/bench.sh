#!/usr/bin/env bash
# Sets everything up, then runs every benchmark in full: the size of the first load, the criterion
# benchmarks of the domain, and the browser benchmark (load vs a plain page, 10,000 actions, filter,
# import, memory), the first opening of the screens loaded on demand, and the first visit as Lighthouse measures it behind a compressing host and one
# that does not compress. Prints the figures BENCHMARKS.md records; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
printf '\n== release build ==\n'
scripts/trunk.sh build --release
printf '\n== size of the first load ==\n'
node scripts/size.mjs 100000000
printf '\n== criterion (native) ==\n'
cargo bench --locked --bench domain
printf '\n== browser ==\n'
node scripts/bench-browser.mjs
printf '\n== screens loaded on demand: first opening ==\n'
node scripts/bench-on-demand.mjs
printf '\n== first visit (Lighthouse, mobile) ==\n'
node scripts/bench-lighthouse.mjs
