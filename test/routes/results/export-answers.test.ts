/**
 * The edition's own questions in the results exports (issue #19): the ranking CSV and the XLSX ranking sheet carry
 * every answer under its question's label, in the form's order, written as every other export writes an answer
 * (question.rules.ts: answerText), in the reader's language and spreadsheet dialect, formula-like answers
 * neutralised in the CSV. Organisers see the questions hidden from jurors; jurors download no export at all.
 */
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { insertQuestion, listQuestions, saveAnswers } from '../../../src/entries/question.repo';
import { parseOptions } from '../../../src/entries/question.rules';
import type { QuestionInput } from '../../../src/entries/question.types';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser } from '../../helpers/factories';
import {
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  writeSheet,
} from '../../helpers/results';
import { binary, csvDelimiter, parseCsv, readWorkbook } from '../../helpers/results-parse';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let organiser: Browser;
let juror: Browser;
let edition: Edition;
let criteria: Criterion[];
let appeldorp: Entry;
let berkel: Entry;
const q: Record<'savings' | 'joint' | 'scale' | 'alderman' | 'started', number> = {} as never;

const question = (
  input: Partial<QuestionInput> & Pick<QuestionInput, 'type' | 'labelNl'>,
): QuestionInput => ({
  field: null,
  labelEn: '',
  helpNl: '',
  helpEn: '',
  required: false,
  hiddenFromJurors: false,
  settings: {},
  ...input,
});

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  const admin = await createUser(t.db, { role: 'admin' });
  organiser = await loggedIn(t.app, admin);
  const made = await createResultsEdition(t, { year: 2027 });
  ({ edition, criteria } = made);
  // Added after the eight original questions (positions 1–8), in this order; "Gestart op" shares position 1 with the
  // summary and comes after it (ties go by id), so it sits between two original questions.
  q.savings = await insertQuestion(
    t.db,
    edition.id,
    question({
      type: 'number',
      labelNl: 'Besparing per jaar',
      labelEn: 'Savings a year',
      settings: { unit: '€', decimals: 0 },
    }),
    20,
  );
  q.joint = await insertQuestion(
    t.db,
    edition.id,
    question({ type: 'yes_no', labelNl: 'Samen met andere gemeenten', labelEn: 'Together with others' }),
    21,
  );
  q.scale = await insertQuestion(
    t.db,
    edition.id,
    question({
      type: 'choice',
      labelNl: 'Schaal',
      labelEn: 'Scale',
      settings: { options: parseOptions('Lokaal | Local\nRegionaal | Regional'), multiple: false },
    }),
    22,
  );
  q.alderman = await insertQuestion(
    t.db,
    edition.id,
    question({ type: 'short_text', labelNl: 'Wethouder', labelEn: 'Alderman', hiddenFromJurors: true }),
    23,
  );
  q.started = await insertQuestion(
    t.db,
    edition.id,
    question({ type: 'date', labelNl: 'Gestart op', labelEn: 'Started on' }),
    1,
  );

  appeldorp = (
    await createRankedEntry(t, {
      edition,
      categoryId: made.categoryId,
      title: 'Slim inkopen',
      organisationName: 'Gemeente Appeldorp',
    })
  ).entry;
  berkel = (
    await createRankedEntry(t, {
      edition,
      categoryId: made.categoryId,
      title: 'Digitale balie',
      organisationName: 'Gemeente Berkel',
    })
  ).entry;
  await saveAnswers(
    t.db,
    appeldorp.id,
    new Map<number, string | number | boolean | string[]>([
      [q.savings, 1234567],
      [q.joint, true],
      [q.scale, ['o2']],
      // An entrant's text that a spreadsheet would run as a formula.
      [q.alderman, '=HYPERLINK("http://evil.example","klik")'],
      [q.started, '2026-03-05'],
    ]),
  );
  // Berkel answers only the yes/no question (no): the other columns stay empty.
  await saveAnswers(t.db, berkel.id, new Map([[q.joint, false]]));

  const anna = await createSeatedJuror(t, { edition, name: 'Anna Aalders', invitedBy: admin });
  juror = await loggedIn(t.app, anna);
  await writeSheet(t, { edition, criteria, juror: anna, entry: appeldorp, values: 8 });
  await writeSheet(t, { edition, criteria, juror: anna, entry: berkel, values: 6 });
});

afterAll(() => t.close());

const base = () => `/admin/editions/${edition.id}`;
const download = (path: string, lng = 'nl') => organiser.get(path).set('Accept-Language', lng).expect(200);

/** The labels of the edition's form, in its order, in the reader's language. */
async function formLabels(lng: 'nl' | 'en'): Promise<string[]> {
  return (await listQuestions(t.db, edition.id)).map((x) =>
    lng === 'en' && x.labelEn ? x.labelEn : x.labelNl,
  );
}

/** The cells of a row under each header, in the header's order. */
const recordOf = (header: readonly string[], row: readonly string[]) =>
  Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']));

