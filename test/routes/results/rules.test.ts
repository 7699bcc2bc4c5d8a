/**
 * Rules fixed in advance (issue #12): the aggregation and the minimum number of scores lock when scoring starts, a
 * change after that needs a reason and is recorded; entries under the minimum are shown apart and cannot win; the
 * assignment page warns for entries that cannot reach the minimum, naming the conflicts.
 */
import { findEdition } from '../../../src/editions/edition.repo';
import { postEditionForm as postEditionFormAs } from '../../helpers/editions';
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import {
  addConflict,
  createRankedEntry,
  createResultsEdition,
  createSeatedJuror,
  writeSheet,
} from '../../helpers/results';
import { binary, pdfText, rankingFromPage } from '../../helpers/results-parse';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let admin: TestUser;
let organiser: Browser;
let edition: Edition;
let criteria: Criterion[];
const entries: Record<'a' | 'b' | 'c', Entry> = {} as never;
const jurors: TestUser[] = [];

const base = () => `/admin/editions/${edition.id}`;

const postEditionForm = (changes: Record<string, string>) =>
  postEditionFormAs(t, organiser, edition.id, changes);

const ruleChanges = () => t.db('edition_rule_changes').where({ edition_id: edition.id }).orderBy('id');
const auditOf = (action: string) => t.db('audit_events').where({ action }).orderBy('id');

// Scale 0–10, the same value on every criterion: weighted = 10 × value. Minimum 2 scores.
//          J1   J2   J3
//   A      70   80   60     mean 70
//   B      90               mean 90, one score: shown apart, cannot win
//   C      50   60          mean 55
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  organiser = await loggedIn(t.app, admin);
  const made = await createResultsEdition(t, { year: 2027 });
  ({ edition, criteria } = made);
  const make = (title: string, organisationName: string) =>
    createRankedEntry(t, { edition, categoryId: made.categoryId, title, organisationName });
  entries.a = (await make('Slim inkopen', 'Gemeente Appeldorp')).entry;
  entries.b = (await make('Digitale balie', 'Gemeente Berkel')).entry;
  entries.c = (await make('Robots buiten', 'Gemeente Centrum')).entry;
  for (const name of ['Anna Aalders', 'Bram Bos', 'Carla Claes'])
    jurors.push(await createSeatedJuror(t, { edition, name, invitedBy: admin }));
});

afterAll(async () => {
  await t.close();
});

