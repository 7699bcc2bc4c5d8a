import { moveEntryStatus } from '../../../src/entries/entry.repo';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createEntry, createEntryWorld, type EntryWorld } from '../../helpers/entries';
import { createUser } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * Organisers compose the entry form: add, change, reorder and remove questions, each audited. Once an entry is
 * submitted the structure is locked (409, nothing changes); wording can still be corrected, with an audit record.
 * A new edition starts with the default form; a copied edition has the same form.
 */
let t: TestApp;
let world: EntryWorld;
let admin: Browser;
let entrant: Browser;
const NOW = new Date('2027-03-01T10:00:00Z');

beforeAll(async () => {
  t = await makeTestApp({ now: NOW });
  world = await createEntryWorld(t);
  admin = await loggedIn(t.app, await createUser(t.db, { role: 'admin' }));
  entrant = await loggedIn(t.app, world.submitter);
});
afterAll(() => t.close());

const base = () => `/admin/editions/${world.edition.id}/questions`;
const questions = async (editionId = world.edition.id) =>
  t.db('entry_questions').where({ edition_id: editionId }).orderBy('position');
const numberQuestion = {
  type: 'number',
  labelNl: 'Aantal betrokken gemeenten',
  labelEn: 'Number of municipalities involved',
  helpNl: 'Tel uw eigen gemeente mee.',
  unit: 'gemeenten',
  decimals: '0',
  min: '1',
  required: '1',
};

