// Issue 15: on a tablet, each export (exchange file, CSV, backup) can be handed to the device's
// share sheet. Tested with a stubbed Web Share API (level 2) that records the file it receives;
// without it (desktop Chromium), only the download shows.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { App } from './app.mjs';

/** Makes the page's browser one that shares files, recording each file shared. */
async function stubShare(page) {
  await page.addInitScript(() => {
    window.__shared = [];
    Object.defineProperty(navigator, 'canShare', {
      configurable: true,
      value: (data) => Boolean(data && Array.isArray(data.files) && data.files.length > 0),
    });
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: async (data) => {
        const f = data.files[0];
        window.__shared.push({ name: f.name, type: f.type, bytes: Array.from(new Uint8Array(await f.arrayBuffer())) });
      },
    });
  });
}

async function lastShared(page) {
  await expect.poll(() => page.evaluate(() => window.__shared.length)).toBeGreaterThan(0);
  const shared = await page.evaluate(() => window.__shared.pop());
  return { ...shared, bytes: Buffer.from(shared.bytes) };
}

async function download(page, button) {
  const waiting = page.waitForEvent('download');
  await button.click();
  const d = await waiting;
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

test('each export can be sent through the share sheet, the same file as the download', async ({ page }) => {
  await stubShare(page);
  const app = new App(page);
  await app.startWithOneDevis(2);

  // The monthly table and the list of actions (CSV): byte for byte the download.
  await app.tab('Suivi mensuel');
  for (const [what, label] of [
    ['le suivi mensuel (CSV)', 'Exporter le suivi mensuel (CSV)'],
    ['la liste des actions (CSV)', 'Exporter la liste des actions (CSV)'],
  ]) {
    await page.getByRole('button', { name: `Envoyer… ${what}` }).click();
    const shared = await lastShared(page);
    const downloaded = await download(page, page.getByRole('button', { name: label }));
    expect(shared.name).toBe(downloaded.name);
    expect(shared.type).toBe('text/csv;charset=utf-8');
    expect(shared.bytes.equals(downloaded.bytes)).toBe(true);
  }

  // The exchange file: the same records (its creation time is to the second).
  await app.tab('Échanges');
  await page.getByRole('button', { name: "Envoyer… le fichier d'échange" }).click();
  const shared = await lastShared(page);
  const downloaded = await download(page, page.getByRole('button', { name: 'Exporter pour CCST' }));
  expect(shared.name).toBe(downloaded.name);
  expect(shared.type).toBe('application/json');
  const [a, b] = [JSON.parse(shared.bytes.toString('utf8')), JSON.parse(downloaded.bytes.toString('utf8'))];
  expect(a.checksum).toBe(b.checksum);
  expect(a.content).toEqual(b.content);

  // The backup.
  await app.tab('Sauvegarde');
  await page.getByRole('button', { name: 'Envoyer… la sauvegarde complète' }).click();
  const backup = await lastShared(page);
  const saved = await download(page, page.getByRole('button', { name: 'Télécharger une sauvegarde complète' }));
  expect(backup.name).toBe(saved.name);
  // The same data (each ledger's record also says when it was written).
  const ledgers = (file) => JSON.parse(file.bytes.toString('utf8')).ledgers.map((l) => l.ledger);
  expect(ledgers(backup)).toEqual(ledgers(saved));
});

test('a browser that cannot share files shows only the downloads', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  for (const tab of ['Suivi mensuel', 'Échanges', 'Sauvegarde']) {
    await app.tab(tab);
    await expect(page.getByRole('button', { name: /^Envoyer…/ })).toHaveCount(0);
  }
});
