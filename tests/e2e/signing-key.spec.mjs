// Issue 24 (first part: keys): each identity on a machine has its own signing key, made by the
// browser and kept there; the conventions tab shows its fingerprint as six groups of five digits
// for two people to compare by phone. The same identity keeps its key across reloads; another
// machine, or another identity on the same machine, has another key.
import { test, expect } from '@playwright/test';
import { twoMachines } from './app.mjs';

const FINGERPRINT = /^\d{5}( \d{5}){5}$/;

test('each identity has its own key, kept across reloads, its fingerprint readable by phone', async ({ browser }) => {
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    const fingerprint = async (app) => {
      await app.tab('Conventions');
      const shown = app.page.getByTestId('key-fingerprint');
      await expect(shown).toHaveText(FINGERPRINT);
      return shown.textContent();
    };
    const marie = await fingerprint(cma);
    await expect(cma.page.getByRole('region', { name: 'Votre clé de signature' })).toContainText('Clé de Marie Conseillère (CMA BFC) sur cet appareil');
    const paul = await fingerprint(ccst);
    expect(paul).not.toBe(marie);

    // Kept: the same key after a reload.
    await cma.page.reload();
    expect(await fingerprint(cma)).toBe(marie);

    // Another identity on the same machine has its own key; back to Marie, hers again.
    await cma.actAs('CMA BFC', 'Luc Conseiller');
    const luc = await fingerprint(cma);
    expect(luc).not.toBe(marie);
    await cma.actAs('CMA BFC', 'Marie Conseillère');
    await expect(cma.page.getByTestId('key-fingerprint')).toHaveText(marie);
  } finally {
    await close();
  }
});
