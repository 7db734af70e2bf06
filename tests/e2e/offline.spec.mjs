// Issue 6: offline first, hosted anywhere, with a strict Content-Security-Policy.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { A11Y_TAGS, App, controlled, euros, rawRecord } from './app.mjs';
import { SUBPATH, SUBPATH_PORT } from './playwright.config.mjs';

/** A page in a browser that runs no service worker, the app open as a CMA adviser; its errors. */
async function withoutWorker(browser) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  return { context, page, errors, app };
}

async function offlineJourney(page, context, url) {
  const app = new App(page);
  await app.open(url);
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Atelier Bleu', siret: '73282932000074', commune: 'Joncherey' });
  await app.saved();
  await controlled(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline')).toContainText('Hors connexion');
  await expect(page.getByTestId('available')).toHaveText(euros('5 000,00 €'));
  await app.tab('Entreprises');
  await expect(page.getByRole('row', { name: /Atelier Bleu/ })).toBeVisible();
  // A new record, offline, still there after another offline reload.
  await app.createCompany({ name: 'Fromagerie Hors Ligne', siret: '44306184100047', commune: 'Réchésy' });
  await app.saved();
  await page.reload();
  await app.tab('Entreprises');
  await expect(page.getByRole('row', { name: /Fromagerie Hors Ligne/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Atelier Bleu/ })).toBeVisible();
  // The screens downloaded on demand, never opened online, come from the worker's cache.
  await app.tab('Journal');
  await expect(page.getByRole('heading', { name: 'Journal de la convention' })).toBeVisible();
  await app.tab('Sauvegarde');
  await expect(page.getByRole('button', { name: 'Télécharger une sauvegarde complète' })).toBeVisible();
  await expect(page.getByTestId('screen-unavailable')).toHaveCount(0);
  await context.setOffline(false);
  await expect(page.getByTestId('offline')).toHaveCount(0);
}

test('after one visit the app loads and works offline', async ({ page, context }) => {
  await offlineJourney(page, context, './');
});

test('the same offline journey with the app under a sub-path', async ({ page, context }) => {
  await offlineJourney(page, context, `http://127.0.0.1:${SUBPATH_PORT}${SUBPATH}`);
  // Every URL stayed under the sub-path: the manifest and worker scope are relative.
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel="manifest"]');
    const res = await fetch(link.href);
    return { url: res.url, body: await res.json() };
  });
  expect(manifest.url).toBe(`http://127.0.0.1:${SUBPATH_PORT}${SUBPATH}manifest.webmanifest`);
  expect(manifest.body.start_url).toBe('./');
  expect(manifest.body.scope).toBe('./');
  expect(manifest.body.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(`http://127.0.0.1:${SUBPATH_PORT}${SUBPATH}`);
});

test('a browser that refuses service workers still runs the app, and reloads keep the data', async ({ browser }) => {
  const { context, page, errors, app } = await withoutWorker(browser);
  await app.createCompany({ name: 'Atelier Sans Worker', siret: '73282932000074', commune: 'Delle' });
  await app.saved();
  // The second start takes the records read early by the page.
  await page.reload();
  await expect(page.getByTestId('available')).toHaveText(euros('5 000,00 €'));
  await app.tab('Entreprises');
  await expect(page.getByRole('row', { name: /Atelier Sans Worker/ })).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});

