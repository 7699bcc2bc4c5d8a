/**
 * Every change to the ranking after scoring closed is shown and audited (issue #12): an organiser who adds or lifts
 * a conflict once scoring closed changes which sheets count, so what it moved is computed in the same transaction
 * (results/moves.ts, as for accepted late conflicts), kept with the decision, shown on the results page with the
 * reason, and put in the audit event.
 */
import { findEdition } from '../../../src/editions/edition.repo';
import { editionFormValues } from '../../../src/editions/edition.pages';
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
import { rankingFromPage } from '../../helpers/results-parse';
import { makeTestApp, type TestApp } from '../../helpers/test-app';

let t: TestApp;
let admin: TestUser;
let organiser: Browser;
let edition: Edition;
let criteria: Criterion[];
const entries: Record<'x' | 'y', Entry> = {} as never;
const jurors: Record<'anna' | 'bram' | 'carla', TestUser> = {} as never;

const base = () => `/admin/editions/${edition.id}`;
/** The edition form as stored, as a browser would post it, with `changes`. */
async function postEditionForm(changes: Record<string, string>) {
  const stored = (await findEdition(t.db, edition.id))!;
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(editionFormValues(stored))) {
    if (value === false || value === null || value === undefined) continue;
    if (value === true) fields[key] = 'on';
    else if (Array.isArray(value)) fields[key] = value.map(String);
    else if (typeof value === 'object') continue;
    else fields[key] = String(value);
  }
  return organiser.submit(`${base()}/edit`, `${base()}/edit`, { ...fields, ...changes });
}

const decisions = () => t.db('conflict_decisions').where({ edition_id: edition.id }).orderBy('id');

// Scale 0–10, weighted = 10 × value.   Anna  Bram  Carla   mean
//   X Slim inkopen                      60   100    60     73.33   (without Bram's sheet on X: 60)
//   Y Digitale balie                    70    40    90     66.67   → Bram's sheet on X decides the winner
beforeAll(async () => {
  t = await makeTestApp({ now: new Date('2027-11-20T10:00:00Z') });
  admin = await createUser(t.db, { role: 'admin', name: 'Olga Organisator' });
  organiser = await loggedIn(t.app, admin);
  const made = await createResultsEdition(t, { year: 2027, phase: 'deliberation' });
  ({ edition, criteria } = made);
  const make = (title: string, organisationName: string) =>
    createRankedEntry(t, { edition, categoryId: made.categoryId, title, organisationName });
  entries.x = (await make('Slim inkopen', 'Appeldorp')).entry;
  entries.y = (await make('Digitale balie', 'Berkel')).entry;
  jurors.anna = await createSeatedJuror(t, { edition, name: 'Anna Aalders', invitedBy: admin });
  jurors.bram = await createSeatedJuror(t, { edition, name: 'Bram Bos', invitedBy: admin });
  jurors.carla = await createSeatedJuror(t, { edition, name: 'Carla Claes', invitedBy: admin });
  const sheet = (juror: TestUser, entry: Entry, values: number) =>
    writeSheet(t, { edition, criteria, juror, entry, values });
  await sheet(jurors.anna, entries.x, 6);
  await sheet(jurors.bram, entries.x, 10);
  await sheet(jurors.carla, entries.x, 6);
  await sheet(jurors.anna, entries.y, 7);
  await sheet(jurors.bram, entries.y, 4);
  await sheet(jurors.carla, entries.y, 9);
});

afterAll(async () => {
  await t.close();
});

