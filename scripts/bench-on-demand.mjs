#!/usr/bin/env node
// The screens downloaded on demand (src/ui/on_demand.rs), as a user opening each tab for the first
// time feels them, on the release build (dist/) behind a host sending the pre-compressed copies:
// the time from the click on the tab to its content on screen, (a) on a slow mobile network
// (Lighthouse's slow 4G: 150 ms round trip, 1.6 Mbit/s down) with no service worker yet — the
// first visit — and (b) once the service worker has cached every file, as on every later visit,
// online or not. Also the bytes of the chunks each tab's first opening fetched (decoded; the
// transfer is their brotli copy). "Tableau de bord", opened last, is the baseline: the one tab
// in the first download, drawn with no fetch. And (c) the first visit on the slow network with
// the worker allowed, the page left idle 10 s before the first tab is opened: meanwhile the
// worker caches the build and the page fetches and instantiates every screen's code from it
// (`ui::on_demand::prefetch_screens`); and (d) a later visit (the worker holding the build) left
// idle 10 s before the first tab.
// Median of N runs (default 3).
// Usage: node scripts/bench-on-demand.mjs [--runs=N]
// Writes target/bench/on-demand.json and prints the figures; asserts nothing (BENCHMARKS.md).
import { chromium } from 'playwright';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { App, controlled } from '../tests/e2e/app.mjs';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/e2e/chromium.mjs';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const PORT = 4197;
const URL = `http://127.0.0.1:${PORT}/`;
// Each tab loaded on demand, and what shows once its code is there.
const TABS = [
  ['Entreprises', { role: 'heading', name: 'Entreprises bénéficiaires' }],
  ['Actions', { role: 'heading', name: 'Actions', exact: true }],
  ['Suivi mensuel', { role: 'heading', name: /Tableau de suivi mensuel/ }],
  ['Bilan', { role: 'heading', name: /Bilan/ }],
  ['Journal', { role: 'heading', name: 'Journal de la convention' }],
  ['Mise en relation', { role: 'heading', name: /Synthèse des offres/ }],
  ['Échanges', { role: 'heading', name: "Envoyer à l'autre partie" }],
  ['Conventions', { role: 'heading', name: 'Conventions', exact: true }],
  ['Sauvegarde', { role: 'button', name: 'Télécharger une sauvegarde complète' }],
  ['Tableau de bord', { role: 'heading', name: 'Actions engagées par fiche' }],
];

const server = spawn('node', ['tests/e2e/static-server.mjs', 'dist', String(PORT), '/', 'precompressed'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });

/** Opens the app as a CMA adviser; `slow` throttles the network like slow 4G. */
async function open({ slow, worker }) {
  const context = await browser.newContext({ serviceWorkers: worker ? 'allow' : 'block' });
  const page = await context.newPage();
  if (slow) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
  }
  await page.goto(URL);
  // Waited for here (up to 30 s on the slowed network), then the e2e tests' own gesture.
  await page.getByRole('heading', { name: 'Qui êtes-vous ?' }).waitFor();
  await new App(page).actAs('CMA BFC', 'Marie Conseillère');
  await page.getByTestId('available').waitFor();
  return { context, page };
}

/** Click on each tab → its content visible, in ms; and the bytes of the chunks fetched. */
async function openTabs(page) {
  const out = {};
  for (const [tab, target] of TABS) {
    let bytes = 0;
    const count = async (res) => {
      if (/(split|chunk)_.*\.wasm$/.test(res.url())) bytes += (await res.body().catch(() => Buffer.alloc(0))).length;
    };
    page.on('response', count);
    const t0 = Date.now();
    await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('button', { name: tab, exact: true }).click();
    await page.getByRole(target.role, { name: target.name, exact: target.exact }).first().waitFor();
    out[tab] = { ms: Date.now() - t0, bytes };
    page.off('response', count);
  }
  return out;
}

const results = { firstVisitSlow4g: {}, cached: {}, firstVisitSlow4gIdle10s: {}, cachedIdle10s: {} };
try {
  for (let i = 0; i < RUNS; i++) {
    {
      const { context, page } = await open({ slow: true, worker: false });
      for (const [tab, r] of Object.entries(await openTabs(page))) (results.firstVisitSlow4g[tab] ??= []).push(r);
      await context.close();
    }
    {
      const { context, page } = await open({ slow: true, worker: true });
      await page.waitForTimeout(10_000);
      for (const [tab, r] of Object.entries(await openTabs(page))) (results.firstVisitSlow4gIdle10s[tab] ??= []).push(r);
      await context.close();
    }
    {
      const { context, page } = await open({ slow: false, worker: true });
      await controlled(page);
      await page.reload();
      await page.getByTestId('available').waitFor();
      for (const [tab, r] of Object.entries(await openTabs(page))) (results.cached[tab] ??= []).push(r);
      await page.reload();
      await page.getByTestId('available').waitFor();
      await page.waitForTimeout(10_000);
      for (const [tab, r] of Object.entries(await openTabs(page))) (results.cachedIdle10s[tab] ??= []).push(r);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
const summary = {};
for (const [kind, tabs] of Object.entries(results)) {
  const title = {
    firstVisitSlow4g: 'first visit, slow 4G, no service worker',
    cached: 'cached by the service worker',
    firstVisitSlow4gIdle10s: 'first visit, slow 4G, worker allowed, 10 s idle before the first tab',
    cachedIdle10s: 'later visit (cached by the worker), 10 s idle before the first tab',
  }[kind];
  console.log(`\n${title} (median of ${RUNS}):`);
  summary[kind] = {};
  for (const [tab, runs] of Object.entries(tabs)) {
    summary[kind][tab] = { ms: median(runs.map((r) => r.ms)), bytes: median(runs.map((r) => r.bytes)) };
    console.log(`  ${tab.padEnd(18)} ${String(summary[kind][tab].ms).padStart(6)} ms  ${String(summary[kind][tab].bytes).padStart(8)} bytes of chunks (decoded)`);
  }
}
await mkdir('target/bench', { recursive: true });
await writeFile('target/bench/on-demand.json', JSON.stringify({ runs: results, median: summary }, null, 2));