describe('answers in the ranking CSV', () => {
  it('Dutch: every question of the form under its label, in form order, after the ranking’s columns', async () => {
    const res = await download(`${base()}/results.csv`);
    expect(csvDelimiter(res.text)).toBe(';');
    const [header, ...rows] = parseCsv(res.text);
    const labels = await formLabels('nl');
    expect(labels).toHaveLength(13);
    expect(labels.indexOf('Gestart op')).toBe(1);
    // The last columns are the questions, exactly in the form's order.
    expect(header!.slice(-labels.length)).toEqual(labels);
    expect(header!.indexOf('Plaats')).toBe(0);
    expect(header!.indexOf('Nominatie')).toBeLessThan(header!.indexOf('Korte samenvatting'));

    const records = rows.map((row) => recordOf(header!, row));
    const a = records.find((r) => r.Titel === 'Slim inkopen')!;
    expect(a).toMatchObject({
      Plaats: '1',
      'Korte samenvatting': 'Drie gemeenten kopen samen in en besparen tijd en geld.',
      'Gestart op': '5-3-2026',
      'Besparing per jaar': '€ 1.234.567',
      'Samen met andere gemeenten': 'Ja',
      Schaal: 'Regionaal',
      // Hidden from jurors, but this is the organisers' export; neutralised like every text.
      Wethouder: '\'=HYPERLINK("http://evil.example","klik")',
      Contactpersoon: 'Contactpersoon',
    });
    const b = records.find((r) => r.Titel === 'Digitale balie')!;
    expect(b).toMatchObject({
      Plaats: '2',
      'Besparing per jaar': '',
      'Samen met andere gemeenten': 'Nee',
      Schaal: '',
      Wethouder: '',
    });
    for (const line of res.text.split(/\r\n|\n|\r/)) expect(line).not.toMatch(/^[=+\-@\t]/);
  });

  it('English: the English labels and wording, commas between fields', async () => {
    const res = await download(`${base()}/results.csv`, 'en');
    expect(csvDelimiter(res.text)).toBe(',');
    const [header, ...rows] = parseCsv(res.text);
    const labels = await formLabels('en');
    expect(header!.slice(-labels.length)).toEqual(labels);
    const a = rows.map((row) => recordOf(header!, row)).find((r) => r.Title === 'Slim inkopen')!;
    expect(a).toMatchObject({
      'Savings a year': '€ 1,234,567',
      'Together with others': 'Yes',
      Scale: 'Regional',
      'Started on': '05/03/2026',
      'Short summary': 'Drie gemeenten kopen samen in en besparen tijd en geld.',
    });
  });

  it('a question added to the form shows up in the next export, at its place', async () => {
    const added = await insertQuestion(
      t.db,
      edition.id,
      question({ type: 'short_text', labelNl: 'Aantal betrokken gemeenten' }),
      21,
    );
    await saveAnswers(t.db, berkel.id, new Map([[added, 'zeven']]));
    try {
      const [header, ...rows] = parseCsv((await download(`${base()}/results.csv`)).text);
      const labels = header!.slice(-14);
      expect(labels.slice(-4)).toEqual([
        'Samen met andere gemeenten',
        'Aantal betrokken gemeenten',
        'Schaal',
        'Wethouder',
      ]);
      const b = rows.map((row) => recordOf(header!, row)).find((r) => r.Titel === 'Digitale balie')!;
      expect(b['Aantal betrokken gemeenten']).toBe('zeven');
    } finally {
      await t.db('entry_answers').where({ question_id: added }).delete();
      await t.db('entry_questions').where({ id: added }).delete();
    }
  });
});

describe('answers in the XLSX', () => {
  it('the ranking sheet has the same answer columns as the CSV, in the same order, as text', async () => {
    const res = await organiser.get(`${base()}/results.xlsx`).buffer(true).parse(binary).expect(200);
    const sheet = (await readWorkbook(res.body as Buffer)).getWorksheet('Ranglijst')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const labels = await formLabels('nl');
    expect(header.slice(-labels.length)).toEqual(labels);
    const csvHeader = parseCsv((await download(`${base()}/results.csv`)).text)[0]!;
    expect(header).toEqual(csvHeader);

    const rows: Array<Record<string, unknown>> = [];
    sheet.eachRow((row, index) => {
      if (index === 1) return;
      const values = (row.values as unknown[]).slice(1);
      rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
    });
    const a = rows.find((r) => r.Titel === 'Slim inkopen')!;
    expect(a).toMatchObject({
      'Besparing per jaar': '€ 1.234.567',
      'Samen met andere gemeenten': 'Ja',
      Schaal: 'Regionaal',
      'Gestart op': '5-3-2026',
      // A cell of text, not a formula: exceljs writes strings as inline text.
      Wethouder: '=HYPERLINK("http://evil.example","klik")',
    });
    expect(rows.find((r) => r.Titel === 'Digitale balie')).toMatchObject({
      'Samen met andere gemeenten': 'Nee',
    });
  });
});

describe('who can download the answers', () => {
  it('in a blind edition organisers still get the hidden question; a juror gets no export at all', async () => {
    await t.db('editions').where({ id: edition.id }).update({ blind_judging: true }).increment('version', 1);
    const [header] = parseCsv((await download(`${base()}/results.csv`)).text);
    expect(header).toContain('Wethouder');
    for (const path of ['results.csv', 'results.xlsx', 'scores.csv']) {
      const res = await juror.get(`${base()}/${path}`);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('HYPERLINK');
    }
  });
});
