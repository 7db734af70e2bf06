// Page object for the end-to-end specs: the user's gestures, named as the user would say them.
import { expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Amounts as the app writes them: no-break spaces around thousands and before €. */
export const euros = (text) => text.replace(/ /g, '\u00a0');

/** Waits until the service worker controls the page (first visit done). */
export async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

export class App {
  constructor(page) {
    this.page = page;
  }

  /** Opens the app and waits for it to replace the frame index.html paints first. */
  async open(path = './') {
    await this.page.goto(path);
    await expect(this.page.locator('#boot-frame')).toHaveCount(0);
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('Relance');
  }

  /** Says who the user is (first start, or "Changer"). */
  async actAs(party, name) {
    const page = this.page;
    // The first screen is drawn in parts, one task each (src/ui/first_draw.rs): wait for the
    // question (nobody said yet) or for the top bar's name (someone did), not for whichever part
    // happens to be drawn when the test looks; else « Changer » would open a second form beside
    // the question drawn a moment later.
    const question = page.getByRole('heading', { name: 'Qui êtes-vous ?' });
    await expect(question.or(page.getByTestId('identity').filter({ hasText: /\S/ })).first()).toBeVisible();
    if (!(await question.isVisible())) {
      await page.getByRole('button', { name: 'Changer' }).click();
    }
    const form = page.locator('form.identity');
    await form.getByLabel(new RegExp(`^${party}`)).check();
    await form.getByLabel('Votre nom').fill(name);
    await form.getByRole('button', { name: 'Valider' }).click();
    await expect(page.getByTestId('identity')).toContainText(name);
  }

  /** Creates a convention with the form of the "Conventions" tab (other fields as proposed). */
  async createConvention({ title, payer, short, communes, envelope, aidBasis }) {
    const page = this.page;
    await this.tab('Conventions');
    await page.getByRole('button', { name: 'Nouvelle convention' }).click();
    await page.getByLabel('Intitulé').fill(title);
    await page.getByLabel('Financeur (nom complet)').fill(payer);
    await page.getByLabel('Financeur (sigle)').fill(short);
    if (envelope !== undefined) await page.getByLabel('Enveloppe (€)', { exact: true }).fill(envelope);
    await page.getByLabel('Communes du territoire (une par ligne)').fill(communes.join('\n'));
    if (aidBasis !== undefined) await page.getByLabel("Base juridique de l'aide").selectOption({ label: aidBasis });
    await page.getByRole('button', { name: 'Créer la convention' }).click();
  }

  /** Opens a tab; on a phone, through « Plus… » when it is not among the party's main ones. */
  async tab(name) {
    const nav = this.page.getByRole('navigation', { name: 'Rubriques' });
    const button = nav.getByRole('button', { name });
    await expect(nav).toBeVisible();
    const more = nav.getByRole('button', { name: 'Plus…' });
    if (!(await button.isVisible()) && (await more.isVisible())) await more.click();
    await button.click();
  }

  async saved() {
    await expect(this.page.getByTestId('save-state')).toHaveText('Enregistré');
  }

  async available() {
    await this.tab('Tableau de bord');
    return this.page.getByTestId('available');
  }

  /** Fills the company form (already open) and submits it. */
  async fillCompany({ name, siret, commune, staff = '3', activity = 'Menuiserie' }) {
    const page = this.page;
    await page.getByLabel('Raison sociale', { exact: true }).fill(name);
    await page.getByLabel('SIRET (14 chiffres)', { exact: true }).fill(siret);
    await page.getByLabel('Commune', { exact: true }).fill(commune);
    await page.getByLabel('Nombre de salariés', { exact: true }).fill(staff);
    await page.getByLabel('Activité', { exact: true }).fill(activity);
    // These journeys give several companies one SIRET: they mean a second record.
    const second = page.getByLabel('Créer quand même une seconde fiche pour ce SIRET');
    if (await second.isVisible()) await second.check();
  }

  async createCompany(company) {
    await this.tab('Entreprises');
    await this.page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
    await this.fillCompany(company);
    await this.page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
    await expect(this.page.getByRole('row', { name: new RegExp(company.name) })).toBeVisible();
  }

  /**
   * A first day at the CMA: the app opened, Marie Conseillère signed in, the company "Menuiserie
   * Durand" in Delle with one action of fiche `fiche` and its devis sent, everything saved.
   */
  async startWithOneDevis(fiche = 2) {
    await this.open();
    await this.actAs('CMA BFC', 'Marie Conseillère');
    await this.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await this.createActionWithDevis('Menuiserie Durand', fiche);
    await this.saved();
  }

  /** Opens an action of fiche `fiche` (1–3) for the company, and sends its devis. */
  async createActionWithDevis(companyName, fiche, { identified = '2021-01-15', sent = '2021-01-20' } = {}) {
    const page = this.page;
    await this.tab('Entreprises');
    await page.getByRole('row', { name: new RegExp(companyName) }).getByRole('button', { name: 'Nouvelle action' }).click();
    await page.getByLabel('Fiche action').selectOption(String(fiche));
    await page.getByLabel('Besoin identifié le').fill(identified);
    await page.getByLabel('Besoin identifié', { exact: true }).fill(`Besoin fiche ${fiche}`);
    // A second action of the same fiche for the company: these journeys mean another need.
    const another = page.getByLabel("C'est un autre besoin : ouvrir une seconde action de cette fiche");
    if (await another.isVisible()) await another.check();
    await page.getByRole('button', { name: "Créer l'action" }).click();
    await this.step('Envoyer le devis', sent);
  }

  /** Takes a lifecycle step on the open action. */
  async step(label, date, fill = async () => {}) {
    const page = this.page;
    await page.getByRole('group', { name: 'Étapes possibles' }).getByRole('button', { name: label }).click();
    await page.getByLabel('Date', { exact: true }).fill(date);
    await fill(page);
    await page.getByRole('button', { name: `Confirmer : ${label}` }).click();
  }

  /** Opens the first action of the list with status `status`. */
  async openFirst(status) {
    const page = this.page;
    await this.tab('Actions');
    await page.getByLabel('Statut').selectOption(status);
    await page.locator('table.list tbody tr').first().getByRole('button').click();
  }
}

/**
 * Makes every IndexedDB write of the page answer with the browser's quota error (`full`), or
 * restores it. The real quota error is produced in tests/web/storage.rs with a tiny storage bucket.
 */
export async function fillStorage(page, full) {
  await page.evaluate((full) => {
    const proto = IDBObjectStore.prototype;
    if (!proto.__realPut) proto.__realPut = proto.put;
    proto.put = full
      ? function () {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
      : proto.__realPut;
  }, full);
}

/** Reads (or, with `text`, writes) the raw stored record of convention `key` in IndexedDB. */
export async function rawRecord(page, key, text) {
  return page.evaluate(
    ([key, text]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('relance');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('ledgers', text === undefined ? 'readonly' : 'readwrite');
          const store = tx.objectStore('ledgers');
          const req = text === undefined ? store.get(key) : store.put(text, key);
          tx.oncomplete = () => {
            db.close();
            resolve(text === undefined ? req.result : null);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [key, text],
  );
}

/**
 * Opens the CSV at `path` in LibreOffice with the French settings (`;`, UTF-8, French locale), as
 * a user of a French spreadsheet would, and returns its rows of typed cells ({ type, value, text }).
 */
export async function spreadsheet(dir, path) {
  execFileSync('soffice', [
    '--headless', `-env:UserInstallation=file://${dir}/lo-profile`,
    '--infilter=CSV:59,34,76,1,,1036', '--convert-to', 'fods', '--outdir', dir, path,
  ], { stdio: 'ignore', timeout: 120_000 });
  const fods = await readFile(join(dir, basename(path).replace(/\.csv$/, '.fods')), 'utf8');
  return [...fods.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)].map((m) =>
    [...m[1].matchAll(/<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)].flatMap((c) => {
      const repeat = Number(/number-columns-repeated="(\d+)"/.exec(c[1])?.[1] ?? 1);
      const cell = {
        type: /office:value-type="(\w+)"/.exec(c[1])?.[1],
        value: Number(/office:value="([^"]+)"/.exec(c[1])?.[1]),
        text: (c[2] ?? '').replace(/<[^>]+>/g, '').trim(),
      };
      return Array(Math.min(repeat, 20)).fill(cell);
    }),
  );
}

// Exchanges between machines (browser contexts with their own storage).

/** Exports the exchange file for the other party into `dir`/`name`; returns its path. */
export async function exportFile(app, dir, name) {
  const page = app.page;
  await app.tab('Échanges');
  const waiting = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Exporter pour (?!diffusion)/ }).click();
  const path = join(dir, name);
  await (await waiting).saveAs(path);
  return path;
}

