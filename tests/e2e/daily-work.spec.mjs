// Issue 3: the week's work in the browser, as a CMA adviser and a CCST agent would do it.
import { test, expect } from '@playwright/test';
import { App, euros } from './app.mjs';

const VALID_SIRET = '732 829 320 00074';

test('records, lifecycle, dashboard, persistence, undo and a second tab', async ({ page, context }) => {
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  const app = new App(page);
  await app.open();
  await expect(page.getByTestId('available')).toHaveText(euros('5 000,00 €'));

  await app.actAs('CMA BFC', 'Marie Conseillère');

  // A company: the rules are checked as the user types.
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await app.fillCompany({ name: 'Menuiserie Durand', siret: '73282932000075', commune: 'Belfort' });
  await expect(page.locator('#company-siret-error')).toHaveText(
    'SIRET invalide : la clé de contrôle ne correspond pas (vérifiez la saisie).',
  );
  await expect(page.getByLabel('SIRET (14 chiffres)', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#company-commune-error')).toHaveText(
    'La commune « Belfort » ne fait pas partie du territoire de la convention (CCST).',
  );
  await page.getByLabel('Nombre de salariés', { exact: true }).fill('12');
  await expect(page.locator('#company-staff-error')).toHaveText(
    "L'entreprise doit compter moins de 10 salariés (saisi : 12).",
  );
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'SIRET invalide' }).first()).toBeVisible();
  await expect(page.getByRole('row', { name: /Menuiserie Durand/ })).toHaveCount(0);
  await app.fillCompany({ name: 'Menuiserie Durand', siret: VALID_SIRET, commune: 'Delle' });
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.getByRole('row', { name: /Menuiserie Durand/ })).toContainText('732 829 320 00074');
  await expect(page.getByRole('row', { name: /Menuiserie Durand/ })).toContainText('Marie Conseillère');

  // Edit it, then find it by an accent-free search.
  await page.getByRole('row', { name: /Menuiserie Durand/ }).getByRole('button', { name: 'Modifier' }).click();
  await expect(page.getByLabel('Raison sociale', { exact: true })).toHaveValue('Menuiserie Durand');
  await page.getByLabel('Nombre de salariés', { exact: true }).fill('4');
  await page.getByLabel('Activité', { exact: true }).fill('Menuiserie – ébénisterie');
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.getByRole('row', { name: /Menuiserie Durand/ })).toContainText('ébénisterie');
  await page.getByLabel('Rechercher (nom, SIRET, commune, activité)').fill('ebenisterie');
  await expect(page.getByRole('row', { name: /Menuiserie Durand/ })).toBeVisible();
  await page.getByLabel('Rechercher (nom, SIRET, commune, activité)').fill('boulangerie');
  await expect(page.getByRole('row', { name: /Menuiserie Durand/ })).toHaveCount(0);
  await page.getByLabel('Rechercher (nom, SIRET, commune, activité)').fill('');

  // One action of each fiche, devis sent by the CMA; the price comes from the convention.
  for (const fiche of [1, 2, 3]) {
    await app.createActionWithDevis('Menuiserie Durand', fiche);
    await expect(page.getByTestId('action-status')).toHaveText('Devis envoyé');
  }
  // The CMA cannot engage: that is the CCST's step.
  await expect(page.getByRole('group', { name: 'Étapes possibles' }).getByRole('button', { name: 'Engager' })).toHaveCount(0);
  await expect(page.getByText(/En attente de CCST : engager ou refuser le devis/)).toBeVisible();

  // The CCST engages the three devis.
  await app.actAs('CCST', 'Paul Agent');
  for (let i = 0; i < 3; i++) {
    await app.openFirst('Devis envoyé');
    await app.step('Engager', '2021-01-25');
    await expect(page.getByTestId('action-status')).toHaveText('Engagé');
  }
  await expect(await app.available()).toHaveText(euros('2 900,00 €'));
  await expect(page.getByTestId('engaged')).toHaveText(euros('2 100,00 €'));
  await expect(page.getByTestId('count-fiche-2')).toHaveText('1');
  await app.saved();

  // Reload: everything is still there.
  await page.reload();
  await expect(page.getByTestId('available')).toHaveText(euros('2 900,00 €'));
  await app.tab('Actions');
  await expect(page.getByTestId('action-count')).toHaveText('3 action(s)');

  // One action to paid, each side doing its steps; its history names who did what.
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.openFirst('Engagé');
  await app.step('Service fait', '2021-02-10');
  await app.step('Facturer', '2021-02-12', async (p) => {
    await p.getByLabel('Numéro de facture').fill('F-2021-017');
  });
  await expect(page.getByTestId('action-status')).toHaveText('Facturé');
  await app.actAs('CCST', 'Paul Agent');
  await app.step('Payer', '2021-03-01');
  await expect(page.getByTestId('action-status')).toHaveText('Payé');
  await expect(page.locator('.history')).toContainText('Paiement enregistré – Paul Agent (CCST)');
  await expect(page.locator('.history')).toContainText('Devis envoyé – Marie Conseillère (CMA BFC)');
  await app.tab('Tableau de bord');
  const paid = await page.getByTestId('paid').textContent();
  expect(paid).not.toBe(euros('0,00 €'));

  // Undo the payment: the button names it, with its action; it can be redone, then undone again.
  const undo = page.getByTestId('undo');
  await expect(undo).toHaveText(/^Annuler : « Paiement enregistré » de .+ – Fiche \d$/);
  const named = (await undo.textContent()).replace(/^Annuler : /, '');
  await undo.click();
  await expect(page.getByTestId('flash')).toHaveText(`Annulé : ${named} — modification enregistrée.`);
  await expect(page.getByTestId('paid')).toHaveText(euros('0,00 €'));
  const redo = page.getByTestId('redo');
  await expect(redo).toHaveText(`Rétablir : ${named}`);
  await redo.click();
  await expect(page.getByTestId('paid')).toHaveText(paid);
  await expect(page.getByTestId('redo')).toHaveCount(0);
  await undo.click();
  await expect(page.getByTestId('paid')).toHaveText(euros('0,00 €'));
  await app.saved();

  // A second tab sees the first tab's changes without reloading.
  const second = await context.newPage();
  await second.goto('./');
  await expect(second.getByTestId('available')).toHaveText(euros('2 900,00 €'));
  await expect(second.getByTestId('paid')).toHaveText(euros('0,00 €'));
  await page.getByTestId('undo').click(); // undo the invoice
  await app.saved();
  await expect(second.getByTestId('invoiced')).toHaveText(euros('0,00 €'));
  await expect(second.getByTestId('done')).not.toHaveText(euros('0,00 €'));

  expect(errors).toEqual([]);
});

