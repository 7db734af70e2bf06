// Issue 14 (part: fiche 3's "synthèse des offres et demandes de collaboration pour mise en relation
// des professionnels"): the CMA records, in each fiche 3 action, what the company offers and looks
// for; two companies whose offer and demand meet appear as a match in the printed synthesis
// (pdftotext: the match, the source line, no button).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { App } from './app.mjs';

const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

async function offersAndDemands(app, offers, seeks) {
  const form = app.page.getByRole('form', { name: 'Offres et demandes de collaboration' });
  await form.getByLabel("Ce que l'entreprise propose aux autres professionnels (une offre par ligne)").fill(offers);
  await form.getByLabel('Ce qu\'elle recherche (une demande par ligne)').fill(seeks);
  await form.getByRole('button', { name: 'Enregistrer les offres et demandes' }).click();
  await expect(form.locator('.form-error')).toHaveCount(0);
}

test('two fiche 3 companies whose offer and demand meet are a match in the printed synthesis', async ({ page }, testInfo) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  await app.createCompany({ name: 'Ferme des Tilleuls', siret: '73282932000074', commune: 'Delle', activity: 'Maraîchage' });
  await app.createCompany({ name: 'Boulangerie Éclair', siret: '55210055400005', commune: 'Beaucourt', activity: 'Boulangerie' });
  await app.createActionWithDevis('Ferme des Tilleuls', 3);
  await offersAndDemands(app, 'Farine de blé ancien\nŒufs frais', 'Point de vente en ville');
  await app.createActionWithDevis('Boulangerie Éclair', 3);
  await offersAndDemands(app, 'Dépôt de produits fermiers', 'Farines bio');
  await app.saved();
  // Each recording signed by Marie's key, shown under the form once signed.
  const form = page.getByRole('form', { name: 'Offres et demandes de collaboration' });
  await form.getByText('Historique').click();
  await expect(form.getByTestId('proved-steps').getByRole('listitem')).toHaveText([
    /^\d\d\/\d\d\/\d{4} à \d\d:\d\d – Offres et demandes enregistrées – Marie Conseillère \(CMA BFC\) · signé \(clé [0-9a-f]{16}, de ce poste\)$/,
  ]);

  await app.tab('Mise en relation');
  const synthesis = page.getByTestId('network');
  await expect(synthesis.getByRole('row')).toHaveCount(3);
  await expect(page.getByTestId('matches').getByRole('listitem')).toHaveText([
    'Ferme des Tilleuls (Delle) propose « Farine de blé ancien » — Boulangerie Éclair (Beaucourt) recherche « Farines bio »',
  ]);

  await page.emulateMedia({ media: 'print' });
  const pdf = testInfo.outputPath('synthese.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
  const text = plain(execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString('utf8'));
  expect(text).toContain('Synthèse des offres et demandes de collaboration (fiche 3)');
  expect(text).toContain('Ferme des Tilleuls (Delle) propose « Farine de blé ancien » — Boulangerie Éclair (Beaucourt) recherche « Farines bio »');
  expect(text).toContain('Source : CMA BFC – CCST, convention du 27/11/2020');
  expect(text).not.toContain('Imprimer');
});
