// The import's preview says each change in words: the step, its date, who took it for which party,
// the amount, and the reason of an invoice below its devis — not a count. What arrived stays on the
// dashboard ("Reçu le … de …") until the user dismisses it.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFile, confirmImport, euros, exportFile, twoMachines } from './app.mjs';

test('devis, engagement, service, an invoice below its devis and a follow-up, each said in words', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-words-'));
  const { cma, ccst, close } = await twoMachines(browser);
  await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
  await cma.createActionWithDevis('Menuiserie Durand', 3);
  await cma.saved();

  // The CCST reads the devis: who sent it, when, for how much.
  await chooseFile(ccst, await exportFile(cma, dir, 'devis.json'));
  const preview = ccst.page.getByTestId('import-preview');
  await expect(preview).toContainText('Nouvelles actions (1)');
  await expect(preview).toContainText(
    euros('devis envoyé le 20/01/2021 par Marie Conseillère (CMA BFC), 600,00 € : n° D-2021-MC-001'),
  );
  await confirmImport(ccst);
  await ccst.openFirst('Devis envoyé');
  await ccst.step('Engager', '2021-01-25');
  await ccst.saved();

  // The CMA reads the engagement: by whom, when, the amount now held.
  await chooseFile(cma, await exportFile(ccst, dir, 'engagement.json'));
  await expect(cma.page.getByTestId('import-preview')).toContainText(
    euros('devis engagé le 25/01/2021 par Paul Agent (CCST), 600,00 €'),
  );
  await confirmImport(cma);

  // Service, an invoice below the devis with its reason, and a follow-up.
  await cma.openFirst('Engagé');
  await cma.step('Service fait', '2021-02-10');
  await cma.step('Facturer', '2021-02-12', async (page) => {
    await page.getByLabel('Numéro de facture').fill('F-7');
    await page.getByLabel('Montant facturé (net de taxes)').fill('540');
    await page.getByLabel("Raison de l'écart (si le montant est inférieur au devis)").fill('Une visite de moins');
  });
  await cma.step('Noter les résultats', '2021-05-10', async (page) => {
    await page.getByLabel('Commentaire (transmis au financeur : rien de confidentiel)').fill('Deux clients de plus');
  });
  await cma.saved();
  await chooseFile(ccst, await exportFile(cma, dir, 'facture.json'));
  const words = ccst.page.getByTestId('import-preview');
  await expect(words).toContainText('service fait le 10/02/2021 par Marie Conseillère (CMA BFC)');
  await expect(words).toContainText(
    euros('facture enregistrée le 12/02/2021 par Marie Conseillère (CMA BFC), 540,00 € : pour un devis de 600,00 € : motif Une visite de moins'),
  );
  await expect(words).toContainText('suite enregistrée le 10/05/2021 par Marie Conseillère (CMA BFC) : Deux clients de plus');
  // The envelope's before and after are the amounts said above.
  await expect(ccst.page.getByTestId('available-before')).toHaveText(euros('4 400,00 €'));
  await expect(ccst.page.getByTestId('available-after')).toHaveText(euros('4 460,00 €'));
  await confirmImport(ccst);

  // What arrived stays on the dashboard, in the same words, until dismissed — a reload included.
  await ccst.tab('Tableau de bord');
  const received = ccst.page.getByTestId('received');
  await expect(received.getByRole('heading')).toHaveText(/^Reçu le \d\d\/\d\d\/\d{4} à \d\d:\d\d de Marie Conseillère \(CMA BFC\)$/);
  await expect(received).toContainText(
    euros('Menuiserie Durand – Fiche 3 – Mise en réseau et promotion des circuits courts : facture enregistrée le 12/02/2021 par Marie Conseillère (CMA BFC), 540,00 € : pour un devis de 600,00 € : motif Une visite de moins'),
  );
  await ccst.page.reload();
  await expect(ccst.page.getByTestId('received')).toContainText('service fait le 10/02/2021');
  await ccst.page.getByTestId('received').getByRole('button', { name: "J'ai pris connaissance" }).click();
  await expect(ccst.page.getByTestId('received')).toHaveCount(0);
  await ccst.page.reload();
  await expect(ccst.page.getByTestId('available')).toBeVisible();
  await expect(ccst.page.getByTestId('received')).toHaveCount(0);

  await close();
  await rm(dir, { recursive: true, force: true });
});

test('an amendment proposed by the chamber is said with its change, to be accepted by the payer', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-words-'));
  const { cma, ccst, close } = await twoMachines(browser);
  await cma.tab('Conventions');
  const proposal = cma.page.getByRole('form', { name: 'Proposer un avenant' });
  await proposal.getByLabel('Proposé le').fill('2021-12-15');
  await proposal.getByLabel('Nouvelle date de fin').fill('2022-06-30');
  await proposal.getByRole('button', { name: "Proposer l'avenant" }).click();
  await cma.saved();
  await chooseFile(ccst, await exportFile(cma, dir, 'avenant.json'));
  await expect(ccst.page.getByTestId('import-preview')).toContainText(
    'avenant proposé le 15/12/2021 par Marie Conseillère (CMA BFC) : fin 31/12/2021 → 30/06/2022, à accepter par vous',
  );
  await confirmImport(ccst);
  await close();
  await rm(dir, { recursive: true, force: true });
});
