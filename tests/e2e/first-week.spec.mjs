// Issue 28 (a first week without surprises): an export says where the file went and what the
// other party does with it, and a double click gives one file; the words match the screen — an
// error names the field by its label (the follow-up button's new name, « Noter les résultats »,
// is what roles.spec.mjs and bilan.spec.mjs click).
import { test, expect } from '@playwright/test';
import { App } from './app.mjs';

test('an export says where the file is and what to do next; a double click gives one file', async ({ page }) => {
  const app = new App(page);
  await app.startWithOneDevis();
  await app.tab('Échanges');
  const downloads = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.getByRole('button', { name: 'Exporter pour CCST' }).dblclick();
  const said = page.getByRole('status').filter({ hasText: 'enregistré dans les téléchargements' });
  await expect(said).toHaveText(/^Fichier « relance_[^»]+\.json » enregistré dans les téléchargements de ce navigateur\. Envoyez-le à CCST \(courriel, clé USB…\) : CCST l'importe dans son onglet « Échanges »\.$/);
  // Long enough for a second file to arrive had the second click made one.
  await page.waitForTimeout(1_500);
  expect(downloads).toHaveLength(1);
});

test('words match the screen: the staff field is named by its label', async ({ page }) => {
  const app = new App(page);
  await app.startWithOneDevis();
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await app.fillCompany({ name: 'Garage Petit', siret: '55208131766522', commune: 'Delle', staff: '' });
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'salariés' })).toContainText('« nombre de salariés »');
  await expect(page.getByText('effectif')).toHaveCount(0);
});
