#!/usr/bin/env node
// Measures the first load of the built app (dist/): every file raw, gzip -9 and brotli -11, and the
// total the browser downloads on a first visit (index.html + JS + wasm + CSS; the service worker,
// manifest and icons come after, and the chunks of the screens loaded on demand — `split_*.wasm`,
// `chunk_*.wasm`, src/ui/on_demand.rs — when a screen first needs them: listed, totalled apart). Writes target/size.json and fails when the brotli total exceeds
// the budget (bytes): `node scripts/size.mjs [budget]`, default $RELANCE_SIZE_BUDGET or 150 KB.
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const budget = Number(process.argv[2] ?? process.env.RELANCE_SIZE_BUDGET ?? 150 * 1024);
const onDemand = (f) => /^(split|chunk)_.*\.wasm$/.test(f);
const firstLoad = (f) => /^(index\.html|.*\.(js|wasm|css))$/.test(f) && f !== 'sw.js' && !onDemand(f);
const rows = [];
for (const f of readdirSync('dist')) {
  const path = join('dist', f);
  // The pre-compressed copies (post-build) are what a host sends, not more to download.
  if (statSync(path).isDirectory() || /\.(br|gz)$/.test(f)) continue;
  const bytes = readFileSync(path);
  rows.push({
    file: f,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    firstLoad: firstLoad(f),
    onDemand: onDemand(f),
  });
}
const total = (k, which = 'firstLoad') => rows.filter((r) => r[which]).reduce((s, r) => s + r[k], 0);
const summary = { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli'), budget };
const later = { files: rows.filter((r) => r.onDemand).length, raw: total('raw', 'onDemand'), brotli: total('brotli', 'onDemand') };
console.log('file'.padEnd(42), 'raw'.padStart(9), 'gzip'.padStart(9), 'brotli'.padStart(9));
for (const r of rows) console.log((r.firstLoad ? '* ' : r.onDemand ? '+ ' : '  ') + r.file.padEnd(40), String(r.raw).padStart(9), String(r.gzip).padStart(9), String(r.brotli).padStart(9));
console.log(`first load (*): raw ${summary.raw}, gzip ${summary.gzip}, brotli ${summary.brotli} bytes; budget ${budget} bytes brotli`);
console.log(`screens on demand (+): ${later.files} files, raw ${later.raw}, brotli ${later.brotli} bytes`);
mkdirSync('target', { recursive: true });
writeFileSync('target/size.json', JSON.stringify({ files: rows, firstLoad: summary, onDemand: later }, null, 2));
if (summary.brotli > budget) {
  console.error(`size budget exceeded: ${summary.brotli} > ${budget} bytes (brotli)`);
  process.exit(1);
}
