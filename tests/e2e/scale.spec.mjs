// Issue 7: the demo mode, opened from the page, never mixes with real data; a 10,000-action
// exchange file is imported with its progress shown, and a reload loses nothing. (Speed is measured
// by scripts/bench-browser.mjs, not asserted here.)
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { App, answerPreview, euros } from './app.mjs';

const RECORDS = 10_000;
const FILE = `target/bench/echange-${RECORDS}.json`;

test('the demo opens from the page in its own database and leaves real data alone', async ({ page, context }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA', 'Marie Conseil');
  await expect(await app.available()).toHaveText(euros('5 000,00 €'));
  // A real record (the seed convention is written at its first change).
  await app.createCompany({ name: 'Atelier Réel', siret: '73282932000074', commune: 'Delle' });
  await app.saved();
  await app.tab('Tableau de bord');

  const [demo] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('link', { name: /mode démo/ }).click(),
  ]);
  await expect(demo.getByTestId('demo')).toContainText('Mode démo : 1000 actions fictives sur 110 conventions');
  await expect(demo.locator('#convention-picker option')).toHaveCount(110);
  await expect(demo.getByTestId('available')).not.toHaveText(euros('5 000,00 €'));
  // The demo has no link to itself, and offers the way back.
  await expect(demo.getByRole('link', { name: /mode démo/ })).toHaveCount(0);
  await expect(demo.getByRole('link', { name: 'Quitter la démo' })).toBeVisible();
  await demo.close();

  await page.reload();
  await expect(await app.available()).toHaveText(euros('5 000,00 €'));
  await expect(page.locator('#convention-picker option')).toHaveCount(1);
  await app.tab('Actions');
  await expect(page.getByTestId('action-count')).toHaveText('0 action(s)');
  // The real database holds only the real convention.
  const keys = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('relance');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const all = db.transaction('ledgers', 'readonly').objectStore('ledgers').getAllKeys();
      all.onsuccess = () => { resolve(all.result); db.close(); };
      all.onerror = () => reject(all.error);
    };
  }));
  expect(keys).toEqual(['ccst-cma-2020']);
});

test('a 10,000-action file is imported with its progress shown, and a reload loses nothing', async ({ page }) => {
  test.setTimeout(180_000);
  execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'gen_exchange', '--', String(RECORDS), FILE], { stdio: 'inherit' });
  const app = new App(page);
  await app.open();
  await app.actAs('CCST', 'Paul Agent');
  await app.tab('Échanges');
  // Every text the progress line shows, as it changes.
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const line = document.querySelector('[data-testid="import-busy"]');
      const text = line?.textContent.trim();
      if (text && text !== window.__progress.at(-1)) window.__progress.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByLabel("Fichier d'échange (.json)").setInputFiles(FILE);
  await expect(page.getByTestId('import-preview')).toBeVisible({ timeout: 60_000 });
  const seen = await page.evaluate(() => window.__progress);
  const percents = seen.map((t) => t.match(/Vérification du fichier : (\d+) %/)?.[1]).filter(Boolean).map(Number);
  expect(percents.filter((p) => p > 0 && p < 100).length, `progress seen: ${seen.join(' | ')}`).toBeGreaterThanOrEqual(3);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
  expect(seen.at(-1)).toBe('Préparation de l\'aperçu…');
  await expect(page.getByTestId('import-busy')).toHaveCount(0);
  // Demo data, as a version before signatures wrote it: its steps taken on the user's consent.
  await answerPreview(app);

  await page.getByRole('button', { name: "Confirmer l'import" }).click();
  await expect(page.getByText(/^Import effectué/)).toBeVisible({ timeout: 60_000 });
  await app.saved();
  const available = await (await app.available()).textContent();
  await app.tab('Actions');
  await expect(page.getByTestId('action-count')).toHaveText(`${RECORDS} action(s)`);

  await page.reload();
  await expect(page.locator('#boot-frame')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Relance');
  await expect(await app.available()).toHaveText(available);
  await app.tab('Actions');
  await expect(page.getByTestId('action-count')).toHaveText(`${RECORDS} action(s)`);
});

test('choosing another file while a large one is being checked keeps only the last choice', async ({ page }) => {
  execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'gen_exchange', '--', String(RECORDS), FILE], { stdio: 'inherit' });
  const app = new App(page);
  await app.open();
  await app.actAs('CCST', 'Paul Agent');
  await app.tab('Échanges');
  const input = page.getByLabel("Fichier d'échange (.json)");
  await input.setInputFiles(FILE);
  await expect(page.getByText(/Vérification du fichier : \d+ %/)).toBeVisible();
  await input.setInputFiles('docs/exemple-echange.json');
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('import-busy')).toHaveCount(0);
  await answerPreview(app);
  // Long enough for the first reading to have finished had it gone on.
  await page.waitForTimeout(2_000);
  await expect(page.getByTestId('import-preview')).toContainText('Nouvelles actions (2)');
  await expect(page.getByTestId('import-preview')).not.toContainText(`(${RECORDS})`);
  await page.getByRole('button', { name: "Confirmer l'import" }).click();
  await expect(page.getByText(/^Import effectué/)).toBeVisible();
  await app.tab('Actions');
  await expect(page.getByTestId('action-count')).toHaveText('2 action(s)');
});
