// Issue 2: the first page shows the seed convention with its envelope and available balance.
import { test, expect } from '@playwright/test';

test('first start shows the seed convention and 5 000,00 € available', async ({ page }) => {
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(String(err)));

  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Relance');
  await expect(page.getByText('Communauté de Communes du Sud Territoire')).toBeVisible();
  await expect(page.getByText('du 27/11/2020 au 31/12/2021')).toBeVisible();
  // No-break spaces, exactly as the domain formats them.
  await expect(page.getByTestId('envelope')).toHaveText('5\u00a0000,00\u00a0€');
  await expect(page.getByTestId('available')).toHaveText('5\u00a0000,00\u00a0€');
  expect(errors).toEqual([]);
});
