// Issue 2: the first page shows the seed convention with its envelope and available balance.
import { test, expect } from '@playwright/test';

test('first start shows the seed convention and 5 000,00 € available', async ({ page }) => {
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(String(err)));

  await page.goto('./');
  await expect(page.locator('#boot-frame')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Relance');
  await expect(page.getByText('Communauté de Communes du Sud Territoire')).toBeVisible();
  await expect(page.getByText('du 27/11/2020 au 31/12/2021')).toBeVisible();
  // No-break spaces, exactly as the domain formats them.
  await expect(page.getByTestId('envelope')).toHaveText('5\u00a0000,00\u00a0€');
  await expect(page.getByTestId('available')).toHaveText('5\u00a0000,00\u00a0€');
  expect(errors).toEqual([]);
});

// Issue 15: something meaningful is painted before the wasm has arrived, and the app replaces it
// without moving anything on screen.
test('before the wasm arrives the page says what Relance is; the app then replaces it without a layout shift', async ({ page }) => {
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.addInitScript(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto('./');
  const frame = page.locator('#boot-frame');
  await expect(frame.getByRole('heading', { name: 'Chargement de Relance…' })).toBeVisible();
  await expect(frame).toContainText('du premier contact avec une entreprise jusqu\'au paiement');
  release();
  await expect(page.getByRole('heading', { name: 'Qui êtes-vous ?' })).toBeVisible();
  await expect(frame).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.__shifts)).toBeLessThanOrEqual(0.02);
});
