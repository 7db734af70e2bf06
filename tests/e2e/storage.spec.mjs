// Issue 3: persistence that never loses data — backup and restore, stored data the app cannot
// read, a full browser storage, conventions of their own.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { App, euros, fillStorage, rawRecord } from './app.mjs';

async function seedWithOneEngagement(app, page) {
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Garage Petit', siret: '73282932000074', commune: 'Beaucourt' });
  await app.createActionWithDevis('Garage Petit', 2);
  await app.actAs('CCST', 'Paul Agent');
  await app.openFirst('Devis envoyé');
  await app.step('Engager', '2021-01-25');
  await expect(await app.available()).toHaveText(euros('3 800,00 €'));
  await app.saved();
}

test('backup, restore with preview, and undo of the restore', async ({ page }) => {
  const app = new App(page);
  await seedWithOneEngagement(app, page);

  await app.tab('Sauvegarde');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Télécharger une sauvegarde complète' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^relance-sauvegarde_\d{4}-\d{2}-\d{2}_\d{2}h\d{2}\.json$/);
  const file = await download.path();
  const backup = JSON.parse(await readFile(file, 'utf8'));
  expect(backup.format).toBe('relance-backup');
  expect(backup.version).toBe(7);
  expect(backup.ledgers).toHaveLength(1);

  // More work after the backup: a second engagement.
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createActionWithDevis('Garage Petit', 1);
  await app.actAs('CCST', 'Paul Agent');
  await app.openFirst('Devis envoyé');
  await app.step('Engager', '2021-01-26');
  await expect(await app.available()).toHaveText(euros('3 500,00 €'));
  await app.saved();

  // A broken file is refused with a message and changes nothing.
  await app.tab('Sauvegarde');
  await page.getByLabel('Fichier de sauvegarde (.json)').setInputFiles({
    name: 'cassé.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"relance-backup","version":1,'),
  });
  await expect(page.getByText(/^Sauvegarde refusée : Données illisibles/)).toBeVisible();

  // The real file: preview first, nothing changes until confirmed.
  await page.getByLabel('Fichier de sauvegarde (.json)').setInputFiles(file);
  const preview = page.getByRole('table', { name: 'Aperçu de la restauration' });
  await expect(preview).toContainText('remplacée');
  await expect(preview).toContainText('2 → 1');
  await expect(preview).toContainText(euros('3 500,00 € → 3 800,00 €'));
  await expect(await app.available()).toHaveText(euros('3 500,00 €'));
  await app.tab('Sauvegarde');
  await page.getByLabel('Fichier de sauvegarde (.json)').setInputFiles(file);
  await page.getByRole('button', { name: 'Confirmer la restauration' }).click();
  await expect(page.getByText(/^Sauvegarde restaurée/)).toBeVisible();
  await expect(await app.available()).toHaveText(euros('3 800,00 €'));

  // The data replaced was kept: the restore can be undone, and survives a reload.
  await app.tab('Sauvegarde');
  await page.getByRole('button', { name: 'Annuler la restauration' }).click();
  await expect(page.getByText(/^Restauration annulée/)).toBeVisible();
  await expect(await app.available()).toHaveText(euros('3 500,00 €'));
  await page.reload();
  await expect(page.getByTestId('available')).toHaveText(euros('3 500,00 €'));
});

for (const [what, mutate, expected] of [
  ['corrupted', (text) => text.slice(0, text.length / 2), /^Données illisibles/],
  ['newer', (text) => text.replace(/"version":\d+/, '"version":77'), /version plus récente de Relance \(format 77\)/],
]) {
  test(`${what} stored data is reported and left byte-identical`, async ({ page }) => {
    const app = new App(page);
    await seedWithOneEngagement(app, page);
    const original = await rawRecord(page, 'ccst-cma-2020');
    const planted = mutate(original);
    await rawRecord(page, 'ccst-cma-2020', planted);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Les données enregistrées ne peuvent pas être ouvertes' })).toBeVisible();
    await expect(page.getByTestId('problem')).toHaveText(expected);
    await expect(page.getByRole('button', { name: 'Télécharger les données brutes' })).toBeVisible();
    await page.waitForTimeout(300);
    expect(await rawRecord(page, 'ccst-cma-2020')).toBe(planted);
    if (what === 'newer') {
      await expect(page.getByRole('button', { name: 'Mettre de côté et continuer' })).toHaveCount(0);
    } else {
      await page.getByRole('button', { name: 'Mettre de côté et continuer' }).click();
      await expect(page.getByTestId('available')).toHaveText(euros('5 000,00 €'));
    }
  });
}

