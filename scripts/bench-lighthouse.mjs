#!/usr/bin/env node
// First visit as Lighthouse measures it (npm `lighthouse`, its default mobile profile: slow 4G,
// CPU slowed 4 times), driving Debian's /usr/bin/chromium, on the release build (dist/) served two
// ways: by a host that sends the build's pre-compressed copies (brotli), and by one that
// compresses nothing (a plain intranet server). Median of N runs each (default 3), with both of
// Lighthouse's throttling methods: `simulate` (its default: a trace taken without throttling,
// then replayed by a model that counts every request started before a paint as needed by it —
// here the wasm, preloaded from the start) and `devtools` (the page really loaded through
// slowed network and CPU).
// Usage: node scripts/bench-lighthouse.mjs [--runs=N] [--dist=DIR] [--only=devtools|simulate] [--traces]
// (--dist: another build's folder, to compare two builds run after run; --only: one throttling
// method, on the compressing host, with each run's long tasks listed; --traces: each run's trace
// saved as target/bench/lighthouse-trace-<method>-<host's port>-<run>.json, which
// `node scripts/trace-start.mjs --from=FILE` reads task by task, with PORT=<host's port>.)
// Writes target/bench/lighthouse.json and prints the figures; asserts nothing (BENCHMARKS.md).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/e2e/chromium.mjs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(arg('runs') ?? 3);
const DIST = arg('dist') ?? 'dist';
const ONLY = arg('only');
const TRACES = process.argv.includes('--traces');
// The audits of a category that failed (score 0), by id.
const failed = (lhr, category) =>
  lhr.categories[category].auditRefs.filter((r) => lhr.audits[r.id]?.score === 0).map((r) => r.id);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const hosts = [
  { name: 'compressing host (pre-compressed .br)', port: 4195, mode: 'precompressed' },
  { name: 'host without compression', port: 4196, mode: '' },
];
const servers = hosts.map((h) =>
  spawn('node', ['tests/e2e/static-server.mjs', DIST, String(h.port), '/', h.mode].filter(Boolean), { stdio: 'ignore' }),
);
await new Promise((r) => setTimeout(r, 500));

const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
});
const results = {};
try {
  const cases = hosts.flatMap((h) => [[h, 'simulate'], [h, 'devtools']]);
  for (const [h, throttlingMethod] of ONLY ? cases.filter(([h, t]) => t === ONLY && h.mode) : cases) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const { lhr, artifacts } = await lighthouse(
        `http://127.0.0.1:${h.port}/`,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] },
        { extends: 'lighthouse:default', settings: { throttlingMethod } },
      );
      if (TRACES) {
        await mkdir('target/bench', { recursive: true });
        const trace = artifacts.Trace ?? artifacts.traces?.defaultPass;
        await writeFile(`target/bench/lighthouse-trace-${throttlingMethod}-${h.port}-${i + 1}.json`, JSON.stringify(trace.traceEvents));
      }
      const audit = (id) => lhr.audits[id]?.numericValue;
      runs.push({
        performance: Math.round(lhr.categories.performance.score * 100),
        accessibility: Math.round(lhr.categories.accessibility.score * 100),
        bestPractices: Math.round(lhr.categories['best-practices'].score * 100),
        fcpMs: Math.round(audit('first-contentful-paint')),
        lcpMs: Math.round(audit('largest-contentful-paint')),
        tbtMs: Math.round(audit('total-blocking-time')),
        cls: Number(audit('cumulative-layout-shift').toFixed(3)),
        ttiMs: Math.round(audit('interactive')),
        transferKiB: Math.round(audit('total-byte-weight') / 1024),
        failedA11y: failed(lhr, 'accessibility'),
        failedBestPractices: failed(lhr, 'best-practices'),
      });
      if (ONLY) {
        // Where the blocking time goes: each long task's start and length, in ms.
        const tasks = lhr.audits['long-tasks']?.details?.items ?? [];
        console.log('  long tasks:', tasks.map((t) => `${Math.round(t.startTime)}+${Math.round(t.duration)}`).join(' '));
      }
    }
    const pick = (k) => median(runs.map((r) => r[k]));
    const name = `${h.name}, ${throttlingMethod}`;
    results[name] = {
      runs,
      median: Object.fromEntries(
        ['performance', 'accessibility', 'bestPractices', 'fcpMs', 'lcpMs', 'tbtMs', 'cls', 'ttiMs', 'transferKiB'].map((k) => [k, pick(k)]),
      ),
    };
    console.log(`\n${name} (median of ${RUNS}):`, JSON.stringify(results[name].median));
    console.log('  accessibility audits failed:', runs[0].failedA11y.join(', ') || 'none');
    console.log('  best-practices audits failed:', runs[0].failedBestPractices.join(', ') || 'none');
  }
} finally {
  await chrome.kill();
  for (const s of servers) s.kill();
}
await mkdir('target/bench', { recursive: true });
await writeFile(ONLY || DIST !== 'dist' ? 'target/bench/lighthouse-partial.json' : 'target/bench/lighthouse.json', JSON.stringify(results, null, 2));
