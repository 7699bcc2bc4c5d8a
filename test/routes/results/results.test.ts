import request from 'supertest';
import type { Edition, Criterion } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { Browser, loggedIn } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import {
  addConflict,
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  revokeJuror,
  writeSheet,
} from '../../helpers/results';
import {
  binary,
  csvRecords,
  number,
  pdfText,
  rankingFromPage,
  readWorkbook,
  sheetRecords,
  type ScreenRow,
} from '../../helpers/results-parse';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let admin: TestUser;
let organiser: Browser;
let edition: Edition;
let criteria: Criterion[];
const entries: Record<'a' | 'b' | 'c' | 'd' | 'e', { entry: Entry; submitter: TestUser }> = {} as never;
const jurors: Record<'anna' | 'bram' | 'carla' | 'dirk', TestUser> = {} as never;

const base = () => `/admin/editions/${edition.id}`;

// Scale 0–10 and the same value on every criterion, so a sheet's weighted score is 10 × that value.
//                Anna   Bram        Carla   Dirk (revoked)
//   A  Slim       80     70          90      10 → left out
//   B  Balie      60     90          50
//   C  Robots     70     40 → conflict now   80
//   D  Daken      abstained (no score)
//   E  not admitted (not in the ranking)
// Mean: A 80, C 75, B 66.67. Leaving Carla out: A 75 = B 75, one first place each → the jury decides: not robust.
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  organiser = await loggedIn(t.app, admin);
  ({ edition, criteria } = await createResultsEdition(t, { year: 2027 }).then(async (r) => {
    const categoryId = r.categoryId;
    const make = (title: string, organisationName: string, extra = {}) =>
      createRankedEntry(t, { edition: r.edition, categoryId, title, organisationName, ...extra });
    entries.a = await make('Slim inkopen', 'Gemeente Appeldorp', { summary: 'Samen inkopen bespaart tijd.' });
    entries.b = await make('Digitale balie', 'Gemeente Berkel');
    entries.c = await make('Robots buiten', 'SSC Centrum', {
      consentPublish: false,
      summary: 'Geheim plan.',
    });
    entries.d = await make('Groene daken', 'Gemeente Dalen');
    entries.e = await make('Niet toegelaten', 'Gemeente Eelde', { eligibility: 'ineligible' });
    return r;
  }));
  jurors.anna = await createSeatedJuror(t, { edition, name: 'Anna Aalders', invitedBy: admin });
  jurors.bram = await createSeatedJuror(t, { edition, name: 'Bram Bos', invitedBy: admin });
  jurors.carla = await createSeatedJuror(t, { edition, name: 'Carla Claes', invitedBy: admin });
  jurors.dirk = await createSeatedJuror(t, { edition, name: 'Dirk Dekker', invitedBy: admin });
  const sheet = (juror: TestUser, entry: Entry, values: number, extra = {}) =>
    writeSheet(t, { edition, criteria, juror, entry, values, ...extra });
  await sheet(jurors.anna, entries.a.entry, 8, { motivation: 'Sterk en overdraagbaar.' });
  await sheet(jurors.anna, entries.b.entry, 6);
  await sheet(jurors.anna, entries.c.entry, 7);
  await writeSheet(t, { edition, criteria, juror: jurors.anna, entry: entries.d.entry, status: 'abstained' });
  await sheet(jurors.bram, entries.a.entry, 7, { comments: { 0: 'Echt vernieuwend.' } });
  await sheet(jurors.bram, entries.b.entry, 9);
  await sheet(jurors.bram, entries.c.entry, 4);
  await sheet(jurors.carla, entries.a.entry, 9, { motivation: 'De beste van dit jaar.' });
  await sheet(jurors.carla, entries.b.entry, 5);
  await sheet(jurors.carla, entries.c.entry, 8);
  await writeSheet(t, { edition, criteria, juror: jurors.carla, entry: entries.e.entry, values: 10 });
  await sheet(jurors.dirk, entries.a.entry, 1);
  await revokeJuror(t, edition, jurors.dirk);
  await addConflict(t, { edition, juror: jurors.bram, entry: entries.c.entry, decidedBy: admin });
});
afterAll(() => t.close());

