// Issue 5: the monthly tracking table and every document the convention asks for — CSV for French
// spreadsheets (checked byte by byte and read back by LibreOffice), and printed PDFs (checked with
// pdftotext).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, euros, spreadsheet } from './app.mjs';

// pdftotext breaks lines where the page does: compare with every run of white space as one space.
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');
const today = () => new Date().toISOString().slice(0, 10);

/** Prints the current page to PDF as the browser's "save as PDF" would, and returns its text. */
async function printedText(page, dir, name) {
  // A document's screen is loaded on demand: the user prints what is on screen once it is there.
  await expect(page.getByText("Chargement de l'écran…")).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  const path = join(dir, `${name}.pdf`);
  await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const text = plain(execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-']).toString('utf8'));
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path]).toString())[1]);
  return { text, pages };
}

const CHROME = ['Imprimer', 'Retour', 'Exporter', 'Tableau de bord', 'Annuler : ', 'Rétablir', 'Sauvegarde', 'Enregistré'];

function expectNoChrome(text) {
  for (const label of CHROME) expect(text, `"${label}" must not print`).not.toContain(label);
}

test.describe.configure({ mode: 'serial' });

test('monthly table, CSV exports, and printed documents', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-docs-'));
  try {
    const app = new App(page);
    await app.open();
    await app.actAs('CMA BFC', 'Marie Conseillère');
    await app.createCompany({ name: 'Boulangerie Éclair', siret: '73282932000074', commune: 'Delle', activity: 'Boulangerie' });
    await app.createActionWithDevis('Boulangerie Éclair', 2, { identified: '2021-03-01', sent: '2021-03-02' });
    await app.createActionWithDevis('Boulangerie Éclair', 3, { identified: '2021-03-01', sent: '2021-03-03' });
    await app.actAs('CCST', 'Paul Agent');
    await app.openFirst('Devis envoyé');
    await app.step('Engager', '2021-03-31');
    await app.openFirst('Devis envoyé');
    await app.step('Engager', '2021-04-01');
    await app.actAs('CMA BFC', 'Marie Conseillère');
    await app.tab('Actions');
    await page.getByLabel('Fiche', { exact: true }).selectOption('2');
    await page.getByLabel('Statut').selectOption('Engagé');
    await page.locator('table.list tbody tr').first().getByRole('button').click();
    await app.step('Service fait', '2021-05-10');
    await app.step('Facturer', '2021-05-12', async (p) => p.getByLabel('Numéro de facture').fill('=F-2021-1'));
    await app.actAs('CCST', 'Paul Agent');
    await app.step('Payer', '2021-06-01');
    await app.saved();

    // The table on screen: one row per month, totals equal to the dashboard.
    await app.tab('Suivi mensuel');
    const table = page.getByTestId('monthly-table');
    await expect(table.locator('tbody tr')).toHaveCount(14);
    await expect(table.getByRole('row', { name: /^03\/2021/ })).toContainText(euros('1 200,00 €'));
    await expect(table.getByRole('row', { name: /^Total/ })).toContainText(euros('1 800,00 €'));
    await expect(table.getByRole('row', { name: /^Total/ })).toContainText(euros('3 200,00 €'));
    await expect(page.getByTestId('monthly-chart')).toBeVisible();
    await expect(page.getByTestId('source')).toHaveText('Source : CMA BFC – CCST, convention du 27/11/2020');

    // CSV of the monthly table.
    let waiting = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporter le suivi mensuel (CSV)' }).click();
    let download = await waiting;
    expect(download.suggestedFilename()).toBe(`suivi-mensuel_CCST_${today()}.csv`);
    const monthlyPath = join(dir, 'suivi-mensuel.csv');
    await download.saveAs(monthlyPath);
    const monthly = await readFile(monthlyPath);
    expect([...monthly.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const monthlyText = monthly.subarray(3).toString('utf8');
    const lines = monthlyText.split('\r\n');
    expect(lines[1]).toBe('"Mois";"Fiche 1 prescrites";"Fiche 2 prescrites";"Fiche 3 prescrites";"Annulations";"Engagé (€)";"Service fait (€)";"Facturé (€)";"Payé (€)";"Engagé cumulé (€)";"Disponible (€)"');
    expect(lines).toContain('"03/2021";"0";"1";"0";"0";"1200,00";"0,00";"0,00";"0,00";"1200,00";"3800,00"');
    expect(lines).toContain('"Total";"0";"1";"1";"0";"1800,00";"1200,00";"1200,00";"1200,00";"1800,00";"3200,00"');
    expect(monthlyText.endsWith('\r\n')).toBe(true);

    // CSV of the actions: amounts as numbers, the invoice number neutralised.
    waiting = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporter la liste des actions (CSV)' }).click();
    download = await waiting;
    expect(download.suggestedFilename()).toBe(`actions_CCST_${today()}.csv`);
    const actionsText = (await readFile(await download.path())).subarray(3).toString('utf8');
    expect(actionsText).toContain('"Boulangerie Éclair";"73282932000074";"Delle";"Fiche 2";"Payé"');
    expect(actionsText).toContain('"\'=F-2021-1"');
    expect(actionsText).toContain('"1200,00"');

    // LibreOffice reads the amounts as numbers, with the French CSV settings.
    const rows = await spreadsheet(dir, monthlyPath);
    const monthRows = rows.filter((r) => /^\d{2}\/\d{4}$/.test(r[0]?.text));
    expect(monthRows).toHaveLength(14);
    const engagedColumn = monthRows.map((r) => r[5]);
    expect(engagedColumn.every((c) => c.type === 'float')).toBe(true);
    const sum = engagedColumn.reduce((s, c) => s + c.value, 0);
    expect(sum).toBeCloseTo(1800, 2);
    const total = rows.find((r) => r[0]?.text === 'Total');
    expect(total[5]).toMatchObject({ type: 'float', value: 1800 });

    // The monthly table printed: one page, figures, source line, no screen chrome.
    let printed = await printedText(page, dir, 'suivi-mensuel');
    expect(printed.pages).toBe(1);
    expect(printed.text).toContain('Tableau de suivi mensuel');
    expect(printed.text).toContain('1 800,00 €');
    expect(printed.text).toContain('3 200,00 €');
    expect(printed.text).toContain('Source : CMA BFC – CCST, convention du 27/11/2020');
    expectNoChrome(printed.text);

    // The devis of the Fiche 2 action, and its letter: the chamber's documents.
    await app.actAs('CMA BFC', 'Marie Conseillère');
    await app.tab('Actions');
    await page.getByLabel('Statut').selectOption('Payé');
    await page.locator('table.list tbody tr').first().getByRole('button').click();
    await page.getByRole('button', { name: 'Devis à imprimer' }).click();
    printed = await printedText(page, dir, 'devis');
    expect(printed.text).toMatch(/Devis n° D-2021-[A-Z]{1,4}\d*-\d{3} /);
    expect(printed.text).toContain('Date : 02/03/2021');
    expect(printed.text).toContain("Valable jusqu'au 02/06/2021");
    expect(printed.text).toContain('Communauté de Communes du Sud Territoire');
    expect(printed.text).toContain('Boulangerie Éclair');
    expect(printed.text).toContain('Fiche 2 – Coaching Rebond – Accélérer la transformation digitale');
    expect(printed.text).toContain('Diagnostic de la performance numérique');
    expect(printed.text).toContain('net de taxes');
    expect(printed.text).toContain('1 200,00 €');
    expectNoChrome(printed.text);

    // The letter to the beneficiary (art. 2.3), with the amount of aid for de minimis.
    await page.getByRole('button', { name: 'Retour' }).click();
    await page.getByRole('button', { name: 'Lettre au bénéficiaire' }).click();
    printed = await printedText(page, dir, 'lettre');
    expect(printed.text).toContain('Objet : prise en charge de votre accompagnement par CCST');
    expect(printed.text).toContain("Montant de l'aide : 1 200,00 €");
    expect(printed.text).toContain('minimis');
    expect(printed.text).toContain('Boulangerie Éclair');
    expectNoChrome(printed.text);

    // The Fiche 3 slide.
    await page.getByRole('button', { name: 'Retour' }).click();
    await app.tab('Actions');
    await page.getByLabel('Statut').selectOption('Engagé');
    await page.locator('table.list tbody tr').first().getByRole('button').click();
    await page.getByRole('button', { name: 'Diapositive « Une entreprise de chez nous »' }).click();
    await page.getByLabel('Spécialité').fill('Pain au levain naturel');
    await page.getByLabel('Texte court').fill('Farines du Territoire, cuisson au feu de bois.');
    printed = await printedText(page, dir, 'diapositive');
    expect(printed.pages).toBe(1);
    expect(printed.text.toLowerCase()).toContain('une entreprise de chez nous, une spécialité');
    expect(printed.text).toContain('Boulangerie Éclair');
    expect(printed.text).toContain('Delle');
    expect(printed.text).toContain('Pain au levain naturel');
    expect(printed.text).toContain('Farines du Territoire');
    expect(printed.text).not.toContain('Texte court');
    expectNoChrome(printed.text);
  } finally {
    // RELANCE_KEEP_DOCS=1 keeps the CSV and PDF files to look at them.
    if (process.env.RELANCE_KEEP_DOCS) console.log(`documents kept in ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
});
