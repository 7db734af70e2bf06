// Issue 24 (no one speaks for the other party): every step of an action is signed by the key of
// the person who took it, on the machine where it was taken. The CCST trusts the CMA adviser's key
// once its fingerprint is confirmed by phone; an engagement typed at the CMA under the CCST's name
// ("Changer") is refused at the CCST with its reason in French, the rest of the file taken. The
// signatures of an exported file are checked here by Node's own crypto from docs/echange.md
// alone, and a signed fact altered is caught. A file of version 4 (unsigned) still opens: its
// steps wait for the user's explicit consent and show as "non signé (antérieur)".
import { test, expect } from '@playwright/test';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, chooseFile, confirmImport, euros, exportFile, importFile, recordDiffusionRequest, twoMachines } from './app.mjs';

/** The canonical form of a step (docs/echange.md, "Étapes signées"), rebuilt independently:
 * `record` is `action:<id>`, `request:<id>`, `amendment:<id>`… */
function canonical(convention, record, event) {
  const esc = (v) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  const lines = [
    'relance-signature-1',
    `convention=${esc(convention)}`,
    `record=${esc(record)}`,
    `step=${esc(event.kind)}`,
    `side=${esc(event.stamp.actor.side)}`,
    `name=${esc(event.stamp.actor.name)}`,
    `at=${esc(event.stamp.at)}`,
  ];
  const facts = Object.keys(event.seal.facts).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of facts) lines.push(`fact.${esc(name)}=${esc(event.seal.facts[name])}`);
  return Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
}

/** Node's key object for a raw uncompressed P-256 public key written in hexadecimal. */
function nodeKey(hex) {
  const raw = Buffer.from(hex, 'hex');
  const b64url = (b) => b.toString('base64url');
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) }, format: 'jwk' });
}

/** Every sealed step of a file, as docs/echange.md's table lists them: the record as the
 * canonical form names it, and the step (`kind`, `stamp`, `seal`). */
function sealedSteps(file) {
  const c = file.content;
  const out = [];
  const history = (record, events) => {
    for (const e of events) if (e.seal) out.push({ record, event: e });
  };
  for (const co of c.companies) history(`company:${co.id}`, co.history ?? []);
  for (const a of c.actions) history(`action:${a.id}`, a.history);
  for (const r of c.requests ?? []) history(`request:${r.id}`, r.history);
  for (const e of c.journal ?? []) history(`journal:${e.id}`, e.history);
  for (const d of c.diffusion_requests ?? []) history(`diffusion:${d.id}`, d.history);
  for (const t of c.issued_tables ?? []) {
    const month = `${t.year}-${String(t.month).padStart(2, '0')}`;
    history(`issued:${month}`, [{ kind: 'Issued', stamp: t.stamp, seal: t.seal }]);
  }
  for (const a of c.convention.amendments ?? []) {
    const steps = [{ kind: 'Proposed', stamp: a.proposed, seal: a.proposed_seal }];
    if (a.accepted) steps.push({ kind: 'Accepted', stamp: a.accepted.stamp, seal: a.accepted.seal });
    history(`amendment:${a.id}`, steps);
  }
  // Since version 7: a fiche 3 company's offers and demands (a line of version 6 is a bare stamp,
  // unsigned), the termination's notice and its receipt (under its own stamp, else the notice's).
  for (const co of c.collaborations ?? []) {
    history(`collaboration:${co.company}`, co.history.map((e) => ({ kind: 'Recorded', stamp: e.stamp, seal: e.seal })));
  }
  const t = c.convention.termination;
  if (t) {
    const steps = [{ kind: 'Notified', stamp: t.recorded, seal: t.seal }];
    if (t.received_on) steps.push({ kind: 'Received', stamp: t.receipt_recorded ?? t.recorded, seal: t.receipt_seal });
    history('termination:notice', steps);
  }
  return out;
}

