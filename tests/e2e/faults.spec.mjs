// Issue 8: faults in the browser end with a clear French message and no record lost or silently
// altered.
import { test, expect } from '@playwright/test';
import { App, euros } from './app.mjs';

const EXAMPLE = 'docs/exemple-echange.json';

async function importExample(app, { confirm = true } = {}) {
  await app.tab('Échanges');
  await app.page.getByLabel("Fichier d'échange (.json)").setInputFiles(EXAMPLE);
  await expect(app.page.getByTestId('import-preview')).toBeVisible();
  if (confirm) await app.page.getByRole('button', { name: "Confirmer l'import" }).click();
}

test('storage cleared while the app is open: said, data kept on screen, written again', async ({ page, context }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CCST', 'Paul Agent');
  await importExample(app);
  await app.saved();
  await expect(await app.available()).toHaveText(euros('3 800,00 €'));

  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' });
  await expect(page.getByTestId('save-error')).toContainText('Le stockage du navigateur a été vidé');
  // Nothing lost on screen.
  await expect(page.getByTestId('available')).toHaveText(euros('3 800,00 €'));
  await page.getByRole('button', { name: 'Réenregistrer' }).click();
  await app.saved();
  await page.reload();
  await expect(page.getByTestId('available')).toHaveText(euros('3 800,00 €'));
  await app.tab('Actions');
  await expect(page.getByTestId('action-count')).toHaveText('2 action(s)');
});

test('two tabs importing the same file at once: imported once, nothing lost', async ({ context }) => {
  const one = new App(await context.newPage());
  const two = new App(await context.newPage());
  await one.open();
  await one.actAs('CCST', 'Paul Agent');
  await two.open();
  await importExample(one, { confirm: false });
  await importExample(two, { confirm: false });
  await one.page.getByRole('button', { name: "Confirmer l'import" }).click();
  await one.saved();
  // The second tab took the first tab's save; its own confirmation then adds nothing.
  await two.page.getByRole('button', { name: "Confirmer l'import" }).click().catch(() => {});
  await two.saved();
  for (const app of [one, two]) {
    await app.page.reload();
    await expect(app.page.getByTestId('available')).toHaveText(euros('3 800,00 €'));
    await app.tab('Actions');
    await expect(app.page.getByTestId('action-count')).toHaveText('2 action(s)');
  }
});
