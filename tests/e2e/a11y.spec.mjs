// Issue 15: accessibility by measurement. axe-core (WCAG 2.0, 2.1 and 2.2 A/AA rules) over every
// screen a user meets — identity, each tab, the forms, an action's detail, each document, the
// import preview and the problems list — must find no violation of any impact.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { A11Y_TAGS as TAGS, App } from './app.mjs';

/** Every violation found, named by screen: the test lists them all, then fails if any. */
const found = [];

/** Runs axe on the page as it is. */
async function audit(page, screen) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  for (const v of violations) {
    found.push(`${screen} – ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
}

test('every screen has no accessibility violation', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new App(page);
  await app.open();
  await audit(page, 'identity');
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
  await app.createActionWithDevis('Menuiserie Durand', 3);
  await app.saved();

  // Each tab.
  for (const tab of ['Tableau de bord', 'Suivi mensuel', 'Bilan', 'Journal', 'Mise en relation', 'Entreprises', 'Actions', 'Échanges', 'Conventions', 'Sauvegarde']) {
    await app.tab(tab);
    await audit(page, tab);
  }
  // The journal: the meeting form, an entry, its compte-rendu.
  await app.tab('Journal');
  await page.getByRole('button', { name: 'Nouveau rendez-vous' }).click();
  await audit(page, 'meeting form');
  const meeting = page.getByRole('form', { name: 'Nouveau rendez-vous' });
  await meeting.getByLabel('Date', { exact: true }).fill('2021-03-02');
  await meeting.getByLabel('Lieu').fill('Delle');
  await meeting.getByLabel('Participants de la chambre consulaire (un nom par ligne)').fill('Marie Conseillère');
  await meeting.getByLabel('Participants du financeur (un nom par ligne)').fill('Paul Agent');
  await meeting.getByLabel('Décisions').fill('Relancer.');
  await meeting.getByRole('button', { name: 'Enregistrer' }).click();
  await audit(page, 'journal with a meeting');
  await page.getByRole('button', { name: 'Compte-rendu' }).click();
  await audit(page, 'compte-rendu');
  await page.getByRole('button', { name: 'Retour au journal' }).click();
  await page.getByRole('button', { name: 'Nouvelle demande de diffusion' }).click();
  await audit(page, 'diffusion request form');
  // Forms.
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await page.getByRole('combobox', { name: 'Commune' }).fill('b');
  await page.getByRole('combobox', { name: 'Commune' }).press('ArrowDown');
  await page.getByLabel('SIRET (14 chiffres)', { exact: true }).fill('123');
  await audit(page, 'company form with errors and suggestions');
  await page.getByRole('button', { name: 'Fermer' }).click();
  await page.getByRole('row', { name: /Menuiserie Durand/ }).getByRole('button', { name: 'Nouvelle action' }).click();
  await audit(page, 'new action form');
  await app.tab('Conventions');
  await page.getByRole('button', { name: 'Nouvelle convention' }).click();
  await audit(page, 'new convention form');

  // An action's detail, a step's form, and each document.
  await app.openFirst('Devis envoyé');
  await audit(page, 'action detail');
  await page.getByRole('group', { name: 'Étapes possibles' }).getByRole('button', { name: "Annuler l'action" }).click();
  await audit(page, 'step form');
  for (const doc of ['Devis à imprimer', 'Diapositive « Une entreprise de chez nous »']) {
    await page.getByRole('button', { name: doc }).click();
    await audit(page, doc);
    await page.getByRole('button', { name: 'Retour' }).click();
  }

  // The payer's side: the request form, the requests list, the letter once engaged.
  await app.actAs('CCST', 'Paul Agent');
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Demander une intervention' }).first().click();
  await audit(page, 'request form');
  await page.getByLabel('Raison sociale').fill('Garage Dupont');
  await page.getByRole('combobox', { name: 'Commune' }).fill('Delle');
  await page.getByLabel('Téléphone ou e-mail (obligatoire sans SIRET)').fill('03 84 36 00 00');
  await page.getByLabel('Message à la chambre consulaire').fill('Accompagner');
  await page.getByLabel('Demandée le').fill('2021-02-01');
  await page.getByRole('button', { name: 'Envoyer la demande' }).click();
  await app.saved();
  await expect(page.getByTestId('requests')).toContainText('Garage Dupont – Fiche 1 (sans SIRET – Delle – 03 84 36 00 00)');
  await audit(page, 'requests list');
  await app.openFirst('Devis envoyé');
  await app.step('Engager', '2021-02-02');
  await app.saved();

  // The chamber's letter to the beneficiary, then the follow-up of a service done (its form,
  // then the list).
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.openFirst('Engagé');
  await page.getByRole('button', { name: 'Lettre au bénéficiaire' }).click();
  await audit(page, 'letter');
  await page.getByRole('button', { name: 'Retour' }).click();
  await app.step('Service fait', '2021-03-01');
  await page.getByRole('group', { name: 'Étapes possibles' }).getByRole('button', { name: 'Noter les résultats' }).click();
  await audit(page, 'follow-up form');
  await page.getByLabel('Mises en relation entre professionnels').check();
  await page.getByLabel('Date', { exact: true }).fill('2021-03-15');
  await page.getByRole('button', { name: 'Confirmer : Noter les résultats' }).click();
  await expect(page.getByTestId('follow-ups')).toBeVisible();
  await audit(page, 'follow-ups');

  // The import: its preview, and a refused file's problems.
  await app.tab('Échanges');
  await page.getByLabel("Fichier d'échange (.json)").setInputFiles('docs/exemple-echange.json');
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await audit(page, 'import preview');
  await page.getByRole('button', { name: 'Renoncer' }).click();
  await page.getByLabel("Fichier d'échange (.json)").setInputFiles('tests/exchange-corpus/32-wrong-price.json');
  await expect(page.getByTestId('import-problems')).toBeVisible();
  await audit(page, 'import problems');
  expect(found).toEqual([]);
});