/**
 * Chooses the exchange file to import (the preview or the problems follow). As the users of these
 * journeys do, the keys the preview asks about are confirmed (their fingerprints read by phone)
 * and the unsigned steps of an older version's file are taken; `{ confirmKeys: false,
 * takeUnsigned: false }` leaves both to the test.
 */
export async function chooseFile(app, path, { confirmKeys = true, takeUnsigned = true } = {}) {
  await app.tab('Échanges');
  await app.page.getByLabel("Fichier d'échange (.json)").setInputFiles(path);
  if (confirmKeys || takeUnsigned) await answerPreview(app, { confirmKeys, takeUnsigned });
}

/**
 * Once the preview (or the problems, or a convention offered) is shown: ticks each key to confirm
 * and, with `takeUnsigned`, the box that takes unsigned steps.
 */
export async function answerPreview(app, { confirmKeys = true, takeUnsigned = true } = {}) {
  const page = app.page;
  const shown = page.getByTestId('import-preview').or(page.getByTestId('import-problems')).or(page.getByTestId('convention-offer'));
  await expect(shown.first()).toBeVisible();
  if (confirmKeys) {
    // The preview is drawn again after each tick: one box at a time.
    for (;;) {
      const box = page.locator('[data-testid="confirm-key"]:not(:checked)').first();
      if ((await box.count()) === 0) break;
      await box.check();
    }
  }
  if (takeUnsigned) {
    const box = page.getByTestId('take-unsigned');
    if ((await box.count()) > 0 && !(await box.isChecked())) await box.check();
  }
}