describe('composing the entry form', () => {
  it('lists the default questions and lets an organiser add a number question that entrants then see', async () => {
    const page = await admin.get(base()).expect(200);
    expect(page.text).toContain('Korte samenvatting');
    expect(page.text).toContain('Telefoonnummer contactpersoon');

    const res = await admin.submit(`${base()}/new`, base(), numberQuestion);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}?notice=added`);
    const added = (await questions()).at(-1);
    expect(added).toMatchObject({ type: 'number', label_nl: 'Aantal betrokken gemeenten', position: 9 });
    expect(JSON.parse(added.settings)).toEqual({ unit: 'gemeenten', decimals: 0, min: 1 });
    const audit = await t.db('audit_events').where({ action: 'questions.add', subject_id: world.edition.id });
    expect(audit).toHaveLength(1);

    const form = await entrant.get(`/entries/${world.entry.id}/edit`).expect(200);
    expect(form.text).toContain('Aantal betrokken gemeenten');
    expect(form.text).toContain(`name="q${added.id}"`);
    expect(form.text).toContain('Tel uw eigen gemeente mee.');
  });

  it('refuses a question without wording or with a bad setting (422, nothing stored)', async () => {
    const before = (await questions()).length;
    const res = await admin.submit(`${base()}/new`, base(), {
      type: 'choice',
      labelNl: '',
      options: 'Alleen één',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('ip-error-summary');
    expect(res.text).toContain('Vul de vraag in het Nederlands in');
    expect(res.text).toContain('Geef ten minste twee keuzes');
    const bad = await admin.submit(`${base()}/new`, base(), { type: 'number', labelNl: 'X', min: 'veel' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('href="#min"');
    const unknown = await admin.submit(`${base()}/new`, base(), { type: 'essay', labelNl: 'X' });
    expect(unknown.status).toBe(422);
    expect((await questions()).length).toBe(before);
  });

  it('moves a question up, changes it, and removes it, each audited', async () => {
    const last = (await questions()).at(-1);
    const moved = await admin.submit(base(), `${base()}/${last.id}/move`, { direction: 'up' });
    expect(moved.status).toBe(303);
    const order = (await questions()).map((q: { id: number }) => q.id);
    expect(order.indexOf(last.id)).toBe(order.length - 2);

    const changed = await admin.submit(`${base()}/${last.id}`, `${base()}/${last.id}`, {
      ...numberQuestion,
      type: 'short_text',
      labelNl: 'Welke gemeenten?',
      required: '',
    });
    expect(changed.status).toBe(303);
    expect(await t.db('entry_questions').where({ id: last.id }).first()).toMatchObject({
      type: 'short_text',
      label_nl: 'Welke gemeenten?',
      settings: '{}',
    });
    expect(Boolean((await t.db('entry_questions').where({ id: last.id }).first()).required)).toBe(false);

    const removed = await admin.submit(`${base()}/${last.id}`, `${base()}/${last.id}/remove`, {});
    expect(removed.status).toBe(303);
    expect(await t.db('entry_questions').where({ id: last.id }).first()).toBeUndefined();
    const actions = (
      await t.db('audit_events').where({ subject_type: 'edition', subject_id: world.edition.id })
    )
      .map((a: { action: string }) => a.action)
      .filter((a: string) => a.startsWith('questions.'));
    expect(actions).toEqual(['questions.add', 'questions.move', 'questions.change', 'questions.remove']);
  });

  it('keeps the type of an original question: its answer lives in a column of the entry', async () => {
    const summary = (await questions()).find((q: { field: string }) => q.field === 'summary');
    const res = await admin.submit(`${base()}/${summary.id}`, `${base()}/${summary.id}`, {
      type: 'number',
      labelNl: 'Samenvatting',
      required: '1',
      maxChars: '800',
      maxWords: '80',
    });
    expect(res.status).toBe(303);
    expect(await t.db('entry_questions').where({ id: summary.id }).first()).toMatchObject({
      type: 'long_text',
      label_nl: 'Samenvatting',
    });
    const tooLong = await admin.submit(`${base()}/${summary.id}`, `${base()}/${summary.id}`, {
      labelNl: 'Samenvatting',
      maxChars: '5000',
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Kies een aantal tekens van 1 tot en met 1000');
  });

  it('answers a question of another edition with 404', async () => {
    const other = await createEntryWorld(t, { edition: { year: 2031 } as never });
    const foreign = (await questions(other.edition.id))[0];
    await admin.get(`${base()}/${foreign.id}`).expect(404);
    const res = await admin.submit(base(), `${base()}/${foreign.id}/remove`, {});
    expect(res.status).toBe(404);
    expect(await t.db('entry_questions').where({ id: foreign.id }).first()).toBeDefined();
  });

  it('locks the structure once an entry is submitted: only wording changes, audited', async () => {
    const submitted = await createEntry(t, {
      edition: world.edition,
      organisationId: world.organisation.id,
      userId: world.submitter.id,
      categoryId: world.categories[0]!.id,
    });
    await moveEntryStatus(t.db, { id: submitted.id, from: 'draft', to: 'submitted', now: NOW });
    const before = await questions();
    const target = before.find((q: { field: string }) => q.field === 'problem');

    const page = await admin.get(base()).expect(200);
    expect(page.text).toContain('Er is al een inzending ingediend');
    expect(page.text).not.toContain('Vraag toevoegen');

    const add = await admin.submit(`${base()}`, base(), numberQuestion);
    expect(add.status).toBe(409);
    expect(add.text).toContain('de opbouw van het formulier ligt vast');
    expect((await admin.submit(base(), `${base()}/${target.id}/remove`, {})).status).toBe(409);
    expect((await admin.submit(base(), `${base()}/${target.id}/move`, { direction: 'down' })).status).toBe(
      409,
    );
    const structural = await admin.submit(`${base()}/${target.id}`, `${base()}/${target.id}`, {
      labelNl: target.label_nl,
      labelEn: target.label_en,
      helpNl: target.help_nl,
      helpEn: target.help_en,
      maxChars: '2000',
      required: '1',
    });
    expect(structural.status).toBe(409);
    const notRequired = await admin.submit(`${base()}/${target.id}`, `${base()}/${target.id}`, {
      labelNl: target.label_nl,
      maxChars: '5000',
    });
    expect(notRequired.status).toBe(409);
    expect(await questions()).toEqual(before);

    const wording = await admin.submit(`${base()}/${target.id}`, `${base()}/${target.id}`, {
      labelNl: 'Het probleem dat u oploste',
      labelEn: target.label_en,
      helpNl: target.help_nl,
      helpEn: target.help_en,
      maxChars: '5000',
      required: '1',
    });
    expect(wording.status).toBe(303);
    expect((await t.db('entry_questions').where({ id: target.id }).first()).label_nl).toBe(
      'Het probleem dat u oploste',
    );
    const audit = await t.db('audit_events').where({ action: 'questions.wording' }).first();
    expect(JSON.parse(audit.before_json ?? audit.before ?? '{}')).toMatchObject({ labelNl: 'Het probleem' });
  });

  it('gives a new edition the default form, and a copied edition the same form', async () => {
    const copy = await admin.submit(
      `/admin/editions/${world.edition.id}`,
      `/admin/editions/${world.edition.id}/copy`,
      {},
    );
    expect(copy.status).toBe(303);
    const copyId = Number(/\/admin\/editions\/(\d+)\//.exec(copy.headers.location!)![1]);
    const strip = (rows: Array<Record<string, unknown>>) =>
      rows.map(({ id: _id, edition_id: _e, ...rest }) => ({
        ...rest,
        required: Boolean(rest.required),
        hidden_from_jurors: Boolean(rest.hidden_from_jurors),
      }));
    expect(strip(await questions(copyId))).toEqual(strip(await questions()));
    // The copy is its own form: changing it leaves the original alone.
    const first = (await questions(copyId))[0];
    await admin.submit(
      `/admin/editions/${copyId}/questions`,
      `/admin/editions/${copyId}/questions/${first.id}/remove`,
      {},
    );
    expect((await questions(copyId)).length).toBe((await questions()).length - 1);

    const created = await admin.submit('/admin/editions/new', '/admin/editions', {
      name: 'Innovatieprijs 2032',
      year: '2032',
      prizeAmount: '2500',
      scaleMin: '1',
      scaleMax: '10',
      maxFiles: '5',
      maxFileMb: '10',
      allowedTypes: ['pdf'],
      eligibleTypes: ['gemeente'],
    });
    expect(created.status).toBe(303);
    const newId = (await t.db('editions').where({ year: 2032 }).first()).id;
    expect((await questions(newId)).map((q: { field: string }) => q.field)).toEqual([
      'summary',
      'problem',
      'innovation',
      'resultsEfficiency',
      'resultsEffectiveness',
      'transferability',
      'contactName',
      'contactPhone',
    ]);
  });
});
