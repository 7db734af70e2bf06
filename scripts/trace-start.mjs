#!/usr/bin/env node
// Where a first visit's start-up time goes, task by task, on the page's thread: a Chromium trace
// taken under Lighthouse's devtools throttling (562.5 ms round trip, 1.47 Mbit/s, CPU slowed 4
// times, a phone's viewport), with V8's sampling profiler. For every task of at least MIN ms it
// prints its start (from the navigation) and length, how many wasm functions V8 compiled in it
// (`wasm.CompileLazy`: V8 compiles each function at its first call, on the page's thread) and for
// how long, its longest inner events, and the functions the profiler found most often in it.
// Names of wasm functions need a build that keeps them (a `-g` copy of the wasm); the shipped
// build shows `$func123`. The profiler makes every task longer (its code logging): read lengths
// with NOPROF=1, and Lighthouse's own traces (`bench-lighthouse.mjs --traces`) with --from.
// Usage: node scripts/trace-start.mjs [DIR=dist] [RUNS=1]
//        node scripts/trace-start.mjs --from=FILE   (a saved trace: its events as a JSON array)
// Environment: MIN (ms, default 30), TOP (functions per task, default 6), SW=1 (let the service
// worker run; blocked by default, as a first visit's tasks are read best without its download),
// WAIT (ms after the load, default 9000), PORT (the port the page was served on, default 4197),
// INCL=regex (also print the inclusive time of the functions whose name matches), DETAIL=1 (every
// inner event of 3 ms or more), NOPROF=1 (no CPU profile), NAME (characters of a name shown, 70).
// Asserts nothing: a reading aid for BENCHMARKS.md.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/e2e/chromium.mjs';

const [DIR = 'dist', RUNS = '1'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const MIN = Number(process.env.MIN ?? 30);
const TOP = Number(process.env.TOP ?? 6);
const WAIT = Number(process.env.WAIT ?? 9000);
const PORT = Number(process.env.PORT ?? 4197);
const INCL = process.env.INCL ? new RegExp(process.env.INCL) : null;

// A saved trace: read it, report, stop.
const FROM = process.argv.find((a) => a.startsWith('--from='))?.slice(7);
if (FROM) {
  const { readFileSync } = await import('node:fs');
  report(0, JSON.parse(readFileSync(FROM, 'utf8')));
  process.exit(0);
}

const server = spawn('node', ['tests/e2e/static-server.mjs', DIR, String(PORT), '/', 'precompressed'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.wasm',
  ...(process.env.NOPROF ? [] : ['disabled-by-default-v8.cpu_profiler']),
  'blink',
  'loading',
  'toplevel',
  'blink.user_timing',
  '__metadata',
].join(',');

let browser = null;
try {
  for (let run = 0; run < Number(RUNS); run++) {
    // A new browser each run: one browser keeps the wasm code it compiled for the next page.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({
      serviceWorkers: process.env.SW === '1' ? 'allow' : 'block',
      viewport: { width: 412, height: 823 },
      deviceScaleFactor: 1.75,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 562.5,
      downloadThroughput: (1474.56 * 1024) / 8,
      uploadThroughput: (675 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
    await page.goto(`http://127.0.0.1:${PORT}/`, { waitUntil: 'load' });
    await page.waitForTimeout(WAIT);
    await cdp.send('Tracing.end');
    await done;
    report(run, events);
    await browser.close();
    browser = null;
  }
} finally {
  await browser?.close();
  server.kill();
}

function report(run, events) {
  const nav = events.find(
    (e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL ?? '').includes(`:${PORT}`),
  );
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === nav?.pid);
  if (!nav || !main) {
    console.log(`run ${run + 1}: no navigation or main thread found`);
    return;
  }
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur / 1000 >= MIN).sort((a, b) => a.ts - b.ts);
  const samples = profileSamples(events, main);
  const ms = (us) => (us / 1000).toFixed(1);
  console.log(`run ${run + 1}: ${tasks.length} tasks of ${MIN} ms or more on the page's thread`);
  for (const task of tasks) {
    const end = task.ts + task.dur;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= end);
    const lazy = inside.filter((e) => e.name === 'wasm.CompileLazy');
    const lazyMs = lazy.reduce((s, e) => s + e.dur, 0);
    const byName = new Map();
    for (const e of inside) byName.set(e.name, Math.max(byName.get(e.name) ?? 0, e.dur));
    const longest = [...byName]
      .filter(([n]) => n !== 'wasm.CompileLazy')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([n, d]) => `${n} ${ms(d)}`)
      .join(', ');
    console.log(
      `  at ${ms(task.ts - nav.ts)} ms: ${ms(task.dur)} ms; ${lazy.length} wasm functions compiled (${ms(lazyMs)} ms); ${longest}`,
    );
    if (process.env.DETAIL) {
      // Every inner event of 3 ms or more, in order, indented by depth.
      const open = [];
      for (const e of inside.filter((e) => e.dur >= 3000 && e.name !== 'wasm.CompileLazy').sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
        while (open.length && open[open.length - 1] <= e.ts) open.pop();
        console.log(`      ${'  '.repeat(open.length)}${e.name} ${ms(e.dur)}`);
        open.push(e.ts + e.dur);
      }
    }
    const mine = samples.filter((s) => s.ts >= task.ts && s.ts <= end);
    if (mine.length === 0) continue;
    const self = new Map();
    const incl = new Map();
    for (const s of mine) {
      self.set(s.stack[0], (self.get(s.stack[0]) ?? 0) + s.dt);
      for (const name of new Set(s.stack)) incl.set(name, (incl.get(name) ?? 0) + s.dt);
    }
    const top = (m) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP)
        .map(([n, d]) => `${n.slice(0, Number(process.env.NAME ?? 70))} ${ms(d)}`)
        .join(' | ');
    console.log(`    self: ${top(self)}`);
    if (INCL) console.log(`    inclusive: ${top(new Map([...incl].filter(([n]) => INCL.test(n))))}`);
  }
}

