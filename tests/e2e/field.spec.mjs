// Issue 15: the small frictions of a first day — the commune suggested and matched whatever its
// spelling, dates that start at today only inside the convention's period and say when they are
// missing, a devis numbered only once sent, confirmations that never claim a save that did not
// happen.
import { test, expect } from '@playwright/test';
import { App, fillStorage } from './app.mjs';

test('the commune is suggested as one types, picked with the keyboard, and matched whatever its spelling', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  const commune = page.getByRole('combobox', { name: 'Commune' });
  await commune.fill('fec');
  await expect(page.getByRole('listbox', { name: 'Communes de la convention' }).getByRole('option')).toHaveText(["Fêche-l'Église"]);
  await commune.press('ArrowDown');
  await expect(commune).toHaveAttribute('aria-activedescendant', 'company-commune-option-0');
  await commune.press('Enter');
  await expect(commune).toHaveValue("Fêche-l'Église");
  await expect(page.getByRole('listbox', { name: 'Communes de la convention' })).toBeHidden();

  // Typed without accents, in capitals, with a typographic apostrophe: accepted, stored as the
  // convention writes it.
  await app.fillCompany({ name: 'Garage Vernier', siret: '73282932000074', commune: 'FECHE-L’EGLISE' });
  await expect(page.locator('#company-commune-error')).toHaveText('');
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.getByRole('row', { name: /Garage Vernier/ })).toContainText("Fêche-l'Église");
  await expect(page.getByTestId('flash')).toHaveText('Entreprise créée — modification enregistrée.');
});

test('dates start at today inside the period, empty outside, and say when they are missing', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
  // The seed convention ended on 31/12/2021: no date is proposed.
  await page.getByRole('row', { name: /Menuiserie Durand/ }).getByRole('button', { name: 'Nouvelle action' }).click();
  await expect(page.getByLabel('Besoin identifié le')).toHaveValue('');
  await page.getByLabel('Besoin identifié', { exact: true }).fill('Site internet');
  await page.getByRole('button', { name: "Créer l'action" }).click();
  await expect(page.locator('form[aria-label="Nouvelle action"] .form-error')).toHaveText('Date requise.');

  // A convention running today: today is proposed. (Leaving the action's form with its need typed
  // asks first: the user agrees.)
  const today = new Date();
  const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  page.once('dialog', (d) => d.accept());
  await app.tab('Conventions');
  await page.getByRole('button', { name: 'Nouvelle convention' }).click();
  await page.getByLabel('Intitulé').fill('Convention en cours');
  await page.getByLabel('Financeur (nom complet)').fill('Communauté de Communes en cours');
  await page.getByLabel('Financeur (sigle)').fill('CCEC');
  await page.getByLabel('Signée le').fill(`${today.getFullYear() - 1}-01-01`);
  await page.getByLabel('Fin du dispositif').fill(`${today.getFullYear() + 1}-12-31`);
  await page.getByLabel('Communes du territoire (une par ligne)').fill('Delle');
  await page.getByRole('button', { name: 'Créer la convention' }).click();
  await app.createCompany({ name: 'Boulangerie Neuve', siret: '73282932000074', commune: 'Delle' });
  await page.getByRole('row', { name: /Boulangerie Neuve/ }).getByRole('button', { name: 'Nouvelle action' }).click();
  await expect(page.getByLabel('Besoin identifié le')).toHaveValue(iso(today));
});

test('a devis is a draft without a number until it is sent', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
  await page.getByRole('row', { name: /Menuiserie Durand/ }).getByRole('button', { name: 'Nouvelle action' }).click();
  await page.getByLabel('Besoin identifié le').fill('2021-02-01');
  await page.getByLabel('Besoin identifié', { exact: true }).fill('Site internet');
  await page.getByRole('button', { name: "Créer l'action" }).click();
  await page.getByRole('button', { name: 'Devis à imprimer' }).click();
  const devis = page.locator('article.devis');
  await expect(devis.getByRole('heading', { level: 2 })).toHaveText('Projet de devis');
  await expect(devis).not.toContainText('D-0-');
  await page.getByRole('button', { name: 'Retour' }).click();
  await app.step('Envoyer le devis', '2021-02-03');
  await page.getByRole('button', { name: 'Devis à imprimer' }).click();
  await expect(devis.getByRole('heading', { level: 2 })).toHaveText(/^Devis n° D-2021-/);
});

test('a confirmation says "enregistrée" only once the write succeeded', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.saved();
  await fillStorage(page, true);
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await app.fillCompany({ name: 'Garage Vernier', siret: '73282932000074', commune: 'Delle' });
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.getByTestId('save-error')).toContainText("L'espace de stockage du navigateur est plein");
  await expect(page.getByTestId('flash')).toHaveText(
    "Entreprise créée sur cette page, mais la modification n'est pas enregistrée : voir le message ci-dessus.",
  );
  // The creation is signed just after it (its own change, kept in memory too): once its proof
  // shows in the record's history, nothing else is on its way.
  await page.getByRole('button', { name: 'Modifier' }).click();
  const record = page.getByRole('form', { name: 'Fiche entreprise' });
  await record.getByText('Historique').click();
  await expect(record.getByTestId('proof')).toHaveText(/· signé \(clé [0-9a-f]{16}, de ce poste\)/);
  await record.getByRole('button', { name: 'Fermer' }).click();
  await fillStorage(page, false);
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await app.saved();
  await expect(page.getByTestId('flash')).toHaveText('Entreprise créée — modification enregistrée.');
  // The failure's place now says all is saved, until closed (it does not vanish on its own).
  const recovered = page.getByTestId('save-recovered');
  await expect(recovered).toHaveText(/^Enregistré : toutes vos modifications sont maintenant dans le stockage de ce navigateur\./);
  await expect(page.getByTestId('save-error')).toHaveCount(0);
  await recovered.getByRole('button', { name: 'Fermer' }).click();
  await expect(recovered).toHaveCount(0);
});
