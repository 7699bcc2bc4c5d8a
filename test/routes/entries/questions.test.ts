import { insertQuestion } from '../../../src/entries/question.repo';
import { DEFAULT_QUESTIONS, parseOptions } from '../../../src/entries/question.rules';
import type { QuestionInput } from '../../../src/entries/question.types';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createEntryWorld, type EntryWorld } from '../../helpers/entries';
import { createOrganisation } from '../../helpers/factories';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

/**
 * The entry form asks the edition's questions. Each type of question accepts a good answer and refuses a bad one
 * with a clear message (422, the error summary), storing nothing of that save; drafts keep partial answers; a
 * required question stops submitting until it is answered.
 */
let t: TestApp;
let world: EntryWorld;
let browser: Browser;
const ids: Record<string, number> = {};
let bunnik: number;
let refused: number;

const NOW = new Date('2027-03-01T10:00:00Z');

const question = (over: Partial<QuestionInput> & Pick<QuestionInput, 'type' | 'labelNl'>): QuestionInput => ({
  field: null,
  labelEn: '',
  helpNl: '',
  helpEn: '',
  required: false,
  hiddenFromJurors: false,
  settings: {},
  ...over,
});

beforeAll(async () => {
  t = await makeTestApp({ now: NOW });
  world = await createEntryWorld(t);
  const add = async (key: string, q: QuestionInput) =>
    (ids[key] = await insertQuestion(
      t.db,
      world.edition.id,
      q,
      DEFAULT_QUESTIONS.length + Object.keys(ids).length + 1,
    ));
  await add(
    'theme',
    question({ type: 'short_text', labelNl: 'Thema van dit jaar', settings: { maxChars: 20 } }),
  );
  await add(
    'story',
    question({ type: 'long_text', labelNl: 'Aanpak', settings: { maxWords: 5, maxChars: 100 } }),
  );
  await add(
    'savings',
    question({
      type: 'number',
      labelNl: 'Besparing per jaar',
      required: true,
      settings: { unit: '€', decimals: 2, min: 0 },
    }),
  );
  await add(
    'kind',
    question({
      type: 'choice',
      labelNl: 'Soort samenwerking',
      settings: { options: parseOptions('Regionaal\nLandelijk'), multiple: false },
    }),
  );
  await add(
    'channels',
    question({
      type: 'choice',
      labelNl: 'Kanalen',
      settings: { options: parseOptions('Balie\nWeb\nTelefoon'), multiple: true },
    }),
  );
  await add('live', question({ type: 'yes_no', labelNl: 'Is het project al in gebruik?' }));
  await add('start', question({ type: 'date', labelNl: 'Startdatum' }));
  await add(
    'gemeenten',
    question({ type: 'organisations', labelNl: 'Betrokken gemeenten', settings: { multiple: true } }),
  );
  bunnik = (await t.db('organisations').where({ name: 'Bunnik', type: 'gemeente' }).first('id')).id;
  refused = (await createOrganisation(t.db, { name: 'Stichting Afgewezen', type: 'overig' })).id;
  await t.db('organisations').where({ id: refused }).update({ status: 'refused' });
  browser = await loggedIn(t.app, world.submitter);
});
afterAll(() => t.close());

const name = (key: string) => `q${ids[key]}`;

async function save(fields: Record<string, string | string[]>) {
  const form = await browser.get(`/entries/${world.entry.id}/edit`).expect(200);
  const version = /name="version" value="(\d+)"/.exec(form.text)![1]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const base = {
    title: world.entry.title,
    categoryId: String(world.categories[0]!.id),
    summary: world.entry.summary,
    problem: world.entry.problem,
    innovation: world.entry.innovation,
    resultsEfficiency: world.entry.resultsEfficiency,
    resultsEffectiveness: world.entry.resultsEffectiveness,
    transferability: world.entry.transferability,
    contactName: world.entry.contactName,
    contactPhone: world.entry.contactPhone,
  };
  return browser.agent
    .post(`/entries/${world.entry.id}/edit`)
    .type('form')
    .send({ ...base, ...fields, version, _csrf: token });
}

const stored = async () =>
  Object.fromEntries(
    (await t.db('entry_answers').where({ entry_id: world.entry.id })).map(
      (r: { question_id: number; value: string }) => [
        Object.keys(ids).find((k) => ids[k] === Number(r.question_id)),
        JSON.parse(r.value) as unknown,
      ],
    ),
  );

