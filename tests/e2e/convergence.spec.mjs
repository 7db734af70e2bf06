// Issue 27 (machines that received the same files hold the same state): the crossed withdrawal.
// A diffusion request (art. 3.1) agreed by both parties; the CCST withdraws its agreement and,
// before that file arrives, the CMA exports the confidential CSV. Each then imports the other's
// file: nothing is "non repris", both machines show the withdrawal in force, the export recorded
// as made before it arrived, in the same words. The CCST, which holds no confidential note, is
// never offered the confidential export.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFile, companyWithConfidentialNote, confirmImport, exportFile, importFile, recordDiffusionRequest, twoMachines } from './app.mjs';

test('an export crossing a withdrawal: both machines end alike, the withdrawal in force, nothing set aside', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-crossed-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await companyWithConfidentialNote(cma, 'Dettes URSSAF de 8 000 €.');

    // The CCST records the Région's request and agrees; the CMA agrees too.
    const theirs = await recordDiffusionRequest(ccst, { on: '2021-03-01', recipient: 'Région BFC', what: 'Notes de diagnostic', purpose: 'Orientation vers le fonds régional' });
    await theirs.getByLabel('Date').fill('2021-03-01');
    await theirs.getByRole('button', { name: "Donner l'accord de CCST" }).click();
    await ccst.saved();
    await importFile(cma, await exportFile(ccst, dir, 'demande.json'));
    await cma.tab('Journal');
    const mine = cma.page.getByTestId('diffusion-requests').getByRole('listitem');
    await mine.getByLabel('Date').fill('2021-03-02');
    await mine.getByRole('button', { name: "Donner l'accord de CMA BFC" }).click();
    await cma.saved();
    await importFile(ccst, await exportFile(cma, dir, 'accord.json'));

    // Both agreements stand at the CCST, which holds no confidential note: nothing to export.
    await ccst.tab('Journal');
    await expect(theirs.getByTestId('diffusion-status')).toHaveText('accord de CMA BFC le 02/03/2021 ; accord de CCST le 01/03/2021 : diffusion autorisée');
    await expect(theirs.getByRole('button', { name: /Exporter les données confidentielles/ })).toHaveCount(0);
    await expect(theirs.getByTestId('nothing-to-export')).toHaveText('Cette machine ne détient aucune note confidentielle : rien à exporter.');

    // The CCST withdraws; before that file arrives, the CMA exports the confidential data.
    await theirs.getByLabel('Date').fill('2021-03-03');
    await theirs.getByRole('button', { name: "Retirer l'accord de CCST" }).click();
    await ccst.saved();
    const withdrawal = await exportFile(ccst, dir, 'retrait.json');
    await cma.tab('Journal');
    const waiting = cma.page.waitForEvent('download');
    await mine.getByRole('button', { name: 'Exporter les données confidentielles (CSV)' }).click();
    await waiting;
    await expect(mine.getByTestId('diffusion-status')).toContainText('exportées 1 fois');
    await cma.saved();
    const exported = await exportFile(cma, dir, 'export.json');

    // Each imports the other's file: taken whole, the crossing said in words.
    const crossing = /^Données exportées le \d\d\/\d\d\/\d{4} par Marie Conseillère \(CMA BFC\) alors que CCST avait retiré son accord le 03\/03\/2021 : ce retrait ne lui était pas encore parvenu\. L'export reste enregistré ; le retrait est en vigueur et aucune nouvelle diffusion n'est possible sans un nouvel accord \(art\. 3\.1\)\.$/;
    for (const [app, file] of [[cma, withdrawal], [ccst, exported]]) {
      await chooseFile(app, file);
      const preview = app.page.getByTestId('import-preview');
      await expect(preview).toBeVisible();
      await expect(preview).not.toContainText('Non repris');
      await expect(preview).not.toContainText("n'apporte rien de nouveau");
      await expect(preview).toContainText("ce retrait ne lui était pas encore parvenu");
      await confirmImport(app);
    }
    const words = [];
    for (const app of [cma, ccst]) {
      await app.tab('Journal');
      const item = app.page.getByTestId('diffusion-requests').getByRole('listitem');
      await expect(item.getByTestId('diffusion-status')).toHaveText('accord de CMA BFC le 02/03/2021 ; accord de CCST attendu : diffusion non autorisée ; exportées 1 fois');
      await expect(item.getByTestId('diffusion-crossing')).toHaveText(crossing);
      await expect(item.getByRole('button', { name: /Exporter les données confidentielles/ })).toHaveCount(0);
      words.push(await item.getByTestId('diffusion-crossing').textContent());
    }
    expect(words[0]).toBe(words[1]);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});