describe('rules fixed in advance', () => {
  it('are free before scoring starts, and need no reason', async () => {
    const res = await postEditionForm({ aggregation: 'median', minScores: '2' });
    expect(res.status).toBe(303);
    expect(await findEdition(t.db, edition.id)).toMatchObject({ aggregation: 'median', minScores: 2 });
    expect(await ruleChanges()).toHaveLength(0);
  });

  it('refuses a minimum that is not a whole number from 1 to 50 (422, nothing stored)', async () => {
    const res = await postEditionForm({ minScores: '0' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vul een heel getal in van 1 tot en met 50');
    expect((await findEdition(t.db, edition.id))!.minScores).toBe(2);
  });

  it('lock once scoring starts: a change without a reason is refused (422) and nothing is stored', async () => {
    const sheet = (juror: number, entry: Entry, value: number) =>
      writeSheet(t, { edition, criteria, juror: jurors[juror]!, entry, values: value });
    await sheet(0, entries.a, 7);
    await sheet(1, entries.a, 8);
    await sheet(2, entries.a, 6);
    await sheet(0, entries.b, 9);
    await sheet(0, entries.c, 5);
    await sheet(1, entries.c, 6);
    await t.db('editions').where({ id: edition.id }).update({ criteria_locked_at: t.clock.now() });

    const form = await organiser.get(`${base()}/edit`).expect(200);
    expect(form.text).toContain('name="rulesChangeReason"');
    const res = await postEditionForm({ aggregation: 'borda' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Geef een reden');
    expect((await findEdition(t.db, edition.id))!.aggregation).toBe('median');
    expect(await ruleChanges()).toHaveLength(0);
  });

  it('accept a change with a reason: recorded, audited, and the rest of the form saves as before', async () => {
    const res = await postEditionForm({
      aggregation: 'mean',
      rulesChangeReason: 'De jury koos vooraf het gemiddelde; de mediaan was een vergissing.',
    });
    expect(res.status).toBe(303);
    expect((await findEdition(t.db, edition.id))!.aggregation).toBe('mean');
    const rows = await ruleChanges();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      field: 'aggregation',
      before_value: 'median',
      after_value: 'mean',
      reason: 'De jury koos vooraf het gemiddelde; de mediaan was een vergissing.',
      changed_by_user_id: admin.id,
    });
    const audit = await auditOf('edition.rules_change');
    expect(audit).toHaveLength(1);
    // Scoring had closed (deliberation): the audit also says what the change moved (here: nothing).
    expect(JSON.parse(String(audit[0].after_json))).toEqual({
      aggregation: 'mean',
      moves: { winnerBefore: entries.a.id, winnerAfter: entries.a.id, moved: [] },
    });
    expect(audit[0].reason).toContain('De jury koos vooraf');
    // Saving the form again without touching the rules needs no reason.
    expect((await postEditionForm({ name: 'Innovatieprijs 2027 (herzien)' })).status).toBe(303);
    expect(await ruleChanges()).toHaveLength(1);
  });

  it('prints the method, the minimum and every change with its reason in the jury report', async () => {
    const res = await organiser.get(`${base()}/jury-report.pdf`).buffer(true).parse(binary).expect(200);
    const text = pdfText(res.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Minimaal aantal beoordelingen per inzending: 2, vooraf vastgelegd.');
    expect(text).toContain('berekening van Mediaan naar Gemiddelde.');
    expect(text).toContain('Reden: De jury koos vooraf het gemiddelde; de mediaan was een vergissing.');
  });

  it('the results page shows the fixed method; asking for another one changes nothing', async () => {
    const page = await organiser.get(`${base()}/results?aggregation=borda`).expect(200);
    expect(page.text).toContain('Berekening, vooraf vastgelegd: Gemiddelde.');
    expect(page.text).not.toContain('name="aggregation"');
    expect(page.text).not.toContain('name="usedAggregation"');
    // Anna scored A and C, Bram A and C, Carla only A: partial coverage, said plainly, with the calibrated column.
    expect(page.text).toContain('Niet elk jurylid beoordeelde elke inzending (dekking 83');
    expect(page.text).toContain(
      'De gekalibreerde berekening, de z-score en Borda houden er wel rekening mee.',
    );
    expect(page.text).toMatch(/data-col="calibrated">\d+,\d\d/);
    const ranking = rankingFromPage(page.text);
    expect(ranking.map((row) => [row.entryId, row.rank])).toEqual([
      [entries.a.id, 1],
      [entries.c.id, 2],
      [entries.b.id, null],
    ]);
  });

  it('shows an entry under the minimum apart, and it cannot be recorded as the winner', async () => {
    const page = await organiser.get(`${base()}/results`).expect(200);
    expect(page.text).toContain('Te weinig beoordelingen (1 van minimaal 2); kan niet winnen');
    // Carla scored only A among the ranked entries: left out of z-score and Borda, with a note.
    expect(page.text).toContain('Carla Claes: beoordeelde maar één inzending');
    await organiser.submit(
      `${base()}/results/entries/${entries.b.id}`,
      `${base()}/results/entries/${entries.b.id}/nomination`,
      { kind: 'nominee' },
    );
    const res = await organiser.submit(`${base()}/results`, `${base()}/results/decision`, {
      winnerEntryId: String(entries.b.id),
      motivation: 'De hoogste score.',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Deze inzending heeft te weinig beoordelingen en kan niet winnen');
    expect(await t.db('result_decisions').where({ edition_id: edition.id })).toHaveLength(0);
  });

  it('records the winner under the fixed method', async () => {
    await organiser.submit(
      `${base()}/results/entries/${entries.a.id}`,
      `${base()}/results/entries/${entries.a.id}/nomination`,
      { kind: 'nominee' },
    );
    const res = await organiser.submit(`${base()}/results`, `${base()}/results/decision`, {
      winnerEntryId: String(entries.a.id),
      motivation: 'Overtuigend.',
      usedAggregation: 'zscore',
    });
    expect(res.status).toBe(303);
    const decision = await t.db('result_decisions').where({ edition_id: edition.id }).first();
    expect(decision).toMatchObject({ winner_entry_id: entries.a.id, aggregation: 'mean' });
  });
});

describe('the assignment warns for entries that cannot reach the minimum', () => {
  it('names the entry and the conflicts that cause it', async () => {
    await t.db('editions').where({ id: edition.id }).update({ min_scores: 3 });
    await addConflict(t, { edition, juror: jurors[1]!, entry: entries.c, decidedBy: admin });
    const page = await organiser.get(`${base()}/assignment`).expect(200);
    const warning = page.text.slice(
      page.text.indexOf('id="below-minimum"'),
      page.text.indexOf('Inzendingen met te weinig juryleden'),
    );
    expect(warning).toContain('Robots buiten');
    expect(warning).toContain('2 van de minimaal 3 juryleden mogen beoordelen');
    expect(warning).toContain('Bram Bos');
    expect(warning).toContain('Bleek adviseur van het project');
    expect(warning).not.toContain('Slim inkopen');
  });

  it('says nothing when every entry can reach it', async () => {
    await t.db('editions').where({ id: edition.id }).update({ min_scores: 2 });
    const page = await organiser.get(`${base()}/assignment`).expect(200);
    expect(page.text).not.toContain('id="below-minimum"');
  });
});