describe('the entry form asks the edition’s questions', () => {
  it('shows every question with its label, in order, after the original ones', async () => {
    const form = await browser.get(`/entries/${world.entry.id}/edit`).expect(200);
    const positions = [
      'Korte samenvatting',
      'Telefoonnummer contactpersoon',
      'Thema van dit jaar',
      'Besparing per jaar',
      'Betrokken gemeenten',
    ].map((l) => form.text.indexOf(l));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(form.text).toContain(`name="${name('live')}" value="yes"`);
    expect(form.text).toMatch(new RegExp(`<select[^>]*name="${name('gemeenten')}"[^>]* multiple`));
    expect(form.text).toContain('(niet verplicht)');
  });

  it('stores good answers of every type, and shows them again', async () => {
    const res = await save({
      [name('theme')]: 'Samen sterker',
      [name('story')]: 'Eén team, één werkwijze.',
      [name('savings')]: '€ 12.500,50',
      [name('kind')]: 'o2',
      [name('channels')]: ['o1', 'o3'],
      [name('live')]: 'no',
      [name('start')]: '1-9-2026',
      [name('gemeenten')]: [String(bunnik)],
    });
    expect(res.status).toBe(303);
    expect(await stored()).toEqual({
      theme: 'Samen sterker',
      story: 'Eén team, één werkwijze.',
      savings: 12500.5,
      kind: ['o2'],
      channels: ['o1', 'o3'],
      live: false,
      start: '2026-09-01',
      gemeenten: [bunnik],
    });
    const form = await browser.get(`/entries/${world.entry.id}/edit`).expect(200);
    expect(form.text).toContain('value="Samen sterker"');
    expect(form.text).toContain('value="12500.5"');
    expect(form.text).toMatch(new RegExp(`name="${name('live')}" value="no" checked`));
    const page = await browser.get(`/entries/${world.entry.id}`).expect(200);
    expect(page.text).toContain('€ 12.500,5');
    expect(page.text).toContain('Landelijk');
    expect(page.text).toContain('Balie, Telefoon');
    expect(page.text).toContain('Nee');
    expect(page.text).toContain('1-9-2026');
    expect(page.text).toContain('Bunnik');
  });

  const bad: Array<[string, string | string[], string]> = [
    ['theme', 'Een thema dat veel te lang is', 'Gebruik maximaal 20 tekens'],
    ['theme', 'twee\nregels', 'Gebruik één regel tekst'],
    ['story', 'een twee drie vier vijf zes', 'Gebruik maximaal 5 woorden (nu 6)'],
    ['savings', 'veel', 'Vul een getal in, bijvoorbeeld 1250 of 12,5'],
    ['savings', '12,345', 'Gebruik hoogstens 2 cijfers achter de komma'],
    ['savings', '-5', 'Vul een getal in van 0 of meer'],
    ['kind', ['o1', 'o2'], 'Kies één antwoord'],
    ['kind', 'o7', 'Kies een antwoord uit de lijst'],
    ['channels', ['o1', 'o9'], 'Kies een antwoord uit de lijst'],
    ['live', 'misschien', 'Kies ja of nee'],
    ['start', '31-2-2027', 'Vul een bestaande datum in'],
    ['gemeenten', ['Bunnik'], 'Kies een organisatie uit het register'],
    ['gemeenten', ['999999'], 'Kies een organisatie uit het register'],
    ['gemeenten', [String(0)], 'Kies een organisatie uit het register'],
  ];
  it.each(bad)(
    'refuses a bad answer to %s (%j) with 422, a clear message, and stores nothing',
    async (key, value, message) => {
      const before = await stored();
      const row = await t.db('entries').where({ id: world.entry.id }).first();
      const res = await save({ title: 'Nieuwe titel die niet bewaard mag worden', [name(key)]: value });
      expect(res.status).toBe(422);
      expect(res.text).toContain('ip-error-summary');
      expect(res.text).toContain(`href="#${name(key)}"`);
      expect(res.text).toContain(message);
      // What was typed comes back on the form.
      if (['theme', 'savings', 'start'].includes(key) && !String(value).includes('\n'))
        expect(res.text).toContain(`value="${String(value)}"`);
      expect(await stored()).toEqual(before);
      const after = await t.db('entries').where({ id: world.entry.id }).first();
      expect(after.title).toBe(row.title);
      expect(after.version).toBe(row.version);
    },
  );

  it('refuses an organisation that is not an active body of the register, storing nothing', async () => {
    const before = await stored();
    const res = await save({ title: 'Niet bewaren', [name('gemeenten')]: [String(bunnik), String(refused)] });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Kies een organisatie uit het register');
    expect(await stored()).toEqual(before);
    expect((await t.db('entries').where({ id: world.entry.id }).first()).title).not.toBe('Niet bewaren');
  });

  it('keeps a draft’s partial answers, and will not submit while a required question is open', async () => {
    const res = await save({ [name('theme')]: 'Alleen het thema', [name('savings')]: '' });
    expect(res.status).toBe(303);
    const answers = await stored();
    expect(answers.theme).toBe('Alleen het thema');
    expect(answers.savings).toBeUndefined();
    expect(answers.kind).toBeUndefined();

    const check = await browser.get(`/entries/${world.entry.id}/submit`).expect(200);
    expect(check.text).toContain('Beantwoord de vraag ‘Besparing per jaar’');
    expect(check.text).toContain(`/edit#${name('savings')}`);
    const refusedSubmit = await browser.submit(
      `/entries/${world.entry.id}/submit`,
      `/entries/${world.entry.id}/submit`,
      {},
    );
    expect(refusedSubmit.status).toBe(422);
    expect((await t.db('entries').where({ id: world.entry.id }).first()).status).toBe('draft');

    expect((await save({ [name('theme')]: 'Alleen het thema', [name('savings')]: '0' })).status).toBe(303);
    const submitted = await browser.submit(
      `/entries/${world.entry.id}/submit`,
      `/entries/${world.entry.id}/submit`,
      {},
    );
    expect(submitted.status).toBe(303);
    expect((await t.db('entries').where({ id: world.entry.id }).first()).status).toBe('submitted');
  });

  it('a submitted entry cannot lose the answer to a required question', async () => {
    const res = await save({ [name('savings')]: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Beantwoord de vraag ‘Besparing per jaar’');
    expect((await stored()).savings).toBe(0);
  });

  it('names a question in English on an English page', async () => {
    await t.db('entry_questions').where({ id: ids.savings }).update({ label_en: 'Savings per year' });
    const res = await browser.get(`/entries/${world.entry.id}/edit`).set('Cookie', 'lang=en').expect(200);
    expect(res.text).toContain('Savings per year');
    expect(res.text).toContain('lang="nl"');
  });
});
