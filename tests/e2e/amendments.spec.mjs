// Issue 14 (part: the convention's life, art. 3.2): an amendment extending the end date, proposed
// by the CMA, changes nothing until the CCST accepts it after an exchange; then an engagement dated
// after 31/12/2021 goes through, and the CMA holds the same amended convention after the next
// exchange. Issue 25: the pending amendment is on both dashboards — to accept, with a button, for
// the CCST; waiting, for the CMA — and the engagement refused for the period names it.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportFile, importFile, twoMachines } from './app.mjs';

test('an avenant proposed by the CMA, accepted by the CCST, lets an engagement after 31/12/2021 through', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-avenant-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2, { identified: '2021-12-01', sent: '2021-12-10' });
    await cma.saved();

    // The CMA proposes the extension; it is not offered the acceptance of its own proposal.
    await cma.tab('Conventions');
    const proposal = cma.page.getByRole('form', { name: 'Proposer un avenant' });
    await proposal.getByLabel('Proposé le').fill('2021-12-15');
    await proposal.getByRole('button', { name: "Proposer l'avenant" }).click();
    await expect(proposal.locator('.form-error')).toHaveText("L'avenant doit changer au moins la date de fin, l'enveloppe, les communes ou les prix.");
    await proposal.getByLabel('Nouvelle date de fin').fill('2022-06-30');
    await proposal.getByRole('button', { name: "Proposer l'avenant" }).click();
    const mine = cma.page.getByTestId('amendments').getByRole('listitem').first();
    await expect(mine.getByRole('heading')).toHaveText('Avenant proposé le 15/12/2021 par Marie Conseillère (CMA BFC)');
    await expect(mine).toContainText('Fin du dispositif portée au 30/06/2022');
    await expect(mine.getByTestId('amendment-status')).toHaveText("En attente de l'accord de CCST : ne change rien d'ici là.");
    await expect(mine.getByRole('button', { name: "Accepter l'avenant" })).toHaveCount(0);
    await cma.saved();
    // The proposer's dashboard says it waits for the other party: information, not a task.
    await cma.tab('Tableau de bord');
    const cmaAlerts = cma.page.getByRole('status', { name: 'Alertes' });
    await expect(cmaAlerts).toContainText("Avenant proposé le 15/12/2021 (Fin du dispositif portée au 30/06/2022) : en attente de l'accord de CCST ; rien ne change d'ici là (art. 3.2).");
    await expect(cmaAlerts.getByRole('button', { name: "Voir l'avenant à accepter" })).toHaveCount(0);
    await importFile(ccst, await exportFile(cma, dir, 'proposition.json'));

    // The CCST's dashboard says it is theirs to accept, and leads there.
    await ccst.tab('Tableau de bord');
    const ccstAlerts = ccst.page.getByRole('status', { name: 'Alertes' });
    await expect(ccstAlerts).toContainText('Avenant proposé le 15/12/2021 par Marie Conseillère (CMA BFC) : Fin du dispositif portée au 30/06/2022. À accepter par vous (art. 3.2) : rien ne change avant votre accord.');

    // Before acceptance, the CCST cannot engage after 31/12/2021: the refusal names the amendment.
    await ccst.openFirst('Devis envoyé');
    await ccst.step('Engager', '2022-01-15');
    await expect(ccst.page.locator('.form-error')).toHaveText("La date 15/01/2022 est hors de la période de la convention (du 27/11/2020 au 31/12/2021). Avenant proposé le 15/12/2021 porte la fin au 30/06/2022 mais attend l'accord de CCST : une fois accepté, cette date sera possible.");

    // The CCST accepts it, from its dashboard's button: in force.
    await ccst.tab('Tableau de bord');
    await ccstAlerts.getByRole('button', { name: "Voir l'avenant à accepter" }).click();
    await expect(ccst.page.getByTestId('amendments')).toBeVisible();
    const theirs = ccst.page.getByTestId('amendments').getByRole('listitem').first();
    await theirs.getByLabel('Accepté le').fill('2021-12-20');
    await theirs.getByRole('button', { name: "Accepter l'avenant" }).click();
    await expect(theirs.getByTestId('amendment-status')).toHaveText('En vigueur : accepté le 20/12/2021 par Paul Agent (CCST).');
    await ccst.tab('Tableau de bord');
    await expect(ccst.page.locator('section.convention')).toContainText('du 27/11/2020 au 30/06/2022');
    await expect(ccstAlerts).not.toContainText('Avenant proposé');

    // Now the engagement of 15/01/2022 goes through.
    await ccst.openFirst('Devis envoyé');
    await ccst.step('Engager', '2022-01-15');
    await expect(ccst.page.getByTestId('action-status')).toHaveText('Engagé');
    await ccst.saved();

    // The CMA takes the acceptance and the engagement in one file.
    await importFile(cma, await exportFile(ccst, dir, 'acceptation.json'));
    await cma.tab('Conventions');
    await expect(cma.page.getByTestId('amendments').getByTestId('amendment-status')).toHaveText('En vigueur : accepté le 20/12/2021 par Paul Agent (CCST).');
    await cma.openFirst('Engagé');
    await expect(cma.page.getByTestId('action-status')).toHaveText('Engagé');
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});
