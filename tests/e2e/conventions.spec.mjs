// Issue 25 (every convention at a glance): the conventions tab shows one line per convention —
// financer, period, envelope, engaged, available, what waits for the user's party — sortable,
// with totals equal to the sum of the dashboards, a CSV, and "Afficher" to open one. The demo's
// 110 conventions.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { App } from './app.mjs';

const amount = (text) => Number(text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.'));

test('every convention at a glance: sorted, totalled, exported, each opened in one click', async ({ page }) => {
  const app = new App(page);
  await app.open('./?demo=1000');
  await app.actAs('CCST', 'Paul Agent');
  await app.tab('Conventions');
  const table = page.getByTestId('conventions');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(110);

  // Totals are the sums of the lines.
  const column = async (i) => (await rows.locator(`td:nth-of-type(${i})`).allTextContents()).map(amount);
  const sum = (xs) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
  const total = table.getByTestId('conventions-total');
  await expect(total.locator('th')).toHaveText('Total (110 conventions)');
  const totals = (await total.locator('td.num').allTextContents()).map(amount);
  expect(totals).toEqual([sum(await column(3)), sum(await column(4)), sum(await column(5))]);

  // Sorted by what is available, then the other way.
  await table.getByRole('button', { name: 'Disponible' }).click();
  await expect(table.getByRole('columnheader', { name: 'Disponible' })).toHaveAttribute('aria-sort', 'ascending');
  const available = await column(5);
  expect(available).toEqual([...available].sort((a, b) => a - b));
  await table.getByRole('button', { name: 'Disponible' }).click();
  await expect(table.getByRole('columnheader', { name: 'Disponible' })).toHaveAttribute('aria-sort', 'descending');

  // A line is its dashboard: open the first two and compare.
  for (const i of [0, 1]) {
    await app.tab('Conventions');
    const line = rows.nth(i);
    const [envelope, engaged, left] = (await line.locator('td.num').allTextContents());
    const title = await line.locator('th').textContent();
    await line.getByRole('button', { name: 'Afficher' }).click();
    await app.tab('Tableau de bord');
    await expect(page.locator('#convention-title')).toHaveText(title);
    await expect(page.getByTestId('envelope')).toHaveText(envelope);
    await expect(page.getByTestId('engaged')).toHaveText(engaged);
    await expect(page.getByTestId('available')).toHaveText(left);
  }

  // The CSV: a header, 110 lines, the total.
  await app.tab('Conventions');
  const waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter le tableau des conventions (CSV)' }).click();
  const text = await readFile(await (await waiting).path(), 'utf8');
  const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines).toHaveLength(112);
  expect(lines[0]).toBe('"Convention";"Financeur";"Début";"Fin";"Enveloppe (€)";"Engagé (€)";"Disponible (€)";"À faire"');
  expect(lines[111]).toMatch(/^"Total \(110 conventions\)"/);
});