test('seed scenario: a Fiche 3 devis is refused when only 500,00 € is left', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Boulangerie Martin', siret: VALID_SIRET, commune: 'Grandvillars' });
  for (const fiche of [1, 1, 1, 2, 2, 3, 3]) {
    await app.createActionWithDevis('Boulangerie Martin', fiche);
  }
  await app.actAs('CCST', 'Paul Agent');
  for (let i = 0; i < 7; i++) {
    await app.openFirst('Devis envoyé');
    await app.step('Engager', '2021-02-01');
    await expect(page.getByTestId('action-status')).toHaveText('Engagé');
  }
  await expect(await app.available()).toHaveText(euros('500,00 €'));
  await expect(page.getByTestId('engaged')).toHaveText(euros('4 500,00 €'));
  // An eighth devis, a Fiche 3 at 600 €.
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createActionWithDevis('Boulangerie Martin', 3);
  await app.actAs('CCST', 'Paul Agent');
  await app.openFirst('Devis envoyé');
  await app.step('Engager', '2021-02-02');
  await expect(page.locator('.step-form .form-error')).toHaveText(
    euros('Enveloppe insuffisante : reste 500,00 €, devis 600,00 €.'),
  );
  await expect(page.getByTestId('action-status')).toHaveText('Devis envoyé');
  await expect(await app.available()).toHaveText(euros('500,00 €'));
});

test('the list and the steps work with the keyboard alone', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Atelier Clavier', siret: VALID_SIRET, commune: 'Boron' });
  await app.createActionWithDevis('Atelier Clavier', 1);
  await app.actAs('CCST', 'Paul Agent');
  // Tabs, filters, rows and steps are native buttons and fields: focus, type, Enter.
  await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('button', { name: 'Actions' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Rechercher', { exact: true }).focus();
  await page.keyboard.type('clavier');
  await expect(page.getByTestId('action-count')).toHaveText('1 action(s)');
  await page.keyboard.press('Tab'); // to the status filter…
  await page.locator('table.list tbody tr').first().getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('action-status')).toHaveText('Devis envoyé');
  await page.getByRole('group', { name: 'Étapes possibles' }).getByRole('button', { name: 'Engager' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Date', { exact: true }).focus();
  await page.keyboard.type('02152021'); // month, day, year: Playwright's default en-US locale
  await page.keyboard.press('Enter'); // submits the step's form
  await expect(page.getByTestId('action-status')).toHaveText('Engagé');
});
