// Issue 14 (part: the journal, art. 2.2 and 2.3): a meeting written by the CMA appears at the CCST
// after an exchange, with its author, and its compte-rendu prints on A4 (participants, decisions,
// the envelope on that date, the source line, no buttons); only its side changes it; the CCST's
// promotion action travels the other way; the bilan counts both.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companyWithConfidentialNote, exportFile, importFile, recordDiffusionRequest, twoMachines } from './app.mjs';

const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

test('a meeting of the CMA reaches the CCST, prints as a compte-rendu; a promotion of the CCST comes back', async ({ browser }, testInfo) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-journal-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2);
    await importFile(ccst, await exportFile(cma, dir, 'devis.json'));
    await ccst.openFirst('Devis envoyé');
    await ccst.step('Engager', '2021-02-01');
    await ccst.saved();
    await importFile(cma, await exportFile(ccst, dir, 'engagement.json'));

    // The CMA records the meeting; it is not offered the payer's promotion.
    await cma.tab('Journal');
    await expect(cma.page.getByRole('button', { name: 'Nouvelle action de promotion' })).toHaveCount(0);
    await cma.page.getByRole('button', { name: 'Nouveau rendez-vous' }).click();
    const form = cma.page.getByRole('form', { name: 'Nouveau rendez-vous' });
    await form.getByLabel('Date', { exact: true }).fill('2021-03-02');
    // Refused with a French reason while a party has no participant; nothing recorded.
    await form.getByLabel('Lieu').fill('Delle, siège de la CCST');
    await form.getByLabel('Décisions').fill('Relancer les entreprises de fiche 2.\nPoint budgétaire en avril.');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form.locator('.form-error')).toHaveText('Le champ « participants de la chambre consulaire » est obligatoire.');
    await form.getByLabel('Participants de la chambre consulaire (un nom par ligne)').fill('Marie Conseillère\nLuc Conseiller');
    await form.getByLabel('Participants du financeur (un nom par ligne)').fill('Paul Agent');
    await form.getByLabel(/^Menuiserie Durand – fiche 2/).check();
    await form.getByLabel('Prochain rendez-vous (facultatif)').fill('2021-04-06');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form).toHaveCount(0);
    const entry = cma.page.getByTestId('journal').getByRole('listitem');
    await expect(entry).toHaveCount(1);
    await expect(entry.getByRole('heading')).toHaveText('Rendez-vous du 02/03/2021');
    await cma.saved();

    // The CCST reads it after the exchange, with its author, and may not change it.
    await importFile(ccst, await exportFile(cma, dir, 'journal.json'));
    await ccst.tab('Journal');
    const theirs = ccst.page.getByTestId('journal').getByRole('listitem');
    await expect(theirs).toContainText('Participants – CMA BFCMarie Conseillère, Luc Conseiller');
    await expect(theirs).toContainText('Menuiserie Durand – fiche 2 (Engagé)');
    await expect(theirs).toContainText(/Écrit par Marie Conseillère \(CMA BFC\), le \d\d\/\d\d\/\d{4} à \d\d:\d\d/);
    await expect(theirs.getByRole('button', { name: 'Modifier' })).toHaveCount(0);

    // Its compte-rendu, printed: the convention, participants, decisions, the envelope on that
    // date, the source line; no buttons.
    await theirs.getByRole('button', { name: 'Compte-rendu' }).click();
    const report = ccst.page.getByTestId('meeting-report');
    await expect(report.getByRole('heading', { level: 2 })).toHaveText('Compte-rendu du rendez-vous du 02/03/2021');
    await ccst.page.emulateMedia({ media: 'print' });
    const pdf = testInfo.outputPath('compte-rendu.pdf');
    await ccst.page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await ccst.page.emulateMedia({ media: 'screen' });
    expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = plain(execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-']).toString('utf8'));
    for (const expected of [
      'Compte-rendu du rendez-vous du 02/03/2021',
      'Lieu Delle, siège de la CCST',
      'Participants – CMA BFC Marie Conseillère, Luc Conseiller',
      'Participants – CCST Paul Agent',
      'Actions évoquées Menuiserie Durand – fiche 2 (Engagé)',
      'Décisions Relancer les entreprises de fiche 2. Point budgétaire en avril.',
      'Prochain rendez-vous 06/04/2021',
      'Enveloppe au 02/03/2021',
      'Disponible 3 800,00 €',
      'Source : CMA BFC – CCST, convention du 27/11/2020',
    ]) {
      expect(text).toContain(expected);
    }
    for (const button of ['Retour au journal', 'Imprimer', 'Compte-rendu du rendez-vous du 02/03/2021 Compte-rendu']) {
      expect(text).not.toContain(button);
    }
    await ccst.page.getByRole('button', { name: 'Retour au journal' }).click();

    // The CCST records a promotion action; the CMA reads it after the exchange.
    await ccst.page.getByRole('button', { name: 'Nouvelle action de promotion' }).click();
    const promo = ccst.page.getByRole('form', { name: 'Nouvelle action de promotion' });
    await promo.getByLabel('Date', { exact: true }).fill('2021-02-15');
    await promo.getByLabel('Support').selectOption({ label: 'Bulletin intercommunal' });
    await promo.getByLabel('Public touché (facultatif)').fill('Artisans du territoire');
    await promo.getByLabel('Texte ou description').fill('Le dispositif Coaching Rebond dans le bulletin de février.');
    await promo.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(ccst.page.getByTestId('journal').getByRole('listitem')).toHaveCount(2);
    await ccst.saved();
    await importFile(cma, await exportFile(ccst, dir, 'promotion.json'));
    await cma.tab('Journal');
    const both = cma.page.getByTestId('journal').getByRole('listitem');
    await expect(both.getByRole('heading')).toHaveText(['Rendez-vous du 02/03/2021', 'Action de promotion du 15/02/2021']);
    await expect(both.nth(1).getByRole('button', { name: 'Modifier' })).toHaveCount(0);

    // The CMA changes its meeting; the change is counted and travels.
    await both.nth(0).getByRole('button', { name: 'Modifier' }).click();
    const change = cma.page.getByRole('form', { name: 'Modifier le rendez-vous' });
    await expect(change.getByLabel('Lieu')).toHaveValue('Delle, siège de la CCST');
    await change.getByLabel('En visio').check();
    await change.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(both.nth(0)).toContainText('LieuVisio');
    await expect(both.nth(0)).toContainText('; modifié 1 fois');
    await cma.saved();
    await importFile(ccst, await exportFile(cma, dir, 'changed.json'));
    await ccst.tab('Journal');
    await expect(ccst.page.getByTestId('journal').getByRole('listitem').nth(0)).toContainText('LieuVisio');

    // The bilan counts the meeting and the promotion.
    await cma.tab('Bilan');
    await cma.page.getByLabel('Bilan au').fill('2021-12-31');
    const row = (name) => cma.page.getByTestId('bilan-journal').getByRole('row', { name: new RegExp(`^${name}`) }).locator('td');
    await expect(row('Rendez-vous tenus')).toHaveText('1');
    await expect(row('Actions de promotion')).toHaveText('1');
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('confidential data are offered for export only after both parties agree, and no longer once one withdraws', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-diffusion-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await companyWithConfidentialNote(cma, 'Dettes URSSAF de 8 000 €.');

    // The CCST records the Région's request and agrees: not enough to export.
    const theirs = await recordDiffusionRequest(ccst, { on: '2021-03-01', recipient: 'Région BFC', what: 'Notes de diagnostic des entreprises en difficulté', purpose: 'Orientation vers le fonds régional' });
    await theirs.getByLabel('Date').fill('2021-03-01');
    await theirs.getByRole('button', { name: "Donner l'accord de CCST" }).click();
    await expect(theirs.getByTestId('diffusion-status')).toHaveText('accord de CMA BFC attendu ; accord de CCST le 01/03/2021 : diffusion non autorisée');
    await expect(theirs.getByRole('button', { name: /Exporter les données confidentielles/ })).toHaveCount(0);
    await ccst.saved();

    // The CMA receives it: still no export until its own agreement.
    await importFile(cma, await exportFile(ccst, dir, 'demande.json'));
    await cma.tab('Journal');
    const mine = cma.page.getByTestId('diffusion-requests').getByRole('listitem');
    await expect(mine.getByRole('heading')).toHaveText('Demande de diffusion du 01/03/2021 (Région BFC)');
    await expect(mine.getByRole('button', { name: /Exporter les données confidentielles/ })).toHaveCount(0);
    await mine.getByLabel('Date').fill('2021-03-02');
    await mine.getByRole('button', { name: "Donner l'accord de CMA BFC" }).click();
    await expect(mine.getByTestId('diffusion-status')).toHaveText('accord de CMA BFC le 02/03/2021 ; accord de CCST le 01/03/2021 : diffusion autorisée');

    // Both agreements stand: the export is offered, with the note and the source.
    const waiting = cma.page.waitForEvent('download');
    await mine.getByRole('button', { name: 'Exporter les données confidentielles (CSV)' }).click();
    const path = join(dir, 'confidentiel.csv');
    await (await waiting).saveAs(path);
    const text = (await readFile(path, 'utf8')).replace(/\u00a0/g, ' ');
    expect(text).toContain('Dettes URSSAF de 8 000 €.');
    expect(text).toContain('Menuiserie Durand');
    expect(text).toContain('Source : CMA BFC – CCST, convention du 27/11/2020');
    await expect(mine.getByTestId('diffusion-status')).toContainText('exportées 1 fois');

    // The CMA withdraws its agreement: the export is no longer offered.
    await mine.getByRole('button', { name: "Retirer l'accord de CMA BFC" }).click();
    await expect(mine.getByTestId('diffusion-status')).toHaveText('accord de CMA BFC attendu ; accord de CCST le 01/03/2021 : diffusion non autorisée ; exportées 1 fois');
    await expect(mine.getByRole('button', { name: /Exporter les données confidentielles/ })).toHaveCount(0);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});