test('a full browser storage keeps the change on screen and offers a backup', async ({ page }) => {
  const app = new App(page);
  await seedWithOneEngagement(app, page);
  await fillStorage(page, true);

  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.openFirst('Engagé');
  await app.step('Service fait', '2021-02-15');
  await expect(page.getByTestId('save-error')).toContainText("L'espace de stockage du navigateur est plein");
  await expect(page.getByTestId('save-state')).toHaveText('Non enregistré');
  await expect(page.getByTestId('action-status')).toHaveText('Service fait');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('save-error').getByRole('button', { name: 'Télécharger une sauvegarde' }).click();
  const backup = JSON.parse(await readFile(await (await downloading).path(), 'utf8'));
  const actions = Object.values(backup.ledgers[0].ledger.actions);
  expect(actions[0].done_on).toBe('2021-02-15');

  // Space freed: "Réessayer" saves, and a reload shows the change.
  await fillStorage(page, false);
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await app.saved();
  await page.reload();
  await expect(page.getByTestId('done')).toHaveText(euros('1 200,00 €'));
});

test('another convention has its own envelope and records', async ({ page }) => {
  const app = new App(page);
  await seedWithOneEngagement(app, page);
  await app.createConvention({
    title: 'Plan de relance – CCVS 2021',
    payer: 'Communauté de Communes des Vosges du Sud',
    short: 'CCVS',
    envelope: '8 000',
    communes: ['Giromagny', 'Rougemont-le-Château'],
  });
  await expect(await app.available()).toHaveText(euros('8 000,00 €'));
  await expect(page.getByLabel('Convention', { exact: true })).toContainText('CCVS');
  // Its communes, not the CCST's.
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await app.fillCompany({ name: 'Forge', siret: '73282932000074', commune: 'Delle' });
  await expect(page.locator('#company-commune-error')).toContainText('(CCVS)');
  // Switching back (the company half typed is dropped, once the user agrees) shows the CCST's
  // figures, after a reload too.
  page.once('dialog', (d) => d.accept());
  await page.getByLabel('Convention', { exact: true }).selectOption('ccst-cma-2020');
  await expect(await app.available()).toHaveText(euros('3 800,00 €'));
  await page.reload();
  await expect(page.getByTestId('available')).toHaveText(euros('3 800,00 €'));
});

test('refusal and cancellation ask for a reason', async ({ page }) => {
  const app = new App(page);
  await seedWithOneEngagement(app, page);
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createActionWithDevis('Garage Petit', 3);
  await app.actAs('CCST', 'Paul Agent');
  await app.openFirst('Devis envoyé');
  await app.step('Refuser le devis', '2021-02-01');
  await expect(page.locator('.step-form .form-error')).toHaveText("Indiquez la raison du refus ou de l'annulation.");
  await page.getByLabel('Raison').fill('Entreprise hors cible');
  await page.getByRole('button', { name: 'Confirmer : Refuser le devis' }).click();
  await expect(page.getByTestId('action-status')).toHaveText('Refusé');
  await expect(page.locator('.facts')).toContainText('Entreprise hors cible');
  await app.openFirst('Engagé');
  await app.step("Annuler l'action", '2021-02-02', async (p) => p.getByLabel('Raison').fill('Cessation d’activité'));
  await expect(page.getByTestId('action-status')).toHaveText('Annulé');
  await expect(await app.available()).toHaveText(euros('5 000,00 €'));
});

test('restoring a backup of version 1 says, before confirming, what will be set aside, naming company and fiche', async ({ page }) => {
  // Issue 25: the preview counted what would be restored without saying what would not.
  const app = new App(page);
  await app.open();
  await app.actAs('CCST', 'Paul Agent');
  await app.tab('Sauvegarde');
  await page.getByLabel('Fichier de sauvegarde (.json)').setInputFiles('tests/fixtures/v1/backup-ccst-created.json');
  const aside = page.getByTestId('restore-set-aside');
  await expect(aside.getByRole('heading')).toHaveText(/: 3 enregistrement\(s\) gardé\(s\) à part$/);
  await expect(aside).toContainText('Entreprise « Garage Dupont »');
  await expect(aside).toContainText("Note de l'action Boulangerie Martin – Fiche 2");
  await expect(aside).not.toContainText('ac-c');
  // Nothing has changed yet.
  await expect(page.getByRole('button', { name: 'Confirmer la restauration' })).toBeVisible();
  await app.tab('Tableau de bord');
  await expect(page.getByTestId('set-aside')).toHaveCount(0);
});
