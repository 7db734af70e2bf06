// Issue 14 (a part: the monthly table issued each month, art. 3.4): a complete month is issued as
// it stands; a late record changes nothing in it (its CSV is byte-identical) and the difference is
// shown; the dashboard reminds the month to issue.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { App, euros } from './app.mjs';

async function exportIssued(page, label) {
  const waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: `Exporter le tableau de ${label} (CSV)` }).click();
  const d = await waiting;
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

test('a month issued is kept as it was; a late record shows as a difference', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
  await app.createActionWithDevis('Menuiserie Durand', 2);
  await app.saved();

  // The dashboard reminds the convention's last month, not issued yet.
  await app.tab('Tableau de bord');
  await expect(page.getByRole('status', { name: 'Alertes' })).toContainText("Le tableau de suivi de 12/2021 n'est pas encore arrêté");

  await app.tab('Suivi mensuel');
  const issued = page.getByTestId('issued-tables');
  await issued.getByLabel('Mois à arrêter').selectOption({ label: '01/2021' });
  await issued.getByRole('button', { name: 'Arrêter le tableau de ce mois' }).click();
  await app.saved();
  await expect(issued.getByTestId('issued-table')).toContainText('Tableau de 01/2021 – arrêté le');
  await expect(issued.getByTestId('issued-table')).toContainText('par Marie Conseillère (CMA BFC)');
  await expect(issued.getByLabel('Mois à arrêter').locator('option', { hasText: '01/2021' })).toHaveCount(0);
  const before = await exportIssued(page, '01/2021');
  expect(before.name).toMatch(/^suivi-mensuel-arrete-2021-01_/);
  expect(before.bytes.toString('utf8')).toContain('Tableau de 01/2021 arrêté le');

  // A late engagement, dated in January.
  await app.actAs('CCST', 'Paul Agent');
  await app.openFirst('Devis envoyé');
  await app.step('Engager', '2021-01-25');
  await app.saved();
  await app.tab('Suivi mensuel');
  await expect(issued).toContainText('Saisies tardives');
  await expect(issued).toContainText(euros("01/2021 : engagé 0,00 € au tableau arrêté, 1 200,00 € aujourd'hui"));
  const after = await exportIssued(page, '01/2021');
  expect(after.bytes.equals(before.bytes)).toBe(true);
});