// The profiler's samples on the page's thread: each a time, the time to the next sample, and its
// stack of function names (innermost first).
function profileSamples(events, main) {
  const profiles = new Map();
  for (const e of events) {
    if (e.pid !== main.pid) continue;
    if (e.name === 'Profile') {
      profiles.set(e.id, { tid: e.tid, time: e.args.data.startTime, nodes: new Map(), samples: [] });
    } else if (e.name === 'ProfileChunk' && profiles.has(e.id)) {
      const p = profiles.get(e.id);
      const data = e.args.data;
      for (const node of data.cpuProfile?.nodes ?? []) p.nodes.set(node.id, node);
      const ids = data.cpuProfile?.samples ?? [];
      const deltas = data.timeDeltas ?? [];
      for (let i = 0; i < ids.length; i++) {
        p.time += deltas[i] ?? 0;
        p.samples.push({ ts: p.time, id: ids[i] });
      }
    }
  }
  const out = [];
  for (const p of profiles.values()) {
    if (p.tid !== main.tid) continue;
    const stackOf = new Map();
    const stack = (id) => {
      if (stackOf.has(id)) return stackOf.get(id);
      const node = p.nodes.get(id);
      if (!node) return [];
      const name = node.callFrame.functionName || `(${String(node.callFrame.url ?? '').split('/').pop() || 'anonymous'})`;
      const s = [name, ...(node.parent ? stack(node.parent) : [])];
      stackOf.set(id, s);
      return s;
    };
    for (let i = 0; i < p.samples.length; i++) {
      const s = p.samples[i];
      const next = p.samples[i + 1];
      const st = stack(s.id);
      if (st.length === 0 || st[0] === '(idle)' || st[0] === '(program)') continue;
      out.push({ ts: s.ts, dt: next ? next.ts - s.ts : 0, stack: st });
    }
  }
  return out;
}
