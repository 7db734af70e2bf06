#!/usr/bin/env node
// Browser benchmark of the release build, in Debian's headless Chromium. It builds its own copy in
// target/bench/dist with the `browser-bench` feature (the entry points of src/web/bench.rs, which
// the production build in dist/ does not carry); the rest of the build is the production one.
// - load: navigation to first dashboard painted, with 1,000 actions stored, against a plain static
//   HTML page showing the same figures, loaded in turn in the same run (median of 15 each) — and the ratio;
// - start-up with 10,000 actions over 110 conventions, and every envelope and monthly table
//   recomputed in the page's wasm;
// - filter latency: a keystroke in the action list filter to the list updated;
// - import of a 10,000-action exchange file: from the file chosen to its preview painted, by stage;
// - memory: JS heap (CDP Performance.getMetrics) and wasm linear memory;
// - companies tab: a keystroke in its search to the list updated, with 20,000 companies and 20,000
//   actions in one convention (the record written to IndexedDB before the app starts).
// Usage: node scripts/bench-browser.mjs [--quick] [--cpu=N] [--only=load|import]
//   --quick: one iteration, small data, for CI; --cpu=4: every page's CPU slowed down 4 times
//   (CDP Emulation.setCPUThrottlingRate), to see what a modest tablet would get; --only=import:
//   the import alone (--only=load: the rest alone).
// Writes target/bench/browser.json. Prints figures; it asserts nothing: BENCHMARKS.md records them.
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/e2e/chromium.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const CPU = Number(process.argv.find((a) => a.startsWith('--cpu='))?.slice(6) ?? 1);

/** A new page of `context`, its CPU slowed down `CPU` times when asked. */
async function newPage(context) {
  const page = await context.newPage();
  if (CPU > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU });
  return page;
}
const RUNS = quick ? 1 : 15;
const LOAD_RECORDS = quick ? 100 : 1_000;
const SCALE_RECORDS = quick ? 300 : 10_000;
const IMPORT_RECORDS = quick ? 300 : 10_000;
const COMPANIES = quick ? 300 : 20_000;
const PORT = 4190;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const BUILD = 'target/bench/dist';
execFileSync('scripts/trunk.sh', ['build', '--release', '--features', 'browser-bench', '--dist', BUILD], { stdio: ['ignore', 'ignore', 'inherit'] });
const site = await mkdtemp(join(tmpdir(), 'relance-bench-'));
await cp(BUILD, site, { recursive: true });
const server = spawn('node', ['tests/e2e/static-server.mjs', site, String(PORT), '/'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 400));
const base = `http://127.0.0.1:${PORT}/`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_FLAGS,
});

// Records when the element with the figures is painted (next animation frame after it appears),
// and when every convention is read; keeps the wasm memory handed out by Trunk's loader. The
// benchmark reads these with plain CDP `Runtime.evaluate` calls: Playwright's own waiting
// functions would first evaluate Playwright's large script in the page, while it loads, and
// delay what is measured.
const probe = () => {
  window.__painted = null;
  window.__ready = null;
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasmMemory = e.detail.wasm.memory; });
  const check = () => {
    const el = document.querySelector('[data-testid="available"]');
    if (el && el.textContent.trim()) {
      requestAnimationFrame(() => { window.__painted ??= performance.now(); });
      return true;
    }
    return false;
  };
  new MutationObserver((_, obs) => { if (check()) obs.disconnect(); }).observe(document, { childList: true, subtree: true, characterData: true });
  // Every convention read: the main screen is no longer inert (the dashboard shows first).
  new MutationObserver((_, obs) => {
    const screen = document.querySelector('.main-screen');
    if (screen && !screen.hasAttribute('inert')) {
      window.__ready = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['inert'] });
};

/** Adds the probe to `page`, and a CDP session to read what it records. */
async function withProbe(page) {
  page.__cdp = await page.context().newCDPSession(page);
  await page.addInitScript(probe);
}

