// Issue 14 (a part: the termination, art. 3.3): the registered letter's date and its
// acknowledgment of receipt are recorded by the side that notified; the notice runs from the
// receipt; the other side sees both after an exchange.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFile, confirmImport, exportFile, twoMachines } from './app.mjs';

test('a termination runs from the acknowledgment of receipt, recorded by the side that notified', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-life-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await ccst.tab('Conventions');
    const form = ccst.page.getByRole('form', { name: 'Notifier une résiliation' });
    await form.getByLabel('Lettre recommandée du').fill('2021-03-15');
    await form.getByLabel('Manquement constaté').fill('Engagements non tenus');
    await form.getByRole('button', { name: 'Enregistrer la notification' }).click();
    await ccst.saved();
    const notice = ccst.page.getByTestId('termination');
    await expect(notice).toContainText('accusé de réception non encore enregistré ; effective le 15/06/2021');
    const receipt = ccst.page.getByRole('form', { name: 'Accusé de réception de la résiliation' });
    await receipt.getByLabel('Accusé de réception du').fill('2021-03-12');
    await receipt.getByRole('button', { name: "Enregistrer l'accusé de réception" }).click();
    await expect(receipt).toContainText('précède celle de l\'étape précédente');
    await receipt.getByLabel('Accusé de réception du').fill('2021-03-22');
    await receipt.getByRole('button', { name: "Enregistrer l'accusé de réception" }).click();
    await ccst.saved();
    await expect(notice).toContainText('reçue le 22/03/2021 (accusé de réception) ; effective le 22/06/2021');

    // The CMA sees the notice and its receipt, and is not offered to record the CCST's receipt.
    const file = await exportFile(ccst, dir, 'ccst.json');
    // Paul's key confirmed by its fingerprint, as on a first import.
    await chooseFile(cma, file, { takeUnsigned: false });
    await expect(cma.page.getByTestId('import-preview')).toContainText('accusé de réception enregistré le 22/03/2021 par Paul Agent (CCST)');
    await confirmImport(cma, { takeUnsigned: false });
    await cma.tab('Conventions');
    await expect(cma.page.getByTestId('termination')).toContainText('Résiliation notifiée par CCST');
    await expect(cma.page.getByTestId('termination')).toContainText('effective le 22/06/2021');
    // Both steps signed by Paul's key, each under its own stamp, shown with their proof.
    const proofs = cma.page.getByTestId('proved-steps');
    await proofs.getByText('Historique').click();
    await expect(proofs.getByRole('listitem')).toHaveText([
      /^\d\d\/\d\d\/\d{4} à \d\d:\d\d – Résiliation notifiée – Paul Agent \(CCST\) · signé \(clé [0-9a-f]{16}, reconnue le /,
      /^\d\d\/\d\d\/\d{4} à \d\d:\d\d – Accusé de réception enregistré – Paul Agent \(CCST\) · signé \(clé [0-9a-f]{16}, reconnue le /,
    ]);
    await expect(cma.page.getByRole('form', { name: 'Accusé de réception de la résiliation' })).toHaveCount(0);
    await cma.tab('Tableau de bord');
    await expect(cma.page.getByRole('status', { name: 'Alertes' })).toContainText('la convention prend fin le 22/06/2021');
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a termination typed at the CMA under the CCST\'s name is refused at the CCST, in words', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-life-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    // At the CMA: a company signed by Marie, then « Changer » → CCST and a termination notified.
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2);
    await cma.saved();
    await cma.actAs('CCST', 'Quelqu\'un');
    await cma.tab('Conventions');
    const form = cma.page.getByRole('form', { name: 'Notifier une résiliation' });
    await form.getByLabel('Lettre recommandée du').fill('2021-03-15');
    await form.getByLabel('Manquement constaté').fill('Engagements non tenus');
    await form.getByRole('button', { name: 'Enregistrer la notification' }).click();
    await cma.saved();
    await cma.actAs('CMA BFC', 'Marie Conseillère');
    // Before exporting, Marie is told the CCST will refuse it, and why.
    await cma.tab('Échanges');
    await expect(cma.page.getByTestId('signed-here')).toContainText('« Résiliation notifiée » de la résiliation notifiée le 15/03/2021');
    const file = await exportFile(cma, dir, 'cma.json');

    // At the CCST: the notice refused, with the step, who and the key; nothing else asked.
    await chooseFile(ccst, file, { confirmKeys: false, takeUnsigned: false });
    const preview = ccst.page.getByTestId('import-preview');
    await expect(preview).toContainText(/Résiliation de la convention \(art\. 3\.3\) : l'étape « Résiliation notifiée » le \d\d\/\d\d\/\d{4} à \d\d:\d\d par Quelqu'un \(CCST\) est refusée : signé par la clé [0-9a-f]{16} de « Quelqu'un » \(CCST\), que vous n'avez pas reconnue/);
    await confirmImport(ccst, { confirmKeys: false, takeUnsigned: false });
    await ccst.tab('Conventions');
    await expect(ccst.page.getByTestId('termination')).toHaveCount(0);
    await expect(ccst.page.getByRole('form', { name: 'Notifier une résiliation' })).toBeVisible();
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});
