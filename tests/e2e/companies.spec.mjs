// Issue 16: the companies tab searches a folded index and shows a page of 25 companies at a time,
// each with its number of actions; a new search starts at the first page. (Its speed at 20,000
// companies is measured by scripts/bench-browser.mjs, not asserted here.)
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { App } from './app.mjs';

const FILE = 'target/e2e-companies.json';

test('the companies list pages by 25, counts each company’s actions, and a search starts at page 1', async ({ page }) => {
  execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'gen_stored', '--', '60', '40', FILE], { stdio: 'inherit' });
  const text = readFileSync(FILE, 'utf8');
  const ledger = JSON.parse(text).ledger;
  const ids = Object.keys(ledger.companies).sort();
  const actionsOf = (id) => Object.values(ledger.actions).filter((a) => a.company === id).length;
  const app = new App(page);
  await app.open();
  await app.actAs('CMA', 'Marie Conseil');
  // The generated record replaces the seed convention's, as the app stores it; then a reload.
  await page.evaluate(async (text) => {
    const key = JSON.parse(text).ledger.convention.id;
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('relance'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    await new Promise((ok, ko) => { const tx = db.transaction('ledgers', 'readwrite'); tx.objectStore('ledgers').put(text, key); tx.oncomplete = ok; tx.onerror = () => ko(tx.error); });
    db.close();
  }, text);
  await page.reload();
  await app.tab('Entreprises');
  const rows = page.locator('table.list tbody tr');
  await expect(rows).toHaveCount(25);
  const pager = page.getByRole('navigation', { name: 'Pages' });
  await expect(pager).toContainText('Page 1 sur 3');
  // The first row is the first company, with its own number of actions.
  const first = ledger.companies[ids[0]];
  await expect(rows.first().locator('td').first()).toHaveText(first.name);
  await expect(rows.first().locator('td').nth(6)).toHaveText(String(actionsOf(ids[0])));

  await pager.getByRole('button', { name: 'Page suivante' }).click();
  await pager.getByRole('button', { name: 'Page suivante' }).click();
  await expect(pager).toContainText('Page 3 sur 3');
  await expect(rows).toHaveCount(10);

  // A new search starts again at the first page ("e": in nearly every company's text).
  const searched = (c) => `${c.name} ${c.siret} ${c.commune} ${c.activity}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const withE = ids.filter((id) => searched(ledger.companies[id]).includes('e')).length;
  await page.getByLabel('Rechercher (nom, SIRET, commune, activité)').fill('E');
  await expect(pager).toContainText(`Page 1 sur ${Math.ceil(withE / 25)}`);

  // A search (any case, no accents) narrows the list.
  const commune = ledger.companies[ids[0]].commune;
  const expected = ids.filter((id) => ledger.companies[id].commune === commune).length;
  const folded = commune.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
  await page.getByLabel('Rechercher (nom, SIRET, commune, activité)').fill(folded);
  await expect(rows).toHaveCount(Math.min(expected, 25));
  for (const cell of await rows.locator('td:nth-child(3)').allTextContents()) expect(cell).toBe(commune);
  if (expected <= 25) await expect(pager).toHaveCount(0);

  await page.getByLabel('Rechercher (nom, SIRET, commune, activité)').fill('aucune entreprise ne porte ce nom');
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('Aucune entreprise.')).toBeVisible();
});