describe('an organiser’s conflict decision after scoring closed', () => {
  it('adding one shows what moved and why on the results page, kept with the decision and audited', async () => {
    const page = `${base()}/conflicts`;
    const res = await organiser.submit(page, page, {
      jurorId: String(jurors.bram.id),
      entryId: String(entries.x.id),
      reason: 'Bram bleek adviseur van het project.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}/results?notice=rankingChanged#ranking-changes`);

    // Without Bram's sheet X falls to 60 and Y (66.67) wins.
    const moves = {
      winnerBefore: entries.x.id,
      winnerAfter: entries.y.id,
      moved: [
        { entryId: entries.x.id, before: 1, after: 2 },
        { entryId: entries.y.id, before: 2, after: 1 },
      ],
    };
    const [added] = await decisions();
    expect(added).toMatchObject({ kind: 'organiser_added', juror_user_id: jurors.bram.id });
    expect(JSON.parse(String(added.moves_json))).toEqual(moves);
    const audit = await t.db('audit_events').where({ action: 'conflict.add', subject_id: entries.x.id });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(String(audit[0].after_json))).toMatchObject({ conflicted: true, moves });
    expect(audit[0].reason).toBe('Bram bleek adviseur van het project.');

    const results = await organiser.get(`${base()}/results?notice=rankingChanged`).expect(200);
    expect(results.text).toContain('wat er in de ranglijst verschoof staat hieronder');
    expect(rankingFromPage(results.text).map((row) => [row.entryId, row.rank])).toEqual([
      [entries.y.id, 1],
      [entries.x.id, 2],
    ]);
    const section = results.text.slice(results.text.indexOf('id="ranking-changes"'));
    expect(section).toContain('Wijzigingen in de ranglijst na de beoordeling');
    expect(section).toMatch(
      /Olga Organisator voegde op .+ een belangenconflict toe voor Bram Bos bij \d{4}-\d{3} Slim inkopen/,
    );
    expect(section).toContain('Reden: Bram bleek adviseur van het project.');
    expect(section).toMatch(
      /De berekende winnaar veranderde van \d{4}-\d{3} Slim inkopen naar \d{4}-\d{3} Digitale balie/,
    );
    expect(section).toMatch(/\d{4}-\d{3} Slim inkopen: plaats 1 → 2/);
  });

  it('lifting it again moves the ranking back, shown and audited the same way', async () => {
    const path = `${base()}/conflicts/${jurors.bram.id}/${entries.x.id}`;
    const res = await organiser.submit(path, path, {
      decision: 'lift',
      reason: 'Het adviseurschap eindigde voor de inzending.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}/results?notice=rankingChanged#ranking-changes`);
    const [, lifted] = await decisions();
    expect(lifted).toMatchObject({ kind: 'organiser_lifted' });
    expect(JSON.parse(String(lifted.moves_json))).toEqual({
      winnerBefore: entries.y.id,
      winnerAfter: entries.x.id,
      moved: [
        { entryId: entries.y.id, before: 1, after: 2 },
        { entryId: entries.x.id, before: 2, after: 1 },
      ],
    });
    const audit = await t.db('audit_events').where({ action: 'conflict.lift', subject_id: entries.x.id });
    expect(JSON.parse(String(audit[0].after_json)).moves.winnerAfter).toBe(entries.x.id);

    const results = await organiser.get(`${base()}/results`).expect(200);
    const section = results.text.slice(results.text.indexOf('id="ranking-changes"'));
    expect(section.match(/data-change-id=/g)).toHaveLength(2);
    expect(section).toMatch(/Olga Organisator hief op .+ het belangenconflict op van Bram Bos/);
    expect(section).toContain('Reden: Het adviseurschap eindigde voor de inzending.');
  });

  it('a decision that moves nothing still says so', async () => {
    // Carla on Y: without her 90, Y = (70 + 40) / 2 = 55 < X 73.33: the order stays X, Y.
    const page = `${base()}/conflicts`;
    const res = await organiser.submit(page, page, {
      jurorId: String(jurors.carla.id),
      entryId: String(entries.y.id),
      reason: 'Carla is familie van de projectleider.',
    });
    expect(res.headers.location).toBe(`${base()}/results?notice=rankingChanged#ranking-changes`);
    const [, , added] = await decisions();
    expect(JSON.parse(String(added.moves_json))).toEqual({
      winnerBefore: entries.x.id,
      winnerAfter: entries.x.id,
      moved: [],
    });
    const results = await organiser.get(`${base()}/results`).expect(200);
    expect(results.text).toContain('Er verschoof niets in de ranglijst.');
  });

  it('a change of the minimum after scoring closed shows what it moved, kept with the change and audited', async () => {
    // Now X has Anna, Bram, Carla (3 sheets), Y has Anna and Bram (Carla conflicted): a minimum of 3 takes Y out.
    await t.db('editions').where({ id: edition.id }).update({ criteria_locked_at: t.clock.now() });
    const res = await postEditionForm({
      minScores: '3',
      rulesChangeReason: 'De jury besloot vooraf tot drie beoordelingen; dat was niet ingevuld.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base()}/results?notice=rankingChanged#ranking-changes`);
    const moves = {
      winnerBefore: entries.x.id,
      winnerAfter: entries.x.id,
      moved: [{ entryId: entries.y.id, before: 2, after: null }],
    };
    const [change] = await t.db('edition_rule_changes').where({ edition_id: edition.id });
    expect(change).toMatchObject({ field: 'minScores', before_value: '1', after_value: '3' });
    expect(JSON.parse(String(change.moves_json))).toEqual(moves);
    const audit = await t.db('audit_events').where({ action: 'edition.rules_change' });
    expect(JSON.parse(String(audit[0].after_json))).toEqual({ minScores: '3', moves });

    const results = await organiser.get(`${base()}/results`).expect(200);
    const section = results.text.slice(results.text.indexOf('id="ranking-changes"'));
    expect(section.match(/data-change-id=/g)).toHaveLength(4);
    expect(section).toMatch(/Olga Organisator wijzigde op .+: minimaal aantal beoordelingen van 1 naar 3\./);
    expect(section).toContain('Reden: De jury besloot vooraf tot drie beoordelingen; dat was niet ingevuld.');
    expect(section).toMatch(/\d{4}-\d{3} Digitale balie: plaats 2 → geen \(te weinig beoordelingen\)/);
  });
});