async function screenRanking(): Promise<ScreenRow[]> {
  const res = await organiser.get(`${base()}/results`).expect(200);
  return rankingFromPage(res.text);
}

/** The edition's fixed aggregation, set as the edition form would (the version moves on). */
async function fixAggregation(aggregation: string): Promise<void> {
  await t.db('editions').where({ id: edition.id }).update({ aggregation }).increment('version', 1);
}

const resultUrls = () => [
  `${base()}/results`,
  `${base()}/results?aggregation=zscore`,
  `${base()}/results/entries/${entries.a.entry.id}`,
  `${base()}/results.csv`,
  `${base()}/scores.csv`,
  `${base()}/results.xlsx`,
  `${base()}/jury-report.pdf`,
  `${base()}/announce`,
  `${base()}/ceremony`,
  `/edities/2027/winnaar`,
];

describe('the embargo before announcement', () => {
  it('answers 404 on every result URL to the public, jurors and submitters', async () => {
    const juror = await loggedIn(t.app, jurors.anna);
    const submitter = await loggedIn(t.app, entries.a.submitter);
    for (const url of resultUrls()) {
      await request(t.app).get(url).expect(404);
      await juror.get(url).expect(404);
      await submitter.get(url).expect(404);
    }
  });

  it('refuses every results action from a juror with 404, changing nothing', async () => {
    const juror = await loggedIn(t.app, jurors.anna);
    for (const [action, body] of [
      [`${base()}/results/entries/${entries.a.entry.id}/nomination`, { kind: 'nominee' }],
      [`${base()}/results/entries/${entries.a.entry.id}/note`, { note: 'Hack' }],
      [`${base()}/results/decision`, { winnerEntryId: String(entries.a.entry.id), motivation: 'x' }],
      [`${base()}/announce`, {}],
    ] as const) {
      const res = await juror.submit('/account', action, body);
      expect({ action, status: res.status }).toEqual({ action, status: 404 });
    }
    expect(await t.db('nominations')).toHaveLength(0);
    expect(await t.db('jury_notes')).toHaveLength(0);
    expect(await t.db('result_decisions')).toHaveLength(0);
  });

  it('shows organisers every results page and export', async () => {
    for (const url of resultUrls().slice(0, -1)) await organiser.get(url).expect(200);
    // No winner yet: nothing to preview.
    await organiser.get('/edities/2027/winnaar').expect(404);
    // The main menu's "Uitslag" leads to the current edition's results; hidden from others too.
    const menu = await organiser.get('/admin/results').expect(303);
    expect(menu.headers.location).toBe(`${base()}/results`);
    await request(t.app).get('/admin/results').expect(404);
  });
});

