// Issue 7 (load): the active convention's dashboard is shown first, read before the other
// conventions; nothing can be changed until every convention is read, and an unreadable record
// found then still stops start-up. The page's early read is held here until the test lets it go,
// so that the first look can be seen for as long as needed.
import { test, expect } from '@playwright/test';
import { App, euros, rawRecord } from './app.mjs';

/** Holds the page's early read of every record until `releaseEarlyRead(page)`. */
async function holdEarlyRead(page) {
  await page.addInitScript(() => {
    let held;
    Object.defineProperty(window, 'relanceEarlyRead', {
      configurable: true,
      get: () => held,
      set: (promise) => {
        held = promise.then((read) => new Promise((resolve) => {
          window.__releaseEarlyRead = () => resolve(read);
        }));
      },
    });
  });
}

const releaseEarlyRead = (page) =>
  page.waitForFunction(() => (window.__releaseEarlyRead ? (window.__releaseEarlyRead(), true) : false));

test('the convention last shown is on screen before the others are read, and inert until then', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./?demo=300');
  await expect(page.locator('#convention-picker option')).toHaveCount(110);
  // Another convention than the first, chosen by the user: the one shown first next time.
  const picker = page.locator('#convention-picker');
  const chosen = await picker.locator('option').nth(37).getAttribute('value');
  await picker.selectOption(chosen);
  const available = await page.getByTestId('available').textContent();
  const title = await page.locator('#convention-title').textContent();

  await holdEarlyRead(page);
  await page.reload();
  const screen = page.locator('.main-screen');
  await expect(page.getByTestId('available')).toHaveText(available);
  await expect(page.locator('#convention-title')).toHaveText(title);
  await expect(page.getByRole('status').filter({ hasText: 'Chargement de toutes les conventions…' })).toBeVisible();
  await expect(screen).toHaveAttribute('inert', '');
  await expect(screen).toHaveAttribute('aria-busy', 'true');
  // A click does not reach the tabs: they cannot be used yet.
  const tab = page.locator('nav.tabs button', { hasText: 'Actions' });
  await expect(tab.click({ timeout: 1_000 })).rejects.toThrow();
  await expect(page.locator('nav.tabs button[aria-current="page"]')).toHaveText('Tableau de bord');

  await releaseEarlyRead(page);
  await expect(screen).not.toHaveAttribute('inert');
  await expect(screen).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByText('Chargement de toutes les conventions…')).toHaveCount(0);
  await expect(page.locator('#convention-picker option')).toHaveCount(110);
  await expect(picker).toHaveValue(chosen);
  await expect(page.getByTestId('available')).toHaveText(available);
  await tab.click();
  await expect(page.getByTestId('action-count')).toBeVisible();
});

test('an unreadable record found after the first look stops start-up and is left as it was', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA', 'Marie Conseil');
  await expect(await app.available()).toHaveText(euros('5 000,00 €'));
  // A stored convention to look at first (the seed is written at its first change).
  await app.createCompany({ name: 'Atelier Premier', siret: '73282932000074', commune: 'Delle' });
  await app.saved();
  await app.tab('Tableau de bord');
  const broken = '{"format":"relance-ledger","version":1,"revision":';
  await rawRecord(page, 'zz-autre-convention', broken);
  const original = await rawRecord(page, 'ccst-cma-2020');

  await holdEarlyRead(page);
  await page.reload();
  await expect(page.getByTestId('available')).toHaveText(euros('5 000,00 €'));
  await expect(page.locator('.main-screen')).toHaveAttribute('inert', '');

  await releaseEarlyRead(page);
  await expect(page.getByRole('heading', { name: 'Les données enregistrées ne peuvent pas être ouvertes' })).toBeVisible();
  await expect(page.getByTestId('problem')).toHaveText(/^Données illisibles/);
  await expect(page.getByText('Convention « zz-autre-convention » :')).toBeVisible();
  await expect(page.getByTestId('available')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await rawRecord(page, 'zz-autre-convention')).toBe(broken);
  expect(await rawRecord(page, 'ccst-cma-2020')).toBe(original);
});
