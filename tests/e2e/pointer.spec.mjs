// Nothing moves under the pointer: the commune's suggestions overlay the form instead of pushing
// it down, so a click on the button below, right after typing the commune last, acts at once.
import { test, expect } from '@playwright/test';
import { App } from './app.mjs';

test('type the commune last, click "Enregistrer l\'entreprise" once: the company is saved', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await page.getByLabel('Raison sociale', { exact: true }).fill('Ébénisterie Roy');
  await page.getByLabel('SIRET (14 chiffres)', { exact: true }).fill('73282932000074');
  await page.getByLabel('Nombre de salariés', { exact: true }).fill('2');
  await page.getByLabel('Activité', { exact: true }).fill('Ébénisterie');
  const commune = page.getByLabel('Commune', { exact: true });
  await commune.click();
  await commune.pressSequentially('Dell');
  await expect(page.getByRole('listbox', { name: 'Communes de la convention' })).toBeVisible();
  await commune.press('Backspace');
  await commune.pressSequentially('le');
  const button = page.getByRole('button', { name: "Enregistrer l'entreprise" });
  const before = await button.boundingBox();
  // One click, as a user: pointer down and up where the button is now.
  await page.mouse.click(before.x + before.width / 2, before.y + before.height / 2);
  await expect(page.getByRole('row', { name: /Ébénisterie Roy/ })).toBeVisible();
  await expect(page.getByTestId('flash')).toHaveText('Entreprise créée — modification enregistrée.');
});
