// Issue 15: the layout at phone (390 px), tablet (820 px) and PC (1280 px) widths, compared with
// committed references (tests/e2e/layout.spec.mjs-snapshots/), so that a layout regression fails
// CI. Also: the page is never wider than the screen, and on a phone the content starts within the
// first 3/8 of the screen. What changes from run to run (the times of the history) is hidden.
import { test, expect } from '@playwright/test';
import { App } from './app.mjs';


const WIDTHS = [
  { name: 'telephone', width: 390, height: 844, touch: true },
  { name: 'tablette', width: 820, height: 1180, touch: true },
  { name: 'pc', width: 1280, height: 900, touch: false },
];

for (const w of WIDTHS) {
  test(`layout at ${w.width} px (${w.name}): dashboard, bilan, journal, actions list, an action's detail`, async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: w.width, height: w.height },
      hasTouch: w.touch,
      isMobile: w.width < 600,
      deviceScaleFactor: 1,
      // The page's CSP allows no inline style: the screenshot's hiding style needs this.
      bypassCSP: true,
    });
    const page = await context.newPage();
    try {
      const app = new App(page);
      await app.startWithOneDevis(2);
      const noWiderThanScreen = async () =>
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w.width);
      const shot = { fullPage: true, maxDiffPixelRatio: 0.01, stylePath: 'tests/e2e/layout-screenshot.css' };

      await app.tab('Tableau de bord');
      await noWiderThanScreen();
      if (w.width < 600) {
        // The content (the convention's card) starts within the first 3/8 of the screen (it was a
        // third, 281 px, until issue 28 put the party's four main tabs in sight, on two rows of
        // 44 px touch targets: 309 px measured).
        const top = await page.locator('#convention-title').evaluate((e) => e.getBoundingClientRect().top);
        expect(top).toBeLessThan((w.height * 3) / 8);
      }
      await expect(page).toHaveScreenshot(`tableau-de-bord-${w.name}.png`, shot);

      await app.tab('Bilan');
      await noWiderThanScreen();
      await expect(page).toHaveScreenshot(`bilan-${w.name}.png`, shot);

      await app.tab('Journal');
      await page.getByRole('button', { name: 'Nouveau rendez-vous' }).click();
      await page.getByLabel('Date', { exact: true }).fill('2021-03-02');
      await noWiderThanScreen();
      await expect(page).toHaveScreenshot(`journal-${w.name}.png`, shot);

      // The meeting half typed: leaving asks first; the user agrees.
      page.once('dialog', (d) => d.accept());
      await app.tab('Actions');
      await noWiderThanScreen();
      await expect(page).toHaveScreenshot(`actions-${w.name}.png`, shot);

      await page.locator('table.list tbody tr').first().getByRole('button').click();
      await expect(page.getByTestId('action-status')).toHaveText('Devis envoyé');
      await noWiderThanScreen();
      await expect(page).toHaveScreenshot(`action-${w.name}.png`, shot);
    } finally {
      await context.close();
    }
  });
}

// Issue 28: on a phone the party's main screens are in sight, one tap away, and so is the selected
// one; the others are one tap further under « Plus… ». On a tablet every tab is in sight.
test('every main screen of the party is one tap away on a phone, every tab on a tablet', async ({ browser }) => {
  const inSight = async (page, width, names) => {
    const nav = page.getByRole('navigation', { name: 'Rubriques' });
    for (const name of names) {
      const button = nav.getByRole('button', { name, exact: true });
      await expect(button).toBeVisible();
      const box = await button.boundingBox();
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
    }
  };
  const ALL = ['Tableau de bord', 'Suivi mensuel', 'Bilan', 'Journal', 'Mise en relation', 'Entreprises', 'Actions', 'Échanges', 'Conventions', 'Sauvegarde'];
  for (const [width, height] of [[390, 844], [820, 1180]]) {
    const context = await browser.newContext({ viewport: { width, height }, hasTouch: true, isMobile: width < 600 });
    const page = await context.newPage();
    try {
      const app = new App(page);
      await app.open();
      await app.actAs('CMA BFC', 'Marie Conseillère');
      const nav = page.getByRole('navigation', { name: 'Rubriques' });
      if (width < 600) {
        await inSight(page, width, ['Tableau de bord', 'Entreprises', 'Actions', 'Échanges']);
        await expect(nav.getByRole('button', { name: 'Bilan', exact: true })).toBeHidden();
        await nav.getByRole('button', { name: 'Plus…' }).click();
        await expect(nav.getByRole('button', { name: 'Moins' })).toHaveAttribute('aria-expanded', 'true');
        await inSight(page, width, ALL);
        await nav.getByRole('button', { name: 'Bilan', exact: true }).click();
        // The selected tab stays in sight, the others fold back.
        await inSight(page, width, ['Bilan', 'Tableau de bord', 'Entreprises', 'Actions', 'Échanges']);
        await expect(nav.getByRole('button', { name: 'Journal', exact: true })).toBeHidden();
        // The payer's main screens.
        await app.actAs('CCST', 'Paul Agent');
        await inSight(page, width, ['Tableau de bord', 'Actions', 'Suivi mensuel', 'Échanges']);
      } else {
        await expect(nav.getByRole('button', { name: 'Plus…' })).toBeHidden();
        await inSight(page, width, ALL);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    } finally {
      await context.close();
    }
  }
});

test('on a touch screen every control is at least 44 × 44 px to the finger', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  try {
    const app = new App(page);
    await app.startWithOneDevis(2);
    // Buttons, selects and text fields: 44 px high (and buttons 44 px wide); a checkbox or radio
    // counts with its label, which takes the touch too.
    const small = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('button, select, input, summary')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const target = ['checkbox', 'radio'].includes(el.type) ? el.closest('label') ?? el : el;
        const t = target.getBoundingClientRect();
        const minWidth = el.tagName === 'BUTTON' ? 44 : 0;
        if (t.height < 43.5 || t.width < minWidth) out.push(`${el.tagName} « ${(el.textContent || el.id || el.type).trim().slice(0, 30)} » ${Math.round(t.width)}×${Math.round(t.height)}`);
      }
      return out;
    });
    expect(small).toEqual([]);
  } finally {
    await context.close();
  }
});
