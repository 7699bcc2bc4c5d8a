/**
 * The calibrated method as the edition's fixed method (issue #12): chosen in the edition form before scoring, locked
 * by the first score like the other rules, used by the ranking, recorded with the decision (the check constraint of
 * result_decisions allows it since migration 20261208120100) and named by the page, the CSV and the jury report.
 */
import { findEdition } from '../../../src/editions/edition.repo';
import { postEditionForm as postEditionFormAs } from '../../helpers/editions';
import type { Criterion, Edition } from '../../../src/editions/edition.types';
import type { Entry } from '../../../src/entries/entry.types';
import { loggedIn, type Browser } from '../../helpers/agent';
import { createUser, type TestUser } from '../../helpers/factories';
import {
  assign,
  createJudgingEdition,
  createJuror,
  createJuryEntry,
  scoreForm,
  setPhase,
} from '../../helpers/jury';
import { binary, pdfText, rankingFromPage } from '../../helpers/results-parse';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let admin: TestUser;
let organiser: Browser;
let edition: Edition;
let criteria: Criterion[];
const entries: Entry[] = [];
const jurors: TestUser[] = [];

const base = () => `/admin/editions/${edition.id}`;

const postEditionForm = (changes: Record<string, string>) =>
  postEditionFormAs(t, organiser, edition.id, changes);

/** A juror's final sheet through the scoring route: `value` on every criterion (scale 0–10: weighted 10 × value). */
async function score(juror: TestUser, entry: Entry, value: number) {
  const session = await loggedIn(t.app, juror);
  const path = `/jury/entries/${entry.id}/score`;
  const res = await session.submit(
    path,
    path,
    scoreForm(
      criteria,
      criteria.map(() => value),
      { action: 'final', motivation: 'Afgewogen oordeel.' },
    ),
  );
  expect(res.status).toBe(303);
}

beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-02T09:00:00Z') });
  admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  organiser = await loggedIn(t.app, admin);
  let categoryId: number;
  ({ edition, criteria, categoryId } = await createJudgingEdition(t, {
    scaleMin: 0,
    scaleMax: 10,
    minScores: 1,
  }));
  for (const title of ['Slim inkopen', 'Digitale balie', 'Robots buiten'])
    entries.push((await createJuryEntry(t, { edition, categoryId, title })).entry);
  for (const name of ['Anna Aalders', 'Bram Bos', 'Carla Claes'])
    jurors.push(await createJuror(t, { edition, name, invitedBy: admin }));
});

afterAll(async () => {
  await t.close();
});

describe('the calibrated method as the fixed method', () => {
  it('is offered by the edition form and chosen before scoring without a reason', async () => {
    const form = await organiser.get(`${base()}/edit`).expect(200);
    expect(form.text).toContain('<option value="calibrated"');
    expect(form.text).toContain('Gekalibreerd');
    const res = await postEditionForm({ aggregation: 'calibrated' });
    expect(res.status).toBe(303);
    expect((await findEdition(t.db, edition.id))!.aggregation).toBe('calibrated');
  });

  it('locks at the first score: a change back needs a reason', async () => {
    // Anna scores A and B, Bram (5 points stricter) B and C, Carla (lenient) only A: a partial design.
    //   Anna  A 8  B 7;   Bram  B 6  C 5;   Carla  A 10.
    const [a, b, c] = entries as [Entry, Entry, Entry];
    const [anna, bram, carla] = jurors as [TestUser, TestUser, TestUser];
    await assign(t, edition, [
      [anna, a],
      [anna, b],
      [bram, b],
      [bram, c],
      [carla, a],
    ]);
    await score(anna, a, 8);
    expect((await findEdition(t.db, edition.id))!.criteriaLockedAt).not.toBeNull();
    await score(anna, b, 7);
    await score(bram, b, 6);
    await score(bram, c, 5);
    await score(carla, a, 10);

    const refused = await postEditionForm({ aggregation: 'mean' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Geef een reden');
    expect((await findEdition(t.db, edition.id))!.aggregation).toBe('calibrated');
  });

  it('ranks under the calibrated method and says so on the results page', async () => {
    await setPhase(t, edition, 'deliberation');
    const page = await organiser.get(`${base()}/results`).expect(200);
    expect(page.text).toContain('Berekening, vooraf vastgelegd: Gekalibreerd.');
    // Weighted scores 80/70 (Anna), 60/50 (Bram), 100 (Carla); the design is a chain, so the fit is exact.
    // Anna and Bram share B: Anna is 10 above Bram; Carla shares A with Anna: Carla is 20 above Anna.
    // b_Anna = b, b_Bram = b − 10, b_Carla = b + 20, offsets summing to 0 → 3b + 10 = 0, b = −10/3.
    // A = 80 − b = 83.33, B = 70 − b = 73.33, C = 50 − (b − 10) = 63.33 (the mean would say A 90, B 65, C 50).
    const ranking = rankingFromPage(page.text);
    expect(ranking.map((row) => [row.entryId, row.rank, row.score])).toEqual([
      [entries[0]!.id, 1, 83.33],
      [entries[1]!.id, 2, 73.33],
      [entries[2]!.id, 3, 63.33],
    ]);
    expect(page.text).toMatch(/data-col="calibrated">83,33/);
  });

  it('records the decision under the calibrated method', async () => {
    const a = entries[0]!;
    await organiser.submit(
      `${base()}/results/entries/${a.id}`,
      `${base()}/results/entries/${a.id}/nomination`,
      { kind: 'nominee' },
    );
    const res = await organiser.submit(`${base()}/results`, `${base()}/results/decision`, {
      winnerEntryId: String(a.id),
      motivation: 'Overtuigend, ook na correctie voor mildheid.',
    });
    expect(res.status).toBe(303);
    const decision = await t.db('result_decisions').where({ edition_id: edition.id }).first();
    expect(decision).toMatchObject({ winner_entry_id: a.id, aggregation: 'calibrated' });
    const audit = await t.db('audit_events').where({ action: 'result.decide' }).orderBy('id').first();
    expect(JSON.parse(String(audit.after_json))).toMatchObject({ aggregation: 'calibrated' });
  });

  it('names the method in the CSV and the jury report', async () => {
    const csv = await organiser.get(`${base()}/results.csv`).expect(200);
    expect(csv.text).toContain('"Score (Gekalibreerd)"');
    const pdf = await organiser.get(`${base()}/jury-report.pdf`).buffer(true).parse(binary).expect(200);
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Berekening van de ranglijst: Gekalibreerd.');
  });
});
