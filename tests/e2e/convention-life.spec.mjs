// Issue 14 (a part: the termination, art. 3.3): the registered letter's date and its
// acknowledgment of receipt are recorded by the side that notified; the notice runs from the
// receipt; the other side sees both after an exchange.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './app.mjs';

test('a termination runs from the acknowledgment of receipt, recorded by the side that notified', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-life-'));
  const contexts = [await browser.newContext({ acceptDownloads: true }), await browser.newContext({ acceptDownloads: true })];
  try {
    const ccst = new App(await contexts[0].newPage());
    const cma = new App(await contexts[1].newPage());
    await ccst.open();
    await cma.open();
    await ccst.actAs('CCST', 'Paul Agent');
    await cma.actAs('CMA BFC', 'Marie Conseillère');

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
    await ccst.tab('Échanges');
    const waiting = ccst.page.waitForEvent('download');
    await ccst.page.getByRole('button', { name: 'Exporter pour CMA BFC' }).click();
    const file = join(dir, 'ccst.json');
    await (await waiting).saveAs(file);
    await cma.tab('Échanges');
    await cma.page.getByLabel("Fichier d'échange (.json)").setInputFiles(file);
    await cma.page.getByRole('button', { name: "Confirmer l'import" }).click();
    await cma.saved();
    await cma.tab('Conventions');
    await expect(cma.page.getByTestId('termination')).toContainText('Résiliation notifiée par CCST');
    await expect(cma.page.getByTestId('termination')).toContainText('effective le 22/06/2021');
    await expect(cma.page.getByRole('form', { name: 'Accusé de réception de la résiliation' })).toHaveCount(0);
    await cma.tab('Tableau de bord');
    await expect(cma.page.getByRole('status', { name: 'Alertes' })).toContainText('la convention prend fin le 22/06/2021');
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await rm(dir, { recursive: true, force: true });
  }
});
