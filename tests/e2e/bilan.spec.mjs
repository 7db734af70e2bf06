// Issue 14 (parts: the bilan des actions, art. 1, and the follow-ups of actions, art. 2.3): the chamber
// records what became of a company once its service is done; after the end date the dashboard offers
// the final bilan; per fiche its figures equal the dashboard's and the monthly table's; it prints on A4 with
// page numbers and the source line and without buttons (pdftotext); its CSV opens in LibreOffice
// with numbers as numbers; at an earlier date it shows the actions as they stood then.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, euros, spreadsheet } from './app.mjs';

const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

/** The cells of row `name` of a bilan table, as text. */
async function cells(page, table, name) {
  return page.getByTestId(table).getByRole('row', { name: new RegExp(`^${name}`) }).locator('td').allTextContents();
}

test('the final bilan: offered after the end, equal to the dashboard, printed and exported', async ({ page }, testInfo) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-bilan-'));
  try {
    const app = new App(page);
    await app.open();
    await app.actAs('CMA BFC', 'Marie Conseillère');
    await app.createCompany({ name: 'Boulangerie Éclair', siret: '73282932000074', commune: 'Delle', activity: 'Boulangerie' });
    await app.createCompany({ name: 'Garage Vernier', siret: '55210055400005', commune: 'Beaucourt', activity: 'Garage' });
    await app.createActionWithDevis('Boulangerie Éclair', 2, { identified: '2021-03-01', sent: '2021-03-03' });
    await app.createActionWithDevis('Boulangerie Éclair', 1, { identified: '2021-03-01', sent: '2021-03-02' });
    await app.createActionWithDevis('Garage Vernier', 3, { identified: '2021-03-05', sent: '2021-03-09' });
    await app.actAs('CCST', 'Paul Agent');
    await app.tab('Actions');
    await page.getByLabel('Fiche', { exact: true }).selectOption('1');
    await page.locator('table.list tbody tr').first().getByRole('button').click();
    await app.step('Refuser le devis', '2021-03-10', async (p) => p.getByLabel('Raison').fill('Hors cible'));
    for (const fiche of ['2', '3']) {
      await app.tab('Actions');
      await page.getByLabel('Fiche', { exact: true }).selectOption(fiche);
      await page.locator('table.list tbody tr').first().getByRole('button').click();
      await app.step('Engager', '2021-03-13');
    }
    await app.actAs('CMA BFC', 'Marie Conseillère');
    await app.tab('Actions');
    await page.getByLabel('Fiche', { exact: true }).selectOption('2');
    await page.locator('table.list tbody tr').first().getByRole('button').click();
    await app.step('Service fait', '2021-04-12');
    await app.step('Facturer', '2021-04-22', async (p) => p.getByLabel('Numéro de facture').fill('F-2021-9'));
    await app.actAs('CCST', 'Paul Agent');
    await app.step('Payer', '2021-05-02');
    // The payer is not offered the chamber's follow-up (art. 2.3).
    await expect(page.getByRole('group', { name: 'Étapes possibles' }).getByRole('button', { name: 'Noter les résultats' })).toHaveCount(0);
    // What became of the company: the chamber records it once the service is done.
    await app.actAs('CMA BFC', 'Marie Conseillère');
    await app.step('Noter les résultats', '2021-06-15', async (p) => {
      await p.getByLabel('Plan d\'actions numérique personnalisé remis').check();
      await p.getByLabel(/^Commentaire/).fill('Site vitrine en ligne');
    });
    await expect(page.getByTestId('follow-ups')).toHaveText("15/06/2021 – Plan d'actions numérique personnalisé remis ; Site vitrine en ligne (Marie Conseillère)");
    await expect(page.locator('.history')).toContainText('Suite enregistrée – Marie Conseillère (CMA BFC)');
    await app.saved();

    // The convention ended on 31/12/2021: the dashboard offers the final bilan.
    await app.tab('Tableau de bord');
    const engagedOnDashboard = await page.getByTestId('engaged').textContent();
    const offer = page.getByTestId('final-bilan-offer');
    await expect(offer).toContainText('La convention a pris fin le 31/12/2021');
    await offer.getByRole('button', { name: 'Voir le bilan final' }).click();

    const bilan = page.getByTestId('bilan');
    await expect(bilan.getByRole('heading', { level: 2 })).toContainText('Bilan final des actions');
    // Engagées, €, service fait, €, facturées, €, payées, €, refusées, €, annulées, €.
    expect(await cells(page, 'bilan-fiches', 'Fiche 1')).toEqual(['0', '0,00 €', '0', '0,00 €', '0', '0,00 €', '0', '0,00 €', '1', '300,00 €', '0', '0,00 €'].map(euros));
    expect(await cells(page, 'bilan-fiches', 'Fiche 2')).toEqual(['1', '1 200,00 €', '1', '1 200,00 €', '1', '1 200,00 €', '1', '1 200,00 €', '0', '0,00 €', '0', '0,00 €'].map(euros));
    expect(await cells(page, 'bilan-fiches', 'Fiche 3')).toEqual(['1', '600,00 €', '0', '0,00 €', '0', '0,00 €', '0', '0,00 €', '0', '0,00 €', '0', '0,00 €'].map(euros));
    expect(await cells(page, 'bilan-fiches', 'Total')).toEqual(['2', '1 800,00 €', '1', '1 200,00 €', '1', '1 200,00 €', '1', '1 200,00 €', '1', '300,00 €', '0', '0,00 €'].map(euros));
    // The envelope as on the dashboard.
    await expect(bilan.getByTestId('engaged')).toHaveText(engagedOnDashboard);
    await expect(bilan.getByTestId('available')).toHaveText(euros('3 200,00 €'));
    // Companies served per commune, with a bar each.
    expect(await cells(page, 'bilan-communes', 'Beaucourt')).toEqual(['1', '1', euros('600,00 €'), '']);
    expect(await cells(page, 'bilan-communes', 'Delle')).toEqual(['1', '1', euros('1 200,00 €'), '']);
    await expect(page.getByTestId('bilan-communes').locator('rect.bar-engaged')).toHaveCount(2);
    // Delays: need → devis is 2 days (fiche 2) and 4 days (fiche 3); the refused fiche 1 had 1.
    expect(await cells(page, 'bilan-delays', 'besoin → devis')).toEqual(['3', '2,3 j']);
    expect(await cells(page, 'bilan-delays', 'facture → paiement')).toEqual(['1', '10 j']);

    // The outcomes recorded after the services.
    expect(await cells(page, 'bilan-outcomes', 'Actions suivies après le service')).toEqual(['1']);
    expect(await cells(page, 'bilan-outcomes', "Fiche 2 – Plan d'actions numérique personnalisé remis")).toEqual(['1']);
    expect(await cells(page, 'bilan-outcomes', 'Fiche 1 – Microcrédit ADIE')).toEqual(['0']);

    // The monthly table's totals are the bilan's.
    await app.tab('Suivi mensuel');
    const total = page.locator('table.monthly tr.total');
    await expect(total.locator('td').nth(7)).toHaveText(euros('1 200,00 €'));
    await app.tab('Bilan');

    // Printed: A4, numbered pages, the source line, no buttons.
    await page.emulateMedia({ media: 'print' });
    // Kept with the test's results (target/e2e-results) to look at.
    const pdf = testInfo.outputPath('bilan.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const layout = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-']).toString('utf8');
    const text = plain(layout);
    // The lines of a table row, from its label's first line to the next row's.
    const lines = layout.split('\n');
    const row = (start, next) => {
      const from = lines.findIndex((l) => l.trim().startsWith(start));
      const to = lines.findIndex((l, i) => i > from && l.trim().startsWith(next));
      return plain(lines.slice(from, to).join(' '));
    };
    const info = execFileSync('pdfinfo', [pdf]).toString();
    expect(info).toMatch(/Page size:\s+841\.\d+ x 59\d\.\d+ pts \(A4\)/);
    expect(text).toContain('Bilan final des actions');
    expect(row('Fiche 2', 'Fiche 3')).toContain('1 1 200,00 € 1 1 200,00 € 1 1 200,00 € 1 1 200,00 € 0 0,00 € 0 0,00 €');
    expect(row('Total', 'Enveloppe')).toContain('Total 2 1 800,00 € 1 1 200,00 € 1 1 200,00 € 1 1 200,00 € 1 300,00 € 0 0,00 €');
    expect(text).toContain('Entreprises accompagnées par commune');
    expect(text).toContain('Source : CMA BFC – CCST, convention du 27/11/2020');
    expect(text).toMatch(/Page 1 sur \d/);
    for (const label of ['Exporter', 'Imprimer', 'Bilan au', 'Tableau de bord', 'Enregistré']) {
      expect(text, `"${label}" must not print`).not.toContain(label);
    }

    // Its CSV, read by LibreOffice with the French settings: numbers are numbers.
    const waiting = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporter le bilan (CSV)' }).click();
    const download = await waiting;
    expect(download.suggestedFilename()).toMatch(/^bilan-final_CCST_\d{4}-\d{2}-\d{2}\.csv$/);
    const csvPath = join(dir, 'bilan.csv');
    await download.saveAs(csvPath);
    expect((await readFile(csvPath, 'utf8'))).toContain('Bilan final des actions');
    const rows = await spreadsheet(dir, csvPath);
    const fiche2 = rows.find((r) => r[0]?.text.startsWith('Fiche 2'));
    expect(fiche2.slice(1, 9).map((c) => [c.type, c.value])).toEqual([
      ['float', 1], ['float', 1200], ['float', 1], ['float', 1200], ['float', 1], ['float', 1200], ['float', 1], ['float', 1200],
    ]);
    const available = rows.find((r) => r[0]?.text === 'Disponible (€)');
    expect(available[1]).toMatchObject({ type: 'float', value: 3200 });
    const plan = rows.find((r) => /^Fiche 2 – Plan d.+actions numérique/.test(r[0]?.text ?? ''));
    expect(plan[1]).toMatchObject({ type: 'float', value: 1 });

    // At an earlier date, the actions as they stood then: not final, nothing paid yet.
    await page.getByLabel('Bilan au').fill('2021-04-15');
    await expect(bilan.getByRole('heading', { level: 2 })).toContainText('Bilan des actions');
    await expect(bilan.getByRole('heading', { level: 2 })).not.toContainText('final');
    expect(await cells(page, 'bilan-fiches', 'Fiche 2')).toEqual(['1', '1 200,00 €', '1', '1 200,00 €', '0', '0,00 €', '0', '0,00 €', '0', '0,00 €', '0', '0,00 €'].map(euros));
    await page.getByLabel('Bilan au').fill('');
    await expect(page.getByText('Date requise.')).toBeVisible();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('at 1280 px every table fits its box, the bilan included (demo data)', async ({ page }) => {
  // Issue 25: "Actions par fiche" was wider than its box at 1280 px ("Annulées" cut off).
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new App(page);
  await app.open('./?demo=1000');
  for (const tab of ['Tableau de bord', 'Suivi mensuel', 'Bilan', 'Journal', 'Entreprises', 'Actions', 'Conventions']) {
    await app.tab(tab);
    await expect(page.locator('main')).toBeVisible();
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('.scroll-x, table')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${el.tagName}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`),
    );
    expect(overflowing, tab).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), tab).toBe(true);
  }
  await app.tab('Bilan');
  await expect(page.getByTestId('bilan-fiches').getByRole('row', { name: /^Fiche 1/ })).toBeVisible();
  await expect(page.locator('.table-legend').first()).toContainText('Fiche 1 – Coaching Rebond');
});
