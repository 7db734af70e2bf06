// Issue 8: faults in the browser end with a clear French message and no record lost or silently
// altered.
import { test, expect } from '@playwright/test';
import { App, answerPreview, euros, fillStorage, rawRecord } from './app.mjs';

const EXAMPLE = 'docs/exemple-echange.json';

async function importExample(app, { confirm = true } = {}) {
  await app.tab('Échanges');
  await app.page.getByLabel("Fichier d'échange (.json)").setInputFiles(EXAMPLE);
  await expect(app.page.getByTestId('import-preview')).toBeVisible();
  await answerPreview(app);
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

async function storedActions(page) {
  const text = await rawRecord(page, 'ccst-cma-2020');
  return text ? Object.keys(JSON.parse(text).ledger.actions).length : 0;
}

test('a full storage on every write path: import, restore, new convention — said, nothing lost', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CCST', 'Paul Agent');
  await app.saved();
  await fillStorage(page, true);

  // Import: kept on screen, not written, a backup offered.
  await importExample(app);
  await expect(page.getByTestId('save-error')).toContainText("L'espace de stockage du navigateur est plein");
  await expect(await app.available()).toHaveText(euros('3 800,00 €'));
  expect(await storedActions(page)).toBe(0);

  // Restore: refused whole, the data on screen unchanged.
  await app.tab('Sauvegarde');
  const waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Télécharger une sauvegarde complète' }).click();
  const backup = await (await waiting).path();
  await page.getByLabel('Fichier de sauvegarde (.json)').setInputFiles(backup);
  await page.getByRole('button', { name: 'Confirmer la restauration' }).click();
  await expect(page.getByText(/L'espace de stockage du navigateur est plein/).first()).toBeVisible();
  await expect(await app.available()).toHaveText(euros('3 800,00 €'));

  // A new convention: on screen, not written.
  await app.createConvention({ title: 'Convention test', payer: 'Communauté test', short: 'CCT', communes: ['Testville'] });
  await expect(page.getByTestId('save-state')).toHaveText('Non enregistré');

  // Space again: one retry writes everything.
  await fillStorage(page, false);
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await app.saved();
  await page.reload();
  await page.getByLabel('Convention', { exact: true }).selectOption('ccst-cma-2020');
  await expect(page.getByTestId('available')).toHaveText(euros('3 800,00 €'));
  expect(await storedActions(page)).toBe(2);
});

test('a tab closed in the middle of an import leaves all of it or none of it', async ({ context }) => {
  const page = await context.newPage();
  const app = new App(page);
  await app.open();
  await app.actAs('CCST', 'Paul Agent');
  await app.saved();
  await importExample(app, { confirm: false });
  await page.getByRole('button', { name: "Confirmer l'import" }).click();
  await page.close({ runBeforeUnload: false });
  const again = new App(await context.newPage());
  await again.open();
  const n = await storedActions(again.page);
  expect([0, 2]).toContain(n);
  await expect(again.page.getByTestId('available')).toHaveText(euros(n === 2 ? '3 800,00 €' : '5 000,00 €'));
});

test('setting unreadable data aside with a full storage: said, the data left as it was', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CCST', 'Paul Agent');
  await importExample(app);
  await app.saved();
  const broken = '{"format":"relance-ledger","version":1,"revision":2,"ledger":';
  await rawRecord(page, 'ccst-cma-2020', broken);
  await page.reload();
  await expect(page.getByTestId('problem')).toContainText('Données illisibles');
  await fillStorage(page, true);
  await page.getByRole('button', { name: 'Mettre de côté et continuer' }).click();
  await expect(page.locator('.problem .form-error')).toContainText("L'espace de stockage du navigateur est plein");
  expect(await rawRecord(page, 'ccst-cma-2020')).toBe(broken);
});

test('a bug that stops the wasm (a trap, as the shipped build panics): the French message, once; other errors do not', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA', 'Claire Conseil');
  // A script error that is not the wasm's: no crash message.
  await page.evaluate(() => setTimeout(() => { throw new Error('not the app'); }));
  await page.waitForTimeout(100);
  await expect(page.getByTestId('crash')).toHaveCount(0);
  // A real WebAssembly trap (`unreachable`), thrown from a timer and from a promise, like a panic
  // in an event handler or in a task.
  await page.evaluate(() => {
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
    const trap = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f;
    setTimeout(trap);
    Promise.resolve().then(trap);
  });
  const crash = page.getByTestId('crash');
  await expect(crash).toHaveCount(1);
  await expect(crash).toHaveAttribute('role', 'alert');
  await expect(crash).toHaveText(/^Relance a rencontré une erreur inattendue et s'est arrêtée\..*Rechargez la page/);
});
