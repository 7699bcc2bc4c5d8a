/**
 * Exports people can open (issue #12): the CSV in the reader's spreadsheet dialect with every field quoted and every
 * formula-like line neutralised, the jurors' comments in the scores CSV and XLSX (pseudonyms in a blind edition),
 * and conflicts in the conflict table's own words.
 */
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import {
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  writeSheet,
} from '../../helpers/results';
import {
  binary,
  csvDelimiter,
  csvRecords,
  parseCsv,
  readWorkbook,
  sheetRecords,
} from '../../helpers/results-parse';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let organiser: Browser;
let edition: Edition;
let criteria: Criterion[];
const entries: Record<'payload' | 'berkel', Entry> = {} as never;
const jurors: Record<'anna' | 'bram', TestUser> = {} as never;

const base = () => `/admin/editions/${edition.id}`;
const PAYLOAD_TITLE = 'Slim plan\n=HYPERLINK("http://evil.example","klik")\r\n+1\n@SUM(A1)\n-2';
const download = (path: string, lng = 'nl') => organiser.get(path).set('Accept-Language', lng).expect(200);

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  const admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  organiser = await loggedIn(t.app, admin);
  const made = await createResultsEdition(t, { year: 2027 });
  ({ edition, criteria } = made);
  entries.payload = (
    await createRankedEntry(t, {
      edition,
      categoryId: made.categoryId,
      title: PAYLOAD_TITLE,
      organisationName: 'Gemeente Appeldorp',
    })
  ).entry;
  const berkel = await createRankedEntry(t, {
    edition,
    categoryId: made.categoryId,
    title: 'Digitale balie',
    organisationName: 'Berkel',
  });
  entries.berkel = berkel.entry;
  jurors.anna = await createSeatedJuror(t, { edition, name: 'Anna Aalders', invitedBy: admin });
  jurors.bram = await createSeatedJuror(t, { edition, name: 'Bram Bos', invitedBy: admin });
  // Bram sits on the board of Gemeente Berkel: a conflict through a tie, not through his employer.
  const seat = await t
    .db('edition_jurors')
    .where({ edition_id: edition.id, user_id: jurors.bram.id })
    .first();
  await t.db('juror_ties').insert({
    edition_juror_id: seat.id,
    organisation_id: berkel.organisation.id,
    kind: 'board',
  });
  await writeSheet(t, {
    edition,
    criteria,
    juror: jurors.anna,
    entry: entries.payload,
    values: 8,
    motivation: 'Overtuigend.\n=1+1',
    comments: { 0: 'Echt nieuw.' },
  });
  await writeSheet(t, {
    edition,
    criteria,
    juror: jurors.anna,
    entry: entries.berkel,
    values: [7, 6, 7, 6, 7],
  });
  await writeSheet(t, { edition, criteria, juror: jurors.bram, entry: entries.payload, values: 6 });
});

afterAll(async () => {
  await t.close();
});

