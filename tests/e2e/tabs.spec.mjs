// Two tabs of one browser on the same convention, the second unable to hear the first (its tab
// channel and storage events silenced, as a tab asleep or a lost broadcast): its change is never
// refused for being second — the two versions are merged on save; only a record changed in both
// tabs asks the user, as an import's conflict does.
import { test, expect } from '@playwright/test';
import { App } from './app.mjs';

const SIRET = '73282932000074';

/** A tab that hears no other tab: no BroadcastChannel message, no storage event. */
async function deafTab(context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.BroadcastChannel = class {
      postMessage() {}
      close() {}
      addEventListener() {}
      removeEventListener() {}
      set onmessage(_) {}
      get onmessage() {
        return null;
      }
    };
    window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true);
  });
  return new App(page);
}

test('two tabs each record a company: both are kept, nobody is asked to choose', async ({ context }) => {
  const one = new App(await context.newPage());
  await one.open();
  await one.actAs('CMA BFC', 'Marie Conseillère');
  await one.saved();
  const two = await deafTab(context);
  await two.open();
  await expect(two.page.getByTestId('identity')).toContainText('Marie Conseillère');

  await one.createCompany({ name: 'Menuiserie Durand', siret: SIRET, commune: 'Delle' });
  await one.saved();
  // The second tab did not hear it, and records its own company.
  await expect(two.page.getByText('Menuiserie Durand')).toHaveCount(0);
  await two.createCompany({ name: 'Boulangerie Roy', siret: SIRET, commune: 'Croix' });
  await two.saved();
  await expect(two.page.getByTestId('flash')).toHaveText('Entreprise créée — modification enregistrée.');
  await expect(two.page.getByTestId('save-error')).toHaveCount(0);
  await expect(two.page.getByTestId('tab-conflict')).toHaveCount(0);
  // The merged version is on screen at once, and stored.
  await expect(two.page.getByRole('row', { name: /Menuiserie Durand/ })).toBeVisible();
  for (const app of [one, two]) {
    await app.page.reload();
    await app.tab('Entreprises');
    await expect(app.page.getByRole('row', { name: /Menuiserie Durand/ })).toBeVisible();
    await expect(app.page.getByRole('row', { name: /Boulangerie Roy/ })).toBeVisible();
  }
});

test('the same company changed in both tabs: the later change stands in both, nobody is asked', async ({ context }) => {
  const one = new App(await context.newPage());
  await one.open();
  await one.actAs('CMA BFC', 'Marie Conseillère');
  await one.createCompany({ name: 'Menuiserie Durand', siret: SIRET, commune: 'Delle' });
  await one.saved();
  const two = await deafTab(context);
  await two.open();
  await two.tab('Entreprises');
  await expect(two.page.getByRole('row', { name: /Menuiserie Durand/ })).toBeVisible();

  const edit = async (app, activity) => {
    await app.tab('Entreprises');
    await app.page.getByRole('row', { name: /Menuiserie Durand/ }).getByRole('button', { name: 'Modifier' }).click();
    await app.page.getByLabel('Activité', { exact: true }).fill(activity);
    await app.page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  };
  await edit(one, 'Ébénisterie');
  await one.saved();
  await edit(two, 'Charpente');

  // Tab two missed tab one's save: its save merges both versions, the later change stands
  // (docs/echange.md, "Gestes croisés"), and nothing waits for a choice.
  await two.saved();
  await expect(two.page.getByTestId('tab-conflict')).toHaveCount(0);
  for (const app of [two, one]) {
    await app.page.reload();
    await app.tab('Entreprises');
    await expect(app.page.getByRole('row', { name: /Menuiserie Durand/ })).toContainText('Charpente');
  }
});