describe('the results page', () => {
  it('ranks by the mean with the four aggregations, counts and spread side by side', async () => {
    const rows = await screenRanking();
    const byNumber = Object.fromEntries(rows.map((r) => [r.number, r]));
    expect(rows.map((r) => [r.number, r.rank, r.score])).toEqual([
      ['2027-001', 1, 80],
      ['2027-003', 2, 75],
      ['2027-002', 3, 66.67],
      ['2027-004', null, null],
    ]);
    expect(byNumber['2027-001']).toMatchObject({ n: 3, sd: 10, median: 80, zscore: 54.02, borda: 66.67 });
    expect(byNumber['2027-002']).toMatchObject({ n: 3, sd: 20.82, median: 60, zscore: 44.67, borda: 33.33 });
    // Bram's score for C does not count (conflict now): only Anna's and Carla's.
    expect(byNumber['2027-003']).toMatchObject({ n: 2, sd: 7.07, zscore: 51.96, borda: 50 });
    expect(byNumber['2027-004']).toMatchObject({ n: 0, sd: null });
  });

  it('says what was left out and why, and what each entry lost to abstentions and conflicts', async () => {
    const res = await organiser.get(`${base()}/results`).expect(200);
    expect(res.text).toContain(
      '1 definitieve beoordeling telt niet, omdat het jurylid nu een belangenconflict',
    );
    expect(res.text).toContain('1 definitieve beoordeling is van iemand die geen jurylid meer is.');
    expect(res.text).toContain('Niet beoordeeld: 1 · Conflicten: 0');
    expect(res.text).toContain('Niet beoordeeld: 0 · Conflicten: 1');
    expect(res.text).not.toContain('Niet toegelaten');
  });

  it('lists the tie-break rules fixed in advance and gives a robustness verdict naming the change that flips it', async () => {
    const res = await organiser.get(`${base()}/results`).expect(200);
    expect(res.text).toMatch(
      /<li>vaker als beste beoordeeld door een jurylid \(meer eerste plaatsen\)<\/li>\s*<li>besluit van de jury<\/li>/,
    );
    expect(res.text).toContain('data-verdict="notRobust"');
    expect(res.text).toContain('Zonder Carla Claes: geen unieke winnaar');
  });

  it('ranks by the aggregation the edition fixed in advance, never by one asked for in the URL', async () => {
    await fixAggregation('borda');
    try {
      const rows = await screenRanking();
      expect(rows.map((r) => [r.number, r.rank, r.score])).toEqual([
        ['2027-001', 1, 66.67],
        ['2027-003', 2, 50],
        ['2027-002', 3, 33.33],
        ['2027-004', null, null],
      ]);
      const asked = await organiser.get(`${base()}/results?aggregation=mean`).expect(200);
      expect(rankingFromPage(asked.text).map((r) => r.score)).toEqual(rows.map((r) => r.score));
    } finally {
      await fixAggregation('mean');
    }
  });

  it('draws the charts as SVG with a title, a description and a data table', async () => {
    const res = await organiser.get(`${base()}/results`).expect(200);
    for (const id of ['chart-scores', 'chart-criteria', 'chart-heat']) {
      expect(res.text).toMatch(
        new RegExp(`<svg [^>]*id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc"`),
      );
      expect(res.text).toContain(`<title id="${id}-title">`);
      expect(res.text).toContain(`<desc id="${id}-desc">`);
    }
    expect(res.text).toContain('id="chart-scores-table"');
    expect(res.text).toContain('>Carla Claes</text>');
  });

  it('shows one entry with its scores per juror and the jurors’ comments', async () => {
    const res = await organiser.get(`${base()}/results/entries/${entries.a.entry.id}`).expect(200);
    expect(res.text).toContain('Slim inkopen');
    expect(res.text).toContain('Echt vernieuwend.');
    expect(res.text).toContain('De beste van dit jaar.');
    expect(res.text).not.toContain('Dirk Dekker');
    await organiser.get(`${base()}/results/entries/${entries.e.entry.id}`).expect(404);
    await organiser.get(`${base()}/results/entries/abc`).expect(404);
  });
});