describe('CSV in the reader’s spreadsheet dialect', () => {
  it('Dutch: semicolons, decimal comma, UTF-8 BOM, every field quoted', async () => {
    const res = await download(`${base()}/results.csv`);
    expect(res.text.startsWith('\uFEFF"Plaats";"Nummer";"Titel";')).toBe(true);
    expect(csvDelimiter(res.text)).toBe(';');
    const records = csvRecords(res.text);
    expect(records[0]!['Score (Gemiddelde)']).toBe('70,00');
    // No field is left unquoted: every record line starts with a quote.
    const physical = res.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(physical.filter((line) => /^"[^"]*"(;|$)/.test(line)).length).toBeGreaterThan(0);
  });

  it('English: commas and a decimal point', async () => {
    const res = await download(`${base()}/results.csv`, 'en');
    expect(res.text.startsWith('\uFEFF"Place","Number","Title",')).toBe(true);
    expect(csvRecords(res.text)[0]!['Score (Mean)']).toBe('70.00');
  });

  it('a title with a formula on a later line reads back as text, every such line neutralised', async () => {
    const res = await download(`${base()}/results.csv`);
    const title = csvRecords(res.text).find((r) => r.Titel!.startsWith('Slim plan'))!.Titel;
    expect(title).toBe('Slim plan\n\'=HYPERLINK("http://evil.example","klik")\r\n\'+1\n\'@SUM(A1)\n\'-2');
    // No physical line of the file starts a formula, whatever a spreadsheet makes of the line breaks.
    for (const line of res.text.split(/\r\n|\n|\r/)) expect(line).not.toMatch(/^[=+\-@\t]/);
    // The record count is right: the line breaks stayed inside the quoted field.
    expect(parseCsv(res.text)).toHaveLength(3);
  });
});

describe('comments and conflicts in the exports', () => {
  it('scores CSV: the juror’s motivation and comments per sheet, neutralised', async () => {
    const res = await download(`${base()}/scores.csv`);
    const records = csvRecords(res.text);
    const anna = records.find((r) => r.Jurylid === 'Anna Aalders' && r.Titel!.startsWith('Slim plan'))!;
    expect(anna['Toelichting jurylid']).toBe("Motivering: Overtuigend.\n'=1+1\nInnovatiekracht: Echt nieuw.");
    const bram = records.find((r) => r.Jurylid === 'Bram Bos')!;
    expect(bram['Toelichting jurylid']).toBe('');
  });

  it('XLSX: the same comments on the scores sheet, and the conflict in the conflict table’s words', async () => {
    const res = await organiser.get(`${base()}/results.xlsx`).buffer(true).parse(binary).expect(200);
    const workbook = await readWorkbook(res.body as Buffer);
    const scores = sheetRecords(workbook.getWorksheet('Scores')!);
    expect(
      scores.find((r) => r.Jurylid === 'Anna Aalders' && r['Gewogen score (0–100)'] === 80),
    ).toMatchObject({
      'Toelichting jurylid': 'Motivering: Overtuigend.\n=1+1\nInnovatiekracht: Echt nieuw.',
    });
    const conflicts = sheetRecords(workbook.getWorksheet('Conflicten')!);
    expect(conflicts).toEqual([
      expect.objectContaining({ Jurylid: 'Bram Bos', Reden: 'Band: Gemeente Berkel is de inzender.' }),
    ]);
    expect(JSON.stringify(conflicts)).not.toContain('werkt bij');
    const ranking = sheetRecords(workbook.getWorksheet('Ranglijst')!);
    expect(ranking.find((r) => r.Titel === 'Digitale balie')).toMatchObject({
      'Belangenverstrengeling (wie en waarom)': 'Bram Bos: Band: Gemeente Berkel is de inzender.',
    });
  });

  it('ranking CSV: the same conflict sentence as the conflicts page', async () => {
    const page = await organiser.get(`${base()}/conflicts`).expect(200);
    expect(page.text).toContain('Band: Gemeente Berkel is de inzender.');
    const res = await download(`${base()}/results.csv`);
    const berkel = csvRecords(res.text).find((r) => r.Titel === 'Digitale balie')!;
    expect(berkel['Belangenverstrengeling (wie en waarom)']).toBe(
      'Bram Bos: Band: Gemeente Berkel is de inzender.',
    );
  });

  it('a blind edition names jurors by pseudonym next to their scores and comments', async () => {
    await t.db('editions').where({ id: edition.id }).update({ blind_judging: true }).increment('version', 1);
    const res = await download(`${base()}/scores.csv`);
    const records = csvRecords(res.text);
    expect(res.text).not.toContain('Anna Aalders');
    expect(records.map((r) => r.Jurylid).sort()).toEqual(['Jurylid 1', 'Jurylid 1', 'Jurylid 2']);
    expect(records.find((r) => r['Toelichting jurylid'] !== '')!.Jurylid).toBe('Jurylid 1');
  });
});
