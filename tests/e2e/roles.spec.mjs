// Issue 13: who does what, for every convention. Two machines (browser contexts with their own
// storage): the CCST asks, the CMA answers; each side is offered only its own gestures and every
// file it exports is taken by the other; a convention created in the app travels with its file; an
// import lands in the file's convention whatever the picker shows; data written by version 1 with
// the CCST's records of the chamber's steps exports a file the CMA imports. The follow-up of an action
// (issue 14, art. 2.3) travels from the CMA to the CCST.
import { test, expect } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, chooseFile, confirmImport, euros, exportFile, importFile, rawRecord, twoMachines } from './app.mjs';

test('the CCST asks, the CMA answers with a devis, the CCST engages, the CMA sees it', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-roles-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    // The CCST is not offered the chamber's records; it asks.
    await ccst.tab('Entreprises');
    await expect(ccst.page.getByRole('button', { name: 'Nouvelle entreprise' })).toHaveCount(0);
    await ccst.page.getByRole('button', { name: 'Demander une intervention' }).click();
    const form = ccst.page.getByRole('form', { name: "Demande d'intervention" });
    await form.getByLabel('Raison sociale').fill('Garage Dupont');
    await form.getByLabel("SIRET (14 chiffres, si vous l'avez)").fill('443 061 841 00047');
    await form.getByRole('combobox', { name: 'Commune' }).fill('beaucourt');
    await form.getByLabel('Fiche action').selectOption('1');
    await form.getByLabel('Demandée le').fill('2021-03-01');
    await form.getByLabel('Message à la chambre consulaire').fill('Difficultés de trésorerie depuis le confinement');
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    await ccst.saved();
    const requests = ccst.page.getByTestId('requests');
    await expect(requests).toContainText('Garage Dupont – Fiche 1');
    await expect(requests).toContainText('En attente de réponse');
    await expect(requests.getByRole('button', { name: 'Donner suite' })).toHaveCount(0);
    const asked = await exportFile(ccst, dir, 'demande.json');

    // The CMA sees the request waiting, on the dashboard and in the list, and takes it up.
    await importFile(cma, asked);
    await cma.tab('Tableau de bord');
    await expect(cma.page.getByTestId('waiting-requests')).toContainText('1 demande(s) en attente');
    await cma.page.getByRole('button', { name: 'Voir les demandes' }).click();
    await cma.page.getByTestId('requests').getByRole('button', { name: 'Donner suite' }).click();
    const accept = cma.page.getByRole('form', { name: 'Donner suite à la demande' });
    await accept.getByLabel('Nombre de salariés').fill('2');
    await accept.getByLabel('Activité').fill('Garage automobile');
    await accept.getByLabel('Besoin identifié le').fill('2021-03-02');
    await expect(accept.getByLabel('Besoin identifié', { exact: true })).toHaveValue('Difficultés de trésorerie depuis le confinement');
    await accept.getByRole('button', { name: "Ouvrir l'action" }).click();
    await cma.saved();
    await expect(cma.page.getByTestId('action-status')).toHaveText('Besoin identifié');
    await expect(cma.page.locator('details.history')).toContainText('Intervention demandée');
    await cma.step('Envoyer le devis', '2021-03-03');
    await cma.saved();
    const devis = await exportFile(cma, dir, 'devis.json');

    // The CCST sees the answer and the devis; it is offered its own steps only.
    await importFile(ccst, devis);
    await ccst.tab('Actions');
    await expect(ccst.page.getByTestId('requests')).toContainText('Prise en charge le 02/03/2021');
    await ccst.openFirst('Devis envoyé');
    const steps = ccst.page.getByRole('group', { name: 'Étapes possibles' });
    await expect(steps.getByRole('button')).toHaveText(['Annuler l\'action', 'Engager', 'Refuser le devis']);
    await expect(ccst.page.getByRole('textbox', { name: 'Note de diagnostic' })).toHaveCount(0);
    await expect(ccst.page.getByRole('button', { name: 'Lettre au bénéficiaire' })).toHaveCount(0);
    await ccst.step('Engager', '2021-03-05');
    await ccst.saved();
    const engaged = await exportFile(ccst, dir, 'engagement.json');

    // The CMA sees the engagement; the letter is now offered, dated from it.
    await importFile(cma, engaged);
    await expect(await cma.available()).toHaveText(euros('4 700,00 €'));
    await cma.openFirst('Engagé');
    await expect(cma.page.getByRole('group', { name: 'Étapes possibles' }).getByRole('button')).toHaveText(['Annuler l\'action', 'Service fait']);
    await cma.page.getByRole('button', { name: /Lettre/ }).click();
    await expect(cma.page.locator('article.letter .date')).toHaveText('Le 05/03/2021');

    // Once the service is done, the CMA records what became of the company (art. 2.3); the CCST
    // reads it after the next exchange and is not offered the chamber's gesture.
    await cma.page.getByRole('button', { name: 'Retour' }).click();
    await cma.openFirst('Engagé');
    await cma.step('Service fait', '2021-04-01');
    await cma.step('Noter les résultats', '2021-05-10', async (p) => {
      await p.getByLabel('Étalement des dettes fiscales et sociales').check();
      await p.getByLabel('Médiation du crédit (Banque de France)').check();
    });
    await cma.saved();
    await importFile(ccst, await exportFile(cma, dir, 'suite.json'));
    await ccst.openFirst('Service fait');
    await expect(ccst.page.getByTestId('follow-ups')).toHaveText(
      '10/05/2021 – Étalement des dettes fiscales et sociales ; Médiation du crédit (Banque de France) (Marie Conseillère)',
    );
    await expect(ccst.page.getByRole('group', { name: 'Étapes possibles' }).getByRole('button', { name: 'Noter les résultats' })).toHaveCount(0);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('every gesture offered to a CCST agent gives a file the CMA takes, and the CMA\'s answer comes back', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-roles-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2);
    const first = await exportFile(cma, dir, 'cma.json');
    await importFile(ccst, first);
    // Every gesture the CCST's screens offer, taken: companies tab, request for a known company,
    // the action's steps.
    await ccst.tab('Entreprises');
    const row = ccst.page.getByRole('row', { name: /Menuiserie Durand/ });
    await expect(row.getByRole('button', { name: 'Modifier' })).toHaveCount(0);
    await expect(row.getByRole('button', { name: 'Nouvelle action' })).toHaveCount(0);
    await row.getByRole('button', { name: 'Demander une intervention' }).click();
    const form = ccst.page.getByRole('form', { name: "Demande d'intervention" });
    await form.getByLabel('Demandée le').fill('2021-02-01');
    await form.getByLabel('Message à la chambre consulaire').fill('Volet circuits courts');
    await form.getByLabel('Fiche action').selectOption('3');
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    await ccst.saved();
    await ccst.openFirst('Devis envoyé');
    await ccst.step('Refuser le devis', '2021-02-02', async (p) => p.getByLabel('Raison').fill('Hors budget'));
    await ccst.saved();
    const back = await exportFile(ccst, dir, 'ccst.json');
    // The CMA takes it whole: the refusal and the request.
    await chooseFile(cma, back);
    await expect(cma.page.getByTestId('import-preview')).toContainText("Nouvelles demandes d'intervention (1)");
    await confirmImport(cma);
    await cma.openFirst('Refusé');
    await expect(cma.page.getByTestId('action-status')).toHaveText('Refusé');
    // The CMA declines the request; the CCST reads the reason after the next exchange.
    await cma.tab('Actions');
    await cma.page.getByTestId('requests').getByRole('button', { name: 'Décliner' }).click();
    const decline = cma.page.getByRole('form', { name: 'Décliner la demande' });
    await decline.getByLabel('Date').fill('2021-02-03');
    await decline.getByLabel('Raison (lue par le financeur)').fill('Pas de producteur local concerné');
    await decline.getByRole('button', { name: 'Décliner' }).click();
    await cma.saved();
    await importFile(ccst, await exportFile(cma, dir, 'cma2.json'));
    await ccst.tab('Actions');
    await expect(ccst.page.getByTestId('requests')).toContainText('Déclinée le 03/02/2021 : Pas de producteur local concerné');
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a convention created in the app is exchanged both ways', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-roles-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await cma.createConvention({
      title: 'Pacte régional – Vosges du Sud',
      payer: 'Communauté de Communes des Vosges du Sud',
      short: 'CCVS',
      communes: ['Giromagny', 'Rougemont-le-Château'],
      envelope: '3000',
      aidBasis: 'Régime cadre temporaire Covid-19 (SA.56985)',
    });
    await cma.createCompany({ name: 'Scierie Girard', siret: '73282932000074', commune: 'Giromagny' });
    await cma.createActionWithDevis('Scierie Girard', 2);
    const file = await exportFile(cma, dir, 'ccvs.json');
    expect(JSON.parse(await readFile(file, 'utf8')).convention_id).not.toBe('ccst-cma-2020');

    // The other machine does not have it: its terms are shown, and it is added on request.
    await chooseFile(ccst, file);
    const offer = ccst.page.getByTestId('convention-offer');
    await expect(offer).toContainText('Communauté de Communes des Vosges du Sud (CCVS)');
    await expect(offer).toContainText(euros('3 000,00 €'));
    await expect(offer).toContainText('Giromagny, Rougemont-le-Château');
    await ccst.page.getByRole('button', { name: "Ajouter cette convention et poursuivre l'import" }).click();
    await confirmImport(ccst);
    // Choosing the same file again: one convention, nothing new.
    await chooseFile(ccst, file);
    await expect(ccst.page.getByTestId('nothing-new')).toBeVisible();
    await ccst.page.getByRole('button', { name: 'Renoncer' }).click();
    await expect(ccst.page.locator('#convention-picker option')).toHaveCount(2);
    await ccst.openFirst('Devis envoyé');
    await ccst.step('Engager', '2021-02-01');
    await ccst.saved();
    await importFile(cma, await exportFile(ccst, dir, 'ccvs-back.json'));
    await expect(await cma.available()).toHaveText(euros('1 800,00 €'));
    // The beneficiary letter states the legal basis the parties chose for this convention.
    await cma.openFirst('Engagé');
    await cma.page.getByRole('button', { name: 'Lettre au bénéficiaire' }).click();
    await expect(cma.page.getByTestId('aid-basis')).toContainText('régime cadre temporaire');
    await expect(cma.page.getByTestId('aid-basis')).toContainText('SA.56985');
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('an import lands in the convention its file names, whatever the picker shows', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-roles-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 1);
    const file = await exportFile(cma, dir, 'seed.json');
    await ccst.createConvention({ title: 'Autre convention', payer: 'Autre EPCI', short: 'AE', communes: ['Delle'] });
    await chooseFile(ccst, file);
    await expect(ccst.page.getByTestId('import-preview')).toContainText('Nouvelles actions (1)');
    // Switch the picker to the other convention, then confirm.
    const other = await ccst.page.locator('#convention-picker option', { hasText: 'Autre convention' }).getAttribute('value');
    await ccst.page.locator('#convention-picker').selectOption(other);
    await confirmImport(ccst);
    await ccst.tab('Actions');
    await expect(ccst.page.locator('table.list tbody tr')).toHaveCount(0);
    await ccst.page.locator('#convention-picker').selectOption('ccst-cma-2020');
    await ccst.tab('Actions');
    await expect(ccst.page.locator('table.list tbody tr')).toHaveCount(1);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('data stored by version 1 with the CCST creating the chamber\'s records is kept and exports a file the CMA takes', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-roles-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    // The CCST's browser holds what version 1 let its agent write.
    await rawRecord(ccst.page, 'ccst-cma-2020', await readFile('tests/fixtures/v1/stored-ccst-created.json', 'utf8'));
    await ccst.page.reload();
    await ccst.tab('Tableau de bord');
    const aside = ccst.page.getByTestId('set-aside');
    await expect(aside.locator('li')).toHaveCount(3);
    await expect(aside).toContainText('Garage Dupont');
    await expect(aside).toContainText("Note de l'action Boulangerie Martin – Fiche 2");
    await expect(aside).not.toContainText('ac-cma');
    await ccst.tab('Actions');
    await expect(ccst.page.getByTestId('requests')).toContainText('Garage Dupont – Fiche 1');
    await ccst.tab('Échanges');
    await expect(ccst.page.getByTestId('left-out')).toContainText('Boulangerie Martin');
    const file = await exportFile(ccst, dir, 'ccst.json');

    // The CMA, which had sent its devis under version 1, takes the CCST's file.
    await importFile(cma, 'tests/fixtures/v1/echange-cma-vers-ccst.json');
    await chooseFile(cma, file);
    await expect(cma.page.getByTestId('import-preview')).toContainText("Nouvelles demandes d'intervention (1)");
    await confirmImport(cma);
    await expect(await cma.available()).toHaveText(euros('3 800,00 €'));
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});