/** The value of `window[name]` once it is set (polled every 10 ms, for at most 60 s). */
async function recorded(page, name) {
  for (let waited = 0; waited < 60_000; waited += 10) {
    const { result } = await page.__cdp.send('Runtime.evaluate', { expression: `window.${name} ?? null`, returnByValue: true });
    if (result.value !== null && result.value !== undefined) return result.value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${name} not recorded within 60 s`);
}

/** Navigates `page` to `url`; milliseconds from navigation to the figures painted (and, in
 * `page.__readyTimes`, to every convention read, for the app). */
async function loadOnce(page, url) {
  await page.goto(url);
  const painted = await recorded(page, '__painted');
  if (!url.includes('plain.html')) (page.__readyTimes ??= []).push(await recorded(page, '__ready'));
  // Let what the page still does after that end, so that the next load (of the other page) does
  // not share the CPU with it.
  await new Promise((r) => setTimeout(r, 300));
  return painted;
}

/** For each of `texts` typed into the input `#inputId` (its `input` event): `handled`, the
 * milliseconds until the app has handled it and the page is laid out again (every task and
 * microtask it queued has run, then a forced layout); `painted`, until the next frame after that
 * (which also waits for the screen's refresh, up to 16.7 ms at 60 Hz). Medians and maxima. */
async function keystrokes(page, inputId, texts) {
  const handled = [];
  const painted = [];
  for (const text of texts) {
    const t = await page.evaluate(({ inputId, text }) => new Promise((resolve) => {
      const input = document.getElementById(inputId);
      const start = performance.now();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      setTimeout(() => {
        void document.body.offsetHeight;
        const laidOut = performance.now() - start;
        requestAnimationFrame(() => resolve({ laidOut, frame: performance.now() - start }));
      }, 0);
    }), { inputId, text });
    handled.push(t.laidOut);
    painted.push(t.frame);
  }
  const stats = (xs) => ({ median: +median(xs).toFixed(1), max: +Math.max(...xs).toFixed(1) });
  return { handled: stats(handled), painted: stats(painted) };
}

/** A page with the probe, after one load that fills caches, and `runs` more timed loads. */
async function loadTimes(context, url, runs = RUNS) {
  const page = await newPage(context);
  await withProbe(page);
  await loadOnce(page, url);
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await loadOnce(page, url));
  return { page, times };
}

const results = { machine: `${process.platform} ${process.arch}, Chromium ${browser.version()}`, quick, cpu_slowdown: CPU };
try {
  if (!only || only === 'load') {
    // 1. Load with 1,000 actions stored vs a plain page with the same figures.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    // The app's first load fills the demo database; then the plain page is written with its figures.
    const app = await loadTimes(context, `${base}?demo=${LOAD_RECORDS}`, 0);
    const figures = await app.page.evaluate(() =>
      Object.fromEntries(['envelope', 'engaged', 'done', 'invoiced', 'paid', 'available'].map((k) => [k, document.querySelector(`[data-testid="${k}"]`).textContent])),
    );
    const cells = Object.entries(figures).map(([k, v]) => `<div class="figure"><span class="label">${k}</span><span class="amount" data-testid="${k}">${v}</span></div>`).join('');
    const css = (await app.page.evaluate(() => document.querySelector('link[rel="stylesheet"]').getAttribute('href')));
    await writeFile(join(site, 'plain.html'), `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Relance (page statique)</title><link rel="stylesheet" href="${css}"></head><body><main><section class="card envelope">${cells}</section></main></body></html>`);
    const plain = await loadTimes(context, `${base}plain.html`, 0);
    // Then both, one after the other, so that both see the same load on the machine.
    for (let i = 0; i < RUNS; i++) {
      app.times.push(await loadOnce(app.page, `${base}?demo=${LOAD_RECORDS}`));
      plain.times.push(await loadOnce(plain.page, `${base}plain.html`));
    }
    results.load = {
      records: LOAD_RECORDS,
      app_ms: median(app.times),
      plain_ms: median(plain.times),
      ratio: +(median(app.times) / median(plain.times)).toFixed(2),
      // Not part of the ratio: until then the dashboard is shown, inert.
      app_all_conventions_read_ms: median(app.page.__readyTimes.slice(-RUNS)),
      runs: RUNS,
    };
    await context.close();

    // 2. Start-up at regional scale, filter latency, memory.
    const scale = await browser.newContext({ serviceWorkers: 'block' });
    const big = await loadTimes(scale, `${base}?demo=${SCALE_RECORDS}`);
    const page = big.page;
    const scaleReady = median(page.__readyTimes.slice(-RUNS));
    await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('button', { name: 'Actions' }).click();
    await page.getByTestId('action-count').waitFor();
    const filter = await keystrokes(page, 'filter-text', ['b', 'bo', 'bou', 'boul', 'boula', '']);
    // Every envelope and monthly table recomputed, in the page's wasm (median of 21 runs).
    const recompute = await page.evaluate((n) => window.wasmBindings.benchRecomputeEverything(n, 21), SCALE_RECORDS);
    const cdp = await scale.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const wasmBytes = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? null);
    results.scale = {
      records: SCALE_RECORDS,
      conventions: 110,
      startup_ms: median(big.times),
      all_conventions_read_ms: scaleReady,
      recompute_everything_ms: +recompute.toFixed(2),
      filter_keystroke_ms: filter,
      js_heap_used_mb: +(metrics.JSHeapUsedSize / 1048576).toFixed(1),
      wasm_memory_mb: wasmBytes === null ? null : +(wasmBytes / 1048576).toFixed(1),
    };
    await scale.close();

    // 3. The companies tab with 20,000 companies and 20,000 actions in one convention: the seed
    // convention's record is written to IndexedDB (as the app stores it), then the app starts on it.
    execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'gen_stored', '--', String(COMPANIES), String(COMPANIES), join(site, 'stored.json')], { stdio: 'inherit' });
    const large = await browser.newContext({ serviceWorkers: 'block' });
    const cp = await newPage(large);
    await cp.addInitScript(() => localStorage.setItem('relance.identity', JSON.stringify({ side: 'Chamber', name: "Banc d'essai" })));
    await cp.goto(base);
    await cp.getByTestId('available').waitFor();
    await cp.evaluate(async () => {
      const text = await (await fetch('stored.json')).text();
      const key = JSON.parse(text).ledger.convention.id;
      const db = await new Promise((ok, ko) => { const r = indexedDB.open('relance'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
      await new Promise((ok, ko) => { const tx = db.transaction('ledgers', 'readwrite'); tx.objectStore('ledgers').put(text, key); tx.oncomplete = ok; tx.onerror = () => ko(tx.error); });
      db.close();
    });
    await cp.reload();
    await cp.getByTestId('available').waitFor();
    await cp.locator('.main-screen:not([inert])').waitFor({ timeout: 120_000 });
    const tabStart = Date.now();
    await cp.getByRole('navigation', { name: 'Rubriques' }).getByRole('button', { name: 'Entreprises' }).click();
    await cp.locator('#company-search').waitFor();
    const tab_ms = Date.now() - tabStart;
    const shown = await cp.locator('table.list tbody tr').count();
    results.companies = {
      companies: COMPANIES,
      actions: COMPANIES,
      rows_drawn: shown,
      open_tab_ms: tab_ms,
      search_keystroke_ms: await keystrokes(cp, 'company-search', ['b', 'bo', 'bou', 'boul', 'boula', 'boulangerie m', 'delle', '']),
    };
    await large.close();

  }
  // 4. Import of a large exchange file, to its preview: a file of the current version (every step
  // signed: the browser checks each signature before the preview, and the user confirms the keys
  // it does not know), and one written by a version before signatures (its steps taken on the
  // user's consent).
  results.import = {};
  for (const variant of !only || only === 'import' ? ['signed', 'unsigned'] : []) {
    const file = `target/bench/echange-${IMPORT_RECORDS}-${variant}.json`;
    execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'gen_exchange', '--', String(IMPORT_RECORDS), file, variant], { stdio: 'inherit' });
    const importer = await browser.newContext({ serviceWorkers: 'block' });
    const ip = await newPage(importer);
    await ip.addInitScript(() => localStorage.setItem('relance.identity', JSON.stringify({ side: 'Payer', name: "Banc d'essai" })));
    await ip.goto(base);
    await ip.getByTestId('available').waitFor();
    await ip.getByRole('navigation', { name: 'Rubriques' }).getByRole('button', { name: 'Échanges' }).click();
    // In the page, from the file input's `change` event (after Playwright has handed the file over)
    // to the preview painted, with when each stage of the progress line first shows.
    await ip.evaluate(() => {
      window.__stages = [];
      window.__preview = null;
      document.addEventListener('change', () => { if (!window.__stages.length) window.__stages.push({ stage: 'choisi', at: performance.now() }); }, { capture: true });
      new MutationObserver(() => {
        if (!window.__stages.length) return;
        const text = document.querySelector('[data-testid="import-busy"]')?.textContent.trim() ?? 'aperçu';
        const stage = text.replace(/ : \d+ %/, '');
        if (stage !== window.__stages.at(-1).stage) window.__stages.push({ stage, at: performance.now() });
        if (document.querySelector('[data-testid="import-preview"]')) requestAnimationFrame(() => { window.__preview ??= performance.now(); });
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // The app's own marks (`web::clock::bench_mark`, only in this build): "relance-bench <label> <at>".
    const benchMarks = [];
    ip.on('console', (m) => {
      const [tag, label, at] = m.text().split(/ (?=[^ ]+$)|^(relance-bench) /).filter(Boolean);
      if (tag === 'relance-bench') benchMarks.push({ label, at: Number(at) });
    });
    await ip.getByLabel("Fichier d'échange (.json)").setInputFiles(file);
    await ip.getByTestId('import-preview').waitFor({ timeout: 120_000 });
    await ip.waitForFunction(() => window.__preview !== null);
    const { stages, preview } = await ip.evaluate(() => ({ stages: window.__stages, preview: window.__preview }));
    const toPreview = Math.round(preview - stages[0].at);
    const marks = [...stages.filter((s) => s.stage !== 'aperçu'), { at: preview }];
    const stage_ms = Object.fromEntries(marks.slice(0, -1).map((s, i) => [s.stage, Math.round(marks[i + 1].at - s.at)]));
    // From the file chosen to each of the app's marks, then to the preview painted.
    const steps = [{ label: 'choisi', at: stages[0].at }, ...benchMarks.filter((m) => m.at <= preview), { label: 'peint', at: preview }];
    const marks_ms = Object.fromEntries(steps.slice(1).map((m, i) => [`${steps[i].label} → ${m.label}`, Math.round(m.at - steps[i].at)]));
    // The user's answers: each key confirmed, or the unsigned steps taken; each answer draws the
    // preview again with the plan made anew.
    const t0 = Date.now();
    let answers = 0;
    for (;;) {
      const box = ip.locator('[data-testid="confirm-key"]:not(:checked), [data-testid="take-unsigned"]:not(:checked)').first();
      if ((await box.count()) === 0) break;
      await box.check();
      answers += 1;
    }
    await ip.getByText(/^Nouvelles actions \(\d+\)/).waitFor({ timeout: 120_000 });
    const answer_ms = Date.now() - t0;
    const t1 = Date.now();
    await ip.getByRole('button', { name: "Confirmer l'import" }).click();
    await ip.getByText(/^Import effectué/).waitFor({ timeout: 120_000 });
    results.import[variant] = { records: IMPORT_RECORDS, to_preview_ms: toPreview, stage_ms, marks_ms, answers, answers_ms: answer_ms, confirm_ms: Date.now() - t1 };
    await importer.close();
  }
} finally {
  await browser.close();
  server.kill();
  await rm(site, { recursive: true, force: true });
}
await mkdir('target/bench', { recursive: true });
await writeFile('target/bench/browser.json', JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
