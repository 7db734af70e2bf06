// Issue 4: the CMA and the CCST, on separate machines (two browser contexts, separate storage),
// exchange files back and forth through the UI until both show the same figures.
import { test, expect } from '@playwright/test';
import Ajv2020 from 'ajv/dist/2020.js';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, answerPreview, euros } from './app.mjs';

const schema = JSON.parse(await readFile('docs/echange.schema.json', 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

async function exportFile(app, dir, name, { passphrase, consent } = {}) {
  const page = app.page;
  await app.tab('Échanges');
  if (consent) await page.getByLabel(/Inclure les notes confidentielles/).check();
  if (passphrase) await page.getByLabel('Chiffrer avec une phrase de passe (facultatif)').fill(passphrase);
  const waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Exporter pour (CCST|CMA BFC)$/ }).click();
  const download = await waiting;
  const path = join(dir, name);
  await download.saveAs(path);
  if (passphrase) await page.getByLabel('Chiffrer avec une phrase de passe (facultatif)').fill('');
  return { path, suggested: download.suggestedFilename() };
}

async function importFile(app, path, { confirm = true, passphrase } = {}) {
  const page = app.page;
  await app.tab('Échanges');
  await page.getByLabel('Phrase de passe (si le fichier est chiffré)').fill(passphrase ?? '');
  await page.getByLabel("Fichier d'échange (.json)").setInputFiles(path);
  if (!confirm) return;
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await answerPreview(app);
  await page.getByRole('button', { name: "Confirmer l'import" }).click();
  await expect(page.getByText(/^Import effectué/)).toBeVisible();
  await app.saved();
}

async function figures(app) {
  await app.tab('Tableau de bord');
  const out = {};
  for (const k of ['engaged', 'done', 'invoiced', 'paid', 'available']) out[k] = await app.page.getByTestId(k).textContent();
  return out;
}