test('a screen whose code cannot be downloaded says so in French and loads on retry; the rest works', async ({ browser }) => {
  // No service worker: the first visit cut short, before the worker has cached the screens.
  const { context, page, errors, app } = await withoutWorker(browser);
  let blocked = 0;
  await page.route(/split_journal-[0-9a-f]+\.wasm$/, (route) => {
    blocked++;
    return route.abort('internetdisconnected');
  });
  await app.tab('Journal');
  const missing = page.getByTestId('screen-unavailable');
  await expect(missing).toContainText("Cet écran n'a pas pu être chargé");
  expect(blocked).toBeGreaterThan(0);
  // Accessible like every other screen (a11y.spec.mjs's rules).
  const { violations } = await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  // The rest of the app is untouched: no crash message, the other tabs work.
  await expect(page.getByTestId('crash')).toHaveCount(0);
  await app.tab('Tableau de bord');
  await expect(page.getByTestId('available')).toHaveText(euros('5 000,00 €'));
  await app.tab('Journal');
  await expect(missing).toBeVisible();
  // Back online: "Réessayer" downloads it and the screen works.
  await page.unroute(/split_journal-[0-9a-f]+\.wasm$/);
  await missing.getByRole('button', { name: 'Réessayer' }).click();
  await expect(page.getByRole('heading', { name: 'Journal de la convention' })).toBeVisible();
  await expect(missing).toHaveCount(0);
  await page.getByRole('button', { name: 'Nouveau rendez-vous' }).click();
  await expect(page.getByRole('button', { name: 'Enregistrer', exact: true })).toBeVisible();
  expect(errors.filter((e) => !/split_journal|Failed to fetch|internet/i.test(e))).toEqual([]);
  await context.close();
});

test('a first visit downloads no code to read or write records; the first change brings it, and is saved', async ({ browser }) => {
  // Issue 26: a first visit has nothing stored, so the code reading stored records is not
  // downloaded, and the seed convention is written at its first change, not at start-up.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => {
    const chunk = /split_(reading|writing)-[0-9a-f]+\.wasm$/.exec(r.url());
    if (chunk) fetched.push(chunk[1]);
  });
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await expect(page.getByTestId('available')).toHaveText(euros('5 000,00 €'));
  await page.waitForTimeout(1000);
  expect(fetched).toEqual([]);
  expect(await rawRecord(page, 'ccst-cma-2020')).toBeUndefined();
  // The first change: the writing code comes, the convention is written.
  await app.createCompany({ name: 'Atelier Premier', siret: '73282932000074', commune: 'Delle' });
  await app.saved();
  expect(fetched).toEqual(['writing']);
  expect(JSON.parse(await rawRecord(page, 'ccst-cma-2020')).ledger.companies).toBeTruthy();
  // The next visit reads it.
  await page.reload();
  await app.tab('Entreprises');
  await expect(page.getByRole('row', { name: /Atelier Premier/ })).toBeVisible();
  expect(fetched).toEqual(['writing', 'reading']);
  await context.close();
});

test('stored data whose reading code cannot be downloaded: said in French, nothing shown as empty, nothing written; « Réessayer » opens it', async ({ browser }) => {
  const { context, page, errors, app } = await withoutWorker(browser);
  await app.createCompany({ name: 'Atelier Gardé', siret: '73282932000074', commune: 'Delle' });
  await app.saved();
  // The step is signed just after the gesture, in a second write: the record as it stays.
  await expect.poll(() => rawRecord(page, 'ccst-cma-2020')).toContain('"seal"');
  await app.saved();
  const before = await rawRecord(page, 'ccst-cma-2020');
  // The next visit, offline for that one file (a build replaced since, or the network cut).
  await page.route(/split_reading-[0-9a-f]+\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.reload();
  const missing = page.getByTestId('reader-unavailable');
  await expect(missing).toContainText("Vos données n'ont pas pu être ouvertes");
  await expect(missing).toContainText('Rien n\'a été modifié');
  // Not the empty seed convention as if storage held nothing, and no tab to change anything.
  await expect(page.getByTestId('available')).toHaveCount(0);
  await expect(page.getByRole('navigation')).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  expect(await rawRecord(page, 'ccst-cma-2020')).toBe(before);
  // Back online: « Réessayer » reads the data.
  await page.unroute(/split_reading-[0-9a-f]+\.wasm$/);
  await missing.getByRole('button', { name: 'Réessayer' }).click();
  await app.tab('Entreprises');
  await expect(page.getByRole('row', { name: /Atelier Gardé/ })).toBeVisible();
  await expect(missing).toHaveCount(0);
  expect(await rawRecord(page, 'ccst-cma-2020')).toBe(before);
  expect(errors.filter((e) => !/split_reading|Failed to fetch|internet/i.test(e))).toEqual([]);
  await context.close();
});

test('the page runs under its CSP with no violation', async ({ page }) => {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const app = new App(page);
  await app.open();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/https?:/);
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Atelier CSP', siret: '73282932000074', commune: 'Delle' });
  await app.createActionWithDevis('Atelier CSP', 2);
  await app.tab('Tableau de bord');
  await expect(page.getByTestId('gauge')).toBeVisible();
  // A screen downloaded on demand (its loader module and wasm chunks) runs under the same policy.
  await app.tab('Journal');
  await expect(page.getByRole('heading', { name: 'Journal de la convention' })).toBeVisible();
  // Subresource Integrity is kept on Trunk's assets.
  expect(await page.locator('link[rel="modulepreload"]').getAttribute('integrity')).toMatch(/^sha384-/);
  // An inline script that is not Trunk's loader is refused.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.body.appendChild(s);
  });
  expect(await page.evaluate(() => window.__injected)).toBeUndefined();
  const violations = await page.evaluate(() => window.__violations);
  expect(violations).toEqual(['script-src-elem inline']);
});

