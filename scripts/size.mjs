#!/usr/bin/env node
// The size of a first visit, as a browser downloads it (issue 26: « measured in a browser from
// what the page requests, with the service worker blocked »). The release build (dist/) is served
// as a host serves it — each file's pre-compressed copy (brotli 11, post-build) — and opened in
// Debian's headless Chromium with an empty storage and the service worker blocked; every response
// is counted at its transferred (encoded) body size, from the first request until the app can be
// used (the frame of index.html replaced, « Qui êtes-vous ? » and the dashboard on screen), and
// then 5 s more without a gesture, so that nothing fetched just after the start escapes the count.
// Fails when that total exceeds the budget (bytes): `node scripts/size.mjs [budget]`, default
// $RELANCE_SIZE_BUDGET or 200 KB.
//
// Also lists every file of the build raw, gzip -9 and brotli -11 (`*`: what an earlier version of
// this script summed as the first load, from the file names alone; `+`: the chunks of code loaded
// on demand, src/ui/on_demand.rs). Writes target/size.json.
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { chromium } from 'playwright';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/e2e/chromium.mjs';

const budget = Number(process.argv[2] ?? process.env.RELANCE_SIZE_BUDGET ?? 200 * 1024);
const PORT = 4198;
const IDLE_AFTER_MS = 5_000;

// Every file of the build, for reference.
const onDemand = (f) => /^(split|chunk)_.*\.wasm$/.test(f);
const byName = (f) => /^(index\.html|.*\.(js|wasm|css))$/.test(f) && f !== 'sw.js' && !onDemand(f);
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
    byName: byName(f),
    onDemand: onDemand(f),
  });
}
const total = (k, which) => rows.filter((r) => r[which]).reduce((s, r) => s + r[k], 0);
console.log('file'.padEnd(42), 'raw'.padStart(9), 'gzip'.padStart(9), 'brotli'.padStart(9));
for (const r of rows) console.log((r.byName ? '* ' : r.onDemand ? '+ ' : '  ') + r.file.padEnd(40), String(r.raw).padStart(9), String(r.gzip).padStart(9), String(r.brotli).padStart(9));
const later = { files: rows.filter((r) => r.onDemand).length, raw: total('raw', 'onDemand'), brotli: total('brotli', 'onDemand') };
console.log(`by file name (*): raw ${total('raw', 'byName')}, brotli ${total('brotli', 'byName')} bytes`);
console.log(`code on demand (+): ${later.files} files, raw ${later.raw}, brotli ${later.brotli} bytes`);

// What the browser requests.
const server = spawn('node', ['tests/e2e/static-server.mjs', 'dist', String(PORT), '/', 'precompressed'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
const requested = [];
let usable = false;
try {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('requestfinished', async (request) => {
    const when = usable ? 'after' : 'before';
    const sizes = await request.sizes();
    const response = await request.response();
    requested.push({
      url: request.url().replace(`http://127.0.0.1:${PORT}/`, ''),
      encoding: (await response?.headerValue('content-encoding')) ?? '',
      bytes: sizes.responseBodySize,
      when,
    });
  });
  page.on('requestfailed', (request) => requested.push({ url: request.url(), failed: true, bytes: 0, when: usable ? 'after' : 'before' }));
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.locator('#boot-frame').waitFor({ state: 'detached', timeout: 30_000 });
  await page.getByRole('heading', { name: 'Qui êtes-vous ?' }).waitFor({ timeout: 30_000 });
  await page.getByRole('heading', { name: 'Actions engagées par fiche' }).waitFor({ timeout: 30_000 });
  usable = true;
  await page.waitForTimeout(IDLE_AFTER_MS);
  await context.close();
} finally {
  await browser.close();
  server.kill();
}

const sum = (when) => requested.filter((r) => when.includes(r.when)).reduce((s, r) => s + r.bytes, 0);
const firstVisit = { before: sum(['before']), after: sum(['after']), total: sum(['before', 'after']), budget };
console.log(`\nrequested by the page on a first visit (service worker blocked; bytes as transferred):`);
for (const r of requested) console.log(`  ${r.when === 'before' ? 'before use' : 'after     '} ${String(r.bytes).padStart(8)} ${r.encoding.padEnd(3)} ${r.url}${r.failed ? ' (failed)' : ''}`);
console.log(`first visit: ${firstVisit.before} bytes before use, ${firstVisit.after} in the ${IDLE_AFTER_MS / 1000} s after without a gesture; ${firstVisit.total} in all; budget ${budget} bytes`);
mkdirSync('target', { recursive: true });
writeFileSync('target/size.json', JSON.stringify({ firstVisit, requested, files: rows, onDemand: later }, null, 2));
const unencoded = requested.filter((r) => !r.failed && /\.(wasm|js|css|html)$|\/$/.test(r.url) && r.encoding !== 'br');
if (unencoded.length) {
  console.error(`sent without their brotli copy (run the release build's post-build hook): ${unencoded.map((r) => r.url).join(', ')}`);
  process.exit(1);
}
if (firstVisit.total > budget) {
  console.error(`size budget exceeded: ${firstVisit.total} > ${budget} bytes (brotli, as transferred)`);
  process.exit(1);
}
