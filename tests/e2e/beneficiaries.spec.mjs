// Issue 14 (a part: beneficiaries informed, art. 2.3): an engaged action whose company was not told
// that the payer finances its accompaniment is an alert on the dashboard and a flag in the list,
// until the chamber notes it from the beneficiary letter. Issue 28: the date is noted from the
// letter only (the company form does not ask it), never before the engagement nor in the future.
import { test, expect } from '@playwright/test';
import { App } from './app.mjs';

test('an engaged action whose company was not informed is flagged until the letter notes it', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await expect(page.getByRole('form', { name: 'Fiche entreprise' })).toBeVisible();
  await expect(page.getByText(/Informée de la prise en charge/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Fermer' }).click();
  await app.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
  await app.createActionWithDevis('Menuiserie Durand', 1);
  await app.actAs('CCST', 'Paul Agent');
  await app.openFirst('Devis envoyé');
  await app.step('Engager', '2021-02-01');
  await app.saved();

  await app.tab('Tableau de bord');
  const alerts = page.getByRole('status', { name: 'Alertes' });
  // The payer reads the fact, not the chamber's task.
  await expect(alerts).toContainText("Pour information : 1 action(s) engagée(s) dont l'entreprise n'est pas encore informée de la prise en charge par CCST ; CMA BFC l'en informe (art. 2.3), rien à faire de votre côté.");
  await expect(alerts).not.toContainText('la lettre au bénéficiaire permet de le faire');
  // The chamber is told what to do.
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await expect(alerts).toContainText("1 action(s) engagée(s) dont l'entreprise n'est pas encore informée de la prise en charge par CCST (art. 2.3) : la lettre au bénéficiaire permet de le faire et de le noter.");
  await app.actAs('CCST', 'Paul Agent');
  await app.tab('Actions');
  await expect(page.locator('table.list tbody tr').first()).toContainText('entreprise non informée');

  // The letter is the chamber's (art. 2.3): the payer is not offered it.
  await page.locator('table.list tbody tr').first().getByRole('button').click();
  await expect(page.getByRole('button', { name: 'Devis à imprimer' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Lettre au bénéficiaire' })).toHaveCount(0);

  // The chamber hands the letter over and notes it, on the letter's date.
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await page.getByRole('button', { name: 'Lettre au bénéficiaire' }).click();
  await expect(page.getByLabel('Entreprise informée le')).toHaveValue('2021-02-01');
  // Before the engagement, or in the future: refused, said in words, nothing noted.
  const note = page.getByRole('form', { name: "Noter l'entreprise informée" });
  await page.getByLabel('Entreprise informée le').fill('2021-01-20');
  await page.getByRole('button', { name: "Noter l'entreprise informée" }).click();
  await expect(note.locator('.form-error')).toHaveText("L'entreprise ne peut pas avoir été informée le 20/01/2021 : la prise en charge n'a été engagée que le 01/02/2021 (art. 2.3).");
  await page.getByLabel('Entreprise informée le').fill('2099-01-04');
  await page.getByRole('button', { name: "Noter l'entreprise informée" }).click();
  await expect(note.locator('.form-error')).toHaveText('Le 04/01/2099 est dans le futur : indiquez la date à laquelle c\'est arrivé.');
  await page.getByLabel('Entreprise informée le').fill('2021-02-01');
  await page.getByRole('button', { name: "Noter l'entreprise informée" }).click();
  await expect(page.getByTestId('informed')).toHaveText('Entreprise informée de la prise en charge le 01/02/2021 (art. 2.3).');
  await page.getByRole('button', { name: 'Retour' }).click();
  await app.saved();
  await app.tab('Actions');
  await expect(page.locator('table.list tbody tr').first()).not.toContainText('entreprise non informée');
  await app.tab('Tableau de bord');
  await expect(page.getByText(/pas encore informée/)).toHaveCount(0);
});