test('CMA and CCST exchange files until both show the same figures', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-exchange-'));
  const cmaContext = await browser.newContext({ acceptDownloads: true });
  const ccstContext = await browser.newContext({ acceptDownloads: true });
  try {
    const cma = new App(await cmaContext.newPage());
    const ccst = new App(await ccstContext.newPage());
    await cma.open();
    await ccst.open();
    await cma.actAs('CMA BFC', 'Marie Conseillère');
    await ccst.actAs('CCST', 'Paul Agent');

    // The CMA records a company and three devis, with a confidential note, and exports.
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    for (const fiche of [1, 2, 3]) await cma.createActionWithDevis('Menuiserie Durand', fiche);
    await cma.page.getByRole('textbox', { name: 'Note de diagnostic' }).fill('Dettes URSSAF : à ne pas diffuser');
    await cma.page.getByRole('button', { name: 'Enregistrer la note' }).click();
    await cma.saved();
    const a = await exportFile(cma, dir, 'a.json');
    expect(a.suggested).toMatch(/^relance_ccst-cma-2020_CMA-BFC-vers-CCST_\d{4}-\d{2}-\d{2}\.json$/);
    const fileA = JSON.parse(await readFile(a.path, 'utf8'));
    expect(validate(fileA), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.stringify(fileA)).not.toContain('URSSAF');

    // The CCST imports: a preview first, then the records.
    await importFile(ccst, a.path, { confirm: false });
    const preview = ccst.page.getByTestId('import-preview');
    await answerPreview(ccst);
    await expect(preview).toContainText('Nouvelles entreprises (1)');
    await expect(preview).toContainText('Nouvelles actions (3)');
    await expect(ccst.page.getByTestId('available-after')).toHaveText(euros('5 000,00 €'));
    await ccst.page.getByRole('button', { name: "Confirmer l'import" }).click();
    await ccst.saved();
    // It engages two devis and sends them back.
    for (let i = 0; i < 2; i++) {
      await ccst.openFirst('Devis envoyé');
      await ccst.step('Engager', '2021-02-01');
    }
    const b = await exportFile(ccst, dir, 'b.json');
    expect(validate(JSON.parse(await readFile(b.path, 'utf8')))).toBe(true);

    // The CMA imports, records the service and the invoice of one, and sends back.
    await importFile(cma, b.path);
    const engagedAtCma = (await figures(cma)).engaged;
    expect(engagedAtCma).not.toBe(euros('0,00 €'));
    await cma.openFirst('Engagé');
    await cma.step('Service fait', '2021-03-01');
    await cma.step('Facturer', '2021-03-02', async (p) => p.getByLabel('Numéro de facture').fill('F-2021-001'));
    const c = await exportFile(cma, dir, 'c.json');

    // The CCST imports and pays; the CMA imports the payment.
    await importFile(ccst, c.path);
    await ccst.openFirst('Facturé');
    await ccst.step('Payer', '2021-04-01');
    const d = await exportFile(ccst, dir, 'd.json', { passphrase: 'Delle-Grandvillars 2021' });
    const sealed = JSON.parse(await readFile(d.path, 'utf8'));
    expect(sealed.format).toBe('relance-echange-chiffre');
    expect(sealed.iterations).toBeGreaterThanOrEqual(600000);
    expect(JSON.stringify(sealed)).not.toContain('Menuiserie');
    // A wrong passphrase is said clearly and changes nothing.
    await importFile(cma, d.path, { confirm: false, passphrase: 'mauvaise' });
    await expect(cma.page.getByTestId('import-problems')).toContainText('Phrase de passe incorrecte');
    // No passphrase, or an envelope that cannot be read: said once, as a problem of the file.
    await importFile(cma, d.path, { confirm: false });
    await expect(cma.page.getByTestId('import-problems').locator('li')).toHaveText(
      'Fichier : fichier chiffré : indiquez la phrase de passe, puis choisissez à nouveau le fichier.',
    );
    const cut = join(dir, 'cut.json');
    await writeFile(cut, JSON.stringify({ format: 'relance-echange-chiffre', version: 1 }));
    await importFile(cma, cut, { confirm: false, passphrase: 'Delle-Grandvillars 2021' });
    await expect(cma.page.getByTestId('import-problems').locator('li')).toHaveText(/^Fichier : fichier chiffré illisible \(/);
    await importFile(cma, d.path, { passphrase: 'Delle-Grandvillars 2021' });

    // Both show the same figures; the CMA kept its confidential note.
    const atCma = await figures(cma);
    const atCcst = await figures(ccst);
    expect(atCma).toEqual(atCcst);
    expect(atCma.paid).not.toBe(euros('0,00 €'));
    await cma.tab('Actions');
    await cma.page.getByLabel('Fiche', { exact: true }).selectOption('3'); // the note was written on the Fiche 3 action
    await cma.page.locator('table.list tbody tr').first().getByRole('button').click();
    await expect(cma.page.getByRole('textbox', { name: 'Note de diagnostic' })).toHaveValue('Dettes URSSAF : à ne pas diffuser');

    // Re-importing any earlier file changes nothing, on either side.
    for (const [app, files] of [[cma, [a, b, c]], [ccst, [a, b, c]]]) {
      for (const f of files) {
        await importFile(app, f.path, { confirm: false });
        await expect(app.page.getByTestId('nothing-new')).toBeVisible();
        await app.page.getByRole('button', { name: 'Renoncer' }).click();
      }
    }
    expect(await figures(cma)).toEqual(atCma);

    // A hostile file is refused with located problems, and nothing changes.
    await importFile(cma, 'tests/exchange-corpus/32-wrong-price.json', { confirm: false });
    await expect(cma.page.getByTestId('import-problems')).toContainText('ne correspond pas au prix');
    await importFile(cma, 'tests/exchange-corpus/13-bad-checksum.json', { confirm: false });
    await expect(cma.page.getByTestId('import-problems')).toContainText('somme de contrôle incorrecte');
    expect(await figures(cma)).toEqual(atCma);

    // The export for third parties: aggregates and the source, no company.
    await cma.tab('Échanges');
    const waiting = cma.page.waitForEvent('download');
    await cma.page.getByRole('button', { name: 'Exporter pour diffusion (CSV)' }).click();
    const diffusion = (await readFile(await (await waiting).path())).toString('utf8');
    expect(diffusion).toContain('Source : CMA BFC – CCST, convention du 27/11/2020');
    expect(diffusion).not.toContain('Menuiserie');
    expect(diffusion).not.toContain('73282932000074');
  } finally {
    await cmaContext.close();
    await ccstContext.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the example and the exchange files kept from every format version follow the schema', async () => {
  const files = ['docs/exemple-echange.json'];
  for (const v of await readdir('tests/fixtures')) {
    for (const f of await readdir(`tests/fixtures/${v}`)) if (/^echange-.*\.json$/.test(f)) files.push(`tests/fixtures/${v}/${f}`);
  }
  expect(files.length).toBeGreaterThanOrEqual(8);
  for (const f of files) {
    const file = JSON.parse(await readFile(f, 'utf8'));
    expect(validate(file), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
  }
});
