// Issue 28 (a first week without surprises): an export says where the file went and what the
// other party does with it, and a double click gives one file; the words match the screen — an
// error names the field by its label (the follow-up button's new name, « Noter les résultats »,
// is what roles.spec.mjs and bilan.spec.mjs click); the letter to the beneficiary is the
// chamber's (art. 2.3): never offered to the payer. The users' guide, in French, opens from the
// footer's « Aide » (built from docs/guide.md), offline too once the app was visited.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, controlled, exportFile, importFile, twoMachines } from './app.mjs';

test('« Aide » opens the users\' guide in French, offline too', async ({ page, context }) => {
  const app = new App(page);
  await app.open();
  await controlled(page);
  const link = page.getByRole('contentinfo').getByRole('link', { name: 'Aide' });
  await expect(link).toHaveAttribute('href', 'aide.html');
  await context.setOffline(true);
  const [guide] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await guide.waitForLoadState();
  await expect(guide.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(guide.getByRole('heading', { level: 1 })).toHaveText("Relance — guide d'utilisation");
  for (const section of ['La semaine du conseiller de la CMA', "La semaine de l'agent de la CCST", 'Échanger les fichiers', 'Sauvegarder et restaurer', 'Navigateurs et appareils']) {
    await expect(guide.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(guide.getByText(/Un navigateur = une copie des données/)).toBeVisible();
  await context.setOffline(false);
});

test('an export says where the file is and what to do next; a double click gives one file', async ({ page }) => {
  const app = new App(page);
  await app.startWithOneDevis();
  await app.tab('Échanges');
  const downloads = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.getByRole('button', { name: 'Exporter pour CCST' }).dblclick();
  const said = page.getByRole('status').filter({ hasText: 'enregistré dans les téléchargements' });
  await expect(said).toHaveText(/^Fichier « relance_[^»]+\.json » enregistré dans les téléchargements de ce navigateur\. Envoyez-le à CCST \(courriel, clé USB…\) : CCST l'importe dans son onglet « Échanges »\.$/);
  // Long enough for a second file to arrive had the second click made one.
  await page.waitForTimeout(1_500);
  expect(downloads).toHaveLength(1);
});

test('words match the screen: the staff field is named by its label', async ({ page }) => {
  const app = new App(page);
  await app.startWithOneDevis();
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await app.fillCompany({ name: 'Garage Petit', siret: '55208131766522', commune: 'Delle', staff: '' });
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.locator('#company-staff-error')).toHaveText('Le champ « nombre de salariés » est obligatoire.');
  await expect(page.getByText('effectif')).toHaveCount(0);
});

test('the letter to the beneficiary is offered to the chamber, not to the payer', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-letter-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2);
    await cma.saved();
    await importFile(ccst, await exportFile(cma, dir, 'devis.json'));
    await ccst.openFirst('Devis envoyé');
    await ccst.step('Engager', '2021-01-25');
    await ccst.saved();
    const documents = (app) => app.page.getByRole('group', { name: 'Documents' });
    await expect(documents(ccst).getByRole('button', { name: 'Devis à imprimer' })).toBeVisible();
    await expect(documents(ccst).getByRole('button', { name: 'Lettre au bénéficiaire' })).toHaveCount(0);
    await importFile(cma, await exportFile(ccst, dir, 'engage.json'));
    await cma.openFirst('Engagé');
    await expect(documents(cma).getByRole('button', { name: 'Lettre au bénéficiaire' })).toBeVisible();
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('« À faire » tells each party its own steps across an exchange, each leading to the list', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-todo-'));
  const { cma, ccst, close } = await twoMachines(browser);
  const todo = (app) => app.page.getByTestId('todo');
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2);
    await cma.saved();
    await cma.tab('Tableau de bord');
    await expect(todo(cma)).toContainText('Aucune étape ne vous attend dans cette convention pour le moment.');
    // The company, the action, the devis: not sent yet; the dashboard leads to the export.
    await expect(todo(cma).getByTestId('unsent')).toHaveText("3 modifications pas encore envoyées à CCST (rien n'a encore été envoyé depuis ce poste). Aller à l'export");
    await todo(cma).getByRole('button', { name: "Aller à l'export" }).click();
    await expect(cma.page.getByRole('heading', { name: "Envoyer à l'autre partie" })).toBeVisible();
    const devis = await exportFile(cma, dir, 'devis.json');
    await expect(cma.page.getByTestId('unsent')).toHaveText(/^Tout est envoyé à CCST \(dernier envoi le \d\d\/\d\d\/\d{4} à \d\d:\d\d\)\.$/);
    // Kept on this machine: after a reload too.
    await cma.page.reload();
    await cma.tab('Tableau de bord');
    await expect(todo(cma).getByTestId('unsent')).toHaveText(/^Tout est envoyé à CCST \(dernier envoi le \d\d\/\d\d\/\d{4} à \d\d:\d\d\)\.$/);

    await importFile(ccst, devis);
    await ccst.tab('Tableau de bord');
    await expect(todo(ccst).getByRole('listitem')).toHaveText(['1 devis à décider Voir les devis']);
    await todo(ccst).getByRole('button', { name: 'Voir les devis' }).click();
    await expect(ccst.page.getByLabel('Statut')).toHaveValue('Devis envoyé');
    await expect(ccst.page.locator('table.list tbody tr')).toHaveCount(1);
    await ccst.page.locator('table.list tbody tr').first().getByRole('button').click();
    await ccst.step('Engager', '2021-01-25');
    await ccst.saved();
    await ccst.tab('Tableau de bord');
    await expect(todo(ccst)).toContainText('Aucune étape ne vous attend');
    // The engagement is the CCST's one change not sent; the CMA's steps it received do not count.
    await expect(todo(ccst).getByTestId('unsent')).toHaveText("1 modification pas encore envoyée à CMA BFC (rien n'a encore été envoyé depuis ce poste). Aller à l'export");

    await importFile(cma, await exportFile(ccst, dir, 'engagement.json'));
    await cma.tab('Tableau de bord');
    await expect(todo(cma).getByRole('listitem')).toHaveText(['1 action(s) engagée(s) à réaliser Voir les actions engagées']);
    await todo(cma).getByRole('button', { name: 'Voir les actions engagées' }).click();
    await expect(cma.page.getByLabel('Statut')).toHaveValue('Engagé');
    await expect(cma.page.locator('table.list tbody tr')).toHaveCount(1);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('Back and Forward move between the screens; a half-filled form is not lost without a question', async ({ page }) => {
  const app = new App(page);
  await app.startWithOneDevis();
  await app.openFirst('Devis envoyé');
  await expect(page.getByTestId('action-status')).toHaveText('Devis envoyé');
  await page.getByRole('group', { name: 'Documents' }).getByRole('button', { name: 'Devis à imprimer' }).click();
  await expect(page.getByRole('button', { name: 'Imprimer / PDF' })).toBeVisible();
  // Back from the document: the action, in the actions tab, not a blank page.
  await page.goBack();
  await expect(page.getByTestId('action-status')).toHaveText('Devis envoyé');
  await expect(page.getByRole('navigation', { name: 'Rubriques' }).getByRole('button', { name: 'Actions' })).toHaveAttribute('aria-current', 'page');
  await page.goForward();
  await expect(page.getByRole('button', { name: 'Imprimer / PDF' })).toBeVisible();
  // Further back: the screens before, still in the app (the companies tab the action was opened
  // from).
  await page.goBack();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Relance');
  await expect(page.getByRole('navigation', { name: 'Rubriques' }).getByRole('button', { name: 'Entreprises' })).toHaveAttribute('aria-current', 'page');

  // A company half typed: another tab, or Back, asks; staying keeps what was typed.
  await app.tab('Tableau de bord');
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await page.getByLabel('Raison sociale').fill('Garage Petit');
  const questions = [];
  page.on('dialog', (d) => {
    questions.push(d.message());
    return questions.length < 3 ? d.dismiss() : d.accept();
  });
  await app.tab('Actions');
  await page.goBack();
  await expect.poll(() => questions.length).toBe(2);
  expect(questions).toEqual([
    "Le formulaire « Fiche entreprise » n'est pas enregistré. Quitter cet écran et abandonner ce qui y est saisi ?",
    "Le formulaire « Fiche entreprise » n'est pas enregistré. Quitter cet écran et abandonner ce qui y est saisi ?",
  ]);
  await expect(page.getByLabel('Raison sociale')).toHaveValue('Garage Petit');
  // Agreed: the tab changes, and the form is dropped.
  await app.tab('Actions');
  expect(questions).toHaveLength(3);
  await expect(page.getByRole('heading', { name: 'Actions', exact: true })).toBeVisible();
  await expect(page.getByLabel('Raison sociale')).toHaveCount(0);
});

test('what goes to the payer is said before it is typed, and the devis fits a phone', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  try {
    const app = new App(page);
    await app.open();
    await app.actAs('CMA BFC', 'Marie Conseillère');
    await app.tab('Entreprises');
    await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
    await expect(page.getByRole('form', { name: 'Fiche entreprise' })).toContainText("Cette fiche est transmise à CCST avec les actions de l'entreprise.");
    await app.fillCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
    await page.getByRole('row', { name: /Menuiserie Durand/ }).getByRole('button', { name: 'Nouvelle action' }).click();
    await expect(page.getByLabel('Besoin identifié', { exact: true })).toHaveAccessibleDescription(/^Transmis à CCST avec l'action : n'y écrivez rien de confidentiel .* Ces détails ont leur place dans la note de diagnostic de l'action, confidentielle \(art\. 3\.1\)\.$/);
    await page.getByLabel('Besoin identifié le').fill('2021-01-15');
    await page.getByLabel('Besoin identifié', { exact: true }).fill('Site internet');
    await page.getByRole('button', { name: "Créer l'action" }).click();

    // The devis, a draft then sent: nothing wider than the phone.
    const fits = async () => {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const p of await page.locator('.doc-meta p, .doc-meta h2').all()) {
        const box = await p.boundingBox();
        expect(box.x + box.width).toBeLessThanOrEqual(390);
      }
    };
    const documents = page.getByRole('group', { name: 'Documents' });
    await documents.getByRole('button', { name: 'Devis à imprimer' }).click();
    await expect(page.getByRole('heading', { name: 'Projet de devis' })).toBeVisible();
    await expect(page.getByText("Non envoyé : numéro et date au moment de l'envoi.")).toBeVisible();
    await fits();
    await page.getByRole('button', { name: 'Retour' }).click();
    await app.step('Envoyer le devis', '2021-01-20');
    await app.saved();
    await documents.getByRole('button', { name: 'Devis à imprimer' }).click();
    // Readable by phone: Marie Conseillère's series, her first devis of the year.
    await expect(page.getByRole('heading', { name: 'Devis n° D-2021-MC-001', exact: true })).toBeVisible();
    await fits();
  } finally {
    await context.close();
  }
});

test('a SIRET already followed is said as it is typed, with its company one click away', async ({ page }) => {
  const app = new App(page);
  await app.startWithOneDevis();
  await app.tab('Entreprises');
  await page.getByRole('button', { name: 'Nouvelle entreprise' }).click();
  await page.getByLabel('SIRET (14 chiffres)', { exact: true }).fill('732 829 320 00074');
  const known = page.getByTestId('known-siret');
  await expect(known).toHaveText("Ce SIRET est déjà celui de « Menuiserie Durand » (Delle), suivie dans cette convention : ouvrez sa fiche plutôt que d'en créer une seconde. Ouvrir la fiche de « Menuiserie Durand »");
  // Saved as it is, it asks first: nothing is created.
  await page.getByLabel('Raison sociale', { exact: true }).fill('Menuiserie Durand et fils');
  await page.getByLabel('Commune', { exact: true }).fill('Delle');
  await page.getByLabel('Nombre de salariés', { exact: true }).fill('2');
  await page.getByLabel('Activité', { exact: true }).fill('Menuiserie');
  await page.getByRole('button', { name: "Enregistrer l'entreprise" }).click();
  await expect(page.getByRole('form', { name: 'Fiche entreprise' }).locator('.form-error')).toHaveText(
    "Ce SIRET est déjà celui de « Menuiserie Durand » : ouvrez sa fiche, ou cochez « Créer quand même une seconde fiche pour ce SIRET ».",
  );
  await expect(page.getByRole('row', { name: /Menuiserie Durand et fils/ })).toHaveCount(0);
  await known.getByRole('button', { name: 'Ouvrir la fiche de « Menuiserie Durand »' }).click();
  const form = page.getByRole('form', { name: 'Fiche entreprise' });
  await expect(form.getByRole('heading', { name: "Modifier l'entreprise" })).toBeVisible();
  await expect(page.getByLabel('Raison sociale')).toHaveValue('Menuiserie Durand');
  // Its own SIRET is not a duplicate of itself.
  await expect(known).toHaveCount(0);
});

test('a second action of the same fiche for a company asks first', async ({ page }) => {
  const app = new App(page);
  await app.startWithOneDevis(2);
  await app.tab('Entreprises');
  await page.getByRole('row', { name: /Menuiserie Durand/ }).getByRole('button', { name: 'Nouvelle action' }).click();
  await page.getByLabel('Fiche action').selectOption('2');
  const twin = page.getByTestId('action-under-way');
  await expect(twin).toContainText('Cette entreprise a déjà une action de la fiche 2 en cours (Devis envoyé).');
  await page.getByLabel('Besoin identifié le').fill('2021-02-01');
  await page.getByLabel('Besoin identifié', { exact: true }).fill('Le même besoin, par erreur');
  await page.getByRole('button', { name: "Créer l'action" }).click();
  await expect(page.getByRole('form', { name: 'Nouvelle action' }).locator('.form-error')).toHaveText("Une action de cette fiche est déjà en cours pour cette entreprise : ouvrez-la, ou cochez « C'est un autre besoin » pour en ouvrir une seconde.");
  // Another fiche: nothing to ask.
  await page.getByLabel('Fiche action').selectOption('1');
  await expect(twin).toHaveCount(0);
  await page.getByLabel('Fiche action').selectOption('2');
  await twin.getByRole('button', { name: "Ouvrir l'action en cours" }).click();
  await expect(page.getByTestId('action-status')).toHaveText('Devis envoyé');
  await app.tab('Actions');
  await expect(page.locator('table.list tbody tr')).toHaveCount(1);
});

test('every form being filled asks before it is dropped: the diagnostic note, once saved, does not', async ({ page }) => {
  const app = new App(page);
  await app.startWithOneDevis();
  await app.openFirst('Devis envoyé');
  await page.getByRole('textbox', { name: 'Note de diagnostic' }).fill('Trésorerie tendue');
  const questions = [];
  page.on('dialog', (d) => {
    questions.push(d.message());
    return d.dismiss();
  });
  await app.tab('Tableau de bord');
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toBe("Le formulaire « Note de diagnostic » n'est pas enregistré. Quitter cet écran et abandonner ce qui y est saisi ?");
  await expect(page.getByRole('textbox', { name: 'Note de diagnostic' })).toHaveValue('Trésorerie tendue');
  await page.getByRole('button', { name: 'Enregistrer la note' }).click();
  await app.saved();
  await app.tab('Tableau de bord');
  await expect(page.getByTestId('available')).toBeVisible();
  expect(questions).toHaveLength(1);
});

test('the CCST asks without a SIRET; the chamber completes it, and its letter carries the postal address', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-sans-siret-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    // An agent taking an artisan's call: a name, a commune, a phone — no SIRET.
    await ccst.tab('Entreprises');
    await ccst.page.getByRole('button', { name: 'Demander une intervention' }).click();
    const form = ccst.page.getByRole('form', { name: "Demande d'intervention" });
    await form.getByLabel('Raison sociale').fill('Menuiserie Roy');
    await form.getByRole('combobox', { name: 'Commune' }).fill('Delle');
    await form.getByLabel('Fiche action').selectOption('2');
    await form.getByLabel('Demandée le').fill('2021-03-01');
    await form.getByLabel('Message à la chambre consulaire').fill("Appel de l'artisan : carnet de commandes vide");
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect(form.locator('.form-error')).toHaveText(
      "Sans SIRET, indiquez un téléphone ou une adresse e-mail : la chambre consulaire en a besoin pour joindre l'entreprise.",
    );
    await form.getByLabel('Téléphone ou e-mail (obligatoire sans SIRET)').fill('03 84 36 00 00');
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    await ccst.saved();
    await expect(ccst.page.getByTestId('requests')).toContainText('Menuiserie Roy – Fiche 2 (sans SIRET – Delle – 03 84 36 00 00)');
    const asked = await exportFile(ccst, dir, 'demande.json');

    // The chamber reads how to reach the company, and completes the SIRET when it takes it up.
    await importFile(cma, asked);
    await cma.tab('Tableau de bord');
    await cma.page.getByRole('button', { name: 'Voir les demandes' }).click();
    await cma.page.getByTestId('requests').getByRole('button', { name: 'Donner suite' }).click();
    const accept = cma.page.getByRole('form', { name: 'Donner suite à la demande' });
    await expect(accept).toContainText('Menuiserie Roy – sans SIRET – Delle – 03 84 36 00 00');
    await accept.getByLabel('Nombre de salariés').fill('3');
    await accept.getByLabel('Activité').fill('Menuiserie');
    await accept.getByLabel('Besoin identifié le').fill('2021-03-02');
    await accept.getByRole('button', { name: "Ouvrir l'action" }).click();
    await expect(accept.locator('.form-error')).toContainText('SIRET');
    await accept.getByLabel('SIRET (14 chiffres)').fill('732 829 320 00074');
    await accept.getByLabel(/^Adresse postale/).fill('3 rue de la Gare, 90100');
    await accept.getByRole('button', { name: "Ouvrir l'action" }).click();
    await cma.saved();
    await expect(cma.page.getByTestId('action-status')).toHaveText('Besoin identifié');
    await cma.step('Envoyer le devis', '2021-03-03');
    await cma.saved();
    const devis = await exportFile(cma, dir, 'devis.json');

    // The CCST engages; the letter it never writes is the chamber's, on its letterhead.
    await importFile(ccst, devis);
    await ccst.tab('Actions');
    await expect(ccst.page.getByTestId('requests')).toContainText('Prise en charge le 02/03/2021');
    await ccst.openFirst('Devis envoyé');
    await ccst.step('Engager', '2021-03-05');
    await ccst.saved();
    await expect(ccst.page.getByRole('button', { name: 'Lettre au bénéficiaire' })).toHaveCount(0);
    const engaged = await exportFile(ccst, dir, 'engagement.json');

    await importFile(cma, engaged);
    await cma.openFirst('Engagé');
    await cma.page.getByRole('button', { name: 'Lettre au bénéficiaire' }).click();
    const recipient = cma.page.locator('article.letter address.recipient');
    await expect(recipient).toContainText('Menuiserie Roy');
    await expect(recipient).toContainText('3 rue de la Gare, 90100');
    await expect(recipient).toContainText('SIRET 732 829 320 00074');
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('« À faire » gives the chamber the payer\'s refusal in words, until it is marked read', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-refus-'));
  const { cma, ccst, close } = await twoMachines(browser);
  const refusals = (app) => app.page.getByTestId('todo').getByTestId('refusals');
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2);
    await cma.saved();
    await importFile(ccst, await exportFile(cma, dir, 'devis.json'));
    await ccst.openFirst('Devis envoyé');
    await ccst.step('Refuser le devis', '2021-01-25', async (p) => p.getByLabel('Raison').fill('Hors cible'));
    await ccst.saved();
    // The payer's own refusal is not for it to read.
    await ccst.tab('Tableau de bord');
    await expect(ccst.page.getByTestId('todo')).toBeVisible();
    await expect(refusals(ccst)).toHaveCount(0);

    await importFile(cma, await exportFile(ccst, dir, 'refus.json'));
    await cma.tab('Tableau de bord');
    await expect(refusals(cma)).toContainText('1 refus à lire :');
    await expect(refusals(cma).getByRole('listitem')).toHaveText([
      "Menuiserie Durand – Fiche 2 : devis refusé le 25/01/2021 par Paul Agent (CCST) : « Hors cible » Ouvrir l'action Lu",
    ]);
    await refusals(cma).getByRole('button', { name: "Ouvrir l'action" }).click();
    await expect(cma.page.getByTestId('action-status')).toHaveText('Refusé');
    await cma.tab('Tableau de bord');
    // Still there until the adviser says it is read; then gone, after a reload too.
    await refusals(cma).getByRole('button', { name: 'Lu' }).click();
    await expect(refusals(cma)).toHaveCount(0);
    await cma.page.reload();
    await cma.tab('Tableau de bord');
    await expect(cma.page.getByTestId('todo')).toBeVisible();
    await expect(refusals(cma)).toHaveCount(0);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a meeting or a new convention half typed asks before it is dropped; opened and untouched, it does not', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.actAs('CMA BFC', 'Marie Conseillère');
  const questions = [];
  page.on('dialog', (d) => {
    questions.push(d.message());
    return d.dismiss();
  });
  const current = (name) => expect(page.getByRole('navigation', { name: 'Rubriques' }).getByRole('button', { name })).toHaveAttribute('aria-current', 'page');

  await app.tab('Journal');
  await page.getByRole('button', { name: 'Nouveau rendez-vous' }).click();
  const meeting = page.getByRole('form', { name: 'Nouveau rendez-vous' });
  await meeting.getByLabel('Décisions').fill('Relancer les boulangeries de Delle');
  await app.tab('Tableau de bord');
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toBe("Le formulaire « Nouveau rendez-vous » n'est pas enregistré. Quitter cet écran et abandonner ce qui y est saisi ?");
  await current('Journal');
  await expect(meeting.getByLabel('Décisions')).toHaveValue('Relancer les boulangeries de Delle');
  await meeting.getByRole('button', { name: 'Fermer' }).click();

  await app.tab('Conventions');
  await page.getByRole('button', { name: 'Nouvelle convention' }).click();
  // Opened, nothing typed: nothing to lose, no question.
  await app.tab('Tableau de bord');
  await current('Tableau de bord');
  expect(questions).toHaveLength(1);
  await app.tab('Conventions');
  await page.getByRole('button', { name: 'Nouvelle convention' }).click();
  await page.getByLabel('Intitulé').fill('Convention Vosges du Sud');
  await app.tab('Tableau de bord');
  await expect.poll(() => questions.length).toBe(2);
  expect(questions[1]).toBe("Le formulaire « Nouvelle convention » n'est pas enregistré. Quitter cet écran et abandonner ce qui y est saisi ?");
  await current('Conventions');
  await expect(page.getByLabel('Intitulé')).toHaveValue('Convention Vosges du Sud');
});