/** Every sealed step of a file, with whether Node's crypto finds its signature good. */
function checkAll(file) {
  const keys = new Map(file.content.keys.map((k) => [createHashId(k.key), k.key]));
  return sealedSteps(file).map(({ record, event }) => {
    const key = nodeKey(keys.get(event.seal.key));
    const ok = verify('sha256', canonical(file.convention_id, record, event), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(event.seal.signature, 'hex'));
    return { record, step: event.kind, ok };
  });
}

/** A text as a fact (docs/echange.md): itself up to 64 bytes, else `sha256:` and its SHA-256. */
function textFact(text) {
  return Buffer.byteLength(text) <= 64 ? text : `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** A value's JSON as a fact (docs/echange.md): compact, every object's keys in byte order. */
function jsonFact(value) {
  const sorted = (v) => (Array.isArray(v) ? v.map(sorted)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map((k) => [k, sorted(v[k])]))
      : v);
  return textFact(JSON.stringify(sorted(value)));
}

/** The facts docs/echange.md's table says each step of the records other than actions states,
 * rebuilt from the file: `[what, seal's facts, expected]` for each sealed step. */
function rebuiltFacts(file) {
  const c = file.content;
  const out = [];
  for (const a of c.convention.amendments ?? []) {
    out.push([`amendment ${a.id} Proposed`, a.proposed_seal?.facts, { changes: jsonFact(a.changes), on: a.proposed_on }]);
    if (a.accepted) out.push([`amendment ${a.id} Accepted`, a.accepted.seal?.facts, { on: a.accepted.on }]);
  }
  for (const r of c.requests ?? []) {
    out.push([`request ${r.id} Requested`, r.history[0].seal?.facts, { company: jsonFact(r.company), fiche: r.fiche, message: textFact(r.message), on: r.requested_on }]);
    const answer = r.answer && (r.answer.Accepted ? ['Accepted', { action: r.answer.Accepted.action, on: r.answer.Accepted.on }] : ['Declined', { on: r.answer.Declined.on, reason: textFact(r.answer.Declined.reason) }]);
    if (answer) out.push([`request ${r.id} ${answer[0]}`, r.history.find((e) => e.kind === answer[0])?.seal?.facts, answer[1]]);
  }
  for (const e of c.journal ?? []) {
    out.push([`journal ${e.id} ${e.history.at(-1).kind}`, e.history.at(-1).seal?.facts, { body: jsonFact(e.body) }]);
  }
  for (const d of c.diffusion_requests ?? []) {
    out.push([`diffusion ${d.id} Requested`, d.history[0].seal?.facts, { on: d.history[0].on, recipient: textFact(d.recipient), what: textFact(d.what), purpose: textFact(d.purpose) }]);
    for (const e of d.history.slice(1)) out.push([`diffusion ${d.id} ${e.kind}`, e.seal?.facts, { on: e.on }]);
  }
  for (const t of c.issued_tables ?? []) {
    const month = `${t.year}-${String(t.month).padStart(2, '0')}`;
    out.push([`issued ${month}`, t.seal?.facts, { month, on: t.issued_on, table: jsonFact(t.table) }]);
  }
  for (const co of c.companies) {
    const { history, ...fields } = co;
    if (history?.length) out.push([`company ${co.id} ${history.at(-1).kind}`, history.at(-1).seal?.facts, { company: jsonFact(fields) }]);
  }
  for (const co of c.collaborations ?? []) {
    const { history, ...fields } = co;
    if (history.at(-1).stamp) out.push([`collaboration ${co.company}`, history.at(-1).seal?.facts, { collaboration: jsonFact(fields) }]);
  }
  const t = c.convention.termination;
  if (t?.seal) {
    out.push(['termination Notified', t.seal.facts, { on: t.notified_on, reason: textFact(t.reason) }]);
    if (t.received_on) out.push(['termination Received', t.receipt_seal?.facts, { on: t.received_on }]);
  }
  return out;
}

/** Each batch seal of a file (docs/echange.md, "Sceau de lot"), rebuilt independently: the key
 * and whether Node's crypto finds its signature good over the digests of the key's steps. */
function checkBatches(file) {
  const keys = new Map(file.content.keys.map((k) => [createHashId(k.key), k.key]));
  return (file.batch_seals ?? []).map((seal) => {
    const digests = new Set();
    for (const { record, event } of sealedSteps(file)) {
      if (event.seal.key !== seal.key) continue;
      const item = Buffer.concat([canonical(file.convention_id, record, event), Buffer.from(event.seal.signature, 'hex')]);
      digests.add(createHash('sha256').update(item).digest('hex'));
    }
    const lines = ['relance-lot-1', `convention=${file.convention_id}`, `key=${seal.key}`, ...[...digests].sort()];
    const message = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
    const ok = verify('sha256', message, { key: nodeKey(keys.get(seal.key)), dsaEncoding: 'ieee-p1363' }, Buffer.from(seal.signature, 'hex'));
    return { key: seal.key, steps: digests.size, ok };
  });
}

/** A key's id: the first 8 bytes of the SHA-256 of its raw bytes, in hexadecimal. */
function createHashId(hex) {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest().subarray(0, 8).toString('hex');
}

test('an engagement typed at the CMA under the CCST\'s name is refused at the CCST, in words; the rest is taken', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-forgery-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2);
    await cma.saved();
    await expect(cma.page.getByTestId('proof').first()).toContainText('signé (clé');

    // The CCST's first import: Marie's key confirmed by phone.
    await chooseFile(ccst, await exportFile(cma, dir, 'devis.json'), { confirmKeys: false, takeUnsigned: false });
    const ask = ccst.page.getByTestId('key-to-confirm');
    await expect(ask).toHaveCount(1);
    await expect(ask).toContainText('Vérifiez par téléphone avec Marie Conseillère (CMA BFC) que son empreinte est :');
    // Marie reads her fingerprint in the conventions tab: the same digits.
    await cma.tab('Conventions');
    const hers = await cma.page.getByTestId('key-fingerprint').textContent();
    await expect(ask.getByTestId('fingerprint')).toHaveText(hers);
    await expect(ccst.page.getByTestId('import-preview')).toContainText('que vous n\'avez pas reconnue');
    await confirmImport(ccst);
    await expect(await ccst.available()).toHaveText(euros('5 000,00 €'));

    // At the CMA, "Changer" → CCST, "Engager", back to Marie, export.
    await cma.actAs('CCST', 'Quelqu\'un');
    await cma.openFirst('Devis envoyé');
    await cma.step('Engager', '2021-01-25');
    await cma.saved();
    await cma.actAs('CMA BFC', 'Marie Conseillère');
    await cma.tab('Échanges');
    const warning = cma.page.getByTestId('signed-here');
    await expect(warning).toContainText('CCST refusera ces étapes (1)');
    await expect(warning).toContainText("« Devis engagé » de Menuiserie Durand – Fiche 2, le ");
    const forged = await exportFile(cma, dir, 'engage.json');

    // At the CCST: the engagement refused, with the step, the record and the key.
    await chooseFile(ccst, forged, { confirmKeys: false, takeUnsigned: false });
    const preview = ccst.page.getByTestId('import-preview');
    await expect(preview).toContainText('Non repris (1)');
    await expect(preview).toContainText(/Action Menuiserie Durand – Fiche 2[^:]* : l'étape « Devis engagé » le \d\d\/\d\d\/\d{4} à \d\d:\d\d par Quelqu'un \(CCST\) est refusée : signé par la clé [0-9a-f]{16} de « Quelqu'un » \(CCST\), que vous n'avez pas reconnue/);
    // The key is asked about, with the warning that it claims the CCST's own party.
    await expect(ccst.page.getByTestId('key-to-confirm')).toContainText('Cette clé se dit de CCST, votre propre partie');
    await expect(ccst.page.getByTestId('available-after')).toHaveText(euros('5 000,00 €'));
    await ccst.page.getByRole('button', { name: "Confirmer l'import" }).click();
    await expect(ccst.page.getByText(/^Import effectué/)).toBeVisible();
    await expect(await ccst.available()).toHaveText(euros('5 000,00 €'));
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('every signature of an exported file holds for Node\'s crypto, and an altered fact is caught', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-node-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2);
    await cma.saved();
    await importFile(ccst, await exportFile(cma, dir, 'devis.json'));
    await ccst.openFirst('Devis envoyé');
    await ccst.step('Engager', '2021-01-25');
    await ccst.saved();
    // The CCST's file relays Marie's steps with its own engagement.
    const path = await exportFile(ccst, dir, 'engage.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    const results = checkAll(file);
    expect(results.map((r) => `${r.record.split(':')[0]} ${r.step}`).sort()).toEqual(['action Created', 'action DevisSent', 'action Engaged', 'company Created']);
    expect(results.every((r) => r.ok)).toBe(true);
    // The CCST's machine seals the batch of its own key (Paul's engagement), not Marie's, whose
    // key it does not hold; the CMA's file sealed Marie's two steps.
    expect(file.content.key_statements ?? []).toEqual([]);
    const paulKey = file.content.actions[0].history.find((e) => e.kind === 'Engaged').seal.key;
    expect(checkBatches(file)).toEqual([{ key: paulKey, steps: 1, ok: true }]);
    const first = JSON.parse(await readFile(join(dir, 'devis.json'), 'utf8'));
    expect(checkBatches(first)).toEqual([{ key: first.content.actions[0].history[0].seal.key, steps: 3, ok: true }]);
    expect(file.content.keys.map((k) => `${k.name} (${k.side})`).sort()).toEqual(['Marie Conseillère (Chamber)', 'Paul Agent (Payer)']);

    // One signed fact altered: the signature no longer holds.
    const engaged = file.content.actions[0].history.find((e) => e.kind === 'Engaged');
    engaged.seal.facts.on = '2021-01-24';
    const after = checkAll(file);
    expect(after.find((r) => r.step === 'Engaged').ok).toBe(false);
    expect(after.filter((r) => r.ok)).toHaveLength(3);
    // Paul's batch seal no longer holds either.
    expect(checkBatches(file)).toEqual([{ key: paulKey, steps: 1, ok: false }]);

    // Back at the CMA, the engagement is taken, its history saying who signed.
    await importFile(cma, path);
    await cma.openFirst('Engagé');
    await expect(cma.page.locator('details.history li').filter({ hasText: 'Devis engagé' })).toContainText(/Paul Agent \(CCST\) · signé \(clé [0-9a-f]{16}, reconnue le /);
    // The keys this machine trusts, for each party, with how each came to be trusted.
    await cma.tab('Conventions');
    const trusted = cma.page.getByTestId('trusted-keys');
    await expect(trusted).toContainText(/Marie Conseillère \(clé [0-9a-f]{16}\) — clé de ce poste/);
    await expect(trusted).toContainText(/Paul Agent \(clé [0-9a-f]{16}\) — reconnue par son empreinte le \d\d\/\d\d\/\d{4}/);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a version 4 file (unsigned) still opens: its steps wait for explicit consent, then show as unsigned', async ({ page }) => {
  const ccst = new App(page);
  await ccst.open();
  await ccst.actAs('CCST', 'Paul Agent');
  await chooseFile(ccst, 'tests/fixtures/v4/echange-cma-vers-ccst.json', { confirmKeys: false, takeUnsigned: false });
  const held = page.getByTestId('unsigned');
  await expect(held).toContainText('Étapes non signées');
  await expect(held).toContainText('non signé (version antérieure)');
  await expect(page.getByTestId('import-preview')).not.toContainText('Nouvelles actions');
  await page.getByTestId('take-unsigned').check();
  await expect(page.getByTestId('import-preview')).toContainText('Nouvelles actions');
  await confirmImport(ccst, { confirmKeys: false, takeUnsigned: false });
  await ccst.tab('Actions');
  await page.locator('table.list tbody tr').first().getByRole('button').click();
  await expect(page.getByTestId('proof').first()).toHaveText('· non signé (antérieur)');
});

test('a file whose adviser signed 123 steps is checked through its batch seal; one step altered, only its action is refused', async ({ page }) => {
  // Written by `cargo run --example gen_exchange -- 60 <file> signed`: 60 actions, 123 steps of
  // the adviser's key under one batch seal, 15 of the agent's (checked one by one).
  const fixture = 'tests/fixtures/batch/echange-60-signe.json';
  const dir = await mkdtemp(join(tmpdir(), 'relance-batch-'));
  try {
    const file = JSON.parse(await readFile(fixture, 'utf8'));
    expect(checkBatches(file).map((b) => [b.steps, b.ok])).toEqual([[123, true], [15, true]]);
    // One signed fact of one devis altered, the checksum made again (the content is written in
    // its canonical form: JSON.stringify keeps it).
    const action = file.content.actions.find((a) => a.history.some((e) => e.kind === 'DevisSent'));
    action.history.find((e) => e.kind === 'DevisSent').seal.facts.on = '2020-12-31';
    file.checksum = `sha256:${createHash('sha256').update(JSON.stringify(file.content)).digest('hex')}`;
    const altered = join(dir, 'altere.json');
    await writeFile(altered, JSON.stringify(file));
    expect(checkBatches(file).map((b) => b.ok)).toEqual([false, true]);

    const ccst = new App(page);
    await ccst.open();
    await ccst.actAs('CCST', 'Paul Agent');
    const preview = page.getByTestId('import-preview');
    await chooseFile(ccst, altered);
    await expect(preview).toContainText('Nouvelles actions (59)');
    await expect(preview).toContainText('Non repris (1)');
    await expect(preview).toContainText('ne correspond pas');
    // The file as written: every action taken.
    await chooseFile(ccst, fixture);
    await expect(preview).toContainText('Nouvelles actions (60)');
    await expect(preview).not.toContainText('Non repris');
    await confirmImport(ccst);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('two CMA advisers and the CCST relay signed steps in mixed orders: all taken, the same figures everywhere', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-relay-'));
  const { cma: marie, ccst: paul, close } = await twoMachines(browser);
  const lucContext = await browser.newContext({ acceptDownloads: true });
  const luc = new App(await lucContext.newPage());
  try {
    await luc.open();
    await luc.actAs('CMA BFC', 'Luc Conseiller');
    await marie.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await marie.createActionWithDevis('Menuiserie Durand', 2);
    await marie.saved();
    const devis = await exportFile(marie, dir, 'devis.json');

    // Paul engages Marie's devis; Luc receives Paul's file (Marie's steps relayed by the CCST).
    await importFile(paul, devis);
    await paul.openFirst('Devis envoyé');
    await paul.step('Engager', '2021-01-25');
    await paul.saved();
    const engaged = await exportFile(paul, dir, 'engage.json');
    await chooseFile(luc, engaged, { confirmKeys: false, takeUnsigned: false });
    await expect(luc.page.getByTestId('key-to-confirm')).toHaveCount(2);
    await confirmImport(luc);

    // Luc records the service; Marie gets Luc's file first, then Paul's older one; Paul gets Luc's.
    await luc.openFirst('Engagé');
    await luc.step('Service fait', '2021-02-10');
    await luc.saved();
    const done = await exportFile(luc, dir, 'service.json');
    for (const [app, files] of [[marie, [done, engaged]], [paul, [done]]]) {
      for (const f of files) {
        await chooseFile(app, f);
        await expect(app.page.getByTestId('import-preview')).not.toContainText('Non repris');
        await confirmImport(app);
      }
    }
    for (const app of [marie, luc, paul]) {
      await expect(await app.available()).toHaveText(euros('3 800,00 €'));
      await app.openFirst('Service fait');
      await expect(app.page.locator('details.history li').filter({ hasText: 'Service fait' })).toContainText('Luc Conseiller (CMA BFC) · signé (clé');
    }
  } finally {
    await close();
    await lucContext.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a key withdrawn by its party (a lost laptop): its later steps are refused at the other party', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-withdrawn-'));
  const { cma: marie, ccst: paul, close } = await twoMachines(browser);
  const lucContext = await browser.newContext({ acceptDownloads: true });
  const luc = new App(await lucContext.newPage());
  try {
    await luc.open();
    await luc.actAs('CMA BFC', 'Luc Conseiller');
    await marie.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await marie.createActionWithDevis('Menuiserie Durand', 2);
    await marie.saved();
    await importFile(paul, await exportFile(marie, dir, 'devis.json'));
    await importFile(luc, await exportFile(paul, dir, 'relais.json'));

    // Marie's laptop is lost: Luc withdraws her key, after a confirmation.
    await luc.tab('Conventions');
    const hers = luc.page.getByTestId('trusted-key').filter({ hasText: 'Marie Conseillère' });
    await hers.getByRole('button', { name: 'Retirer cette clé' }).click();
    const ask = luc.page.getByTestId('confirm-withdraw');
    await expect(ask).toContainText('Ses signatures postérieures seront refusées');
    await ask.getByRole('button', { name: 'Retirer définitivement' }).click();
    await luc.saved();
    await expect(hers).toContainText(/retirée le \d\d\/\d\d\/\d{4}/);
    await expect(hers.getByRole('button', { name: 'Retirer cette clé' })).toHaveCount(0);
    await importFile(paul, await exportFile(luc, dir, 'retrait.json'));
    await paul.tab('Conventions');
    await expect(paul.page.getByTestId('trusted-key').filter({ hasText: 'Marie Conseillère' })).toContainText(/retirée le /);
    // The CCST withdraws no key of the CMA.
    await expect(paul.page.getByTestId('trusted-key').filter({ hasText: 'Marie Conseillère' }).getByRole('button')).toHaveCount(0);

    // Whoever holds the lost laptop sends a new devis: refused at the CCST, in words.
    await marie.createCompany({ name: 'Garage Petit', siret: '55208131766522', commune: 'Delle' });
    await marie.createActionWithDevis('Garage Petit', 1);
    await marie.saved();
    await chooseFile(paul, await exportFile(marie, dir, 'vole.json'));
    const preview = paul.page.getByTestId('import-preview');
    await expect(preview).toContainText(/Action Garage Petit – Fiche 1[^:]* : l'étape « Action créée » .* est refusée : signé par la clé [0-9a-f]{16}, que sa partie a retirée le \d\d\/\d\d\/\d{4}/);
  } finally {
    await close();
    await lucContext.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a new adviser\'s key, introduced by a colleague the CCST trusts, is trusted there without a question', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-introduced-'));
  const { cma: marie, ccst: paul, close } = await twoMachines(browser);
  const lucContext = await browser.newContext({ acceptDownloads: true });
  const luc = new App(await lucContext.newPage());
  try {
    await luc.open();
    await luc.actAs('CMA BFC', 'Luc Conseiller');
    // The CCST already trusts Marie.
    await marie.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await marie.createActionWithDevis('Menuiserie Durand', 2);
    await marie.saved();
    await importFile(paul, await exportFile(marie, dir, 'marie.json'));

    // Luc, new, sends his first devis to Marie, who confirms his key by phone and introduces it.
    await luc.createCompany({ name: 'Garage Petit', siret: '55208131766522', commune: 'Delle' });
    await luc.createActionWithDevis('Garage Petit', 1);
    await luc.saved();
    await importFile(marie, await exportFile(luc, dir, 'luc.json'));
    await marie.tab('Conventions');
    const his = marie.page.getByTestId('trusted-key').filter({ hasText: 'Luc Conseiller' });
    await expect(his).toContainText('reconnue par son empreinte le');
    await his.getByRole('button', { name: 'Présenter à CCST' }).click();
    await marie.saved();
    await expect(his.getByRole('button', { name: 'Présenter à CCST' })).toHaveCount(0);

    // The CCST takes Marie's file: Luc's key trusted without a question, his devis taken.
    await chooseFile(paul, await exportFile(marie, dir, 'presentation.json'), { confirmKeys: false, takeUnsigned: false });
    const preview = paul.page.getByTestId('import-preview');
    await expect(paul.page.getByTestId('key-to-confirm')).toHaveCount(0);
    await expect(preview).toContainText('Clés présentées par leur partie, reconnues sans question (1)');
    await expect(preview).toContainText(/Luc Conseiller \(CMA BFC, clé [0-9a-f]{16}\) : présentée le \d\d\/\d\d\/\d{4} par la clé [0-9a-f]{16}/);
    await expect(preview).not.toContainText('Non repris');
    await expect(preview).toContainText('Garage Petit');
    await confirmImport(paul, { confirmKeys: false, takeUnsigned: false });
    await paul.tab('Conventions');
    await expect(paul.page.getByTestId('trusted-key').filter({ hasText: 'Luc Conseiller' })).toContainText('présentée le');
  } finally {
    await close();
    await lucContext.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('an amendment accepted at the CMA under the CCST\'s name is refused at the CCST; every step of every record holds for Node', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'relance-amendment-forgery-'));
  const { cma, ccst, close } = await twoMachines(browser);
  try {
    await cma.createCompany({ name: 'Menuiserie Durand', siret: '73282932000074', commune: 'Delle' });
    await cma.createActionWithDevis('Menuiserie Durand', 2);
    await cma.saved();
    await importFile(ccst, await exportFile(cma, dir, 'devis.json'));

    // Marie proposes a larger envelope and records a diffusion request: both signed.
    await cma.tab('Conventions');
    const proposal = cma.page.getByRole('form', { name: 'Proposer un avenant' });
    await proposal.getByLabel('Proposé le').fill('2021-02-03');
    await proposal.getByLabel('Nouvelle enveloppe (€)').fill('6000');
    await proposal.getByRole('button', { name: "Proposer l'avenant" }).click();
    const amendment = cma.page.getByTestId('amendments').getByRole('listitem').first();
    await amendment.getByText('Historique').click();
    await expect(amendment.getByTestId('proof')).toHaveText(/· signé \(clé [0-9a-f]{16}, de ce poste\)/);
    await recordDiffusionRequest(cma, { on: '2021-02-05', recipient: 'Région BFC', what: 'Liste des entreprises', purpose: 'Étude' });
    // Then, after « Changer » → CCST, accepts it herself, and comes back.
    await cma.actAs('CCST', 'Quelqu\'un');
    await cma.tab('Conventions');
    const theirs = cma.page.getByTestId('amendments').getByRole('listitem').first();
    await theirs.getByLabel('Accepté le').fill('2021-02-04');
    await theirs.getByRole('button', { name: "Accepter l'avenant" }).click();
    await expect(theirs.getByTestId('amendment-status')).toHaveText("En vigueur : accepté le 04/02/2021 par Quelqu'un (CCST).");
    await cma.saved();
    await cma.actAs('CMA BFC', 'Marie Conseillère');
    await cma.tab('Échanges');
    await expect(cma.page.getByTestId('signed-here')).toContainText("« Avenant accepté » de l'avenant proposé le 03/02/2021, le ");
    const path = await exportFile(cma, dir, 'avenant.json');

    // Node checks every signature of the file from docs/echange.md alone — the action's steps,
    // the proposal, the acceptance (well signed, by a key the CCST does not know), the diffusion
    // request — and rebuilds the proposal's facts from the file.
    const file = JSON.parse(await readFile(path, 'utf8'));
    const results = checkAll(file);
    expect(results.map((r) => `${r.record.split(':')[0]} ${r.step}`).sort()).toEqual([
      'action Created', 'action DevisSent', 'amendment Accepted', 'amendment Proposed', 'company Created', 'diffusion Requested',
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const a = file.content.convention.amendments[0];
    expect(a.proposed_seal.facts).toEqual({ changes: jsonFact(a.changes), on: a.proposed_on });
    expect(a.accepted.seal.facts).toEqual({ on: a.accepted.on });
    const d = file.content.diffusion_requests[0];
    expect(d.history[0].seal.facts).toEqual({ on: '2021-02-05', recipient: 'Région BFC', what: 'Liste des entreprises', purpose: 'Étude' });
    expect(checkBatches(file).every((b) => b.ok)).toBe(true);
    // The envelope altered after signing: the proposal's signature no longer holds.
    a.proposed_seal.facts.changes = jsonFact({ envelope: '9000' });
    expect(checkAll(file).find((r) => r.step === 'Proposed').ok).toBe(false);

    // At the CCST: the amendment refused, named with its step and key; the envelope stays.
    await chooseFile(ccst, path, { confirmKeys: false, takeUnsigned: false });
    const preview = ccst.page.getByTestId('import-preview');
    await expect(preview).toContainText(/Avenant proposé le 03\/02\/2021 : l'étape « Avenant accepté » le \d\d\/\d\d\/\d{4} à \d\d:\d\d par Quelqu'un \(CCST\) est refusée : signé par la clé [0-9a-f]{16} de « Quelqu'un » \(CCST\), que vous n'avez pas reconnue/);
    await expect(ccst.page.getByTestId('available-after')).toHaveText(euros('5 000,00 €'));
    await ccst.page.getByRole('button', { name: "Confirmer l'import" }).click();
    await expect(ccst.page.getByText(/^Import effectué/)).toBeVisible();
    await expect(await ccst.available()).toHaveText(euros('5 000,00 €'));
    await ccst.tab('Conventions');
    await expect(ccst.page.getByTestId('amendments').getByRole('listitem')).toHaveCount(0);
    // Marie's diffusion request, hers to sign, is taken, its history saying who signed.
    await ccst.tab('Journal');
    const request = ccst.page.getByTestId('diffusion-requests').getByRole('listitem').first();
    await request.getByText('Historique').click();
    await expect(request.getByTestId('proved-steps').getByRole('listitem')).toHaveText(/^\d\d\/\d\d\/\d{4} à \d\d:\d\d – Diffusion demandée – Marie Conseillère \(CMA BFC\) · signé \(clé [0-9a-f]{16}, reconnue le /);
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('every signature of the documentation\'s example and of the files kept from versions 6 and 7 holds for Node, each fact rebuilt from the file', async () => {
  const kept = ['v6', 'v7'].flatMap((v) => [`tests/fixtures/${v}/echange-cma-vers-ccst.json`, `tests/fixtures/${v}/echange-ccst-vers-cma.json`]);
  for (const path of ['docs/exemple-echange.json', ...kept]) {
    const file = JSON.parse(await readFile(path, 'utf8'));
    const results = checkAll(file);
    const kinds = new Set(results.map((r) => r.record.split(':')[0]));
    expect(results.filter((r) => !r.ok), path).toEqual([]);
    const facts = rebuiltFacts(file);
    for (const [what, sealed, expected] of facts) expect(sealed, `${path}: ${what}`).toEqual(expected);
    if (path.includes('v6')) {
      expect([...kinds].sort(), path).toEqual(['action', 'amendment', 'company', 'diffusion', 'issued', 'journal', 'request']);
      expect(facts.length, path).toBeGreaterThanOrEqual(10);
    }
    if (path.includes('v7')) {
      expect([...kinds].sort(), path).toEqual(['action', 'amendment', 'collaboration', 'company', 'diffusion', 'issued', 'journal', 'request', 'termination']);
      expect(facts.filter(([what]) => /^(collaboration|termination) /.test(what)).length, path).toBe(3);
    }
  }
});