describe('exports hold the numbers on the screen', () => {
  let screen: ScreenRow[];
  beforeAll(async () => {
    screen = await screenRanking();
  });

  it('CSV: the ranking parsed back equals the table on the page', async () => {
    const res = await organiser.get(`${base()}/results.csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="?innovatieprijs-2027-uitslag-mean\.csv"?$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const records = csvRecords(res.text);
    expect(
      records.map((r) => ({
        number: r.Nummer,
        rank: number(r.Plaats),
        score: number(r['Score (Gemiddelde)']),
        mean: number(r.Gemiddelde),
        median: number(r.Mediaan),
        zscore: number(r['Z-score']),
        borda: number(r.Borda),
        n: Number(r.n),
        sd: number(r['Spreiding (sd)']),
      })),
    ).toEqual(
      screen.map((s) => ({
        number: s.number,
        rank: s.rank,
        score: s.score,
        mean: s.mean,
        median: s.median,
        zscore: s.zscore,
        borda: s.borda,
        n: s.n,
        sd: s.sd,
      })),
    );
    // The Dutch Excel dialect: ';' between fields, a decimal comma, every field quoted, with a BOM.
    expect(res.text.startsWith('\uFEFF"Plaats";"Nummer";')).toBe(true);
    expect(records[0]!['Gemiddelde Innovatiekracht']).toBe('8,00');
  });

  it('CSV: every score that counts, one line per juror and entry', async () => {
    const res = await organiser.get(`${base()}/scores.csv`).expect(200);
    const records = csvRecords(res.text);
    expect(records).toHaveLength(8);
    expect(records.filter((r) => r.Jurylid === 'Dirk Dekker')).toHaveLength(0);
    expect(records.find((r) => r.Nummer === '2027-001' && r.Jurylid === 'Carla Claes')).toMatchObject({
      Innovatiekracht: '9',
      'Gewogen score (0–100)': '90,00',
    });
  });

  it('XLSX: the ranking sheet read back with exceljs equals the page; all five sheets are there', async () => {
    const res = await organiser.get(`${base()}/results.xlsx`).buffer(true).parse(binary).expect(200);
    const workbook = await readWorkbook(res.body as Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Ranglijst',
      'Scores',
      'Inzendingen',
      'Juryleden',
      'Conflicten',
    ]);
    const ranking = sheetRecords(workbook.getWorksheet('Ranglijst')!);
    expect(
      ranking.map((r) => ({
        number: r.Nummer,
        rank: r.Plaats,
        score: r['Score (Gemiddelde)'],
        zscore: r['Z-score'],
        n: r.n,
        sd: r['Spreiding (sd)'],
      })),
    ).toEqual(
      screen.map((s) => ({
        number: s.number,
        rank: s.rank,
        score: s.score,
        zscore: s.zscore,
        n: s.n,
        sd: s.sd,
      })),
    );
    expect(workbook.getWorksheet('Ranglijst')!.getCell('E2').numFmt).toBe('0.00');
    expect(sheetRecords(workbook.getWorksheet('Scores')!)).toHaveLength(8);
    expect(sheetRecords(workbook.getWorksheet('Juryleden')!).map((r) => [r.Jurylid, r.n])).toEqual([
      ['Anna Aalders', 3],
      ['Bram Bos', 2],
      ['Carla Claes', 3],
    ]);
    expect(sheetRecords(workbook.getWorksheet('Conflicten')!)).toEqual([
      expect.objectContaining({
        Jurylid: 'Bram Bos',
        Nummer: '2027-003',
        Stand: 'Conflict',
        Reden: 'Toegevoegd door Olga Organisator op 20 november 2027: Bleek adviseur van het project',
      }),
    ]);
  });

  it('PDF: the ranking in the text of the jury report equals the page', async () => {
    const res = await organiser.get(`${base()}/jury-report.pdf`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.body as Buffer);
    if (process.env.DUMP_PDF) require('node:fs').writeFileSync(process.env.DUMP_PDF, res.body as Buffer);
    expect(text).toContain('Juryrapport');
    expect(text).toContain('Innovatieprijs 2027');
    // A ranking line: place, number, title and organisation, score, n, spread.
    const lines = text
      .split('\n')
      .map((line) =>
        /^\s*(\d+|–)\s+(\d{4}-\d{3})\s+.*?\s(\d+,\d{2}|–)\s+(\d+)\s+(\d+,\d{2}|–)\s*$/.exec(line),
      )
      .filter((m): m is RegExpExecArray => m !== null);
    const rows = lines.map((m) => ({
      number: m[2],
      rank: number(m[1]),
      score: number(m[3]),
      n: Number(m[4]),
      sd: number(m[5]),
    }));
    expect(rows).toEqual(
      screen.map((s) => ({ number: s.number, rank: s.rank, score: s.score, n: s.n, sd: s.sd })),
    );
  });
});

describe('deliberation', () => {
  const entryPage = () => `${base()}/results/entries/${entries.a.entry.id}`;
  const nominate = (entry: Entry, kind: string) =>
    organiser.submit(
      `${base()}/results/entries/${entry.id}`,
      `${base()}/results/entries/${entry.id}/nomination`,
      {
        kind,
      },
    );

  it('nominates, gives an honourable mention and keeps a jury note, each audited', async () => {
    expect((await nominate(entries.a.entry, 'nominee')).status).toBe(303);
    expect((await nominate(entries.c.entry, 'nominee')).status).toBe(303);
    expect((await nominate(entries.b.entry, 'honourable_mention')).status).toBe(303);
    const note = await organiser.submit(entryPage(), `${entryPage()}/note`, { note: 'Unaniem sterk.' });
    expect(note.status).toBe(303);
    expect(note.headers.location).toBe(`${entryPage()}?notice=noteSaved`);
    const rows = await t.db('nominations').where({ edition_id: edition.id }).orderBy('entry_id');
    expect(rows.map((r) => [r.entry_id, r.kind])).toEqual([
      [entries.a.entry.id, 'nominee'],
      [entries.b.entry.id, 'honourable_mention'],
      [entries.c.entry.id, 'nominee'],
    ]);
    expect(await t.db('audit_events').where({ action: 'result.nominate' })).toHaveLength(3);
    expect(await t.db('audit_events').where({ action: 'result.note' })).toHaveLength(1);
    const page = await organiser.get(entryPage()).expect(200);
    expect(page.text).toContain('Unaniem sterk.');
  });

  it('refuses an unknown shortlist place and an entry outside the ranking', async () => {
    expect((await nominate(entries.a.entry, 'winner')).status).toBe(422);
    expect((await nominate(entries.e.entry, 'nominee')).status).toBe(404);
  });

  it('refuses a winner who is not a nominee, or no motivation, with 422 and the input kept', async () => {
    const decide = (fields: Record<string, string>) =>
      organiser.submit(`${base()}/results`, `${base()}/results/decision`, {
        usedAggregation: 'mean',
        ...fields,
      });
    const notNominee = await decide({
      winnerEntryId: String(entries.b.entry.id),
      motivation: 'Mooi <b>werk</b>',
    });
    expect(notNominee.status).toBe(422);
    expect(notNominee.text).toContain('Kies een winnaar uit de genomineerden');
    expect(notNominee.text).toContain('Mooi &lt;b&gt;werk&lt;/b&gt;');
    const noMotivation = await decide({ winnerEntryId: String(entries.a.entry.id), motivation: '  ' });
    expect(noMotivation.status).toBe(422);
    expect(noMotivation.text).toContain('href="#motivation"');
    expect(await t.db('result_decisions')).toHaveLength(0);
  });

  it('records the winner with motivation and aggregation, moves the edition to decided, audited', async () => {
    const res = await organiser.submit(`${base()}/results`, `${base()}/results/decision`, {
      winnerEntryId: String(entries.a.entry.id),
      usedAggregation: 'mean',
      motivation: 'Slim inkopen laat zien hoe gemeenten samen sneller en beter inkopen.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}/results?notice=decided`);
    expect((await t.db('editions').where({ id: edition.id }).first()).phase).toBe('decided');
    const decision = await t.db('result_decisions').where({ edition_id: edition.id }).first();
    expect(decision).toMatchObject({ winner_entry_id: entries.a.entry.id, aggregation: 'mean' });
    expect(decision.announced_at).toBeNull();
    const [audit] = await t.db('audit_events').where({ action: 'result.decide' });
    expect(audit.actor_user_id).toBe(admin.id);
    expect(JSON.parse(audit.after_json)).toMatchObject({
      winnerEntryId: entries.a.entry.id,
      computedWinnerEntryId: entries.a.entry.id,
      winnerRank: 1,
      robust: false,
      phase: 'decided',
    });
    // The phase move goes through the edition service, audited like any other.
    const moves = await t
      .db('audit_events')
      .where({ action: 'edition.phase_forward', subject_id: edition.id });
    expect(moves).toHaveLength(1);
    expect(moves[0].actor_user_id).toBe(admin.id);
    expect(JSON.parse(moves[0].before_json)).toMatchObject({ phase: 'deliberation' });
    expect(JSON.parse(moves[0].after_json)).toMatchObject({ phase: 'decided' });
  });

  it('keeps the chosen winner on the shortlist', async () => {
    const res = await nominate(entries.a.entry, 'none');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Deze inzending is als winnaar vastgelegd');
  });

  it('lets organisers preview the winner page, still 404 for everyone else', async () => {
    const preview = await organiser.get('/edities/2027/winnaar').expect(200);
    expect(preview.text).toContain('Voorbeeld: deze pagina is pas openbaar na de bekendmaking.');
    await request(t.app).get('/edities/2027/winnaar').expect(404);
  });

  it('does not let the generic phase form announce', async () => {
    const res = await organiser.submit(base(), `${base()}/phase`, { to: 'announced', reason: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Maak de uitslag bekend via de pagina ‘Uitslag bekendmaken’');
    expect((await t.db('editions').where({ id: edition.id }).first()).phase).toBe('decided');
  });
});

describe('the ceremony', () => {
  it('is a sequence of pages: opening, honourable mention, nominees one by one, pause, winner', async () => {
    const step = async (n: number) => (await organiser.get(`${base()}/ceremony?step=${n}`).expect(200)).text;
    const visible = (html: string) =>
      /<section[^>]*data-step-index="\d+"(?![^>]*hidden)[^>]*>([\s\S]*?)<\/section>/.exec(html)![1]!;
    expect(visible(await step(0))).toContain('De genomineerden');
    expect(visible(await step(1))).toContain('Gemeente Berkel');
    expect(visible(await step(2))).toContain('Genomineerde 1 van 2');
    expect(visible(await step(2))).toContain('Gemeente Appeldorp');
    expect(visible(await step(3))).toContain('SSC Centrum');
    expect(visible(await step(4))).toContain('En de winnaar is');
    const winner = visible(await step(5));
    expect(winner).toContain('Gemeente Appeldorp');
    expect(winner).toContain('Slim inkopen laat zien');
    const last = await step(99);
    expect(last).toContain('Stap 6 van 6');
    expect(last).toMatch(/rel="next" data-stage-next hidden/);
  });
});

describe('announcing', () => {
  it('shows what will be published and how many entrants would be mailed', async () => {
    const res = await organiser.get(`${base()}/announce`).expect(200);
    expect(res.text).toContain('Zo ziet de winnaarspagina eruit');
    expect(res.text).toContain('Samen inkopen bespaart tijd.');
    // Five organisations with a submitted entry, one submitter each.
    expect(res.text).toContain('Mail de uitslag naar alle inzenders (5 adressen)');
  });

  it('publishes the winner page at once, marks the edition announced, mails every entrant, audited', async () => {
    const res = await organiser.submit(`${base()}/announce`, `${base()}/announce`, { mailEntrants: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}/results?notice=announcedMailed`);
    expect((await t.db('editions').where({ id: edition.id }).first()).phase).toBe('announced');
    const decision = await t.db('result_decisions').where({ edition_id: edition.id }).first();
    expect(decision.announced_at).not.toBeNull();
    expect(decision.mailed_entrants_at).not.toBeNull();
    const [audit] = await t.db('audit_events').where({ action: 'result.announce' });
    expect(JSON.parse(audit.after_json)).toMatchObject({
      phase: 'announced',
      winnerEntryId: entries.a.entry.id,
      nominees: [entries.a.entry.id, entries.c.entry.id],
      honourableMentions: [entries.b.entry.id],
      mailEntrants: true,
    });
    const [move] = await t
      .db('audit_events')
      .where({ action: 'edition.phase_forward', subject_id: edition.id })
      .orderBy('id', 'desc');
    expect(JSON.parse(move.before_json)).toMatchObject({ phase: 'decided' });
    expect(JSON.parse(move.after_json)).toMatchObject({ phase: 'announced' });
    expect(await t.db('audit_events').where({ action: 'result.mail_entrants' })).toHaveLength(1);

    for (const { submitter } of Object.values(entries)) {
      await t.sink.waitForMail(submitter.email);
      // The winner's members also get their personal congratulations (notifications/moments.service.ts).
      const mail = t.sink.mailsTo(submitter.email).find((m) => !m.subject.startsWith('Gefeliciteerd'))!;
      expect(mail.subject).toBe('Winnaar Innovatieprijs 2027 bekend');
      expect(mail.text).toContain('Gemeente Appeldorp met ‘Slim inkopen’');
      expect(mail.text).toContain('http://127.0.0.1/edities/2027/winnaar');
    }
    expect(t.sink.mailsTo(jurors.anna.email)).toHaveLength(0);
  });

  it('makes the winner page public: winner, summary, motivation, nominees; no summary without consent', async () => {
    const res = await request(t.app).get('/edities/2027/winnaar').expect(200);
    expect(res.text).not.toContain('Voorbeeld');
    expect(res.text).toContain('Gemeente Appeldorp');
    expect(res.text).toContain('Samen inkopen bespaart tijd.');
    expect(res.text).toContain('Slim inkopen laat zien hoe gemeenten samen sneller en beter inkopen.');
    expect(res.text).toContain('SSC Centrum');
    expect(res.text).not.toContain('Geheim plan.');
    expect(res.text).toContain('Eervolle vermeldingen');
    expect(res.text).not.toContain('80,00');
  });

  it('links the call page and the archive to the winner, the current edition included once announced', async () => {
    const call = await request(t.app).get('/edities/2027').expect(200);
    expect(call.text).toContain('href="/edities/2027/winnaar"');
    const archive = await request(t.app).get('/archief').expect(200);
    expect(archive.text).toContain('Gemeente Appeldorp: Slim inkopen');
  });

  it('keeps the organiser pages hidden from everyone else, and announces only once', async () => {
    await request(t.app).get(`${base()}/results`).expect(404);
    await request(t.app).get(`${base()}/results.csv`).expect(404);
    const again = await organiser.submit(`${base()}/results`, `${base()}/announce`, { mailEntrants: '1' });
    expect(again.status).toBe(409);
    expect(await t.db('audit_events').where({ action: 'result.announce' })).toHaveLength(1);
    expect(await t.db('audit_events').where({ action: 'result.mail_entrants' })).toHaveLength(1);
  });

  it('prints the decision in the jury report, with the jurors’ comments but not their names', async () => {
    const res = await organiser.get(`${base()}/jury-report.pdf`).buffer(true).parse(binary).expect(200);
    const text = pdfText(res.body as Buffer);
    // The nominees' own pages (profile and comments) follow the summary.
    const at = text.indexOf('Profiel per criterium');
    const [before, comments] = [text.slice(0, at), text.slice(at)];
    expect(before).toContain('Anna Aalders');
    // By rank: Slim inkopen 1st, Robots buiten 2nd.
    expect(before).toMatch(
      /Genomineerden\s+• Plaats 1: Gemeente Appeldorp: Slim inkopen \(2027-001\)\s+• Plaats 2: SSC Centrum: Robots buiten/,
    );
    expect(before).toContain('Gemeente Appeldorp: Slim inkopen');
    expect(before).toContain('Slim inkopen laat zien hoe gemeenten samen sneller en beter inkopen.');
    expect(comments).toContain('Sterk en overdraagbaar.');
    expect(comments).toContain('De beste van dit jaar.');
    expect(comments).toContain('Innovatiekracht: Echt vernieuwend.');
    for (const name of ['Anna', 'Bram', 'Carla', 'Dirk']) expect(comments).not.toContain(name);
  });

  it('freezes the shortlist and the decision once announced', async () => {
    const nominate = await organiser.submit(
      `${base()}/results`,
      `${base()}/results/entries/${entries.d.entry.id}/nomination`,
      { kind: 'nominee' },
    );
    expect(nominate.status).toBe(422);
    const decide = await organiser.submit(`${base()}/results`, `${base()}/results/decision`, {
      winnerEntryId: String(entries.c.entry.id),
      usedAggregation: 'mean',
      motivation: 'Toch anders.',
    });
    expect(decide.status).toBe(422);
    expect((await t.db('result_decisions').first()).winner_entry_id).toBe(entries.a.entry.id);
  });
});
