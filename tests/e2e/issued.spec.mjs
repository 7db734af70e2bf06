// Issue 14 (a part: the monthly table issued each month, art. 3.4): a complete month is issued as
// it stands; a late record changes nothing in it (its CSV is byte-identical) and the difference is
// shown; the dashboard reminds the month to issue.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, euros } from './app.mjs';

async function exportIssued(page, label) {
  const waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: `Exporter le tableau de ${label} (CSV)` }).click();
  const d = await waiting;
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

test('a month issued is kept as it was; a late record shows as a difference', async ({ page }) => {
  const app = new App(page);
  await app.startWithOneDevis(2);

  // The dashboard reminds the first complete month not issued yet (the tables are issued in
  // order): the signature's month; the monthly tab proposes it first.
  await app.tab('Tableau de bord');
  await expect(page.getByRole('status', { name: 'Alertes' })).toContainText("Le tableau de suivi de 11/2020 n'est pas encore arrêté");

  await app.tab('Suivi mensuel');
  const issued = page.getByTestId('issued-tables');
  await expect(issued.getByLabel('Mois à arrêter')).toHaveValue('2020-11');
  // Final: the button asks first, and saying no changes nothing.
  await issued.getByRole('button', { name: 'Arrêter le tableau de ce mois' }).click();
  const ask = issued.getByTestId('confirm-issue');
  await expect(ask).toContainText('Arrêter définitivement le tableau de 11/2020 ?');
  await expect(ask).toContainText('ne pourra plus être modifié');
  await ask.getByRole('button', { name: 'Renoncer' }).click();
  await expect(ask).toHaveCount(0);
  await expect(issued.getByTestId('issued-table')).toHaveCount(0);
  await issued.getByRole('button', { name: 'Arrêter le tableau de ce mois' }).click();
  await ask.getByRole('button', { name: 'Arrêter définitivement' }).click();
  await app.saved();
  await expect(issued.getByLabel('Mois à arrêter')).toHaveValue('2020-12');
  await app.tab('Tableau de bord');
  await expect(page.getByRole('status', { name: 'Alertes' })).toContainText("Le tableau de suivi de 12/2020 n'est pas encore arrêté");
  await app.tab('Suivi mensuel');
  await issued.getByLabel('Mois à arrêter').selectOption({ label: '01/2021' });
  await issued.getByRole('button', { name: 'Arrêter le tableau de ce mois' }).click();
  await issued.getByTestId('confirm-issue').getByRole('button', { name: 'Arrêter définitivement' }).click();
  await app.saved();
  await expect(issued.getByTestId('issued-table').filter({ hasText: 'Tableau de 01/2021' })).toContainText('Tableau de 01/2021 – arrêté le');
  await expect(issued.getByTestId('issued-table').filter({ hasText: 'Tableau de 01/2021' })).toContainText('par Marie Conseillère (CMA BFC)');
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

  // Reprinted as it was issued: its figures, who issued it, the source; not today's.
  await page.getByRole('button', { name: 'Afficher et imprimer le tableau de 01/2021' }).click();
  await expect(page.getByTestId('issued-by')).toContainText('Tableau de 01/2021 arrêté le');
  const dir = await mkdtemp(join(tmpdir(), 'relance-issued-'));
  try {
    const pdf = join(dir, 'tableau.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString('utf8').replace(/\s+/g, ' ');
    expect(text).toContain('Tableau de 01/2021 arrêté le');
    expect(text).toContain('Source : CMA BFC – CCST, convention du 27/11/2020');
    expect(text).not.toContain('1 200,00');
    expect(text).not.toContain('Revenir au tableau actuel');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await page.getByRole('button', { name: 'Revenir au tableau actuel' }).click();
  await expect(page.getByTestId('issued-by')).toHaveCount(0);
  await expect(page.locator('table.monthly')).toContainText(euros('1 200,00 €'));
});