export async function confirmImport(app, answers = {}) {
  const page = app.page;
  await answerPreview(app, answers);
  await expect(page.getByTestId('import-problems')).toHaveCount(0);
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await page.getByRole('button', { name: "Confirmer l'import" }).click();
  await expect(page.getByText(/^Import effectué/)).toBeVisible();
  await app.saved();
}

export async function importFile(app, path) {
  await chooseFile(app, path);
  await confirmImport(app);
}

/** Records a request to pass confidential data (art. 3.1) in the journal tab; returns its item. */
export async function recordDiffusionRequest(app, { on, recipient, what, purpose }) {
  await app.tab('Journal');
  await app.page.getByRole('button', { name: 'Nouvelle demande de diffusion' }).click();
  const form = app.page.getByRole('form', { name: 'Nouvelle demande de diffusion' });
  await form.getByLabel('Demandée le').fill(on);
  await form.getByLabel('Organisme destinataire').fill(recipient);
  await form.getByLabel('Données demandées').fill(what);
  await form.getByLabel('Finalité').fill(purpose);
  await form.getByRole('button', { name: 'Enregistrer la demande' }).click();
  return app.page.getByTestId('diffusion-requests').getByRole('listitem');
}

/** A CMA adviser's company with a fiche 1 devis and a confidential diagnostic note. */
export async function companyWithConfidentialNote(cma, note) {
  await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
  await cma.createActionWithDevis('Menuiserie Durand', 1);
  await cma.page.getByRole('textbox', { name: 'Note de diagnostic' }).fill(note);
  await cma.page.getByRole('button', { name: 'Enregistrer la note' }).click();
  await cma.saved();
}

/** Two machines, the CMA's and the CCST's, each with its user. */
export async function twoMachines(browser) {
  const contexts = [await browser.newContext({ acceptDownloads: true }), await browser.newContext({ acceptDownloads: true })];
  const cma = new App(await contexts[0].newPage());
  const ccst = new App(await contexts[1].newPage());
  await cma.open();
  await ccst.open();
  await cma.actAs('CMA BFC', 'Marie Conseillère');
  await ccst.actAs('CCST', 'Paul Agent');
  return { cma, ccst, close: () => Promise.all(contexts.map((c) => c.close())) };
}

/** The axe-core rules every screen is held to: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