test('a new build is picked up after the user accepts the update', async ({ page }) => {
  // Two deployments of the same site: the current build, then a build with a change.
  const root = await mkdtemp(join(tmpdir(), 'relance-update-'));
  const site = join(root, 'site');
  await cp('dist', site, { recursive: true });
  const port = 4175;
  const server = spawn('node', ['tests/e2e/static-server.mjs', site, String(port), '/'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const app = new App(page);
    await app.open(`http://127.0.0.1:${port}/`);
    await controlled(page);
    await expect(page).toHaveTitle('Relance – suivi de convention CMA – CCST');

    // The second build: its index.html changed, so post-build gives it a new worker and cache.
    const next = join(root, 'next');
    await cp('dist', next, { recursive: true });
    const index = join(next, 'index.html');
    await writeFile(index, (await readFile(index, 'utf8')).replace('<title>Relance –', '<title>Relance (nouvelle version) –'));
    await new Promise((resolve, reject) =>
      spawn('node', ['scripts/post-build.mjs', next], { stdio: 'inherit' }).on('exit', (c) => (c === 0 ? resolve() : reject(c))),
    );
    await rm(site, { recursive: true });
    await cp(next, site, { recursive: true });

    // Still the old build until the user says so; then the whole new build.
    await page.reload();
    await expect(page).toHaveTitle('Relance – suivi de convention CMA – CCST');
    await expect(page.getByTestId('update')).toContainText('Une nouvelle version de Relance est prête.');
    await page.getByRole('button', { name: 'Mettre à jour maintenant' }).click();
    await expect(page).toHaveTitle('Relance (nouvelle version) – suivi de convention CMA – CCST');
    await expect(page.getByTestId('available')).toHaveText(euros('5 000,00 €'));
    const caches = await page.evaluate(() => caches.keys());
    expect(caches).toHaveLength(1);
  } finally {
    server.kill();
    await rm(root, { recursive: true, force: true });
  }
});

test('a host sending the pre-compressed copies serves the same app', async ({ page }) => {
  const wasm = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(r);
  });
  await page.goto(`http://127.0.0.1:${SUBPATH_PORT}${SUBPATH}`);
  await expect(page.getByRole('heading', { name: 'Qui êtes-vous ?' })).toBeVisible();
  expect(wasm.length).toBeGreaterThan(0);
  expect(['br', 'gzip']).toContain((await wasm[0].allHeaders())['content-encoding']);
});

// Issue 26: screens ready before they are opened.
const PREFETCHED = ['companies', 'actions', 'monthly', 'bilan', 'journal', 'network', 'exchange', 'conventions', 'backup', 'requests', 'documents'];

/** The app open as a CMA adviser with the worker allowed; the screens' chunks it requests. */
async function withWorker(browser, { saveData }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (saveData) {
    // The browser's data saver, as a page reads it (navigator.connection.saveData).
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'connection', { configurable: true, get: () => ({ saveData: true }) }));
  }
  const requested = [];
  const fromWorker = [];
  page.on('request', (r) => {
    const m = /\/split_([a-z_]+)-[0-9a-f]+\.wasm$/.exec(r.url());
    if (m) requested.push(m[1]);
  });
  page.on('response', (r) => {
    if (/\/(split|chunk)_[a-z0-9_]+-[0-9a-f]+\.wasm$/.test(r.url())) fromWorker.push(r.fromServiceWorker());
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await controlled(page);
  return { context, page, app, requested, fromWorker, errors };
}

test('once the worker holds the build, every screen is fetched before it is opened, and opens without a fetch', async ({ browser }) => {
  const { context, page, app, requested, fromWorker, errors } = await withWorker(browser, { saveData: false });
  await expect.poll(() => PREFETCHED.filter((c) => requested.includes(c)), { timeout: 20_000 }).toEqual(PREFETCHED);
  // From the worker's cache: nothing downloaded twice.
  await expect.poll(() => fromWorker.length).toBeGreaterThanOrEqual(PREFETCHED.length);
  expect(fromWorker.every(Boolean)).toBe(true);
  const before = requested.length;
  for (const [tab, heading] of [['Entreprises', 'Entreprises bénéficiaires'], ['Actions', 'Actions'], ['Suivi mensuel', /Tableau de suivi mensuel/], ['Journal', 'Journal de la convention'], ['Échanges', "Envoyer à l'autre partie"], ['Conventions', 'Conventions']]) {
    await app.tab(tab);
    await expect(page.getByRole('heading', { name: heading, exact: true }).or(page.getByRole('heading', { name: heading })).first()).toBeVisible();
    await expect(page.getByText("Chargement de l'écran…")).toHaveCount(0);
  }
  // Nothing more was fetched: each screen's code was there.
  expect(requested.slice(before)).toEqual([]);
  // A later visit: the worker controls the page from its start. Nothing is fetched ahead in the
  // first seconds, nor while the user clicks: a tab opened then is fetched at its opening. Once
  // the user has been still for 5 s, the other screens are fetched.
  const seen = requested.length;
  await page.reload();
  await expect(page.getByTestId('available')).toBeVisible();
  await page.waitForTimeout(3_000);
  expect(requested.slice(seen)).toEqual([]);
  await app.tab('Bilan');
  await expect(page.getByRole('heading', { name: /Bilan/ }).first()).toBeVisible();
  expect(requested.slice(seen)).toEqual(['bilan']);
  await page.waitForTimeout(3_000);
  expect(requested.slice(seen)).toEqual(['bilan']);
  await expect.poll(() => PREFETCHED.filter((c) => requested.slice(seen).includes(c)), { timeout: 20_000 }).toEqual(PREFETCHED);
  expect(errors).toEqual([]);
  await context.close();
});

test('with the data saver on, no screen is fetched before it is opened', async ({ browser }) => {
  const { context, page, app, requested, errors } = await withWorker(browser, { saveData: true });
  // The worker controls the page: a prefetch would start once the user has been still for 5 s;
  // give it time to show.
  await page.waitForTimeout(8_000);
  expect(PREFETCHED.filter((c) => requested.includes(c))).toEqual([]);
  await app.tab('Journal');
  await expect(page.getByRole('heading', { name: 'Journal de la convention' })).toBeVisible();
  expect(requested).toContain('journal');
  expect(errors).toEqual([]);
  await context.close();
});
